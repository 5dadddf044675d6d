#include "core/sim/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace hallq::sim {
namespace {

// A share is a count over a count, so a half is a half to within the tolerance, not a binary
// fraction below it.
std::string rounded_text(double x, int decimals, bool sign) {
  const double scale = std::pow(10.0, decimals);
  const double r = std::floor(std::abs(x) * scale + 0.5 + 1e-9) / scale;
  char buf[64];
  if (r == 0) sign = false;  // no "-0.0" nor "+0.0": nothing is nothing
  std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, x < 0 && r != 0 ? -r : r);  // not -0.0
  return buf;
}

}  // namespace

std::string fixed_text(double x, int decimals) {
  return rounded_text(x, decimals, false);
}
std::string signed_text(double x) {
  return rounded_text(x, 1, true);
}

namespace {

// Whole keys, not built from a prefix at run time, so that the translations test finds each in
// the sources and checks it in every language.
constexpr std::array<const char*, 7> kWeekdayWords = {
    "web.staff.weekdays.sun", "web.staff.weekdays.mon", "web.staff.weekdays.tue", "web.staff.weekdays.wed",
    "web.staff.weekdays.thu", "web.staff.weekdays.fri", "web.staff.weekdays.sat"};
constexpr std::array<const char*, 12> kMonthWords = {
    "sim.report.months.jan", "sim.report.months.feb", "sim.report.months.mar", "sim.report.months.apr",
    "sim.report.months.may", "sim.report.months.jun", "sim.report.months.jul", "sim.report.months.aug",
    "sim.report.months.sep", "sim.report.months.oct", "sim.report.months.nov", "sim.report.months.dec"};

const char* time_kind_key(ServiceTime::Kind k) {
  switch (k) {
    case ServiceTime::Kind::exponential:
      return "sim.report.time.exponential";
    case ServiceTime::Kind::lognormal:
      return "sim.report.time.lognormal";
    case ServiceTime::Kind::fixed:
      return "sim.report.time.fixed";
    case ServiceTime::Kind::empirical:
      return "sim.report.time.empirical";
  }
  return "sim.report.time.lognormal";
}

std::string two_digits(int n) {
  return (n < 10 ? "0" : "") + std::to_string(n);
}

double minutes(double s) {
  return s / 60.0;
}

// An estimator's error as the tables give it: "3.4 (-1.4)", minutes.
std::string error_text(const EstimatorError& x) {
  return fixed_text(minutes(x.mae_s), 1) + " (" + signed_text(minutes(x.bias_s)) + ")";
}

// The service's name in the words' language (Chinese where the hall has none in it), or its code
// when the hall does not know it.
std::string name_in(const domain::HallConfig& hall, const std::string& code, const std::string& lang) {
  const domain::Service* s = hall.service(code);
  if (s == nullptr) return code;
  return s->names.in(lang);
}

// "service A (Business start-up)", "业务 A（企业开办）".
std::string service_heading(const config::Translations& words, const domain::HallConfig& hall,
                            const std::string& code) {
  return words.get("sim.report.service", {{"code", code}, {"name", name_in(hall, code, words.lang())}});
}

// "wait mean 7.6 min, p90 21.1 min, 82.2% within target".
std::string waits_text(const config::Translations& words, const WaitFigures& w) {
  if (w.called == 0) return words.get("sim.report.no_waits");  // no waits, not waits of 0
  return words.get("sim.report.waits", {{"mean", fixed_text(minutes(w.mean_s), 1)},
                                        {"p90", fixed_text(minutes(w.p90_s), 1)},
                                        {"within", fixed_text(w.within_target * 100, 1)}});
}

// A table for a terminal: the first `left` columns left-aligned (labels), the others right-aligned
// (figures), each as wide as its widest cell or heading in terminal columns (so a heading in
// Chinese or Mongolian stays over its figures), two spaces apart, no spaces at the ends of lines.
// A table that would be wider than kWide columns breaks each heading wider than its figures onto
// two lines, at a space or before a full-width "（", where that makes its column narrower and
// leaves each line three columns or more.
class TextTable {
 public:
  static constexpr std::size_t kWide = 100;
  explicit TextTable(std::vector<std::string> headings, std::size_t left = 1) : left_(left) {
    rows_.push_back(std::move(headings));
  }
  void column(std::string heading) { rows_.front().push_back(std::move(heading)); }  // before any row
  void left_last() { last_left_ = true; }  // the last column left-aligned too (a list, not a figure)
  void row(std::vector<std::string> cells) {
    cells.resize(rows_.front().size());
    rows_.push_back(std::move(cells));
  }
  std::string str(const std::string& indent) const {
    const std::vector<std::string>& head = rows_.front();
    const std::size_t n = head.size();
    std::vector<std::size_t> cells(n, 0), width(n, 0);
    for (std::size_t r = 1; r < rows_.size(); ++r)
      for (std::size_t i = 0; i < n; ++i) cells[i] = std::max(cells[i], config::columns(rows_[r][i]));
    std::size_t total = config::columns(indent) + 2 * (n > 0 ? n - 1 : 0);
    for (std::size_t i = 0; i < n; ++i) {
      width[i] = std::max(cells[i], config::columns(head[i]));
      total += width[i];
    }
    std::vector<std::string> top(n), bottom = head;
    if (total > kWide)
      for (std::size_t i = 0; i < n; ++i) {
        if (config::columns(head[i]) <= cells[i]) continue;
        auto [first, second] = broken(head[i]);
        std::size_t w = std::max({cells[i], config::columns(first), config::columns(second)});
        if (first.empty() || w >= width[i]) continue;
        top[i] = std::move(first);
        bottom[i] = std::move(second);
        width[i] = w;
      }
    std::string out;
    auto line_of = [&](const std::vector<std::string>& r) {
      std::string line = indent;
      for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) line += "  ";
        bool left = i < left_ || (last_left_ && i + 1 == n);
        line += left ? config::pad(r[i], width[i]) : config::pad_left(r[i], width[i]);
      }
      line.erase(line.find_last_not_of(' ') + 1);
      out += line + "\n";
    };
    if (std::any_of(top.begin(), top.end(), [](const std::string& t) { return !t.empty(); })) line_of(top);
    line_of(bottom);
    for (std::size_t r = 1; r < rows_.size(); ++r) line_of(rows_[r]);
    return out;
  }

 private:
  // A heading in two lines as even as can be (the wider of the two narrowest), or {"", heading}
  // where it has nowhere to break.
  static std::pair<std::string, std::string> broken(const std::string& heading) {
    static const std::string kParen = "\xEF\xBC\x88";  // （
    std::pair<std::string, std::string> best{"", heading};
    std::size_t best_w = config::columns(heading);
    auto consider = [&](std::string first, std::string second) {
      std::size_t w = std::max(config::columns(first), config::columns(second));
      // Not a word or two cut off ("Erlang" over "C"): each line at least three columns.
      if (config::columns(first) >= 3 && config::columns(second) >= 3 && w < best_w) {
        best_w = w;
        best = {std::move(first), std::move(second)};
      }
    };
    for (std::size_t at = 0; at < heading.size(); ++at) {
      if (heading[at] == ' ') consider(heading.substr(0, at), heading.substr(at + 1));
      if (heading.compare(at, kParen.size(), kParen) == 0) consider(heading.substr(0, at), heading.substr(at));
    }
    return best;
  }

 private:
  std::size_t left_;
  bool last_left_ = false;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace

