// The server's log as an operator reads it: levels on a terminal, priorities for the journal, and
// [server] log_level. The real binary; its standard error in a file.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "server/log.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;

namespace {

// Runs hallq-server for a moment with its standard error in a file, as systemd connects a service's
// to the journal (JOURNAL_STREAM naming that file) when `journal`, then stops it with SIGTERM; the file.
std::string run_server(TempDir& dir, const std::string& server_lines, bool journal) {
  std::string config = dir.write("hall.toml", test_hall_with_server(server_lines));
  std::string log = dir.path("stderr.log");
  std::string script =
      "exec 2>\"$LOG\"; " + std::string(journal ? "export JOURNAL_STREAM=$(stat -c %d:%i \"$LOG\"); " : "") +
      "exec timeout --preserve-status -s TERM 2 \"$SERVER\" --config \"$CONFIG\" --db \"$DB\" --listen 127.0.0.1:0";
  RunResult r = run({"bash", "-c", script},
                    {"LOG=" + log, "SERVER=" + bin("hallq-server"), "CONFIG=" + config, "DB=" + dir.path("hall.db")});
  CHECK(r.exit_code == 0);  // a server stopped by SIGTERM exits 0
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("log lines carry their level: words on a terminal, priorities for the journal, and log_level drops") {
  SUBCASE("on a terminal or in a file: the time, then the text") {
    TempDir dir;
    std::string log = run_server(dir, "", false);
    INFO(log);
    CHECK(has(log, " listening on 127.0.0.1:"));
    CHECK(log.rfind("20", 0) == 0);  // "2026-12-01T09:00:00+08:00 listening on …"
    CHECK_FALSE(has(log, "<5>"));
  }
  SUBCASE("into the journal: <priority>text, the journal adds the time") {
    TempDir dir;
    std::string log = run_server(dir, "", true);
    INFO(log);
    CHECK(log.rfind("<5>starting: ", 0) == 0);  // notice
    CHECK(has(log, "\n<5>listening on 127.0.0.1:"));
    CHECK(has(log, "\n<5>shutting down on SIGTERM\n"));
    CHECK(has(log, "\n<5>stopped\n"));
  }
  SUBCASE("log_level = \"warning\" keeps warnings and errors only") {
    TempDir dir;
    std::string log =
        run_server(dir, "log_level = \"warning\"\ndisk_warn_mib = 1000000000\ndisk_critical_mib = 0\n", false);
    INFO(log);
    CHECK_FALSE(has(log, "listening on"));
    CHECK(has(log, " warning: disk: "));
  }
  SUBCASE("a level that is not one is a configuration error naming the field") {
    TempDir dir;
    RunResult r = run({bin("hallq-server"), "--check-config",
                       dir.write("hall.toml", test_hall_with_server("log_level = \"loud\"\n"))});
    CHECK(r.exit_code != 0);
    CHECK(has(r.err + r.out, "log_level"));
  }
}

TEST_CASE("log level names are the syslog priorities journald reads") {
  using hallq::server::LogLevel;
  CHECK(hallq::server::log_level_from("error") == LogLevel::error);
  CHECK(static_cast<int>(LogLevel::error) == 3);
  CHECK(static_cast<int>(LogLevel::warning) == 4);
  CHECK(static_cast<int>(LogLevel::debug) == 7);
  CHECK_FALSE(hallq::server::log_level_from("verbose"));
}

TEST_CASE("check-config warns of a service no window takes, and the file is still good") {
  TempDir dir;
  std::string good = dir.write("hall.toml", test_hall_with_server(""));
  RunResult plain = run({bin("hallq-server"), "--check-config", good});
  CHECK(plain.exit_code == 0);
  CHECK_FALSE(has(plain.err, "warning"));
  std::string z = dir.write("z.toml", test_hall_with_server("") +
                                          "\n[[service]]\ncode = \"Z\"\nnames = { zh = \"新\", mn = \"ᠰᠢᠨ᠎ᠡ\" }\n"
                                          "minutes = 10\n");
  RunResult r = run({bin("hallq-server"), "--check-config", z});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, ": ok ("));
  CHECK_MESSAGE(has(r.err, "hallq-server: warning: " + z + ": no window takes service Z"), r.err);
}
