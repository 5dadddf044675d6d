// The engine's wait estimate (engine_estimate.cpp): the queue as it stands, the measured visit
// times, the replay of the call order, the day's rota, and a service's estimate.
#include <doctest/doctest.h>

#include <cmath>

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
  // wait through at the windows' rate, (k − 1/3) × 600 s ÷ capacity, weighed 1 : 3 with the replay
  // of the windows' calls once a window is open.
  // No window open: both A windows count as configured, each fully (nothing else waits at
  // window 1), and someone will be at the window: k = 4, (4 − 1/3) × 600 / 2 = 1100 s.
  CHECK(h.engine.ewt_s(*last) == 1100);
  WaitEstimate w = h.engine.wait_estimate(*last);
  CHECK(w.lo_s < w.s);
  CHECK(w.hi_s > w.s);
  // One window, idle, serving only A: k = 3, (3 − 1/3) × 600 = 1600 s; the replay calls A001 now,
  // A002 at 9:10, A003 at 9:20 and A004 at 9:30: (1600 + 3 × 1800) / 4.
  h.open(3, "c3", "3333");
  CHECK(h.engine.ewt_s(*last) == 1750);
  h.call(3);
  CHECK(h.engine.ahead(*last) == 2);
  CHECK(h.engine.ewt_s(*last) == 1750);                // busy now: two ahead and the one served
  CHECK(h.engine.ewt_s(*h.engine.find("A001")) == 0);  // being served
  h.open(1, "c1", "1111");                             // a second window for A: its delays now count too
  h.clock.advance(3min);
  // k = 2 (window 1 idle), capacity 2: ql 600 s, median 500 s; the head has waited 180 s and
  // A001, the last called, 0 s: (500 + 180 + 0) / 3 = 227 s. The replay: window 1 calls A002 now,
  // window 3 A003 at 9:10 (A001 has 7 of its 10 minutes left), window 1 A004 at 9:13: 600 s.
  CHECK(h.engine.ewt_s(*last) == 507);  // (226.7 + 3 × 600) / 4
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
  // service, (1 − 1/3) × 240 = 160 s; the replay: A004 now, A005 at 240 s. (160 + 3 × 240) / 4.
  CHECK(h.engine.ewt_s(*h.engine.find("A005")) == 220);
}

TEST_CASE("visits far shorter than configured are believed before three have ended") {
  // A hall that serves A in seconds although 10 minutes are configured (the measurement in issue 14).
  Hall h;
  h.open(1, "c1", "1111");
  h.open(3, "c3", "3333");
  for (int i = 0; i < 4; ++i) h.take("A");
  CHECK(h.call(3) == "A001");
  CHECK(h.call(1) == "A002");
  h.clock.advance(8s);
  CHECK(h.call(3) == "A003");  // A001 ended after 8 s
  const Ticket* a4 = h.engine.find("A004");
  // At 10 configured minutes, one visit ending in the 16 s at the windows (8 ended, 8 under way)
  // would happen 2.6% of the time: the mean is taken as 16 s ÷ 1 ended. k = 1, capacity 2: ql 8 s,
  // median 5.3 s; the replay: window 1 free in 8 s (16 less the 8 A002 has had), window 3 in 16 s.
  CHECK(h.engine.queue_now(*a4).mean_service_s == doctest::Approx(16));
  CHECK(h.engine.ewt_s(*a4) == 7);  // (5.3 + 3 × 8) / 4; with the configured minutes, 494 s
  // Nothing more done while the visits under way go on: past 0.051 of 600 s at the windows (8 + 16
  // + 8 = 32 s eight seconds later), one visit done is plausible at 10 minutes again.
  h.clock.advance(8s);
  CHECK(h.engine.queue_now(*a4).mean_service_s == doctest::Approx(600));
}

