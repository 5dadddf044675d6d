#pragma once
// Tickets on the wire: the ticket object, and the operations on tickets
// (take, status, cancel, requeue). docs/protocol.md has the prose and examples.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"

namespace hallq::protocol {

enum class TicketState { waiting, called, done, no_show, transferred, cancelled };
template <>
struct EnumNames<TicketState> {
  static constexpr std::array<std::string_view, 6> names{"waiting", "called",      "done",
                                                         "no_show", "transferred", "cancelled"};
};

// How a ticket came to be: the server sets it from the issuing device's role
// (and `appointment` for check-ins).
enum class Channel { kiosk, guide, admin, appointment, online, phone, window };
template <>
struct EnumNames<Channel> {
  static constexpr std::array<std::string_view, 7> names{"kiosk",  "guide", "admin", "appointment",
                                                         "online", "phone", "window"};
};

struct TicketInfo {
  std::string number;   // "A001"
  std::string service;  // the service it waits for now (after a transfer: the new one)
  TicketState state = TicketState::waiting;
  std::string issued_at;            // ISO 8601 with offset
  int ahead = 0;                    // people called before this ticket (0 unless waiting)
  std::int64_t ewt_s = 0;           // estimated seconds until called (0 unless waiting)
  std::optional<int> window;        // the window that called it
  std::string priority = "normal";  // "normal" or a configured priority class
  Channel channel = Channel::kiosk;
  std::optional<std::string> issued_by;  // the device that issued it ("kiosk-1")
  std::optional<int> target_window;      // waiting for this window after a transfer
  std::optional<std::string> called_at;
  std::optional<std::string> finished_at;
  int recalls = 0;
  std::int64_t waited_s = 0;               // this visit: seconds waited (so far, or until called)
  std::optional<std::string> clerk;        // the clerk who called it
  std::optional<std::string> id_masked;    // real-name tickets: "150502********1234"
  std::optional<std::string> name_masked;  // when a name was given: "包**尔"
  std::optional<std::string> appointment;  // the appointment code it was checked in with
  std::optional<std::string> reason;       // why it ended, e.g. "day_end"
  // The citizen's token (docs/ratings.md "Rating by phone"): only in the reply
  // to the take or checkin that issued the ticket (or that request repeated), for its QR code.
  std::optional<std::string> token;
  // The range the wait is likely to fall in (ewt_lo_s ≤ ewt_s ≤ ewt_hi_s): only in the reply to
  // the take or checkin that issued the ticket (or that request repeated), while it waits; as told
  // at issue while it is in its first visit (domain::ToldWait). Terminals tell the range when
  // it spans five minutes or more (domain::wait_range_shown), else ewt_s alone.
  std::optional<std::int64_t> ewt_lo_s, ewt_hi_s;
  bool operator==(const TicketInfo&) const = default;
};

template <>
struct Wire<TicketInfo> {
  using T = TicketInfo;
  static constexpr auto fields = std::tuple{req("number", &T::number),
                                            req("service", &T::service),
                                            req("state", &T::state),
                                            opt("issued_at", &T::issued_at),
                                            opt("ahead", &T::ahead),
                                            opt("ewt_s", &T::ewt_s),
                                            opt("window", &T::window),
                                            opt("priority", &T::priority),
                                            opt("channel", &T::channel),
                                            opt("issued_by", &T::issued_by),
                                            opt("target_window", &T::target_window),
                                            opt("called_at", &T::called_at),
                                            opt("finished_at", &T::finished_at),
                                            opt("recalls", &T::recalls),
                                            opt("waited_s", &T::waited_s),
                                            opt("clerk", &T::clerk),
                                            opt("id_masked", &T::id_masked),
                                            opt("name_masked", &T::name_masked),
                                            opt("appointment", &T::appointment),
                                            opt("reason", &T::reason),
                                            opt("token", &T::token),
                                            opt("ewt_lo_s", &T::ewt_lo_s),
                                            opt("ewt_hi_s", &T::ewt_hi_s)};
};

// {"ticket": {...}}: the reply of every operation that acts on one ticket.
struct TicketReply {
  TicketInfo ticket;
};
template <>
struct Wire<TicketReply> {
  static constexpr auto fields = std::tuple{req("ticket", &TicketReply::ticket)};
};

// take: a new ticket for a service.
struct TakeRequest {
  static constexpr std::string_view kOp = "take";
  using Reply = TicketReply;
  std::string service;
  std::optional<std::string> id_number;    // raw; required for real-name services; never stored
  std::optional<std::string> name;         // raw; kept only masked
  std::optional<std::string> priority;     // guides and admins only
  std::optional<Channel> channel;          // guides and admins only (e.g. phone)
  std::optional<std::string> request_key;  // makes the take safe to repeat
  std::optional<std::string> language;     // the citizen's choice: zh, mn, en (the rating pad asks in it)
};
template <>
struct Wire<TakeRequest> {
  using T = TakeRequest;
  static constexpr auto fields =
      std::tuple{req("service", &T::service),   opt("id_number", &T::id_number), opt("name", &T::name),
                 opt("priority", &T::priority), opt("channel", &T::channel),     opt("request_key", &T::request_key),
                 opt("language", &T::language)};
};

// An operation on one of today's tickets, named by its number.
template <OpName Op>
struct NumberRequest {
  static constexpr std::string_view kOp = Op.view();
  using Reply = TicketReply;
  std::string number;  // "A001" (not case-sensitive)
};
template <OpName Op>
struct Wire<NumberRequest<Op>> {
  static constexpr auto fields = std::tuple{req("number", &NumberRequest<Op>::number)};
};

// status: one of today's tickets.
using StatusRequest = NumberRequest<"status">;
// requeue: a late citizen after a no-show goes back into the queue.
using RequeueRequest = NumberRequest<"requeue">;

// cancel: a waiting ticket, by number (guides) or by the request_key that
// issued it (a kiosk voiding a ticket it could not hand over).
struct CancelRequest {
  static constexpr std::string_view kOp = "cancel";
  using Reply = TicketReply;
  std::optional<std::string> number;
  std::optional<std::string> reason;
  std::optional<std::string> request_key;
};
template <>
struct Wire<CancelRequest> {
  using T = CancelRequest;
  static constexpr auto fields =
      std::tuple{opt("number", &T::number), opt("reason", &T::reason), opt("request_key", &T::request_key)};
};

// reassign: a guide sends a waiting ticket to another service (the citizen
// took the wrong one); it keeps its number and waits by its issue time.
struct ReassignRequest {
  static constexpr std::string_view kOp = "reassign";
  using Reply = TicketReply;
  std::string number;
  std::string to_service;
  std::optional<std::string> reason;
};
template <>
struct Wire<ReassignRequest> {
  using T = ReassignRequest;
  static constexpr auto fields =
      std::tuple{req("number", &T::number), req("to_service", &T::to_service), opt("reason", &T::reason)};
};

struct TicketsReply {
  std::vector<TicketInfo> tickets;  // newest first
  int total = 0;                    // how many matched (tickets holds at most `limit` of them)
};
template <>
struct Wire<TicketsReply> {
  static constexpr auto fields = std::tuple{req("tickets", &TicketsReply::tickets), req("total", &TicketsReply::total)};
};

// tickets: today's tickets for guides, newest first, filtered by a part of
// the number, the service it waits for or waited for last, and its state.
struct TicketsRequest {
  static constexpr std::string_view kOp = "tickets";
  using Reply = TicketsReply;
  std::optional<std::string> number;   // a part of the number, not case-sensitive ("12" finds A012, B120)
  std::optional<std::string> service;  // a service code
  std::optional<TicketState> state;
  std::optional<int> limit;  // default 50, at most 500
};
template <>
struct Wire<TicketsRequest> {
  using T = TicketsRequest;
  static constexpr auto fields = std::tuple{opt("number", &T::number), opt("service", &T::service),
                                            opt("state", &T::state), opt("limit", &T::limit)};
};

}  // namespace hallq::protocol
