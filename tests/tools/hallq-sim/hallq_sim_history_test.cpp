// hallq-sim on a hall's own database, as its IT person runs it: the model fitted from the recorded
// days (with a server running on the file, or stopped), and a recorded day replayed, as it was and
// with another window ("what if").
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/config/config.hpp"
#include "core/sim/simulator.hpp"
#include "tests/support/history.hpp"
#include "tests/support/process.hpp"
#include "tests/tools/hallq-sim/sim_output.hpp"

using namespace hallq;
using test::squeezed;

namespace {
// A week of the test hall (tests/data/hall.toml) from Monday 2026-11-23, five days: A only,
// `per_hour` an hour from 09:00 to 16:00, 400 s a visit, windows 1 and 3 staffed 09:00-16:00.
sim::Model recorded_week(double per_hour) {
  sim::Model m;
  sim::ServiceModel a;
  a.code = "A";
  for (auto& day : a.per_hour)
    for (int slot = 36; slot < 64; ++slot) day[static_cast<std::size_t>(slot)] = per_hour;
  a.time.mean_s = 400;
  m.services = {a};
  m.shifts = {{1, "c1", 9 * 60, 16 * 60, {}, {}}, {3, "c3", 9 * 60, 16 * 60, {}, {}}};
  m.start = {2026, 11, 23};
  m.days = 5;
  return m;
}

}  // namespace

