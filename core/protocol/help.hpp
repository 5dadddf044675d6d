#pragma once
// The guides' own work on the wire (docs/protocol.md "Help"): a kiosk calls
// for a guide (help_request), a guide takes the call (help_take) and lists
// them (help_requests); the help desk's register (helpdesk_add,
// helpdesk_list, helpdesk_done) and its figures per day (help_figures).

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"

namespace hallq::protocol {

enum class HelpState { open, taken };
template <>
struct EnumNames<HelpState> {
  static constexpr std::array<std::string_view, 2> names{"open", "taken"};
};

// A kiosk's call for a guide.
struct HelpRequestInfo {
  std::int64_t id = 0;
  std::string day;
  std::string device;  // the kiosk
  std::string requested_at;
  HelpState state = HelpState::open;
  std::optional<std::string> taken_by;  // the device that took it
  std::optional<std::string> taken_at;
  std::int64_t waited_s = 0;  // from the call until taken (or until now, while open)
  bool operator==(const HelpRequestInfo&) const = default;
};
template <>
struct Wire<HelpRequestInfo> {
  using T = HelpRequestInfo;
  static constexpr auto fields = std::tuple{req("id", &T::id),
                                            req("day", &T::day),
                                            req("device", &T::device),
                                            opt("requested_at", &T::requested_at),
                                            req("state", &T::state),
                                            opt("taken_by", &T::taken_by),
                                            opt("taken_at", &T::taken_at),
                                            opt("waited_s", &T::waited_s)};
};

struct HelpReply {
  HelpRequestInfo help;
};
template <>
struct Wire<HelpReply> {
  static constexpr auto fields = std::tuple{req("help", &HelpReply::help)};
};

// help_request: a kiosk calls for a guide (the kiosk is its device). Asking
// again while its call is open answers that call.
using HelpRequestRequest = BareRequest<"help_request", HelpReply>;

// help_take: a guide (or admin) takes a call (`call`: its id); invalid_state names who has it.
struct HelpTakeRequest {
  static constexpr std::string_view kOp = "help_take";
  using Reply = HelpReply;
  std::int64_t call = 0;
};
template <>
struct Wire<HelpTakeRequest> {
  static constexpr auto fields = std::tuple{req("call", &HelpTakeRequest::call)};
};

struct HelpRequestsReply {
  std::string day;
  std::vector<HelpRequestInfo> requests;
};
template <>
struct Wire<HelpRequestsReply> {
  static constexpr auto fields =
      std::tuple{req("day", &HelpRequestsReply::day), req("requests", &HelpRequestsReply::requests)};
};

// help_requests: today's calls, oldest first (the open ones only with `open`).
struct HelpRequestsRequest {
  static constexpr std::string_view kOp = "help_requests";
  using Reply = HelpRequestsReply;
  bool open = false;
};
template <>
struct Wire<HelpRequestsRequest> {
  static constexpr auto fields = std::tuple{opt("open", &HelpRequestsRequest::open)};
};

// ------------------------------------------------------------------ the help desk's register

// One question answered at the help desk.
struct HelpdeskEntryInfo {
  std::int64_t id = 0;
  std::string day;
  std::string at;
  std::string by;  // the device that entered it
  std::string topic;
  std::optional<std::string> service;  // a service code of the hall; null: none
  std::string answer;
  bool followup = false;                    // a follow-up or call-back is needed
  std::optional<std::string> phone_masked;  // the call-back number, masked (kept sealed until done)
  std::optional<std::string> done_at;       // the follow-up was done
  std::optional<std::string> done_by;
  bool operator==(const HelpdeskEntryInfo&) const = default;
};
template <>
struct Wire<HelpdeskEntryInfo> {
  using T = HelpdeskEntryInfo;
  static constexpr auto fields =
      std::tuple{req("id", &T::id),           req("day", &T::day),           opt("at", &T::at),
                 opt("by", &T::by),           req("topic", &T::topic),       opt("service", &T::service),
                 opt("answer", &T::answer),   opt("followup", &T::followup), opt("phone_masked", &T::phone_masked),
                 opt("done_at", &T::done_at), opt("done_by", &T::done_by)};
};

struct HelpdeskEntryReply {
  HelpdeskEntryInfo entry;
};
template <>
struct Wire<HelpdeskEntryReply> {
  static constexpr auto fields = std::tuple{req("entry", &HelpdeskEntryReply::entry)};
};

// helpdesk_add: a question answered. `topic` at most 200 characters, `answer`
// at most 500; `service` one of the hall's; `phone` (7–15 digits, with
// `followup` only) is kept sealed and shown masked. `request_key` (at most 64
// characters) makes it safe to send again: the same key the same day is the same entry.
struct HelpdeskAddRequest {
  static constexpr std::string_view kOp = "helpdesk_add";
  using Reply = HelpdeskEntryReply;
  std::string topic;
  std::optional<std::string> service;
  std::string answer;
  bool followup = false;
  std::optional<std::string> phone;
  std::optional<std::string> request_key;
};
template <>
struct Wire<HelpdeskAddRequest> {
  using T = HelpdeskAddRequest;
  static constexpr auto fields =
      std::tuple{req("topic", &T::topic),       opt("service", &T::service), req("answer", &T::answer),
                 opt("followup", &T::followup), opt("phone", &T::phone),     opt("request_key", &T::request_key)};
};

struct HelpdeskListReply {
  std::string day;
  std::vector<HelpdeskEntryInfo> entries;         // the day's, newest first
  std::vector<HelpdeskEntryInfo> open_followups;  // earlier days' entries whose follow-up is still to do
};
template <>
struct Wire<HelpdeskListReply> {
  using T = HelpdeskListReply;
  static constexpr auto fields =
      std::tuple{req("day", &T::day), req("entries", &T::entries), opt("open_followups", &T::open_followups)};
};

// helpdesk_list: a day's register (default today), newest first.
struct HelpdeskListRequest {
  static constexpr std::string_view kOp = "helpdesk_list";
  using Reply = HelpdeskListReply;
  std::optional<std::string> day;
};
template <>
struct Wire<HelpdeskListRequest> {
  static constexpr auto fields = std::tuple{opt("day", &HelpdeskListRequest::day)};
};

// helpdesk_done: an entry's follow-up was done (`entry`: its id; its call-back number is dropped).
struct HelpdeskDoneRequest {
  static constexpr std::string_view kOp = "helpdesk_done";
  using Reply = HelpdeskEntryReply;
  std::int64_t entry = 0;
};
template <>
struct Wire<HelpdeskDoneRequest> {
  static constexpr auto fields = std::tuple{req("entry", &HelpdeskDoneRequest::entry)};
};

// ------------------------------------------------------------------ figures

// One day of the guides' own work, for reports.
struct HelpDayInfo {
  std::string day;
  int entries = 0;                  // help-desk entries
  int followups = 0;                // of them, needing a follow-up or call-back
  int followups_done = 0;           // of those, done (by now)
  int requests = 0;                 // kiosks' calls for a guide
  int taken = 0;                    // of them, taken by a guide
  std::int64_t take_median_s = -1;  // nearest-rank median seconds from call to taken; -1: none taken
  bool operator==(const HelpDayInfo&) const = default;
};
template <>
struct Wire<HelpDayInfo> {
  using T = HelpDayInfo;
  static constexpr auto fields = std::tuple{req("day", &T::day),
                                            opt("entries", &T::entries),
                                            opt("followups", &T::followups),
                                            opt("followups_done", &T::followups_done),
                                            opt("requests", &T::requests),
                                            opt("taken", &T::taken),
                                            opt("take_median_s", &T::take_median_s)};
};

struct HelpFiguresReply {
  std::string from, to;
  std::vector<HelpDayInfo> days;  // every day of the range, oldest first
};
template <>
struct Wire<HelpFiguresReply> {
  using T = HelpFiguresReply;
  static constexpr auto fields = std::tuple{req("from", &T::from), req("to", &T::to), req("days", &T::days)};
};

// help_figures: the days from..to (default today; at most 366).
struct HelpFiguresRequest {
  static constexpr std::string_view kOp = "help_figures";
  using Reply = HelpFiguresReply;
  std::optional<std::string> from, to;
};
template <>
struct Wire<HelpFiguresRequest> {
  static constexpr auto fields = std::tuple{opt("from", &HelpFiguresRequest::from), opt("to", &HelpFiguresRequest::to)};
};

}  // namespace hallq::protocol
