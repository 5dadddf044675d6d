#pragma once
// The store's case tables (cases, handovers, notifications; schema version 5,
// docs/architecture.md): written in the same transaction as everything else
// (Store::commit), loaded at start-up for the case book.
//
// Thread affinity: the Store's (its thread).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/case.hpp"
#include "core/domain/changes.hpp"

namespace SQLite {
class Database;
}

namespace hallq::server {

// What the case book starts from: open cases, and those ended in the last
// `keep_days`; sheets not yet returned or returned since; the newest notices.
struct CaseBookState {
  std::vector<domain::Case> cases;
  std::vector<domain::Handover> sheets;
  std::vector<domain::Notification> notifications;
  std::int64_t last_notification = 0;
};

class CaseTables {
 public:
  explicit CaseTables(SQLite::Database& db);
  ~CaseTables();
  CaseTables(const CaseTables&) = delete;
  CaseTables& operator=(const CaseTables&) = delete;

  void write(const domain::Changes& c);
  CaseBookState load(std::int64_t since_unix_ms);
  // Any case by number, also one ended long ago.
  std::optional<domain::Case> find(const std::string& number);
  bool has_id_hashes();

 private:
  SQLite::Database& db_;
  struct Statements;
  std::unique_ptr<Statements> st_;
};

}  // namespace hallq::server
