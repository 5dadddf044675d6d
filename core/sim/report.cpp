#include "core/sim/report.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace hallq::sim {
namespace {

const char* const kWeekdayShort[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

std::string printf_str(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

std::string name_of(const domain::HallConfig& hall, const std::string& code) {
  const domain::Service* s = hall.service(code);
  if (s == nullptr) return code;
  return s->names.en.empty() ? s->names.zh : s->names.en;
}

double minutes(double s) {
  return s / 60.0;
}

}  // namespace

std::string describe_model(const Model& m, const domain::HallConfig& hall) {
  std::string out;
  if (m.fitted_days > 0)
    out += printf_str("model fitted from %d recorded day(s); simulation starts %s\n", m.fitted_days,
                      m.start.str().c_str());
  for (const auto& s : m.services) {
    out += printf_str("service %s (%s): %s, mean %.1f min, cv %.2f", s.code.c_str(), name_of(hall, s.code).c_str(),
                      std::string(to_string(s.time.kind)).c_str(), minutes(s.time.mean_s), s.time.cv);
    if (s.fitted_visits > 0) out += printf_str(" (%d visits)", s.fitted_visits);
    out += printf_str("; no-show %.1f%%", s.no_show * 100);
    if (s.transfer > 0) out += printf_str("; transfer %.1f%% to %s", s.transfer * 100, s.transfer_to.c_str());
    if (s.patience_s > 0) out += printf_str("; patience %.0f min", minutes(s.patience_s));
    out += "\n  arrivals a day:";
    int busiest = 1;
    for (int wd = 0; wd < 7; ++wd) {
      out += printf_str(" %s %.1f", kWeekdayShort[wd], s.arrivals_on(wd));
      if (s.arrivals_on(wd) > s.arrivals_on(busiest)) busiest = wd;
    }
    out += printf_str("\n  per hour on %s:", kWeekdayShort[busiest]);
    for (int h = 0; h < 24; ++h) {
      double n = 0;
      for (int k = 0; k < 60 / kSlotMinutes; ++k)
        n += s.per_hour[static_cast<std::size_t>(busiest)][static_cast<std::size_t>(h * 60 / kSlotMinutes + k)] *
             kSlotMinutes / 60.0;
      if (n > 0) out += printf_str(" %02d:%.1f", h, n);
    }
    out += "\n";
  }
  // The calendar, when it says anything: each factor with the days it was measured on.
  const ArrivalCalendar& c = m.calendar;
  std::string calendar;
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < 12; ++i)
    if (c.month[i] != 1 || c.month_days[i] > 0) {
      calendar += printf_str(" %s x%.2f", kMonths[i], c.month[i]);
      if (c.month_days[i] > 0)
        calendar += printf_str(" (%d day(s)%s)", c.month_days[i], c.month_days[i] < 5 ? ", too few: 1" : "");
    }
  if (c.after_holiday != 1 || c.after_holiday_days > 0)
    calendar += printf_str("; after a holiday x%.2f (%d day(s))", c.after_holiday, c.after_holiday_days);
  if (c.makeup_day != 1 || c.makeup_days > 0)
    calendar += printf_str("; make-up working days x%.2f (%d day(s))", c.makeup_day, c.makeup_days);
  if (!calendar.empty()) out += "calendar:" + (calendar[0] == ';' ? calendar.substr(1) : calendar) + "\n";
  for (const auto& w : m.windows) {
    out += printf_str("window %d plays with other skills (what if):", w.window);
    for (const auto& [code, weight] : w.services) out += printf_str(" %s=%d", code.c_str(), weight);
    out += "\n";
  }
  if (m.shifts.empty()) {
    out += "shifts: every window staffed through the hall's hours\n";
  } else {
    for (const auto& sh : m.shifts) {
      out += printf_str("shift: window %d, %s-%s", sh.window, domain::format_hhmm(sh.from).c_str(),
                        domain::format_hhmm(sh.to).c_str());
      if (!sh.clerk.empty()) out += " clerk " + sh.clerk;
      for (const auto& b : sh.breaks) out += " break " + domain::format_hhmm(b.from) + "-" + domain::format_hhmm(b.to);
      out += "\n";
    }
  }
  return out;
}

std::string format_text(const Result& r, const domain::HallConfig& hall) {
  std::string out;
  out += printf_str("%zu day(s)", r.dates.size());
  if (!r.dates.empty()) out += printf_str(" %s..%s", r.dates.front().str().c_str(), r.dates.back().str().c_str());
  out += printf_str(", seed %llu, target %d min: %d tickets, wait mean %.1f min, p90 %.1f min, %.1f%% within target\n",
                    static_cast<unsigned long long>(r.seed), r.target_s / 60, r.tickets, minutes(r.waits.mean_s),
                    minutes(r.waits.p90_s), r.waits.within_target * 100);
  for (const auto& s : r.services) {
    if (s.issued == 0 && s.waits.called == 0) continue;
    out += printf_str("\nservice %s (%s): %d issued, %d served, %d no-shows, %d transferred, %d gave up, %d unserved",
                      s.code.c_str(), name_of(hall, s.code).c_str(), s.issued, s.served, s.no_shows, s.transferred,
                      s.abandoned, s.unserved);
    if (s.refused > 0) out += printf_str(", %d refused", s.refused);
    out += printf_str("\n  wait mean %.1f min, p90 %.1f min, %.1f%% within target\n", minutes(s.waits.mean_s),
                      minutes(s.waits.p90_s), s.waits.within_target * 100);
    out += "  hour  arrivals  called  wait mean  wait p90  within  queue\n";
    for (const auto& h : s.hours)
      out += printf_str("  %02d    %8d  %6d  %9.1f  %8.1f  %5.1f%%  %5.1f\n", h.hour, h.arrivals, h.waits.called,
                        minutes(h.waits.mean_s), minutes(h.waits.p90_s), h.waits.within_target * 100, h.queue_mean);
  }
  out += "\nwindow  served  staffed h  busy\n";
  for (const auto& w : r.windows)
    out += printf_str("%6d  %6d  %9.1f  %4.1f%%\n", w.number, w.served, w.staffed_s / 3600, w.busy_share() * 100);
  out += "\nwait estimates at take against the wait that followed: mean absolute error (bias), minutes\n";
  out +=
      "service  tickets   wait  engine ewt_s    naive           ql              les             hol             "
      "rate            in range  range shown\n";
  auto line = [&](const std::string& code, const EstimateErrors& e) {
    out += printf_str("%-7s  %7d  %5.1f", code.c_str(), e.n, minutes(e.mean_wait_s));
    for (const EstimatorError& x : {e.engine, e.naive, e.ql, e.les, e.hol, e.rate})
      out += printf_str("  %5.1f (%+5.1f)", minutes(x.mae_s), minutes(x.bias_s));
    out += printf_str("  %7.0f%%  %10.0f%%\n", e.within_range * 100, e.range_shown * 100);
  };
  for (const auto& s : r.services)
    if (s.estimate.n > 0) line(s.code, s.estimate);
  line("all", r.estimate);
  return out;
}

namespace {
nlohmann::json waits_json(const WaitFigures& w) {
  return {{"called", w.called},
          {"mean_s", w.mean_s},
          {"p90_s", w.p90_s},
          {"within_target", w.within_target},
          {"waited", w.waited}};
}
nlohmann::json estimate_json(const EstimateErrors& e) {
  nlohmann::json j = {{"tickets", e.n},
                      {"mean_wait_s", e.mean_wait_s},
                      {"within_range", e.within_range},
                      {"range_shown", e.range_shown}};
  const std::pair<const char*, const EstimatorError*> named[] = {
      {"engine", &e.engine}, {"naive", &e.naive}, {"ql", &e.ql}, {"les", &e.les}, {"hol", &e.hol}, {"rate", &e.rate}};
  for (const auto& [name, x] : named) {
    j[std::string(name) + "_mae_s"] = x->mae_s;
    j[std::string(name) + "_bias_s"] = x->bias_s;
  }
  return j;
}
}  // namespace

std::string format_json(const Result& r) {
  nlohmann::json j;
  j["days"] = nlohmann::json::array();
  for (const auto& d : r.dates) j["days"].push_back(d.str());
  j["seed"] = r.seed;
  j["target_s"] = r.target_s;
  j["tickets"] = r.tickets;
  j["waits"] = waits_json(r.waits);
  j["estimate"] = estimate_json(r.estimate);
  j["services"] = nlohmann::json::array();
  for (const auto& s : r.services) {
    nlohmann::json hours = nlohmann::json::array();
    for (const auto& h : s.hours)
      hours.push_back(
          {{"hour", h.hour}, {"arrivals", h.arrivals}, {"waits", waits_json(h.waits)}, {"queue_mean", h.queue_mean}});
    j["services"].push_back({{"code", s.code},
                             {"issued", s.issued},
                             {"refused", s.refused},
                             {"served", s.served},
                             {"no_shows", s.no_shows},
                             {"transferred", s.transferred},
                             {"abandoned", s.abandoned},
                             {"unserved", s.unserved},
                             {"waits", waits_json(s.waits)},
                             {"hours", hours},
                             {"estimate", estimate_json(s.estimate)}});
  }
  j["windows"] = nlohmann::json::array();
  for (const auto& w : r.windows) {
    nlohmann::json hours = nlohmann::json::array();
    for (int h = 0; h < 24; ++h) {
      double staffed = w.staffed_by_hour[static_cast<std::size_t>(h)];
      if (staffed <= 0) continue;
      hours.push_back(
          {{"hour", h}, {"staffed_s", staffed}, {"busy_share", w.busy_by_hour[static_cast<std::size_t>(h)] / staffed}});
    }
    j["windows"].push_back({{"number", w.number},
                            {"served", w.served},
                            {"staffed_s", w.staffed_s},
                            {"busy_s", w.busy_s},
                            {"busy_share", w.busy_share()},
                            {"hours", hours}});
  }
  return j.dump(2) + "\n";
}

}  // namespace hallq::sim
