// The simulator drives the real engine: the same seed gives the same day,
// long runs of an M/M/c hall agree with Erlang C, and a hall with skills and
// weights lands between the pooled and the split queueing systems.
#include "core/sim/simulator.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>

#include "core/sim/erlang.hpp"
#include "core/sim/report.hpp"
#include "tests/core/sim/hall_parts.hpp"

using namespace hallq;
using sim::Model;
using sim::ServiceModel;

namespace {

using test::service;
using test::window;

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
  m.shifts = {{1, {}, 8 * 60 + 30, 17 * 60, {{12 * 60, 12 * 60 + 45}}, {}},
              {2, {}, 8 * 60 + 30, 17 * 60, {{12 * 60 + 45, 13 * 60 + 30}}, {}},
              {3, {}, 8 * 60 + 30, 17 * 60, {}, {}}};
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

  // Without the wait estimates (staffing plays: Model::estimates) the same days are played, to the
  // millisecond: nothing in the hall depends on what a citizen was told. Only the estimates are gone.
  m.estimates = false;
  sim::Result untold = sim::simulate(hall, m);
  CHECK(other.estimate.n > 300);
  CHECK(untold.estimate.n == 0);
  CHECK(untold.tickets == other.tickets);
  REQUIRE(untold.services.size() == other.services.size());
  for (std::size_t i = 0; i < other.services.size(); ++i) {
    const auto &x = untold.services[i], &y = other.services[i];
    CAPTURE(y.code);
    CHECK(x.served == y.served);
    CHECK(x.no_shows == y.no_shows);
    CHECK(x.abandoned == y.abandoned);
    CHECK(x.waits.called == y.waits.called);
    CHECK(x.waits.mean_s == y.waits.mean_s);
    CHECK(x.waits.p90_s == y.waits.p90_s);
  }
  REQUIRE(untold.hours.size() == other.hours.size());
  for (std::size_t i = 0; i < other.hours.size(); ++i)
    CHECK(untold.hours[i].waits.mean_s == other.hours[i].waits.mean_s);
}

TEST_CASE("simulator: with no shifts given, the windows stay through a service's extended hours and serve out") {
  // The hall issues 08:30-17:00; A also 17:00-18:30 (延时办理). Without [[shift]] entries the
  // windows are staffed from opening to the last issuing minute, so the late tickets are served.
  domain::Service a = service("A", 6);
  a.extended_hours = {{17 * 60, 18 * 60 + 30}};
  auto hall = hall_of({a, service("B", 5)}, {window(1, {{"A", 1}, {"B", 1}}), window(2, {{"A", 1}, {"B", 1}})});
  hall.hours = {{8 * 60 + 30, 17 * 60}};
  Model m;
  ServiceModel sa = arrivals("A", 12, 8 * 60 + 30, 18 * 60 + 30);
  sa.time.kind = sim::ServiceTime::Kind::exponential;
  sa.time.mean_s = 5 * 60;
  ServiceModel sb = arrivals("B", 6, 8 * 60 + 30, 17 * 60);
  sb.time.kind = sim::ServiceTime::Kind::exponential;
  sb.time.mean_s = 4 * 60;
  m.services = {sa, sb};
  m.start = {2026, 12, 7};
  m.days = 3;
  m.seed = 7;
  sim::Result r = sim::simulate(hall, m);
  REQUIRE(r.services.size() == 2);
  CHECK(r.services[0].issued > 3 * 12 * 9);  // A's tickets, the extended 90 minutes among them
  CHECK(r.services[0].unserved == 0);
  CHECK(r.services[1].unserved == 0);
  for (const auto& w : r.windows) CHECK(w.staffed_by_hour[17] > 0.5 * 3 * 3600);  // both windows past 17:00
}