std::string describe_model(const Model& m, const domain::HallConfig& hall, const config::Translations& words) {
  std::string out;
  if (m.fitted_days > 0)
    out += words.get("sim.report.fitted", {{"days", std::to_string(m.fitted_days)}, {"start", m.start.str()}}) + "\n";
  if (m.day_in_progress) out += words.get("sim.report.day_in_progress", {{"day", m.day_in_progress->str()}}) + "\n";
  if (!m.recent_days.empty())
    out += words.get("sim.report.recent_days", {{"n", std::to_string(m.recent_days.size())}}) + "\n";
  for (const auto& s : m.services) {
    out += words.get("sim.report.service_time", {{"service", service_heading(words, hall, s.code)},
                                                 {"kind", words.get(time_kind_key(s.time.kind))},
                                                 {"mean", fixed_text(minutes(s.time.mean_s), 1)},
                                                 {"cv", fixed_text(s.time.cv, 2)}});
    if (s.fitted_visits > 0) out += words.get("sim.report.visits", {{"n", std::to_string(s.fitted_visits)}});
    out += words.get("sim.report.no_show", {{"share", fixed_text(s.no_show * 100, 1)}});
    if (s.transfer > 0)
      out += words.get("sim.report.transfer", {{"share", fixed_text(s.transfer * 100, 1)}, {"to", s.transfer_to}});
    if (s.patience_s > 0) out += words.get("sim.report.patience", {{"minutes", fixed_text(minutes(s.patience_s), 0)}});
    std::string days;
    int busiest = 1;
    for (int wd = 0; wd < 7; ++wd) {
      days += (wd > 0 ? " " : "") + words.get(kWeekdayWords[static_cast<std::size_t>(wd)]) + " " +
              fixed_text(s.arrivals_on(wd), 1);
      if (s.arrivals_on(wd) > s.arrivals_on(busiest)) busiest = wd;
    }
    out += "\n  " + words.get("sim.report.arrivals_a_day", {{"days", days}});
    std::string hours;
    for (int h = 0; h < 24; ++h) {
      double n = 0;
      for (int k = 0; k < 60 / kSlotMinutes; ++k)
        n += s.per_hour[static_cast<std::size_t>(busiest)][static_cast<std::size_t>(h * 60 / kSlotMinutes + k)] *
             kSlotMinutes / 60.0;
      if (n > 0)
        hours += (hours.empty() ? "" : words.get("sim.report.separator")) +
                 words.get("sim.report.hour_arrivals",
                           {{"from", two_digits(h)}, {"to", two_digits(h + 1)}, {"n", fixed_text(n, 1)}});
    }
    if (!hours.empty())  // a service nobody comes for has no hours to list (its days say 0.0)
      out += "\n  " +
             words.get("sim.report.per_hour_on",
                       {{"weekday", words.get(kWeekdayWords[static_cast<std::size_t>(busiest)])}, {"hours", hours}});
    out += "\n";
  }
  // The calendar, when it says anything: each factor with the days it was measured on.
  const ArrivalCalendar& c = m.calendar;
  auto measured = [&](int days, bool too_few) {
    return words.get(too_few ? "sim.report.measured_too_few" : "sim.report.measured",
                     {{"days", words.get("sim.report.days", {{"n", std::to_string(days)}})}});
  };
  std::vector<std::string> parts;
  std::string months;
  for (std::size_t i = 0; i < 12; ++i)
    if (c.month[i] != 1 || c.month_days[i] > 0) {
      months += (months.empty() ? "" : " ") + words.get(kMonthWords[i]) + " x" + fixed_text(c.month[i], 2);
      if (c.month_days[i] > 0) months += measured(c.month_days[i], c.month_days[i] < 5);
    }
  if (!months.empty()) parts.push_back(months);
  if (c.after_holiday != 1 || c.after_holiday_days > 0)
    parts.push_back(words.get("sim.report.after_holiday") + " x" + fixed_text(c.after_holiday, 2) +
                    measured(c.after_holiday_days, false));
  if (c.makeup_day != 1 || c.makeup_days > 0)
    parts.push_back(words.get("sim.report.makeup_days") + " x" + fixed_text(c.makeup_day, 2) +
                    measured(c.makeup_days, false));
  if (!parts.empty()) {
    std::string joined;
    for (const auto& p : parts) joined += (joined.empty() ? "" : words.get("sim.report.separator")) + p;
    out += words.get("sim.report.calendar", {{"factors", joined}}) + "\n";
  }
  for (const auto& w : m.windows) {
    std::string skills;
    for (const auto& [code, weight] : w.services)
      skills += (skills.empty() ? "" : " ") + code + "=" + std::to_string(weight);
    out += words.get("sim.report.window_skills", {{"window", std::to_string(w.window)}, {"skills", skills}}) + "\n";
  }
  if (m.shifts.empty()) {
    out += words.get("sim.report.no_shifts") + "\n";
  } else {
    for (const auto& sh : m.shifts) {
      out += words.get("sim.report.shift", {{"window", std::to_string(sh.window)},
                                            {"from", domain::format_hhmm(sh.from)},
                                            {"to", domain::format_hhmm(sh.to)}});
      if (!sh.clerk.empty()) out += words.get("sim.report.shift_clerk", {{"clerk", sh.clerk}});
      for (const auto& b : sh.breaks)
        out += words.get("sim.report.shift_break",
                         {{"from", domain::format_hhmm(b.from)}, {"to", domain::format_hhmm(b.to)}});
      out += "\n";
    }
  }
  return out;
}

