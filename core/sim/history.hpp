#pragma once
// A model fitted from a hall's own history: the server's SQLite database,
// opened read only (the server may be running; nothing is written).
//
// From the last `days` recorded days (days with tickets): arrivals per
// service, weekday and 15-minute slot (tickets issued, by the service they
// were issued for, averaged over the recorded days of that weekday; a weekday
// never recorded gets the average of all days); service times per service
// (first call → finish of the visits that ended done: mean and coefficient of
// variation, played as lognormal); no-show and transfer shares per service
// from the audit log (no_show and transferred against called), with the
// service most transfers went to. Shifts are not fitted: every window is
// staffed through the hall's hours unless a scenario says otherwise.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/hall.hpp"
#include "core/sim/model.hpp"
#include "core/sim/simulator.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace hallq::sim {

// The hall's database, read only, as fit_history reads it: a stopped server's file as it lies
// (nothing is left beside it), a running one's through its WAL. Throws ModelError for a directory
// or a database without a tickets table.
std::unique_ptr<SQLite::Database> open_history(const std::string& db_path);

// Throws ModelError when the database cannot be read or holds no tickets.
// The model starts on the first open day after the last recorded one. `before`: only days
// before it (a running hall's today is not a whole day yet: the server's staffing gives its today,
// hallq-sim the day the store is on while a server is on the database).
Model fit_history(const std::string& db_path, const domain::HallConfig& hall, int days,
                  std::optional<domain::LocalDate> before = std::nullopt);

// What the hall told its citizens at issue (domain::ToldWait) against the waits that followed (issue
// to first call), by the service each ticket was issued for, over the same recorded days as
// fit_history: the engine's estimate (EstimateErrors::engine) and the naive baseline (::naive), as
// the simulator measures them; the other estimators are not recorded and stay empty. Only tickets
// called in the queue they were issued to are measured (as the simulator and the staff console's
// reports do): one never called, or sent to another service before its call, has no wait for what
// it was told. One issued before the hall kept what it told (schema 11) is counted in `untold`.
struct RecordedEstimates {
  domain::LocalDate from, to;  // the recorded days read
  int days = 0;
  int untold = 0;  // called, but what it was told is not recorded
  // Those measured, in the hall's order, then codes its configuration does not have (in code order).
  std::vector<std::pair<std::string, EstimateErrors>> services;
  EstimateErrors all;
};

// A recorded day to replay (Model::replay; hallq-sim --replay-day): its citizens from `tickets` (the
// day's, as the server's store reads them: server::read_tickets), its windows' staffing from the
// audit log of `db` (login, logout, paused, resumed). A visit never called that ended "transferred"
// or "moved" (a guide sent the citizen on while waiting) is left out: the citizen is replayed as
// coming for the service they were sent to. A ticket put back after a no-show is replayed up to the
// no-show. Throws ModelError when the day has no tickets.
RecordedDay recorded_day(SQLite::Database& db, const domain::HallConfig& hall, domain::LocalDate day,
                         const std::vector<domain::Ticket>& tickets);

// The waits a recorded day had, counted as the simulator counts its own (each visit, a transfer a
// new one; called: its wait; left or never called: missed), per service in the hall's order (those
// with any visit), and over all.
struct RecordedWaits {
  std::vector<std::pair<std::string, WaitFigures>> services;
  WaitFigures all;
};
RecordedWaits recorded_waits(const RecordedDay& day, const domain::HallConfig& hall, int target_s);

// Throws ModelError when the database cannot be read or holds no tickets.
RecordedEstimates recorded_estimates(const std::string& db_path, const domain::HallConfig& hall, int days,
                                     std::optional<domain::LocalDate> before = std::nullopt);

}  // namespace hallq::sim
