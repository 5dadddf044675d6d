#pragma once
// The test hall for the server's hardening and start-up tests: [server] settings and a [security]
// section of the test's own, its ID key in a folder apart from the database.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace hallq::test {

// The test hall with [server] settings and a [security] section of the test's own.
struct SecuredHall {
  TempDir dir;
  std::string config, db, key;
  explicit SecuredHall(const std::string& server = "", const std::string& security = "",
                       const std::string& replace_from = "", const std::string& replace_to = "") {
    std::string text = read_file(source_path("tests/data/hall.toml"));
    auto pos = text.find("idle_timeout_s = 60");
    REQUIRE(pos != std::string::npos);
    text.replace(pos, std::string("idle_timeout_s = 60").size(), "idle_timeout_s = 60\n" + server);
    if (!replace_from.empty()) {
      auto at = text.find(replace_from);
      REQUIRE(at != std::string::npos);
      text.replace(at, replace_from.size(), replace_to);
    }
    key = dir.path("keys/id.key");
    text += "\n[security]\nid_key_file = \"" + key + "\"\n" + security;
    config = dir.write("hall.toml", text);
    db = dir.path("hall.db");
  }
  RunResult start_refused(std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv = {bin("hallq-server"), "--config", config, "--db", db, "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv, {}, {}, 20s);
  }
};

}  // namespace hallq::test