std::string format_text(const Result& r, const domain::HallConfig& hall, const config::Translations& words) {
  std::string range = r.dates.empty() ? "-" : r.dates.front().str() + ".." + r.dates.back().str();
  std::string out = words.get("sim.report.summary", {{"days", std::to_string(r.dates.size())},
                                                     {"range", range},
                                                     {"seed", std::to_string(r.seed)},
                                                     {"target", std::to_string(r.target_s / 60)},
                                                     {"tickets", std::to_string(r.tickets)},
                                                     {"waits", waits_text(words, r.waits)}}) +
                    "\n";
  for (const auto& s : r.services) {
    if (s.issued == 0 && s.waits.called == 0) continue;
    out += "\n" + words.get("sim.report.counts", {{"service", service_heading(words, hall, s.code)},
                                                  {"issued", std::to_string(s.issued)},
                                                  {"served", std::to_string(s.served)},
                                                  {"no_shows", std::to_string(s.no_shows)},
                                                  {"transferred", std::to_string(s.transferred)},
                                                  {"abandoned", std::to_string(s.abandoned)},
                                                  {"unserved", std::to_string(s.unserved)}});
    if (s.refused > 0) out += words.get("sim.report.refused", {{"n", std::to_string(s.refused)}});
    out += "\n  " + waits_text(words, s.waits) + "\n";
    TextTable hours({words.get("sim.report.col.hour"), words.get("sim.report.col.arrivals"),
                     words.get("sim.report.col.called"), words.get("sim.report.col.wait_mean"),
                     words.get("sim.report.col.wait_p90"), words.get("sim.report.col.within"),
                     words.get("sim.report.col.queue")});
    for (const auto& h : s.hours) {
      bool called = h.waits.called > 0;  // an hour nobody was called in has no waits, not waits of 0
      hours.row({two_digits(h.hour), std::to_string(h.arrivals), std::to_string(h.waits.called),
                 called ? fixed_text(minutes(h.waits.mean_s), 1) : "-",
                 called ? fixed_text(minutes(h.waits.p90_s), 1) : "-",
                 called ? fixed_text(h.waits.within_target * 100, 1) + "%" : "-", fixed_text(h.queue_mean, 1)});
    }
    out += hours.str("  ");
  }
  TextTable windows({words.get("sim.report.col.window"), words.get("sim.report.col.served"),
                     words.get("sim.report.col.staffed_h"), words.get("sim.report.col.busy")},
                    0);
  for (const auto& w : r.windows)
    windows.row({std::to_string(w.number), std::to_string(w.served), fixed_text(w.staffed_s / 3600, 1),
                 fixed_text(w.busy_share() * 100, 1) + "%"});
  out += "\n" + windows.str("");
  out += "\n" + words.get("sim.report.estimates") + "\n";
  if (r.estimate.n == 0) return out + words.get("sim.report.no_waits") + "\n";  // nothing to set them against
  TextTable estimates({words.get("sim.report.col.service"), words.get("sim.report.col.tickets"),
                       words.get("sim.report.col.wait"), words.get("sim.report.estimator.engine"),
                       words.get("sim.report.estimator.naive"), words.get("sim.report.estimator.ql"),
                       words.get("sim.report.estimator.les"), words.get("sim.report.estimator.hol"),
                       words.get("sim.report.estimator.rate"), words.get("sim.report.estimator.replay")});
  // The oracle (hallq-sim --oracle N) only when it was measured; then the range columns.
  if (r.estimate.oracle_measured) estimates.column(words.get("sim.report.estimator.oracle"));
  estimates.column(words.get("sim.report.col.in_range"));
  estimates.column(words.get("sim.report.col.range_shown"));
  auto line = [&](const std::string& label, const EstimateErrors& e) {
    std::vector<std::string> cells = {label, std::to_string(e.n), fixed_text(minutes(e.mean_wait_s), 1)};
    std::vector<EstimatorError> shown = {e.engine, e.naive, e.ql, e.les, e.hol, e.rate, e.replay};
    if (e.oracle_measured) shown.push_back(e.oracle);
    for (const EstimatorError& x : shown) cells.push_back(error_text(x));
    cells.push_back(fixed_text(e.within_range * 100, 0) + "%");
    cells.push_back(fixed_text(e.range_shown * 100, 0) + "%");
    estimates.row(std::move(cells));
  };
  for (const auto& s : r.services)
    if (s.estimate.n > 0) line(s.code, s.estimate);
  line(words.get("sim.report.all"), r.estimate);
  out += estimates.str("");
  return out;
}