namespace {
// c identical windows, one service, Poisson arrivals, exponential service of
// `mean_s`, offered load `a` erlangs, arrivals 00:00-23:00 and counted
// 01:00-23:00 (each day starts empty: the first hour is the warm-up).
sim::Result mmc(int c, double a, double mean_s, int days, std::uint64_t seed) {
  std::vector<domain::Window> windows;
  for (int i = 1; i <= c; ++i) windows.push_back(window(i, {{"A", 1}}));
  auto hall = hall_of({service("A", 1)}, windows);
  Model m;
  ServiceModel s = arrivals("A", a / mean_s * 3600, 0, 23 * 60);
  s.time.kind = sim::ServiceTime::Kind::exponential;
  s.time.mean_s = mean_s;
  m.services = {s};
  m.measure = {60, 23 * 60};
  m.days = days;
  m.seed = seed;
  return sim::simulate(hall, m);
}

// Days are independent replications (each starts empty): the estimate over all
// of them and its standard error from the day-to-day spread (a ratio estimator:
// each day's sum of waits against its number of visits).
struct Estimate {
  double value = 0, se = 0;
  long n = 0;
};
struct Replications {
  std::vector<double> n, waited, wait_sum;
  Estimate ratio(const std::vector<double>& y) const {
    double sy = 0, sn = 0;
    for (std::size_t i = 0; i < n.size(); ++i) {
      sy += y[i];
      sn += n[i];
    }
    double r = sy / sn, var = 0, k = static_cast<double>(n.size());
    for (std::size_t i = 0; i < n.size(); ++i) var += (y[i] - r * n[i]) * (y[i] - r * n[i]);
    return {r, std::sqrt(var / (k * (k - 1))) / (sn / k), static_cast<long>(sn)};
  }
};

// `days` one-day replications of mmc() on two threads (the machine's two cores).
Replications replicate(int c, double a, double mean_s, int days) {
  Replications out;
  out.n.resize(static_cast<std::size_t>(days));
  out.waited.resize(out.n.size());
  out.wait_sum.resize(out.n.size());
  auto run = [&](int from, int step) {
    for (int d = from; d < days; d += step) {
      sim::Result r = mmc(c, a, mean_s, 1, 1000 + static_cast<std::uint64_t>(d));
      auto i = static_cast<std::size_t>(d);
      out.n[i] = r.waits.called;
      out.waited[i] = r.waits.waited * r.waits.called;
      out.wait_sum[i] = r.waits.mean_s * r.waits.called;
    }
  };
  std::thread other(run, 1, 2);
  run(0, 2);
  other.join();
  return out;
}
}  // namespace

TEST_CASE("simulator: an M/M/4 hall at 70% load matches Erlang C within 2%") {
  // 300 days of 22 counted hours, 1.1 million visits: the day-to-day spread
  // puts the standard error of the mean wait near 0.7% (docs/simulation.md).
  const int c = 4, days = std::getenv("SIM_DAYS") ? std::atoi(std::getenv("SIM_DAYS")) : 300;
  const double a = 2.8, mean_s = 60;
  Replications r = replicate(c, a, mean_s, days);
  Estimate pw = r.ratio(r.waited), wq = r.ratio(r.wait_sum);
  double pw_theory = sim::erlang_c(c, a), wq_theory = sim::erlang_c_mean_wait(c, a / mean_s, mean_s);
  MESSAGE(pw.n << " visits: P(wait) " << pw.value << " ± " << pw.se << " against " << pw_theory << ", mean wait "
               << wq.value << " s ± " << wq.se << " against " << wq_theory << " s");
  CHECK(pw.value == doctest::Approx(pw_theory).epsilon(0.02));
  CHECK(wq.value == doctest::Approx(wq_theory).epsilon(0.02));
  // And Erlang C lies within three standard errors: a bias would show here first.
  CHECK(std::abs(pw.value - pw_theory) < 3 * pw.se);
  CHECK(std::abs(wq.value - wq_theory) < 3 * wq.se);
}

