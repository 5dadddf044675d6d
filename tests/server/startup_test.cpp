// The server's start against what it finds on disk, from outside: the real hallq-server started (or
// refused) on a damaged, missing or foreign database, a missing or open ID key, a bad time zone,
// servers starting at once, and a SIGTERM in the middle of its start (docs/security.md).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/domain/crypto.hpp"
#include "server/startup.hpp"
#include "tests/server/secured_hall.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
// A hall that took `n` tickets (one real-name) and was then killed or stopped.
void fill(SecuredHall& h, int n, bool kill) {
  ServerProcess server(h.config, h.db);
  LineClient c(server.port());
  hello_admin(c);
  REQUIRE(code_of(c.request({{"op", "take"}, {"service", "R"}, {"id_number", "11010519491231002X"}})) == "ok");
  for (int i = 1; i < n; ++i) REQUIRE(code_of(c.request({{"op", "take"}, {"service", "A"}})) == "ok");
  if (kill)
    server.kill9();
  else
    server.terminate();
}
}  // namespace

TEST_CASE("a missing or empty database beside its mark is refused, with what to restore") {
  SecuredHall h;
  fill(h, 3, false);
  SUBCASE("deleted") {
    fs::remove(h.db);
    fs::remove(h.db + "-wal");
    fs::remove(h.db + "-shm");
  }
  SUBCASE("emptied") {
    std::ofstream(h.db, std::ios::trunc).flush();
    fs::remove(h.db + "-wal");
  }
  auto r = h.start_refused();
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("says it held") != std::string::npos);
  CHECK(r.err.find("Restore") != std::string::npos);
  CHECK(fs::file_size(h.db + ".mark") > 0);  // nothing was overwritten
}

TEST_CASE("a missing ID key is refused while the database holds hashes, and never silently made anew") {
  SecuredHall h;
  fill(h, 2, false);
  fs::remove(h.key);
  auto r = h.start_refused();
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("ID key is missing") != std::string::npos);
  CHECK_FALSE(fs::exists(h.key));
}

TEST_CASE("an ID key others may read is refused") {
  SecuredHall h;
  fill(h, 1, false);
  ::chmod(h.key.c_str(), 0644);
  auto r = h.start_refused();
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("chmod 600") != std::string::npos);
}

