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
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/domain/engine.hpp"
#include "core/domain/stats.hpp"
#include "core/domain/ticket.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace hallq::server {

// Start-up failures (cannot open, newer schema, corrupt file).
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Why a commit failed. Nothing of a failed commit is on disk.
struct CommitError {
  enum class Kind { busy, full, io };
  Kind kind;
  std::string message;
};

class Store {
 public:
  static constexpr int kSchemaVersion = 3;

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
  // Statistics of any stored day.
  domain::Stats day_stats(domain::LocalDate day, const domain::HallConfig& config);
  std::int64_t event_count();
  int schema_version();

  // Test seam: caps the file size in pages (SQLITE_FULL beyond), like a full disk.
  void set_max_pages(std::int64_t pages);

 private:
  std::vector<domain::Ticket> load_tickets(const std::string& day);
  void write(const domain::Changes& c);

  std::unique_ptr<SQLite::Database> db_;
  struct Statements;
  std::unique_ptr<Statements> st_;
};

}  // namespace hallq::server
