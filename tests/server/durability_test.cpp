// Nothing acknowledged is ever lost or repeated: crashes, shutdowns, restarts
// and a locked database, against the real hallq-server binary.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

// Takes tickets over and over, reconnecting whenever the server goes away, and
// remembers every number the server acknowledged.
class Taker {
 public:
  Taker(int port, std::string service) : port_(port), service_(std::move(service)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~Taker() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::vector<std::string> acknowledged() {
    std::lock_guard lock(mu_);
    return acked_;
  }
  int errors() const { return errors_; }

 private:
  void loop() {
    while (!stop_) {
      try {
        LineClient c(port_);
        if (c.hello("guide", "guide-1", "test-guide-token")["ok"] != true) throw std::runtime_error("hello");
        while (!stop_) {
          json r = c.request({{"op", "take"}, {"service", service_}}, 3000ms);
          if (r["ok"] == true) {
            std::lock_guard lock(mu_);
            acked_.push_back(r["ticket"]["number"]);
          } else {
            ++errors_;
          }
        }
      } catch (const std::exception&) {
        std::this_thread::sleep_for(20ms);  // server down: try again
      }
    }
  }
  int port_;
  std::string service_;
  std::atomic<bool> stop_{false};
  std::atomic<int> errors_{0};
  std::mutex mu_;
  std::vector<std::string> acked_;
  std::thread thread_;
};

json without_clock(json snapshot) {
  snapshot.erase("id");
  snapshot.erase("now");
  snapshot.erase("seq");
  for (auto& s : snapshot["services"]) s.erase("longest_wait_s");
  return snapshot;
}

}  // namespace

TEST_CASE("crash test: 8 clients take tickets while the server is SIGKILLed and restarted 3 times") {
  TempDir dir;
  ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"));
  std::vector<std::unique_ptr<Taker>> takers;
  for (int i = 0; i < 8; ++i) takers.push_back(std::make_unique<Taker>(server.port(), "A"));
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(700ms);
    server.kill9();
    std::this_thread::sleep_for(100ms);
    server.restart();
  }
  std::this_thread::sleep_for(700ms);
  for (auto& t : takers) t->stop();

  std::vector<std::string> all;
  for (auto& t : takers) {
    auto mine = t->acknowledged();
    all.insert(all.end(), mine.begin(), mine.end());
  }
  MESSAGE(all.size() << " tickets acknowledged across 3 crashes");
  REQUIRE(all.size() > 100);
  std::set<std::string> unique(all.begin(), all.end());
  CHECK(unique.size() == all.size());  // no number issued twice on a day

  // Every acknowledged ticket survived, waiting, with its number.
  LineClient c(server.port());
  hello_admin(c);
  for (const auto& number : all) {
    json s = c.request({{"op", "status"}, {"number", number}});
    REQUIRE_MESSAGE(code_of(s) == "ok", number);
    CHECK(s["ticket"]["state"] == "waiting");
  }
  // And the database holds no duplicate or stray rows.
  server.terminate();
  SQLite::Database db(dir.path("hall.db"));
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(db.execAndGet("SELECT count(*) - count(DISTINCT number) FROM tickets").getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM tickets").getInt64() >= static_cast<std::int64_t>(all.size()));
  CHECK(db.execAndGet("SELECT count(*) FROM events WHERE kind = 'issued'").getInt64() ==
        db.execAndGet("SELECT count(*) FROM tickets").getInt64());
}

TEST_CASE("SIGTERM answers what was asked, commits it, and exits cleanly") {
  TempDir dir;
  ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"));
  std::vector<std::unique_ptr<Taker>> takers;
  for (int i = 0; i < 4; ++i) takers.push_back(std::make_unique<Taker>(server.port(), "A"));
  std::this_thread::sleep_for(500ms);
  CHECK(server.terminate() == 0);
  for (auto& t : takers) t->stop();
  std::vector<std::string> all;
  for (auto& t : takers) {
    auto mine = t->acknowledged();
    all.insert(all.end(), mine.begin(), mine.end());
  }
  REQUIRE_FALSE(all.empty());
  CHECK(server.logged("shutting down on SIGTERM"));
  CHECK(server.logged("stopped"));
  server.restart();
  LineClient c(server.port());
  hello_admin(c);
  for (const auto& number : all) CHECK(code_of(c.request({{"op", "status"}, {"number", number}})) == "ok");
}

