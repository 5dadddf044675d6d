#pragma once
// An address or a network ("10.1.0.0/16", "127.0.0.1", "fd00::/8"), as
// [web] staff_addresses lists them (docs/configuration.md): parsed and matched
// with Asio's address and network types.

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace hallq::config {

struct AddressRange {
  boost::asio::ip::address network;
  int prefix = 32;  // bits
  // IPv4-mapped IPv6 addresses (::ffff:10.1.2.3) count as the IPv4 they carry.
  bool contains(const boost::asio::ip::address& a) const;
};

// Nothing when `text` is not an address or a network.
std::optional<AddressRange> address_range(std::string_view text);

// A listener's own address ([server] listen, [web] listen, --listen): "IP:PORT", "[IPv6]:PORT" or
// "localhost:PORT", PORT 0 to 65535 (0: any free port; left out: the listener's default). Nothing
// when it is one; else what is wrong with it, for the message.
std::optional<std::string> listen_address_problem(std::string_view text);

}  // namespace hallq::config