namespace {
nlohmann::json waits_json(const WaitFigures& w) {
  return {{"called", w.called}, {"mean_s", w.mean_s}, {"p90_s", w.p90_s}, {"within_target", w.within_target},
          {"waited", w.waited}, {"missed", w.missed}};
}
nlohmann::json estimate_json(const EstimateErrors& e) {
  nlohmann::json j = {{"tickets", e.n},
                      {"mean_wait_s", e.mean_wait_s},
                      {"within_range", e.within_range},
                      {"range_shown", e.range_shown}};
  const std::pair<const char*, const EstimatorError*> named[] = {
      {"engine", &e.engine}, {"naive", &e.naive}, {"ql", &e.ql},         {"les", &e.les},
      {"hol", &e.hol},       {"rate", &e.rate},   {"replay", &e.replay}, {"oracle", &e.oracle}};
  for (const auto& [name, x] : named) {
    if (x == &e.oracle && !e.oracle_measured) continue;  // hallq-sim --oracle N only
    j[std::string(name) + "_mae_s"] = x->mae_s;
    j[std::string(name) + "_bias_s"] = x->bias_s;
  }
  return j;
}

// The recorded days' estimates: only the two the hall keeps (RecordedEstimates).
nlohmann::json told_json(const EstimateErrors& e) {
  return {{"tickets", e.n},
          {"mean_wait_s", e.mean_wait_s},
          {"engine_mae_s", e.engine.mae_s},
          {"engine_bias_s", e.engine.bias_s},
          {"naive_mae_s", e.naive.mae_s},
          {"naive_bias_s", e.naive.bias_s},
          {"within_range", e.within_range},
          {"range_shown", e.range_shown}};
}
}  // namespace

