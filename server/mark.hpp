#pragma once
// The durable high-water mark: a small file kept apart from the database that
// says how far the database had got — its identity, the hall day, the newest
// event and, per service, the highest ticket number acknowledged today. The
// committer rewrites it after every commit (write + rename: never torn; fsync
// at most once a second, so a killed process loses nothing, and a power cut at
// most the last second).
//
// At start-up the database is held against it. A database that is missing,
// empty, another one, or behind the mark (its WAL lost or damaged: SQLite
// quietly drops WAL frames whose checksum fails) is refused with what happened
// and what to restore — so a number already handed out is never issued again.
//
// Thread affinity: MarkFile is used by one thread at a time (the committer, or
// start-up before it runs).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace hallq::server {

struct Mark {
  std::string hall;                // hall id
  std::string instance;            // the database's own id (meta.instance)
  std::string day;                 // the hall day the numbers below belong to
  std::int64_t event = 0;          // the newest event row
  std::int64_t tickets = 0;        // tickets issued on `day`
  std::map<std::string, int> seq;  // service → highest number issued on `day`
  bool operator==(const Mark&) const = default;
};

class MarkFile {
 public:
  explicit MarkFile(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

  // The mark on disk; nothing when there is no file. Throws std::runtime_error
  // when the file exists but cannot be read as a mark.
  std::optional<Mark> read() const;
  // Replaces the mark (write a temporary file, rename over). Throws
  // std::runtime_error naming the file on failure.
  void write(const Mark& m);

 private:
  std::string path_;
  std::chrono::steady_clock::time_point synced_{};
};

// Whether `db` holds less than `mark` says was acknowledged, and if so what
// ("events up to #120 of #131; A: A038 of A042"); empty when it is not behind.
std::string behind(const Mark& db, const Mark& mark);

}  // namespace hallq::server
