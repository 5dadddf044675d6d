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

std::optional<std::string> listen_address_problem(std::string_view text) {
  std::string_view host = text, port;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return "an IPv6 address in brackets needs its \"]\"";
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && (rest[0] != ':' || rest.size() == 1)) return "is not [IPv6]:PORT";
    if (!rest.empty()) port = rest.substr(1);
  } else if (auto colon = text.rfind(':'); colon != std::string_view::npos) {
    if (text.find(':') != colon)
      return "an IPv6 address goes in brackets, the port after them: \"[::]:7700\" (all of this machine's), "
             "\"[::1]:7700\" (this machine only)";
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (port.empty()) return "has a \":\" but no port";
  }
  boost::system::error_code ec;
  if (host != "localhost") {
    boost::asio::ip::make_address(std::string(host), ec);
    if (text.empty()) return "is empty: give an address, e.g. \"0.0.0.0:7700\"";
    if (host.empty()) return "no address before the port (all of this machine's: \"0.0.0.0\")";
    if (ec) return "\"" + std::string(host) + "\" is not an IP address (nor localhost)";
  }
  if (!port.empty() && (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
                        std::stoul(std::string(port)) > 65535))
    return "the port must be a number from 0 to 65535";
  return std::nullopt;
}

}  // namespace hallq::config