TEST_CASE("servers starting at once with no ID key yet all read the one key made, never a half-written file") {
  // Two halls' servers (or two tests) sharing the default key place start together: the one that
  // makes the key must never let the other read it before it is whole.
  for (int round = 0; round < 40; ++round) {
    TempDir dir;
    const std::string path = dir.path("keys/id.key");
    constexpr int kServers = 6;
    std::vector<std::vector<std::uint8_t>> keys(kServers);
    std::vector<std::string> errors(kServers);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kServers; ++i)
      threads.emplace_back([&, i] {
        ++ready;
        while (ready.load() < kServers) {
        }
        try {
          keys[i] = hallq::server::open_key(path, true);
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    for (auto& t : threads) t.join();
    for (int i = 0; i < kServers; ++i) {
      CHECK_MESSAGE(errors[i].empty(), errors[i]);
      CHECK(keys[i].size() == 32);
      CHECK(keys[i] == keys[0]);
    }
    CHECK(hallq::domain::to_hex(keys[0]) + "\n" == read_file(path));
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(fs::path(path).parent_path())) ++files;
    CHECK(files == 1);  // nothing left beside it
  }
}

TEST_CASE("the key lives apart from the database: a copy of the database's folder does not carry it") {
  SecuredHall h;
  fill(h, 1, false);
  CHECK(fs::path(h.key).parent_path() != fs::path(h.db).parent_path());
  for (const auto& e : fs::directory_iterator(fs::path(h.db).parent_path()))
    CHECK(read_file(e.path().string()).find(read_file(h.key).substr(0, 64)) == std::string::npos);
}

TEST_CASE("SIGTERM at any moment of start-up stops the server cleanly, and the hall starts again as it was") {
  // A busy day to restore, so that start-up takes long enough to be interrupted in the middle.
  SecuredHall h;
  fill(h, 2500, false);
  std::vector<std::string> argv = {bin("hallq-server"), "--config", h.config, "--db", h.db, "--listen", "127.0.0.1:0"};
  int stopped_cleanly = 0;
  for (int after_ms = 0; after_ms <= 60; after_ms += 4) {
    RunResult r = run_interrupted(argv, SIGTERM, std::chrono::milliseconds(after_ms), 20s);
    INFO("after " << after_ms << " ms: exit " << r.exit_code << ", " << r.err);
    // Killed by the signal only before the program had begun: once it has logged "starting", it
    // holds the signal until it can stop in order, and stops with 0.
    if (r.exit_code == 128 + SIGTERM)
      CHECK(r.err.find("starting: ") == std::string::npos);
    else
      CHECK(r.exit_code == 0);
    stopped_cleanly += r.exit_code == 0;
  }
  CHECK(stopped_cleanly > 0);
  ServerProcess server(h.config, h.db);
  LineClient c(server.port());
  hello_admin(c);
  CHECK(code_of(c.request({{"op", "status"}, {"number", "A2499"}})) == "ok");  // R001, then A001…A2499
  CHECK(c.request({{"op", "take"}, {"service", "A"}})["ticket"]["number"] == "A2500");
}

TEST_CASE("a damaged WAL after a crash is noticed, and --accept-loss goes on without reissuing a number") {
  SecuredHall h;
  fill(h, 20, true);  // killed: the last commits live in the WAL only
  REQUIRE(fs::exists(h.db + "-wal"));
  {  // One flipped byte in the WAL's last frame: SQLite drops the frames from there on.
    std::fstream wal(h.db + "-wal", std::ios::in | std::ios::out | std::ios::binary);
    wal.seekg(0, std::ios::end);
    auto size = static_cast<long>(wal.tellg());
    wal.seekp(size - 100);
    char b = 0;
    wal.seekg(size - 100);
    wal.read(&b, 1);
    b = static_cast<char>(b ^ 0x5a);
    wal.seekp(size - 100);
    wal.write(&b, 1);
  }
  auto refused = h.start_refused();
  CHECK(refused.exit_code == 3);
  CHECK(refused.err.find("behind its high-water mark") != std::string::npos);
  CHECK(refused.err.find("--accept-loss") != std::string::npos);

  ServerProcess server(h.config, h.db, {"--accept-loss"});
  CHECK(server.logged("accepted a loss"));
  LineClient c(server.port());
  hello_admin(c);
  auto t = c.request({{"op", "take"}, {"service", "A"}});
  REQUIRE(code_of(t) == "ok");
  CHECK(t["ticket"]["number"] == "A020");  // A001..A019 were handed out before the crash
}

TEST_CASE("a damaged page is found at start-up, and --check reports it") {
  SecuredHall h;
  fill(h, 30, false);
  auto good = run({bin("hallq-server"), "--config", h.config, "--db", h.db, "--check"});
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("all checks passed") != std::string::npos);
  {  // Zero table pages after the schema page.
    int fd = ::open(h.db.c_str(), O_WRONLY);
    std::vector<char> zeros(4096 * 4, 0);
    REQUIRE(::pwrite(fd, zeros.data(), zeros.size(), 4096) == static_cast<ssize_t>(zeros.size()));
    ::close(fd);
  }
  auto r = h.start_refused();
  CHECK(r.exit_code == 3);
  CHECK_MESSAGE(r.err.find("damaged") != std::string::npos, r.err);
  auto check = run({bin("hallq-server"), "--config", h.config, "--db", h.db, "--check"});
  CHECK(check.exit_code == 3);
  CHECK(check.out.find("FAILED") != std::string::npos);
}

TEST_CASE("a TZ naming no time zone stops the start: the C library would take it for UTC, without a word") {
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")));
  auto start = [&](const std::string& tz) {
    return run({"timeout", "--preserve-status", "-s", "TERM", "2", bin("hallq-server"), "--config", config, "--db",
                dir.path("hall.db"), "--listen", "127.0.0.1:0"},
               {"TZ=" + tz});
  };
  RunResult bad = start("Asia/Shanghia");
  CHECK(bad.exit_code == 2);
  CHECK_MESSAGE(has(bad.err, "TZ=\"Asia/Shanghia\" names no time zone this machine knows"), bad.err);
  CHECK_FALSE(fs::exists(dir.path("hall.db")));
  // A zone the machine has, and a POSIX rule, are the hall's time.
  CHECK(has(start("zone.tab").err, "names no time zone"));  // a file, but no zone: UTC, unsaid
  for (const char* good : {"Asia/Shanghai", ":Asia/Shanghai", "CST-8", "EST5EDT,M3.2.0/2,M11.1.0/2"}) {
    CAPTURE(good);
    RunResult r = start(good);
    CHECK(r.exit_code == 0);  // stopped by SIGTERM
    CHECK(has(r.err, " listening on 127.0.0.1:"));
  }
}