TEST_CASE("hallq-sim --from-db: fits the hall's recorded days, prints the model, simulates it") {
  test::TempDir dir;
  std::string hall_path = test::source_path("tests/data/hall.toml");
  config::Config cfg = config::load_config(hall_path);
  // Five recorded days, written by the server's store from a simulated week.
  sim::Model m = recorded_week(12);
  std::string db = dir.path("hall.db");
  test::write_history(db, cfg.hall, m);
  std::vector<std::string> args = {test::bin("hallq-sim"), "--config", hall_path, "--from-db", db, "--days", "20",
                                   "--sim-days",           "2"};
  REQUIRE_FALSE(std::filesystem::exists(db + "-wal"));  // written and closed: the server stopped
  auto r = test::run(args);
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  // Read as it lies: nothing left beside a stopped server's database.
  CHECK_FALSE(std::filesystem::exists(db + "-wal"));
  CHECK_FALSE(std::filesystem::exists(db + "-shm"));
  CHECK(r.out.find(
            "模型由 5 天的记录拟合；模拟从 2026-11-28 开始\n等候估算从此前 5 天的记录起算，与服务器每天开始时相同\n") !=
        std::string::npos);
  CHECK(r.out.find("\n业务 A（企业开办）：对数正态分布，平均 6.") != std::string::npos);
  CHECK(r.out.find("\n  每日到达：周日 ") != std::string::npos);
  CHECK(r.out.find("\n2 天 2026-11-28..2026-11-29，") != std::string::npos);
  // What the recorded days told citizens at take, against the waits that followed.
  CHECK(r.out.find("\n记录的 5 天（2026-11-23..2026-11-27）：取号时告知市民的等候与实际等候对比") != std::string::npos);
  CHECK(squeezed(r.out).find("\n业务 号票 等候 系统估计 简单估计 误差比 在范围内 显示范围\n") != std::string::npos);
  {
    std::vector<std::string> as_json = args;
    as_json.push_back("--json");
    auto j = test::run(as_json);
    REQUIRE(j.exit_code == 0);
    auto recorded = nlohmann::json::parse(j.out)["recorded"];
    CHECK(recorded["days"] == 5);
    CHECK(recorded["from"] == "2026-11-23");
    CHECK(recorded["untold"] == 0);
    CHECK(recorded["estimate"]["tickets"].get<int>() > 300);
    CHECK(recorded["estimate"]["engine_mae_s"].get<double>() < recorded["estimate"]["naive_mae_s"].get<double>());
    CHECK(recorded["services"][0]["code"] == "A");
  }
  args.insert(args.end(), {"--language", "en"});
  auto en = test::run(args);
  REQUIRE(en.exit_code == 0);
  INFO(en.out);
  CHECK(en.out.find("model fitted from 5 recorded day(s); simulation starts 2026-11-28\nthe wait estimate starts from "
                    "the 5 recorded day(s) before the simulation, as the server's does each day\n") !=
        std::string::npos);
  CHECK(en.out.find("\nservice A (Business start-up): lognormal, mean 6.") != std::string::npos);
  CHECK(en.out.find("\n  arrivals a day: Sun ") != std::string::npos);
  CHECK(en.out.find("\n2 day(s) 2026-11-28..2026-11-29, ") != std::string::npos);
  CHECK(en.out.find("\nrecorded 5 day(s) 2026-11-23..2026-11-27: the wait citizens were told at take") !=
        std::string::npos);
  // The calendar's factors fitted from the same days are shown and played.
  CHECK(en.out.find("\ncalendar: Nov x1.00 (5 day(s))\n") != std::string::npos);
  // A scenario that adds only shifts keeps the fitted days' start and calendar.
  // (Its B, for whom nobody comes, lists no hours.)
  std::string shifts =
      dir.write("shifts.toml", "[[shift]]\nwindow = 1\nfrom = \"09:00\"\nto = \"16:00\"\n[[service]]\ncode = \"B\"\n");
  std::vector<std::string> with_shifts = args;
  with_shifts.insert(with_shifts.end(), {"--scenario", shifts});
  auto added = test::run(with_shifts);
  REQUIRE(added.exit_code == 0);
  CHECK(added.out.find("model fitted from 5 recorded day(s); simulation starts 2026-11-28\n") != std::string::npos);
  CHECK(added.out.find("\ncalendar: Nov x1.00 (5 day(s))\n") != std::string::npos);
  CHECK(added.out.find("\n2 day(s) 2026-11-28..2026-11-29, ") != std::string::npos);
  CHECK(added.out.find("\n  arrivals a day: Sun 0.0 Mon 0.0 Tue 0.0 Wed 0.0 Thu 0.0 Fri 0.0 Sat 0.0\n") !=
        std::string::npos);
  CHECK(added.out.find(":\n") == std::string::npos);  // no line ends at its colon, with nothing to say
  {
    // A server on the database, started through a link to it on the recorded week's last day: that
    // day is not over, so the model is fitted from the four whole days before it, and says so; the
    // day cannot be replayed yet.
    std::filesystem::create_directory(dir.path("link"));
    std::filesystem::create_symlink(db, dir.path("link/hall.db"));
    test::ServerProcess server(hall_path, dir.path("link/hall.db"), {"--time", "2026-11-27T12:00"});
    std::vector<std::string> running = args;
    running.push_back("--json");
    auto live = test::run(running);
    REQUIRE(live.exit_code == 0);
    INFO(live.err);
    CHECK(live.err.find("model fitted from 4 recorded day(s); simulation starts 2026-11-27\n"
                        "2026-11-27 is left out: the server has not closed that day yet\n") != std::string::npos);
    CHECK(live.err.find("the wait estimate starts from the 4 recorded day(s) before") != std::string::npos);
    auto recorded = nlohmann::json::parse(live.out)["recorded"];
    CHECK(recorded["days"] == 4);
    CHECK(recorded["to"] == "2026-11-26");
    auto today =
        test::run({test::bin("hallq-sim"), "--config", hall_path, "--from-db", db, "--replay-day", "2026-11-27"});
    CHECK(today.exit_code == 2);
    CHECK(today.err.find("--replay-day 2026-11-27: the server has not closed that day yet") != std::string::npos);
    CHECK(test::run({test::bin("hallq-sim"), "--config", hall_path, "--from-db", db, "--replay-day", "2026-11-26"})
              .exit_code == 0);
    // A second server, given the file itself, is refused: one lock beside the file, whatever the path.
    auto second = test::run({test::bin("hallq-server"), "--config", hall_path, "--db", db, "--listen", "127.0.0.1:0"});
    CHECK(second.exit_code == 1);
    CHECK(second.err.find("another hallq-server is using this database") != std::string::npos);
  }
  {
    // Stopped (the lock let go, the database closed): every day counts.
    REQUIRE(std::filesystem::exists(db + ".lock"));
    REQUIRE_FALSE(std::filesystem::exists(db + "-wal"));
    auto stopped = test::run(args);
    REQUIRE(stopped.exit_code == 0);
    CHECK(stopped.out.find("model fitted from 5 recorded day(s)") != std::string::npos);
    CHECK(stopped.out.find("is left out") == std::string::npos);
  }
  {
    // Killed without closing the database: its last day was never closed either, and is left out
    // as well, whoever reads it (the -wal says so where the lock file cannot).
    SQLite::Database writer(db, SQLite::OPEN_READWRITE);
    writer.exec("PRAGMA journal_mode=WAL");
    writer.exec("INSERT OR REPLACE INTO meta(key, value) VALUES('day', '2026-11-27')");
    REQUIRE(std::filesystem::file_size(db + "-wal") > 0);
    auto killed = test::run(args);
    REQUIRE(killed.exit_code == 0);
    CHECK(killed.out.find("model fitted from 4 recorded day(s)") != std::string::npos);
  }
  auto missing = test::run({test::bin("hallq-sim"), "--config", hall_path, "--from-db", dir.path("none.db")});
  CHECK(missing.exit_code == 2);
  // Not a hall's database: said in words, not in SQLite's.
  auto directory = test::run({test::bin("hallq-sim"), "--config", hall_path, "--from-db", dir.path("")});
  CHECK(directory.exit_code == 2);
  CHECK(directory.err.find(": a directory, not a hall's database\n") != std::string::npos);
  auto empty = test::run({test::bin("hallq-sim"), "--config", hall_path, "--from-db", dir.write("empty.db", "")});
  CHECK(empty.exit_code == 2);
  CHECK(empty.err.find("empty.db: not a hallq database (it has no tickets table)\n") != std::string::npos);
}

