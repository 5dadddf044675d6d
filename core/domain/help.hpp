#pragma once
// The guides' own work (咨询导办、帮办): a kiosk's call for a guide, and the
// help desk's register of questions answered. The data the help book
// (help_book.hpp) keeps, the store persists and the wire shows; docs/web.md
// ("Help desk") and docs/protocol.md ("Help") have the model.

#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/time.hpp"

namespace hallq::domain {

// A kiosk's "呼叫帮办" (call a guide): open from the press until a guide takes it.
struct HelpRequest {
  std::int64_t id = 0;
  LocalDate day;       // the hall day it was made on
  std::string device;  // the kiosk that called
  TimePoint requested_at{};
  std::optional<TimePoint> taken_at;
  std::string taken_by;  // the device that took it (guide-1, web:g1)
  bool open() const { return !taken_at.has_value(); }
  bool operator==(const HelpRequest&) const = default;
};

// One question answered at the help desk (咨询登记).
struct HelpdeskEntry {
  std::int64_t id = 0;
  LocalDate day;
  TimePoint at{};
  std::string by;         // the device that entered it (guide-1, web:g1)
  std::string topic;      // what was asked, at most kMaxTopic characters
  std::string service;    // the hall's service it was about; empty: none
  std::string answer;     // what the citizen was told, at most kMaxAnswer characters
  bool followup = false;  // a follow-up or call-back is needed
  // The number to call back, when the citizen gave one: sealed (encrypted with
  // the hall's key by the server) and masked; both cleared once the follow-up is done.
  std::string phone_sealed, phone_masked;
  std::optional<TimePoint> done_at;  // the follow-up was done
  std::string done_by;
  std::string request_key;  // the form's key, scoped to the device ("" without one)
  bool operator==(const HelpdeskEntry&) const = default;

  static constexpr std::size_t kMaxTopic = 200;
  static constexpr std::size_t kMaxAnswer = 500;
};

}  // namespace hallq::domain
