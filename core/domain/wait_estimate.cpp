#include "core/domain/wait_estimate.hpp"

#include <algorithm>
#include <cmath>

namespace hallq::domain {

namespace {
// Services to wait through: the people ahead, and the one at the window unless a window is idle.
double services_to_wait(const QueueNow& q) {
  return q.ahead + (q.idle_window ? 0.0 : 1.0);
}
}  // namespace

WaitCandidates wait_candidates(const QueueNow& q) {
  WaitCandidates c;
  double k = services_to_wait(q);
  if (q.open_windows == 0)
    c.ql = k * q.mean_service_s;  // no window serves it at all: one service at a time, once one does
  else
    c.ql = k * q.mean_service_s / std::max(q.capacity, 1e-9);
  c.les = q.last_wait_s >= 0 ? static_cast<double>(q.last_wait_s) : c.ql;
  c.hol = q.ahead > 0 && q.head_wait_s >= 0 ? static_cast<double>(q.head_wait_s) : c.ql;
  c.rate = q.call_gap_s > 0 && k > 0 ? k * q.call_gap_s : c.ql;
  c.replay = q.replay_s >= 0 ? q.replay_s : c.ql;
  return c;
}

WaitEstimate estimate_wait(const QueueNow& q) {
  WaitCandidates c = wait_candidates(q);
  double k = services_to_wait(q);
  // ql is the mean of the wait; its median, which makes the absolute error smallest, is lower:
  // for k services at a steady rate the wait is Erlang(k), whose median is close to k − 1/3.
  double s = k > 0 ? c.ql * (k - 1.0 / 3.0) / k : 0.0;
  // Where windows are shared, the call order (the longest weighted wait) gives a long queue more
  // than its weight share and a short one less, so the capacity ql counts is off either way; the
  // delays actually seen (the head of the line now, the last visit called) carry what the call
  // order did. Their mean with ql measured best over the scenarios of docs/simulation.md. A single
  // window is its own capacity, and there ql alone is best; with no window open the delays say
  // nothing yet.
  if (q.open_windows > 1 && !q.closed && q.ahead > 0 && q.head_wait_s >= 0) s = (s + c.hol + c.les) / 3;
  // The replay plays the hall's own call order over the queue as it stands, skills and weights and
  // the visits under way included, and the day's rota where the hall has one, so it needs no
  // capacity; what it leaves out (arrivals that overtake, citizens who leave, the spread of visit
  // times) the blend above partly carries. Weighed 3 : 1 with it, it measured best over the
  // scenarios (docs/simulation.md: the replay alone is better on an ordinary day, worse in a rush).
  // With nothing to wait through by ql's count (a window that serves it is free, nobody ahead)
  // while the replay has that window call others first (the longest weighted wait, before its
  // clerk has pressed "next"), ql's 0 is no estimate at all: the replay alone.
  if (q.replay_s >= 0 && (!q.closed || q.planned)) s = k == 0 && c.replay > 0 ? c.replay : (s + 3 * c.replay) / 4;
  WaitEstimate e;
  e.s = static_cast<std::int64_t>(s + 0.5);
  // The middle of Erlang(k): about 0.67 standard deviations (s ÷ √k) either side.
  double spread = s * 0.67 / std::sqrt(std::max(k, 1.0));
  e.lo_s = static_cast<std::int64_t>(std::max(0.0, s - spread) + 0.5);
  e.hi_s = static_cast<std::int64_t>(s + spread + 0.5);
  return e;
}

}  // namespace hallq::domain