std::string format_recorded_text(const RecordedEstimates& r, const config::Translations& words) {
  std::string out =
      words.get("sim.report.recorded", {{"days", std::to_string(r.days)}, {"from", r.from.str()}, {"to", r.to.str()}}) +
      "\n";
  if (r.all.n == 0) {
    out += words.get("sim.report.recorded_none") + "\n";
  } else {
    TextTable t({words.get("sim.report.col.service"), words.get("sim.report.col.tickets"),
                 words.get("sim.report.col.wait"), words.get("sim.report.estimator.engine"),
                 words.get("sim.report.estimator.naive"), words.get("sim.report.col.ratio"),
                 words.get("sim.report.col.in_range"), words.get("sim.report.col.range_shown")});
    auto line = [&](const std::string& label, const EstimateErrors& e) {
      t.row({label, std::to_string(e.n), fixed_text(minutes(e.mean_wait_s), 1), error_text(e.engine),
             error_text(e.naive), e.naive.mae_s > 0 ? fixed_text(e.engine.mae_s / e.naive.mae_s, 2) : "-",
             fixed_text(e.within_range * 100, 0) + "%", fixed_text(e.range_shown * 100, 0) + "%"});
    };
    for (const auto& [code, e] : r.services) line(code, e);
    line(words.get("sim.report.all"), r.all);
    out += t.str("");
  }
  // The staff console's reports say the same with their table.
  if (r.untold > 0) out += words.get("web.staff.estimates_untold", {{"n", std::to_string(r.untold)}}) + "\n";
  return out;
}

namespace {
// A share against the goal (percent_shown: never above what it is).
std::string share_text(double share) {
  return fixed_text(percent_shown(share), 1);
}
}  // namespace

