#include "server/day_figures.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/domain/wait_estimate.hpp"
#include "server/store.hpp"

namespace hallq::server {

std::int64_t covered(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end());
  std::int64_t total = 0, start = 0, end = 0;
  bool any = false;
  for (const auto& [a, b] : spans) {
    if (b <= a) continue;
    if (!any || a > end) {
      if (any) total += end - start;
      start = a;
      end = b;
      any = true;
    } else {
      end = std::max(end, b);
    }
  }
  if (any) total += end - start;
  return total;
}

void ToldParts::add_ticket(const domain::Ticket& t) {
  const domain::Visit& first = t.visits.front();
  if (first.call_seq == 0) return;  // not called in the queue it was issued to: no wait followed
  if (!t.told.recorded()) {
    ++untold;
    return;
  }
  std::int64_t wait = domain::to_unix_ms(first.called_at) - domain::to_unix_ms(t.issued_at);
  std::int64_t system = t.told.s * 1000 - wait, naive = t.told.naive_s * 1000 - wait;
  ++told;
  wait_ms += wait;
  system_abs_ms += std::abs(system);
  system_sum_ms += system;
  naive_abs_ms += std::abs(naive);
  naive_sum_ms += naive;
  const domain::WaitEstimate range{t.told.s, t.told.lo_s, t.told.hi_s};
  within += domain::wait_within_range(range, static_cast<double>(wait) / 1000.0);
  shown += domain::wait_range_shown(range);
}

void ToldParts::add(const ToldParts& o) {
  told += o.told;
  untold += o.untold;
  wait_ms += o.wait_ms;
  system_abs_ms += o.system_abs_ms;
  system_sum_ms += o.system_sum_ms;
  naive_abs_ms += o.naive_abs_ms;
  naive_sum_ms += o.naive_sum_ms;
  within += o.within;
  shown += o.shown;
}

int LocalHours::operator()(const domain::LocalDate& day, domain::TimePoint at) {
  if (day != day_) {
    day_ = day;
    midnight_ = domain::to_unix_ms(domain::from_local(day, 0));
    plain_ = domain::to_unix_ms(domain::from_local(day.plus_days(1), 0)) - midnight_ == 86'400'000;
  }
  std::int64_t ms = domain::to_unix_ms(at);
  return plain_ && ms >= midnight_ && ms - midnight_ < 86'400'000 ? static_cast<int>((ms - midnight_) / 3'600'000)
                                                                  : domain::to_local(at).minute / 60;
}

void window_sessions(SQLite::Database& db, const domain::LocalDate& from, const domain::LocalDate& to,
                     std::int64_t now_ms, int rollover_minute, std::map<domain::LocalDate, WindowTimes>& out) {
  struct State {
    bool in = false, paused = false;
    std::string clerk;
    std::int64_t since = 0;
  };
  std::map<int, State> windows;
  std::string day;
  WindowTimes* times = nullptr;
  std::int64_t day_start = 0, day_end = 0;
  auto close_all = [&](std::int64_t at) {
    for (auto& [w, s] : windows) {
      if (!s.in) continue;
      std::int64_t end = std::max(s.since, std::min(at, day_end));
      (s.paused ? times->paused : times->open)[w].emplace_back(s.since, end);
      s = State{};
    }
  };
  auto begin_day = [&](const std::string& d) {
    if (!day.empty()) close_all(std::min(day_end, now_ms));
    day = d;
    auto date = domain::LocalDate::parse(d).value_or(from);
    times = &out[date];
    day_start = domain::to_unix_ms(domain::from_local(date, rollover_minute));
    day_end = domain::to_unix_ms(domain::from_local(date.plus_days(1), rollover_minute));
  };
  SQLite::Statement q(db,
                      "SELECT day, at, kind, window, clerk FROM events WHERE day BETWEEN :from AND :to AND kind IN "
                      "('login', 'logout', 'paused', 'resumed', 'day_closed') ORDER BY day, id");
  q.bind(":from", from.str());
  q.bind(":to", to.str());
  while (q.executeStep()) {
    std::string d = q.getColumn(0).getString();
    if (d != day) begin_day(d);
    std::int64_t at = std::clamp(q.getColumn(1).getInt64(), day_start, day_end);
    std::string kind = q.getColumn(2).getString();
    if (kind == "day_closed") {
      close_all(at);
      continue;
    }
    int w = q.getColumn(3).getInt();
    std::string clerk = q.getColumn(4).getString();
    State& s = windows[w];
    auto end_stretch = [&] { (s.paused ? times->paused : times->open)[w].emplace_back(s.since, at); };
    if (kind == "login") {
      // A log-in over someone else's ends their pause (the engine's rule); the same clerk again changes nothing.
      if (!s.in || s.clerk != clerk) {
        if (s.in) end_stretch();
        s.in = true;
        s.paused = false;
        s.since = at;
      }
      s.clerk = clerk;
    } else if (kind == "logout") {
      if (s.in) end_stretch();
      s = State{};
    } else if (kind == "paused") {
      if (s.in && !s.paused) {
        end_stretch();
        s.paused = true;
        s.since = at;
      }
    } else if (kind == "resumed") {
      if (s.in && s.paused) {
        end_stretch();
        s.paused = false;
        s.since = at;
      }
    }
  }
  if (!day.empty()) close_all(std::min(day_end, now_ms));
}

