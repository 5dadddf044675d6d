#include "server/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <string_view>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "server/day_figures.hpp"
#include "server/store_schema.hpp"
#include "server/store_tickets.hpp"

namespace hallq::server {
namespace {

using domain::from_unix_ms;
using domain::to_unix_ms;

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
  // SQLite takes a file shorter than its header for an empty database and writes over it: a file of
  // something else given as --db by mistake would be lost. Only a new (empty) file or a database.
  if (std::error_code ec; std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw StoreError(path + ": is not a regular file");  // a FIFO would block the start, unsaid
  if (std::ifstream in(path, std::ios::binary); in) {
    char head[16] = {};
    in.read(head, sizeof head);
    if (in.gcount() > 0 && (in.gcount() < 16 || std::memcmp(head, "SQLite format 3", 16) != 0))
      throw StoreError(path + ": file is not a database");
  }
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
    s.ticket.reset();
    bind_ticket(s.ticket, t);
    s.ticket.exec();
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

MeasuredDays Store::recent_days(domain::LocalDate before, int n) {
  return read_recent_days(*db_, before, n);
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
