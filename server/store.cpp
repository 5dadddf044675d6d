#include "server/store.hpp"

#include <map>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

namespace hallq::server {
namespace {

using domain::from_unix_ms;
using domain::to_unix_ms;

// Migration i brings user_version from i to i + 1. Never edit a shipped step; add one.
const char* const kMigrations[] = {
    // 0 → 1
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
  number TEXT, window INTEGER, service TEXT, clerk TEXT, detail TEXT);
CREATE TABLE tickets(
  day TEXT NOT NULL, number TEXT NOT NULL,
  origin TEXT NOT NULL, seq INTEGER NOT NULL, ordinal INTEGER NOT NULL,
  priority TEXT NOT NULL, channel TEXT NOT NULL, issued_at INTEGER NOT NULL,
  id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, name_masked TEXT NOT NULL,
  appointment TEXT NOT NULL, state TEXT NOT NULL,
  PRIMARY KEY(day, number)) WITHOUT ROWID;
CREATE TABLE visits(
  day TEXT NOT NULL, number TEXT NOT NULL, idx INTEGER NOT NULL,
  service TEXT NOT NULL, target_window INTEGER NOT NULL, state TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL, order_at INTEGER NOT NULL,
  called_at INTEGER NOT NULL, last_call_at INTEGER NOT NULL, ended_at INTEGER NOT NULL,
  window INTEGER NOT NULL, clerk TEXT NOT NULL, recalls INTEGER NOT NULL,
  call_seq INTEGER NOT NULL, last_call_recall INTEGER NOT NULL, reason TEXT NOT NULL,
  PRIMARY KEY(day, number, idx)) WITHOUT ROWID;
CREATE TABLE windows(
  number INTEGER PRIMARY KEY, clerk TEXT NOT NULL, since INTEGER NOT NULL,
  paused INTEGER NOT NULL, pause_reason TEXT NOT NULL, current TEXT NOT NULL);
CREATE TABLE appointments(
  day TEXT NOT NULL, code TEXT NOT NULL, service TEXT NOT NULL, slot_minute INTEGER NOT NULL,
  id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, name_masked TEXT NOT NULL, ticket TEXT NOT NULL,
  PRIMARY KEY(day, code)) WITHOUT ROWID;
CREATE TABLE days(day TEXT PRIMARY KEY, closed_at INTEGER NOT NULL) WITHOUT ROWID;
)sql",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == Store::kSchemaVersion);

}  // namespace

struct Store::Statements {
  SQLite::Statement event, ticket, visit, window, appointment, day_closed, meta_day;
  explicit Statements(SQLite::Database& db)
      : event(db, "INSERT INTO events(day, at, kind, number, window, service, clerk, detail) "
                  "VALUES(?,?,?,?,?,?,?,?)"),
        ticket(db, "INSERT OR REPLACE INTO tickets VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        visit(db, "INSERT OR REPLACE INTO visits VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        window(db, "INSERT OR REPLACE INTO windows VALUES(?,?,?,?,?,?)"),
        appointment(db, "INSERT OR REPLACE INTO appointments VALUES(?,?,?,?,?,?,?,?)"),
        day_closed(db, "INSERT OR REPLACE INTO days VALUES(?,?)"),
        meta_day(db, "INSERT OR REPLACE INTO meta VALUES('day', ?)") {}
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
                       " is newer than this hallq-server understands (" +
                       std::to_string(kSchemaVersion) + ")");
    for (int v = version; v < kSchemaVersion; ++v) {
      SQLite::Transaction tx(*db_);
      db_->exec(kMigrations[v]);
      db_->exec("PRAGMA user_version=" + std::to_string(v + 1));
      tx.commit();
    }
    st_ = std::make_unique<Statements>(*db_);
  } catch (const SQLite::Exception& e) {
    throw StoreError(path + ": " + e.what());
  }
}

Store::~Store() = default;

int Store::schema_version() { return db_->execAndGet("PRAGMA user_version").getInt(); }

std::int64_t Store::event_count() { return db_->execAndGet("SELECT count(*) FROM events").getInt64(); }

