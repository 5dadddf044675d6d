// hallqctl health as monitoring uses it: the real binary against the real server, its exit status
// the verdict (0 ok, 1 warning, 2 critical, 3 unknown), and the server warning before its disk is full.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

struct Health {
  TempDir dir;
  ServerProcess server;
  explicit Health(const std::string& server_lines = {})
      : server(dir.write("hall.toml", test_hall_with_server(server_lines)), dir.path("hall.db")) {}
  RunResult operator()(std::vector<std::string> args = {"health"}, const std::string& token = "test-admin-token") {
    args.insert(args.begin(), bin("hallqctl"));
    return run(args, {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=" + token});
  }
};

}  // namespace

TEST_CASE("health: ok with commits counted, a printer out of paper warns, the exit status says which") {
  Health health;
  auto fresh = health();
  INFO(fresh.out << fresh.err);
  CHECK(fresh.exit_code == 0);
  CHECK(has(fresh.out, "hallq health: OK (hallq-server 0.1.0, up "));
  CHECK(has(fresh.out, "  ok        disk      "));
  CHECK(has(fresh.out, "  ok        backup    nightly backups are off ([backup] at)"));
  CHECK(has(fresh.out, "  ok        devices   "));
  CHECK(has(fresh.out, "  ok        alarms    no alarms"));

  REQUIRE(health({"take", "A"}).exit_code == 0);
  auto after = health({"health", "--json"});
  REQUIRE(after.exit_code == 0);
  json j = json::parse(after.out);
  CHECK(j["status"] == "ok");
  json commits;
  for (const auto& c : j["checks"])
    if (c["name"] == "commits") commits = c;
  REQUIRE(commits.is_object());
  CHECK(has(commits["message"], "1 in the last minute, the slowest "));
  CHECK(commits["value"].get<long long>() > 0);  // microseconds, and a commit with fsync takes some

  // A kiosk whose printer runs out of paper: a warning naming it, exit 1.
  LineClient kiosk(health.server.port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token")["ok"] == true);
  REQUIRE(kiosk.request({{"op", "device_status"}, {"printer", "paper_out"}})["ok"] == true);
  auto warned = health();
  INFO(warned.out);
  CHECK(warned.exit_code == 1);
  CHECK(has(warned.out, "hallq health: WARNING"));
  CHECK(has(warned.out, "  warning   devices   "));
  CHECK(has(warned.out, "kiosk-1"));

  // Guides may ask; a caller may not, and a refusal is "unknown" to monitoring, as is no server.
  CHECK(health({"--role", "guide", "--device", "guide-1", "health"}, "test-guide-token").exit_code == 1);
  auto caller = run({bin("hallqctl"), "--role", "caller", "--device", "caller-1", "health"},
                    {"HALLQ_SERVER=" + health.server.address(), "HALLQ_TOKEN=test-caller-1-token"});
  CHECK(caller.exit_code == 3);
  CHECK(has(caller.err, "forbidden"));
  auto down = run({bin("hallqctl"), "--server", "127.0.0.1:1", "health"}, {"HALLQ_TOKEN=x"});
  CHECK(down.exit_code == 3);
  CHECK(run({bin("hallqctl"), "health", "--timeout", "soon"}, {"HALLQ_TOKEN=x"}).exit_code == 3);
  // A typo in the check's command line is unknown too, not critical (an outside probe, 2026-12-04).
  auto typo = run({bin("hallqctl"), "health", "--bogus"}, {"HALLQ_TOKEN=x"});
  CHECK(typo.exit_code == 3);
  CHECK(has(typo.err, "--bogus"));
}

TEST_CASE("health: a nightly backup that fails warns monitoring, not only the log") {
  TempDir dir;
  std::string text = read_file(source_path("tests/data/hall.toml"));
  const std::string off = "[backup]\nat = \"off\"";
  REQUIRE(text.find(off) != std::string::npos);
  // The backup folder is a file: the folder cannot be made.
  text.replace(text.find(off), off.size(),
               "[backup]\ndir = \"" + dir.write("not-a-folder", "x") + "\"\nat = \"02:30\"");
  ServerProcess server(dir.write("hall.toml", text), dir.path("hall.db"), {"--time", "2026-11-30T02:29:58"});
  REQUIRE(server.logged("nightly backup not taken", 10s));
  auto r = run({bin("hallqctl"), "health"}, {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=test-admin-token"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "hallq health: WARNING"));
  CHECK(has(r.out, "  warning   backup    the nightly backup failed at 2026-11-30T02:30: cannot create "));
}

TEST_CASE("the server warns before its disk is full: a log line, the disk_low alarm, and health says how bad") {
  // Thresholds above any real disk's free space: the disk is "low" at once.
  SUBCASE("below disk_warn_mib: a warning and an alarm for the guides") {
    Health health("disk_warn_mib = 1000000000\ndisk_critical_mib = 0\n");
    CHECK(health.server.logged("warning: disk: "));
    auto r = health();
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(has(r.out, "  warning   disk      "));
    CHECK(has(r.out, "(below disk_warn_mib 1000000000 MiB)"));
    LineClient guide(health.server.port());
    REQUIRE(guide.hello("guide", "guide-1", "test-guide-token")["ok"] == true);
    json alarms = guide.request({{"op", "alarms"}})["alarms"];
    bool disk_alarm = false;
    for (const auto& a : alarms)
      if (a["kind"] == "disk_low" && a["key"] == "disk" && a["threshold"] == 1000000000) disk_alarm = true;
    CHECK(disk_alarm);
    // Not counted twice: the disk has its own check, not "alarms".
    CHECK(has(r.out, "  ok        alarms    no alarms"));
  }
  SUBCASE("below disk_critical_mib: an error in the log, critical for monitoring") {
    Health health("disk_warn_mib = 1000000000\ndisk_critical_mib = 1000000000\n");
    CHECK(health.server.logged("error: disk: only "));
    auto r = health();
    INFO(r.out);
    CHECK(r.exit_code == 2);
    CHECK(has(r.out, "hallq health: CRITICAL"));
    CHECK(has(r.out, "  critical  disk      "));
  }
  SUBCASE("thresholds that contradict each other are a configuration error") {
    TempDir dir;
    auto r = run({bin("hallq-server"), "--check-config",
                  dir.write("hall.toml", test_hall_with_server("disk_warn_mib = 10\ndisk_critical_mib = 20\n"))});
    CHECK(r.exit_code != 0);
    CHECK(has(r.err + r.out, "disk_critical_mib"));
  }
}
