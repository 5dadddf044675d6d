#pragma once
// "HOST:PORT" parsing for --listen and --server flags. IPv6 hosts go in
// brackets: "[::1]:7700". A missing port means the default.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hallq::net {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  std::string str() const;
};

// nullopt when the text is not HOST, HOST:PORT or [V6]:PORT with PORT in 0..65535.
std::optional<HostPort> parse_host_port(std::string_view text, std::uint16_t default_port);

}  // namespace hallq::net
