#pragma once
// Backups of the hall's database while it runs, and putting one back
// (docs/operations.md, "Backups").
//
// A backup is SQLite's online backup API run from a connection of its own in
// one step: one read transaction, so the copy is the database as one commit
// left it; the database is in WAL mode, so the committer goes on writing
// meanwhile (a reader never blocks it). The copy is written beside its target,
// stamped (meta rows backup.hall, backup.key, backup.taken_at), made a single
// self-contained file (rollback journal, not WAL), synced and renamed into
// place: a backup file is whole or absent. The copy is written without syncs of
// its own and then put on the disk 256 KiB at a time at 32 MiB/s, from a thread
// at a lower CPU and I/O priority, so each of the committer's fsyncs carries at
// most a small slice of the copy (docs/performance.md, "Backups while the hall runs").
//
// The ID key is never in a backup: only its fingerprint (the first 16 hex
// digits of HMAC-SHA-256(key, "hallq key fingerprint")), so a restore can tell
// whether the key on this machine is the one the backup's hashes were made
// with.
//
// Thread affinity: backup_database runs on any thread (it opens its own
// connections); NightlyBackups and restore as their comments say.

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/config/config.hpp"
#include "core/domain/time.hpp"
#include "server/startup.hpp"

namespace hallq::server {

struct BackupStamp {
  std::string hall;             // [hall] id
  std::string key_fingerprint;  // of the ID key the database's hashes were made with
  std::string taken_at;         // the hall's local time by the server's clock, "YYYY-MM-DDTHH:MM:SS"
};

struct BackupInfo {
  std::string file;
  std::int64_t bytes = 0;
  int schema = 0;       // PRAGMA user_version of the copy
  std::int64_t ms = 0;  // how long the copy took
  std::int64_t tickets = 0;
  std::string mode;  // meta.mode of the copy: "production" or "training" (a copy from before modes: production)
  BackupStamp stamp;
};

std::string key_fingerprint(const std::vector<std::uint8_t>& key);

// Copies the database at `db_path` to `target`, which must not exist. Throws
// StoreError saying what failed (the target is then absent).
BackupInfo backup_database(const std::string& db_path, const std::string& target, const BackupStamp& stamp);

// What a backup file says of itself. Throws StoreError when it cannot be read
// as a hallq backup.
BackupInfo read_backup(const std::string& file);

// The nightly backups in `dir` (hall-<hall>-<YYYY-MM-DD>.db), oldest first.
std::vector<std::string> nightly_backups(const std::string& dir, const std::string& hall);
// The nightly backup's file name for `day` ("YYYY-MM-DD").
std::string nightly_name(const std::string& hall, const std::string& day);
// Removes the oldest nightly backups beyond `keep`; the files removed.
std::vector<std::string> rotate_backups(const std::string& dir, const std::string& hall, int keep);
// [backup] dir, or <the database's folder>/backups.
std::string backup_dir(const config::Config& config, const std::string& db_path);

// The running server's backups: `backup` requests and the nightly one, each
// copied on a thread of its own, one at a time; the result is posted back to
// the loop.
//
// Thread affinity: the loop (start, nightly, running); the destructor waits
// for a copy under way.
// How the nightly backups are going, for the health check (docs/operations.md, "Monitoring").
struct NightlyState {
  bool off = false;     // [backup] at = "off"
  std::string last_ok;  // the newest nightly backup this server took or found (empty: none yet)
  std::string failed;   // why the last attempt failed, when it failed after last_ok (empty: it did not)
  std::string failed_at;
};

class Backups {
 public:
  // `error` empty: `info` is the backup written.
  using Done = std::function<void(const BackupInfo& info, const std::string& error)>;

  Backups(boost::asio::any_io_executor loop, std::string db_path, BackupStamp stamp, std::string dir,
          config::BackupSettings settings);
  ~Backups();
  Backups(const Backups&) = delete;
  Backups& operator=(const Backups&) = delete;

  bool running() const { return running_; }
  const std::string& dir() const { return dir_; }
  // A backup to `target` (an absolute path that does not exist), stamped as taken
  // at `taken_at` (empty: the machine's local time). Precondition: !running().
  void start(std::string target, Done done, std::string taken_at);
  // Called about once a second with the hall's clock: once the day's [backup] at
  // has passed and the day has no nightly backup in dir() yet, takes it, then
  // removes those beyond [backup] keep. A failure is logged, and tried again
  // an hour later.
  void nightly(domain::TimePoint now);
  const NightlyState& state() const { return state_; }

 private:
  boost::asio::any_io_executor loop_;
  std::string db_path_;
  BackupStamp stamp_;
  std::string dir_;
  config::BackupSettings settings_;
  std::thread worker_;
  bool running_ = false;
  domain::TimePoint retry_after_{};
  NightlyState state_;
};

// hallq-server --restore FILE: checks that FILE is a backup of this hall
// (its [hall] id), of a schema this server can read, whole (integrity_check),
// whose hashes were made with the ID key on this machine; moves the database's files aside
// (<db>.before-restore-<time>) and puts the backup in their place. The caller
// holds the database's lock (the server is not running). Reports to `out`; returns the exit
// code (0 restored, 1 could not, 2 not a backup of this hall, 3 damaged, 4 the key, 5 a
// training hall's backup for a production hall or the reverse, by config.training).
int restore_backup(const config::Config& config, const StorePaths& paths, const std::string& file, std::FILE* out);

}  // namespace hallq::server
