#pragma once
// hallq-server's composition: configuration, the ID key, the store, the engine,
// the dispatcher and the listener on one event loop, plus the store thread.
// main.cpp only parses flags and calls run().

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/time.hpp"

namespace hallq::server {

struct Options {
  std::string config_path;
  std::string db_path;
  std::string listen;                         // overrides [server] listen
  std::string web_listen;                     // overrides [web] listen
  std::optional<domain::TimePoint> start_at;  // demo/training: the clock starts here
  bool accept_loss = false;                   // go on with a database behind its high-water mark
  bool training = false;                      // a training hall, as [training] enabled = true
  std::string assets;                         // --assets: else $HALLQ_ASSETS, else the installed ones
};

// Runs until SIGINT or SIGTERM. Returns the process exit code; start-up
// failures are printed to stderr with the file and field that caused them.
int run(const Options& options);

// hallq-server --check: the stored state's checks, reported to stdout;
// returns the exit code (0: all right). Does not start the server.
// `training`: a training hall's database (hallq-server --training), as for run().
int check(const std::string& config_path, const std::string& db_path, bool training = false);
// hallq-server --restore FILE: puts a backup in the database's place (server/backup.hpp) and exits.
int restore(const std::string& config_path, const std::string& db_path, const std::string& file, bool training = false);

}  // namespace hallq::server
