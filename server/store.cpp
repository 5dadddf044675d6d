#include "server/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <set>
#include <string_view>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "server/day_figures.hpp"
#include "server/store_schema.hpp"

namespace hallq::server {
namespace {

using domain::from_unix_ms;
using domain::to_unix_ms;

// history: the visits before the current one, each as
//   service, clerk, reason (u16 length + bytes),
//   state (u8), last_call_recall (u8), target_window, window, recalls (i32),
//   enqueued_at, order_at, called_at, last_call_at, ended_at, call_seq (i64),
// little-endian, after a version byte (1). Rare: transfers and no-shows.
void put_int(std::string& b, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_str(std::string& b, const std::string& s) {
  put_int(b, std::min<std::size_t>(s.size(), 65535), 2);
  b.append(s, 0, std::min<std::size_t>(s.size(), 65535));
}

std::string encode_history(const std::vector<domain::Visit>& visits) {
  std::string b(1, '\x01');
  for (std::size_t i = 0; i + 1 < visits.size(); ++i) {
    const auto& v = visits[i];
    put_str(b, v.service);
    put_str(b, v.clerk);
    put_str(b, v.reason);
    put_int(b, static_cast<std::uint64_t>(v.state), 1);
    put_int(b, v.last_call_recall ? 1 : 0, 1);
    put_int(b, static_cast<std::uint32_t>(v.target_window), 4);
    put_int(b, static_cast<std::uint32_t>(v.window), 4);
    put_int(b, static_cast<std::uint32_t>(v.recalls), 4);
    for (auto t : {v.enqueued_at, v.order_at, v.called_at, v.last_call_at, v.ended_at})
      put_int(b, static_cast<std::uint64_t>(to_unix_ms(t)), 8);
    put_int(b, v.call_seq, 8);
  }
  return b;
}

class Reader {
 public:
  Reader(const void* data, std::size_t size) : p_(static_cast<const unsigned char*>(data)), end_(p_ + size) {}
  bool done() const { return p_ == end_; }
  std::uint64_t num(int bytes) {
    need(static_cast<std::size_t>(bytes));
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t{*p_++} << (8 * i);
    return v;
  }
  std::string str() {
    auto n = static_cast<std::size_t>(num(2));
    need(n);
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }

 private:
  void need(std::size_t n) const {
    if (static_cast<std::size_t>(end_ - p_) < n) throw StoreError("a ticket's visit history is truncated");
  }
  const unsigned char* p_;
  const unsigned char* end_;
};

std::vector<domain::Visit> decode_history(const void* data, std::size_t size) {
  std::vector<domain::Visit> out;
  Reader r(data, size);
  if (r.num(1) != 1) throw StoreError("a ticket's visit history has an unknown format");
  while (!r.done()) {
    domain::Visit v;
    v.service = r.str();
    v.clerk = r.str();
    v.reason = r.str();
    auto state = r.num(1);
    if (state > static_cast<std::uint64_t>(domain::TicketState::cancelled))
      throw StoreError("bad visit state in history");
    v.state = static_cast<domain::TicketState>(state);
    v.last_call_recall = r.num(1) != 0;
    v.target_window = static_cast<int>(static_cast<std::int32_t>(r.num(4)));
    v.window = static_cast<int>(static_cast<std::int32_t>(r.num(4)));
    v.recalls = static_cast<int>(static_cast<std::int32_t>(r.num(4)));
    for (auto* t : {&v.enqueued_at, &v.order_at, &v.called_at, &v.last_call_at, &v.ended_at})
      *t = from_unix_ms(static_cast<std::int64_t>(r.num(8)));
    v.call_seq = r.num(8);
    out.push_back(std::move(v));
  }
  return out;
}

// The tickets table's columns. Statements bind and read them by name; those
// after the first group change as a ticket moves on (the upsert rewrites only
// them, so the number index is not touched).
constexpr const char* kTicketFixed[] = {"day",         "ordinal",     "number",    "origin",    "seq",
                                        "channel",     "issued_at",   "id_hash",   "id_masked", "name_masked",
                                        "appointment", "request_key", "issued_by", "language",  "told_s",
                                        "told_lo_s",   "told_hi_s",   "naive_s"};
constexpr const char* kTicketMoving[] = {
    "priority", "service", "target_window", "state",   "enqueued_at", "order_at",         "called_at", "last_call_at",
    "ended_at", "window",  "clerk",         "recalls", "call_seq",    "last_call_recall", "reason",    "history"};

std::string ticket_upsert() {
  std::string cols, params, updates;
  auto add = [&](const char* c) {
    cols += (cols.empty() ? "" : ", ") + std::string(c);
    params += (params.empty() ? ":" : ", :") + std::string(c);
  };
  for (const char* c : kTicketFixed) add(c);
  for (const char* c : kTicketMoving) {
    add(c);
    updates += (updates.empty() ? "" : ", ") + std::string(c) + "=excluded." + c;
  }
  return "INSERT INTO tickets(" + cols + ") VALUES(" + params + ") ON CONFLICT(day, ordinal) DO UPDATE SET " + updates;
}

// A column's index in ticket_select()'s result, by name, found at compile time.
consteval int ticket_column(std::string_view name) {
  int i = 0;
  for (const char* c : kTicketFixed) {
    if (name == c) return i;
    ++i;
  }
  for (const char* c : kTicketMoving) {
    if (name == c) return i;
    ++i;
  }
  throw "no such column in the tickets table";
}

std::string ticket_select() {
  std::string cols;
  for (const char* c : kTicketFixed) cols += (cols.empty() ? "" : ", ") + std::string(c);
  for (const char* c : kTicketMoving) cols += ", " + std::string(c);
  return "SELECT " + cols + " FROM tickets WHERE day = :day ORDER BY day, ordinal";
}

// The days whose kept figures a batch changes the rows of: every ticket's,
// rating's and window session event's day, the rating's day of every
// follow-up (`rating_day`), and the day it closes.
template <typename RatingDay>
std::set<std::string> figure_days(const std::vector<domain::Changes>& batch, RatingDay rating_day) {
  std::set<std::string> days;
  for (const auto& c : batch) {
    if (c.closed_day) days.insert(c.closed_day->str());
    for (const auto& t : c.tickets) days.insert(t.day.str());
    for (const auto& r : c.ratings) days.insert(r.day.str());
    for (const auto& f : c.followups) days.insert(rating_day(f.rating));
    for (const auto& e : c.events)
      if (e.kind == "login" || e.kind == "logout" || e.kind == "paused" || e.kind == "resumed" ||
          e.kind == "day_closed")
        days.insert(e.day.str());
  }
  return days;
}

}  // namespace

struct Store::Statements {
  SQLite::Statement event, ticket, window, appointment, day_closed, meta_day, figures_gone, rating_day;
  explicit Statements(SQLite::Database& db)
      : event(db,
              "INSERT INTO events(day, at, kind, number, window, service, clerk, detail) "
              "VALUES(:day, :at, :kind, :number, :window, :service, :clerk, :detail)"),
        ticket(db, ticket_upsert()),
        window(db,
               "INSERT OR REPLACE INTO windows(number, clerk, since, paused, pause_reason, current) "
               "VALUES(:number, :clerk, :since, :paused, :pause_reason, :current)"),
        appointment(db,
                    "INSERT OR REPLACE INTO appointments(day, code, service, slot_minute, id_hash, id_masked, "
                    "name_masked, ticket) VALUES(:day, :code, :service, :slot_minute, :id_hash, :id_masked, "
                    ":name_masked, :ticket)"),
        day_closed(db, "INSERT OR REPLACE INTO days(day, closed_at) VALUES(:day, :closed_at)"),
        meta_day(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('day', :day)"),
        figures_gone(db, "DELETE FROM day_figures WHERE day = :day"),
        rating_day(db, "SELECT day FROM ratings WHERE id = :id") {}
};

Store::Store(const std::string& path, int busy_timeout_ms) {
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(busy_timeout_ms);
    // WAL: readers never block the writer; FULL: a commit is on disk when it returns.
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=FULL");
    db_->exec("PRAGMA foreign_keys=ON");
    int version = db_->execAndGet("PRAGMA user_version").getInt();
    if (version > kSchemaVersion)
      throw StoreError(path + ": schema version " + std::to_string(version) +
                       " is newer than this hallq-server understands (" + std::to_string(kSchemaVersion) + ")");
    for (int v = version; v < kSchemaVersion; ++v) {
      SQLite::Transaction tx(*db_);
      db_->exec(migration(v));
      db_->exec("PRAGMA user_version=" + std::to_string(v + 1));
      tx.commit();
    }
    st_ = std::make_unique<Statements>(*db_);
    cases_ = std::make_unique<CaseTables>(*db_);
    ratings_ = std::make_unique<RatingTables>(*db_);
    help_ = std::make_unique<HelpTables>(*db_);
  } catch (const SQLite::Exception& e) {
    throw StoreError(path + ": " + e.what());
  }
}

Store::~Store() = default;

int Store::schema_version() {
  return db_->execAndGet("PRAGMA user_version").getInt();
}

std::int64_t Store::event_count() {
  return db_->execAndGet("SELECT count(*) FROM events").getInt64();
}

void Store::set_max_pages(std::int64_t pages) {
  db_->exec("PRAGMA max_page_count=" + std::to_string(pages));
}

void Store::write(const domain::Changes& c) {
  auto& s = *st_;
  auto text_or_null = [](SQLite::Statement& st, const char* name, const std::string& v) {
    if (v.empty())
      st.bind(name);
    else
      st.bind(name, v);
  };
  for (const auto& e : c.events) {
    auto& q = s.event;
    q.reset();
    q.bind(":day", e.day.str());
    q.bind(":at", to_unix_ms(e.at));
    q.bind(":kind", e.kind);
    text_or_null(q, ":number", e.number);
    if (e.window == 0)
      q.bind(":window");
    else
      q.bind(":window", e.window);
    text_or_null(q, ":service", e.service);
    text_or_null(q, ":clerk", e.clerk);
    text_or_null(q, ":detail", e.detail);
    q.exec();
    pending_mark_.event = db_->getLastInsertRowid();
  }
  for (const auto& t : c.tickets) {
    const domain::Visit& v = t.current();
    auto& q = s.ticket;
    q.reset();
    q.bind(":day", t.day.str());
    q.bind(":ordinal", static_cast<std::int64_t>(t.ordinal));
    q.bindNoCopy(":number", t.number);
    q.bindNoCopy(":origin", t.origin);
    q.bind(":seq", t.seq);
    q.bindNoCopy(":channel", t.channel);
    q.bind(":issued_at", to_unix_ms(t.issued_at));
    q.bindNoCopy(":id_hash", t.id_hash);
    q.bindNoCopy(":id_masked", t.id_masked);
    q.bindNoCopy(":name_masked", t.name_masked);
    q.bindNoCopy(":appointment", t.appointment);
    q.bindNoCopy(":request_key", t.request_key);
    q.bindNoCopy(":issued_by", t.issued_by);
    q.bindNoCopy(":language", t.language);
    q.bind(":told_s", t.told.s);
    q.bind(":told_lo_s", t.told.lo_s);
    q.bind(":told_hi_s", t.told.hi_s);
    q.bind(":naive_s", t.told.naive_s);
    q.bindNoCopy(":priority", t.priority);
    q.bindNoCopy(":service", v.service);
    q.bind(":target_window", v.target_window);
    q.bind(":state", std::string(domain::to_string(v.state)));
    q.bind(":enqueued_at", to_unix_ms(v.enqueued_at));
    q.bind(":order_at", to_unix_ms(v.order_at));
    q.bind(":called_at", to_unix_ms(v.called_at));
    q.bind(":last_call_at", to_unix_ms(v.last_call_at));
    q.bind(":ended_at", to_unix_ms(v.ended_at));
    q.bind(":window", v.window);
    q.bindNoCopy(":clerk", v.clerk);
    q.bind(":recalls", v.recalls);
    q.bind(":call_seq", static_cast<std::int64_t>(v.call_seq));
    q.bind(":last_call_recall", v.last_call_recall ? 1 : 0);
    q.bindNoCopy(":reason", v.reason);
    std::string history;
    if (t.visits.size() > 1) {
      history = encode_history(t.visits);
      q.bindNoCopy(":history", history.data(), static_cast<int>(history.size()));
    } else {
      q.bind(":history");
    }
    q.exec();
  }
  for (const auto& w : c.windows) {
    auto& q = s.window;
    q.reset();
    q.bind(":number", w.number);
    q.bind(":clerk", w.clerk);
    q.bind(":since", to_unix_ms(w.since));
    q.bind(":paused", w.paused ? 1 : 0);
    q.bind(":pause_reason", w.pause_reason);
    q.bind(":current", w.current);
    q.exec();
  }
  for (const auto& a : c.appointments) {
    auto& q = s.appointment;
    q.reset();
    q.bind(":day", a.day.str());
    q.bind(":code", a.code);
    q.bind(":service", a.service);
    q.bind(":slot_minute", a.slot_minute);
    q.bind(":id_hash", a.id_hash);
    q.bind(":id_masked", a.id_masked);
    q.bind(":name_masked", a.name_masked);
    q.bind(":ticket", a.ticket);
    q.exec();
  }
  cases_->write(c);
  ratings_->write(c);
  help_->write(c);
  if (c.closed_day) {
    auto& q = s.day_closed;
    q.reset();
    q.bind(":day", c.closed_day->str());
    q.bind(":closed_at", c.events.empty() ? std::int64_t{0} : to_unix_ms(c.events.back().at));
    q.exec();
  }
}

std::optional<CommitError> Store::commit(const std::vector<domain::Changes>& batch, domain::LocalDate day) {
  bool begun = false;
  try {
    // IMMEDIATE takes the write lock now (waiting up to busy_timeout), so a locked
    // database fails here, before anything is written.
    db_->exec("BEGIN IMMEDIATE");
    begun = true;
    pending_mark_ = mark_;
    for (const auto& c : batch) write(c);
    // A day's kept figures go with the first change to their rows (usually
    // only today's rows change, and today has none), in this transaction.
    bool figures_gone = false;
    auto rating_day = [&](std::int64_t id) {
      auto& q = st_->rating_day;
      q.reset();
      q.bind(":id", id);
      std::string d = q.executeStep() ? q.getColumn(0).getString() : std::string();
      q.reset();
      return d;
    };
    for (const auto& d : figure_days(batch, rating_day)) {
      st_->figures_gone.reset();
      st_->figures_gone.bind(":day", d);
      figures_gone = st_->figures_gone.exec() > 0 || figures_gone;
    }
    st_->meta_day.reset();
    st_->meta_day.bind(":day", day.str());
    st_->meta_day.exec();
    db_->exec("COMMIT");
    advance_mark(batch, day);
    // Wanted again: a day whose figures went, and the day just closed.
    if (figures_gone || std::any_of(batch.begin(), batch.end(), [](const auto& c) { return c.closed_day.has_value(); }))
      figures_dirty_ = true;
    return std::nullopt;
  } catch (const SQLite::Exception& e) {
    if (begun) {
      try {
        db_->exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
        // Already rolled back by SQLite (it does so itself on SQLITE_FULL and I/O errors).
      }
    }
    int code = e.getErrorCode();
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
      return CommitError{CommitError::Kind::busy, "the database is locked by another process"};
    if (code == SQLITE_FULL) return CommitError{CommitError::Kind::full, "the disk is full"};
    return CommitError{CommitError::Kind::io, e.what()};
  }
}

void Store::keep_figures(int rollover_minute) {
  keep_figures_ = true;
  figures_dirty_ = true;
  rollover_minute_ = rollover_minute;
}

bool Store::make_figures() {
  if (!keep_figures_) return false;
  try {
    if (figures_pending_.empty()) {
      if (!figures_dirty_) return false;
      figures_dirty_ = false;
      // Closed days whose figures are missing or made on another basis.
      SQLite::Statement q(*db_,
                          "SELECT d.day, f.basis FROM days d LEFT JOIN day_figures f ON f.day = d.day "
                          "WHERE d.day < (SELECT value FROM meta WHERE key = 'day') ORDER BY d.day");
      while (q.executeStep()) {
        auto day = domain::LocalDate::parse(q.getColumn(0).getString());
        if (day && (q.getColumn(1).isNull() || q.getColumn(1).getString() != figures_basis(*day, rollover_minute_)))
          figures_pending_.push_back(*day);
      }
      if (figures_pending_.empty()) return false;
    }
    domain::LocalDate day = figures_pending_.back();
    figures_pending_.pop_back();
    // IMMEDIATE: the rows read and the figures written are one picture (this is the only writer).
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    auto figures = figures_from_rows(*db_, day, day, rollover_minute_,
                                     std::numeric_limits<std::int64_t>::max());  // closed: no now
    std::string blob = encode_figures(figures[day]);
    SQLite::Statement w(*db_,
                        "INSERT OR REPLACE INTO day_figures(day, basis, made_at, figures) "
                        "VALUES(:day, :basis, :made_at, :figures)");
    w.bind(":day", day.str());
    w.bind(":basis", figures_basis(day, rollover_minute_));
    w.bind(":made_at",
           domain::to_unix_ms(std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now())));
    w.bindNoCopy(":figures", blob.data(), static_cast<int>(blob.size()));
    w.exec();
    tx.commit();
    return true;
  } catch (const std::exception& e) {
    figures_pending_.clear();
    std::fprintf(stderr, "hallq-server: a day's figures for reports were not kept: %s\n", e.what());
    return false;
  }
}

void Store::advance_mark(const std::vector<domain::Changes>& batch, domain::LocalDate day) {
  Mark m = pending_mark_;
  if (m.day != day.str()) {  // a new hall day: its numbering starts again
    m.day = day.str();
    m.tickets = 0;
    m.seq.clear();
  }
  for (const auto& c : batch)
    for (const auto& t : c.tickets)
      if (t.day == day) {
        m.tickets = std::max<std::int64_t>(m.tickets, static_cast<std::int64_t>(t.ordinal));
        int& seq = m.seq[t.origin];
        seq = std::max(seq, t.seq);
      }
  mark_ = std::move(m);
  if (mark_file_ == nullptr) return;
  try {
    mark_file_->write(mark_);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-server: %s (the commit itself is on disk)\n", e.what());
  }
}

void Store::keep_mark(MarkFile* file, Mark m) {
  mark_file_ = file;
  mark_ = std::move(m);
  if (mark_file_) mark_file_->write(mark_);
}

std::string Store::instance() {
  SQLite::Statement q(*db_, "SELECT value FROM meta WHERE key='instance'");
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

std::string Store::mode() {
  SQLite::Statement q(*db_, "SELECT value FROM meta WHERE key='mode'");
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

void Store::claim_mode(const std::string& mode) {
  SQLite::Statement q(*db_, "INSERT OR IGNORE INTO meta(key, value) VALUES('mode', ?)");
  q.bind(1, mode);
  q.exec();
}

Mark Store::high_water(const std::string& hall) {
  Mark m;
  m.hall = hall;
  m.instance = instance();
  {
    SQLite::Statement q(*db_, "SELECT value FROM meta WHERE key='day'");
    if (q.executeStep()) m.day = q.getColumn(0).getString();
  }
  m.event = db_->execAndGet("SELECT coalesce(max(id), 0) FROM events").getInt64();
  SQLite::Statement t(*db_, "SELECT origin, max(seq), max(ordinal) FROM tickets WHERE day = :day GROUP BY origin");
  t.bind(":day", m.day);
  while (t.executeStep()) {
    m.seq[t.getColumn(0).getString()] = t.getColumn(1).getInt();
    m.tickets = std::max<std::int64_t>(m.tickets, t.getColumn(2).getInt64());
  }
  return m;
}

bool Store::has_id_hashes() {
  return db_->execAndGet(
                "SELECT EXISTS(SELECT 1 FROM tickets WHERE id_hash != '') OR "
                "EXISTS(SELECT 1 FROM appointments WHERE id_hash != '')")
                 .getInt() != 0 ||
         cases_->has_id_hashes();
}

CaseBookState Store::load_cases(domain::TimePoint since) {
  return cases_->load(to_unix_ms(since));
}

std::optional<domain::Case> Store::find_case(const std::string& number) {
  return cases_->find(number);
}

RatingTables& Store::ratings() {
  return *ratings_;
}

HelpTables& Store::help() {
  return *help_;
}

std::string Store::check(bool thorough, int max) {
  SQLite::Statement q(
      *db_, std::string(thorough ? "PRAGMA integrity_check(" : "PRAGMA quick_check(") + std::to_string(max) + ")");
  std::string out;
  while (q.executeStep()) out += (out.empty() ? "" : "\n") + q.getColumn(0).getString();
  return out;
}

std::optional<domain::DayState> Store::load_current() {
  SQLite::Statement q(*db_, "SELECT value FROM meta WHERE key='day'");
  if (!q.executeStep()) return std::nullopt;
  auto day = domain::LocalDate::parse(q.getColumn(0).getString());
  if (!day) throw StoreError("meta.day holds \"" + q.getColumn(0).getString() + "\", not a date");
  domain::DayState state;
  state.day = *day;
  state.tickets = load_tickets(day->str());
  SQLite::Statement w(*db_, "SELECT number, clerk, since, paused, pause_reason, current FROM windows");
  while (w.executeStep()) {
    domain::WindowState ws;
    ws.number = w.getColumn(0).getInt();
    ws.clerk = w.getColumn(1).getString();
    ws.since = from_unix_ms(w.getColumn(2).getInt64());
    ws.paused = w.getColumn(3).getInt() != 0;
    ws.pause_reason = w.getColumn(4).getString();
    ws.current = w.getColumn(5).getString();
    state.windows.push_back(std::move(ws));
  }
  SQLite::Statement a(*db_,
                      "SELECT day, code, service, slot_minute, id_hash, id_masked, name_masked, ticket "
                      "FROM appointments WHERE day >= ?");
  a.bind(1, day->str());
  while (a.executeStep()) {
    domain::Appointment ap;
    ap.day = domain::LocalDate::parse(a.getColumn(0).getString()).value_or(*day);
    ap.code = a.getColumn(1).getString();
    ap.service = a.getColumn(2).getString();
    ap.slot_minute = a.getColumn(3).getInt();
    ap.id_hash = a.getColumn(4).getString();
    ap.id_masked = a.getColumn(5).getString();
    ap.name_masked = a.getColumn(6).getString();
    ap.ticket = a.getColumn(7).getString();
    state.appointments.push_back(std::move(ap));
  }
  return state;
}

std::vector<domain::Ticket> Store::load_tickets(const std::string& day) {
  return read_tickets(*db_, day);
}

std::vector<domain::Ticket> read_tickets(SQLite::Database& db, const std::string& day) {
  std::vector<domain::Ticket> out;
  auto parsed_day = domain::LocalDate::parse(day).value_or(domain::LocalDate{});
  {
    SQLite::Statement count(db, "SELECT count(*) FROM tickets WHERE day = ?");
    count.bind(1, day);
    if (count.executeStep()) out.reserve(static_cast<std::size_t>(count.getColumn(0).getInt64()));
  }
  // In primary-key order, which is issue order: no sorting.
  SQLite::Statement q(db, ticket_select());
  q.bind(":day", day);
  while (q.executeStep()) {
    domain::Ticket t;
    t.day = parsed_day;
    t.ordinal = static_cast<std::uint64_t>(q.getColumn(ticket_column("ordinal")).getInt64());
    t.number = q.getColumn(ticket_column("number")).getString();
    t.origin = q.getColumn(ticket_column("origin")).getString();
    t.seq = q.getColumn(ticket_column("seq")).getInt();
    t.priority = q.getColumn(ticket_column("priority")).getString();
    t.channel = q.getColumn(ticket_column("channel")).getString();
    t.issued_at = from_unix_ms(q.getColumn(ticket_column("issued_at")).getInt64());
    t.id_hash = q.getColumn(ticket_column("id_hash")).getString();
    t.id_masked = q.getColumn(ticket_column("id_masked")).getString();
    t.name_masked = q.getColumn(ticket_column("name_masked")).getString();
    t.appointment = q.getColumn(ticket_column("appointment")).getString();
    t.request_key = q.getColumn(ticket_column("request_key")).getString();
    t.issued_by = q.getColumn(ticket_column("issued_by")).getString();
    t.language = q.getColumn(ticket_column("language")).getString();
    t.told.s = q.getColumn(ticket_column("told_s")).getInt64();
    t.told.lo_s = q.getColumn(ticket_column("told_lo_s")).getInt64();
    t.told.hi_s = q.getColumn(ticket_column("told_hi_s")).getInt64();
    t.told.naive_s = q.getColumn(ticket_column("naive_s")).getInt64();
    SQLite::Column history = q.getColumn(ticket_column("history"));
    if (!history.isNull()) t.visits = decode_history(history.getBlob(), static_cast<std::size_t>(history.getBytes()));
    domain::Visit v;
    v.service = q.getColumn(ticket_column("service")).getString();
    v.target_window = q.getColumn(ticket_column("target_window")).getInt();
    auto state = domain::ticket_state_from_string(q.getColumn(ticket_column("state")).getText());
    if (!state)
      throw StoreError("ticket " + t.number + " of " + day + " has unknown state " +
                       q.getColumn(ticket_column("state")).getString());
    v.state = *state;
    v.enqueued_at = from_unix_ms(q.getColumn(ticket_column("enqueued_at")).getInt64());
    v.order_at = from_unix_ms(q.getColumn(ticket_column("order_at")).getInt64());
    v.called_at = from_unix_ms(q.getColumn(ticket_column("called_at")).getInt64());
    v.last_call_at = from_unix_ms(q.getColumn(ticket_column("last_call_at")).getInt64());
    v.ended_at = from_unix_ms(q.getColumn(ticket_column("ended_at")).getInt64());
    v.window = q.getColumn(ticket_column("window")).getInt();
    v.clerk = q.getColumn(ticket_column("clerk")).getString();
    v.recalls = q.getColumn(ticket_column("recalls")).getInt();
    v.call_seq = static_cast<std::uint64_t>(q.getColumn(ticket_column("call_seq")).getInt64());
    v.last_call_recall = q.getColumn(ticket_column("last_call_recall")).getInt() != 0;
    v.reason = q.getColumn(ticket_column("reason")).getString();
    t.visits.push_back(std::move(v));
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<domain::Ticket> read_tickets_for_figures(SQLite::Database& db, const std::string& from,
                                                     const std::string& to) {
  std::vector<domain::Ticket> out;
  {
    SQLite::Statement count(db, "SELECT count(*) FROM tickets WHERE day BETWEEN ? AND ?");
    count.bind(1, from);
    count.bind(2, to);
    if (count.executeStep()) out.reserve(static_cast<std::size_t>(count.getColumn(0).getInt64()));
  }
  SQLite::Statement q(db,
                      "SELECT day, origin, issued_at, service, state, enqueued_at, called_at, ended_at, window, clerk, "
                      "call_seq, history, told_s, told_lo_s, told_hi_s, naive_s FROM tickets WHERE day BETWEEN ? AND "
                      "? ORDER BY day, ordinal");
  q.bind(1, from);
  q.bind(2, to);
  std::string day_text;
  domain::LocalDate day;
  while (q.executeStep()) {
    domain::Ticket t;
    if (const char* d = q.getColumn(0).getText(); day_text != d) {
      day_text = d;
      day = domain::LocalDate::parse(day_text).value_or(domain::LocalDate{});
    }
    t.day = day;
    t.origin = q.getColumn(1).getString();
    t.issued_at = from_unix_ms(q.getColumn(2).getInt64());
    t.told = {q.getColumn(12).getInt64(), q.getColumn(13).getInt64(), q.getColumn(14).getInt64(),
              q.getColumn(15).getInt64()};
    SQLite::Column history = q.getColumn(11);
    if (!history.isNull()) t.visits = decode_history(history.getBlob(), static_cast<std::size_t>(history.getBytes()));
    domain::Visit v;
    v.service = q.getColumn(3).getString();
    auto state = domain::ticket_state_from_string(q.getColumn(4).getText());
    if (!state) throw StoreError("a ticket of " + day_text + " has unknown state " + q.getColumn(4).getString());
    v.state = *state;
    v.enqueued_at = from_unix_ms(q.getColumn(5).getInt64());
    v.called_at = from_unix_ms(q.getColumn(6).getInt64());
    v.ended_at = from_unix_ms(q.getColumn(7).getInt64());
    v.window = q.getColumn(8).getInt();
    v.clerk = q.getColumn(9).getString();
    v.call_seq = static_cast<std::uint64_t>(q.getColumn(10).getInt64());
    t.visits.push_back(std::move(v));
    out.push_back(std::move(t));
  }
  return out;
}

std::map<std::string, StoredCredential> Store::load_credentials(const std::string& kind) {
  std::map<std::string, StoredCredential> out;
  SQLite::Statement q(*db_, "SELECT id, source_hash, hash FROM credentials WHERE kind = :kind");
  q.bind(":kind", kind);
  while (q.executeStep()) out[q.getColumn(0).getString()] = {q.getColumn(1).getString(), q.getColumn(2).getString()};
  return out;
}

void Store::save_credential(const std::string& kind, const std::string& id, const StoredCredential& c) {
  SQLite::Statement q(*db_,
                      "INSERT OR REPLACE INTO credentials(kind, id, source_hash, hash) "
                      "VALUES(:kind, :id, :source_hash, :hash)");
  q.bind(":kind", kind);
  q.bind(":id", id);
  q.bind(":source_hash", c.source_hash);
  q.bind(":hash", c.hash);
  q.exec();
}

domain::Stats Store::day_stats(domain::LocalDate day, const domain::HallConfig& config) {
  auto tickets = load_tickets(day.str());
  std::vector<const domain::Ticket*> ptrs;
  for (const auto& t : tickets) ptrs.push_back(&t);
  return domain::compute_stats(day, ptrs, config);
}

}  // namespace hallq::server
