#pragma once
// What hallq-sim prints: the model (as fitted or read), a run's result and
// staffing advice, as text tables for people; a run's result as JSON for
// programs too. Pure: strings out.
//
// The text is in the language of the translations passed in (their sim.report
// and sim.staffing groups, assets/i18n/<lang>.json), service names in that language (Chinese
// where the hall has none in it); the caller loads them. Columns are aligned
// in terminal columns (a CJK character takes 2, config::columns). The JSON is
// the same in every language: its field names are for programs.

#include <string>

#include "core/config/i18n.hpp"
#include "core/domain/hall.hpp"
#include "core/sim/history.hpp"
#include "core/sim/model.hpp"
#include "core/sim/simulator.hpp"
#include "core/sim/staffing.hpp"

namespace hallq::sim {

// A figure with `decimals` places, a half rounded away from zero as the staff console's reports
// round (1 of 8 is "13%"; printf would give the even "12"): every figure of hallq-sim, hallqctl's
// staffing and the staffing page. A bias signed ("+1.2", "-0.4"); one that rounds to nothing
// is "0.0".
std::string fixed_text(double x, int decimals);
std::string signed_text(double x);

// Per service: service time, no-shows, transfers, arrivals a day by weekday
// and per hour on the busiest weekday; the calendar; the shifts.
std::string describe_model(const Model& m, const domain::HallConfig& hall, const config::Translations& words);

// Per service: counts, waits (mean, p90, share within target), and per hour
// arrivals, waits and the time-averaged queue; each window's busy share; the
// wait estimates' errors.
std::string format_text(const Result& r, const domain::HallConfig& hall, const config::Translations& words);

// A recorded day replayed (hallq-sim --replay-day): the day, the waits it recorded, and the plan
// file whose shifts were played (empty: the day's own staffing).
struct ReplayReport {
  const RecordedDay* day = nullptr;
  RecordedWaits recorded;
  std::string plan;
};

// The same as one JSON object (docs/simulation.md names its fields); with `recorded` (hallq-sim
// --from-db), what the hall's recorded days told their citizens, under "recorded"; with `replay`,
// the recorded day's own waits and what was played, under "replay".
std::string format_json(const Result& r, const RecordedEstimates* recorded = nullptr,
                        const ReplayReport* replay = nullptr);

// Shifts as a scenario's or a plan's [[shift]] entries (window, from, to, breaks; clerks not named),
// under a comment line: a file hallq-sim --shifts plays.
std::string format_shifts(const std::vector<Shift>& shifts, const std::string& comment,
                          const std::vector<WindowSkills>& windows = {});

// A replayed day beside the day as recorded: what was played, then per service and over all the
// waits as recorded and as replayed.
std::string format_replay_text(const ReplayReport& replay, const Result& r, const domain::HallConfig& hall,
                               const config::Translations& words);

// What the recorded days told citizens at take against the waits that followed (history.hpp): per
// service the tickets, the mean wait, the engine's and the naive estimate's mean absolute error
// (bias), their ratio, and the share of waits within the range told and of tickets told a range.
std::string format_recorded_text(const RecordedEstimates& r, const config::Translations& words);

// Staffing advice (staffing.hpp), or shifts replayed as a "what if": the goal, the order in which
// windows open, and per hour the arrivals and load expected, Erlang C's guess, the windows, the
// waits they give and the windows open with their services; the window-hours, and "not met"
// where some hour misses the goal. The headings are the staff console's (web.staff.staffing).
std::string format_staffing_text(const StaffingAdvice& a, const config::Translations& words);

}  // namespace hallq::sim
