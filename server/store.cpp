#include "server/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

namespace hallq::server {
namespace {

using domain::from_unix_ms;
using domain::to_unix_ms;

// Migration i brings user_version from i to i + 1. Never edit a shipped step; add one.
const char* const kMigrations[] = {
    // 0 → 1. Tickets are keyed by (day, ordinal) so new tickets append to one
    // page; the current visit lives in the row, earlier ones in `history`
    // (see encode_history). The unique index makes the database itself refuse
    // a number issued twice on a day.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
  number TEXT, window INTEGER, service TEXT, clerk TEXT, detail TEXT);
CREATE TABLE tickets(
  day TEXT NOT NULL, ordinal INTEGER NOT NULL, number TEXT NOT NULL,
  origin TEXT NOT NULL, seq INTEGER NOT NULL, priority TEXT NOT NULL, channel TEXT NOT NULL,
  issued_at INTEGER NOT NULL, id_hash TEXT NOT NULL, id_masked TEXT NOT NULL,
  name_masked TEXT NOT NULL, appointment TEXT NOT NULL,
  service TEXT NOT NULL, target_window INTEGER NOT NULL, state TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL, order_at INTEGER NOT NULL, called_at INTEGER NOT NULL,
  last_call_at INTEGER NOT NULL, ended_at INTEGER NOT NULL, window INTEGER NOT NULL,
  clerk TEXT NOT NULL, recalls INTEGER NOT NULL, call_seq INTEGER NOT NULL,
  last_call_recall INTEGER NOT NULL, reason TEXT NOT NULL, history BLOB,
  PRIMARY KEY(day, ordinal)) WITHOUT ROWID;
CREATE UNIQUE INDEX tickets_number ON tickets(day, number);
CREATE TABLE windows(
  number INTEGER PRIMARY KEY, clerk TEXT NOT NULL, since INTEGER NOT NULL,
  paused INTEGER NOT NULL, pause_reason TEXT NOT NULL, current TEXT NOT NULL);
CREATE TABLE appointments(
  day TEXT NOT NULL, code TEXT NOT NULL, service TEXT NOT NULL, slot_minute INTEGER NOT NULL,
  id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, name_masked TEXT NOT NULL, ticket TEXT NOT NULL,
  PRIMARY KEY(day, code)) WITHOUT ROWID;
CREATE TABLE days(day TEXT PRIMARY KEY, closed_at INTEGER NOT NULL) WITHOUT ROWID;
)sql",
    // 1 → 2. The key of the request that issued a ticket, so a terminal that
    // lost a reply and asks again gets the same ticket, also after a restart.
    R"sql(
ALTER TABLE tickets ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
)sql",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == Store::kSchemaVersion);

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

}  // namespace