void serving_spans(const domain::Ticket& t, std::int64_t day_end_ms, std::int64_t now_ms, WindowTimes& into) {
  for (const auto& v : t.visits) {
    if (v.window <= 0 || v.call_seq == 0) continue;
    std::int64_t a = domain::to_unix_ms(v.called_at);
    std::int64_t b = v.ended_at != domain::TimePoint{} ? domain::to_unix_ms(v.ended_at) : std::min(now_ms, day_end_ms);
    into.serving[v.window].emplace_back(a, std::min(b, day_end_ms));
  }
}

std::map<domain::LocalDate, DayFigures> figures_from_rows(SQLite::Database& db, const domain::LocalDate& from,
                                                          const domain::LocalDate& to, int rollover_minute,
                                                          std::int64_t now_ms) {
  std::map<domain::LocalDate, DayFigures> out;
  std::map<domain::LocalDate, WindowTimes> times;
  {
    std::vector<domain::Ticket> tickets = read_tickets_for_figures(db, from.str(), to.str());
    LocalHours hour_of;
    domain::LocalDate day{0, 0, 0};
    DayFigures* f = nullptr;
    WindowTimes* t_times = nullptr;
    std::int64_t day_end = 0;
    for (const auto& t : tickets) {
      if (t.day != day) {  // the tickets come day by day
        day = t.day;
        f = &out[day];
        t_times = &times[day];
        day_end = domain::to_unix_ms(domain::from_local(day.plus_days(1), rollover_minute));
      }
      f->stats.add_ticket(t);
      domain::StatsParts& hour = f->hours[hour_of(t.day, t.issued_at)];
      ++hour.issued;
      for (const domain::Visit& v : t.visits) hour.add_visit(v);
      serving_spans(t, day_end, now_ms, *t_times);
      f->told[t.origin].add_ticket(t);
    }
  }
  window_sessions(db, from, to, now_ms, rollover_minute, times);
  for (auto& [day, t] : times) {
    DayFigures& f = out[day];
    std::map<int, bool> seen;
    for (const auto* m : {&t.open, &t.paused, &t.serving})
      for (const auto& [w, spans] : *m) seen[w] = true;
    for (const auto& [w, unused] : seen) {
      std::vector<Span> open = t.open[w];
      const auto& serving = t.serving[w];
      open.insert(open.end(), serving.begin(), serving.end());  // serving counts as open
      WindowMs& u = f.use[w];
      u.open = covered(std::move(open));
      u.busy = covered(serving);
      u.paused = covered(t.paused[w]);
    }
  }
  RatingTables ratings(db);
  for (auto& [day, row] : ratings.figures_by_day_and_clerk(from.str(), to.str())) {
    auto d = domain::LocalDate::parse(day);
    if (!d) continue;
    std::string clerk = row.key;
    out[*d].ratings[clerk] = std::move(row);
  }
  return out;
}

namespace {
// The blob's format, also the first word of the basis: a day kept in an older one is computed from
// its rows until the store makes it again. 2: the waits told at issue (ToldParts) added.
constexpr unsigned char kFormat = 2;
}  // namespace

