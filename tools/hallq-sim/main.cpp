// hallq-sim: plays days of a hall through its real queue engine in virtual
// time and prints the waits, queues and windows' busy shares
// (docs/simulation.md). Exit 0 done, 2 usage or input error.
#include <charconv>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "core/config/config.hpp"
#include "core/sim/history.hpp"
#include "core/sim/model.hpp"
#include "core/sim/report.hpp"
#include "core/sim/simulator.hpp"

namespace {

constexpr const char* kUsage =
    "usage: hallq-sim --config HALL.toml [--scenario S.toml] [--from-db HALL.db] [--days N]\n"
    "                 [--sim-days N] [--seed N] [--json]\n"
    "\n"
    "  --config    the hall's configuration (services, windows, skills, weights, hours)\n"
    "  --scenario  arrivals, service times, shifts, breaks, no-shows, transfers,\n"
    "              appointments (format: docs/simulation.md)\n"
    "  --from-db   fit arrivals and service times from the hall's database (read only)\n"
    "              and print the fitted model; a --scenario adds its shifts and\n"
    "              settings, and its [[service]] entries replace the fitted ones\n"
    "  --days N    with --scenario alone: days simulated; with --from-db: recorded\n"
    "              days fitted (default 20)\n"
    "  --sim-days N  with --from-db: days simulated (default 1)\n"
    "  --seed N    the random seed (default: the scenario's, else 1)\n"
    "  --json      the result as JSON (the fitted model then goes to stderr)\n";

bool parse_int(std::string_view s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path, scenario_path, db_path;
  long long days = -1, sim_days = -1, seed = -1;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "hallq-sim: %s needs a value\n%s", argv[i], kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&](long long& out) {
      std::string_view v = value();
      if (!parse_int(v, out) || out < 0) {
        std::fprintf(stderr, "hallq-sim: %.*s is not a number ≥ 0\n", static_cast<int>(v.size()), v.data());
        std::exit(2);
      }
    };
    if (a == "--config") {
      config_path = value();
    } else if (a == "--scenario") {
      scenario_path = value();
    } else if (a == "--from-db") {
      db_path = value();
    } else if (a == "--days") {
      number(days);
    } else if (a == "--sim-days") {
      number(sim_days);
    } else if (a == "--seed") {
      number(seed);
    } else if (a == "--json") {
      json = true;
    } else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "hallq-sim: unknown argument %s\n%s", argv[i], kUsage);
      return 2;
    }
  }
  if (config_path.empty() || (scenario_path.empty() && db_path.empty())) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  try {
    hallq::config::Config cfg = hallq::config::load_config(config_path);
    const hallq::domain::HallConfig& hall = cfg.hall;
    hallq::sim::Model model;
    if (!scenario_path.empty()) model = hallq::sim::load_scenario(scenario_path, hall);
    if (!db_path.empty()) {
      hallq::sim::Model fitted = hallq::sim::fit_history(db_path, hall, days > 0 ? static_cast<int>(days) : 20);
      // The scenario's own services win over the fitted ones.
      for (auto& s : fitted.services)
        if (model.service(s.code) == nullptr) model.services.push_back(std::move(s));
      model.fitted_days = fitted.fitted_days;
      if (scenario_path.empty()) model.start = fitted.start;
      model.days = sim_days > 0 ? static_cast<int>(sim_days) : (scenario_path.empty() ? 1 : model.days);
      std::string described = hallq::sim::describe_model(model, hall);
      std::fputs(described.c_str(), json ? stderr : stdout);
      if (!json) std::fputs("\n", stdout);
    } else if (days > 0) {
      model.days = static_cast<int>(days);
    }
    if (seed >= 0) model.seed = static_cast<std::uint64_t>(seed);
    hallq::sim::Result r = hallq::sim::simulate(hall, model);
    std::string out = json ? hallq::sim::format_json(r) : hallq::sim::format_text(r, hall);
    std::fputs(out.c_str(), stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-sim: %s\n", e.what());
    return 2;
  }
}