TEST_CASE("hallq-sim --replay-day: a recorded day as it was, then with another window (what if)") {
  test::TempDir dir;
  std::string hall_path = test::source_path("tests/data/hall.toml");
  config::Config cfg = config::load_config(hall_path);
  // Five recorded days: windows 1 and 3 take A, window 1 with half an hour's lunch; some give up.
  sim::Model m = recorded_week(14);
  m.services[0].patience_s = 3600;
  m.shifts[0].breaks = {{12 * 60, 12 * 60 + 30}};
  std::string db = dir.path("hall.db");
  test::write_history(db, cfg.hall, m);
  auto sim = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {test::bin("hallq-sim"), "--config", hall_path, "--from-db", db,
                                     "--language",           "en"};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run(args);
  };
  std::string plan = dir.path("plan.toml");
  auto as_was = sim({"--replay-day", "2026-11-25", "--shifts-out", plan});
  REQUIRE(as_was.exit_code == 0);
  INFO(as_was.out << as_was.err);
  CHECK(test::has(as_was.out, "\nreplay of 2026-11-25: its "));
  CHECK(test::has(as_was.out, " citizens as they came, each visit as it went; the windows as staffed that day\n"));
  // The engine starts from the days before the replayed one, as the hall's server did that morning.
  CHECK(test::has(as_was.out, "\nthe wait estimate starts from the 2 recorded day(s) before the simulation"));
  // Played as it was, the day gives back the waits it recorded (the history was itself simulated).
  auto line_after = [](const std::string& text, const std::string& label) {
    std::size_t at = text.find(label);
    if (at == std::string::npos) return std::string("(none)");
    at += label.size();
    return text.substr(at, text.find('\n', at) - at);
  };
  std::string recorded = line_after(as_was.out, "\n  as recorded: ");
  CHECK(test::has(recorded, "wait mean "));
  CHECK(line_after(as_was.out, "\n  replayed:    ") == recorded);
  CHECK(test::has(as_was.out, "\n1 day(s) 2026-11-25..2026-11-25, "));
  // The windows played, as a plan to change: window 1's lunch from its pause.
  std::string written = test::read_file(plan);
  CHECK(test::has(written, "# hallq-sim: the windows of 2026-11-25, as staffed that day\n"));
  CHECK(test::has(written, "\n[[shift]]\nwindow = 1\nfrom = \"09:00\"\nto = \"1"));
  CHECK(test::has(written, "breaks = [\"12:"));
  CHECK(test::has(written, "\n[[shift]]\nwindow = 3\nfrom = \"09:00\"\n"));
  // What if window 2, which takes no A, had had a clerk for A from 10:00.
  std::string more = dir.write("more.toml", written +
                                                "\n[[shift]]\nwindow = 2\nfrom = \"10:00\"\nto = \"16:00\"\n"
                                                "\n[[window]]\nnumber = 2\nservices = { A = 1 }\n");
  auto what_if = sim({"--replay-day", "2026-11-25", "--shifts", more, "--json"});
  REQUIRE(what_if.exit_code == 0);
  auto j = nlohmann::json::parse(what_if.out);
  CHECK(j["replay"]["day"] == "2026-11-25");
  CHECK(j["replay"]["shifts"] == more);
  CHECK(j["days"] == nlohmann::json::array({"2026-11-25"}));
  double was = j["replay"]["recorded"]["waits"]["mean_s"].get<double>();
  double is = j["waits"]["mean_s"].get<double>();
  INFO("mean wait recorded " << was << " s, with window 2 " << is << " s");
  CHECK(was > 60);
  CHECK(is < 0.7 * was);
  CHECK(j["tickets"].get<int>() == j["replay"]["citizens"].get<int>());
  // The model described is the plan played, not "every window staffed", and the plan written out
  // again carries its skills: replayed, it plays the same day.
  std::string again = dir.path("again.toml");
  auto described = sim({"--replay-day", "2026-11-25", "--shifts", more, "--shifts-out", again});
  REQUIRE(described.exit_code == 0);
  CHECK_FALSE(test::has(described.out, "every window staffed"));
  CHECK(test::has(described.out, "\nwindow 2 plays with other skills (what if): A=1\n"));
  CHECK(test::has(described.out, "\nshift: window 2, 10:00-16:00\n"));
  CHECK(test::has(test::read_file(again), "\n[[window]]\nnumber = 2\nservices = { A = 1 }\n"));
  auto replayed = sim({"--replay-day", "2026-11-25", "--shifts", again, "--json"});
  REQUIRE(replayed.exit_code == 0);
  CHECK(nlohmann::json::parse(replayed.out)["waits"] == j["waits"]);
  // Mistakes: said, exit 2.
  auto no_day = sim({"--replay-day", "2026-11-29"});
  CHECK(no_day.exit_code == 2);
  CHECK(test::has(no_day.err, "no tickets recorded on 2026-11-29; nothing to replay"));
  auto bad = sim({"--replay-day", "2026-13-01"});
  CHECK(bad.exit_code == 2);
  CHECK(test::has(bad.err, "--replay-day 2026-13-01: not a date (YYYY-MM-DD)"));
  auto alone = test::run({test::bin("hallq-sim"), "--config", hall_path, "--scenario",
                          test::source_path("assets/sim/demo-weekday.toml"), "--replay-day", "2026-11-25"});
  CHECK(alone.exit_code == 2);
  CHECK(test::has(alone.err, "--replay-day replays a day of --from-db's database"));
  // A database from before this release's schema (not opened by the new server yet): fitted as
  // before, without the recent days, which only the store of its own schema reads; no replay.
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    for (const char* c : {"told_s", "told_lo_s", "told_hi_s", "naive_s"})
      raw.exec(std::string("ALTER TABLE tickets DROP COLUMN ") + c);
    raw.exec("PRAGMA user_version = 10");
  }
  auto old = sim({"--sim-days", "1"});
  CHECK(old.exit_code == 0);
  CHECK(test::has(old.out, "model fitted from 5 recorded day(s)"));
  CHECK_FALSE(test::has(old.out, "the wait estimate starts from"));
  auto old_replay = sim({"--replay-day", "2026-11-25"});
  CHECK(old_replay.exit_code == 2);
  CHECK(test::has(old_replay.err, "schema version 10, not this hallq's "));
}

