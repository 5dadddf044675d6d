#include "server/startup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string_view>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "core/config/i18n.hpp"
#include "core/config/paths.hpp"
#include "core/domain/crypto.hpp"
#include "server/log.hpp"

namespace hallq::server {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRestore =
    "Restore the last backup with hallq-server --restore, leaving the .mark where it is: it remembers the "
    "numbers handed out since (docs/security.md: \"Restoring\")";

bool has_content(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec) && fs::file_size(path, ec) > 0 && !ec;
}

std::string describe(const Mark& m) {
  if (m.day.empty() && m.tickets == 0 && m.event == 0) return "no day yet";
  return "day " + (m.day.empty() ? std::string("none") : m.day) + ", " + std::to_string(m.tickets) +
         " tickets, event #" + std::to_string(m.event);
}

std::vector<std::uint8_t> read_key(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw StartupRefusal(kExitKeyProblem, path + ": cannot read the ID key");
  if ((st.st_mode & 077) != 0)
    throw StartupRefusal(kExitKeyProblem, path +
                                              ": the ID key may be read by other users; it must be its owner's "
                                              "alone (chmod 600 " +
                                              path + ")");
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  auto key = domain::from_hex(hex);
  if (key.size() < 16) throw StartupRefusal(kExitKeyProblem, path + ": not a key (expected at least 32 hex digits)");
  return key;
}

// A training hall never opens the production database (its citizens, its numbers), and the
// production hall never opens a training one. A database records whose it is when a server first
// uses it; one from before training existed, with anything in it, is production.
// Returns the mode to record once the start has passed every other check.
std::string check_mode(Store& store, const config::Config& config, const StorePaths& paths, const Mark& now,
                       bool marked) {
  const std::string wanted = config.training ? "training" : "production";
  std::string mode = store.mode();
  if (mode.empty()) mode = now.event == 0 && !marked ? wanted : "production";
  if (mode != wanted) {
    if (config.training)
      throw StartupRefusal(
          kExitOtherHall, paths.db + " is a production database (" +
                              (now.day.empty() ? std::string("marked as one, no tickets yet")
                                               : std::to_string(now.tickets) + " tickets on its last day, " + now.day) +
                              "): a training hall must never use it. Give the training hall a database of its "
                              "own, e.g. --db " +
                              (std::filesystem::path(paths.db).parent_path() / "training.db").string());
    throw StartupRefusal(kExitOtherHall, paths.db +
                                             " is a training hall's database: start it with --training (or [training] "
                                             "enabled = true), or give this hall its production database");
  }
  return mode;
}

}  // namespace

StorePaths store_paths(const config::Config& config, const std::string& db) {
  StorePaths p;
  p.db = db;
  if (config.training) {
    p.key = db + ".key";
    p.mark = db + ".mark";
    return p;
  }
  p.key = !config.settings.id_key_file.empty() ? config.settings.id_key_file : config::default_key_file();
  std::error_code ec;
  // The key used to lie beside the database; a hall upgraded from then
  // keeps using it there (the start-up log says to move it) rather than
  // silently starting a second key.
  if (config.settings.id_key_file.empty() && fs::exists(db + ".key", ec) && !fs::exists(p.key, ec)) {
    p.key = db + ".key";
    p.key_beside_db = true;
  }
  if (p.key.empty()) p.key = db + ".key";  // the program's place is unknown: the old default
  p.mark = !config.settings.mark_file.empty() ? config.settings.mark_file : db + ".mark";
  return p;
}

std::vector<std::uint8_t> open_key(const std::string& path, bool may_create) {
  if (::access(path.c_str(), F_OK) == 0) return read_key(path);
  if (!may_create)
    throw StartupRefusal(kExitKeyProblem,
                         path +
                             ": the ID key is missing, but the database holds ID numbers hashed with it. Without "
                             "it, per-person limits and check-in by ID card would silently stop working. Restore the "
                             "key from its backup (docs/security.md: \"The ID key\")");
  std::error_code ec;
  fs::path dir = fs::path(path).parent_path();
  if (!dir.empty() && !fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (!ec) fs::permissions(dir, fs::perms::owner_all, ec);
  }
  // Written whole into a file of its own, then linked to its name: link() never replaces, so two
  // servers starting at once agree on one key, and neither can read the other's half-written file.
  auto key = domain::random_bytes(32);
  std::string temp = path + ".new-" + domain::to_hex(domain::random_bytes(8));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw StartupRefusal(kExitKeyProblem, path + ": cannot create the ID key file");
  std::string hex = domain::to_hex(key) + "\n";
  bool ok = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
  ::close(fd);
  int linked = ok ? ::link(temp.c_str(), path.c_str()) : -1;
  int link_errno = errno;
  ::unlink(temp.c_str());
  if (!ok) throw StartupRefusal(kExitKeyProblem, path + ": cannot write the ID key file");
  if (linked != 0 && link_errno == EEXIST) return read_key(path);  // another server made it meanwhile
  if (linked != 0)
    throw StartupRefusal(kExitKeyProblem, path + ": cannot create the ID key file (" + std::strerror(link_errno) + ")");
  if (int d = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
    ::fsync(d);  // the name, too, survives a power cut
    ::close(d);
  }
  return key;
}

