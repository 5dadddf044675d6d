#pragma once
// Staffing advice: for one day, per hour, the fewest open windows (and which,
// so every service with citizens has a window with its skill) that meet a
// target such as "90% called within 15 minutes", found by simulating the day
// through the real engine (simulator.hpp).
//
// The search (docs/simulation.md, "Staffing advice"):
//  1. The windows are put in one order: first those that bring a skill no
//     earlier window has (the skill with the most expected work first), then
//     the rest by the work they can take. An hour with n windows opens the
//     first n, so the plan is a few contiguous shifts per window, and an hour
//     never lacks a skill its citizens need.
//  2. First guess per hour: Erlang C for the hall pooled (any window takes any
//     item: the comprehensive-window model), with the hour's arrivals and their
//     mean service time; at most the hall's windows (the table shows the count
//     as it is).
//  3. Up: while an hour misses the target, it gets one window more that takes
//     (or shares a window with) a service of its citizens who missed it (a full
//     hour gives the next hour one more, as its queue is carried over). One that
//     does not help is closed again; an hour with none left that might help is
//     held to what it reaches.
//  4. Down: each hour in turn gives up windows while every hour still meets
//     the target.
//  5. Checked: the plan is played on other days, more of them; an hour that
//     misses the target there gets a window more, until none does.
//  6. Down again on the check's days: windows they do without are closed.
//  7. Verified on yet other days, as many: an hour or service that misses
//     there gets a window more (6 chose on the check's days).
// An hour meets the target when its share less 1.64 standard errors (from
// how the share varies between the days played) reaches it; an hour in which
// fewer visits start waiting than there are days played is not held to it.
// Every evaluation plays the same `replications` days (seeds seed … seed +
// replications − 1: common random numbers, so two plans are compared on the
// same citizens), and an hour's share within target is pooled over them.
// Deterministic for a given hall, model and seed.

#include <cmath>
#include <string>
#include <vector>

#include "core/domain/hall.hpp"
#include "core/sim/model.hpp"
#include "core/sim/simulator.hpp"

namespace hallq::sim {

struct StaffingGoal {
  double share = 0.9;     // of the visits starting to wait in an hour, called within…
  int target_s = 0;       // … this; 0: the model's target_s, else the hall's [alarms] wait_minutes
  int replications = 20;  // days played per evaluation
};

struct StaffingHour {
  int hour = 0;                     // local hour of the day
  double arrivals = 0;              // expected tickets starting to wait in the hour
  double load = 0;                  // expected work in erlangs (arrivals × mean service time ÷ 1 h)
  int erlang_guess = 0;             // windows Erlang C asks for (pooled hall), also more than the hall has
  int windows = 0;                  // advised
  std::vector<int> open;            // which: window numbers
  std::vector<std::string> skills;  // the services those windows take
  int called = 0;                   // visits counted over the replications
  double within_target = 0;         // their share called within the target, under the advice
  double wait_mean_s = 0, wait_p90_s = 0;
  bool judged = true;  // false: fewer visits than days played, the hour not held to the goal
};

// A service over the whole day: its share called within the target. The hours pool every service,
// so one whose few windows stay busy can miss the target while the hours meet it.
struct StaffingServiceShare {
  std::string code;
  double within_target = 0;  // of all its citizens who started waiting (those who gave up: missed)
};

// Whether a share within the target misses the goal: below it by more than the rounding of a
// ratio of counts (63 of 84 is 0.7499999999999999, and meets 75%).
inline bool misses_goal(double share, double goal) {
  return share < goal - 1e-9;
}
// A share as a percentage to a tenth of a point, rounded down, so that one that misses the goal
// never reads as the goal (94.98% for 95% reads 94.9%).
inline double percent_shown(double share) {
  return std::floor(share * 1000 + 1e-6) / 10;
}

struct StaffingAdvice {
  domain::LocalDate date;
  StaffingGoal goal;                // target_s resolved
  std::vector<int> order;           // windows in the order they open
  std::vector<StaffingHour> hours;  // opening to closing
  std::vector<Shift> shifts;        // the advice as shifts (replayable: Model::shifts)
  bool met = true;  // false: some hour misses the target (even every window open), a service, or one no window takes
  std::vector<StaffingServiceShare> short_services;  // judged services that miss it over the day
  std::vector<StaffingServiceShare> services;        // every judged service (enough visits), the hall's order
  // Services with citizens that no window of the hall takes: never called, whatever is open. Left out of
  // the search and of the hours' figures, and named (`met` false).
  std::vector<std::string> unserved;
  int hall_windows = 0;     // the windows the hall has (Erlang C may ask for more)
  int evaluations = 0;      // plans tried in the search: days played = evaluations × replications
  int checked_days = 0;     // the advice then checked on this many other days, and verified on as many
                            // more; the hours' figures are the verification's
  double window_hours = 0;  // advised, summed
};

// Advice for `date` (model.start and model.days are replaced). The model's own
// shifts are ignored: the advice is the shifts. Throws ModelError when the hall
// is closed that day or the model does not fit the hall.
StaffingAdvice advise_staffing(const domain::HallConfig& hall, Model model, domain::LocalDate date,
                               const StaffingGoal& goal);

// Plays `shifts` on `date` for `replications` days from the model's seed, as
// an advice is played: the advice replayed on other citizens (another seed), or
// a "what if" (one more window at 10:00, a clerk moved). `met`: every hour
// meets the goal; `order` is empty.
StaffingAdvice replay_staffing(const domain::HallConfig& hall, Model model, domain::LocalDate date,
                               const std::vector<Shift>& shifts, const StaffingGoal& goal);

// The advice as JSON (docs/simulation.md names the fields), or as [[shift]] entries of a
// scenario file; as a table for people: format_staffing_text (report.hpp).
std::string format_staffing_json(const StaffingAdvice& a);
// `windows`: the skills played (a plan's or scenario's [[window]] "what if"), written with the shifts.
std::string format_staffing_shifts(const StaffingAdvice& a, const std::vector<WindowSkills>& windows = {});

}  // namespace hallq::sim
