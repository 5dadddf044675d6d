#include "core/net/endpoint.hpp"

#include <charconv>

namespace hallq::net {

std::string HostPort::str() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<HostPort> parse_host_port(std::string_view text, std::uint16_t default_port) {
  HostPort out;
  out.port = default_port;
  std::string_view port_text;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return std::nullopt;
      port_text = rest.substr(1);
    }
  } else {
    auto colon = text.rfind(':');
    if (colon != std::string_view::npos) {
      if (text.find(':') != colon) return std::nullopt;  // bare IPv6 needs brackets
      port_text = text.substr(colon + 1);
      text = text.substr(0, colon);
    }
    out.host = std::string(text);
  }
  if (out.host.empty()) return std::nullopt;
  if (port_text.data() != nullptr) {
    unsigned v = 0;
    auto r = std::from_chars(port_text.data(), port_text.data() + port_text.size(), v);
    if (port_text.empty() || r.ec != std::errc{} || r.ptr != port_text.data() + port_text.size() || v > 65535)
      return std::nullopt;
    out.port = static_cast<std::uint16_t>(v);
  }
  return out;
}

}  // namespace hallq::net
