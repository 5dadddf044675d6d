#pragma once
// The hall as configured: services, windows, clerks, priority classes and the
// rules the engine enforces. Plain data, filled by server/config from TOML and
// validated there (so errors can name the file, line and field).

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/time.hpp"

namespace hallq::domain {

struct Names {
  std::string zh, mn, en;
  bool operator==(const Names&) const = default;

  // The name in `lang` ("zh", "mn" or "en"), Chinese when it has none in that one.
  const std::string& in(std::string_view lang) const {
    const std::string& s = lang == "mn" ? mn : lang == "en" ? en : zh;
    return s.empty() ? zh : s;
  }
};

// Minutes since local midnight, [from, to).
struct Interval {
  int from = 0, to = 1440;
  bool contains(int minute) const { return minute >= from && minute < to; }
  bool operator==(const Interval&) const = default;
};

struct Category {
  std::string id;
  Names names;
};

struct Service {
  std::string code;  // ticket prefix, e.g. "A"
  Names names;
  std::vector<std::string> category;     // path of category ids for the kiosk menu, outermost first
  int quota = 0;                         // tickets per day, 0 = unlimited
  int per_person = 0;                    // tickets per ID number per day, 0 = unlimited
  std::vector<Interval> hours;           // empty = the hall's hours
  std::vector<Interval> extended_hours;  // 延时办理: extra issuing intervals
  bool real_name = false;                // an ID number is required
  int minutes = 10;                      // service time used for estimates until measured
  std::vector<Names> materials;          // required materials, the one-time notice
  int digits = 3;                        // A001
  // Cases (docs/cases.md): the promised time limit in working days (承诺时限;
  // 0 = decided on the spot, 即办件) and the department that decides (empty:
  // decided at the window).
  int limit_days = 0;
  std::string department;
};

enum class WindowKind { comprehensive, specialised, pickup, consult };
std::string_view to_string(WindowKind k);
std::optional<WindowKind> window_kind_from_string(std::string_view s);

struct Window {
  int number = 0;
  Names names;
  WindowKind kind = WindowKind::comprehensive;
  std::vector<std::pair<std::string, int>> services;  // service code → weight (≥ 1)
  int weight_of(std::string_view service) const;      // 0 when not served here
};

struct Clerk {
  std::string id;
  std::string name;
  std::string pin_hash;  // domain::hash_pin() format
};

struct PriorityClass {
  std::string id;  // "elderly"; "normal" is implicit with rank 0
  Names names;
  int rank = 1;     // higher is called first
  int min_age = 0;  // > 0: given automatically to ID holders at least this old
};

// A back-office department that decides cases (docs/cases.md).
struct Department {
  std::string id;
  Names names;
  std::vector<std::string> services;  // service codes it decides
};

// How cases are numbered, chased and collected.
struct CaseRules {
  std::string number_prefix = "F";  // F-20261130-0012
  int due_soon_days = 2;            // working days left at which an accepted case is due soon
  std::string supplement_priority;  // class of a ticket taken with a supplement code; empty = normal
  std::string pickup_service;       // service of pickup tickets (领取办件结果); empty = none
  int code_digits = 8;              // supplement codes
};

// 好差评 (docs/ratings.md): how long the pad offers a visit for rating, the
// reasons a bad rating may give, and the follow-up's time limits.
struct RatingRules {
  int pad_seconds = 30;  // the rating page without a touch: then "not rated"
  // Reason ids, in the order the pad shows them; words from the translation files (rating.reasons.<id>).
  std::vector<std::string> reasons = {"attitude",          "efficiency",      "level",
                                      "materials_unclear", "waited_too_long", "other"};
  int callback_workdays = 1;  // a bad rating is called back (回访) within this
  int rectify_workdays = 15;  // and put right (整改) within this
  int alarm_minutes = 30;     // a bad rating is an alarm this long: a guide may still find the citizen
};

struct AlarmThresholds {
  int queue_length = 10;     // waiting tickets in one service
  int wait_minutes = 15;     // longest wait in one service
  int paused_minutes = 20;   // a window paused this long
  bool understaffed = true;  // fewer windows open than the staffing advice for the next hour
};

// What the hall's screens show and say.
struct DisplaySettings {
  Names notice;                                             // the scrolling notice on the hall board
  std::vector<std::string> announce_languages{"zh", "mn"};  // voice, in this order
  int announce_repeat = 2;                                  // each call is said this many times
  int blink_seconds = 8;                                    // the newest call blinks this long
  std::string status_url;                                   // the public base URL of the citizens' pages
};

struct AppointmentRules {
  int checkin_before_min = 30;  // check-in opens this long before the slot
  int checkin_after_min = 15;   // and closes this long after it
  std::string priority;         // class given on check-in; empty = normal
};

// A clerk planned at a window (排班): from `from` to `to` (minutes since local midnight), away
// during `breaks`. The hall's rota ([[shift]] in the hall's file; the wait estimate plays it) and a
// simulated day's staffing (core/sim).
struct Shift {
  int window = 0;
  std::string clerk;  // empty: not named
  int from = 0, to = 1440;
  std::vector<Interval> breaks;
  std::vector<int> weekdays;  // 0 = Sunday; empty: every day the hall is open
  bool operator==(const Shift&) const = default;

