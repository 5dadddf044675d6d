// The wait a citizen is told at take against the wait that followed, over the
// demo hall's scenario set (docs/simulation.md, "Wait estimates"): the issue's
// bar (at most half the naive estimate's mean absolute error) where it is met,
// the naive estimate beaten where it is not, and the range's coverage; and the oracle, which shows
// where no estimate from the state at take can meet the bar.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/config/config.hpp"
#include "core/sim/model.hpp"
#include "core/sim/simulator.hpp"
#include "tests/support/process.hpp"

using namespace hallq;

namespace {

sim::Result run(const config::Config& cfg, const std::string& scenario) {
  sim::Model m = sim::load_scenario(test::source_path("assets/sim/demo-" + scenario + ".toml"), cfg.hall);
  m.days = 100;  // as the table in docs/simulation.md: over 20 days a service's figure moves by up to 0.1 with the seed
  return sim::simulate(cfg.hall, m);
}

}  // namespace

TEST_CASE("wait estimates over the demo scenarios: the bar where met, better than naive everywhere") {
  config::Config cfg = config::load_config(test::source_path("assets/halls/demo.toml"));
  for (const char* scenario : {"weekday", "rush", "compressed"}) {
    sim::Result r = run(cfg, scenario);
    for (const auto& s : r.services) {
      const sim::EstimateErrors& e = s.estimate;
      if (e.n < 100) continue;
      CAPTURE(scenario);
      CAPTURE(s.code);
      INFO("engine " << e.engine.mae_s / 60 << " min, naive " << e.naive.mae_s / 60 << " min");
      std::string at = std::string(scenario) + " " + s.code;
      if (at == "compressed A" || at == "rush B" || at == "rush D" || at == "weekday B" || at == "weekday D" ||
          at == "weekday E")
        CHECK(e.engine.mae_s <= 0.5 * e.naive.mae_s);  // the issue's bar
      else
        CHECK(e.engine.mae_s < 0.9 * e.naive.mae_s);  // not the bar: docs/simulation.md says why
      // The range given at take holds about the middle of the waits.
      CHECK(e.within_range > 0.5);
      CHECK(e.within_range < 0.9);
    }
  }
}

// The issue's own measurement: a hall that serves A in about 8 s while the demo hall configures 15
// minutes. The tickets taken before three visits had ended used to be told the configured minutes,
// about 12 minutes for a wait of seconds: the error was 0.64 of the mean wait; 0.28 once the first
// visits done were believed, 0.26 since each day starts from the recent days.
TEST_CASE("a hall that serves in seconds is told seconds from the first visits that end") {
  config::Config cfg = config::load_config(test::source_path("assets/halls/demo.toml"));
  sim::Model m = sim::parse_scenario(R"(
[sim]
start = "2026-12-07"
days = 20
seed = 1
[[service]]
code = "A"
time = "exponential"
mean_minutes = 0.1333
arrivals = { "08:30-08:45" = 1692 }
)" + std::string(R"(
[[shift]]
window = 1
from = "08:30"
to = "13:00"
[[shift]]
window = 2
from = "08:30"
to = "13:00"
[[shift]]
window = 3
from = "08:30"
to = "13:00"
[[shift]]
window = 4
from = "08:30"
to = "13:00"
)"),
                                     "seconds.toml", cfg.hall);
  sim::Result r = sim::simulate(cfg.hall, m);
  const sim::EstimateErrors& e = r.estimate;
  REQUIRE(e.n > 2000);
  INFO("engine " << e.engine.mae_s << " s for a mean wait of " << e.mean_wait_s << " s");
  CHECK(e.mean_wait_s > 8);
  CHECK(e.engine.mae_s < 0.5 * e.mean_wait_s);  // 0.26; 0.64 with the configured minutes
}

// The oracle (Model::oracle_runs): the median wait over replicas of the rest of the day, played on
// from the state at take with the future drawn afresh. It measures; it must not change the day.
TEST_CASE("the oracle bounds what any estimate at take can reach, and leaves the simulation alone") {
  config::Config cfg = config::load_config(test::source_path("assets/halls/demo.toml"));
  sim::Model m = sim::load_scenario(test::source_path("assets/sim/demo-weekday.toml"), cfg.hall);
  m.days = 6;  // a few of the table's days, and fewer replicas: the suite's time is short
  sim::Result plain = sim::simulate(cfg.hall, m);
  m.oracle_runs = 10;
  sim::Result r = sim::simulate(cfg.hall, m);
  CHECK_FALSE(plain.estimate.oracle_measured);
  REQUIRE(r.estimate.oracle_measured);

  // The same citizens, the same waits, the same estimates given.
  CHECK(r.tickets == plain.tickets);
  CHECK(r.waits.mean_s == plain.waits.mean_s);
  CHECK(r.estimate.n == plain.estimate.n);
  CHECK(r.estimate.engine.mae_s == plain.estimate.engine.mae_s);

  // Knowing the model and the state exactly, it beats the engine over the hall...
  INFO("oracle " << r.estimate.oracle.mae_s / 60 << " min, engine " << r.estimate.engine.mae_s / 60 << " min, naive "
                 << r.estimate.naive.mae_s / 60 << " min");
  // (Over these 6 days, 0.95 of the engine's error; over the table's 100 days, about 0.9.)
  CHECK(r.estimate.oracle.mae_s < 0.98 * r.estimate.engine.mae_s);
  CHECK(std::abs(r.estimate.oracle.bias_s) < std::abs(r.estimate.engine.bias_s));
  // ...and still stays above the issue's bar for the consultation desk (G, one window, exponential
  // visits): no estimate from the state at take can reach half the naive estimate's error there.
  for (const auto& s : r.services)
    if (s.code == "G") {
      CAPTURE(s.estimate.oracle.mae_s / s.estimate.naive.mae_s);
      CHECK(s.estimate.n > 300);
      CHECK(s.estimate.oracle.mae_s > 0.6 * s.estimate.naive.mae_s);
    }
}
