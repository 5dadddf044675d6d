#pragma once
// The wait a citizen is told when taking a ticket, and the range it is likely
// to fall in. Pure arithmetic on what the engine knows at that moment (the
// engine fills QueueNow); measured against the waits that followed in
// docs/simulation.md ("Wait estimates").
//
// The estimators are those of Ibrahim & Whitt ("Real-time delay estimation
// based on delay history", 2009; "Wait-time predictors for customer service
// systems with time-varying demand and capacity", 2011), for a hall whose
// windows serve several services by weight:
//   ql   queue length: (ahead + 1) × mean service ÷ the skill-weighted capacity
//        (ahead alone when a window that serves the service is idle);
//   les  last to enter service: the wait of the last visit called from the queue;
//   hol  head of the line: how long the oldest visit waiting has waited;
//   rate (ahead + 1) × the recent gap between calls from the queue, measured
//        while it never ran empty (the capacity the call order really gives it).
//   replay the windows played on through the hall's call order as the day's rota has them, each
//        visit its service's mean times the chance that its citizen has not given up by then,
//        nobody arriving (the engine computes it: QueueNow::replay_s).
// Pure: no state, no clock; any thread.

#include <cmath>
#include <cstdint>

namespace hallq::domain {

struct QueueNow {
  int ahead = 0;  // people called before this ticket
  // The day's measured mean (no-shows and transfers in it) once three visits are done; before, the
  // configured minutes, unless the visits done so far rule them out (engine_estimate.cpp, early_means).
  double mean_service_s = 0;
  // Windows open for the service now, each counted by its weight for the service over the weights
  // of its services that have someone waiting (a window whose other queues are empty counts fully).
  double capacity = 0;
  int open_windows = 0;           // open (clerk in, not paused) windows that serve it
  bool idle_window = false;       // one of them has nobody at it
  bool closed = false;            // none is open: capacity and open_windows count them as configured
  std::int64_t head_wait_s = -1;  // the oldest visit waiting for it: waited so far (-1: nobody)
  std::int64_t last_wait_s = -1;  // the last visit called from its queue today: its wait (-1: none yet)
  double call_gap_s = 0;          // recent mean gap between its calls while its queue never ran empty (0: unknown)
  // The replay: its wait if the windows went on calling in the hall's call order, each visit
  // lasting its service's mean (less where citizens give up: docs/architecture.md), nobody arriving,
  // windows opening and closing only as the day's rota says (-1: not so called, or not computed).
  double replay_s = -1;
  bool planned = false;  // the replay kept to the day's rota (windows' breaks, openings and closings)
};

struct WaitCandidates {
  double ql = 0, les = 0, hol = 0, rate = 0, replay = 0;
};

struct WaitEstimate {
  std::int64_t s = 0;               // the estimate
  std::int64_t lo_s = 0, hi_s = 0;  // the range: lo_s ≤ s ≤ hi_s
};

WaitCandidates wait_candidates(const QueueNow& q);

// The estimator chosen for the situation (wait_estimate.cpp says which and why), and its range.
WaitEstimate estimate_wait(const QueueNow& q);

// Whether the citizen is told the range ("约 10–15 分钟") rather than one number: when it
// spans kWideRangeS or more.
constexpr std::int64_t kWideRangeS = 5 * 60;
inline bool wait_range_shown(const WaitEstimate& e) {
  return e.hi_s - e.lo_s >= kWideRangeS;
}

// Whether a wait fell within the range told (lo_s..hi_s, whole seconds): the wait to the nearest
// second, as it was told, so that "0 s" holds for a ticket called 0.3 s after it was taken.
inline bool wait_within_range(const WaitEstimate& e, double wait_s) {
  std::int64_t s = std::llround(wait_s);
  return s >= e.lo_s && s <= e.hi_s;
}

}  // namespace hallq::domain
