#include "core/config/address_range.hpp"

#include <string>

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

namespace hallq::config {

std::optional<AddressRange> address_range(std::string_view text) {
  namespace ip = boost::asio::ip;
  std::string s(text);
  auto slash = s.find('/');
  boost::system::error_code ec;
  ip::address a = ip::make_address(s.substr(0, slash), ec);
  if (ec) return std::nullopt;
  int max = a.is_v4() ? 32 : 128;
  int bits = max;
  if (slash != std::string::npos) {
    std::string n = s.substr(slash + 1);
    if (n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    bits = std::stoi(n);
    if (bits > max) return std::nullopt;
  }
  return AddressRange{a, bits};
}

bool AddressRange::contains(const boost::asio::ip::address& a) const {
  namespace ip = boost::asio::ip;
  ip::address x = a;
  if (x.is_v6() && x.to_v6().is_v4_mapped()) x = ip::make_address_v4(ip::v4_mapped, x.to_v6());
  if (x.is_v4() != network.is_v4()) return false;
  if (x.is_v4())
    return ip::network_v4(x.to_v4(), 32).is_subnet_of(ip::network_v4(network.to_v4(), prefix).canonical()) ||
           (prefix == 32 && x == network);
  return ip::network_v6(x.to_v6(), 128).is_subnet_of(ip::network_v6(network.to_v6(), prefix).canonical()) ||
         (prefix == 128 && x == network);
}

}  // namespace hallq::config