TEST_CASE("a restart rebuilds today's state exactly") {
  TempDir dir;
  ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"));
  std::map<std::string, json> before_status;
  json before;
  {
    LineClient c(server.port());
    hello_admin(c);
    c.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}});
    c.request({{"op", "login"}, {"window", 2}, {"clerk", "c2"}, {"pin", "2222"}});
    for (int i = 0; i < 4; ++i) c.request({{"op", "take"}, {"service", "A"}});
    for (int i = 0; i < 3; ++i) c.request({{"op", "take"}, {"service", "B"}});
    c.request({{"op", "take"}, {"service", "R"}, {"id_number", "150502199001011232"}});
    REQUIRE(code_of(c.request({{"op", "call"}, {"window", 1}})) == "ok");
    REQUIRE(code_of(c.request({{"op", "recall"}, {"window", 1}})) == "ok");
    REQUIRE(code_of(c.request({{"op", "transfer"}, {"window", 1}, {"to_window", 2}})) == "ok");
    REQUIRE(code_of(c.request({{"op", "call"}, {"window", 2}})) == "ok");
    REQUIRE(code_of(c.request({{"op", "no_show"}, {"window", 2}})) == "ok");
    REQUIRE(code_of(c.request({{"op", "requeue"}, {"number", "A001"}})) == "ok");
    REQUIRE(code_of(c.request({{"op", "call"}, {"window", 1}})) == "ok");
    REQUIRE(code_of(c.request({{"op", "pause"}, {"window", 2}, {"reason", "meeting"}})) == "ok");
    before = without_clock(c.request({{"op", "snapshot"}}));
    for (const char* n : {"A001", "A002", "A003", "A004", "B001", "B002", "B003", "R001"})
      before_status[n] = c.request({{"op", "status"}, {"number", n}})["ticket"];
  }
  server.kill9();
  server.restart();
  LineClient c(server.port());
  hello_admin(c);
  CHECK(without_clock(c.request({{"op", "snapshot"}})) == before);
  for (const auto& [n, t] : before_status) {
    CAPTURE(n);
    json now = c.request({{"op", "status"}, {"number", n}})["ticket"];
    now.erase("waited_s");
    json was = t;
    was.erase("waited_s");
    CHECK(now == was);
  }
  // The day goes on where it was.
  CHECK(c.request({{"op", "take"}, {"service", "A"}})["ticket"]["number"] == "A005");
  CHECK(code_of(c.request({{"op", "take"}, {"service", "R"}, {"id_number", "150502199001011232"}})) ==
        "limit_exceeded");
}