std::string figures_basis(const domain::LocalDate& day, int rollover_minute) {
  auto ms = [](const domain::LocalDate& d, int minute) {
    return std::to_string(domain::to_unix_ms(domain::from_local(d, minute)));
  };
  return std::to_string(kFormat) + " r" + std::to_string(rollover_minute) + " " + ms(day, rollover_minute) + " " +
         ms(day.plus_days(1), rollover_minute) + " " + ms(day, 0) + " " + ms(day.plus_days(1), 0);
}

// ------------------------------------------------------------------ the blob

namespace {

enum Kind : unsigned char { kTotal = 0, kService = 1, kWindow = 2, kClerk = 3, kHour = 4 };

void put(std::string& b, std::uint64_t v) {
  while (v >= 0x80) {
    b.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  b.push_back(static_cast<char>(v));
}
void put_signed(std::string& b, std::int64_t v) {
  put(b, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));  // zigzag
}
void put_str(std::string& b, const std::string& s) {
  put(b, s.size());
  b += s;
}
void put_samples(std::string& b, std::vector<std::int64_t> xs) {
  std::sort(xs.begin(), xs.end());
  put(b, xs.size());
  std::int64_t last = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (i == 0)
      put_signed(b, xs[0]);
    else
      put(b, static_cast<std::uint64_t>(xs[i] - last));
    last = xs[i];
  }
}
void put_parts(std::string& b, Kind kind, const domain::StatsParts& p) {
  b.push_back(static_cast<char>(kind));
  for (int v : {p.issued, p.served, p.no_shows, p.transferred, p.cancelled, p.waiting})
    put(b, static_cast<std::uint64_t>(v));
  put_samples(b, p.waits);
  put_samples(b, p.services);
}

class Reader {
 public:
  Reader(const void* data, std::size_t size) : p_(static_cast<const unsigned char*>(data)), end_(p_ + size) {}
  bool done() const { return p_ == end_; }
  std::uint64_t num() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) bad();
      unsigned char c = *p_++;
      v |= std::uint64_t{c & 0x7Fu} << shift;
      if (!(c & 0x80)) return v;
    }
    bad();
  }
  std::int64_t signed_num() {
    std::uint64_t z = num();
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  int count() {
    std::uint64_t v = num();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) bad();
    return static_cast<int>(v);
  }
  unsigned char byte() {
    if (p_ == end_) bad();
    return *p_++;
  }
  std::string str() {
    std::uint64_t n = num();
    if (n > static_cast<std::uint64_t>(end_ - p_)) bad();
    std::string s(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(n));
    p_ += n;
    return s;
  }
  void samples(std::vector<std::int64_t>& xs) {
    std::uint64_t n = num();
    if (n > static_cast<std::uint64_t>(end_ - p_)) bad();  // at least a byte each
    xs.resize(static_cast<std::size_t>(n));
    std::int64_t last = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      last = i == 0 ? signed_num() : last + static_cast<std::int64_t>(num());
      xs[i] = last;
    }
  }
  void parts(domain::StatsParts& p) {
    for (int* v : {&p.issued, &p.served, &p.no_shows, &p.transferred, &p.cancelled, &p.waiting}) *v = count();
    samples(p.waits);
    samples(p.services);
  }

 private:
  [[noreturn]] static void bad() { throw StoreError("a day's kept figures are truncated or malformed"); }
  const unsigned char* p_;
  const unsigned char* end_;
};

}  // namespace

std::string encode_figures(const DayFigures& f) {
  std::string b(1, static_cast<char>(kFormat));
  const domain::StatsTable& t = f.stats;
  put(b, 1 + t.services.size() + t.windows.size() + t.clerks.size() + f.hours.size());
  put_parts(b, kTotal, t.total);
  for (const auto& [code, p] : t.services) {
    put_parts(b, kService, p);
    put_str(b, code);
  }
  for (const auto& [w, p] : t.windows) {
    put_parts(b, kWindow, p);
    put_signed(b, w);
  }
  for (const auto& [clerk, p] : t.clerks) {
    put_parts(b, kClerk, p);
    put_str(b, clerk);
  }
  for (const auto& [h, p] : f.hours) {
    put_parts(b, kHour, p);
    put_signed(b, h);
  }
  put(b, f.ratings.size());
  for (const auto& [clerk, r] : f.ratings) {
    put_str(b, clerk);
    for (int v : {r.offered, r.rated, r.levels[0], r.levels[1], r.levels[2], r.levels[3], r.levels[4], r.followups,
                  r.followups_on_time})
      put(b, static_cast<std::uint64_t>(v));
  }
  put(b, f.use.size());
  for (const auto& [w, u] : f.use) {
    put_signed(b, w);
    for (std::int64_t v : {u.open, u.busy, u.paused}) put_signed(b, v);
  }
  put(b, f.told.size());
  for (const auto& [code, p] : f.told) {
    put_str(b, code);
    for (std::int64_t v : {p.told, p.untold, p.within, p.shown}) put(b, static_cast<std::uint64_t>(v));
    for (std::int64_t v : {p.wait_ms, p.system_abs_ms, p.system_sum_ms, p.naive_abs_ms, p.naive_sum_ms})
      put_signed(b, v);
  }
  return b;
}

