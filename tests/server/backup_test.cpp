// Backups while the hall runs, the nightly one, and putting one back: against
// the real hallq-server binary and real SQLite files (docs/operations.md).
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "server/store.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// Clients taking service A tickets as fast as the server answers, keeping every acknowledged number.
class Rush {
 public:
  Rush(int port, int clients) {
    for (int i = 0; i < clients; ++i)
      threads_.emplace_back([this, port] {
        LineClient c(port);
        hello_admin(c);
        while (!stop_) {
          json r = c.request({{"op", "take"}, {"service", "A"}}, 10s);
          if (r.value("ok", false)) {
            std::lock_guard lock(mu_);
            acked_.insert(r["ticket"]["number"].get<std::string>());
          }
        }
      });
  }
  ~Rush() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::set<std::string> acked() {
    std::lock_guard lock(mu_);
    return acked_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::set<std::string> acked_;
  std::vector<std::thread> threads_;
};

int seq_of(const std::string& number) {
  return std::stoi(number.substr(1));
}

std::set<std::string> numbers_in(const std::string& file) {
  SQLite::Database db(file);
  SQLite::Statement q(db, "SELECT number FROM tickets");
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

// The test hall with `extra` TOML appended, in `dir`.
std::string hall_with(const TempDir& dir, const std::string& name, const std::string& extra) {
  std::ifstream in(source_path("tests/data/hall.toml"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(dir.path(name)) << text << "\n" << extra << "\n";
  return dir.path(name);
}

RunResult restore(const std::string& config, const std::string& db, const std::string& backup) {
  return run({bin("hallq-server"), "--config", config, "--db", db, "--restore", backup});
}

}  // namespace

TEST_CASE("a backup taken while clients take tickets restores to exactly the hall at the backup") {
  TempDir dir;
  std::string config = source_path("tests/data/hall.toml"), db = dir.path("hall.db");
  std::set<std::string> before, in_backup, all;
  {
    ServerProcess server(config, db);
    Rush rush(server.port(), 4);
    std::this_thread::sleep_for(400ms);
    before = rush.acked();
    LineClient admin(server.port());
    hello_admin(admin);
    json reply = admin.request({{"op", "backup"}, {"file", dir.path("taken.db")}}, 60s);
    REQUIRE_MESSAGE(reply.value("ok", false), reply.dump());
    std::this_thread::sleep_for(400ms);
    rush.stop();
    all = rush.acked();
    CHECK(reply["file"] == dir.path("taken.db"));
    CHECK(reply["schema"] == server::Store::kSchemaVersion);
    CHECK(reply["bytes"].get<std::int64_t>() == static_cast<std::int64_t>(fs::file_size(dir.path("taken.db"))));
    CHECK_FALSE(fs::exists(dir.path("taken.db.partial")));
    in_backup = numbers_in(dir.path("taken.db"));
    CHECK(reply["tickets"].get<std::size_t>() == in_backup.size());
    MESSAGE(before.size() << " tickets before the backup, " << in_backup.size() << " in it, " << all.size()
                          << " in all");
    // Taking it again under the same name is refused; hallqctl names a file relative to where it runs.
    CHECK(admin.request({{"op", "backup"}, {"file", dir.path("taken.db")}}, 60s)["error"]["code"] == "invalid_state");
    auto ctl = run({bin("hallqctl"), "--server", server.address(), "backup", "relative.db"},
                   {"HALLQ_TOKEN=test-admin-token"}, {}, 60s, dir.path(""));
    CHECK_MESSAGE(ctl.exit_code == 0, ctl.err);
    CHECK(ctl.out.find("backup " + (fs::path(dir.path("")) / "relative.db").lexically_normal().string()) !=
          std::string::npos);
    CHECK(server.terminate() == 0);
  }
  // The backup is one commit's state: everything acknowledged before it was asked for, nothing
  // that was never acknowledged, and the numbers a run from A001 with no gap.
  for (const auto& n : before) CHECK_MESSAGE(in_backup.count(n), n);
  for (const auto& n : in_backup) CHECK_MESSAGE(all.count(n), n);
  REQUIRE(in_backup.size() < all.size());  // the takes went on during and after the copy
  int highest_in_backup = 0, highest = 0;
  for (const auto& n : in_backup) highest_in_backup = std::max(highest_in_backup, seq_of(n));
  for (const auto& n : all) highest = std::max(highest, seq_of(n));
  CHECK(highest_in_backup == static_cast<int>(in_backup.size()));

  // Put back: the database it replaces is kept aside.
  auto restored = restore(config, db, dir.path("taken.db"));
  REQUIRE_MESSAGE(restored.exit_code == 0, restored.err);
  CHECK(restored.err.find("restored") != std::string::npos);
  bool kept = false;
  for (const auto& e : fs::directory_iterator(dir.path("")))
    kept = kept || e.path().filename().string().rfind("hall.db.before-restore-", 0) == 0;
  CHECK(kept);
  // Tickets were handed out after the backup: a plain start says so and refuses (exit 3) …
  auto plain = run({bin("hallq-server"), "--config", config, "--db", db, "--listen", "127.0.0.1:0"});
  CHECK(plain.exit_code == 3);
  CHECK(plain.err.find("--accept-loss") != std::string::npos);
  // … and with --accept-loss the hall is the backup's, numbering after the last number handed out.
  ServerProcess server(config, db, {"--accept-loss"});
  LineClient c(server.port());
  hello_admin(c);
  for (const auto& n : all) {
    json s = c.request({{"op", "status"}, {"number", n}});
    CHECK_MESSAGE(s.value("ok", false) == (in_backup.count(n) == 1), n);
  }
  std::string next = c.request({{"op", "take"}, {"service", "A"}})["ticket"]["number"];
  CHECK(seq_of(next) > highest);
  CHECK_FALSE(all.count(next));
}

TEST_CASE("a restore refuses a running server, another hall's backup and an ID key that is not the backup's") {
  TempDir dir;
  std::string config = source_path("tests/data/hall.toml"), db = dir.path("hall.db");
  ServerProcess server(config, db);
  {
    LineClient c(server.port());
    hello_admin(c);
    REQUIRE(c.request({{"op", "take"}, {"service", "A"}, {"id_number", "150502199001011232"}})["ok"] == true);
    json reply = c.request({{"op", "backup"}, {"file", dir.path("b.db")}}, 60s);
    REQUIRE_MESSAGE(reply.value("ok", false), reply.dump());
    CHECK(c.request({{"op", "backup"}, {"file", "relative.db"}})["error"]["code"] == "bad_request");
    CHECK(c.request({{"op", "backup"}, {"file", dir.path("no/such/folder/b.db")}})["error"]["code"] == "not_found");
  }
  auto running = restore(config, db, dir.path("b.db"));
  CHECK(running.exit_code == 1);
  CHECK(running.err.find("stop it first") != std::string::npos);
  CHECK(server.terminate() == 0);

  std::string other_hall = hall_with(dir, "other.toml", "");
  {
    std::ifstream in(other_hall);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("id = \"test-hall\""), 16, "id = \"elsewhere\"");
    std::ofstream(other_hall) << text;
  }
  auto elsewhere = restore(other_hall, db, dir.path("b.db"));
  CHECK(elsewhere.exit_code == 2);
  CHECK(elsewhere.err.find("not of this hall") != std::string::npos);

  // Another key (64 hex digits, owner only): the backup's hashes would match no one.
  {
    std::ofstream(dir.path("other.key")) << std::string(64, '7') << "\n";
    ::chmod(dir.path("other.key").c_str(), 0600);
  }
  std::string other_key = hall_with(dir, "key.toml", "[security]\nid_key_file = \"" + dir.path("other.key") + "\"");
  auto wrong_key = restore(other_key, db, dir.path("b.db"));
  CHECK(wrong_key.exit_code == 4);
  CHECK_MESSAGE(wrong_key.err.find("not the key of this backup") != std::string::npos, wrong_key.err);

  // A backup that opens but has damaged pages (an outside probe, 2026-12-04: it was put in place, and
  // the server then refused every start): refused as --check would, nothing changed.
  fs::copy_file(dir.path("b.db"), dir.path("damaged.db"));
  {
    std::fstream f(dir.path("damaged.db"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(dir.path("damaged.db")) / 2));
    f << std::string(3000, '\xff');
  }
  auto damaged = restore(config, db, dir.path("damaged.db"));
  CHECK(damaged.exit_code == 3);
  CHECK_MESSAGE(damaged.err.find("damaged.db is damaged (SQLite integrity_check") != std::string::npos, damaged.err);
  CHECK(damaged.err.find("nothing was changed") != std::string::npos);
  // A file that is not a backup.
  std::ofstream(dir.path("junk.db")) << "not a database";
  CHECK(restore(config, db, dir.path("junk.db")).exit_code == 2);
  // A plain copy of the hall's database (in WAL mode) is no backup, and is read as it lies: nothing
  // is left beside it.
  fs::copy_file(db, dir.path("copy.db"));
  auto copy = restore(config, db, dir.path("copy.db"));
  CHECK(copy.exit_code == 2);
  CHECK_MESSAGE(copy.err.find("but not a backup of one") != std::string::npos, copy.err);
  CHECK_FALSE(fs::exists(dir.path("copy.db-wal")));
  CHECK_FALSE(fs::exists(dir.path("copy.db-shm")));
  // Nothing of the refused restores touched the database: it starts as it was.
  for (const auto& e : fs::directory_iterator(dir.path("")))
    CHECK_MESSAGE(e.path().filename().string().find("before-restore") == std::string::npos, e.path());
  {
    ServerProcess again(config, db);
    LineClient c(again.port());
    hello_admin(c);
    CHECK(c.request({{"op", "status"}, {"number", "A001"}})["ok"] == true);
  }
  // Two restores within a second: each keeps what it replaced, the second beside the first, not over it.
  CHECK(restore(config, db, dir.path("b.db")).exit_code == 0);
  CHECK(restore(config, db, dir.path("b.db")).exit_code == 0);
  int kept = 0;
  for (const auto& e : fs::directory_iterator(dir.path("")))
    if (auto name = e.path().filename().string();
        name.find("hall.db.before-restore-") == 0 && !name.ends_with("-wal") && !name.ends_with("-shm"))
      ++kept;
  CHECK(kept == 2);
}

TEST_CASE("the nightly backup is taken once its hour has passed, and only the newest [backup] keep stay") {
  TempDir dir;
  fs::create_directories(dir.path("nightly"));
  for (const char* day : {"2026-11-25", "2026-11-26", "2026-11-27"})
    std::ofstream(dir.path(std::string("nightly/hall-test-hall-") + day + ".db")) << "old";
  std::string config = hall_with(dir, "hall.toml", "");
  {
    std::ifstream in(config);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string off = "[backup]\nat = \"off\"";
    REQUIRE(text.find(off) != std::string::npos);
    text.replace(text.find(off), off.size(),
                 "[backup]\ndir = \"" + dir.path("nightly") + "\"\nat = \"02:30\"\nkeep = 2");
    std::ofstream(config) << text;
  }
  ServerProcess server(config, dir.path("hall.db"), {"--time", "2026-11-30T02:29:58"});
  CHECK(server.logged("nightly backup " + dir.path("nightly/hall-test-hall-2026-11-30.db"), 10s));
  CHECK(server.logged("removed", 5s));
  std::set<std::string> left;
  for (const auto& e : fs::directory_iterator(dir.path("nightly"))) left.insert(e.path().filename().string());
  CHECK(left == std::set<std::string>{"hall-test-hall-2026-11-27.db", "hall-test-hall-2026-11-30.db"});
  SQLite::Database copy(dir.path("nightly/hall-test-hall-2026-11-30.db"));
  CHECK(copy.execAndGet("SELECT value FROM meta WHERE key = 'backup.taken_at'")
            .getString()
            .rfind("2026-11-30T02:30:", 0) == 0);  // the hall's clock, not the machine's
}

TEST_CASE("a backup asked for without a file is named and stamped by the hall's clock") {
  TempDir dir;
  ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"), {"--time", "2026-12-01T18:05:00"});
  LineClient c(server.port());
  hello_admin(c);
  json reply = c.request({{"op", "backup"}}, 60s);
  REQUIRE_MESSAGE(reply.value("ok", false), reply.dump());
  const std::string file = fs::path(reply["file"].get<std::string>()).filename().string();
  CHECK(file.rfind("hall-test-hall-2026-12-01-180", 0) == 0);
  CHECK(reply["taken_at"].get<std::string>().rfind("2026-12-01T18:0", 0) == 0);  // not the machine's day
  SQLite::Database copy(reply["file"].get<std::string>());
  CHECK(copy.execAndGet("SELECT value FROM meta WHERE key = 'backup.taken_at'").getString() ==
        reply["taken_at"].get<std::string>());
  // Asked again at once, within the same second or not: another file, never a refusal.
  json again = c.request({{"op", "backup"}}, 60s);
  REQUIRE_MESSAGE(again.value("ok", false), again.dump());
  CHECK(again["file"] != reply["file"]);
  // A path that begins "//" is a path (read back as a file, not as a URI's host).
  json twice = c.request({{"op", "backup"}, {"file", "/" + dir.path("double.db")}}, 60s);
  CHECK_MESSAGE(twice.value("ok", false), twice.dump());
  CHECK(fs::exists(dir.path("double.db")));
}
