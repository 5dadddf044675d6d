// The simulator drives the real engine: the same seed gives the same day,
// long runs of an M/M/c hall agree with Erlang C, and a hall with skills and
// weights lands between the pooled and the split queueing systems.
#include "core/sim/simulator.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "core/sim/erlang.hpp"
#include "core/sim/report.hpp"

using namespace hallq;
using sim::Model;
using sim::ServiceModel;

namespace {

domain::Service service(std::string code, int minutes) {
  domain::Service s;
  s.code = std::move(code);
  s.names = {s.code, s.code, s.code};
  s.minutes = minutes;
  return s;
}

domain::Window window(int number, std::vector<std::pair<std::string, int>> services) {
  domain::Window w;
  w.number = number;
  w.services = std::move(services);
  return w;
}

// A hall open every day around the clock (the engine's day turns at midnight).
domain::HallConfig hall_of(std::vector<domain::Service> services, std::vector<domain::Window> windows) {
  domain::HallConfig h;
  h.id = "sim-test";
  h.open_weekdays = {0, 1, 2, 3, 4, 5, 6};
  h.services = std::move(services);
  h.windows = std::move(windows);
  h.alarms.wait_minutes = 15;
  return h;
}

ServiceModel arrivals(std::string code, double per_hour, int from_minute, int to_minute) {
  ServiceModel s;
  s.code = std::move(code);
  for (auto& day : s.per_hour)
    for (int slot = from_minute / sim::kSlotMinutes; slot < to_minute / sim::kSlotMinutes; ++slot)
      day[static_cast<std::size_t>(slot)] = per_hour;
  return s;
}

}  // namespace

TEST_CASE("simulator: the same seed plays the same days, another seed other days") {
  auto hall = hall_of({service("A", 8), service("B", 5)},
                      {window(1, {{"A", 2}, {"B", 1}}), window(2, {{"B", 1}}), window(3, {{"A", 1}, {"B", 1}})});
  hall.hours = {{8 * 60 + 30, 17 * 60}};
  Model m;
  ServiceModel a = arrivals("A", 14, 8 * 60 + 30, 17 * 60);
  a.time.kind = sim::ServiceTime::Kind::lognormal;
  a.time.mean_s = 8 * 60;
  a.time.cv = 0.7;
  a.no_show = 0.05;
  a.transfer = 0.1;
  a.transfer_to = "B";
  ServiceModel b = arrivals("B", 12, 8 * 60 + 30, 17 * 60);
  b.time.kind = sim::ServiceTime::Kind::exponential;
  b.time.mean_s = 5 * 60;
  b.patience_s = 40 * 60;
  m.services = {a, b};
  m.shifts = {{1, {}, 8 * 60 + 30, 17 * 60, {{12 * 60, 12 * 60 + 45}}},
              {2, {}, 8 * 60 + 30, 17 * 60, {{12 * 60 + 45, 13 * 60 + 30}}},
              {3, {}, 8 * 60 + 30, 17 * 60, {}}};
  m.start = {2026, 12, 7};
  m.days = 3;
  m.seed = 42;
  std::string first = sim::format_json(sim::simulate(hall, m));
  std::string again = sim::format_json(sim::simulate(hall, m));
  CHECK(first == again);
  m.seed = 43;
  sim::Result other = sim::simulate(hall, m);
  CHECK(sim::format_json(other) != first);

  // What a manager reads: every ticket accounted for, breaks and shifts seen in the windows' hours.
  CHECK(other.dates.size() == 3);
  CHECK(other.tickets > 300);
  for (const auto& s : other.services)
    CHECK(s.issued + (s.code == "B" ? other.services[0].transferred : 0) ==
          s.served + s.no_shows + s.transferred + s.abandoned + s.unserved);
  CHECK(other.services[0].transferred > 0);
  CHECK(other.services[0].no_shows > 0);
  // Window 1: 08:30-17:00 less a 45-minute lunch, then serving out those still holding tickets at closing.
  CHECK(other.windows[0].staffed_s >= 3 * (8.5 - 0.75) * 3600 - 60);
  CHECK(other.windows[0].staffed_s <= 3 * (8.5 - 0.75 + 2) * 3600);
  CHECK(other.windows[0].staffed_by_hour[12] < 0.3 * 3 * 3600);  // the lunch break
}