std::string format_staffing_text(const StaffingAdvice& a, const config::Translations& words) {
  const bool advice = !a.order.empty();
  const std::string separator = words.get("sim.report.separator");
  std::string out = words.get(advice ? "sim.staffing.advice" : "sim.staffing.these_shifts",
                              {{"date", a.date.str()},
                               {"weekday", words.get(kWeekdayWords[static_cast<std::size_t>(a.date.weekday())])},
                               {"share", fixed_text(a.goal.share * 100, 0)},
                               {"minutes", std::to_string(a.goal.target_s / 60)}}) +
                    separator;
  if (advice) {
    out += words.get("sim.staffing.played_each", {{"days", std::to_string(a.goal.replications)}});
    if (a.evaluations > 0) out += words.get("sim.staffing.plans", {{"n", std::to_string(a.evaluations)}});
    if (a.checked_days > 0) out += words.get("sim.staffing.checked", {{"days", std::to_string(a.checked_days)}});
    std::string order;
    for (int n : a.order) order += (order.empty() ? "" : " ") + std::to_string(n);
    out += "\n" + words.get("sim.staffing.order", {{"windows", order}});
  } else {
    out += words.get("sim.staffing.played", {{"days", std::to_string(a.goal.replications)}});
  }
  out += "\n";
  bool unjudged = false, beyond = false;
  TextTable hours({words.get("web.staff.staffing.col.hour"), words.get("web.staff.staffing.col.arrivals"),
                   words.get("web.staff.staffing.col.load"), words.get("web.staff.staffing.col.erlang"),
                   // A replay's windows are the plan's, not advised: "staffed".
                   words.get(advice ? "web.staff.staffing.col.windows" : "web.staff.staffing.col.windows_staffed"),
                   words.get("web.staff.staffing.col.within"), words.get("web.staff.staffing.col.wait_mean"),
                   words.get("web.staff.staffing.col.wait_p90"), words.get("web.staff.staffing.col.open")});
  for (const auto& h : a.hours) {
    std::string open;
    for (int n : h.open) open += (open.empty() ? "" : " ") + std::to_string(n);
    std::string skills;
    for (const auto& s : h.skills) skills += (skills.empty() ? "" : " ") + s;
    if (!open.empty()) open += " (" + skills + ")";
    bool called = h.called > 0;  // an hour nobody was called in has no waits to show
    // Its share, though, where citizens started waiting in it: 0% when none of them was called.
    bool shown = called || h.judged;
    std::string within = share_text(h.within_target) + "%";
    if (!h.judged) within = "(" + within + ")";
    unjudged = unjudged || (called && !h.judged);
    // Erlang C's count as it is, marked where the hall has fewer windows (the hour needs more than it has).
    bool over = a.hall_windows > 0 && h.erlang_guess > a.hall_windows;
    beyond = beyond || over;
    hours.row({two_digits(h.hour), fixed_text(h.arrivals, 1), fixed_text(h.load, 1),
               std::to_string(h.erlang_guess) + (over ? "*" : ""), std::to_string(h.windows), shown ? within : "-",
               called ? fixed_text(minutes(h.wait_mean_s), 1) : "-",
               called ? fixed_text(minutes(h.wait_p90_s), 1) : "-", open});
  }
  hours.left_last();
  out += hours.str("  ");
  if (unjudged) out += words.get("sim.staffing.unjudged") + "\n";
  if (beyond) out += words.get("sim.staffing.erlang_over", {{"windows", std::to_string(a.hall_windows)}}) + "\n";
  out += words.get("sim.staffing.window_hours", {{"n", fixed_text(a.window_hours, 1)}});
  auto missed = [&](const StaffingHour& h) { return h.judged && misses_goal(h.within_target, a.goal.share); };
  bool hour_missed = std::any_of(a.hours.begin(), a.hours.end(), missed);
  if (hour_missed) out += separator + words.get(advice ? "sim.staffing.not_met_advice" : "sim.staffing.not_met");
  out += "\n";
  if (hour_missed) {  // which: the brackets only mark the hours not held to the target
    std::string list;
    for (const auto& h : a.hours)
      if (missed(h)) list += (list.empty() ? "" : " ") + two_digits(h.hour);
    out += words.get("sim.staffing.missed_hours", {{"hours", list}}) + "\n";
  }
  if (!a.services.empty()) {  // how close each is, met or not (one near the target may miss it on other days)
    std::string list;
    for (const auto& s : a.services)
      list += (list.empty() ? "" : "  ") + s.code + " " + share_text(s.within_target) + "%";
    out += words.get("sim.staffing.services_day", {{"list", list}}) + "\n";
  }
  for (const auto& s : a.short_services)
    out +=
        words.get("sim.staffing.service_short", {{"service", s.code}, {"share", share_text(s.within_target)}}) + "\n";
  for (const auto& code : a.unserved) out += words.get("sim.staffing.service_unserved", {{"service", code}}) + "\n";
  return out;
}

