#pragma once
// The store's rating tables (ratings, followups; schema version 6,
// docs/ratings.md): written in the same transaction as everything else
// (Store::commit), loaded at start-up for the rating book, and asked for the
// figures and the export of any period.
//
// Thread affinity: the Store's (its thread).

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/changes.hpp"
#include "core/domain/rating.hpp"

namespace SQLite {
class Database;
}

namespace hallq::server {

// What the rating book starts from: the ratings of the last days (phone
// ratings may still come), follow-ups not ended or ended since `ended_since`.
struct RatingBookState {
  std::vector<domain::Rating> ratings;
  std::vector<domain::Followup> followups;
  std::int64_t last_rating = 0, last_followup = 0;
};

// One row of the figures: a clerk, window, service or day (`key`), or the total.
struct RatingRow {
  std::string key;
  int offered = 0, rated = 0;
  int levels[5] = {0, 0, 0, 0, 0};           // very_dissatisfied (1) first
  int followups = 0, followups_on_time = 0;  // opened; called back and put right by their dates (or not yet due)
};

class RatingTables {
 public:
  explicit RatingTables(SQLite::Database& db);
  ~RatingTables();
  RatingTables(const RatingTables&) = delete;
  RatingTables& operator=(const RatingTables&) = delete;

  void write(const domain::Changes& c);
  RatingBookState load(const std::string& since_day, std::int64_t ended_since_unix_ms);
  // The figures of the days from..to (inclusive, "YYYY-MM-DD"), grouped `by`
  // clerk, window, service or day; the total first.
  std::vector<RatingRow> figures(const std::string& from, const std::string& to, const std::string& by);
  // The same rows by day and clerk (day, row keyed by clerk), in that order, in one query: what
  // reports add up (server/day_figures.hpp). Any period's figures are sums of these.
  std::vector<std::pair<std::string, RatingRow>> figures_by_day_and_clerk(const std::string& from,
                                                                          const std::string& to);
  // Every rating of the days from..to, oldest first (the export).
  std::vector<domain::Rating> list(const std::string& from, const std::string& to);

 private:
  SQLite::Database& db_;
  struct Statements;
  std::unique_ptr<Statements> st_;
};

}  // namespace hallq::server