OpenedState open_state(const config::Config& config, const StorePaths& paths, bool accept_loss) {
  OpenedState out;
  out.mark = std::make_unique<MarkFile>(paths.mark);
  std::optional<Mark> mark;
  try {
    mark = out.mark->read();
  } catch (const std::exception& e) {
    throw StartupRefusal(kExitDataLost, e.what());
  }
  // Before SQLite touches the file: a missing or empty database where the
  // mark says there was one is a loss, not a new hall.
  std::string mode;
  if (mark && !has_content(paths.db))
    throw StartupRefusal(kExitDataLost, paths.db + ": the database is " + (fs::exists(paths.db) ? "empty" : "missing") +
                                            ", but " + paths.mark + " says it held " + describe(*mark) + ". " +
                                            kRestore + ". To start a new, empty hall database on purpose, remove " +
                                            paths.mark + " first.");
  try {
    out.store = std::make_unique<Store>(paths.db, config.settings.busy_timeout_ms);
    std::string quick = out.store->check(false);
    if (quick != "ok")
      throw StartupRefusal(
          kExitDataLost, paths.db + ": the database is damaged (SQLite quick_check: " + quick + "). " + kRestore + ".");
    out.mark_now = out.store->high_water(config.hall.id);
    mode = check_mode(*out.store, config, paths, out.mark_now, mark.has_value());
    out.state = out.store->load_current();
  } catch (const StoreError& e) {
    throw StartupRefusal(kExitDataLost, std::string(e.what()) + ". " + kRestore + ".");
  } catch (const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xff;
    bool damaged = code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
    throw StartupRefusal(kExitDataLost, paths.db + (damaged ? ": the database is damaged (SQLite: " : ": (SQLite: ") +
                                            e.what() + "). " + kRestore + ".");
  }

  if (mark) {
    if (!mark->instance.empty() && mark->instance != out.mark_now.instance)
      throw StartupRefusal(kExitDataLost, paths.db + " is not the database " + paths.mark + " belongs to (database " +
                                              out.mark_now.instance + ", mark " + mark->instance +
                                              "). Put the right database back, or restore its last "
                                              "backup with hallq-server --restore.");
    std::string lost = behind(out.mark_now, *mark);
    if (!lost.empty()) {
      if (!accept_loss)
        throw StartupRefusal(kExitDataLost, paths.db + " is behind its high-water mark (" + lost +
                                                "): acknowledged changes are gone, most likely with a damaged or "
                                                "deleted write-ahead log (" +
                                                paths.db + "-wal). " + kRestore +
                                                ". To go on with what is left, start once with --accept-loss: "
                                                "numbering then continues after the last number handed out, so none "
                                                "is given twice.");
      out.notes.push_back("accepted a loss: " + lost + "; numbering continues after the mark");
      if (mark->day == out.mark_now.day) {
        out.skip = mark->seq;
        for (const auto& [service, seq] : mark->seq) {
          int& now = out.mark_now.seq[service];
          now = std::max(now, seq);
        }
        out.mark_now.tickets = std::max(out.mark_now.tickets, mark->tickets);
      }
      out.mark_now.event = std::max(out.mark_now.event, mark->event);
    }
  } else if (out.state) {
    out.notes.push_back("no high-water mark yet: " + paths.mark + " written from the database");
  }

  bool hashes = out.store->has_id_hashes();
  bool key_existed = ::access(paths.key.c_str(), F_OK) == 0;
  out.key = open_key(paths.key, !hashes);
  out.store->claim_mode(mode);  // last: a start refused for anything else has written nothing
  if (!key_existed) out.notes.push_back("created the ID key " + paths.key + " (back it up apart from the database)");
  if (paths.key_beside_db)
    out.notes.push_back("the ID key " + paths.key +
                        " lies beside the database, so a copy of the database's directory carries both: move it "
                        "to " +
                        config::default_key_file() + " or set [security] id_key_file (docs/security.md)");
  return out;
}

