#include "server/web/reports.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <xlsxwriter.h>
#include <boost/asio/post.hpp>

#include "core/domain/case_book.hpp"
#include "server/day_figures.hpp"
#include "server/store.hpp"
#include "server/views.hpp"
#include "server/web/html.hpp"

namespace hallq::server::web {

std::string_view to_string(Period p) {
  switch (p) {
    case Period::hour:
      return "hour";
    case Period::day:
      return "day";
    case Period::week:
      return "week";
    case Period::month:
      return "month";
  }
  return "day";
}

std::optional<Period> period_from_string(std::string_view s) {
  for (Period p : {Period::hour, Period::day, Period::week, Period::month})
    if (to_string(p) == s) return p;
  return std::nullopt;
}

namespace {

std::chrono::sys_days days_of(const domain::LocalDate& d) {
  return std::chrono::sys_days{std::chrono::year{d.year} / static_cast<unsigned>(d.month) /
                               static_cast<unsigned>(d.day)};
}

}  // namespace

std::string two_digits(int v) {
  char b[4];
  std::snprintf(b, sizeof b, "%02d", v % 100);
  return b;
}

std::string iso_week(const domain::LocalDate& d) {
  int monday_based = (d.weekday() + 6) % 7;  // 0 Monday … 6 Sunday
  domain::LocalDate thursday = d.plus_days(3 - monday_based);
  auto jan1 = days_of({thursday.year, 1, 1});
  int week = static_cast<int>((days_of(thursday) - jan1).count()) / 7 + 1;
  return std::to_string(thursday.year) + "-W" + two_digits(week);
}

std::optional<int> busy_percent(const WindowUse& u) {
  if (u.open_s <= 0) return std::nullopt;
  return static_cast<int>((u.busy_s * 1000 / u.open_s + 5) / 10);
}

int satisfaction_permille(const RatingRow& r) {
  return rating_row_view(r).satisfaction_permille;
}

std::optional<int> satisfaction_percent(const RatingRow& r) {
  int p = satisfaction_permille(r);
  if (p < 0) return std::nullopt;
  return (p + 5) / 10;
}

EstimateFigures estimate_figures(const ToldParts& p) {
  EstimateFigures f;
  if (p.told == 0) return f;
  auto mean_s = [&](std::int64_t ms) { return ms / p.told / 1000; };  // toward zero, as ms / 1000 is
  auto percent = [](std::int64_t part, std::int64_t whole) { return static_cast<int>((part * 1000 / whole + 5) / 10); };
  f.wait_mean_s = mean_s(p.wait_ms);
  f.system_mae_s = mean_s(p.system_abs_ms);
  f.system_bias_s = mean_s(p.system_sum_ms);
  f.naive_mae_s = mean_s(p.naive_abs_ms);
  f.naive_bias_s = mean_s(p.naive_sum_ms);
  if (p.naive_abs_ms > 0) f.ratio_percent = percent(p.system_abs_ms, p.naive_abs_ms);
  f.within_range_percent = percent(p.within, p.told);
  f.range_shown_percent = percent(p.shown, p.told);
  return f;
}

Reports::Reports(boost::asio::any_io_executor loop, const config::Config& config, std::string db_path)
    : loop_(std::move(loop)), config_(config), db_path_(std::move(db_path)) {}

Reports::~Reports() {
  pool_.join();
}

std::string Reports::check(const domain::LocalDate& from, const domain::LocalDate& to) {
  if (!from.valid() || !to.valid()) return "web.staff.report_error.dates";
  if (to < from) return "web.staff.report_error.range_order";
  if (from.plus_days(kMaxDays - 1) < to) return "web.staff.report_error.range_long";
  return "";
}

void Reports::run(Ask ask, std::function<void(std::variant<Report, std::string>)> done) {
  boost::asio::post(pool_, [this, ask = std::move(ask), done = std::move(done)]() mutable {
    std::variant<Report, std::string> result;
    try {
      auto started = std::chrono::steady_clock::now();
      if (!db_) {
        db_ = std::make_unique<SQLite::Database>(db_path_, SQLite::OPEN_READONLY);
        db_->setBusyTimeout(config_.settings.busy_timeout_ms);
      }
      Report r;
      // One read transaction: the tables are one consistent picture, whatever is committed meanwhile.
      db_->exec("BEGIN");
      try {
        r = compute_report(*db_, ask, config_);
      } catch (...) {
        db_->exec("ROLLBACK");
        throw;
      }
      db_->exec("COMMIT");
      if (ask.file) r.file = ask.file(r);
      r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      result = std::move(r);
    } catch (const std::exception& e) {
      db_.reset();  // opened again next time
      result = std::string("the report could not be made: ") + e.what();
    }
    boost::asio::post(loop_,
                      [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  });
}

// ------------------------------------------------------------------ computing

namespace {

std::int64_t ms_to_s(std::int64_t ms) {
  return (ms + 500) / 1000;
}

// The period a day is in (not by hour: that is the hour of each ticket's issue).
std::string period_key(Period p, const domain::LocalDate& d) {
  return p == Period::week ? iso_week(d) : p == Period::month ? d.str().substr(0, 7) : d.str();
}

void add(RatingRow& into, const RatingRow& r) {
  into.offered += r.offered;
  into.rated += r.rated;
  for (int l = 0; l < 5; ++l) into.levels[l] += r.levels[l];
  into.followups += r.followups;
  into.followups_on_time += r.followups_on_time;
}

void case_rows(SQLite::Database& db, const Reports::Ask& ask, const config::Config& config, Report& r) {
  const int rollover = config.hall.rollover_minute;
  domain::ManualClock clock(ask.now);
  domain::CaseBook book(config.hall, clock);  // for its deadline rules only
  std::map<std::string, CaseRow> by;
  SQLite::Statement q(
      db, "SELECT service, state, due, returned_at FROM cases WHERE received_at >= :a AND received_at < :b");
  q.bind(":a", domain::to_unix_ms(domain::from_local(ask.from, rollover)));
  q.bind(":b", domain::to_unix_ms(domain::from_local(ask.to.plus_days(1), rollover)));
  while (q.executeStep()) {
    domain::Case c;
    c.service = q.getColumn(0).getString();
    auto state = domain::case_state_from_string(q.getColumn(1).getString());
    if (!state) throw StoreError("a case has the unknown state " + q.getColumn(1).getString());
    c.state = *state;
    std::string due = q.getColumn(2).getString();
    if (!due.empty()) c.due = domain::LocalDate::parse(due);
    std::int64_t returned = q.getColumn(3).getInt64();
    domain::DueStatus s = book.due_status(c);
    for (CaseRow* row : {&by[c.service], &r.cases_total}) {
      ++row->received;
      if (!domain::ended(c.state)) ++row->open;
      if (c.state == domain::CaseState::handed_over) ++row->handed_over;
      if (c.state == domain::CaseState::ready_for_pickup) ++row->ready;
      if (s.overdue) ++row->overdue;
      if (s.due_soon) ++row->due_soon;
      if (c.state == domain::CaseState::decided_at_window) ++row->decided_at_window;
      if (c.state == domain::CaseState::picked_up) ++row->picked_up;
      if (c.state == domain::CaseState::withdrawn) ++row->withdrawn;
      if (c.due) {
        ++row->with_limit;
        if (returned > 0)
          ++(domain::hall_day(domain::from_unix_ms(returned), rollover) <= *c.due ? row->back_on_time : row->back_late);
      }
    }
  }
  r.cases_total.key = "total";
  for (const auto& s : config.hall.services) {
    auto it = by.find(s.code);
    if (it == by.end()) continue;
    it->second.key = s.code;
    r.cases.push_back(it->second);
    by.erase(it);
  }
  for (auto& [code, row] : by) {
    row.key = code;
    r.cases.push_back(row);
  }
}

// The estimates' rows from what each service's tickets were told: the hall's services in its order,
// then codes it no longer has; services with no ticket called are left out.
void estimate_rows(std::map<std::string, ToldParts> by, const config::Config& config, Report& r) {
  auto add = [&](const std::string& code, const ToldParts& p) {
    if (p.told == 0 && p.untold == 0) return;
    r.estimates.push_back({code, p});
    r.estimates_total.parts.add(p);
  };
  for (const auto& s : config.hall.services) {
    auto it = by.find(s.code);
    if (it == by.end()) continue;
    add(s.code, it->second);
    by.erase(it);
  }
  for (const auto& [code, p] : by) add(code, p);
}

// The days' figures added up: what a report is finished from.
struct Totals {
  domain::StatsTable stats;
  std::map<std::string, domain::StatsParts> periods;
  std::array<std::array<int, 24>, 7> load{};
  bool rated = false;  // any rating row at all (else the total is a row of zeros)
  RatingRow ratings_total{"total"};
  std::map<std::string, RatingRow> ratings_by_clerk, ratings_by_period;
  std::map<int, WindowMs> use;
  std::map<std::string, ToldParts> told;

  void add_day(const domain::LocalDate& day, const DayFigures& f, Period period) {
    stats.add(f.stats);
    int monday_based = (day.weekday() + 6) % 7;
    for (const auto& [h, parts] : f.hours)  // the load: the weekday of the hall day, the hour on the clock
      load[static_cast<std::size_t>(monday_based)][static_cast<std::size_t>(std::clamp(h, 0, 23))] += parts.issued;
    if (period == Period::hour) {
      for (const auto& [h, parts] : f.hours) periods[two_digits(h)].add(parts);
    } else if (f.stats.total.issued > 0) {
      periods[period_key(period, day)].add(f.stats.total);
    }
    for (const auto& [clerk, row] : f.ratings) {
      rated = true;
      add(ratings_total, row);
      RatingRow& by_clerk = ratings_by_clerk[clerk];
      by_clerk.key = clerk;
      add(by_clerk, row);
      if (period != Period::hour) {
        RatingRow& by_period = ratings_by_period[period_key(period, day)];
        by_period.key = period_key(period, day);
        add(by_period, row);
      }
    }
    for (const auto& [w, u] : f.use) {
      WindowMs& into = use[w];
      into.open += u.open;
      into.busy += u.busy;
      into.paused += u.paused;
    }
    for (const auto& [code, p] : f.told) told[code].add(p);
  }

  void finish(const Reports::Ask& ask, const config::Config& config, Report& r) const {
    const std::int64_t target_s = std::int64_t{config.hall.alarms.wait_minutes} * 60;
    r.stats = stats.finish(ask.from, config.hall);
    for (const auto& [key, parts] : periods) {
      PeriodRow row;
      row.key = key;
      row.stats = parts.finish(key, target_s);
      if (ask.period != Period::hour) {
        auto it = ratings_by_period.find(key);
        row.ratings = it == ratings_by_period.end() ? RatingRow{key} : it->second;
      }
      r.periods.push_back(std::move(row));
    }
    r.load = load;
    r.satisfaction.push_back(ratings_total);
    if (rated)
      for (const auto& [clerk, row] : ratings_by_clerk) r.satisfaction.push_back(row);
    r.use_total.key = "total";
    for (const auto& [w, ms] : use) {
      WindowUse u;
      u.key = std::to_string(w);
      u.open_s = ms_to_s(ms.open);
      u.busy_s = ms_to_s(ms.busy);
      u.idle_s = u.open_s - u.busy_s;
      u.paused_s = ms_to_s(ms.paused);
      if (u.open_s == 0 && u.paused_s == 0) continue;
      r.use_total.open_s += u.open_s;
      r.use_total.busy_s += u.busy_s;
      r.use_total.idle_s += u.idle_s;
      r.use_total.paused_s += u.paused_s;
      r.use.push_back(u);
    }
    estimate_rows(told, config, r);
  }
};

}  // namespace

Report compute_report(SQLite::Database& db, const Reports::Ask& ask, const config::Config& config) {
  Report r;
  r.from = ask.from;
  r.to = ask.to;
  r.period = ask.period;
  const int rollover = config.hall.rollover_minute;
  for (auto d = ask.from; d <= ask.to; d = d.plus_days(1)) ++r.days;

  // Closed days from their kept figures; the others (today, days whose rows changed since, days not
  // made yet) from their rows, a run of consecutive days in one go.
  Totals totals;
  auto kept = kept_figures(db, ask.from, ask.to, rollover);
  r.kept_days = static_cast<int>(kept.size());
  for (const auto& [day, f] : kept) totals.add_day(day, f, ask.period);
  for (auto d = ask.from; d <= ask.to;) {
    if (kept.count(d)) {
      d = d.plus_days(1);
      continue;
    }
    auto end = d;
    while (end < ask.to && !kept.count(end.plus_days(1))) end = end.plus_days(1);
    for (const auto& [day, f] : figures_from_rows(db, d, end, rollover, domain::to_unix_ms(ask.now)))
      totals.add_day(day, f, ask.period);
    d = end.plus_days(1);
  }
  totals.finish(ask, config, r);
  case_rows(db, ask, config, r);
  return r;
}

Report compute_report_from_rows(SQLite::Database& db, const Reports::Ask& ask, const config::Config& config) {
  Report r;
  r.from = ask.from;
  r.to = ask.to;
  r.period = ask.period;
  const std::int64_t now_ms = domain::to_unix_ms(ask.now);
  const int rollover = config.hall.rollover_minute;
  for (auto d = ask.from; d <= ask.to; d = d.plus_days(1)) ++r.days;

  std::vector<domain::Ticket> tickets = read_tickets_for_figures(db, ask.from.str(), ask.to.str());
  std::vector<int> hour_of;  // per ticket: the local hour it was issued
  hour_of.reserve(tickets.size());
  LocalHours local_hour;
  for (const auto& t : tickets) hour_of.push_back(local_hour(t.day, t.issued_at));
  std::vector<const domain::Ticket*> all;
  all.reserve(tickets.size());
  for (const auto& t : tickets) all.push_back(&t);
  r.stats = domain::compute_stats(ask.from, all, config.hall);

  // Per period, and the load by weekday and hour.
  std::map<std::string, std::vector<const domain::Ticket*>> groups;
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    const domain::Ticket& t = tickets[i];
    int monday_based = (t.day.weekday() + 6) % 7;
    ++r.load[static_cast<std::size_t>(monday_based)][static_cast<std::size_t>(std::clamp(hour_of[i], 0, 23))];
    groups[ask.period == Period::hour ? two_digits(hour_of[i]) : period_key(ask.period, t.day)].push_back(&t);
  }
  for (auto& [key, group] : groups) {
    PeriodRow row;
    row.key = key;
    row.stats = domain::compute_stats(ask.from, group, config.hall).total;
    row.stats.key = key;
    r.periods.push_back(std::move(row));
  }

  // 好差评: the `ratings` operation's own figures.
  RatingTables ratings(db);
  r.satisfaction = ratings.figures(ask.from.str(), ask.to.str(), "clerk");
  if (ask.period != Period::hour) {
    std::map<std::string, RatingRow> by_period;
    auto days = ratings.figures(ask.from.str(), ask.to.str(), "day");
    for (std::size_t i = 1; i < days.size(); ++i) {  // the total first
      auto d = domain::LocalDate::parse(days[i].key);
      if (!d) continue;
      std::string key = period_key(ask.period, *d);
      RatingRow& into = by_period[key];
      into.key = key;
      add(into, days[i]);
    }
    for (auto& row : r.periods) {
      auto it = by_period.find(row.key);
      row.ratings = it == by_period.end() ? RatingRow{row.key} : it->second;
    }
  }

  // The windows' use: every span of the range together.
  std::map<domain::LocalDate, WindowTimes> by_day;
  window_sessions(db, ask.from, ask.to, now_ms, rollover, by_day);
  WindowTimes times;
  for (auto& [day, t] : by_day) {
    for (auto& [w, spans] : t.open) times.open[w].insert(times.open[w].end(), spans.begin(), spans.end());
    for (auto& [w, spans] : t.paused) times.paused[w].insert(times.paused[w].end(), spans.begin(), spans.end());
  }
  for (const auto& t : tickets)
    serving_spans(t, domain::to_unix_ms(domain::from_local(t.day.plus_days(1), rollover)), now_ms, times);
  std::map<int, WindowUse> use;
  for (auto& [w, spans] : times.serving) use[w];
  for (auto& [w, spans] : times.open) use[w];
  for (auto& [w, spans] : times.paused) use[w];
  r.use_total.key = "total";
  for (auto& [w, u] : use) {
    u.key = std::to_string(w);
    std::vector<Span> open = times.open[w];
    const auto& serving = times.serving[w];
    open.insert(open.end(), serving.begin(), serving.end());  // serving counts as open
    u.open_s = ms_to_s(covered(std::move(open)));
    u.busy_s = ms_to_s(covered(serving));
    u.idle_s = u.open_s - u.busy_s;
    u.paused_s = ms_to_s(covered(times.paused[w]));
    if (u.open_s == 0 && u.paused_s == 0) continue;
    r.use_total.open_s += u.open_s;
    r.use_total.busy_s += u.busy_s;
    r.use_total.idle_s += u.idle_s;
    r.use_total.paused_s += u.paused_s;
    r.use.push_back(u);
  }

  std::map<std::string, ToldParts> told;
  for (const auto& t : tickets) told[t.origin].add_ticket(t);
  estimate_rows(std::move(told), config, r);

  case_rows(db, ask, config, r);
  return r;
}

}  // namespace hallq::server::web
