#include "core/domain/ticket.hpp"

#include "core/domain/enum_names.hpp"

#include <array>

namespace hallq::domain {
namespace {
constexpr std::array<std::string_view, 6> kStates = {"waiting", "called",      "done",
                                                     "no_show", "transferred", "cancelled"};

// Splits UTF-8 into code points (as byte ranges); invalid bytes count as one each.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + n > s.size()) n = 1;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}
}  // namespace

std::string_view to_string(TicketState s) {
  return kStates[static_cast<std::size_t>(s)];
}

std::optional<TicketState> ticket_state_from_string(std::string_view s) {
  return from_names<TicketState>(kStates, s);
}

std::string mask_name(std::string_view utf8_name) {
  auto cps = code_points(utf8_name);
  if (cps.empty()) return {};
  std::string out(cps.front());
  if (cps.size() == 1) return out;
  if (cps.size() == 2) return out + "*";
  for (std::size_t i = 1; i + 1 < cps.size(); ++i) out += "*";
  return out += cps.back();
}

}  // namespace hallq::domain
