#pragma once
// 好差评 on the wire (docs/ratings.md, docs/protocol.md "Ratings"): the
// rating of a visit, the follow-up of a bad one, and the operations — the
// window's pad rates the visit it was offered (rate), guides and admins work
// the follow-ups (followups, followup_update) and read the figures (ratings);
// a caller reads its own clerk's day (my_ratings).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"

namespace hallq::protocol {

// The national scheme's five levels; the platforms number them 1 (非常不满意) to 5 (非常满意).
enum class RatingLevel { very_dissatisfied, dissatisfied, basically_satisfied, satisfied, very_satisfied };
template <>
struct EnumNames<RatingLevel> {
  static constexpr std::array<std::string_view, 5> names{"very_dissatisfied", "dissatisfied", "basically_satisfied",
                                                         "satisfied", "very_satisfied"};
};
inline int platform_level(RatingLevel l) {
  return static_cast<int>(l) + 1;
}

enum class RatingChannel { pad, phone };
template <>
struct EnumNames<RatingChannel> {
  static constexpr std::array<std::string_view, 2> names{"pad", "phone"};
};

enum class FollowupState { open, contacted, rectified, closed, unreachable };
template <>
struct EnumNames<FollowupState> {
  static constexpr std::array<std::string_view, 5> names{"open", "contacted", "rectified", "closed", "unreachable"};
};

// One visit's rating; `level` null: offered and not rated.
struct RatingInfo {
  std::int64_t id = 0;
  std::string day;  // the visit's hall day
  std::string ticket;
  std::optional<std::string> case_number;
  int window = 0;
  std::string clerk;  // the clerk's id (staff id for the platforms), never who rated
  std::string service;
  std::string finished_at;
  std::optional<RatingLevel> level;
  std::vector<std::string> reasons;
  RatingChannel channel = RatingChannel::pad;
  std::optional<std::string> rated_at;
  std::optional<std::int64_t> followup;
  bool operator==(const RatingInfo&) const = default;
};
template <>
struct Wire<RatingInfo> {
  using T = RatingInfo;
  static constexpr auto fields = std::tuple{req("id", &T::id),
                                            req("day", &T::day),
                                            req("ticket", &T::ticket),
                                            opt("case_number", &T::case_number),
                                            opt("window", &T::window),
                                            opt("clerk", &T::clerk),
                                            opt("service", &T::service),
                                            opt("finished_at", &T::finished_at),
                                            opt("level", &T::level),
                                            opt("reasons", &T::reasons),
                                            opt("channel", &T::channel),
                                            opt("rated_at", &T::rated_at),
                                            opt("followup", &T::followup)};
};

struct RatingReply {
  RatingInfo rating;
};
template <>
struct Wire<RatingReply> {
  static constexpr auto fields = std::tuple{req("rating", &RatingReply::rating)};
};

struct FollowupNoteInfo {
  std::string at;
  std::string by;
  FollowupState state = FollowupState::open;
  std::string text;
  bool operator==(const FollowupNoteInfo&) const = default;
};
template <>
struct Wire<FollowupNoteInfo> {
  using T = FollowupNoteInfo;
  static constexpr auto fields =
      std::tuple{req("at", &T::at), opt("by", &T::by), req("state", &T::state), opt("text", &T::text)};
};

struct FollowupInfo {
  std::int64_t id = 0;
  FollowupState state = FollowupState::open;
  RatingInfo rating;
  std::string opened_at;
  std::string callback_due;  // "2026-12-01"
  std::string rectify_due;
  bool overdue = false;
  std::optional<std::string> phone_masked;  // the call-back number, masked; the full one only in `followup_phone`
  std::vector<FollowupNoteInfo> notes;
  bool operator==(const FollowupInfo&) const = default;
};
template <>
struct Wire<FollowupInfo> {
  using T = FollowupInfo;
  static constexpr auto fields = std::tuple{req("id", &T::id),
                                            req("state", &T::state),
                                            req("rating", &T::rating),
                                            opt("opened_at", &T::opened_at),
                                            opt("callback_due", &T::callback_due),
                                            opt("rectify_due", &T::rectify_due),
                                            opt("overdue", &T::overdue),
                                            opt("phone_masked", &T::phone_masked),
                                            opt("notes", &T::notes)};
};

struct FollowupReply {
  FollowupInfo followup;
};
template <>
struct Wire<FollowupReply> {
  static constexpr auto fields = std::tuple{req("followup", &FollowupReply::followup)};
};

struct FollowupsReply {
  std::vector<FollowupInfo> followups;
};
template <>
struct Wire<FollowupsReply> {
  static constexpr auto fields = std::tuple{req("followups", &FollowupsReply::followups)};
};

// rate: the pad of a window (a display bound to it) rates the visit it was
// offered. Reasons (ids of the hall's [ratings] reasons) are required for a
// bad level; `phone` is the citizen's consent to be called back (bad levels only).
struct RateRequest {
  static constexpr std::string_view kOp = "rate";
  using Reply = RatingReply;
  std::string ticket;
  RatingLevel level = RatingLevel::very_satisfied;
  std::vector<std::string> reasons;
  std::optional<std::string> phone;
};
template <>
struct Wire<RateRequest> {
  using T = RateRequest;
  static constexpr auto fields = std::tuple{req("ticket", &T::ticket), req("level", &T::level),
                                            opt("reasons", &T::reasons), opt("phone", &T::phone)};
};

// rate_phone: a rating given through the citizen's token (the QR code on the
// ticket) within RatingBook::kPhoneDays of the visit, channel `phone`; the
// same rules for levels, reasons and the call-back number as `rate`.
struct RatePhoneRequest {
  static constexpr std::string_view kOp = "rate_phone";
  using Reply = RatingReply;
  std::string token;
  RatingLevel level = RatingLevel::very_satisfied;
  std::vector<std::string> reasons;
  std::optional<std::string> phone;
};
template <>
struct Wire<RatePhoneRequest> {
  using T = RatePhoneRequest;
  static constexpr auto fields = std::tuple{req("token", &T::token), req("level", &T::level),
                                            opt("reasons", &T::reasons), opt("phone", &T::phone)};
};

// A visit the pad of `window` may rate now: in the snapshot (rating_offers)
// and pushed as the rating_offer event when a window finishes a ticket.
struct RatingOffer {
  int window = 0;
  std::string ticket;
  std::string service;
  std::optional<std::string> clerk_name;
  std::string until;     // the offer ends: the visit stays "not rated"
  std::string language;  // the citizen's at the kiosk (zh, mn, en); empty: not known
  bool operator==(const RatingOffer&) const = default;
};
template <>
struct Wire<RatingOffer> {
  using T = RatingOffer;
  static constexpr auto fields =
      std::tuple{req("window", &T::window),         req("ticket", &T::ticket), opt("service", &T::service),
                 opt("clerk_name", &T::clerk_name), req("until", &T::until),   opt("language", &T::language)};
};

// Today's 好差评 figures, for the guides' monitor (the snapshot's `ratings`
// and the ratings event).
struct RatingCounts {
  int offered = 0;                 // visits finished today
  int rated = 0;                   // of them, rated
  int satisfaction_permille = -1;  // 基本满意 or better over rated, ‰; -1: nothing rated yet
  int bad = 0;                     // 不满意 and 非常不满意 today
  int open_followups = 0;          // follow-ups not ended (any day)
  int overdue_followups = 0;       // of them, past a due date
  bool operator==(const RatingCounts&) const = default;
};
template <>
struct Wire<RatingCounts> {
  using T = RatingCounts;
  static constexpr auto fields = std::tuple{opt("offered", &T::offered),
                                            opt("rated", &T::rated),
                                            opt("satisfaction_permille", &T::satisfaction_permille),
                                            opt("bad", &T::bad),
                                            opt("open_followups", &T::open_followups),
                                            opt("overdue_followups", &T::overdue_followups)};
};

// followups: guides and admins; open ones only unless `all`.
struct FollowupsRequest {
  static constexpr std::string_view kOp = "followups";
  using Reply = FollowupsReply;
  bool all = false;
};
template <>
struct Wire<FollowupsRequest> {
  static constexpr auto fields = std::tuple{opt("all", &FollowupsRequest::all)};
};

// followup_update: the next step, with what was said or done.
struct FollowupUpdateRequest {
  static constexpr std::string_view kOp = "followup_update";
  using Reply = FollowupReply;
  std::int64_t followup = 0;  // its id
  FollowupState state = FollowupState::contacted;
  std::string note;
};
template <>
struct Wire<FollowupUpdateRequest> {
  using T = FollowupUpdateRequest;
  static constexpr auto fields =
      std::tuple{req("followup", &T::followup), req("state", &T::state), req("note", &T::note)};
};

// One row of the figures: a clerk, window, service or day, or the total.
struct RatingRowInfo {
  std::string key;  // "total", or the clerk's id, window number, service code or day
  int offered = 0;  // finished visits offered for rating
  int rated = 0;
  int participation_permille = 0;  // rated ÷ offered, ‰
  std::vector<int> levels;         // counts by level, 非常不满意 (1) … 非常满意 (5)
  int satisfaction_permille = -1;  // 基本满意 or better ÷ rated, ‰; -1: nothing rated
  int followups = 0;               // bad ratings followed up
  int followups_on_time = 0;       // called back and put right by their dates
  bool operator==(const RatingRowInfo&) const = default;
};
template <>
struct Wire<RatingRowInfo> {
  using T = RatingRowInfo;
  static constexpr auto fields = std::tuple{req("key", &T::key),
                                            opt("offered", &T::offered),
                                            opt("rated", &T::rated),
                                            opt("participation_permille", &T::participation_permille),
                                            opt("levels", &T::levels),
                                            opt("satisfaction_permille", &T::satisfaction_permille),
                                            opt("followups", &T::followups),
                                            opt("followups_on_time", &T::followups_on_time)};
};

struct RatingFiguresReply {
  std::string from, to;
  std::string by;                   // clerk, window, service, day, or total
  std::vector<RatingRowInfo> rows;  // the total first
  bool operator==(const RatingFiguresReply&) const = default;
};
template <>
struct Wire<RatingFiguresReply> {
  using T = RatingFiguresReply;
  static constexpr auto fields =
      std::tuple{req("from", &T::from), req("to", &T::to), req("by", &T::by), req("rows", &T::rows)};
};

// ratings: the figures of the days from..to (default today), grouped by clerk,
// window, service or day (default: the total only).
struct RatingFiguresRequest {
  static constexpr std::string_view kOp = "ratings";
  using Reply = RatingFiguresReply;
  std::optional<std::string> from, to, by;
};
template <>
struct Wire<RatingFiguresRequest> {
  using T = RatingFiguresRequest;
  static constexpr auto fields = std::tuple{opt("from", &T::from), opt("to", &T::to), opt("by", &T::by)};
};

struct RatingListReply {
  std::vector<RatingInfo> ratings;
};
template <>
struct Wire<RatingListReply> {
  static constexpr auto fields = std::tuple{req("ratings", &RatingListReply::ratings)};
};

// rating_list: every visit offered on the days from..to (at most 31 days), oldest first: the export.
struct RatingListRequest {
  static constexpr std::string_view kOp = "rating_list";
  using Reply = RatingListReply;
  std::string from, to;
};
template <>
struct Wire<RatingListRequest> {
  using T = RatingListRequest;
  static constexpr auto fields = std::tuple{req("from", &T::from), req("to", &T::to)};
};

// The figures of the clerk signed in at a caller's window, today: counts only,
// never a ticket or a time (nothing that tells who rated).
struct MyRatingsReply {
  std::string day;    // the hall day
  std::string clerk;  // the clerk's id
  int offered = 0;    // visits the clerk finished today
  int rated = 0;
  int participation_permille = 0;  // rated ÷ offered, ‰
  std::vector<int> levels;         // counts by level, 非常不满意 (1) … 非常满意 (5)
  int satisfaction_permille = -1;  // 基本满意 or better ÷ rated, ‰; -1: nothing rated
  bool operator==(const MyRatingsReply&) const = default;
};
template <>
struct Wire<MyRatingsReply> {
  using T = MyRatingsReply;
  static constexpr auto fields = std::tuple{req("day", &T::day),
                                            req("clerk", &T::clerk),
                                            req("offered", &T::offered),
                                            req("rated", &T::rated),
                                            req("participation_permille", &T::participation_permille),
                                            req("levels", &T::levels),
                                            req("satisfaction_permille", &T::satisfaction_permille)};
};

// my_ratings: a caller asks for the day's figures of the clerk logged in at its window.
struct MyRatingsRequest {
  static constexpr std::string_view kOp = "my_ratings";
  using Reply = MyRatingsReply;
  int window = 0;
};
template <>
struct Wire<MyRatingsRequest> {
  static constexpr auto fields = std::tuple{req("window", &MyRatingsRequest::window)};
};

}  // namespace hallq::protocol