void Store::set_max_pages(std::int64_t pages) {
  db_->exec("PRAGMA max_page_count=" + std::to_string(pages));
}

void Store::write(const domain::Changes& c) {
  auto& s = *st_;
  auto text_or_null = [](SQLite::Statement& st, int i, const std::string& v) {
    if (v.empty()) st.bind(i); else st.bind(i, v);
  };
  for (const auto& e : c.events) {
    s.event.reset();
    s.event.bind(1, e.day.str());
    s.event.bind(2, to_unix_ms(e.at));
    s.event.bind(3, e.kind);
    text_or_null(s.event, 4, e.number);
    if (e.window == 0) s.event.bind(5); else s.event.bind(5, e.window);
    text_or_null(s.event, 6, e.service);
    text_or_null(s.event, 7, e.clerk);
    text_or_null(s.event, 8, e.detail);
    s.event.exec();
  }
  for (const auto& t : c.tickets) {
    const std::string day = t.day.str();
    s.ticket.reset();
    s.ticket.bind(1, day);
    s.ticket.bind(2, t.number);
    s.ticket.bind(3, t.origin);
    s.ticket.bind(4, t.seq);
    s.ticket.bind(5, static_cast<std::int64_t>(t.ordinal));
    s.ticket.bind(6, t.priority);
    s.ticket.bind(7, t.channel);
    s.ticket.bind(8, to_unix_ms(t.issued_at));
    s.ticket.bind(9, t.id_hash);
    s.ticket.bind(10, t.id_masked);
    s.ticket.bind(11, t.name_masked);
    s.ticket.bind(12, t.appointment);
    s.ticket.bind(13, std::string(domain::to_string(t.state())));
    s.ticket.exec();
    for (std::size_t i = 0; i < t.visits.size(); ++i) {
      const auto& v = t.visits[i];
      s.visit.reset();
      s.visit.bind(1, day);
      s.visit.bind(2, t.number);
      s.visit.bind(3, static_cast<int>(i));
      s.visit.bind(4, v.service);
      s.visit.bind(5, v.target_window);
      s.visit.bind(6, std::string(domain::to_string(v.state)));
      s.visit.bind(7, to_unix_ms(v.enqueued_at));
      s.visit.bind(8, to_unix_ms(v.order_at));
      s.visit.bind(9, to_unix_ms(v.called_at));
      s.visit.bind(10, to_unix_ms(v.last_call_at));
      s.visit.bind(11, to_unix_ms(v.ended_at));
      s.visit.bind(12, v.window);
      s.visit.bind(13, v.clerk);
      s.visit.bind(14, v.recalls);
      s.visit.bind(15, static_cast<std::int64_t>(v.call_seq));
      s.visit.bind(16, v.last_call_recall ? 1 : 0);
      s.visit.bind(17, v.reason);
      s.visit.exec();
    }
  }
  for (const auto& w : c.windows) {
    s.window.reset();
    s.window.bind(1, w.number);
    s.window.bind(2, w.clerk);
    s.window.bind(3, to_unix_ms(w.since));
    s.window.bind(4, w.paused ? 1 : 0);
    s.window.bind(5, w.pause_reason);
    s.window.bind(6, w.current);
    s.window.exec();
  }
  for (const auto& a : c.appointments) {
    s.appointment.reset();
    s.appointment.bind(1, a.day.str());
    s.appointment.bind(2, a.code);
    s.appointment.bind(3, a.service);
    s.appointment.bind(4, a.slot_minute);
    s.appointment.bind(5, a.id_hash);
    s.appointment.bind(6, a.id_masked);
    s.appointment.bind(7, a.name_masked);
    s.appointment.bind(8, a.ticket);
    s.appointment.exec();
  }
  if (c.closed_day) {
    s.day_closed.reset();
    s.day_closed.bind(1, c.closed_day->str());
    s.day_closed.bind(2, c.events.empty() ? std::int64_t{0} : to_unix_ms(c.events.back().at));
    s.day_closed.exec();
  }
}

