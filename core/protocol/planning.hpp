#pragma once
// Planning the hall on the wire: staffing advice for a day, from the hall's
// own history played through the simulator (docs/simulation.md, "Staffing
// advice").

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"
#include "core/protocol/envelope.hpp"

namespace hallq::protocol {

// One hour of the advice: what is expected, how many windows, which, and what
// the citizens would wait with them (over the days played).
struct StaffingHour {
  int hour = 0;                     // local hour of the day
  double arrivals = 0;              // expected tickets starting to wait in the hour
  double load = 0;                  // expected work in erlangs (window-hours of service asked for)
  int erlang_guess = 0;             // windows Erlang C asks for, the hall pooled (may be more than it has)
  int windows = 0;                  // advised
  std::vector<int> open;            // which windows
  std::vector<std::string> skills;  // the services they take
  int called = 0;                   // visits counted over the days played
  double within_target = 0;         // their share called within the target
  double wait_mean_min = 0;
  double wait_p90_min = 0;
  bool judged = true;  // false: fewer visits than days played; not held to the target
  bool operator==(const StaffingHour&) const = default;
};
template <>
struct Wire<StaffingHour> {
  using T = StaffingHour;
  static constexpr auto fields = std::tuple{req("hour", &T::hour),
                                            req("arrivals", &T::arrivals),
                                            req("load", &T::load),
                                            req("erlang_guess", &T::erlang_guess),
                                            req("windows", &T::windows),
                                            req("open", &T::open),
                                            req("skills", &T::skills),
                                            req("called", &T::called),
                                            req("within_target", &T::within_target),
                                            req("wait_mean_min", &T::wait_mean_min),
                                            req("wait_p90_min", &T::wait_p90_min),
                                            opt("judged", &T::judged)};
};

// A window open from `from` to `to` ("HH:MM"): the advice as shifts.
struct StaffingShift {
  int window = 0;
  std::string from, to;
  bool operator==(const StaffingShift&) const = default;
};
template <>
struct Wire<StaffingShift> {
  using T = StaffingShift;
  static constexpr auto fields = std::tuple{req("window", &T::window), req("from", &T::from), req("to", &T::to)};
};

// A service over the whole day, its share called within the target (the hours pool every service).
struct StaffingServiceShare {
  std::string service;
  double within_target = 0;
  bool operator==(const StaffingServiceShare&) const = default;
};
template <>
struct Wire<StaffingServiceShare> {
  using T = StaffingServiceShare;
  static constexpr auto fields = std::tuple{req("service", &T::service), req("within_target", &T::within_target)};
};

struct StaffingReply {
  std::string date;         // YYYY-MM-DD
  double share = 0.9;       // of each hour's citizens called within…
  int target_minutes = 15;  // … this
  bool met = true;          // false: every window open still misses it in some hour, or a service misses it
  std::vector<StaffingServiceShare> short_services;  // those that miss the target
  std::vector<StaffingServiceShare> services;        // every service with enough citizens to judge
  std::vector<std::string> unserved_services;        // services with citizens that no window takes
  int hall_windows = 0;                              // the windows the hall has
  int fitted_days = 0;                               // recorded days the arrivals and service times come from
  int days_played = 0;                               // days simulated per plan
  int checked_days = 0;     // the advice then played on these other days: the hours' figures are theirs
  double window_hours = 0;  // the advice, summed
  std::vector<int> order;   // the windows in the order they open
  std::vector<StaffingHour> hours;
  std::vector<StaffingShift> shifts;
};
template <>
struct Wire<StaffingReply> {
  using T = StaffingReply;
  static constexpr auto fields = std::tuple{req("date", &T::date),
                                            req("share", &T::share),
                                            req("target_minutes", &T::target_minutes),
                                            req("met", &T::met),
                                            opt("short_services", &T::short_services),
                                            opt("services", &T::services),
                                            opt("unserved_services", &T::unserved_services),
                                            opt("hall_windows", &T::hall_windows),
                                            req("fitted_days", &T::fitted_days),
                                            req("days_played", &T::days_played),
                                            opt("checked_days", &T::checked_days),
                                            req("window_hours", &T::window_hours),
                                            req("order", &T::order),
                                            req("hours", &T::hours),
                                            req("shifts", &T::shifts)};
};

// staffing: the advice for a day (default: the hall's next open day). `share`
// (default 0.9) and `target_minutes` (default [alarms] wait_minutes) set the
// target. Worked out off the event loop; the same question again is answered
// from the last answer until the hall's history changes day.
struct StaffingRequest {
  static constexpr std::string_view kOp = "staffing";
  using Reply = StaffingReply;
  std::optional<std::string> date;
  std::optional<double> share;
  std::optional<int> target_minutes;
};
template <>
struct Wire<StaffingRequest> {
  using T = StaffingRequest;
  static constexpr auto fields =
      std::tuple{opt("date", &T::date), opt("share", &T::share), opt("target_minutes", &T::target_minutes)};
};

}  // namespace hallq::protocol
