// hallq-bench sim: the simulator's speed on a busy hall (docs/performance.md,
// docs/simulation.md): one day of about 3,000 tickets and a month of them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "core/domain/engine.hpp"
#include "core/sim/simulator.hpp"
#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {
namespace {

// 25 comprehensive windows, four services; each window takes two of them
// (weights 3 and 1), as bench_hall_toml's; open 08:30-17:00 on weekdays.
domain::HallConfig busy_hall() {
  domain::HallConfig h;
  h.id = "bench-sim";
  h.hours = {{8 * 60 + 30, 17 * 60}};
  const char* codes[] = {"A", "B", "C", "D"};
  for (const char* c : codes) {
    domain::Service s;
    s.code = c;
    s.names = {c, c, c};
    s.minutes = 3;
    h.services.push_back(s);
  }
  for (int w = 1; w <= 25; ++w) {
    domain::Window win;
    win.number = w;
    win.services = {{codes[w % 4], 3}, {codes[(w + 1) % 4], 1}};
    h.windows.push_back(win);
  }
  return h;
}

// About 3,000 tickets a day, busier in the morning; lognormal service of 3 min
// (cv 0.6), 5% no-shows, 3% transfers; lunch in two turns.
sim::Model busy_model(int days) {
  sim::Model m;
  const char* codes[] = {"A", "B", "C", "D"};
  for (int i = 0; i < 4; ++i) {
    sim::ServiceModel s;
    s.code = codes[i];
    for (int wd = 1; wd <= 5; ++wd)
      for (int slot = 34; slot < 68; ++slot)  // 08:30-17:00
        s.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = slot < 48 ? 110 : 70;
    s.time.kind = sim::ServiceTime::Kind::lognormal;
    s.time.mean_s = 180;
    s.time.cv = 0.6;
    s.no_show = 0.05;
    s.transfer = 0.03;
    s.transfer_to = codes[(i + 1) % 4];
    m.services.push_back(s);
  }
  for (int w = 1; w <= 25; ++w) {
    int lunch = w % 2 ? 12 * 60 : 12 * 60 + 45;
    m.shifts.push_back({w, {}, 8 * 60 + 30, 17 * 60, {{lunch, lunch + 45}}, {}});
  }
  m.start = {2026, 12, 1};
  m.days = days;
  m.seed = 1;
  return m;
}

// The wait estimate a take answers with (core/domain/wait_estimate.hpp) and the queues' loads
// every change publishes, on the busy hall at mid-morning: every window open and serving, 400
// tickets waiting across the four services.
void estimate_bench(domain::HallConfig hall, int repeat) {
  for (const auto& w : hall.windows) hall.clerks.push_back({"b" + std::to_string(w.number), "", ""});
  domain::ManualClock clock(domain::from_local({2026, 12, 1}, 9 * 60));
  domain::Engine engine(hall, clock, domain::IdHasher(std::vector<std::uint8_t>(32, 7)));
  for (const auto& w : hall.windows) (void)engine.login(w.number, "b" + std::to_string(w.number));
  std::vector<std::string> numbers;
  for (int i = 0; i < 425; ++i) {
    domain::TakeArgs a;
    a.service = hall.services[static_cast<std::size_t>(i % 4)].code;
    numbers.push_back(engine.take(a).value()->number);
    clock.advance(std::chrono::seconds(5));
  }
  for (const auto& w : hall.windows) (void)engine.call_next(w.number);
  const domain::Ticket* last = engine.find(numbers.back());
  // Then again with three citizens of each service given up (taken after the 400th and cancelled,
  // so that the same 399 are ahead of it): the replay then weighs each one ahead by the chance it
  // is still there (docs/architecture.md, "Citizens who give up"). And then with two visits done in
  // a second, far shorter than configured: the services' early means are worked out before each
  // replay (docs/simulation.md, "Visits far shorter than configured"); 397 are ahead.
  const char* giving_up = " (citizens giving up)";
  const char* done_early = " (the same, and two visits done in a second)";
  for (const char* when : {"", giving_up, done_early}) {
    if (when == giving_up)
      for (int i = 0; i < 12; ++i) {
        domain::TakeArgs a;
        a.service = hall.services[static_cast<std::size_t>(i % 4)].code;
        (void)engine.cancel(engine.take(a).value()->number, "left");
      }
    if (when == done_early)
      for (int w : {1, 2}) {
        clock.advance(std::chrono::seconds(1));
        (void)engine.finish(w);
        (void)engine.call_next(w);
      }
    std::vector<double> per_estimate, per_loads;
    std::int64_t sink = 0;
    for (int r = 0; r < repeat; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      for (int i = 0; i < 10'000; ++i) sink += engine.wait_estimate(*last).s;
      auto t1 = std::chrono::steady_clock::now();
      for (int i = 0; i < 1'000; ++i) sink += engine.loads()[0].ewt_s;
      auto t2 = std::chrono::steady_clock::now();
      per_estimate.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / 10'000);
      per_loads.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count() / 1'000);
    }
    std::sort(per_estimate.begin(), per_estimate.end());
    std::sort(per_loads.begin(), per_loads.end());
    int waiting = 0;
    for (const auto& l : engine.loads()) waiting += l.waiting;
    std::printf(
        "  estimate at take (%d waiting, 25 windows)%s: median %.2f µs; loads() of 4 services: median %.2f µs%s\n",
        waiting, when, per_estimate[per_estimate.size() / 2], per_loads[per_loads.size() / 2], sink == 42 ? " " : "");
  }
}

}  // namespace

void sim_bench(int repeat) {
  domain::HallConfig hall = busy_hall();
  std::printf("sim: a busy hall (25 windows, 4 services, ~3,000 tickets a weekday), %d runs each\n", repeat);
  for (int days : {1, 22}) {
    sim::Model m = busy_model(days);
    std::vector<double> ms;
    sim::Result r;
    for (int i = 0; i < repeat; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      r = sim::simulate(hall, m);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2];
    std::printf("  %-6s %2d day(s), %6d tickets: min %7.1f ms  median %7.1f ms  max %7.1f ms  (%.1f µs a ticket)\n",
                days == 1 ? "day" : "month", days, r.tickets, ms.front(), median, ms.back(),
                median * 1000 / std::max(1, r.tickets));
    std::printf("         wait mean %.1f min, p90 %.1f min; window 1 busy %.0f%%\n", r.waits.mean_s / 60,
                r.waits.p90_s / 60, r.windows[0].busy_share() * 100);
  }
  estimate_bench(hall, repeat);
}

}  // namespace hallq::bench
