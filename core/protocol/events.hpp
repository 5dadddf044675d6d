#pragma once
// Events the server pushes to subscribers: {"event":"<name>","seq":<n>, ...}.
// Each names itself (kEvent) and the topics it goes to (kTopics). `seq`
// increases by one per event in a server run.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <variant>

#include "core/protocol/admin.hpp"
#include "core/protocol/hall.hpp"
#include "core/protocol/session.hpp"
#include "core/protocol/tickets.hpp"
#include "core/protocol/windows.hpp"

namespace hallq::protocol {

// A window called a ticket (or called it again: recall).
struct CalledEvent {
  static constexpr std::string_view kEvent = "called";
  static constexpr unsigned kTopics = topic_bit(Topic::calls);
  CallInfo call;
  bool operator==(const CalledEvent&) const = default;
};
template <>
struct Wire<CalledEvent> {
  static constexpr auto fields = std::tuple{flat(&CalledEvent::call)};
};

// Any change to a ticket.
struct TicketEvent {
  static constexpr std::string_view kEvent = "ticket";
  static constexpr unsigned kTopics = topic_bit(Topic::tickets);
  TicketInfo ticket;
  bool operator==(const TicketEvent&) const = default;
};
template <>
struct Wire<TicketEvent> {
  static constexpr auto fields = std::tuple{req("ticket", &TicketEvent::ticket)};
};

// A service's queue changed.
struct QueueEvent {
  static constexpr std::string_view kEvent = "queue";
  static constexpr unsigned kTopics = topic_bit(Topic::queues);
  std::string service;
  int waiting = 0;
  std::int64_t ewt_s = 0;
  std::int64_t longest_wait_s = 0;
  int issued = 0;
  bool open = true;
  bool operator==(const QueueEvent&) const = default;
};
template <>
struct Wire<QueueEvent> {
  using T = QueueEvent;
  static constexpr auto fields = std::tuple{req("service", &T::service), opt("waiting", &T::waiting),
                                            opt("ewt_s", &T::ewt_s),     opt("longest_wait_s", &T::longest_wait_s),
                                            opt("issued", &T::issued),   opt("open", &T::open)};
};

// A window changed (the window object's fields).
struct WindowEvent {
  static constexpr std::string_view kEvent = "window";
  static constexpr unsigned kTopics = topic_bit(Topic::windows);
  WindowInfo window;
  bool operator==(const WindowEvent&) const = default;
};
template <>
struct Wire<WindowEvent> {
  static constexpr auto fields = std::tuple{flat(&WindowEvent::window)};
};

// An alarm was raised, changed or cleared (active: false).
struct AlarmEvent {
  static constexpr std::string_view kEvent = "alarm";
  static constexpr unsigned kTopics = topic_bit(Topic::alarms);
  Alarm alarm;
  bool operator==(const AlarmEvent&) const = default;
};
template <>
struct Wire<AlarmEvent> {
  static constexpr auto fields = std::tuple{flat(&AlarmEvent::alarm)};
};

// The counts of open cases changed (a case moved, or a day brought promised
// dates nearer).
struct CasesEvent {
  static constexpr std::string_view kEvent = "cases";
  static constexpr unsigned kTopics = topic_bit(Topic::cases);
  CaseCounts cases;
  bool operator==(const CasesEvent&) const = default;
};
template <>
struct Wire<CasesEvent> {
  static constexpr auto fields = std::tuple{req("cases", &CasesEvent::cases)};
};

// A window finished a ticket: its pad may rate the visit until `until`.
struct RatingOfferEvent {
  static constexpr std::string_view kEvent = "rating_offer";
  static constexpr unsigned kTopics = topic_bit(Topic::ratings);
  RatingOffer offer;
  bool operator==(const RatingOfferEvent&) const = default;
};
template <>
struct Wire<RatingOfferEvent> {
  static constexpr auto fields = std::tuple{flat(&RatingOfferEvent::offer)};
};

// Today's rating figures changed (a visit finished or was rated, a follow-up moved).
struct RatingsEvent {
  static constexpr std::string_view kEvent = "ratings";
  static constexpr unsigned kTopics = topic_bit(Topic::ratings);
  RatingCounts ratings;
  bool operator==(const RatingsEvent&) const = default;
};
template <>
struct Wire<RatingsEvent> {
  static constexpr auto fields = std::tuple{req("ratings", &RatingsEvent::ratings)};
};

// The hall day rolled over; everything still open was closed (reason day_end).
struct DayEvent {
  static constexpr std::string_view kEvent = "day";
  static constexpr unsigned kTopics = kAllTopics;
  std::string day;
  std::string closed;
  bool operator==(const DayEvent&) const = default;
};
template <>
struct Wire<DayEvent> {
  static constexpr auto fields = std::tuple{req("day", &DayEvent::day), opt("closed", &DayEvent::closed)};
};

using Event = std::variant<CalledEvent, TicketEvent, QueueEvent, WindowEvent, AlarmEvent, CasesEvent, RatingOfferEvent,
                           RatingsEvent, DayEvent>;

struct EventMessage {
  std::uint64_t seq = 0;
  Event event;
};

// Reads a pushed line's object. Nothing (and `error` set) for an event this
// client does not know (a newer server) or one that does not fit its type.
std::optional<EventMessage> parse_event(const json& line, std::string* error = nullptr, ReadOptions options = {});

}  // namespace hallq::protocol
