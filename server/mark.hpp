#pragma once
// The durable high-water mark: a small file kept apart from the database that
// says how far the database had got — its identity, the hall day, the newest
// event and, per service, the highest ticket number acknowledged today. The
// committer rewrites it after every commit, before the commit is acknowledged
// (write + rename: never torn, and no wait for the disk); a thread of its own
// makes it durable (fdatasync, and the directory for the rename) once a second
// when it changed. So a killed process loses nothing of the mark, a power cut
// at most its last second, and no reply waits for the mark's own flush.
//
// At start-up the database is held against it. A database that is missing,
// empty, another one, or behind the mark (its WAL lost or damaged: SQLite
// quietly drops WAL frames whose checksum fails) is refused with what happened
// and what to restore — so a number already handed out is never issued again.
//
// Thread affinity: MarkFile is used by one thread at a time (the committer, or
// start-up before it runs); its flushing thread starts with the first write.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

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
  ~MarkFile();  // flushes a mark not yet flushed
  MarkFile(const MarkFile&) = delete;
  MarkFile& operator=(const MarkFile&) = delete;
  const std::string& path() const { return path_; }

  // The mark on disk; nothing when there is no file. Throws std::runtime_error
  // when the file exists but cannot be read as a mark.
  std::optional<Mark> read() const;
  // Replaces the mark (write a temporary file, rename over); flushed to the
  // disk within a second. Throws std::runtime_error naming the file on failure.
  void write(const Mark& m);

 private:
  void flush_loop();
  void flush();  // fdatasync the file, fsync its directory

  std::string path_;
  std::thread flusher_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool dirty_ = false, stopping_ = false;  // guarded by mu_
};

// Whether `db` holds less than `mark` says was acknowledged, and if so what
// ("events up to #120 of #131; A: A038 of A042"); empty when it is not behind.
std::string behind(const Mark& db, const Mark& mark);

}  // namespace hallq::server
