#pragma once
// The simulator: the hall's real queue engine (domain::Engine, unchanged)
// driven in virtual time. A discrete-event loop moves a ManualClock from one
// event to the next (an arrival, a service ending, a clerk sitting down, a
// break) and makes the engine calls a kiosk and the callers would make: take,
// checkin_code, login, call_next, finish, no_show, transfer, pause, resume,
// cancel (a citizen who gives up), logout. No sockets, no disk, no real time.
//
// Deterministic: the same hall, model and seed give the same result on one
// platform (separate random streams for arrivals, service times, decisions
// and patience, so changing one part of a model leaves the others' draws alone).
//
// Windows call as soon as they are free (a clerk presses "next" at once); when
// a citizen arrives and several free windows could take them, the one free the
// longest calls. A called citizen who does not come is marked a no-show after
// Model::no_show_wait_s. A break that falls while a citizen is served starts
// when they are done; the window is paused for the rest of it.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/domain/changes.hpp"
#include "core/domain/hall.hpp"
#include "core/sim/model.hpp"

namespace hallq::sim {

// Waits of the visits that started waiting in one place (an hour, a service, the hall).
struct WaitFigures {
  int called = 0;            // visits called (their waits are below)
  double mean_s = 0;         // enqueue → first call
  double p90_s = 0;          // nearest rank
  double within_target = 0;  // share called within the target
  double waited = 0;         // share that waited at all (every window busy): Erlang C's P(wait)
  int missed = 0;            // visits never called: gave up, or still waiting when the day ended
};

// One day's visits that started waiting in an hour: all of them (called or not), and those called
// within the target.
struct DayCount {
  int counted = 0, within = 0;
};

struct HourRow {
  int hour = 0;  // local hour of the day the visits started waiting
  int arrivals = 0;
  WaitFigures waits;
  double queue_mean = 0;  // people waiting for the service, averaged over the hour and the days
  // The hall's rows only (Result::hours): each day simulated, in order, how the hour's share within
  // the target came about; how much it varies from day to day (staffing advice's margin).
  std::vector<DayCount> by_day;
};

// The estimate a citizen is given at take against the wait that followed (first call − issue),
// over the tickets that were called. Errors in seconds.
struct EstimatorError {
  double mae_s = 0, bias_s = 0;  // mean absolute error; mean of estimate − wait
};
struct EstimateErrors {
  int n = 0;
  double mean_wait_s = 0;
  EstimatorError engine;  // Engine::ewt_s at take: what the citizen is told
  EstimatorError naive;   // the baseline: ahead × configured minutes ÷ open windows serving it
  // The estimators of core/domain/wait_estimate.hpp, each at take (the engine chooses among them):
  EstimatorError ql, les, hol, rate, replay;
  // The best any estimator could do knowing the hall's state at take and the model exactly, within
  // the replicas' sampling: the median wait over Model::oracle_runs replicas of the rest of the day
  // (arrivals, service times, no-shows, transfers and patience after take drawn afresh; the
  // visits at windows drawn given how long they have lasted). Measured only when oracle_runs > 0.
  bool oracle_measured = false;
  EstimatorError oracle;
  double within_range = 0;  // share of waits within the range given at take [lo, hi]
  double range_shown = 0;   // share of tickets told a range, not one number (wait_range_shown)
};

struct ServiceResult {
  std::string code;
  int issued = 0;   // tickets issued for it (take and appointment check-in)
  int refused = 0;  // takes the engine refused (outside hours, quota)
  int served = 0;   // visits finished as done
  int no_shows = 0;
  int transferred = 0;           // visits transferred on to another service
  int abandoned = 0;             // citizens who gave up waiting
  int unserved = 0;              // still waiting when the day closed
  WaitFigures waits;             // all counted visits
  std::vector<HourRow> hours;    // hours with arrivals or a queue
  std::vector<DayCount> by_day;  // each day simulated: its visits, and those called within the target
  EstimateErrors estimate;
};

struct WindowResult {
  int number = 0;
  int served = 0;
  double staffed_s = 0;  // logged in and not paused
  double busy_s = 0;     // serving (from a call to its end, a no-show's wait included)
  std::array<double, 24> staffed_by_hour{}, busy_by_hour{};
  double busy_share() const { return staffed_s > 0 ? busy_s / staffed_s : 0; }
};

struct Result {
  std::vector<domain::LocalDate> dates;  // the days simulated
  std::uint64_t seed = 0;
  int target_s = 0;
  int tickets = 0;
  WaitFigures waits;  // every counted visit
  EstimateErrors estimate;
  std::vector<ServiceResult> services;  // in the hall's order
  std::vector<HourRow> hours;           // every service together, hours with arrivals or a queue
  std::vector<WindowResult> windows;    // in the hall's order
};

// Receives what the engine changed, as the server's store would (e.g. to write
// a simulated history into a real database), with the engine's day.
using ChangesSink = std::function<void(domain::Changes&&, domain::LocalDate day)>;

// Runs `model` over `hall`. Throws ModelError when the model does not fit the hall. Each call has
// its own engine and clock: calls may run on several threads at once (the tests use two). `hall`
// and `model` are only read, and only during the call; `sink` is called on the calling thread.
Result simulate(const domain::HallConfig& hall, const Model& model, const ChangesSink& sink = {});

}  // namespace hallq::sim
