// The engine's wait estimate (engine_estimate.cpp): the queue as it stands, the measured visit
// times, the replay of the call order, and a service's estimate.
#include <doctest/doctest.h>

#include "core/domain/engine.hpp"
#include "tests/core/domain/engine_fixture.hpp"

using namespace hallq::domain;
using namespace hallq::domain::test;
using namespace std::chrono_literals;

TEST_CASE("people ahead and the estimated wait follow the queue and the open windows") {
  Hall h;
  for (int i = 0; i < 4; ++i) h.take("A");
  const Ticket* last = h.engine.find("A004");
  CHECK(h.engine.ahead(*last) == 3);
  // The estimate (docs/simulation.md, "Wait estimates"): the median of the wait, k services to
  // wait through at the windows' rate, (k − 1/3) × 600 s ÷ capacity, averaged with the replay of
  // the open windows' calls once a window is open.
  // No window open: both A windows count as configured, each fully (nothing else waits at
  // window 1), and someone will be at the window: k = 4, (4 − 1/3) × 600 / 2 = 1100 s.
  CHECK(h.engine.ewt_s(*last) == 1100);
  WaitEstimate w = h.engine.wait_estimate(*last);
  CHECK(w.lo_s < w.s);
  CHECK(w.hi_s > w.s);
  // One window, idle, serving only A: k = 3, (3 − 1/3) × 600 = 1600 s; the replay calls A001 now,
  // A002 at 9:10, A003 at 9:20 and A004 at 9:30: (1600 + 1800) / 2.
  h.open(3, "c3", "3333");
  CHECK(h.engine.ewt_s(*last) == 1700);
  h.call(3);
  CHECK(h.engine.ahead(*last) == 2);
  CHECK(h.engine.ewt_s(*last) == 1700);                // busy now: two ahead and the one served
  CHECK(h.engine.ewt_s(*h.engine.find("A001")) == 0);  // being served
  h.open(1, "c1", "1111");                             // a second window for A: its delays now count too
  h.clock.advance(3min);
  // k = 2 (window 1 idle), capacity 2: ql 600 s, median 500 s; the head has waited 180 s and
  // A001, the last called, 0 s: (500 + 180 + 0) / 3 = 227 s. The replay: window 1 calls A002 now,
  // window 3 A003 at 9:10 (A001 has 7 of its 10 minutes left), window 1 A004 at 9:13: 600 s.
  CHECK(h.engine.ewt_s(*last) == 413);  // (226.7 + 600) / 2
  auto loads = h.engine.loads();
  CHECK(loads[0].waiting == 3);
  CHECK(loads[0].issued == 4);
  h.clock.advance(2min);
  CHECK(h.engine.loads()[0].longest_wait_s == 300);
}

TEST_CASE("measured service times replace the configured minutes once three are done") {
  Hall h;
  h.open(3, "c3", "3333");
  for (int i = 0; i < 5; ++i) h.take("A");
  for (int i = 0; i < 3; ++i) {
    h.call(3);
    h.clock.advance(4min);
  }
  REQUIRE(h.engine.finish(3).ok());
  // Three done at 4 min each, window 3 idle: 2 waiting → A005 has 1 ahead: the median of one
  // service, (1 − 1/3) × 240 = 160 s; the replay: A004 now, A005 at 240 s. (160 + 240) / 2.
  CHECK(h.engine.ewt_s(*h.engine.find("A005")) == 200);
}

TEST_CASE("the replay plays the call order on: skills, weights, the visits under way") {
  Hall h;
  h.open(1, "c1", "1111");  // A (weight 2) and B
  h.open(3, "c3", "3333");  // A only
  h.take("A");
  h.take("A");
  const Ticket* a3 = h.take("A");
  const Ticket* b1 = h.take("B");
  CHECK(h.call(1) == "A001");
  CHECK(h.call(3) == "A002");
  // Both windows free at 9:10 (A's 10 configured minutes). Window 1 then weighs A003's ten
  // minutes double against B001's and calls A003; window 3 has nothing more; B001 at 9:20.
  CHECK(h.engine.queue_now(*a3).replay_s == doctest::Approx(600));
  CHECK(h.engine.queue_now(*b1).replay_s == doctest::Approx(1200));
  h.clock.set(at(9, 4));  // four minutes into both visits: six left
  CHECK(h.engine.queue_now(*b1).replay_s == doctest::Approx(960));
  h.clock.set(at(9, 9));  // past two thirds of them: a third of the mean is still counted
  CHECK(h.engine.queue_now(*a3).replay_s == doctest::Approx(200));
  h.open(2, "c2", "2222");  // B and R, idle: it would call B001 now
  CHECK(h.engine.queue_now(*b1).replay_s == doctest::Approx(0));
}

TEST_CASE("a service's estimate is the one the next ticket taken gets") {
  Hall h;
  h.open(1, "c1", "1111");  // A (weight 2) and B
  h.open(3, "c3", "3333");  // A only
  for (int i = 0; i < 3; ++i) h.take("A");
  h.take("B");
  h.call(1);
  h.call(3);
  h.clock.set(at(9, 2));
  auto service = [&](const char* code) {
    for (const auto& l : h.engine.loads())
      if (l.service->code == code) return l.ewt_s;
    return std::int64_t{-1};
  };
  std::int64_t for_a = service("A");
  CHECK(for_a > 0);
  CHECK(h.engine.ewt_s(*h.take("A")) == for_a);
  std::int64_t for_b = service("B");
  CHECK(for_b > for_a);  // window 1 alone takes B, after A003 (weighed double)
  CHECK(h.engine.ewt_s(*h.take("B")) == for_b);
}