  // Whether it is planned on `weekday` (0 = Sunday).
  bool on(int weekday) const { return weekdays.empty() || std::ranges::find(weekdays, weekday) != weekdays.end(); }
};

struct HallConfig {
  std::string id;
  Names names;
  std::vector<int> open_weekdays = {1, 2, 3, 4, 5};  // 0 = Sunday
  std::vector<LocalDate> closed_dates;
  std::vector<LocalDate> extra_workdays;  // make-up working days on otherwise closed weekdays (调休)
  std::vector<Interval> hours;            // hall issuing hours; empty = all day
  int rollover_minute = 0;                // local time a new hall day starts
  std::vector<Category> categories;
  std::vector<Service> services;
  std::vector<Window> windows;
  std::vector<Clerk> clerks;
  std::vector<PriorityClass> priorities;
  std::vector<Department> departments;
  CaseRules cases;
  RatingRules ratings;
  AlarmThresholds alarms;
  AppointmentRules appointments;
  DisplaySettings display;
  std::vector<Shift> rota;  // the planned shifts of an ordinary week; empty: none planned

  const Service* service(std::string_view code) const;
  const Window* window(int number) const;
  const Clerk* clerk(std::string_view id) const;
  const PriorityClass* priority(std::string_view id) const;
  const Department* department(std::string_view id) const;
  // The hall is open on this date: an open weekday that is not closed, or a make-up working day.
  bool open_on(LocalDate d) const;
  // Why it is closed on `d`, for a message ("a Saturday, not one of the hall's open_days", "a holiday or
  // closing day: one of the hall's closed_dates"); empty when it is open.
  std::string closed_because(LocalDate d) const;
  // The services no window takes (a service configured before its window): a citizen who takes a
  // ticket for one waits and is never called. Allowed, and warned of by --check-config.
  std::vector<std::string> services_without_window() const;
  // Service `s` issues tickets at `minute` (since local midnight) of `d`: the hall is open then, and
  // the minute is in the service's hours (else the hall's; neither set: all day) or extended hours.
  bool issues(const Service& s, LocalDate d, int minute) const;
  int rank_of(std::string_view priority_id) const;  // 0 for "normal" or unknown
  // The shifts planned on this date: those of its weekday (a make-up working day: of the earliest
  // open weekday from Sunday, usually Monday); none when the hall is closed then.
  std::vector<Shift> rota_on(LocalDate d) const;
  // When issuing starts: the earliest start of the hall's and the services' hours, extended hours
  // included (minutes since local midnight; 0 when none is set).
  int opening_minute() const;
  // When issuing ends: the latest end of the hall's and the services' hours, extended hours included
  // (minutes since local midnight; 1440 when none is set).
  int closing_minute() const;
};

}  // namespace hallq::domain