TEST_CASE("transfers and no-shows early in the day are time at the window, not visits done") {
  Hall h;
  h.open(1, "c1", "1111");
  h.open(3, "c3", "3333");
  for (int i = 0; i < 5; ++i) h.take("A");
  CHECK(h.call(3) == "A001");
  h.clock.advance(5s);
  REQUIRE(h.engine.transfer({.window = 3, .to_service = {}, .to_window = 1}).ok());  // for window 1
  CHECK(h.call(3) == "A002");
  h.clock.advance(1min);
  REQUIRE(h.engine.no_show(3).ok());
  CHECK(h.call(3) == "A003");
  // Two visits ended in 65 s, neither served: they say nothing of how long serving takes.
  // (Taken as visits, two ending in 65 s at 10 minutes would happen 0.6% of the time.)
  CHECK(h.engine.queue_now(*h.engine.find("A005")).mean_service_s == doctest::Approx(600));
  h.clock.advance(10s);
  CHECK(h.call(3) == "A004");  // A003 done after 10 s
  // One done in 75 s at the window (5 + 60 + 10): at 10 minutes, 12% of the time. Plausible, where
  // the 10 s done alone would not have been (1.7%).
  CHECK(h.engine.queue_now(*h.engine.find("A005")).mean_service_s == doctest::Approx(600));
  // A quick one more (3 s; 78 s at the window, two done): at 10 minutes, 0.8% of the time.
  h.clock.advance(3s);
  CHECK(h.call(3) == "A005");
  h.take("A");
  CHECK(h.engine.queue_now(*h.engine.find("A006")).mean_service_s == doctest::Approx(39));
  // A restart counts the same.
  Engine copy(h.config, h.clock, IdHasher({1, 2, 3, 4}));
  copy.restore(h.engine.state());
  CHECK(copy.queue_now(*copy.find("A006")).mean_service_s == doctest::Approx(39));
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

TEST_CASE("a no-show costs a window the time until it was marked, not a visit") {
  Hall h;
  h.open(3, "c3", "3333");
  for (int i = 0; i < 6; ++i) h.take("A");
  for (int i = 0; i < 3; ++i) {
    h.call(3);
    h.clock.advance(4min);
  }
  REQUIRE(h.engine.finish(3).ok());
  h.call(3);
  h.clock.advance(1min);
  REQUIRE(h.engine.no_show(3).ok());
  // Three visits of 4 minutes and a no-show after 1: a call from A costs window 3 (3 × 240 + 60) / 4.
  CHECK(h.engine.queue_now(*h.engine.find("A006")).mean_service_s == doctest::Approx(195));
}

namespace {
Shift shift(int window, int from, int to, std::vector<Interval> breaks = {}) {
  return Shift{window, {}, from, to, std::move(breaks), {}};
}
}  // namespace

TEST_CASE("the replay keeps to the day's rota: breaks, shifts still to come, shifts over") {
  Hall h;
  h.open(3, "c3", "3333");  // A only, idle at 9:00
  for (int i = 0; i < 4; ++i) h.take("A");
  const Ticket* a4 = h.engine.find("A004");
  // No rota: window 3 calls A001 now, then one every 10 minutes: A004 at 9:30.
  CHECK_FALSE(h.engine.queue_now(*a4).planned);
  CHECK(h.engine.queue_now(*a4).replay_s == doctest::Approx(1800));

  // Window 3 has a break at 9:30-10:00 and window 1 (A weighs 2, and B) starts at 10:00: A004 is
  // called at 10:00, by whichever is first.
  h.engine.set_rota({shift(3, 9 * 60, 17 * 60 + 30, {{9 * 60 + 30, 10 * 60}}), shift(1, 10 * 60, 17 * 60 + 30)});
  CHECK(h.engine.queue_now(*a4).planned);
  CHECK(h.engine.queue_now(*a4).replay_s == doctest::Approx(3600));
  // B's windows (1 and 2) are all closed now: without a rota no replay, with it window 1 at 10:00
  // calls A004 first (waited an hour, weighed double), then B001 at 10:10.
  const Ticket* b1 = h.take("B");
  QueueNow b = h.engine.queue_now(*b1);
  CHECK(b.closed);
  CHECK(b.replay_s == doctest::Approx(4200));
  CHECK(h.engine.wait_estimate(*b1).s > 3000);  // not the ten minutes of a window that is not there

  // Window 3's shift ends at 9:15 (before closing, so it hands over): A001 and A002, then nothing.
  h.engine.set_rota({shift(3, 9 * 60, 9 * 60 + 15)});
  CHECK(h.engine.queue_now(*h.engine.find("A002")).replay_s == doctest::Approx(600));
  CHECK(h.engine.queue_now(*a4).replay_s == -1);
}

TEST_CASE("at closing a window's clerk serves everyone left, and one whose shift ends earlier hands over") {
  Hall h;
  h.clock.set(at(17, 10));
  h.open(3, "c3", "3333");
  for (int i = 0; i < 4; ++i) h.take("A");
  const Ticket* a4 = h.engine.find("A004");
  // To closing (17:30): A001 at 17:10, …, A004 at 17:40, after the shift.
  h.engine.set_rota({shift(3, 9 * 60, 17 * 60 + 30)});
  CHECK(h.engine.queue_now(*a4).replay_s == doctest::Approx(1800));
  // To 17:20: A001 now; at 17:20 the shift is over and the clerk goes.
  h.engine.set_rota({shift(3, 9 * 60, 17 * 60 + 20)});
  CHECK(h.engine.queue_now(*h.engine.find("A001")).replay_s == doctest::Approx(0));
  CHECK(h.engine.queue_now(*h.engine.find("A002")).replay_s == -1);
}

TEST_CASE("a window off its rota plays as it is: a clerk early or working through, one not come") {
  Hall h;
  h.open(3, "c3", "3333");
  for (int i = 0; i < 4; ++i) h.take("A");
  const Ticket* a4 = h.engine.find("A004");
  // Window 3 is planned from 13:00 only, but its clerk is in: it works now, and on.
  h.engine.set_rota({shift(3, 13 * 60, 17 * 60 + 30)});
  CHECK(h.engine.queue_now(*a4).replay_s == doctest::Approx(1800));
  // In a planned break since 8:40 (more than a quarter of an hour), still in: it works through.
  h.engine.set_rota({shift(3, 8 * 60, 17 * 60 + 30, {{8 * 60 + 40, 9 * 60 + 30}})});
  CHECK(h.engine.queue_now(*a4).replay_s == doctest::Approx(1800));
  // Window 1 planned since 8:30 and not open half an hour later: not counted on until its next
  // shift (13:00). Window 3 is paused for its planned break until 9:40.
  h.engine.set_rota({shift(1, 8 * 60 + 30, 12 * 60), shift(1, 13 * 60, 17 * 60 + 30),
                     shift(3, 8 * 60 + 30, 17 * 60 + 30, {{9 * 60, 9 * 60 + 40}})});
  REQUIRE(h.engine.pause(3, "break").ok());
  // Window 3 back at 9:40: A001 then, A002 at 9:50, A003 at 10:00, A004 at 10:10.
  CHECK(h.engine.queue_now(*a4).replay_s == doctest::Approx(70 * 60));
}

TEST_CASE("a window closed for a moment within its planned time is counted back at once") {
  Hall h;
  for (int i = 0; i < 4; ++i) h.take("A");
  const Ticket* a4 = h.engine.find("A004");
  // A morning clerk to 9:00 hands window 3 over to an afternoon one (one span in the plan). At
  // 9:05 the first has gone and the second is not in yet: window 3 is due back now, A004 at 9:35.
  h.engine.set_rota({shift(3, 8 * 60 + 30, 9 * 60), shift(3, 9 * 60, 17 * 60 + 30)});
  h.open(3, "c3", "3333");
  h.clock.set(at(9, 0));
  REQUIRE(h.engine.logout(3).ok());
  h.clock.set(at(9, 5));
  CHECK(h.engine.queue_now(*a4).replay_s == doctest::Approx(1800));
  // Paused for a moment (not a planned break): the same.
  h.open(3, "c3", "3333");
  REQUIRE(h.engine.pause(3, "materials").ok());
  h.clock.set(at(9, 10));
  CHECK(h.engine.queue_now(*a4).replay_s == doctest::Approx(1800));
  // Still away 20 minutes later: no longer counted on today (no later span).
  h.clock.set(at(9, 26));
  CHECK(h.engine.queue_now(*a4).replay_s == -1);
}

TEST_CASE("each day starts from the hall's rota for its weekday") {
  HallConfig config = hall();
  Shift thursday = shift(1, 8 * 60 + 30, 17 * 60 + 30);
  thursday.weekdays = {4};
  Shift friday = shift(2, 8 * 60 + 30, 17 * 60 + 30);
  friday.weekdays = {5};
  Shift every = shift(3, 9 * 60, 12 * 60);
  config.rota = {thursday, friday, every};
  ManualClock clock{at(9, 0)};
  Engine engine{config, clock, IdHasher({1, 2, 3, 4})};
  CHECK(engine.rota() == std::vector<Shift>{thursday, every});
  engine.set_rota({});
  CHECK(engine.rota().empty());
  clock.set(at(4, 0, LocalDate{2026, 11, 27}));  // Friday, after the rollover
  engine.tick();
  CHECK(engine.rota() == std::vector<Shift>{friday, every});
  CHECK(config.rota_on(LocalDate{2026, 11, 28}).empty());  // Saturday: closed
  CHECK(config.rota_on(LocalDate{2026, 12, 1}).empty());   // a closed date
  config.extra_workdays = {LocalDate{2026, 11, 28}};       // a make-up Saturday: as the first open weekday
  Shift monday = shift(1, 8 * 60 + 30, 17 * 60 + 30);
  monday.weekdays = {1};
  config.rota = {friday, monday, every};
  config.open_weekdays = {5, 4, 3, 2, 1};  // as written, not as the week runs
  CHECK(config.rota_on(LocalDate{2026, 11, 28}) == std::vector<Shift>{monday, every});
  CHECK(config.closing_minute() == 17 * 60 + 30);
}

TEST_CASE("citizens who give up waiting shorten the wait of those behind, and a restart keeps it") {
  Hall h;
  for (int i = 0; i < 8; ++i) {  // A001 at 9:00, A002 at 9:01, ..., A008 at 9:07
    h.take("A");
    h.clock.advance(1min);
  }
  const Ticket* last = h.engine.find("A008");
  h.clock.set(at(9, 30));
  REQUIRE(h.engine.cancel("A001", "left").ok());                       // waited 30 minutes
  REQUIRE(h.engine.cancel("A002", "left").ok());                       // 29
  REQUIRE(h.engine.reassign("A003", "B", "wanted B").ok());            // 28, and has not given up
  const Ticket* lost = h.take("A");                                    // a kiosk's ticket that never printed:
  REQUIRE(h.engine.cancel(lost->number, Engine::kNotDelivered).ok());  // nobody gave up
  h.open(3, "c3", "3333");
  // Two have given up: too few to measure by, so each of the four ahead costs its ten minutes.
  CHECK(h.engine.queue_now(*last).replay_s == doctest::Approx(2400));

  // When a ticket with `ahead` before it is called, the first from `free_s` on, each costing 600 s times the
  // chance e^(−rate × minutes from now) that its citizen is still there.
  auto replayed = [](double free_s, int ahead, double per_minute) {
    for (int i = 0; i < ahead; ++i) free_s += 600 * std::exp(-per_minute * free_s / 60);
    return free_s;
  };
  REQUIRE(h.engine.cancel("A004", "left").ok());  // 27
  // Three gave up in 212 minutes waited: 30 + 29 + 28 + 27 ended (the kiosk's ticket waited none),
  // and 26 + 25 + 24 + 23 by A005..A008, still waiting. A005 is called now, A006 after its ten
  // minutes, A007 and A008 a little sooner each.
  CHECK(replayed(0, 3, 3.0 / 212) == doctest::Approx(1581.5).epsilon(0.001));
  CHECK(h.engine.queue_now(*last).replay_s == doctest::Approx(replayed(0, 3, 3.0 / 212)));

  // A call ends a wait too. At 9:35 A005 is called after 31 minutes: 145 minutes of waits ended and
  // 30 + 29 + 28 going on, three given up in 232. A005's visit at the window is its whole ten
  // minutes; A006 and A007 are weighed.
  h.clock.set(at(9, 35));
  CHECK(h.call(3) == "A005");
  CHECK(h.engine.queue_now(*last).replay_s == doctest::Approx(replayed(600, 2, 3.0 / 232)));
  // A restart rebuilds the same from the day's tickets.
  Engine copy(h.config, h.clock, IdHasher({1, 2, 3, 4}));
  copy.restore(h.engine.state());
  CHECK(copy.queue_now(*copy.find("A008")).replay_s == doctest::Approx(replayed(600, 2, 3.0 / 232)));
}

TEST_CASE("a few cancels early in the day do not count as giving up until two hours have been waited") {
  Hall h;
  for (int i = 0; i < 5; ++i) h.take("A");
  h.clock.set(at(9, 10));
  for (const char* n : {"A001", "A002", "A003"}) REQUIRE(h.engine.cancel(n, "left").ok());
  h.open(3, "c3", "3333");
  // 3 × 10 minutes ended and 2 × 10 going on: 50 minutes waited. Each of the one ahead costs its
  // whole ten minutes.
  CHECK(h.engine.queue_now(*h.engine.find("A005")).replay_s == doctest::Approx(600));
}

TEST_CASE("each day starts from what the recent days' calls cost, weighed as 30 calls against the day's own") {
  Hall h;
  h.open(3, "c3", "3333");
  for (int i = 0; i < 30; ++i) {  // Thursday: thirty visits of A, two minutes each (ten configured)
    h.take("A");
    h.call(3);
    h.clock.advance(2min);
    REQUIRE(h.engine.finish(3).ok());
  }
  std::vector<Ticket> thursday;
  for (const Ticket* t : h.engine.tickets()) thursday.push_back(*t);
  h.clock.set(at(9, 0, LocalDate{2026, 11, 27}));  // Friday
  h.engine.tick();
  REQUIRE(h.engine.recent_days().days() == 1);
  CHECK(h.engine.recent_days().of("A") == ServiceMeasure{30 * 120'000, 30, 0, 0});
  h.open(3, "c3", "3333");
  for (int i = 0; i < 3; ++i) h.take("A");
  // Nothing done today: the recent days' two minutes, not the configured ten.
  CHECK(h.engine.queue_now(*h.engine.find("A003")).mean_service_s == doctest::Approx(120));
  CHECK(h.engine.queue_now(*h.engine.find("A003")).replay_s == doctest::Approx(240));
  h.call(3);
  h.clock.advance(5min);
  REQUIRE(h.engine.finish(3).ok());
  // One of five minutes today: (300 + 30 × 120) ÷ 31.
  CHECK(h.engine.queue_now(*h.engine.find("A003")).mean_service_s == doctest::Approx(3900.0 / 31));

  // A server that starts is given its recent days from the store, and a restart of the same day
  // keeps them.
  Engine started(h.config, h.clock, IdHasher({1, 2, 3, 4}));
  started.restore(h.engine.state());
  CHECK(started.queue_now(*started.find("A003")).mean_service_s == doctest::Approx(600));  // early: configured
  started.remember_day(kThursday, thursday);
  CHECK(started.queue_now(*started.find("A003")).mean_service_s == doctest::Approx(3900.0 / 31));
  started.restore(started.state());
  CHECK(started.queue_now(*started.find("A003")).mean_service_s == doctest::Approx(3900.0 / 31));
  // Too few calls to speak for a service (29): the day's early mean, as with no recent days.
  Engine small(h.config, h.clock, IdHasher({1, 2, 3, 4}));
  small.restore(h.engine.state());
  small.remember_day(kThursday, std::vector<Ticket>(thursday.begin(), thursday.begin() + 29));
  CHECK(small.recent_days().of("A").calls == 29);
  CHECK(small.queue_now(*small.find("A003")).mean_service_s == doctest::Approx(600));
}

TEST_CASE("the recent days keep the last twenty, a day given again replacing itself") {
  RecentDays days;
  for (int d = 1; d <= 25; ++d) {
    RecentDays::Measures m;
    m["A"] = ServiceMeasure{d * 1000, 1, 0, 0};
    days.set_day(LocalDate{2026, 10, d}, m);
  }
  CHECK(days.days() == RecentDays::kDays);
  CHECK(days.of("A").calls == 20);
  CHECK(days.of("A").call_ms == (6 + 25) * 20 / 2 * 1000);  // days 6..25
  RecentDays::Measures again;
  again["A"] = ServiceMeasure{0, 5, 0, 0};
  days.set_day(LocalDate{2026, 10, 25}, again);
  CHECK(days.of("A").calls == 24);
  CHECK(days.of("B") == ServiceMeasure{});
}

TEST_CASE("a day the hall issued nothing is none of the twenty, and a day read from the store is the day closed") {
  Hall h;
  h.open(3, "c3", "3333");
  h.take("A");
  h.call(3);
  h.clock.advance(4min);
  REQUIRE(h.engine.finish(3).ok());
  h.take("A");
  h.call(3);
  h.clock.advance(1min);
  REQUIRE(h.engine.no_show(3).ok());
  h.take("A");  // called, and still at the window when the day closes
  h.call(3);
  h.take("B");  // still waiting when the day closes
  h.clock.advance(10min);
  (void)h.engine.take_changes();
  std::vector<Ticket> thursday;
  for (const Ticket* t : h.engine.tickets()) thursday.push_back(*t);
  h.clock.set(at(4, 0, LocalDate{2026, 11, 27}));
  h.engine.tick();
  // The day as the store keeps it: its tickets as the close left them.
  for (const Ticket& closed : h.engine.take_changes().tickets) thursday[closed.ordinal - 1] = closed;
  RecentDays::Measures measures;
  for (const Ticket& t : thursday) ServiceMeasure::add_ticket(t, measures);
  CHECK(measures["A"] == ServiceMeasure{5 * 60'000, 2, 0, 0});  // the one at the window: no call ended
  CHECK(measures["B"] == ServiceMeasure{});                     // its wait ended by the close: left out
  Engine started(h.config, h.clock, IdHasher({1, 2, 3, 4}));
  started.restore(h.engine.state());
  started.remember_day(kThursday, thursday);
  CHECK(started.recent_days().of("A") == h.engine.recent_days().of("A"));
  CHECK(started.recent_days().of("B") == h.engine.recent_days().of("B"));
  // Thirty days on, only weekends and holidays without a ticket among them: Thursday is still there.
  for (int d = 1; d <= 30; ++d) {
    h.clock.set(at(4, 0, LocalDate{2026, 11, 27}.plus_days(d)));
    h.engine.tick();
  }
  CHECK(h.engine.recent_days().days() == 1);
  started.remember_day(kThursday.plus_days(7), std::vector<Ticket>{});
  CHECK(started.recent_days().days() == 1);
  started.remember_day(kThursday.plus_days(7), RecentDays::Measures{});
  CHECK(started.recent_days().days() == 1);
  // The day measured already (a store's read, hallq-sim --from-db's) is the same day to the engine.
  Engine measured(h.config, h.clock, IdHasher({1, 2, 3, 4}));
  measured.remember_day(kThursday, measures);
  CHECK(measured.recent_days().days() == 1);
  CHECK(measured.recent_days().of("A") == started.recent_days().of("A"));
}

TEST_CASE("today's visits rule the recent days' mean out when they are far quicker or slower") {
  // Window 3 calls the next A and serves it for `took`.
  auto serve = [](Hall& h, std::chrono::seconds took) {
    h.call(3);
    h.clock.advance(took);
    REQUIRE(h.engine.finish(3).ok());
  };
  // The recent days: thirty visits of A of two minutes each; then Friday, six waiting.
  Hall h;
  h.open(3, "c3", "3333");
  for (int i = 0; i < 30; ++i) {
    h.take("A");
    serve(h, 2min);
  }
  h.clock.set(at(9, 0, LocalDate{2026, 11, 27}));
  h.engine.tick();
  h.open(3, "c3", "3333");
  for (int i = 0; i < 6; ++i) h.take("A");
  auto mean_s = [&] { return h.engine.queue_now(*h.engine.find("A006")).mean_service_s; };
  SUBCASE("far slower: one visit of twenty minutes") {
    serve(h, 20min);
    // At two minutes, no visit ending in twenty happens e^−10 = 0.0045% of the time: today's own mean.
    CHECK(mean_s() == doctest::Approx(1200));
  }
  SUBCASE("slower, but not beyond belief: one visit of ten minutes") {
    serve(h, 10min);
    // e^−5 = 0.7% of the time at two minutes: the recent days still weigh, (600 + 30 × 120) ÷ 31.
    CHECK(mean_s() == doctest::Approx(4200.0 / 31));
  }
  SUBCASE("far quicker: visits of a few seconds") {
    serve(h, 2s);
    CHECK(mean_s() == doctest::Approx(3602.0 / 31));  // one done in 2 s: 1.7% of the time at two minutes
    serve(h, 2s);
    CHECK(mean_s() == doctest::Approx(3604.0 / 32));  // two done in 4 s: 0.05%, not yet beyond belief
    serve(h, 2s);
    CHECK(mean_s() == doctest::Approx(2));  // three in 6 s: 0.002%
  }
}

TEST_CASE("a recent mean of no measurable time is ruled out by any time today, and a visit run backwards is none") {
  Hall h;
  h.open(3, "c3", "3333");
  for (int i = 0; i < 30; ++i) {  // Thursday: thirty visits finished the moment they were called
    h.take("A");
    h.call(3);
    REQUIRE(h.engine.finish(3).ok());
  }
  h.clock.set(at(9, 0, LocalDate{2026, 11, 27}));
  h.engine.tick();
  h.open(3, "c3", "3333");
  for (int i = 0; i < 4; ++i) h.take("A");
  auto mean_s = [&] { return h.engine.queue_now(*h.engine.find("A004")).mean_service_s; };
  CHECK(mean_s() == 0);
  // The clock set back five seconds during a visit: it measures nothing, and nothing goes negative.
  h.call(3);
  h.clock.set(at(8, 59, LocalDate{2026, 11, 27}) + 55s);
  REQUIRE(h.engine.finish(3).ok());
  CHECK(mean_s() == 0);
  CHECK(h.engine.ewt_s(*h.engine.find("A004")) >= 0);
  h.clock.set(at(9, 0, LocalDate{2026, 11, 27}));
  h.call(3);
  h.clock.advance(20min);
  REQUIRE(h.engine.finish(3).ok());
  CHECK(mean_s() == doctest::Approx(1200));  // today's own
}

TEST_CASE("how often citizens gave up on the recent days discounts those ahead from the day's first ticket") {
  Hall h;
  for (int i = 0; i < 12; ++i) h.take("A");  // Thursday: twelve who each gave up after two hours
  h.clock.set(at(11, 0));
  for (const Ticket* t : h.engine.tickets()) REQUIRE(h.engine.cancel(t->number, "left").ok());
  const Ticket* lost = h.take("A");  // a kiosk's ticket that never printed: nobody gave up
  REQUIRE(h.engine.cancel(lost->number, Engine::kNotDelivered).ok());
  // Still waiting when the day is closed at the rollover, 17 hours later: left out, for the day was
  // closed at 04:00, not when the hall closed (and a server down for days closes it days later).
  h.take("A");
  h.clock.set(at(4, 0, LocalDate{2026, 11, 27}));
  h.engine.tick();
  CHECK(h.engine.recent_days().of("A") == ServiceMeasure{0, 0, 12 * 120 * 60'000, 12});
  // Friday 9:00: five waiting, window 3 open. 12 gave up in 24 hours waited: half an hour. Weighed as
  // ten hours against today's nothing waited yet, that is the rate: each of the four ahead costs its
  // ten minutes times the chance e^(−0.5 × hours from now) that its citizen is still there.
  h.clock.set(at(9, 0, LocalDate{2026, 11, 27}));
  for (int i = 0; i < 5; ++i) h.take("A");
  h.open(3, "c3", "3333");
  double free_s = 0;
  for (int i = 0; i < 4; ++i) free_s += 600 * std::exp(-0.5 * free_s / 3600);
  CHECK(h.engine.queue_now(*h.engine.find("A005")).replay_s == doctest::Approx(free_s));
  CHECK(free_s < 2250);  // nobody gave up today: without the recent days, 2400

  // A clock set back within the day (a demo hall's --time) to 06:00, before the five were taken: the
  // time waited today is never below nothing (−15 hours would make the rate −1 an hour, and each
  // citizen ahead cost more than a visit), so the rate is the recent days' again.
  h.clock.set(at(6, 0, LocalDate{2026, 11, 27}));
  CHECK(h.engine.queue_now(*h.engine.find("A005")).replay_s == doctest::Approx(free_s));
}

TEST_CASE("a ticket keeps what its citizen was told at issue: the estimate then and the naive baseline") {
  Hall h;
  h.take("A");
  h.take("A");
  const Ticket* third = h.take("A");
  // The estimate told is the one the take gives (ewt_s and its range at that moment).
  WaitEstimate w = h.engine.wait_estimate(*third);
  CHECK(third->told.recorded());
  CHECK(third->told.s == w.s);
  CHECK(third->told.lo_s == w.lo_s);
  CHECK(third->told.hi_s == w.hi_s);
  // Naive: people ahead × the configured minutes ÷ the open windows serving it, none open counted as one.
  CHECK(third->told.naive_s == 2 * 600);
  h.open(1, "c1", "1111");
  h.open(2, "c2", "2222");  // B and R only: not a window for A
  h.open(3, "c3", "3333");
  CHECK(h.take("A")->told.naive_s == 3 * 600 / 2);
  REQUIRE(h.engine.pause(1, "meeting").ok());
  const Ticket* fifth = h.take("A");
  CHECK(fifth->told.naive_s == 4 * 600);
  // What it was made from, for the simulator's measurement: while it is the last ticket issued.
  const QueueNow* q = h.engine.queue_at_issue(*fifth);
  REQUIRE(q != nullptr);
  CHECK(estimate_wait(*q).s == fifth->told.s);
  CHECK(q->ahead == 4);
  CHECK(h.engine.queue_at_issue(*third) == nullptr);
  // What was told stays as it was while the live estimate moves on.
  std::int64_t told = fifth->told.s;
  h.call(3);
  h.clock.advance(4min);
  CHECK(h.engine.ewt_s(*fifth) != told);
  CHECK(fifth->told.s == told);
  // A replica's tickets are told nothing (the simulator's oracle issues thousands on replicas).
  ManualClock later{h.clock.now()};
  std::unique_ptr<Engine> r = h.engine.replica(later);
  TakeArgs a;
  a.service = "A";
  auto o = r->take(a);
  REQUIRE(o.ok());
  CHECK_FALSE(o.value()->told.recorded());
  CHECK(r->find("A005")->told.s == told);  // copied with the rest of the day
}
