#pragma once
// 好差评: the citizen's rating of one visit, and the follow-up (回访, 整改) a
// bad rating opens. The data the rating book (rating_book.hpp) keeps, the
// store persists and the wire shows; docs/ratings.md has the model.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/time.hpp"

namespace hallq::domain {

// The national scheme's five levels (GB/T 39734), as the platforms number them.
enum class RatingLevel {
  very_dissatisfied = 1,  // 非常不满意
  dissatisfied,           // 不满意
  basically_satisfied,    // 基本满意
  satisfied,              // 满意
  very_satisfied,         // 非常满意
};
std::string_view to_string(RatingLevel l);
std::optional<RatingLevel> rating_level_from_string(std::string_view s);
// 不满意 and 非常不满意: a reason is required, and a follow-up is opened.
inline bool bad(RatingLevel l) {
  return l <= RatingLevel::dissatisfied;
}

enum class RatingChannel { pad, phone };
std::string_view to_string(RatingChannel c);
std::optional<RatingChannel> rating_channel_from_string(std::string_view s);

// One visit's rating: a ticket finished at a window (and the case decided
// there, when there is one). `level` empty: offered and not rated.
struct Rating {
  std::int64_t id = 0;
  LocalDate day;            // the visit's hall day
  std::string ticket;       // "A012"
  std::string case_number;  // when the visit was a case
  int window = 0;
  std::string clerk;
  std::string service;
  TimePoint finished_at{};
  std::optional<RatingLevel> level;
  std::vector<std::string> reasons;  // ids from RatingRules::reasons
  RatingChannel channel = RatingChannel::pad;
  std::optional<TimePoint> rated_at;
  std::int64_t followup = 0;  // the follow-up a bad rating opened; 0: none
  bool operator==(const Rating&) const = default;
};

//   open → contacted → rectified → closed, and open | contacted → unreachable
enum class FollowupState { open, contacted, rectified, closed, unreachable };
std::string_view to_string(FollowupState s);
std::optional<FollowupState> followup_state_from_string(std::string_view s);
// closed and unreachable: nothing more is done.
bool ended(FollowupState s);
// Which step may follow which: open → contacted → rectified → closed, and open | contacted → unreachable.
bool may_follow(FollowupState from, FollowupState to);

struct FollowupNote {
  TimePoint at{};
  std::string by;  // the guide's or admin's device, or a clerk
  FollowupState state = FollowupState::open;
  std::string text;
  bool operator==(const FollowupNote&) const = default;
};

struct Followup {
  std::int64_t id = 0;
  std::int64_t rating = 0;
  FollowupState state = FollowupState::open;
  TimePoint opened_at{};
  LocalDate callback_due;  // called back by then (回访)
  LocalDate rectify_due;   // put right by then (整改)
  std::optional<TimePoint> contacted_at;
  std::optional<TimePoint> ended_at;
  // The citizen agreed to be called back: the number sealed (encrypted with
  // the hall's key by the server) and masked; both are cleared when it ends.
  std::string phone_sealed, phone_masked;
  std::vector<FollowupNote> notes;
  bool operator==(const Followup&) const = default;
};

}  // namespace hallq::domain
