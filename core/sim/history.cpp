#include "core/sim/history.hpp"

#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/config/paths.hpp"
#include "core/domain/engine.hpp"
#include "core/domain/ticket.hpp"
#include "core/sim/tally.hpp"

namespace hallq::sim {

namespace {

// The calendar's factors: each recorded day's tickets against what its weekday's profile (already in
// `m`) expects. Months from the ordinary days (five or more of a month, else left at 1); then the
// days after a holiday and the make-up days, each against its month.
void fit_calendar(SQLite::Database& db, const std::string& from, const std::string& to, const domain::HallConfig& hall,
                  const std::map<std::string, std::pair<domain::LocalDate, DayKind>>& kind_of, Model& m) {
  std::map<std::string, double> actual;
  SQLite::Statement q(db, "SELECT day, count(*) FROM tickets WHERE day BETWEEN :from AND :to GROUP BY day");
  q.bind(":from", from);
  q.bind(":to", to);
  while (q.executeStep()) actual[q.getColumn(0).getString()] = q.getColumn(1).getDouble();
  const ArrivalCalendar plain;
  auto ratio = [&](const std::string& day, domain::LocalDate date) {
    double expected = 0;
    for (const auto& s : m.services)
      for (double r : arrivals_on_date(s, plain, hall, date)) expected += r * kSlotMinutes / 60.0;
    return expected > 0 ? actual[day] / expected : 1.0;
  };
  std::array<double, 12> month_sum{};
  for (const auto& [day, dk] : kind_of) {
    if (dk.second != DayKind::ordinary) continue;
    auto i = static_cast<std::size_t>(dk.first.month - 1);
    month_sum[i] += ratio(day, dk.first);
    ++m.calendar.month_days[i];
  }
  for (std::size_t i = 0; i < 12; ++i)
    if (m.calendar.month_days[i] >= 5) m.calendar.month[i] = month_sum[i] / m.calendar.month_days[i];
  double after = 0, makeup = 0;
  for (const auto& [day, dk] : kind_of) {
    if (dk.second == DayKind::ordinary) continue;
    double r = ratio(day, dk.first) / m.calendar.month[static_cast<std::size_t>(dk.first.month - 1)];
    if (dk.second == DayKind::after_holiday) {
      after += r;
      ++m.calendar.after_holiday_days;
    } else {
      makeup += r;
      ++m.calendar.makeup_days;
    }
  }
  if (m.calendar.after_holiday_days > 0) m.calendar.after_holiday = after / m.calendar.after_holiday_days;
  if (m.calendar.makeup_days > 0) m.calendar.makeup_day = makeup / m.calendar.makeup_days;
}

// The hall's database, read only; a path that is no hallq database is said so in words.
// The last `days` days with tickets before `before`, newest first.
std::vector<std::string> recorded_days(SQLite::Database& db, const std::string& db_path, int days,
                                       std::optional<domain::LocalDate> before) {
  std::vector<std::string> recorded;
  SQLite::Statement q(db, "SELECT DISTINCT day FROM tickets WHERE day < :before ORDER BY day DESC LIMIT :n");
  q.bind(":before", before ? before->str() : std::string("9999-12-31"));
  q.bind(":n", days);
  while (q.executeStep()) recorded.push_back(q.getColumn(0).getString());
  if (recorded.empty()) throw ModelError(db_path + ": no tickets recorded; nothing to fit");
  return recorded;
}

}  // namespace

std::unique_ptr<SQLite::Database> open_history(const std::string& db_path) {
  if (std::filesystem::is_directory(db_path)) throw ModelError(db_path + ": a directory, not a hall's database");
  // A stopped server's database (no -wal, no -journal) is read as it lies, so that nothing is left
  // beside it; a running one's through the WAL, as the server writes it.
  // (SQLite keeps the -wal beside the file a link points to, so that is where to look.)
  std::error_code ec;
  const std::string real = std::filesystem::canonical(db_path, ec).string();
  const bool stopped = !ec && std::filesystem::is_regular_file(real) && !std::filesystem::exists(real + "-wal") &&
                       !std::filesystem::exists(real + "-journal");
  auto db =
      std::make_unique<SQLite::Database>(stopped ? config::sqlite_immutable_uri(real) : db_path,
                                         stopped ? SQLite::OPEN_READONLY | SQLite::OPEN_URI : SQLite::OPEN_READONLY);
  db->setBusyTimeout(2000);
  if (!db->tableExists("tickets")) throw ModelError(db_path + ": not a hallq database (it has no tickets table)");
  return db;
}

RecordedEstimates recorded_estimates(const std::string& db_path, const domain::HallConfig& hall, int days,
                                     std::optional<domain::LocalDate> before) {
  RecordedEstimates out;
  try {
    std::unique_ptr<SQLite::Database> opened = open_history(db_path);
    SQLite::Database& db = *opened;
    std::vector<std::string> recorded = recorded_days(db, db_path, days, before);
    const std::string from = recorded.back(), to = recorded.front();
    out.from = domain::LocalDate::parse(from).value_or(domain::LocalDate{});
    out.to = domain::LocalDate::parse(to).value_or(domain::LocalDate{});
    out.days = static_cast<int>(recorded.size());
    // Each ticket's first call while still in the queue it was issued to: the audit log's first
    // "called" for its number that day, unless a "reassigned" came first (a guide sent it to
    // another service before anyone called it; the simulator and the reports leave such a ticket
    // out too: what it was told was for a queue it never reached the head of).
    std::map<std::pair<std::string, std::string>, std::int64_t> first_call;
    {
      SQLite::Statement q(db,
                          "SELECT day, number, min(CASE WHEN kind = 'called' THEN id END), "
                          "min(CASE WHEN kind = 'reassigned' THEN id END), min(CASE WHEN kind = 'called' THEN at END) "
                          "FROM events WHERE day BETWEEN :from AND :to AND kind IN ('called', 'reassigned') "
                          "GROUP BY day, number");
      q.bind(":from", from);
      q.bind(":to", to);
      while (q.executeStep()) {
        if (q.getColumn(2).isNull()) continue;  // never called
        if (!q.getColumn(3).isNull() && q.getColumn(3).getInt64() < q.getColumn(2).getInt64()) continue;
        first_call[{q.getColumn(0).getString(), q.getColumn(1).getString()}] = q.getColumn(4).getInt64();
      }
    }
    // A database the server has not yet brought to schema 11 has no record of what was told.
    SQLite::Statement has(db, "SELECT count(*) FROM pragma_table_info('tickets') WHERE name = 'told_s'");
    const bool kept = has.executeStep() && has.getColumn(0).getInt() > 0;
    std::map<std::string, tally::ErrAcc> acc;
    tally::ErrAcc all;
    SQLite::Statement q(db, kept ? "SELECT day, number, origin, issued_at, told_s, told_lo_s, told_hi_s, naive_s "
                                   "FROM tickets WHERE day BETWEEN :from AND :to"
                                 : "SELECT day, number, origin, issued_at, -1, -1, -1, -1 "
                                   "FROM tickets WHERE day BETWEEN :from AND :to");
    q.bind(":from", from);
    q.bind(":to", to);
    while (q.executeStep()) {
      auto call = first_call.find({q.getColumn(0).getString(), q.getColumn(1).getString()});
      if (call == first_call.end()) continue;
      std::int64_t told = q.getColumn(4).getInt64();
      if (told < 0) {
        ++out.untold;
        continue;
      }
      double wait_s = static_cast<double>(call->second - q.getColumn(3).getInt64()) / 1000.0;
      std::array<double, tally::kEstimators> est;
      est.fill(std::nan(""));
      est[0] = static_cast<double>(told);
      est[1] = static_cast<double>(q.getColumn(7).getInt64());
      domain::WaitEstimate range{told, q.getColumn(5).getInt64(), q.getColumn(6).getInt64()};
      acc[q.getColumn(2).getString()].add(wait_s, est, range);
      all.add(wait_s, est, range);
    }
    for (const auto& svc : hall.services) {  // the hall's order, then codes its configuration no longer has
      auto it = acc.find(svc.code);
      if (it == acc.end()) continue;
      out.services.emplace_back(svc.code, it->second.result());
      acc.erase(it);
    }
    for (const auto& [code, a] : acc) out.services.emplace_back(code, a.result());
    out.all = all.result();
  } catch (const SQLite::Exception& e) {
    throw ModelError(db_path + ": " + e.what());
  }
  return out;
}

Model fit_history(const std::string& db_path, const domain::HallConfig& hall, int days,
                  std::optional<domain::LocalDate> before) {
  Model m;
  try {
    std::unique_ptr<SQLite::Database> opened = open_history(db_path);
    SQLite::Database& db = *opened;
    std::vector<std::string> recorded = recorded_days(db, db_path, days, before);
    const std::string from = recorded.back(), to = recorded.front();
    // The weekday profiles come from ordinary days; the days after a holiday and the make-up working
    // days (调休) are measured against them afterwards (the calendar's factors), unless there is no
    // ordinary day at all.
    std::array<int, 7> days_of_weekday{};
    std::map<std::string, int> weekday_of;
    std::map<std::string, std::pair<domain::LocalDate, DayKind>> kind_of;
    int ordinary_days = 0;
    for (const auto& d : recorded) {
      auto date = domain::LocalDate::parse(d);
      if (!date) throw ModelError(db_path + ": a ticket's day \"" + d + "\" is not a date");
      kind_of[d] = {*date, day_kind(hall, *date)};
      ordinary_days += kind_of[d].second == DayKind::ordinary;
    }
    for (const auto& d : recorded) {
      if (ordinary_days > 0 && kind_of[d].second != DayKind::ordinary) continue;
      weekday_of[d] = kind_of[d].first.weekday();
      ++days_of_weekday[static_cast<std::size_t>(weekday_of[d])];
    }
    const double profile_days = static_cast<double>(weekday_of.size());
    // Per service: tickets per weekday and slot, summed over the days.
    struct Acc {
      std::array<std::array<double, kSlots>, 7> count{};
      std::array<double, kSlots> all{};
      double sum = 0, sum2 = 0;
      int n = 0;
      int called = 0, no_shows = 0, transferred = 0;
      std::map<std::string, int> transferred_to;
    };
    std::map<std::string, Acc> acc;
    {
      SQLite::Statement q(db, "SELECT day, origin, issued_at FROM tickets WHERE day BETWEEN :from AND :to");
      q.bind(":from", from);
      q.bind(":to", to);
      while (q.executeStep()) {
        std::string day = q.getColumn(0).getString();
        auto wd = weekday_of.find(day);
        if (wd == weekday_of.end()) continue;
        auto lt = domain::to_local(domain::from_unix_ms(q.getColumn(2).getInt64()));
        int slot = std::clamp(lt.minute / kSlotMinutes, 0, kSlots - 1);
        Acc& a = acc[q.getColumn(1).getString()];
        a.count[static_cast<std::size_t>(wd->second)][static_cast<std::size_t>(slot)] += 1;
        a.all[static_cast<std::size_t>(slot)] += 1;
      }
    }
    {
      SQLite::Statement q(db,
                          "SELECT service, called_at, ended_at FROM tickets WHERE day BETWEEN :from AND :to "
                          "AND state = 'done' AND called_at > 0 AND ended_at >= called_at");
      q.bind(":from", from);
      q.bind(":to", to);
      while (q.executeStep()) {
        double s = static_cast<double>(q.getColumn(2).getInt64() - q.getColumn(1).getInt64()) / 1000.0;
        Acc& a = acc[q.getColumn(0).getString()];
        a.sum += s;
        a.sum2 += s * s;
        ++a.n;
      }
    }
    {
      SQLite::Statement q(db,
                          "SELECT service, kind, detail FROM events WHERE day BETWEEN :from AND :to "
                          "AND kind IN ('called', 'no_show', 'transferred')");
      q.bind(":from", from);
      q.bind(":to", to);
      while (q.executeStep()) {
        Acc& a = acc[q.getColumn(0).getString()];
        std::string kind = q.getColumn(1).getString();
        if (kind == "called") {
          ++a.called;
        } else if (kind == "no_show") {
          ++a.no_shows;
        } else {
          ++a.transferred;
          std::string detail = q.getColumn(2).getString();
          const std::string prefix = "to service ";
          if (detail.rfind(prefix, 0) == 0) ++a.transferred_to[detail.substr(prefix.size())];
        }
      }
    }
    const double slot_hours = kSlotMinutes / 60.0;
    for (const auto& svc : hall.services) {
      ServiceModel s;
      s.code = svc.code;
      s.time.kind = ServiceTime::Kind::lognormal;
      s.time.mean_s = svc.minutes * 60.0;
      auto it = acc.find(svc.code);
      if (it != acc.end()) {
        const Acc& a = it->second;
        for (int wd = 0; wd < 7; ++wd)
          for (int slot = 0; slot < kSlots; ++slot) {
            int n = days_of_weekday[static_cast<std::size_t>(wd)];
            double c = n > 0 ? a.count[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] / n
                             : a.all[static_cast<std::size_t>(slot)] / profile_days;
            s.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = c / slot_hours;
          }
        if (a.n > 0) {
          double mean = a.sum / a.n;
          double var = a.n > 1 ? std::max(0.0, (a.sum2 - a.n * mean * mean) / (a.n - 1)) : 0.0;
          s.time.mean_s = std::max(1.0, mean);
          s.time.cv = mean > 0 ? std::sqrt(var) / mean : 0;
          s.fitted_visits = a.n;
        }
        if (a.called > 0) {
          s.no_show = static_cast<double>(a.no_shows) / a.called;
          int best = 0;
          for (const auto& [code, n] : a.transferred_to)
            if (n > best && hall.service(code) != nullptr && code != s.code) {  // to itself: refused now
              best = n;
              s.transfer_to = code;
            }
          if (!s.transfer_to.empty()) s.transfer = static_cast<double>(best) / a.called;
        }
      }
      m.services.push_back(std::move(s));
    }
    fit_calendar(db, from, to, hall, kind_of, m);
    m.fitted_days = static_cast<int>(recorded.size());
    if (auto last = domain::LocalDate::parse(to)) {  // the first open day after the last recorded one
      m.start = last->plus_days(1);
      for (int i = 0; i < 400 && !hall.open_on(m.start); ++i) m.start = m.start.plus_days(1);
    }
  } catch (const SQLite::Exception& e) {
    throw ModelError(db_path + ": " + e.what());
  }
  return m;
}

RecordedDay recorded_day(SQLite::Database& db, const domain::HallConfig& hall, domain::LocalDate day,
                         const std::vector<domain::Ticket>& tickets) {
  if (tickets.empty()) throw ModelError("no tickets recorded on " + day.str() + "; nothing to replay");
  using domain::TicketState;
  using End = RecordedVisit::End;
  RecordedDay out;
  out.day = day;
  const std::int64_t midnight = domain::to_unix_ms(domain::from_local(day, 0));
  auto ms = [](domain::TimePoint t) { return domain::to_unix_ms(t); };
  for (const domain::Ticket& t : tickets) {
    RecordedCitizen c;
    c.at_ms = std::max<std::int64_t>(0, ms(t.issued_at) - midnight);
    c.priority = t.priority;
    for (std::size_t i = 0; i < t.visits.size(); ++i) {
      const domain::Visit& v = t.visits[i];
      RecordedVisit r;
      r.service = v.service;
      const bool called = v.call_seq > 0;
      if (called) {
        r.waited_ms = std::max<std::int64_t>(0, ms(v.called_at) - ms(v.enqueued_at));
        if (v.state != TicketState::called && v.state != TicketState::waiting && ms(v.ended_at) >= ms(v.called_at))
          r.took_ms = ms(v.ended_at) - ms(v.called_at);
        r.end = v.state == TicketState::no_show       ? End::no_show
                : v.state == TicketState::transferred ? End::transferred
                                                      : End::done;
        c.visits.push_back(std::move(r));
        if (v.state == TicketState::no_show) break;  // a no-show put back is not replayed
      } else if (v.state == TicketState::transferred) {
        continue;  // sent on while waiting: the citizen comes for the next service
      } else if (v.state == TicketState::cancelled && v.reason != "day_end" &&
                 v.reason != domain::Engine::kNotDelivered) {
        r.end = End::left;
        r.waited_ms = std::max<std::int64_t>(0, ms(v.ended_at) - ms(v.enqueued_at));
        c.visits.push_back(std::move(r));
      } else if (v.state == TicketState::cancelled && v.reason == domain::Engine::kNotDelivered) {
        break;  // a kiosk's ticket never delivered: nobody came
      } else {
        c.visits.push_back(std::move(r));  // still waiting when the day ended
      }
    }
    if (!c.visits.empty()) out.citizens.push_back(std::move(c));
  }
  // The windows as staffed: each login to its logout, pauses within as breaks; whole minutes, the
  // start down and the end up, so that no call of the day falls outside its shift. A clerk who logs
  // out as their last visit ends (within kLeftAfterMs) stopped calling before it: leaving at the end
  // of a shift, they finish the citizen at the window and call nobody more. Their shift ends at that
  // visit's call, and the replay's clerk does the same (a shift that ends while its window serves).
  constexpr std::int64_t kLeftAfterMs = 120'000;
  const std::int64_t closing_ms = midnight + hall.closing_minute() * std::int64_t{60'000};
  std::map<int, std::vector<std::pair<std::int64_t, std::int64_t>>> calls;  // window → (called, ended)
  for (const domain::Ticket& t : tickets)
    for (const domain::Visit& v : t.visits)
      if (v.call_seq > 0 && v.window > 0) calls[v.window].emplace_back(ms(v.called_at), ms(v.ended_at));
  for (auto& [window, list] : calls) std::sort(list.begin(), list.end());
  auto minute_down = [&](std::int64_t at) {
    return static_cast<int>(std::clamp<std::int64_t>((at - midnight) / 60'000, 0, 1440));
  };
  auto minute_up = [&](std::int64_t at) {
    return static_cast<int>(std::clamp<std::int64_t>((at - midnight + 59'999) / 60'000, 0, 1440));
  };
  struct Open {
    Shift shift;
    std::int64_t since = 0;  // the login
    int break_from = -1;
  };
  std::map<int, Open> open;
  auto close = [&](int window, std::int64_t at, bool logged_out) {
    auto it = open.find(window);
    if (it == open.end()) return;
    Open& o = it->second;
    int to = minute_up(at);
    if (auto c = calls.find(window); logged_out && c != calls.end()) {
      auto last =
          std::upper_bound(c->second.begin(), c->second.end(), std::pair{at, std::numeric_limits<std::int64_t>::max()});
      if (last != c->second.begin() && std::prev(last)->first >= o.since &&
          at - std::prev(last)->second <= kLeftAfterMs)
        to = minute_up(std::prev(last)->first);
    }
    // Logged out after closing: they served out whoever held a ticket, as a replayed shift to the
    // closing does.
    if (logged_out && at >= closing_ms) to = std::max(to, hall.closing_minute());
    if (o.break_from >= 0 && o.break_from < to) o.shift.breaks.push_back({o.break_from, to});
    o.shift.to = std::max(to, o.shift.from + 1);
    std::erase_if(o.shift.breaks, [&](const domain::Interval& b) { return b.from >= o.shift.to || b.to <= b.from; });
    for (auto& b : o.shift.breaks) b.to = std::min(b.to, o.shift.to);
    out.shifts.push_back(std::move(o.shift));
    open.erase(it);
  };
  try {
    SQLite::Statement q(db,
                        "SELECT at, kind, window FROM events WHERE day = :day "
                        "AND kind IN ('login', 'logout', 'paused', 'resumed') ORDER BY id");
    q.bind(":day", day.str());
    while (q.executeStep()) {
      std::int64_t at = q.getColumn(0).getInt64();
      std::string kind = q.getColumn(1).getString();
      int window = q.getColumn(2).getInt();
      if (kind == "login") {
        close(window, at, false);  // a second login without a logout between: a new clerk
        Open o;
        o.shift.window = window;
        o.shift.from = minute_down(at);
        o.since = at;
        open[window] = std::move(o);
      } else if (kind == "logout") {
        close(window, at, true);
      } else if (auto it = open.find(window); it != open.end()) {
        Open& o = it->second;
        if (kind == "paused" && o.break_from < 0) {
          o.break_from = minute_down(at);
        } else if (kind == "resumed" && o.break_from >= 0) {
          int to = minute_up(at);
          if (to > o.break_from) o.shift.breaks.push_back({o.break_from, to});
          o.break_from = -1;
        }
      }
    }
  } catch (const SQLite::Exception& e) {
    throw ModelError(std::string("the audit log of ") + day.str() + ": " + e.what());
  }
  // Still logged in when the day ended: to the hall's closing (or the shift's start, if later).
  while (!open.empty()) {
    const Open& o = open.begin()->second;
    close(open.begin()->first, std::max(closing_ms, o.since + 60'000), false);
  }
  std::sort(out.shifts.begin(), out.shifts.end(),
            [](const Shift& a, const Shift& b) { return std::tie(a.from, a.window) < std::tie(b.from, b.window); });
  return out;
}

RecordedWaits recorded_waits(const RecordedDay& day, const domain::HallConfig& hall, int target_s) {
  std::map<std::string, tally::Waits, std::less<>> by;
  tally::Waits all;
  for (const RecordedCitizen& c : day.citizens)
    for (const RecordedVisit& v : c.visits) {
      tally::Waits& w = by[v.service];
      if (v.end == RecordedVisit::End::left || v.end == RecordedVisit::End::unserved) {
        ++w.missed;
        ++all.missed;
      } else {
        w.add(static_cast<double>(v.waited_ms) / 1000.0, target_s);
        all.add(static_cast<double>(v.waited_ms) / 1000.0, target_s);
      }
    }
  RecordedWaits out;
  for (const auto& s : hall.services)
    if (auto it = by.find(s.code); it != by.end()) out.services.emplace_back(s.code, it->second.figures());
  for (auto& [code, w] : by)
    if (hall.service(code) == nullptr) out.services.emplace_back(code, w.figures());
  out.all = all.figures();
  return out;
}

}  // namespace hallq::sim