TEST_CASE("a database locked by another program gives busy replies, never a lost or double ticket") {
  TempDir dir;
  ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"));
  LineClient c(server.port());
  hello_admin(c);
  REQUIRE(c.request({{"op", "take"}, {"service", "A"}})["ticket"]["number"] == "A001");
  {
    SQLite::Database other(dir.path("hall.db"), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    json refused = c.request({{"op", "take"}, {"service", "A"}}, 10s);
    CHECK(code_of(refused) == "busy");
    CHECK(refused["error"]["message"].get<std::string>().find("nothing was saved") != std::string::npos);
    other.exec("ROLLBACK");
  }
  // The refused ticket never existed; the next one takes its number.
  json ok;
  for (int i = 0; i < 50; ++i) {  // a moment while the server reloads its state
    ok = c.request({{"op", "take"}, {"service", "A"}});
    if (code_of(ok) != "busy") break;
    std::this_thread::sleep_for(50ms);
  }
  REQUIRE(code_of(ok) == "ok");
  CHECK(ok["ticket"]["number"] == "A002");
  CHECK(code_of(c.request({{"op", "status"}, {"number", "A003"}})) == "not_found");
  CHECK(server.logged("commit failed"));
  CHECK(server.logged("recovered"));
}

TEST_CASE("a take asked again with its request_key after a crash gets the same ticket") {
  TempDir dir;
  ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"));
  std::string number;
  json told;  // the estimate the slip printed: kept with the ticket, given again as it was
  {
    LineClient c(server.port());
    REQUIRE(c.hello("kiosk", "kiosk-1", "test-kiosk-token")["ok"] == true);
    json r = c.request({{"op", "take"}, {"service", "A"}, {"request_key", "k-1"}});
    REQUIRE(r["ok"] == true);
    number = r["ticket"]["number"];
    told = {r["ticket"]["ewt_s"], r["ticket"]["ewt_lo_s"], r["ticket"]["ewt_hi_s"]};
    CHECK(told[0].get<int>() > 0);
    CHECK(code_of(c.request({{"op", "take"}, {"service", "A"}, {"request_key", std::string(65, 'x')}})) ==
          "bad_request");
  }
  server.kill9();  // as if the reply had been lost with the server
  server.restart();
  LineClient c(server.port());
  REQUIRE(c.hello("kiosk", "kiosk-1", "test-kiosk-token")["ok"] == true);
  json again = c.request({{"op", "take"}, {"service", "A"}, {"request_key", "k-1"}});
  REQUIRE(again["ok"] == true);
  CHECK(again["ticket"]["number"] == number);
  CHECK(json{again["ticket"]["ewt_s"], again["ticket"]["ewt_lo_s"], again["ticket"]["ewt_hi_s"]} == told);
  // Keys belong to a device: another kiosk's "k-1" is its own request.
  LineClient guide(server.port());
  REQUIRE(guide.hello("guide", "guide-1", "test-guide-token")["ok"] == true);
  json other = guide.request({{"op", "take"}, {"service", "A"}, {"request_key", "k-1"}});
  CHECK(other["ticket"]["number"] != number);
  json snap = c.request({{"op", "snapshot"}});
  CHECK(snap["services"][0]["issued"] == 2);
  // A kiosk may void only what it asked for, by its key.
  CHECK(code_of(c.request({{"op", "cancel"}, {"number", number}})) == "forbidden");
  CHECK(code_of(c.request({{"op", "cancel"}, {"request_key", "never-sent"}})) == "not_found");
  json voided = c.request({{"op", "cancel"}, {"request_key", "k-1"}});
  REQUIRE(voided["ok"] == true);
  CHECK(voided["ticket"]["number"] == number);
  CHECK(voided["ticket"]["reason"] == "not_delivered");
  // A guide's reason is kept whole or refused: 201 bytes are refused, spaces around it dropped, and
  // one of spaces alone is no reason (the device is named instead).
  std::string long_reason;
  for (int i = 0; i < 67; ++i) long_reason += "长";
  std::string waiting = other["ticket"]["number"];
  json refused = guide.request({{"op", "cancel"}, {"number", waiting}, {"reason", long_reason}});
  CHECK(refused["error"]["message"] == "\"reason\" is longer than 200 bytes");
  json blank = guide.request({{"op", "cancel"}, {"number", waiting}, {"reason", "   "}});
  REQUIRE(blank["ok"] == true);
  CHECK(blank["ticket"]["reason"] == "cancelled by guide-1");
}

TEST_CASE(
    "a server that starts tells the day's first tickets from its recent days' calls, not the configured minutes") {
  TempDir dir;
  // Three waiting for A at 09:00 with window 1 open: what the third is told.
  auto third_told = [&](const std::string& db, const std::string& when) {
    ServerProcess server(source_path("tests/data/hall.toml"), db, {"--time", when});
    LineClient kiosk(server.port()), caller(server.port());
    REQUIRE(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token")["ok"] == true);
    REQUIRE(caller.hello("caller", "caller-1", "test-caller-1-token")["ok"] == true);
    REQUIRE(code_of(caller.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}})) == "ok");
    json t;
    for (int i = 0; i < 3; ++i) t = kiosk.request({{"op", "take"}, {"service", "A"}});
    REQUIRE(code_of(t) == "ok");
    CHECK(server.terminate() == 0);
    return std::pair{t["ticket"]["ewt_s"].get<int>(), server.stderr_text()};
  };
  // A hall with no days behind it: the configured ten minutes a visit.
  auto [fresh, fresh_log] = third_told(dir.path("fresh.db"), "2026-12-01T09:00");
  CHECK(fresh > 600);
  CHECK(has(fresh_log, "0 recent day(s) for the wait estimate"));

  // Monday: thirty visits of A, each over in a moment (a guide issues the tickets: a kiosk may not
  // issue so many so fast).
  {
    ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"), {"--time", "2026-11-30T09:00"});
    LineClient kiosk(server.port()), caller(server.port());
    REQUIRE(kiosk.hello("guide", "guide-1", "test-guide-token")["ok"] == true);
    REQUIRE(caller.hello("caller", "caller-1", "test-caller-1-token")["ok"] == true);
    REQUIRE(code_of(caller.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}})) == "ok");
    for (int i = 0; i < 30; ++i) {
      REQUIRE(code_of(kiosk.request({{"op", "take"}, {"service", "A"}})) == "ok");
      REQUIRE(code_of(caller.request({{"op", "call"}, {"window", 1}})) == "ok");
      REQUIRE(code_of(caller.request({{"op", "finish"}, {"window", 1}})) == "ok");
    }
  }
  // Tuesday, the server started again: Monday's calls say a visit is over in a moment.
  auto [told, log] = third_told(dir.path("hall.db"), "2026-12-01T09:00");
  CHECK(told < 60);
  CHECK_MESSAGE(has(log, "1 recent day(s) for the wait estimate"), log);
  // That server closed Monday itself; started again on Tuesday, it reads Monday from the database.
  auto [again, again_log] = third_told(dir.path("hall.db"), "2026-12-01T10:00");
  CHECK(again < 60);
  CHECK_MESSAGE(has(again_log, "day 2026-12-01, 3 tickets restored, 1 recent day(s) for the wait estimate"), again_log);
}
