#include "core/domain/case.hpp"

#include <array>
#include <cctype>

#include "core/domain/enum_names.hpp"

namespace hallq::domain {
namespace {
constexpr std::array<std::string_view, 10> kCaseStates = {
    "received",          "supplement_requested", "accepted",  "handed_over",       "returned_approved",
    "returned_rejected", "ready_for_pickup",     "picked_up", "decided_at_window", "withdrawn"};
constexpr std::array<std::string_view, 4> kMaterialStates = {"pending", "original", "copy", "missing"};
constexpr std::array<std::string_view, 3> kHandoverStates = {"created", "received", "returned"};
}  // namespace

std::string_view to_string(CaseState s) {
  return kCaseStates[static_cast<std::size_t>(s)];
}
std::optional<CaseState> case_state_from_string(std::string_view s) {
  return from_names<CaseState>(kCaseStates, s);
}
bool ended(CaseState s) {
  return s == CaseState::picked_up || s == CaseState::decided_at_window || s == CaseState::withdrawn;
}

std::string_view to_string(MaterialState s) {
  return kMaterialStates[static_cast<std::size_t>(s)];
}
std::optional<MaterialState> material_state_from_string(std::string_view s) {
  return from_names<MaterialState>(kMaterialStates, s);
}

std::string_view to_string(HandoverState s) {
  return kHandoverStates[static_cast<std::size_t>(s)];
}
std::optional<HandoverState> handover_state_from_string(std::string_view s) {
  return from_names<HandoverState>(kHandoverStates, s);
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() == 11) return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
  if (phone.size() <= 4) return std::string(phone.size(), '*');
  return std::string(phone.size() - 4, '*') + std::string(phone.substr(phone.size() - 4));
}

bool valid_phone(std::string_view phone) {
  if (phone.size() != 11 || phone[0] != '1') return false;
  for (char c : phone)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace hallq::domain
