// The wait a citizen is told at take (docs/simulation.md, "Wait estimates"): the
// median of the queue-length estimate, blended with the delays seen where windows
// are shared, and the range around it.
#include "core/domain/wait_estimate.hpp"

#include <doctest/doctest.h>

using namespace hallq::domain;

TEST_CASE("the wait estimate: nothing to wait for, one window, shared windows, a closed hall") {
  QueueNow q;
  q.mean_service_s = 600;
  q.capacity = 1;
  q.open_windows = 1;
  q.idle_window = true;
  WaitEstimate none = estimate_wait(q);  // an idle window and nobody ahead: called at once
  CHECK(none.s == 0);
  CHECK(none.hi_s == 0);
  CHECK_FALSE(wait_range_shown(none));

  q.idle_window = false;
  q.ahead = 2;
  q.head_wait_s = 900;  // a single window: the delays seen are not used
  q.last_wait_s = 60;
  WaitEstimate one = estimate_wait(q);
  CHECK(wait_candidates(q).ql == doctest::Approx(1800));  // three services of 10 minutes
  CHECK(one.s == 1600);                                   // their median: (3 − 1/3) × 600
  CHECK(one.lo_s == 981);                                 // ± 0.67 × 1600 ÷ √3
  CHECK(one.hi_s == 2219);
  CHECK(wait_range_shown(one));

  q.open_windows = 3;
  q.capacity = 2;  // shared: ql 900, median 800, with the head's 900 s and the last one's 60 s
  WaitEstimate shared = estimate_wait(q);
  CHECK(shared.s == 587);  // (800 + 900 + 60) / 3
  CHECK(shared.lo_s < shared.s);
  CHECK(shared.hi_s > shared.s);

  q.closed = true;  // no window open yet: the windows as configured, and the delays say nothing
  CHECK(estimate_wait(q).s == 800);

  q.closed = false;
  q.ahead = 0;  // nobody ahead: nothing in the head's wait is this ticket's
  q.head_wait_s = -1;
  CHECK(estimate_wait(q).s == 200);  // one service in progress at two windows: (1 − 1/3) × 600 / 2
  CHECK_FALSE(wait_range_shown(estimate_wait(q)));
}

TEST_CASE("the replay, where the engine has one, weighs three to the blend's one") {
  QueueNow q;
  q.mean_service_s = 600;
  q.capacity = 2;
  q.open_windows = 3;
  q.ahead = 2;
  q.head_wait_s = 900;
  q.last_wait_s = 60;
  CHECK(estimate_wait(q).s == 587);  // as above: (800 + 900 + 60) / 3
  q.replay_s = 1200;
  CHECK(wait_candidates(q).replay == doctest::Approx(1200));
  CHECK(estimate_wait(q).s == 1047);  // (586.7 + 3 × 1200) / 4
  q.closed = true;                    // no window open: the replay has nobody to play
  CHECK(estimate_wait(q).s == 800);
  q.planned = true;                   // unless the rota says when windows open
  CHECK(estimate_wait(q).s == 1100);  // (800 + 3 × 1200) / 4
}

TEST_CASE("a free window that will call others first: the replay alone, not ql's nothing to wait for") {
  // A B ticket, nobody ahead for B, window 1 (A = 2, B = 1) open and idle with four A waiting
  // longer: its clerk's next press calls A (the longest weighted wait), and so on for all four.
  QueueNow q;
  q.mean_service_s = 600;
  q.capacity = 1;
  q.open_windows = 1;
  q.idle_window = true;
  q.ahead = 0;
  q.replay_s = 2400;
  CHECK(wait_candidates(q).ql == 0);
  CHECK(estimate_wait(q).s == 2400);  // the blend would say (0 + 3 × 2400) / 4 = 1800
  q.replay_s = 0;                     // the free window calls it first
  CHECK(estimate_wait(q).s == 0);
}

TEST_CASE("a wait is within the range told to the nearest second, as the range was told") {
  CHECK(wait_within_range({0, 0, 0}, 0.3));  // told "0 s", called 0.3 s after the take
  CHECK_FALSE(wait_within_range({0, 0, 0}, 0.6));
  WaitEstimate e{100, 80, 120};
  CHECK(wait_within_range(e, 79.5));
  CHECK_FALSE(wait_within_range(e, 79.4));
  CHECK(wait_within_range(e, 120.4));
  CHECK_FALSE(wait_within_range(e, 120.5));
}