TEST_CASE("hallq-sim --from-db on a hall whose only tickets are today's says the day is not closed yet") {
  // It said "no tickets recorded; nothing to fit", with two tickets in the database.
  test::TempDir dir;
  const std::string hall_path = test::source_path("tests/data/hall.toml");
  test::ServerProcess server(hall_path, dir.path("hall.db"), {"--time", "2026-12-09T10:00"});
  std::vector<std::string> env = {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=test-admin-token"};
  // Tickets as a kiosk takes them, through the admin's tool.
  for (const char* service : {"A", "B"}) {
    auto took = test::run({test::bin("hallqctl"), "take", service}, env);
    REQUIRE_MESSAGE(took.exit_code == 0, took.err);
  }
  auto fit = test::run({test::bin("hallq-sim"), "--config", hall_path, "--from-db", dir.path("hall.db")});
  CHECK(fit.exit_code == 2);
  CHECK_MESSAGE(
      fit.err.find("only 2026-12-09 has tickets, and the server has not closed that day yet") != std::string::npos,
      fit.err);
  auto replay = test::run(
      {test::bin("hallq-sim"), "--config", hall_path, "--from-db", dir.path("hall.db"), "--replay-day", "2026-12-09"});
  CHECK(replay.exit_code == 2);
  CHECK_MESSAGE(replay.err.find("--replay-day 2026-12-09: the server has not closed that day yet") != std::string::npos,
                replay.err);
}
