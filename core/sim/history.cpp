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
  if (recorded.empty() && before) {
    // Only the day a running server is on has tickets: say so, not "nothing recorded".
    SQLite::Statement today(db, "SELECT COUNT(*) FROM tickets WHERE day >= :before");
    today.bind(":before", before->str());
    if (today.executeStep() && today.getColumn(0).getInt64() > 0)
      throw ModelError(db_path + ": only " + before->str() +
                       " has tickets, and the server has not closed that day yet; it is left out until the hall "
                       "has moved on to the next day");
  }
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

namespace {

// One call at a window that day, and the recorded visit it was (citizen and visit index).
struct WindowCall {
  std::int64_t called = 0, ended = 0, enqueued = 0;
  int citizen = 0, visit = 0;
};
// By window, in call order.
using WindowCalls = std::map<int, std::vector<WindowCall>>;
// A citizen in a queue that day: the service, from when until called, gone or the day's end.
struct InQueue {
  std::string service;
  std::int64_t from = 0, until = std::numeric_limits<std::int64_t>::max();
};

// The day's citizens (RecordedDay::citizens) and every call of each window.
void read_citizens(const std::vector<domain::Ticket>& tickets, std::int64_t midnight, RecordedDay& out,
                   WindowCalls& calls, std::vector<InQueue>& queued) {
  using domain::TicketState;
  using End = RecordedVisit::End;
  auto ms = [](domain::TimePoint t) { return domain::to_unix_ms(t); };
  for (const domain::Ticket& t : tickets) {
    RecordedCitizen c;
    c.at_ms = std::max<std::int64_t>(0, ms(t.issued_at) - midnight);
    c.priority = t.priority;
    for (std::size_t i = 0; i < t.visits.size(); ++i) {
      const domain::Visit& v = t.visits[i];
      const domain::Visit* next = i + 1 < t.visits.size() ? &t.visits[i + 1] : nullptr;
      queued.push_back({v.service, ms(v.enqueued_at),
                        v.call_seq > 0                    ? ms(v.called_at)
                        : v.state == TicketState::waiting ? std::numeric_limits<std::int64_t>::max()
                                                          : ms(v.ended_at)});
      RecordedVisit r;
      r.service = v.service;
      r.window = v.target_window;
      if (v.call_seq > 0) {
        if (v.window > 0)
          calls[v.window].push_back({ms(v.called_at), ms(v.ended_at), ms(v.enqueued_at),
                                     static_cast<int>(out.citizens.size()), static_cast<int>(c.visits.size())});
        r.waited_ms = std::max<std::int64_t>(0, ms(v.called_at) - ms(v.enqueued_at));
        if (v.state != TicketState::called && v.state != TicketState::waiting && ms(v.ended_at) >= ms(v.called_at))
          r.took_ms = ms(v.ended_at) - ms(v.called_at);
        r.end = v.state == TicketState::no_show       ? End::no_show
                : v.state == TicketState::transferred ? End::transferred
                                                      : End::done;
        // A no-show given another visit came back late: put back in the queue (Engine::requeue), or
        // called by number at a window (call_number); the replay puts them back.
        if (r.end == End::no_show && next != nullptr)
          r.back_after_ms = std::max<std::int64_t>(0, ms(next->enqueued_at) - ms(v.ended_at));
        c.visits.push_back(std::move(r));
      } else if (v.state == TicketState::transferred) {
        // Sent on while waiting (a guide's reassign: the wrong service taken): moved after the same
        // wait, if not called by then.
        r.end = End::moved;
        r.waited_ms = std::max<std::int64_t>(0, ms(v.ended_at) - ms(v.enqueued_at));
        c.visits.push_back(std::move(r));
      } else if (v.state == TicketState::cancelled && v.reason == domain::Engine::kNotDelivered) {
        break;  // a kiosk's ticket never delivered: nobody came
      } else if (v.state == TicketState::cancelled && v.reason != "day_end") {
        r.end = End::left;
        r.waited_ms = std::max<std::int64_t>(0, ms(v.ended_at) - ms(v.enqueued_at));
        c.visits.push_back(std::move(r));
      } else {
        c.visits.push_back(std::move(r));  // still waiting when the day ended
      }
    }
    if (!c.visits.empty()) out.citizens.push_back(std::move(c));
  }
  for (auto& [window, list] : calls)
    std::sort(list.begin(), list.end(), [](const WindowCall& x, const WindowCall& y) { return x.called < y.called; });
}

// Whole minutes of the day: a start down, an end up, so that no call falls outside its shift.
struct Minutes {
  std::int64_t midnight;
  int down(std::int64_t at) const {
    return static_cast<int>(std::clamp<std::int64_t>((at - midnight) / 60'000, 0, 1440));
  }
  int up(std::int64_t at) const {
    return static_cast<int>(std::clamp<std::int64_t>((at - midnight + 59'999) / 60'000, 0, 1440));
  }
};

// A clerk who logs out within this of their last visit's end, leaving someone they take waiting,
// had stopped calling before it: a shift's end, a hand-over.
constexpr std::int64_t kLeftAfterMs = 120'000;

// The windows as staffed (RecordedDay::shifts), from the audit log's logins, logouts and pauses;
// and each window's logins, logouts and pauses (`breaks_at`: the moments its clerk was not calling
// for a reason of their own, which a gap between two calls must not span).
void read_shifts(SQLite::Database& db, const domain::HallConfig& hall, domain::LocalDate day, Minutes m,
                 const WindowCalls& calls, const std::vector<InQueue>& queued, RecordedDay& out,
                 std::map<int, std::vector<std::int64_t>>& breaks_at) {
  // Whether someone the window takes was waiting at some moment from `from` to `to` (the clerk's
  // last visit's end to their logout): one whom another window called meanwhile counts too.
  auto left_someone = [&](int window, std::int64_t from, std::int64_t to) {
    const domain::Window* w = hall.window(window);
    return w != nullptr && std::any_of(queued.begin(), queued.end(), [&](const InQueue& q) {
             return q.from <= to && from < q.until && w->weight_of(q.service) > 0;
           });
  };
  const std::int64_t closing_ms = m.midnight + hall.closing_minute() * std::int64_t{60'000};
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
    int to = m.up(at);
    // At the last call: leaving, they finished it and called nobody more. (Otherwise the shift ends
    // at the logout; one after the closing serves out whoever holds a ticket, as the clerk did.)
    if (auto c = calls.find(window); logged_out && c != calls.end()) {
      auto last = std::upper_bound(c->second.begin(), c->second.end(), at,
                                   [](std::int64_t t, const WindowCall& x) { return t < x.called; });
      if (last != c->second.begin() && std::prev(last)->called >= o.since &&
          at - std::prev(last)->ended <= kLeftAfterMs && left_someone(window, std::prev(last)->ended, at))
        to = m.up(std::prev(last)->called);
    }
    if (o.break_from >= 0 && o.break_from < to) o.shift.breaks.push_back({o.break_from, to});
    o.shift.to = std::max(to, o.shift.from + 1);
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
      if (kind != "resumed") breaks_at[window].push_back(at);
      if (kind == "login") {
        close(window, at, false);  // a second login without a logout between: a new clerk
        Open o;
        o.shift.window = window;
        o.shift.from = m.down(at);
        o.since = at;
        open[window] = std::move(o);
      } else if (kind == "logout") {
        close(window, at, true);
      } else if (auto it = open.find(window); it != open.end()) {
        Open& o = it->second;
        if (kind == "paused" && o.break_from < 0) {
          o.break_from = m.down(at);
        } else if (kind == "resumed" && o.break_from >= 0) {
          int to = m.up(at);
          if (to > o.break_from) o.shift.breaks.push_back({o.break_from, to});
          o.break_from = -1;
        }
      }
    }
  } catch (const SQLite::Exception& e) {
    throw ModelError(std::string("the audit log of ") + day.str() + ": " + e.what());
  }
  // Still logged in when the day ended: to the hall's closing (or a minute after the login, if later).
  while (!open.empty()) close(open.begin()->first, std::max(closing_ms, open.begin()->second.since + 60'000), false);
  // A hand-over within a minute (one clerk out, the next in) must not make shifts that overlap: the
  // one before ends where the next begins. Breaks are kept within their shift.
  // (Stable: close() added each window's shifts in time order, which equal starts must keep.)
  std::stable_sort(out.shifts.begin(), out.shifts.end(), [](const Shift& a, const Shift& b) {
    return std::tie(a.window, a.from) < std::tie(b.window, b.from);
  });
  for (std::size_t i = 1; i < out.shifts.size(); ++i) {
    Shift& before = out.shifts[i - 1];
    Shift& next = out.shifts[i];
    if (before.window != next.window || next.from >= before.to) continue;
    before.to = std::max(before.from + 1, next.from);
    next.from = std::max(next.from, before.to);
    next.to = std::max(next.to, next.from + 1);
  }
  for (Shift& sh : out.shifts) {
    std::erase_if(sh.breaks, [&](const domain::Interval& b) { return b.from >= sh.to || b.to <= sh.from; });
    for (auto& b : sh.breaks) {
      b.from = std::max(b.from, sh.from);
      b.to = std::min(b.to, sh.to);
    }
    std::erase_if(sh.breaks, [](const domain::Interval& b) { return b.to <= b.from; });
  }
  std::sort(out.shifts.begin(), out.shifts.end(),
            [](const Shift& a, const Shift& b) { return std::tie(a.from, a.window) < std::tie(b.from, b.window); });
}

// The moment each clerk took after a visit before calling the next citizen, who was already
// waiting (RecordedVisit::gap_ms): not when the window waited for someone to come, nor across a
// login, logout or pause.
void read_gaps(const WindowCalls& calls, const std::map<int, std::vector<std::int64_t>>& breaks_at, RecordedDay& out) {
  for (const auto& [window, list] : calls) {
    const auto b = breaks_at.find(window);
    for (std::size_t i = 0; i + 1 < list.size(); ++i) {
      const WindowCall& done = list[i];
      const WindowCall& next = list[i + 1];
      if (next.called <= done.ended || next.enqueued > done.ended) continue;
      if (b != breaks_at.end()) {
        // A pause at the visit's end (one due while it went on) or a login at the next call, in the
        // same millisecond, is across the gap too.
        auto k = std::lower_bound(b->second.begin(), b->second.end(), done.ended);
        if (k != b->second.end() && *k <= next.called) continue;
      }
      out.citizens[static_cast<std::size_t>(done.citizen)].visits[static_cast<std::size_t>(done.visit)].gap_ms =
          next.called - done.ended;
    }
  }
}

}  // namespace

RecordedDay recorded_day(SQLite::Database& db, const domain::HallConfig& hall, domain::LocalDate day,
                         const std::vector<domain::Ticket>& tickets) {
  if (tickets.empty()) throw ModelError("no tickets recorded on " + day.str() + "; nothing to replay");
  RecordedDay out;
  out.day = day;
  const Minutes of_day{domain::to_unix_ms(domain::from_local(day, 0))};
  WindowCalls calls;
  std::vector<InQueue> queued;
  read_citizens(tickets, of_day.midnight, out, calls, queued);
  std::map<int, std::vector<std::int64_t>> breaks_at;
  read_shifts(db, hall, day, of_day, calls, queued, out, breaks_at);
  for (auto& [window, at] : breaks_at) std::sort(at.begin(), at.end());
  read_gaps(calls, breaks_at, out);
  return out;
}

RecordedWaits recorded_waits(const RecordedDay& day, const domain::HallConfig& hall, int target_s) {
  std::map<std::string, tally::Waits, std::less<>> by;
  tally::Waits all;
  for (const RecordedCitizen& c : day.citizens)
    for (const RecordedVisit& v : c.visits) {
      if (v.end == RecordedVisit::End::moved) continue;  // never called in that queue: no wait for it
      tally::Waits& w = by[v.service];
      if (v.end == RecordedVisit::End::left || v.end == RecordedVisit::End::unserved) {
        ++w.missed;
        ++all.missed;
      } else {
        // Under a second is no wait (the server's own moment between a window free and its call),
        // as in the simulator, whose calls come at the same millisecond.
        double s = v.waited_ms < 1000 ? 0.0 : static_cast<double>(v.waited_ms) / 1000.0;
        w.add(s, target_s);
        all.add(s, target_s);
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
