// The staffing advice written out: as JSON (docs/simulation.md names the fields), and as the [[shift]]
// entries of a plan file to replay. The table for people is format_staffing_text (report.cpp).
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/sim/report.hpp"
#include "core/sim/staffing.hpp"

namespace hallq::sim {

std::string format_staffing_json(const StaffingAdvice& a) {
  nlohmann::ordered_json j;
  j["date"] = a.date.str();
  j["share"] = a.goal.share;
  j["target_minutes"] = a.goal.target_s / 60.0;
  j["replications"] = a.goal.replications;
  j["evaluations"] = a.evaluations;
  j["checked_days"] = a.checked_days;
  j["met"] = a.met;
  j["window_hours"] = a.window_hours;
  auto& short_services = j["short_services"] = nlohmann::ordered_json::array();
  for (const auto& s : a.short_services)
    short_services.push_back({{"service", s.code}, {"within_target", s.within_target}});
  auto& services = j["services"] = nlohmann::ordered_json::array();
  for (const auto& s : a.services) services.push_back({{"service", s.code}, {"within_target", s.within_target}});
  j["unserved_services"] = a.unserved;
  j["hall_windows"] = a.hall_windows;
  j["order"] = a.order;
  auto& hours = j["hours"] = nlohmann::ordered_json::array();
  // To a thousandth: sums of quarter hours' rates carry binary noise (19.999999999999996).
  auto thousandths = [](double x) { return std::round(x * 1000) / 1000; };
  for (const auto& h : a.hours)
    hours.push_back({{"hour", h.hour},
                     {"arrivals", thousandths(h.arrivals)},
                     {"load", thousandths(h.load)},
                     {"erlang_guess", h.erlang_guess},
                     {"windows", h.windows},
                     {"open", h.open},
                     {"skills", h.skills},
                     {"called", h.called},
                     {"within_target", h.within_target},
                     {"judged", h.judged},
                     {"wait_mean_min", h.wait_mean_s / 60},
                     {"wait_p90_min", h.wait_p90_s / 60}});
  auto& shifts = j["shifts"] = nlohmann::ordered_json::array();
  for (const auto& s : a.shifts) {
    auto breaks = nlohmann::ordered_json::array();  // a --shifts file's; the advice has none
    for (const auto& b : s.breaks)
      breaks.push_back({{"from", domain::format_hhmm(b.from)}, {"to", domain::format_hhmm(b.to)}});
    shifts.push_back({{"window", s.window},
                      {"from", domain::format_hhmm(s.from)},
                      {"to", domain::format_hhmm(s.to)},
                      {"breaks", std::move(breaks)}});
  }
  return j.dump(2) + "\n";
}

std::string format_staffing_shifts(const StaffingAdvice& a, const std::vector<WindowSkills>& windows) {
  return format_shifts(a.shifts,
                       "hallq-sim staffing advice for " + a.date.str() + ": " + fixed_text(a.goal.share * 100, 0) +
                           "% called within " + std::to_string(a.goal.target_s / 60) + " min, " +
                           fixed_text(a.window_hours, 1) + " window-hours",
                       windows);
}

}  // namespace hallq::sim
