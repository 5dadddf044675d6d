#include "server/health.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/protocol/session.hpp"
#include "server/log.hpp"

namespace hallq::server {

using protocol::AlarmKind;
using protocol::HealthCheck;
using protocol::HealthStatus;

std::optional<DiskSpace> disk_space(const std::string& path) {
  struct statvfs st {};
  if (statvfs(path.c_str(), &st) != 0) return std::nullopt;
  return DiskSpace{static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize,
                   static_cast<std::uint64_t>(st.f_blocks) * st.f_frsize};
}

std::string bytes_text(std::uint64_t bytes) {
  char buf[32];
  const double mib = static_cast<double>(bytes) / (1 << 20);
  if (mib < 1024)
    std::snprintf(buf, sizeof buf, "%.0f MiB", mib);
  else
    std::snprintf(buf, sizeof buf, "%.1f GiB", mib / 1024);
  return buf;
}

namespace {

std::string absolute_folder_of(const std::string& db_path) {
  std::filesystem::path p = std::filesystem::absolute(db_path).parent_path();
  return p.empty() ? "/" : p.string();
}

std::string ms_text(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
  return buf;
}

bool about_devices(AlarmKind k) {
  return k == AlarmKind::device_offline || k == AlarmKind::printer || k == AlarmKind::card_reader;
}

}  // namespace

HealthWatch::HealthWatch(const config::Settings& settings, std::string db_path)
    : settings_(settings), dir_(absolute_folder_of(db_path)), started_(std::chrono::steady_clock::now()) {
  last_read_ = started_;
  disk_ = disk_space(dir_);
  level_ = level_of(disk_);
  if (level_ != Level::ok) log_disk();  // say so at start-up too
}

HealthWatch::Level HealthWatch::level_of(const std::optional<DiskSpace>& d) const {
  if (!d) return Level::ok;  // unknown: the health report says so; no alarm for it
  const std::uint64_t mib = d->free_bytes >> 20;
  if (mib < static_cast<std::uint64_t>(settings_.disk_critical_mib)) return Level::critical;
  if (mib < static_cast<std::uint64_t>(settings_.disk_warn_mib)) return Level::low;
  return Level::ok;
}

bool HealthWatch::tick(std::chrono::steady_clock::time_point now) {
  if (now - last_read_ < every_) return false;
  last_read_ = now;
  disk_ = disk_space(dir_);
  Level was = level_;
  level_ = level_of(disk_);
  if (level_ == was) return false;
  log_disk();
  return true;
}

void HealthWatch::log_disk() const {
  std::string free = disk_ ? bytes_text(disk_->free_bytes) : "?";
  switch (level_) {
    case Level::critical:
      log_line(LogLevel::error, "disk: only " + free + " free on " + dir_ + " (below disk_critical_mib " +
                                    std::to_string(settings_.disk_critical_mib) +
                                    " MiB): free space now, or commits will fail and the hall will stop issuing");
      break;
    case Level::low:
      log_line(LogLevel::warning, "disk: " + free + " free on " + dir_ + " (below disk_warn_mib " +
                                      std::to_string(settings_.disk_warn_mib) + " MiB)");
      break;
    case Level::ok:
      log_line(LogLevel::notice, "disk: " + free + " free on " + dir_ + " again");
      break;
  }
}

std::optional<std::uint64_t> HealthWatch::disk_low() const {
  if (level_ == Level::ok || !disk_) return std::nullopt;
  return disk_->free_bytes;
}

protocol::HealthReply HealthWatch::report(const StoreThread::CommitTimes& commits,
                                          const std::vector<protocol::Alarm>& alarms, bool recovering,
                                          const NightlyState* nightly) const {
  protocol::HealthReply r;
  r.version = std::string(protocol::software_version());
  r.uptime_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();

  HealthCheck& disk = r.checks.emplace_back();
  disk.name = "disk";
  disk.limit = settings_.disk_warn_mib;
  if (!disk_) {
    disk.status = HealthStatus::warning;
    disk.message = "cannot read the free space on " + dir_;
  } else {
    disk.value = static_cast<std::int64_t>(disk_->free_bytes >> 20);
    disk.message = bytes_text(disk_->free_bytes) + " free of " + bytes_text(disk_->total_bytes) + " on " + dir_;
    if (level_ == Level::critical) {
      disk.status = HealthStatus::critical;
      disk.message += " (below disk_critical_mib " + std::to_string(settings_.disk_critical_mib) + " MiB)";
    } else if (level_ == Level::low) {
      disk.status = HealthStatus::warning;
      disk.message += " (below disk_warn_mib " + std::to_string(settings_.disk_warn_mib) + " MiB)";
    }
  }

  HealthCheck& commit = r.checks.emplace_back();
  commit.name = "commits";
  commit.limit = std::int64_t{settings_.commit_warn_ms} * 1000;
  commit.value = static_cast<std::int64_t>(commits.max_ms_minute * 1000);
  if (recovering) {
    commit.status = HealthStatus::critical;
    commit.message = "a commit failed: changes are refused until the server has reloaded its state (see the log)";
  } else {
    commit.message = std::to_string(commits.last_minute) + " in the last minute";
    if (commits.last_minute > 0) commit.message += ", the slowest " + ms_text(commits.max_ms_minute);
    if (commits.commits > 0)
      commit.message += "; 99% of the last " +
                        std::to_string(std::min<std::uint64_t>(commits.commits, StoreThread::kTimesKept)) + " within " +
                        ms_text(commits.p99_ms);
    if (commits.failures > 0) commit.message += "; " + std::to_string(commits.failures) + " failed since start";
    if (commits.max_ms_minute > settings_.commit_warn_ms) {
      commit.status = HealthStatus::warning;
      commit.message += " (slower than commit_warn_ms " + std::to_string(settings_.commit_warn_ms) + ")";
    }
  }

  if (nightly) {  // a failed nightly backup is only in the log otherwise, where nobody looks at night
    HealthCheck& backup = r.checks.emplace_back();
    backup.name = "backup";
    if (nightly->off) {
      backup.message = "nightly backups are off ([backup] at)";
    } else if (!nightly->failed.empty()) {
      backup.status = HealthStatus::warning;
      backup.message = "the nightly backup failed at " + nightly->failed_at + ": " + nightly->failed +
                       " (tried again each hour)" +
                       (nightly->last_ok.empty() ? std::string() : "; the newest is " + nightly->last_ok);
    } else {
      backup.message =
          nightly->last_ok.empty() ? "no nightly backup due since the start" : "the newest is " + nightly->last_ok;
    }
  }

  // Two checks filled together: indexes, as a second emplace_back may move the first.
  const std::size_t at = r.checks.size();
  r.checks.resize(at + 2);
  HealthCheck& devices = r.checks[at];
  HealthCheck& others = r.checks[at + 1];
  devices.name = "devices";
  others.name = "alarms";
  std::string device_list, alarm_list;
  int n_devices = 0, n_alarms = 0;
  for (const auto& a : alarms) {
    if (!a.active || a.kind == AlarmKind::disk_low) continue;  // the disk has its own check
    bool device = about_devices(a.kind);
    int& n = device ? n_devices : n_alarms;
    std::string& list = device ? device_list : alarm_list;
    if (++n <= 5) list += (list.empty() ? "" : "; ") + a.message;
  }
  devices.value = n_devices;
  others.value = n_alarms;
  devices.status = n_devices > 0 ? HealthStatus::warning : HealthStatus::ok;
  others.status = n_alarms > 0 ? HealthStatus::warning : HealthStatus::ok;
  devices.message = n_devices == 0 ? "every terminal that reported is online, its devices working"
                                   : device_list + (n_devices > 5 ? "; …" : "");
  others.message = n_alarms == 0 ? "no alarms" : alarm_list + (n_alarms > 5 ? "; …" : "");

  for (const auto& c : r.checks) r.status = std::max(r.status, c.status);
  return r;
}

}  // namespace hallq::server