std::optional<CommitError> Store::commit(const std::vector<domain::Changes>& batch, domain::LocalDate day) {
  bool begun = false;
  try {
    // IMMEDIATE takes the write lock now (waiting up to busy_timeout), so a locked
    // database fails here, before anything is written.
    db_->exec("BEGIN IMMEDIATE");
    begun = true;
    for (const auto& c : batch) write(c);
    st_->meta_day.reset();
    st_->meta_day.bind(1, day.str());
    st_->meta_day.exec();
    db_->exec("COMMIT");
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
    if (code == SQLITE_FULL)
      return CommitError{CommitError::Kind::full, "the disk is full"};
    return CommitError{CommitError::Kind::io, e.what()};
  }
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
  std::vector<domain::Ticket> out;
  std::map<std::string, std::size_t> index;
  auto parsed_day = domain::LocalDate::parse(day).value_or(domain::LocalDate{});
  SQLite::Statement t(*db_,
                      "SELECT number, origin, seq, ordinal, priority, channel, issued_at, id_hash, "
                      "id_masked, name_masked, appointment FROM tickets WHERE day = ? ORDER BY ordinal");
  t.bind(1, day);
  while (t.executeStep()) {
    domain::Ticket tk;
    tk.day = parsed_day;
    tk.number = t.getColumn(0).getString();
    tk.origin = t.getColumn(1).getString();
    tk.seq = t.getColumn(2).getInt();
    tk.ordinal = static_cast<std::uint64_t>(t.getColumn(3).getInt64());
    tk.priority = t.getColumn(4).getString();
    tk.channel = t.getColumn(5).getString();
    tk.issued_at = from_unix_ms(t.getColumn(6).getInt64());
    tk.id_hash = t.getColumn(7).getString();
    tk.id_masked = t.getColumn(8).getString();
    tk.name_masked = t.getColumn(9).getString();
    tk.appointment = t.getColumn(10).getString();
    index[tk.number] = out.size();
    out.push_back(std::move(tk));
  }
  SQLite::Statement v(*db_,
                      "SELECT number, service, target_window, state, enqueued_at, order_at, called_at, "
                      "last_call_at, ended_at, window, clerk, recalls, call_seq, last_call_recall, reason "
                      "FROM visits WHERE day = ? ORDER BY number, idx");
  v.bind(1, day);
  while (v.executeStep()) {
    auto it = index.find(v.getColumn(0).getString());
    if (it == index.end()) throw StoreError("visit of unknown ticket " + v.getColumn(0).getString() + " on " + day);
    domain::Visit vs;
    vs.service = v.getColumn(1).getString();
    vs.target_window = v.getColumn(2).getInt();
    auto st = domain::ticket_state_from_string(v.getColumn(3).getString());
    if (!st) throw StoreError("visit of " + it->first + " has unknown state " + v.getColumn(3).getString());
    vs.state = *st;
    vs.enqueued_at = from_unix_ms(v.getColumn(4).getInt64());
    vs.order_at = from_unix_ms(v.getColumn(5).getInt64());
    vs.called_at = from_unix_ms(v.getColumn(6).getInt64());
    vs.last_call_at = from_unix_ms(v.getColumn(7).getInt64());
    vs.ended_at = from_unix_ms(v.getColumn(8).getInt64());
    vs.window = v.getColumn(9).getInt();
    vs.clerk = v.getColumn(10).getString();
    vs.recalls = v.getColumn(11).getInt();
    vs.call_seq = static_cast<std::uint64_t>(v.getColumn(12).getInt64());
    vs.last_call_recall = v.getColumn(13).getInt() != 0;
    vs.reason = v.getColumn(14).getString();
    out[it->second].visits.push_back(std::move(vs));
  }
  for (const auto& tk : out)
    if (tk.visits.empty()) throw StoreError("ticket " + tk.number + " of " + day + " has no visits");
  return out;
}

domain::Stats Store::day_stats(domain::LocalDate day, const domain::HallConfig& config) {
  auto tickets = load_tickets(day.str());
  std::vector<const domain::Ticket*> ptrs;
  for (const auto& t : tickets) ptrs.push_back(&t);
  return domain::compute_stats(day, ptrs, config);
}

}  // namespace hallq::server
