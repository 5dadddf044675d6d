#pragma once
// The server's own health, for monitoring (op health, `hallqctl health`) and the disk_low alarm:
// free space on the database's file system, how long commits take, the nightly backup, terminals
// offline or with a device problem, and the hall's alarms. Each check is ok, warning or critical; the report's
// status is the worst of them (docs/operations.md "Monitoring").
//
// The server warns before the disk is full: below [server] disk_warn_mib free it logs a warning
// and raises the disk_low alarm on the guides' monitor; below disk_critical_mib it logs an error.
// (A commit that still fails for want of space is refused and nothing acknowledged is lost:
// docs/operations.md.)
//
// Thread affinity: the event loop only.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.hpp"
#include "core/protocol/admin.hpp"
#include "server/backup.hpp"
#include "server/store_thread.hpp"

namespace hallq::server {

struct DiskSpace {
  std::uint64_t free_bytes = 0;  // what the server may still write (f_bavail)
  std::uint64_t total_bytes = 0;
};
// The file system holding `path` (a file or a folder); nothing when it cannot be read.
std::optional<DiskSpace> disk_space(const std::string& path);

// "812 MiB", "12.4 GiB".
std::string bytes_text(std::uint64_t bytes);

class HealthWatch {
 public:
  // `db_path`: the database, whose folder's file system is watched. Reads the disk at once.
  HealthWatch(const config::Settings& settings, std::string db_path);

  // Once a second: reads the disk every 10 s. Returns true when the disk has crossed a threshold
  // either way (the disk_low alarm changes), and logs the crossing.
  bool tick(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());
  const std::optional<DiskSpace>& disk() const { return disk_; }
  // The free space, when it is below disk_warn_mib.
  std::optional<std::uint64_t> disk_low() const;

  // The report from the last disk reading, the committer's times, the alarms active now, and
  // whether the server is recovering from a failed commit (refusing changes meanwhile).
  // `nightly`: how the nightly backups go (nothing: this server takes none).
  protocol::HealthReply report(const StoreThread::CommitTimes& commits, const std::vector<protocol::Alarm>& alarms,
                               bool recovering, const NightlyState* nightly = nullptr) const;

 private:
  enum class Level { ok, low, critical };
  Level level_of(const std::optional<DiskSpace>& d) const;
  void log_disk() const;

  const config::Settings& settings_;
  std::string dir_;
  std::chrono::seconds every_{10};
  std::chrono::steady_clock::time_point started_, last_read_;
  std::optional<DiskSpace> disk_;
  Level level_ = Level::ok;
};

}  // namespace hallq::server
