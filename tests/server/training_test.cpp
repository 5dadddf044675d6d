// A training hall (培训; docs/training.md) against the real server: it never opens the production
// database, nor the production hall a training one; its key and mark stay beside its own database;
// every terminal is told it is training.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// The test hall, its configured (production) ID key and mark in a folder of their own; `extra` is
// appended.
struct TrainingHall {
  TempDir dir;
  std::string config, production_db, training_db, production_key, production_mark;
  explicit TrainingHall(const std::string& extra = "") {
    production_key = dir.path("keys/id.key");
    production_mark = dir.path("keys/hall.mark");
    config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) + "\n[security]\nid_key_file = \"" +
                                        production_key + "\"\nmark_file = \"" + production_mark + "\"\n" + extra);
    production_db = dir.path("hall.db");
    training_db = dir.path("training.db");
  }
  RunResult start_refused(const std::string& db, std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv = {bin("hallq-server"), "--config", config, "--db", db, "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv, {}, {}, 20s);
  }
};

json take(LineClient& c) {
  return c.request({{"op", "take"}, {"service", "A"}});
}

int tickets_in(const std::string& db) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  return d.execAndGet("SELECT count(*) FROM tickets").getInt();
}

// The day's pickup register as hallqctl prints it from the server (the hall's reply says whose), read
// back with pdftotext.
std::string register_text(const TrainingHall& h, const ServerProcess& server) {
  auto reg = run(
      {bin("hallqctl"), "register", "print"},
      {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=test-admin-token", "HALLQ_DEVICE=admin", "HALLQ_ROLE=admin"});
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  auto text = run({"pdftotext", "-enc", "UTF-8", h.dir.write("register.pdf", reg.out), "-"});
  REQUIRE_MESSAGE(text.exit_code == 0, text.err);
  return text.out;
}

}  // namespace

TEST_CASE("a training hall refuses the production database, and the production hall a training one") {
  TrainingHall h;
  {  // The production hall's first day: one ticket.
    ServerProcess production(h.config, h.production_db);
    LineClient c(production.port());
    auto hello = c.hello("kiosk", "kiosk-1", "test-kiosk-token");
    CHECK(hello["training"] == false);
    REQUIRE(take(c)["ok"] == true);
  }
  REQUIRE(fs::exists(h.production_key));
  const std::string mark_before = read_file(h.production_mark);

  // --training on the production database: refused, naming it and where a training one goes.
  auto refused = h.start_refused(h.production_db, {"--training"});
  CHECK(refused.exit_code == 5);
  CHECK(refused.err.find("is a production database") != std::string::npos);
  CHECK(refused.err.find("training.db") != std::string::npos);
  CHECK(tickets_in(h.production_db) == 1);
  CHECK(read_file(h.production_mark) == mark_before);
  // --check says so too, instead of "all checks passed" for a database the server would refuse.
  auto check = run({bin("hallq-server"), "--config", h.config, "--db", h.production_db, "--training", "--check"});
  CHECK(check.exit_code == 5);
  CHECK(check.out.find("is a production hall's") != std::string::npos);

  {  // A training hall on its own database: the terminals are told, its key and mark lie beside it.
    ServerProcess training(h.config, h.training_db, {"--training"});
    CHECK(training.logged("TRAINING hall"));
    LineClient c(training.port());
    auto hello = c.hello("kiosk", "kiosk-1", "test-kiosk-token");
    CHECK(hello["training"] == true);
    auto t = take(c);
    REQUIRE(t["ok"] == true);
    CHECK(t["ticket"]["number"] == "A001");  // its own numbering, not the production hall's
  }
  CHECK(fs::exists(h.training_db + ".key"));
  CHECK(fs::exists(h.training_db + ".mark"));
  CHECK(read_file(h.production_mark) == mark_before);
  CHECK(tickets_in(h.production_db) == 1);

  // The production hall started on the training database by mistake: refused too.
  auto wrong = h.start_refused(h.training_db);
  CHECK(wrong.exit_code == 5);
  CHECK(wrong.err.find("training hall's database") != std::string::npos);
  CHECK(tickets_in(h.training_db) == 1);
}

TEST_CASE("a training hall never reads or makes the production hall's ID key or mark") {
  TrainingHall h("\n[training]\nenabled = true\n");  // the configuration's way of saying --training
  {
    ServerProcess training(h.config, h.training_db);
    LineClient c(training.port());
    CHECK(c.hello("kiosk", "kiosk-1", "test-kiosk-token")["training"] == true);
    REQUIRE(c.request({{"op", "take"}, {"service", "R"}, {"id_number", "11010519491231002X"}})["ok"] == true);
  }
  CHECK_FALSE(fs::exists(h.production_key));
  CHECK_FALSE(fs::exists(h.production_mark));  // [security] mark_file is the production hall's
  CHECK(fs::exists(h.training_db + ".key"));
  CHECK(fs::exists(h.training_db + ".mark"));
  // --check looks where the training hall keeps them.
  auto check = run({bin("hallq-server"), "--config", h.config, "--db", h.training_db, "--check"});
  CHECK(check.exit_code == 0);
  CHECK(check.out.find(h.training_db + ".key: ok") != std::string::npos);
}

TEST_CASE("a training hall's backup restores only as a training hall, a production backup only as production") {
  TrainingHall h;
  std::string training_backup = h.dir.path("training-backup.db"), production_backup = h.dir.path("hall-backup.db");
  for (bool training : {true, false}) {
    std::vector<std::string> args;
    if (training) args.push_back("--training");
    ServerProcess server(h.config, training ? h.training_db : h.production_db, args);
    LineClient admin(server.port());
    hello_admin(admin);
    REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
    json b = admin.request({{"op", "backup"}, {"file", training ? training_backup : production_backup}});
    REQUIRE_MESSAGE(b["ok"] == true, b.dump());
  }
  auto restore = [&](const std::string& db, const std::string& file, bool training) {
    std::vector<std::string> argv = {bin("hallq-server"), "--config", h.config, "--db", db, "--restore", file};
    if (training) argv.push_back("--training");
    return run(argv);
  };
  // The wrong kind: refused with the hall's kind named, before any word about the ID key.
  auto wrong = restore(h.production_db, training_backup, false);
  CHECK(wrong.exit_code == 5);
  CHECK(has(wrong.err, "is a backup of the training hall"));
  CHECK(has(wrong.err, "restore it with --training"));
  CHECK_FALSE(has(wrong.err, "ID key"));
  CHECK(tickets_in(h.production_db) == 1);  // untouched
  wrong = restore(h.training_db, production_backup, true);
  CHECK(wrong.exit_code == 5);
  CHECK(has(wrong.err, "is a backup of the production hall"));
  // The right kind restores (beside its own key).
  auto right = restore(h.training_db, training_backup, true);
  CHECK_MESSAGE(right.exit_code == 0, right.err);
  CHECK(tickets_in(h.training_db) == 1);
}

TEST_CASE("a training hall's papers say so, and its backups are never named as the production hall's") {
  // An outside probe (2026-12-04) found the hand-over sheet, the register and the monthly report of a
  // training hall unmarked, and its backup in the production folder under the production name.
  TrainingHall h;
  const std::string backups = h.dir.path("production-backups");  // the production hall's folder, say
  std::string config = read_file(h.config);
  const std::string section = "[backup]\n";
  REQUIRE(config.find(section) != std::string::npos);
  config.insert(config.find(section) + section.size(), "dir = \"" + backups + "\"\n");
  h.dir.write("hall.toml", config);
  ServerProcess server(h.config, h.training_db, {"--training"});
  LineClient admin(server.port());
  hello_admin(admin);
  CHECK(admin.request({{"op", "hall"}})["hall"]["training"] == true);
  json b = ok(admin.request({{"op", "backup"}}));
  const std::string name = fs::path(b["file"].get<std::string>()).filename().string();
  CHECK(fs::path(b["file"].get<std::string>()).parent_path() == fs::path(backups));
  CHECK(name.rfind("training-", 0) == 0);  // not "hall-…", as the production hall's are
  // The day's pickup register, printed by hallqctl from the hall's reply: the mark above its title.
  const std::string text = register_text(h, server);
  const std::string mark = "培训用纸";
  REQUIRE(has(text, mark));
  REQUIRE(has(text, "出件登记簿"));
  CHECK(text.find(mark) < text.find("出件登记簿"));
}

TEST_CASE("a production hall's papers carry no training mark") {
  TrainingHall h;
  ServerProcess server(h.config, h.production_db);
  LineClient admin(server.port());
  hello_admin(admin);
  CHECK(admin.request({{"op", "hall"}})["hall"]["training"] == false);
  const std::string text = register_text(h, server);
  CHECK(has(text, "出件登记簿"));
  CHECK_FALSE(has(text, "培训"));
}
