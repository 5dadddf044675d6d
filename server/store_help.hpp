#pragma once
// The store's tables of the guides' own work (help_requests, helpdesk; schema
// version 8, docs/web.md "Help desk"): written in the same transaction as
// everything else (Store::commit), loaded at start-up for the help book, and
// read for a past day's register and the figures per day.
//
// The figures are a free function over any connection to a hallq database —
// the store's own, or a report's read-only one (server/web/reports.hpp) — so
// a report can count the guides' work in the same read transaction as the
// tickets.
//
// Thread affinity: the Store's (its thread); read_help_figures and
// read_helpdesk on whichever thread owns `db`.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/domain/changes.hpp"
#include "core/domain/help.hpp"

namespace SQLite {
class Database;
}

namespace hallq::server {

// What the help book starts from: the day's calls, the register's entries of
// the day and every entry whose follow-up is still to do.
struct HelpBookState {
  std::vector<domain::HelpRequest> requests;
  std::vector<domain::HelpdeskEntry> entries;
  std::int64_t last_request = 0, last_entry = 0;
};

// One day of the guides' own work (the `help_figures` operation; reports).
struct HelpDayFigures {
  std::string day;                  // "YYYY-MM-DD"
  int entries = 0;                  // help-desk entries made that day
  int followups = 0;                // of them, needing a follow-up or call-back
  int followups_done = 0;           // of those, done by now
  int requests = 0;                 // kiosks' calls for a guide that day
  int taken = 0;                    // of them, taken by a guide
  std::int64_t take_median_s = -1;  // nearest-rank median seconds from call to taken; -1: none taken
  bool operator==(const HelpDayFigures&) const = default;
};

// Every day from..to (inclusive, "YYYY-MM-DD"), oldest first, a day without
// any work included with zeros. Throws SQLite::Exception when `db` cannot be read.
std::vector<HelpDayFigures> read_help_figures(SQLite::Database& db, const std::string& from, const std::string& to);

// A day's help-desk entries, newest first (call-back numbers only masked;
// the sealed copy stays in the table).
std::vector<domain::HelpdeskEntry> read_helpdesk(SQLite::Database& db, const std::string& day);

class HelpTables {
 public:
  explicit HelpTables(SQLite::Database& db);
  ~HelpTables();
  HelpTables(const HelpTables&) = delete;
  HelpTables& operator=(const HelpTables&) = delete;

  void write(const domain::Changes& c);
  HelpBookState load(const std::string& day);
  std::vector<HelpDayFigures> figures(const std::string& from, const std::string& to) {
    return read_help_figures(db_, from, to);
  }
  std::vector<domain::HelpdeskEntry> helpdesk(const std::string& day) { return read_helpdesk(db_, day); }

 private:
  SQLite::Database& db_;
  struct Statements;
  std::unique_ptr<Statements> st_;
};

}  // namespace hallq::server
