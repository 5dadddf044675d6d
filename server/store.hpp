#pragma once
// The durable store: one SQLite file in WAL mode with synchronous=FULL.
//
// Every change is an event row (the audit log) written in the same transaction
// as its effect on the state tables (tickets, visits, windows, appointments),
// so the state tables always match the log. A restart loads the current day
// from the state tables (cheap however long the log grows).
//
// Schema versions live in PRAGMA user_version; migrations run at open, each in
// its own transaction. The schema is documented in docs/architecture.md.
//
// Thread affinity: a Store is used by one thread at a time (StoreThread owns it).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/domain/engine.hpp"
#include "core/domain/stats.hpp"
#include "core/domain/ticket.hpp"
#include "server/mark.hpp"
#include "server/store_cases.hpp"
#include "server/store_help.hpp"
#include "server/store_ratings.hpp"
#include "server/store_tickets.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace hallq::server {

// Start-up failures (cannot open, newer schema, corrupt file).
// Times in the tables are unix milliseconds, 0 for "not yet" (the default TimePoint).
inline std::int64_t stored_ms(domain::TimePoint t) {
  return t == domain::TimePoint{} ? 0 : domain::to_unix_ms(t);
}
inline std::int64_t stored_ms(const std::optional<domain::TimePoint>& t) {
  return t ? stored_ms(*t) : 0;
}
inline domain::TimePoint stored_time(std::int64_t v) {
  return v == 0 ? domain::TimePoint{} : domain::from_unix_ms(v);
}

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A credential stronger than the configuration's: `hash` replaces
// `source_hash` (the configuration's at the time) for as long as the
// configuration still says `source_hash`.
struct StoredCredential {
  std::string source_hash;
  std::string hash;
};

// Why a commit failed. Nothing of a failed commit is on disk.
struct CommitError {
  enum class Kind { busy, full, io };
  Kind kind;
  std::string message;
};

// The tickets table's rows, and reading them from any connection: store_tickets.hpp.

class Store {
 public:
  static constexpr int kSchemaVersion = 12;

  // Opens or creates the database and migrates it. Throws StoreError.
  Store(const std::string& path, int busy_timeout_ms);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The state of the day the hall was last in; nullopt for a new database.
  std::optional<domain::DayState> load_current();
  // Writes all changes and the engine's current day in one transaction, then
  // commits durably. On failure everything is rolled back.
  std::optional<CommitError> commit(const std::vector<domain::Changes>& batch, domain::LocalDate day);
  // The case book's state: open cases and those that changed since `since`.
  CaseBookState load_cases(domain::TimePoint since);
  // Any case by number, also one ended long ago.
  std::optional<domain::Case> find_case(const std::string& number);
  // The rating tables: the rating book's state, the figures and the export of any period.
  RatingTables& ratings();
  // The guides' own work: the help book's state, a past day's register, the figures per day.
  HelpTables& help();
  // Statistics of any stored day.
  domain::Stats day_stats(domain::LocalDate day, const domain::HallConfig& config);
  // The last `n` days with tickets before `before`, oldest first, measured (read_recent_days): a
  // starting server gives them to Engine::remember_day.
  MeasuredDays recent_days(domain::LocalDate before, int n);
  std::int64_t event_count();
  // Credentials of a kind ("pin"), by id; and keeping one (its own transaction).
  std::map<std::string, StoredCredential> load_credentials(const std::string& kind);
  void save_credential(const std::string& kind, const std::string& id, const StoredCredential& c);
  int schema_version();

  // Test seam: caps the file size in pages (SQLITE_FULL beyond), like a full disk.
  void set_max_pages(std::int64_t pages);

  // ---- integrity (start-up and hallq-server --check)
  // The database's own id (made when it was created; never changes).
  std::string instance();
  // Whose database it is: "production" or "training" (meta.mode, written once by the first server
  // that uses it); empty for one that no server has claimed yet.
  std::string mode();
  void claim_mode(const std::string& mode);  // once: a mode already there is kept
  // How far the database has got, as a high-water mark would say it.
  Mark high_water(const std::string& hall);
  // Whether any ticket or appointment holds a keyed hash of an ID number.
  bool has_id_hashes();
  // SQLite's quick_check (every page, not every index entry) or integrity_check;
  // "ok", or the problems it reports (at most `max` lines).
  std::string check(bool thorough, int max = 10);

  // After every commit, the mark is brought up to date and rewritten (errors
  // are logged, not fatal: the commit itself is durable). `m` is the mark the
  // database stands at now (high_water()).
  void keep_mark(MarkFile* file, Mark m);
  const Mark& mark() const { return mark_; }

  // ---- kept figures for reports (server/day_figures.hpp, table day_figures)
  // Every commit deletes the kept figures of each day whose rows it writes (a
  // ticket, a rating, the rating of a follow-up, a window's session event, the
  // day it closes), in its own transaction, whether or not figures are kept.
  //
  // From now on keeps each closed day's figures, made with the hall's rollover
  // minute: every closed day without them is wanted now, and again each day a
  // commit closes or deletes the figures of.
  void keep_figures(int rollover_minute);
  // Whether make_figures has a day to make.
  bool figures_wanted() const { return keep_figures_ && (figures_dirty_ || !figures_pending_.empty()); }
  // Makes one wanted day's figures (the newest first) from its rows, in a
  // transaction of its own; whether it made one. Errors are logged, not
  // thrown, and the days still wanted are dropped until a commit wants them
  // again: reports compute those days from the rows meanwhile.
  bool make_figures();

 private:
  std::vector<domain::Ticket> load_tickets(const std::string& day);
  void write(const domain::Changes& c);
  void advance_mark(const std::vector<domain::Changes>& batch, domain::LocalDate day);

  std::unique_ptr<SQLite::Database> db_;
  MarkFile* mark_file_ = nullptr;
  Mark mark_, pending_mark_;
  struct Statements;
  std::unique_ptr<Statements> st_;
  std::unique_ptr<CaseTables> cases_;
  std::unique_ptr<RatingTables> ratings_;
  bool keep_figures_ = false, figures_dirty_ = false;
  int rollover_minute_ = 0;
  std::vector<domain::LocalDate> figures_pending_;  // oldest first
  std::unique_ptr<HelpTables> help_;
};

// A time column where 0 means "not yet" (a help call taken, a rating given, an entry done).
inline std::optional<domain::TimePoint> time_or_none(std::int64_t unix_ms) {
  return unix_ms == 0 ? std::nullopt : std::optional<domain::TimePoint>(domain::from_unix_ms(unix_ms));
}

}  // namespace hallq::server
