// hallqctl as people and scripts use it: the real binary against the real server.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/process.hpp"

using namespace hallq::test;
using json = nlohmann::json;

namespace {
struct Ctl {
  TempDir dir;
  ServerProcess server{source_path("tests/data/hall.toml"), dir.path("hall.db")};
  RunResult operator()(std::vector<std::string> args, const std::string& token = "test-admin-token",
                       const std::string& input = {}) {
    args.insert(args.begin(), bin("hallqctl"));
    return run(args, {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=" + token}, input);
  }
};
}  // namespace

TEST_CASE("hallqctl takes, calls and finishes tickets with readable output") {
  Ctl ctl;
  auto take = ctl({"take", "A"});
  CHECK(take.exit_code == 0);
  CHECK(take.out.find("A001") != std::string::npos);
  CHECK(take.out.find("waiting") != std::string::npos);
  CHECK(ctl({"take", "a"}).out.find("A002") != std::string::npos);  // service codes are case-insensitive

  auto login = ctl({"login", "1", "c1"}, "test-admin-token", "1111\n");  // PIN on standard input
  CHECK(login.exit_code == 0);
  CHECK(login.out.find("王丽") != std::string::npos);
  auto call = ctl({"call", "1"});
  CHECK(call.exit_code == 0);
  CHECK(call.out.find("calling A001") != std::string::npos);
  CHECK(ctl({"recall", "1"}).out.find("recalled 1x") != std::string::npos);
  CHECK(ctl({"finish", "1"}).out.find("done") != std::string::npos);
  CHECK(ctl({"call", "1", "A002"}).out.find("calling A002") != std::string::npos);
  CHECK(ctl({"transfer", "1", "--to-window", "3"}).out.find("for window 3") != std::string::npos);
  CHECK(ctl({"pause", "1", "team", "meeting"}).out.find("(team meeting)") != std::string::npos);
  CHECK(ctl({"resume", "1"}).out.find("idle") != std::string::npos);
  auto snap = ctl({"snapshot"});
  CHECK(snap.exit_code == 0);
  CHECK(snap.out.find("企业开办") != std::string::npos);
  CHECK(snap.out.find("recent calls:") != std::string::npos);
  CHECK(ctl({"stats"}).out.find("statistics for") != std::string::npos);
  CHECK(ctl({"waiting", "3"}).out.find("A002") != std::string::npos);
}

TEST_CASE("the README's hallqctl sequence runs as written against the demo hall") {
  // The lines a newcomer copies first: take, log in, call, recall, finish, transfer.
  std::ifstream readme(source_path("README.md"));
  REQUIRE(readme);
  TempDir dir;
  ServerProcess server{source_path("assets/halls/demo.toml"), dir.path("hall.db"), {"--time", "2026-11-30T09:00"}};
  const std::set<std::string> queue_commands = {"take", "login", "call", "recall", "finish", "transfer"};
  const std::string prefix = "build/bin/hallqctl ";
  int ran = 0;
  std::string line;
  while (std::getline(readme, line)) {
    if (line.rfind(prefix, 0) != 0) continue;
    line = line.substr(0, line.find("  #"));
    std::stringstream commands(line);
    std::string command;
    while (std::getline(commands, command, ';')) {
      std::stringstream words(command);
      std::vector<std::string> argv;
      for (std::string w; words >> w;) argv.push_back(w);
      if (argv.size() < 2 || argv[0] != "build/bin/hallqctl" || !queue_commands.count(argv[1])) continue;
      argv[0] = bin("hallqctl");
      RunResult r = run(argv, {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=demo-admin-token"});
      CHECK_MESSAGE(r.exit_code == 0, command, ": ", r.err);
      ++ran;
    }
  }
  CHECK(ran >= 8);
}

namespace {
// The lines of `text` from the one starting with `heading` to the next empty line.
std::vector<std::string> table(const std::string& text, const std::string& heading) {
  std::vector<std::string> rows;
  std::stringstream in(text);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(heading, 0) == 0) inside = true;
    if (inside && line.empty()) break;
    if (inside) rows.push_back(line);
  }
  return rows;
}
}  // namespace

TEST_CASE("stats shows every window and what windows and clerks did, and waiting shows the window's own order") {
  Ctl ctl;
  ctl({"take", "A"});
  ctl({"take", "A"});
  ctl({"take", "A"});
  ctl({"take", "R", "--id", "150502199001011232"});
  ctl({"login", "1", "c1", "1111"});
  ctl({"call", "1"});
  ctl({"finish", "1"});

  // Window 3 serves A and R: A002 and A003 are 0 and 1 ahead in A's queue, R001 0 ahead in R's.
  auto waiting = ctl({"waiting", "3"});
  REQUIRE(waiting.exit_code == 0);
  CHECK(waiting.out.find("ahead") == std::string::npos);
  std::stringstream lines(waiting.out);
  std::vector<std::string> order;
  for (std::string line; std::getline(lines, line);) order.push_back(line.substr(0, line.find("  service")));
  CHECK(order == std::vector<std::string>{"1st   A002", "2nd   A003", "3rd   R001"});

  auto stats = ctl({"stats"});
  REQUIRE(stats.exit_code == 0);
  auto services = table(stats.out, "service");
  REQUIRE(services.size() >= 2);
  CHECK(services[0].find("issued") != std::string::npos);  // tickets are issued and wait per service
  CHECK(services[0].find("waiting") != std::string::npos);
  auto windows = table(stats.out, "window");
  REQUIRE(windows.size() == 4);  // the header and windows 1, 2 and 3, those that called nobody too
  CHECK(windows[0].find("issued") == std::string::npos);
  CHECK(windows[0].find("waiting") == std::string::npos);
  CHECK(windows[1].rfind("1         1       0        0", 0) == 0);  // window 1 served A001
  CHECK(windows[2].rfind("2         0       0        0", 0) == 0);
  CHECK(windows[3].rfind("3         0       0        0", 0) == 0);
  auto clerks = table(stats.out, "clerk");
  REQUIRE(clerks.size() == 2);
  CHECK(clerks[0].find("issued") == std::string::npos);
  CHECK(clerks[1].rfind("c1        1       0        0", 0) == 0);
}

TEST_CASE("hall prints the services and windows terminals build their menus from") {
  Ctl ctl;
  auto hall = ctl({"hall"});
  REQUIRE(hall.exit_code == 0);
  CHECK(hall.out.find("测试大厅 / Test hall") != std::string::npos);
  CHECK(hall.out.find("services:") != std::string::npos);
  CHECK(hall.out.find("windows:") != std::string::npos);
  auto j = json::parse(ctl({"--json", "hall"}).out);
  CHECK(j["ok"] == true);
  CHECK(j["hall"]["id"] == "test-hall");
  CHECK_FALSE(j["hall"]["services"].empty());
  CHECK(j.dump().find("pin_hash") == std::string::npos);  // secrets stay on the server
  CHECK(j.dump().find("token") == std::string::npos);
}

TEST_CASE("exit status: 0 done, 1 refused by the server (code and message shown), 2 usage or connection") {
  Ctl ctl;
  auto refused = ctl({"call", "1"});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("error: forbidden: no clerk is logged in at window 1") != std::string::npos);
  CHECK(ctl({"status", "Z404"}).exit_code == 1);
  CHECK(ctl({"frobnicate"}).exit_code == 2);
  CHECK(ctl({"take"}).exit_code == 2);
  CHECK(ctl({"call", "one"}).exit_code == 2);
  CHECK(ctl({"--bogus", "take", "A"}).exit_code == 2);
  auto forever = ctl({"watch", "--count", "-1"});  // was taken as "no count": a watch without end
  CHECK(forever.exit_code == 2);
  CHECK(forever.err.find("--count must be 1 or more") != std::string::npos);
  auto badtoken = ctl({"take", "A"}, "nope-nope-nope");
  CHECK(badtoken.exit_code == 2);
  CHECK(badtoken.err.find("refused hello") != std::string::npos);
  // No token at all: say so before asking the server, which could only answer "wrong token".
  auto tokenless = run({bin("hallqctl"), "take", "A"}, {"HALLQ_SERVER=" + ctl.server.address(), "HALLQ_TOKEN="});
  CHECK(tokenless.exit_code == 2);
  CHECK(tokenless.err == "hallqctl: no token given (set HALLQ_TOKEN or --token)\n");
  auto with_flag = run({bin("hallqctl"), "--token", "test-admin-token", "take", "A"},
                       {"HALLQ_SERVER=" + ctl.server.address(), "HALLQ_TOKEN="});
  CHECK(with_flag.exit_code == 0);
  auto down = run({bin("hallqctl"), "--server", "127.0.0.1:1", "ping"}, {"HALLQ_TOKEN=x"});
  CHECK(down.exit_code == 2);
  CHECK(down.err.find("cannot connect") != std::string::npos);
  auto help = run({bin("hallqctl"), "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("import-appointments") != std::string::npos);
  CHECK(help.out.find("--assets DIR (or $HALLQ_ASSETS)") != std::string::npos);
}

TEST_CASE("--json prints the server's reply for scripts") {
  Ctl ctl;
  auto r = ctl({"--json", "take", "R", "--id", "150502199001011232"});
  REQUIRE(r.exit_code == 0);
  json j = json::parse(r.out);
  CHECK(j["ok"] == true);
  CHECK(j["ticket"]["number"] == "R001");
  CHECK(j["ticket"]["id_masked"] == "150502********1232");
  auto again = ctl({"--json", "take", "R", "--id", "150502199001011232"});
  CHECK(again.exit_code == 1);
  CHECK(json::parse(again.out)["error"]["code"] == "limit_exceeded");
}

TEST_CASE("appointments import from CSV and check in by code") {
  Ctl ctl;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char hhmm[8];
  std::strftime(hhmm, sizeof hhmm, "%H:%M", &tm);
  std::string csv = ctl.dir.write("day.csv", std::string("code,service,time,id_number,name\n") + "AP1,A," + hhmm +
                                                 ",,张三\nAP2,B," + hhmm + ",150502199001011232,\n");
  auto imp = ctl({"import-appointments", csv});
  CHECK(imp.exit_code == 0);
  CHECK(imp.out.find("imported 2 appointments") != std::string::npos);
  auto in = ctl({"checkin", "AP1"}, "test-kiosk-token");
  CHECK(in.exit_code == 2);  // the kiosk token is not the admin device
  auto kiosk = run({bin("hallqctl"), "--device", "kiosk-1", "--role", "kiosk", "checkin", "AP1"},
                   {"HALLQ_SERVER=" + ctl.server.address(), "HALLQ_TOKEN=test-kiosk-token"});
  CHECK(kiosk.exit_code == 0);
  CHECK(kiosk.out.find("appointment AP1") != std::string::npos);
  CHECK(ctl({"checkin", "--id", "150502199001011232"}).out.find("appointment AP2") != std::string::npos);
  auto bad = ctl({"import-appointments", ctl.dir.write("bad.csv", "X1,Z,09:00\n")});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("no service") != std::string::npos);
}

TEST_CASE("watch streams events as they happen") {
  Ctl ctl;
  RunResult watched;
  std::thread watcher([&] { watched = ctl({"watch", "calls", "queues", "--count", "3"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ctl({"take", "A"});
  ctl({"login", "1", "c1", "1111"});
  ctl({"call", "1"});
  watcher.join();
  CHECK(watched.exit_code == 0);
  CHECK(watched.out.find("queue: service A: 1 waiting") != std::string::npos);
  CHECK(watched.out.find("called: A001 → window 1") != std::string::npos);
}

TEST_CASE("hash-pin makes a hash the server accepts") {
  auto r = run({bin("hallqctl"), "hash-pin", "4321"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("pbkdf2-sha256$", 0) == 0);
  CHECK(run({bin("hallqctl"), "hash-pin", "12"}).exit_code == 2);
}
