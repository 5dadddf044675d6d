#pragma once
// Opening the hall's stored state, with every check that stands between a
// damaged or missing file and a number issued twice (docs/security.md):
//
//   - the database must be there when its high-water mark says it was, must be
//     the one the mark belongs to, and must not be behind it;
//   - SQLite's quick_check must pass;
//   - the ID-hashing key must be there when the database holds hashes made
//     with it (a new key would silently make every hash useless: per-person
//     limits and check-in by ID card would stop working), and must be
//     readable by its owner only; it is created only for a database without
//     hashes.
//
// A refusal says what happened and what to restore, and carries the process
// exit code.
//
// Thread affinity: start-up only, before the event loop runs.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/config/config.hpp"
#include "core/domain/ticket.hpp"
#include "server/mark.hpp"
#include "server/store.hpp"

namespace hallq::server {

// Exit codes of a refused start.
inline constexpr int kExitStartup = 1;     // cannot open, lock, bind…
inline constexpr int kExitDataLost = 3;    // the database is missing, damaged or behind: restore it
inline constexpr int kExitKeyProblem = 4;  // the ID key is missing or readable by others
inline constexpr int kExitOtherHall = 5;   // a training database for a production hall, or the reverse

class StartupRefusal : public std::runtime_error {
 public:
  StartupRefusal(int exit_code, const std::string& what) : std::runtime_error(what), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

struct StorePaths {
  std::string db;
  std::string key;             // the ID key file
  std::string mark;            // the high-water mark
  bool key_beside_db = false;  // an old hall's <db>.key, used because the default place has none
};

// The paths for a database: [security] id_key_file or the default place
// (core/config/paths.hpp, apart from the database), [security] mark_file or
// <db>.mark. A training hall's are always <db>.key and <db>.mark: it must never
// read the production hall's key or move its mark.
StorePaths store_paths(const config::Config& config, const std::string& db);

struct OpenedState {
  std::unique_ptr<Store> store;
  std::optional<domain::DayState> state;  // nothing for a new database
  std::vector<std::uint8_t> key;
  std::unique_ptr<MarkFile> mark;
  Mark mark_now;                    // where the database stands (as the mark will say)
  std::map<std::string, int> skip;  // accept_loss: numbers already handed out today
  std::vector<std::string> notes;   // what was done (created a key, wrote a first mark…), for the log
};

// Opens, checks and reads the state. `accept_loss`: a database behind its mark
// is used anyway, numbering after the mark (hallq-server --accept-loss).
// Throws StartupRefusal.
OpenedState open_state(const config::Config& config, const StorePaths& paths, bool accept_loss);

// hallq-server --check: every check above plus SQLite's full integrity_check,
// without changing anything. Writes a report to `out`; returns the exit code
// (0 when everything is right).
int check_state(const config::Config& config, const StorePaths& paths, std::FILE* out);

// The key for hashing ID numbers: read from `path` (which must be readable by
// its owner only), or — when `may_create` — created there (mode 0600, its
// directory 0700 if new) with 32 random bytes. Throws StartupRefusal.
std::vector<std::uint8_t> open_key(const std::string& path, bool may_create);

// The hall's hours, rollover and dates are local times, the process's time zone's. A TZ that names
// no zone this machine has is taken by the C library for UTC, without a word: the hall would open,
// close and turn its day hours off. What is wrong with TZ, if anything.
std::optional<std::string> time_zone_problem();

// A bad rating's reasons are worded from the translation files (under `assets`, or where
// config::find_assets looks): one they lack would reach the citizen as its key. What is missing, if
// anything; none either when no assets are found (the server warns of that itself).
std::optional<std::string> rating_words_problem(const config::Config& config, const std::string& assets);

}  // namespace hallq::server
