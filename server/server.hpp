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
  std::optional<domain::TimePoint> start_at;  // demo/training: the clock starts here
};

// Runs until SIGINT or SIGTERM. Returns the process exit code; start-up
// failures are printed to stderr with the file and field that caused them.
int run(const Options& options);

// The key for hashing ID numbers: read from `path`, or created there (mode
// 0600) with 32 random bytes. Throws std::runtime_error naming the file.
std::vector<std::uint8_t> load_or_create_key(const std::string& path);

}  // namespace hallq::server