std::string format_shifts(const std::vector<Shift>& shifts, const std::string& comment,
                          const std::vector<WindowSkills>& windows) {
  std::string out = "# " + comment + "\n";
  for (const auto& w : windows) {  // a plan's "what if" of skills goes with its shifts
    out += "\n[[window]]\nnumber = " + std::to_string(w.window) + "\nservices = {";
    for (std::size_t i = 0; i < w.services.size(); ++i)
      out += std::string(i > 0 ? ", " : " ") + w.services[i].first + " = " + std::to_string(w.services[i].second);
    out += " }\n";
  }
  for (const auto& s : shifts) {
    out += "\n[[shift]]\nwindow = " + std::to_string(s.window) + "\nfrom = \"" + domain::format_hhmm(s.from) +
           "\"\nto = \"" + domain::format_hhmm(s.to) + "\"\n";
    if (!s.breaks.empty()) {
      out += "breaks = [";
      for (std::size_t i = 0; i < s.breaks.size(); ++i)
        out += std::string(i > 0 ? ", " : "") + "\"" + domain::format_hhmm(s.breaks[i].from) + "-" +
               domain::format_hhmm(s.breaks[i].to) + "\"";
      out += "]\n";
    }
  }
  return out;
}

std::string format_replay_text(const ReplayReport& replay, const Result& r, const domain::HallConfig& hall,
                               const config::Translations& words) {
  const RecordedDay& day = *replay.day;
  const std::string n = std::to_string(day.citizens.size());
  std::string out = (replay.plan.empty() ? words.get("sim.replay.as_staffed", {{"day", day.day.str()}, {"n", n}})
                                         : words.get("sim.replay.as_planned",
                                                     {{"day", day.day.str()}, {"n", n}, {"file", replay.plan}})) +
                    "\n";
  // Who was never called (gave up, or still waiting at the close) beside the waits of those who
  // were: a "what if" with fewer windows can shorten the waits of the called by calling fewer.
  auto both = [&](const std::string& heading, const WaitFigures& was, const WaitFigures& is) {
    const bool missed = was.missed > 0 || is.missed > 0;
    auto line = [&](const char* key, const WaitFigures& w) {
      return words.get(key, {{"waits", waits_text(words, w)}}) +
             (missed ? words.get("sim.replay.missed", {{"n", std::to_string(w.missed)}}) : std::string());
    };
    out += heading + "\n  " + line("sim.replay.recorded", was) + "\n  " + line("sim.replay.replayed", is) + "\n";
  };
  for (const auto& [code, was] : replay.recorded.services) {
    WaitFigures is;
    for (const auto& s : r.services)
      if (s.code == code) is = s.waits;
    both(service_heading(words, hall, code), was, is);
  }
  both(words.get("sim.report.all"), replay.recorded.all, r.waits);
  return out;
}

std::string format_json(const Result& r, const RecordedEstimates* recorded, const ReplayReport* replay) {
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
  if (recorded != nullptr) {
    nlohmann::json services = nlohmann::json::array();
    for (const auto& [code, e] : recorded->services) services.push_back({{"code", code}, {"estimate", told_json(e)}});
    j["recorded"] = {{"from", recorded->from.str()},
                     {"to", recorded->to.str()},
                     {"days", recorded->days},
                     {"untold", recorded->untold},
                     {"estimate", told_json(recorded->all)},
                     {"services", services}};
  }
  if (replay != nullptr) {
    nlohmann::json services = nlohmann::json::array();
    for (const auto& [code, w] : replay->recorded.services)
      services.push_back({{"code", code}, {"waits", waits_json(w)}});
    j["replay"] = {{"day", replay->day->day.str()},
                   {"citizens", replay->day->citizens.size()},
                   {"shifts", replay->plan.empty() ? nlohmann::json("recorded") : nlohmann::json(replay->plan)},
                   {"recorded", {{"waits", waits_json(replay->recorded.all)}, {"services", services}}}};
  }
  return j.dump(2) + "\n";
}

}  // namespace hallq::sim