TEST_CASE("simulator: windows with skills and weights wait between the pooled and the split halls") {
  // Windows 1 and 2 take A only, window 3 B only, window 4 both (weights 1:1).
  // Exponential 60 s service for both, A at 1.6 erlangs, B at 0.7.
  auto hall = hall_of({service("A", 1), service("B", 1)}, {window(1, {{"A", 1}}), window(2, {{"A", 1}}),
                                                           window(3, {{"B", 1}}), window(4, {{"A", 1}, {"B", 1}})});
  const double mean_s = 60, a_a = 1.6, a_b = 0.7;
  Model m;
  ServiceModel sa = arrivals("A", a_a / mean_s * 3600, 0, 23 * 60);
  ServiceModel sb = arrivals("B", a_b / mean_s * 3600, 0, 23 * 60);
  for (auto* s : {&sa, &sb}) {
    s->time.kind = sim::ServiceTime::Kind::exponential;
    s->time.mean_s = mean_s;
  }
  m.services = {sa, sb};
  m.measure = {60, 23 * 60};
  m.days = 60;
  m.seed = 5;
  sim::Result r = sim::simulate(hall, m);
  const double a = a_a + a_b, lambda = a / mean_s;
  // Lower bound: every window takes everything (one M/M/4 on the total load).
  double pooled = sim::erlang_c_mean_wait(4, lambda, mean_s);
  // Upper bounds: window 4 gone, each service on its own windows (A on M/M/2, B on M/M/1).
  double split_a = sim::erlang_c_mean_wait(2, a_a / mean_s, mean_s);
  double split_b = sim::erlang_c_mean_wait(1, a_b / mean_s, mean_s);
  double split = (a_a * split_a + a_b * split_b) / a;
  MESSAGE(r.waits.called << " visits: mean wait " << r.waits.mean_s << " s (A " << r.services[0].waits.mean_s << ", B "
                         << r.services[1].waits.mean_s << "); pooled M/M/4 " << pooled << " s; split " << split
                         << " s (A on M/M/2 " << split_a << ", B on M/M/1 " << split_b << ")");
  CHECK(r.waits.mean_s > pooled);
  CHECK(r.waits.mean_s < split);
  CHECK(r.services[0].waits.mean_s < split_a);
  CHECK(r.services[1].waits.mean_s < split_b);
  // Window 4 works for both: busier than the pooled hall's average window.
  CHECK(r.windows[3].busy_share() > a / 4);
}

TEST_CASE("simulator: booked appointments check in before their slot and are served first") {
  auto hall = hall_of({service("A", 10)}, {window(1, {{"A", 1}})});
  hall.hours = {{9 * 60, 12 * 60}};
  hall.priorities = {{"appointment", {}, 20, 0}};
  hall.appointments.priority = "appointment";
  Model m;
  ServiceModel a = arrivals("A", 8, 9 * 60, 12 * 60);  // about 80% of the window, without the appointments
  a.time.kind = sim::ServiceTime::Kind::exponential;
  a.time.mean_s = 6 * 60;
  m.services = {a};
  m.appointments = {{"A", {9 * 60 + 30, 10 * 60 + 30, 11 * 60 + 30}, 1.0, 15}};
  m.days = 4;
  std::map<std::string, domain::Ticket> booked;  // by day and number, as last seen
  sim::Result r = sim::simulate(hall, m, [&](domain::Changes&& c, domain::LocalDate) {
    for (auto& t : c.tickets)
      if (t.channel == "appointment") booked[t.day.str() + t.number] = t;
  });
  REQUIRE(booked.size() == 12);  // three a day, everyone came
  double waited = 0;
  for (const auto& [key, t] : booked) {
    CHECK(t.priority == "appointment");
    CHECK(!t.appointment.empty());
    CHECK(t.state() == domain::TicketState::done);
    waited += static_cast<double>(domain::seconds_between(t.issued_at, t.current().called_at));
  }
  // Called before the walk-ins: they wait at most for the citizen being served.
  MESSAGE("appointments waited " << waited / 12 << " s on average, everyone " << r.waits.mean_s << " s");
  CHECK(waited / 12 < r.waits.mean_s / 2);
  CHECK(r.services[0].issued > 12);
}

TEST_CASE("figures in the tables: a bias that rounds to nothing is 0.0, never -0.0 or +0.0") {
  CHECK(sim::signed_text(-0.01) == "0.0");
  CHECK(sim::signed_text(0.04) == "0.0");
  CHECK(sim::signed_text(-0.06) == "-0.1");
  CHECK(sim::signed_text(1.25) == "+1.3");
  CHECK(sim::fixed_text(-0.004, 2) == "0.00");
  CHECK(sim::fixed_text(-2.5, 0) == "-3");
}