struct Store::Statements {
  SQLite::Statement event, ticket, window, appointment, day_closed, meta_day;
  explicit Statements(SQLite::Database& db)
      : event(db,
              "INSERT INTO events(day, at, kind, number, window, service, clerk, detail) "
              "VALUES(?,?,?,?,?,?,?,?)"),
        // An upsert, so the number index is not rewritten when a ticket changes.
        ticket(db,
               "INSERT INTO tickets VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
               "ON CONFLICT(day, ordinal) DO UPDATE SET priority=excluded.priority, "
               "service=excluded.service, target_window=excluded.target_window, state=excluded.state, "
               "enqueued_at=excluded.enqueued_at, order_at=excluded.order_at, called_at=excluded.called_at, "
               "last_call_at=excluded.last_call_at, ended_at=excluded.ended_at, window=excluded.window, "
               "clerk=excluded.clerk, recalls=excluded.recalls, call_seq=excluded.call_seq, "
               "last_call_recall=excluded.last_call_recall, reason=excluded.reason, history=excluded.history"),
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
                       " is newer than this hallq-server understands (" + std::to_string(kSchemaVersion) + ")");
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
  auto text_or_null = [](SQLite::Statement& st, int i, const std::string& v) {
    if (v.empty())
      st.bind(i);
    else
      st.bind(i, v);
  };
  for (const auto& e : c.events) {
    s.event.reset();
    s.event.bind(1, e.day.str());
    s.event.bind(2, to_unix_ms(e.at));
    s.event.bind(3, e.kind);
    text_or_null(s.event, 4, e.number);
    if (e.window == 0)
      s.event.bind(5);
    else
      s.event.bind(5, e.window);
    text_or_null(s.event, 6, e.service);
    text_or_null(s.event, 7, e.clerk);
    text_or_null(s.event, 8, e.detail);
    s.event.exec();
  }
  for (const auto& t : c.tickets) {
    const domain::Visit& v = t.current();
    auto& q = s.ticket;
    q.reset();
    q.bind(1, t.day.str());
    q.bind(2, static_cast<std::int64_t>(t.ordinal));
    q.bindNoCopy(3, t.number);
    q.bindNoCopy(4, t.origin);
    q.bind(5, t.seq);
    q.bindNoCopy(6, t.priority);
    q.bindNoCopy(7, t.channel);
    q.bind(8, to_unix_ms(t.issued_at));
    q.bindNoCopy(9, t.id_hash);
    q.bindNoCopy(10, t.id_masked);
    q.bindNoCopy(11, t.name_masked);
    q.bindNoCopy(12, t.appointment);
    q.bindNoCopy(13, v.service);
    q.bind(14, v.target_window);
    q.bind(15, std::string(domain::to_string(v.state)));
    q.bind(16, to_unix_ms(v.enqueued_at));
    q.bind(17, to_unix_ms(v.order_at));
    q.bind(18, to_unix_ms(v.called_at));
    q.bind(19, to_unix_ms(v.last_call_at));
    q.bind(20, to_unix_ms(v.ended_at));
    q.bind(21, v.window);
    q.bindNoCopy(22, v.clerk);
    q.bind(23, v.recalls);
    q.bind(24, static_cast<std::int64_t>(v.call_seq));
    q.bind(25, v.last_call_recall ? 1 : 0);
    q.bindNoCopy(26, v.reason);
    q.bindNoCopy(28, t.request_key);
    if (t.visits.size() > 1) {
      std::string history = encode_history(t.visits);
      q.bind(27, history.data(), static_cast<int>(history.size()));
      q.exec();
    } else {
      q.bind(27);
      q.exec();
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
    if (code == SQLITE_FULL) return CommitError{CommitError::Kind::full, "the disk is full"};
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
  auto parsed_day = domain::LocalDate::parse(day).value_or(domain::LocalDate{});
  {
    SQLite::Statement count(*db_, "SELECT count(*) FROM tickets WHERE day = ?");
    count.bind(1, day);
    if (count.executeStep()) out.reserve(static_cast<std::size_t>(count.getColumn(0).getInt64()));
  }
  // In primary-key order, which is issue order: no sorting.
  SQLite::Statement q(*db_,
                      "SELECT ordinal, number, origin, seq, priority, channel, issued_at, id_hash, id_masked, "
                      "name_masked, appointment, service, target_window, state, enqueued_at, order_at, "
                      "called_at, last_call_at, ended_at, window, clerk, recalls, call_seq, last_call_recall, "
                      "reason, history, request_key FROM tickets WHERE day = ? ORDER BY day, ordinal");
  q.bind(1, day);
  while (q.executeStep()) {
    domain::Ticket t;
    t.day = parsed_day;
    t.ordinal = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
    t.number = q.getColumn(1).getString();
    t.origin = q.getColumn(2).getString();
    t.seq = q.getColumn(3).getInt();
    t.priority = q.getColumn(4).getString();
    t.channel = q.getColumn(5).getString();
    t.issued_at = from_unix_ms(q.getColumn(6).getInt64());
    t.id_hash = q.getColumn(7).getString();
    t.id_masked = q.getColumn(8).getString();
    t.name_masked = q.getColumn(9).getString();
    t.appointment = q.getColumn(10).getString();
    t.request_key = q.getColumn(26).getString();
    SQLite::Column history = q.getColumn(25);
    if (!history.isNull()) t.visits = decode_history(history.getBlob(), static_cast<std::size_t>(history.getBytes()));
    domain::Visit v;
    v.service = q.getColumn(11).getString();
    v.target_window = q.getColumn(12).getInt();
    auto state = domain::ticket_state_from_string(q.getColumn(13).getText());
    if (!state)
      throw StoreError("ticket " + t.number + " of " + day + " has unknown state " + q.getColumn(13).getString());
    v.state = *state;
    v.enqueued_at = from_unix_ms(q.getColumn(14).getInt64());
    v.order_at = from_unix_ms(q.getColumn(15).getInt64());
    v.called_at = from_unix_ms(q.getColumn(16).getInt64());
    v.last_call_at = from_unix_ms(q.getColumn(17).getInt64());
    v.ended_at = from_unix_ms(q.getColumn(18).getInt64());
    v.window = q.getColumn(19).getInt();
    v.clerk = q.getColumn(20).getString();
    v.recalls = q.getColumn(21).getInt();
    v.call_seq = static_cast<std::uint64_t>(q.getColumn(22).getInt64());
    v.last_call_recall = q.getColumn(23).getInt() != 0;
    v.reason = q.getColumn(24).getString();
    t.visits.push_back(std::move(v));
    out.push_back(std::move(t));
  }
  return out;
}

domain::Stats Store::day_stats(domain::LocalDate day, const domain::HallConfig& config) {
  auto tickets = load_tickets(day.str());
  std::vector<const domain::Ticket*> ptrs;
  for (const auto& t : tickets) ptrs.push_back(&t);
  return domain::compute_stats(day, ptrs, config);
}

}  // namespace hallq::server
