#include "kiosk/cases.hpp"

#include <cctype>

namespace hallq::kiosk {

std::optional<std::string> normalize_case_number(std::string_view typed) {
  std::string prefix, digits;
  for (char ch : typed) {
    auto c = static_cast<unsigned char>(ch);
    if (ch == '-' || ch == ' ') continue;
    if (std::isalpha(c)) {
      if (!digits.empty() || prefix.size() >= 4) return std::nullopt;  // letters come first only
      prefix.push_back(static_cast<char>(std::toupper(c)));
    } else if (std::isdigit(c)) {
      digits.push_back(ch);
    } else {
      return std::nullopt;
    }
  }
  if (prefix.empty() || digits.size() < 9 || digits.size() > 14) return std::nullopt;
  std::string date = digits.substr(0, 8), seq = digits.substr(8);
  int month = std::stoi(date.substr(4, 2)), day = std::stoi(date.substr(6, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  // The server writes at least four digits: "12" is 0012.
  if (seq.size() < 4) seq.insert(0, 4 - seq.size(), '0');
  return prefix + "-" + date + "-" + seq;
}

protocol::CaseInfo shown_case(const protocol::CaseInfo& c) {
  protocol::CaseInfo v;
  v.number = c.number;
  v.service = c.service;
  v.state = c.state;
  v.name_masked = c.name_masked;
  v.id_masked = c.id_masked;
  v.due = c.due;
  v.overdue = c.overdue;
  v.ready_at = c.ready_at;
  v.picked_up_at = c.picked_up_at;
  v.pickup_ticket = c.pickup_ticket;
  v.received_at = c.received_at;
  v.updated_at = c.updated_at;
  if (c.state == protocol::CaseState::supplement_requested)  // its page names what to bring back
    for (const auto& m : c.materials)
      if (m.state == protocol::MaterialState::missing) v.materials.push_back(m);
  return v;
}

std::vector<protocol::CaseInfo> ready_cases(const std::vector<protocol::CaseInfo>& cases) {
  std::vector<protocol::CaseInfo> out;
  for (const auto& c : cases)
    if (c.state == protocol::CaseState::ready_for_pickup) out.push_back(c);
  return out;
}

CaseDate case_date(const protocol::CaseInfo& c) {
  using S = protocol::CaseState;
  auto day = [](const std::optional<std::string>& iso) { return iso ? iso->substr(0, 10) : std::string(); };
  switch (c.state) {
    case S::ready_for_pickup:
      return c.ready_at ? CaseDate{"ready_on", day(c.ready_at)} : CaseDate{};
    case S::picked_up:
      return c.picked_up_at ? CaseDate{"picked_on", day(c.picked_up_at)} : CaseDate{};
    case S::received:
    case S::supplement_requested:
      return c.due ? CaseDate{"due", *c.due} : CaseDate{"no_due", {}};
    case S::accepted:
    case S::handed_over:
      return c.due ? CaseDate{"due", *c.due} : CaseDate{};
    case S::returned_approved:  // decided: a promised date is no news any more (returned_hint says what next)
    case S::returned_rejected:
    case S::decided_at_window:
    case S::withdrawn:
      return {};
  }
  return {};
}

}  // namespace hallq::kiosk
