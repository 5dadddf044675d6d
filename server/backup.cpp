#include "server/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <linux/ioprio.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <regex>
#include <thread>

#include <boost/asio/post.hpp>

#include "core/config/paths.hpp"
#include "core/domain/crypto.hpp"
#include "server/log.hpp"
#include "server/startup.hpp"
#include "server/store.hpp"

namespace hallq::server {

namespace fs = std::filesystem;

namespace {

void sync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) throw StoreError(path + ": cannot open it to sync it to the disk");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw StoreError(path + ": the disk did not take it (fsync failed)");
}

// Puts a finished copy on the disk a little at a time, at a pace, then syncs what is
// left (the size, the inode). Every commit's fsync of the WAL makes the disk flush
// its write cache, and with it whatever of the copy was written since the last
// flush: the committer waits for that too. So the copy goes out in slices of
// 256 KiB, each written and waited for before the next, at most kCopyPace bytes a
// second: a commit carries at most a slice of the copy with its own few pages.
// (One fsync of the whole file would put 100+ MB ahead of the next commit; 4 MiB
// slices still cost commits ~50 ms at the 99th percentile, docs/performance.md.)
void sync_in_slices(const std::string& path) {
  constexpr off_t kSlice = off_t{256} << 10;
  constexpr double kCopyPace = 32.0 * (1 << 20);  // bytes a second: 141 MB in under five seconds
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw StoreError(path + ": cannot open it to sync it to the disk");
  off_t size = ::lseek(fd, 0, SEEK_END);
  auto start = std::chrono::steady_clock::now();
  for (off_t at = 0; size > 0 && at < size; at += kSlice) {
    if (::sync_file_range(fd, at, std::min(kSlice, size - at),
                          SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) != 0)
      break;  // an I/O error: the fsync below fails and says so; a file system without it: one fsync does all
    auto due = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(static_cast<double>(at + kSlice) / kCopyPace));
    std::this_thread::sleep_until(due);  // the committer's turn at the disk
  }
  int rc = ::fsync(fd);
  int error = errno;
  ::close(fd);
  if (rc != 0) throw StoreError(path + ": the disk did not take it (fsync: " + std::strerror(error) + ")");
}

std::string folder_of(const std::string& path) {
  std::string dir = fs::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

std::string meta(SQLite::Database& db, const char* key) {
  SQLite::Statement q(db, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

std::string local_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

// The backup thread gives way to the committer and the network thread: a lower
// CPU priority (nice 10, this thread only) and the lowest best-effort I/O
// priority (honoured by BFQ; others ignore it). Not the idle class: under load
// it could starve the copy's long read transaction, which holds the WAL back.
// Best effort: a refusal changes nothing.
void yield_to_the_hall() {
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
  ::syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 7));
}

}  // namespace

std::string key_fingerprint(const std::vector<std::uint8_t>& key) {
  static constexpr std::string_view kLabel = "hallq key fingerprint";
  auto mac = domain::hmac_sha256(key, std::span(reinterpret_cast<const std::uint8_t*>(kLabel.data()), kLabel.size()));
  return domain::to_hex(mac).substr(0, 16);
}