DayFigures decode_figures(const void* data, std::size_t size) {
  Reader r(data, size);
  if (r.byte() != kFormat) throw StoreError("a day's kept figures have an unknown format");
  DayFigures f;
  for (std::uint64_t n = r.num(); n > 0; --n) {
    auto kind = static_cast<Kind>(r.byte());
    domain::StatsParts p;
    r.parts(p);
    auto small = [&] {
      std::int64_t v = r.signed_num();
      if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
        throw StoreError("a day's kept figures name a window or hour out of range");
      return static_cast<int>(v);
    };
    switch (kind) {
      case kTotal:
        f.stats.total = std::move(p);
        break;
      case kService:
        f.stats.services[r.str()] = std::move(p);
        break;
      case kWindow:
        f.stats.windows[small()] = std::move(p);
        break;
      case kClerk:
        f.stats.clerks[r.str()] = std::move(p);
        break;
      case kHour:
        f.hours[small()] = std::move(p);
        break;
      default:
        throw StoreError("a day's kept figures have a row of an unknown kind");
    }
  }
  for (std::uint64_t n = r.num(); n > 0; --n) {
    std::string clerk = r.str();
    RatingRow& row = f.ratings[clerk];
    row.key = clerk;
    for (int* v : {&row.offered, &row.rated, &row.levels[0], &row.levels[1], &row.levels[2], &row.levels[3],
                   &row.levels[4], &row.followups, &row.followups_on_time})
      *v = r.count();
  }
  for (std::uint64_t n = r.num(); n > 0; --n) {
    std::int64_t w = r.signed_num();
    if (w < std::numeric_limits<int>::min() || w > std::numeric_limits<int>::max())
      throw StoreError("a day's kept figures name a window out of range");
    WindowMs& u = f.use[static_cast<int>(w)];
    u.open = r.signed_num();
    u.busy = r.signed_num();
    u.paused = r.signed_num();
  }
  for (std::uint64_t n = r.num(); n > 0; --n) {
    ToldParts& p = f.told[r.str()];
    for (std::int64_t* v : {&p.told, &p.untold, &p.within, &p.shown}) *v = r.count();
    for (std::int64_t* v : {&p.wait_ms, &p.system_abs_ms, &p.system_sum_ms, &p.naive_abs_ms, &p.naive_sum_ms})
      *v = r.signed_num();
  }
  if (!r.done()) throw StoreError("a day's kept figures have bytes left over");
  return f;
}

std::map<domain::LocalDate, DayFigures> kept_figures(SQLite::Database& db, const domain::LocalDate& from,
                                                     const domain::LocalDate& to, int rollover_minute) {
  std::map<domain::LocalDate, DayFigures> out;
  std::string current;
  {
    SQLite::Statement q(db, "SELECT value FROM meta WHERE key = 'day'");
    if (!q.executeStep()) return out;
    current = q.getColumn(0).getString();
  }
  SQLite::Statement q(db,
                      "SELECT day, basis, figures FROM day_figures WHERE day BETWEEN :from AND :to AND day < :current");
  q.bind(":from", from.str());
  q.bind(":to", to.str());
  q.bind(":current", current);
  while (q.executeStep()) {
    auto day = domain::LocalDate::parse(q.getColumn(0).getString());
    if (!day || q.getColumn(1).getString() != figures_basis(*day, rollover_minute)) continue;
    SQLite::Column blob = q.getColumn(2);
    try {
      out.emplace(*day, decode_figures(blob.getBlob(), static_cast<std::size_t>(blob.getBytes())));
    } catch (const StoreError&) {
      // Computed from the rows instead (and made again by the store when it next looks).
    }
  }
  return out;
}

}  // namespace hallq::server