int check_state(const config::Config& config, const StorePaths& paths, std::FILE* out) {
  int status = 0;
  auto problem = [&](int code, const std::string& text) {
    std::fprintf(out, "PROBLEM  %s\n", text.c_str());
    if (status == 0) status = code;
  };
  std::optional<Mark> mark;
  try {
    mark = MarkFile(paths.mark).read();
    std::fprintf(out, "mark     %s: %s\n", paths.mark.c_str(), mark ? describe(*mark).c_str() : "none yet");
  } catch (const std::exception& e) {
    problem(kExitDataLost, e.what());
  }
  if (!has_content(paths.db)) {
    if (mark)
      problem(kExitDataLost, paths.db + ": missing or empty, but the mark says it held " + describe(*mark));
    else
      std::fprintf(out, "database %s: none yet (a new hall)\n", paths.db.c_str());
    return status;
  }
  try {
    Store store(paths.db, config.settings.busy_timeout_ms);
    std::string full = store.check(true, 20);
    if (full == "ok")
      std::fprintf(out, "database %s: integrity_check ok (schema %d)\n", paths.db.c_str(), store.schema_version());
    else
      problem(kExitDataLost, paths.db + ": integrity_check found:\n" + full);
    Mark now = store.high_water(config.hall.id);
    std::fprintf(out, "database %s: %s\n", paths.db.c_str(), describe(now).c_str());
    const std::string mode = store.mode(), wanted = config.training ? "training" : "production";
    if (!mode.empty() && mode != wanted)
      problem(kExitOtherHall, "the database is a " + mode + " hall's, and this is a " + wanted + " hall's check" +
                                  (config.training ? "" : " (give --training for a training hall's database)"));
    if (mark && !mark->instance.empty() && mark->instance != now.instance)
      problem(kExitDataLost, "the database is not the one the mark belongs to");
    else if (mark && !behind(now, *mark).empty())
      problem(kExitDataLost, "the database is behind its mark: " + behind(now, *mark));
    bool hashes = store.has_id_hashes();
    if (::access(paths.key.c_str(), F_OK) != 0) {
      if (hashes)
        problem(kExitKeyProblem, paths.key + ": missing, but the database holds hashed ID numbers");
      else
        std::fprintf(out, "key      %s: none yet (made at the first start)\n", paths.key.c_str());
    } else {
      try {
        read_key(paths.key);
        std::fprintf(out, "key      %s: ok\n", paths.key.c_str());
      } catch (const StartupRefusal& e) {
        problem(e.exit_code(), e.what());
      }
    }
  } catch (const std::exception& e) {
    problem(kExitDataLost, paths.db + ": " + e.what());
  }
  std::fprintf(out, status == 0 ? "all checks passed\n" : "checks FAILED\n");
  return status;
}

std::optional<std::string> time_zone_problem() {
  const char* tz = std::getenv("TZ");
  if (tz == nullptr || *tz == '\0') return std::nullopt;  // /etc/localtime
  const std::string name = tz[0] == ':' ? tz + 1 : tz;
  // A POSIX rule ("CST-8", "<+08>-8", "EST5EDT,M3.2.0/2,M11.1.0/2") is its own zone; else a file,
  // under $TZDIR (or /usr/share/zoneinfo), that starts as every compiled zone does ("TZif").
  static const std::regex posix_rule(R"(([A-Za-z]{3,}|<[^>]+>)[+-]?\d.*)");
  if (tz[0] != ':' && std::regex_match(name, posix_rule)) return std::nullopt;
  const char* dir = std::getenv("TZDIR");
  const std::string file =
      name.starts_with('/') ? name : std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name;
  char magic[4] = {};
  std::ifstream(file, std::ios::binary).read(magic, 4);
  if (!name.empty() && name.find("..") == std::string::npos && std::string_view(magic, 4) == "TZif")
    return std::nullopt;
  return "TZ=\"" + std::string(tz) + "\" names no time zone this machine knows (" + file +
         " is no zone file); set it to the hall's, e.g. TZ=Asia/Shanghai (package tzdata), or leave it unset "
         "for /etc/localtime";
}

std::optional<std::string> rating_words_problem(const config::Config& config, const std::string& assets) {
  std::string dir;
  try {
    dir = config::find_assets(assets) + "/i18n";
  } catch (const config::PathError&) {
    return std::nullopt;
  }
  for (const char* lang : {"zh", "mn", "en"}) {
    config::Translations words;
    try {
      words = config::Translations::load(dir, lang);
    } catch (const std::exception& e) {
      log_line(LogLevel::warning, std::string("translations: ") + e.what());
      return std::nullopt;
    }
    for (const auto& id : config.hall.ratings.reasons)
      if (!words.has("rating.reasons." + id))
        return config.path + ": ratings.reasons: \"" + id + "\" has no words in " + dir + "/" + lang +
               ".json (rating.reasons." + id + "): add them to zh.json, mn.json and en.json, or choose another reason";
  }
  return std::nullopt;
}

}  // namespace hallq::server