BackupInfo backup_database(const std::string& db_path, const std::string& target, const BackupStamp& stamp) {
  auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (fs::exists(target, ec)) throw StoreError(target + " exists already: a backup never replaces a file");
  if (!fs::is_directory(folder_of(target), ec)) throw StoreError(folder_of(target) + ": no such folder");
  std::string partial = target + ".partial";
  fs::remove(partial, ec);
  try {
    {
      SQLite::Database source(db_path, SQLite::OPEN_READONLY);
      source.setBusyTimeout(5000);
      SQLite::Database copy(partial, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      // A fresh file that is renamed into place only once whole and synced: no
      // journal and no syncs of SQLite's own (sync_in_slices does it, gently).
      copy.exec("PRAGMA journal_mode=OFF");
      copy.exec("PRAGMA synchronous=OFF");
      SQLite::Backup backup(copy, source);
      // One step: the whole database in one read transaction. Busy only while another
      // connection holds an exclusive lock (a checkpoint's last moment): try again.
      for (int tries = 0;; ++tries) {
        int rc = backup.executeStep(-1);
        if (rc == SQLITE_DONE) break;
        if (tries == 200) throw StoreError(db_path + ": the database stayed locked; no backup taken");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    SQLite::Database copy(partial, SQLite::OPEN_READWRITE);
    copy.exec("PRAGMA synchronous=OFF");
    copy.exec("PRAGMA journal_mode=DELETE");  // one self-contained file
    const std::string taken_at = stamp.taken_at.empty() ? local_now() : stamp.taken_at;
    SQLite::Statement put(copy, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    auto stamp_row = [&](const char* key, const std::string& value) {
      put.bind(1, key);
      put.bind(2, value);
      put.exec();
      put.reset();
    };
    stamp_row("backup.hall", stamp.hall);
    stamp_row("backup.key", stamp.key_fingerprint);
    stamp_row("backup.taken_at", taken_at);
  } catch (const SQLite::Exception& e) {
    fs::remove(partial, ec);
    throw StoreError(std::string("backup to ") + target + ": " + e.what());
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
  try {
    sync_in_slices(partial);
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
  if (::rename(partial.c_str(), target.c_str()) != 0) {
    fs::remove(partial, ec);
    throw StoreError(target + ": cannot put the backup in place");
  }
  sync_path(folder_of(target), true);
  BackupInfo info = read_backup(target);
  info.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return info;
}

BackupInfo read_backup(const std::string& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw StoreError(file + ": no such file");
  BackupInfo info;
  info.file = file;
  info.bytes = static_cast<std::int64_t>(fs::file_size(file, ec));
  try {
    // A finished file: read as it lies, leaving no -wal or -shm beside it (a plain copy of a database too).
    SQLite::Database db(config::sqlite_immutable_uri(file), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
    if (!db.tableExists("meta") || meta(db, "instance").empty()) throw StoreError(file + " is not a hallq database");
    info.schema = db.execAndGet("PRAGMA user_version").getInt();
    info.stamp.hall = meta(db, "backup.hall");
    info.stamp.key_fingerprint = meta(db, "backup.key");
    info.stamp.taken_at = meta(db, "backup.taken_at");
    if (info.stamp.hall.empty())
      throw StoreError(file +
                       " is a hallq database but not a backup of one (no backup.hall): take backups with "
                       "hallqctl backup, or the nightly backup");
    info.tickets = db.execAndGet("SELECT count(*) FROM tickets").getInt64();
    info.mode = meta(db, "mode") == "training" ? "training" : "production";
  } catch (const SQLite::Exception& e) {
    throw StoreError(file + ": cannot be read as a hallq backup (SQLite: " + e.what() + ")");
  }
  return info;
}

std::string nightly_name(const std::string& hall, const std::string& day) {
  return "hall-" + hall + "-" + day + ".db";
}

std::vector<std::string> nightly_backups(const std::string& dir, const std::string& hall) {
  std::vector<std::string> out;
  std::error_code ec;
  std::regex name("hall-" + std::regex_replace(hall, std::regex(R"([.^$|()\[\]{}*+?\\-])"), R"(\$&)") +
                  R"(-\d{4}-\d{2}-\d{2}\.db)");
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file(ec) && std::regex_match(e.path().filename().string(), name)) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());  // the day in the name sorts as time does
  return out;
}

std::vector<std::string> rotate_backups(const std::string& dir, const std::string& hall, int keep) {
  auto all = nightly_backups(dir, hall);
  std::vector<std::string> removed;
  std::error_code ec;
  for (std::size_t i = 0; i + static_cast<std::size_t>(std::max(keep, 1)) < all.size(); ++i)
    if (fs::remove(all[i], ec)) removed.push_back(all[i]);
  return removed;
}

std::string backup_dir(const config::Config& config, const std::string& db_path) {
  if (!config.backup.dir.empty()) return config.backup.dir;
  return (fs::path(folder_of(db_path)) / "backups").string();
}

Backups::Backups(boost::asio::any_io_executor loop, std::string db_path, BackupStamp stamp, std::string dir,
                 config::BackupSettings settings)
    : loop_(std::move(loop)),
      db_path_(std::move(db_path)),
      stamp_(std::move(stamp)),
      dir_(std::move(dir)),
      settings_(settings) {}

Backups::~Backups() {
  if (worker_.joinable()) worker_.join();
}

void Backups::start(std::string target, Done done, std::string taken_at) {
  if (worker_.joinable()) worker_.join();  // the last one has finished (running_ is false)
  running_ = true;
  BackupStamp stamp = stamp_;
  stamp.taken_at = std::move(taken_at);
  worker_ = std::thread([this, stamp = std::move(stamp), target = std::move(target), done = std::move(done)] {
    yield_to_the_hall();
    BackupInfo info;
    std::string error;
    try {
      info = backup_database(db_path_, target, stamp);
    } catch (const std::exception& e) {
      error = e.what();
    }
    boost::asio::post(loop_, [this, info = std::move(info), error = std::move(error), done] {
      running_ = false;
      done(info, error);
    });
  });
}

void Backups::nightly(domain::TimePoint now) {
  state_.off = settings_.at_minute < 0;
  if (settings_.at_minute < 0 || running_ || now < retry_after_) return;
  domain::LocalTime local = domain::to_local(now);
  if (local.minute < settings_.at_minute) return;
  std::string target = (fs::path(dir_) / nightly_name(stamp_.hall, local.date.str())).string();
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (state_.last_ok != target) state_ = {false, target, "", ""};  // taken before this server started
    return;
  }
  retry_after_ = now + std::chrono::hours(1);  // whatever happens, not again within the hour
  const std::string at = domain::format_iso(now).substr(0, 16);
  fs::create_directories(dir_, ec);
  if (ec) {
    log_line(LogLevel::error, "backup: cannot create " + dir_ + ": " + ec.message() + " (nightly backup not taken)");
    state_.failed = "cannot create " + dir_ + ": " + ec.message();
    state_.failed_at = at;
    return;
  }
  auto done = [this, at](const BackupInfo& info, const std::string& error) {
    if (!error.empty()) {
      log_line(LogLevel::error, "backup: the nightly backup failed: " + error + "; trying again in an hour");
      state_.failed = error;
      state_.failed_at = at;
      return;
    }
    state_ = {false, info.file, "", ""};
    log_line("backup: nightly backup " + info.file + " (" + std::to_string(info.bytes) + " bytes, " +
             std::to_string(info.tickets) + " tickets, " + std::to_string(info.ms) + " ms)");
    for (const auto& gone : rotate_backups(dir_, stamp_.hall, settings_.keep))
      log_line("backup: removed " + gone + " (keeping the newest " + std::to_string(settings_.keep) + ")");
  };
  start(target, done, domain::format_iso(now).substr(0, 19));  // the hall's clock, as the name's day
}

int restore_backup(const config::Config& config, const StorePaths& paths, const std::string& file, std::FILE* out) {
  BackupInfo info;
  try {
    info = read_backup(file);
  } catch (const StoreError& e) {
    std::fprintf(out, "hallq-server: %s\n", e.what());
    return 2;
  }
  if (info.stamp.hall != config.hall.id) {
    std::fprintf(out, "hallq-server: %s is a backup of hall \"%s\", not of this hall (\"%s\")\n", file.c_str(),
                 info.stamp.hall.c_str(), config.hall.id.c_str());
    return 2;
  }
  // Before the key: a training hall's backup has its own key beside the training database, and
  // advice about the key would point the wrong way.
  if (std::string wanted = config.training ? "training" : "production"; info.mode != wanted) {
    std::fprintf(out,
                 "hallq-server: %s is a backup of the %s hall: it cannot be restored as the %s hall's database "
                 "(%s)%s\n",
                 file.c_str(), info.mode == "training" ? "training" : "production", wanted.c_str(), paths.db.c_str(),
                 config.training ? "" : "; restore it with --training and the training hall's --db");
    return kExitOtherHall;
  }
  if (info.schema > Store::kSchemaVersion) {
    std::fprintf(out,
                 "hallq-server: %s has schema %d, newer than this hallq-server understands (%d): restore it "
                 "with the release that made it\n",
                 file.c_str(), info.schema, Store::kSchemaVersion);
    return 2;
  }
  // The whole file, as --check reads a database: one that opens but has damaged pages would take the
  // place of the database and then refuse every start.
  std::string damage;
  try {
    SQLite::Database db(config::sqlite_immutable_uri(file), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
    SQLite::Statement q(db, "PRAGMA integrity_check(10)");
    while (q.executeStep()) damage += (damage.empty() ? "" : "\n") + q.getColumn(0).getString();
  } catch (const SQLite::Exception& e) {
    damage = e.what();
  }
  if (damage != "ok") {
    std::fprintf(out,
                 "hallq-server: %s is damaged (SQLite integrity_check: %s); nothing was changed: restore an "
                 "older backup\n",
                 file.c_str(), damage.c_str());
    return kExitDataLost;
  }
  std::error_code ec;
  if (!info.stamp.key_fingerprint.empty()) {
    if (!fs::exists(paths.key, ec)) {
      std::fprintf(out,
                   "hallq-server: the ID key %s is missing: put back the key the backup was made with "
                   "(fingerprint %s) first (docs/security.md)\n",
                   paths.key.c_str(), info.stamp.key_fingerprint.c_str());
      return kExitKeyProblem;
    }
    try {
      std::string here = key_fingerprint(open_key(paths.key, false));
      if (here != info.stamp.key_fingerprint) {
        std::fprintf(out,
                     "hallq-server: the ID key %s (fingerprint %s) is not the key of this backup (%s): its "
                     "hashes would match no one; put back the backup's key first\n",
                     paths.key.c_str(), here.c_str(), info.stamp.key_fingerprint.c_str());
        return kExitKeyProblem;
      }
    } catch (const StartupRefusal& e) {
      std::fprintf(out, "hallq-server: %s\n", e.what());
      return e.exit_code();
    }
  }
  std::string stamp = local_now();
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const std::string base = paths.db + ".before-restore-" + stamp;
  std::string aside = base;
  // A second restore within the second keeps what it replaces beside the first copy, not over it.
  for (int n = 2; fs::exists(aside, ec) || fs::exists(aside + "-wal", ec); ++n) aside = base + "-" + std::to_string(n);
  int status = 0;
  try {
    std::string partial = paths.db + ".restoring";
    fs::copy_file(file, partial, fs::copy_options::overwrite_existing);
    sync_path(partial, false);
    bool kept = false;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::string from = paths.db + suffix;
      if (!fs::exists(from, ec)) continue;
      fs::rename(from, aside + suffix);
      kept = kept || !*suffix;
    }
    fs::rename(partial, paths.db);
    sync_path(folder_of(paths.db), true);
    std::fprintf(out,
                 "restored %s (hall %s, taken %s, schema %d, %lld tickets) as %s%s\n"
                 "Start the server. If it says the database is behind its high-water mark (tickets handed out "
                 "after the backup), start it once with --accept-loss: numbering goes on after the last number "
                 "handed out.\n",
                 file.c_str(), info.stamp.hall.c_str(), info.stamp.taken_at.c_str(), info.schema,
                 static_cast<long long>(info.tickets), paths.db.c_str(),
                 kept ? ("; the database it replaces is kept as " + aside).c_str() : "");
  } catch (const std::exception& e) {
    std::fprintf(out, "hallq-server: restoring %s: %s\n", file.c_str(), e.what());
    status = 1;
  }
  return status;
}

}  // namespace hallq::server
