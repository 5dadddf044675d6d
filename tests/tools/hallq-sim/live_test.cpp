// hallq-sim --live as a trainer runs it: simulated citizens fed to a real
// training hall (hallq-server --training) through the wire, a scripted trainee
// serving them at window 1 with the caller's operations, and the report that
// follows — its figures, the mistakes the scenario defines, the PDF.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The demo hall's service A needs materials (a case); B is another service.
// Six virtual minutes a real second: the whole script arrives within a second.
const char* kTrainingScenario = R"(
[live]
from = "09:00"
to = "09:30"
speed = 600
arrivals = false

[[citizen]]   # A001: an ordinary citizen, who rates
at = "09:00"
service = "A"
minutes = 5
rating = "very_satisfied"

[[citizen]]   # A002: takes a ticket and is gone when called (so never rates, whatever it says)
at = "09:01"
service = "A"
absent = true
rating = "very_dissatisfied"

[[citizen]]   # B001: needs A afterwards
at = "09:02"
service = "B"
then = "A"
rating = "satisfied"

[[citizen]]   # A003: without a material (arrives while the kiosk's network is cut)
at = "09:05"
service = "A"
missing = "公司章程"

[[citizen]]   # A004: comes when called, and stays when wrongly marked a no-show
at = "09:08"
service = "A"
rating = "basically_satisfied"

[[incident]]
kind = "printer_out"
at = "09:02"
minutes = 1

[[incident]]
kind = "network_cut"
at = "09:04"
minutes = 3
)";

// The demo hall, its kiosks' pace limit one ticket a second after the burst of four (a
// session at 600 times real time outruns ten seconds: the citizens then queue at the kiosk).
std::string training_hall(const TempDir& dir) {
  std::string text = read_file(source_path("assets/halls/demo.toml"));
  auto at = text.find("[server]\n");
  REQUIRE(at != std::string::npos);
  return dir.write("hall.toml", text.insert(at + 9, "kiosk_interval_s = 1\n"));
}

// The demo hall with `from` replaced by `to` (once): a hall that is not quite the configuration's.
std::string changed_hall(const TempDir& dir, const std::string& from, const std::string& to) {
  std::string text = read_file(source_path("assets/halls/demo.toml"));
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return dir.write("changed.toml", text.replace(at, from.size(), to));
}

std::vector<std::string> live_args(const TempDir& dir, const std::string& server, const std::string& scenario,
                                   const std::string& report = "reports") {
  return {bin("hallq-sim"), "--live", server,     "--config",       source_path("assets/halls/demo.toml"),
          "--scenario",     scenario, "--report", dir.path(report), "--json",
          "--max-minutes",  "1"};
}

// A PDF's page count (pdfinfo) and one page's text (pdftotext), poppler-utils.
int pdf_pages(const std::string& file) {
  RunResult r = run({"pdfinfo", file});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto at = r.out.find("Pages:");
  REQUIRE(at != std::string::npos);
  return std::stoi(r.out.substr(at + 6));
}
std::string pdf_page(const std::string& file, int page) {
  RunResult r = run({"pdftotext", "-enc", "UTF-8", "-f", std::to_string(page), "-l", std::to_string(page), file, "-"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return r.out;
}

// A trainee's report fits one A4 page, and the Mistakes table's heading has its first row under it.
void one_page_report(const std::string& file, const std::string& first_row) {
  CHECK(pdf_pages(file) == 1);
  std::string page = pdf_page(file, 1);
  CHECK(has(page, "Mistakes"));
  CHECK(has(page, "号码"));  // the table's heading row
  CHECK(has(page, first_row));
  CHECK(page.find("Mistakes") < page.find(first_row));
  CHECK(has(page, "培训老师"));  // the signature lines close it
}

const std::vector<std::string> kTokens = {"HALLQ_KIOSK_TOKEN=demo-kiosk-1-token", "HALLQ_GUIDE_TOKEN=demo-guide-token"};

// Waits until `number` has been issued (the simulated citizen took it).
void await_ticket(LineClient& c, const std::string& number) {
  for (int i = 0; i < 200; ++i) {
    if (c.request({{"op", "status"}, {"number", number}}).value("ok", false)) return;
    std::this_thread::sleep_for(50ms);
  }
  FAIL("ticket " << number << " never issued");  // hallq-sim's output follows in the report
}

// A session from 09:00 to `to` at `speed` with one citizen for A at 09:00 and nobody else.
std::string one_citizen(const std::string& to, int speed) {
  return "[live]\nfrom = \"09:00\"\nto = \"" + to + "\"\nspeed = " + std::to_string(speed) +
         "\narrivals = false\n\n[[citizen]]\nat = \"09:00\"\nservice = \"A\"\n";
}

void window_op(LineClient& c, json request) {
  request["window"] = 1;
  json r = c.request(request);
  REQUIRE_MESSAGE(r.value("ok", false), request.dump() << " → " << r.dump());
}

// A session of one trainee ended well: the report's line for them (and the console's words in `err`).
json only_trainee(std::future<RunResult>& sim, std::string* err = nullptr) {
  RunResult r = sim.get();
  INFO("hallq-sim stderr:\n" << r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  REQUIRE(report["trainees"].size() == 1);
  if (err) *err = r.err;
  return report["trainees"][0];
}

}  // namespace

TEST_CASE("a training session: simulated citizens, a scripted trainee, a report with the scenario's mistakes") {
  TempDir dir;
  std::string scenario = dir.write("session.toml", kTrainingScenario);
  ServerProcess server(training_hall(dir), dir.path("training.db"), {"--training", "--time", "2026-11-30T09:00"});
  auto sim = std::async(std::launch::async, [&] {
    return run(live_args(dir, server.address(), scenario), kTokens, {}, std::chrono::seconds(90));
  });

  LineClient clerk(server.port());
  REQUIRE(clerk.hello("caller", "caller-1", "demo-caller-1-token").value("ok", false));
  window_op(clerk, {{"op", "login"}, {"clerk", "c01"}, {"pin", "1001"}});
  // A001: called and served.
  await_ticket(clerk, "A001");
  window_op(clerk, {{"op", "call_number"}, {"number", "A001"}});
  std::this_thread::sleep_for(200ms);
  window_op(clerk, {{"op", "finish"}});
  // A002 never came, but the trainee finishes it anyway: a mistake.
  await_ticket(clerk, "A002");
  window_op(clerk, {{"op", "call_number"}, {"number", "A002"}});
  window_op(clerk, {{"op", "finish"}});
  // A break.
  window_op(clerk, {{"op", "pause"}, {"reason", "break"}});
  std::this_thread::sleep_for(300ms);
  window_op(clerk, {{"op", "resume"}});
  // B001 needs A next: marked a no-show (a mistake), called back, then transferred there (right:
  // still its first step), and served again.
  await_ticket(clerk, "B001");
  window_op(clerk, {{"op", "call_number"}, {"number", "B001"}});
  window_op(clerk, {{"op", "no_show"}});
  window_op(clerk, {{"op", "call_number"}, {"number", "B001"}});
  window_op(clerk, {{"op", "transfer"}, {"to_service", "A"}});
  window_op(clerk, {{"op", "call_number"}, {"number", "B001"}});
  window_op(clerk, {{"op", "finish"}});
  // A004 came, but the trainee marks a no-show: a mistake, put right by calling the ticket back.
  // (Before A003, so that the session is not over: every citizen would have left.)
  await_ticket(clerk, "A004");
  window_op(clerk, {{"op", "call_number"}, {"number", "A004"}});
  window_op(clerk, {{"op", "no_show"}});
  window_op(clerk, {{"op", "call_number"}, {"number", "A004"}});
  window_op(clerk, {{"op", "finish"}});
  // A003 lacks a material, but the trainee accepts the case: a mistake.
  await_ticket(clerk, "A003");
  window_op(clerk, {{"op", "call_number"}, {"number", "A003"}});
  json opened = clerk.request({{"op", "case_open"}, {"window", 1}});
  REQUIRE_MESSAGE(opened.value("ok", false), opened.dump());
  std::string number = opened["case"]["number"];
  json all_there = json::array();
  for (std::size_t i = 0; i < opened["case"]["materials"].size(); ++i) all_there.push_back("original");
  window_op(clerk, {{"op", "case_materials"}, {"number", number}, {"materials", all_there}});
  window_op(clerk, {{"op", "case_accept"}, {"number", number}});
  window_op(clerk, {{"op", "finish"}});

  RunResult r = sim.get();
  INFO("hallq-sim stderr:\n" << r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  CHECK(report["citizens"] == 5);
  CHECK(report["unfinished"] == 0);
  CHECK(report["scenario"] == "session.toml");
  REQUIRE(report["trainees"].size() == 1);
  json t = report["trainees"][0];
  CHECK(t["clerk"] == "c01");
  CHECK(t["name"] == "王丽");
  // Six visits: A001, A002, B001 at B (its no-show called back: the same visit, transferred) and at A,
  // A004 (called back and served: served), A003. Each once, by how it ended.
  CHECK(t["called"] == 6);
  CHECK(t["served"] == 5);
  CHECK(t["transfers"] == 1);
  CHECK(t["no_shows"] == 0);
  CHECK(t["handled_mean_s"].is_number());
  CHECK(t["pauses"] == 1);
  CHECK(t["paused_s"].get<double>() >= 0.2);
  CHECK(t["ratings"]["very_satisfied"] == 1);
  CHECK(t["ratings"]["satisfied"] == 1);
  CHECK(t["ratings"]["basically_satisfied"] == 1);  // A004, called back after the no-show and served
  CHECK(t["ratings"]["very_dissatisfied"] == 0);    // A002 never came
  CHECK_FALSE(has(r.err, "A002 评价"));
  std::vector<std::pair<std::string, std::string>> mistakes;
  for (const auto& m : t["mistakes"]) mistakes.emplace_back(m["ticket"], m["kind"]);
  std::sort(mistakes.begin(), mistakes.end());
  CHECK(mistakes == std::vector<std::pair<std::string, std::string>>{{"A002", "served_absent"},
                                                                     {"A003", "accepted_incomplete"},
                                                                     {"A004", "absent_marked"},
                                                                     {"B001", "absent_marked"}});

  // The console told the trainer what each citizen needed, and the incidents.
  CHECK(has(r.err, "A002 被叫到 1号综合窗口（王丽）：群众不在"));
  CHECK(has(r.err, "之后还需办理 A"));
  CHECK(has(r.err, "缺少材料：公司章程"));
  CHECK(has(r.err, "取号机打印机缺纸"));
  CHECK(has(r.err, "取号机网络中断"));
  CHECK(has(r.err, "取号机网络已恢复"));
  // The trainee's line: every figure of the report, ratings and paused time too (on standard error
  // with --json, as every console line).
  CHECK(has(r.err, "王丽（c01）：叫号 6，办结 5，转办 1，过号 0，平均 0:0"));
  CHECK(has(r.err, "，暂停 1 次（共 0:0"));
  CHECK(has(r.err, "），评价 非常满意 1、满意 1、基本满意 1，差错 4 处"));

  // The cut did not lose or double a citizen: five tickets, one each; the kiosk said goodbye.
  LineClient admin(server.port());
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  json tickets = admin.request({{"op", "tickets"}});
  CHECK(tickets["total"] == 5);
  json alarms = admin.request({{"op", "alarms"}});
  for (const auto& a : alarms["alarms"]) CHECK(a["kind"] != "device_offline");

  // The printable report: the trainee, the figures, the mistakes in words.
  auto text = run({"pdftotext", "-layout", dir.path("reports/training-c01.pdf"), "-"});
  REQUIRE(text.exit_code == 0);
  CHECK(has(text.out, "培训考核报告"));
  CHECK(has(text.out, "王丽 (c01)"));
  CHECK(has(text.out, "群众未到却予以办结"));
  CHECK(has(text.out, "材料不全却予以受理"));
  CHECK(has(text.out, "群众已到却按过号处理"));
  // On one page: the Mistakes heading not left at the foot of page 1 with its rows on page 2.
  one_page_report(dir.path("reports/training-c01.pdf"), "A002");
}

// An outside probe: a citizen marked a no-show, called back by number and marked a no-show again was
// reported as called 2, no-shows 2. One citizen, one visit: called 1, no-shows 1; nothing served, so
// no mean handling time (null, "—"), not 0:00. In English, one pause is "paused once".
TEST_CASE("a training session counts a no-show called back once, and says what was not measured") {
  TempDir dir;
  std::string scenario = dir.write("noshow.toml",
                                   "[live]\nfrom = \"09:00\"\nto = \"09:30\"\nspeed = 600\n"
                                   "arrivals = false\n\n[[citizen]]\nat = \"09:00\"\nservice = \"A\"\n\n"
                                   "[[citizen]]\nat = \"09:01\"\nservice = \"A\"\nabsent = true\n");
  ServerProcess server(training_hall(dir), dir.path("training.db"), {"--training", "--time", "2026-11-30T09:00"});
  auto args = live_args(dir, server.address(), scenario);
  args.insert(args.end(), {"--language", "en"});
  auto sim = std::async(std::launch::async, [&] { return run(args, kTokens, {}, std::chrono::seconds(90)); });

  LineClient clerk(server.port());
  REQUIRE(clerk.hello("caller", "caller-1", "demo-caller-1-token").value("ok", false));
  window_op(clerk, {{"op", "login"}, {"clerk", "c01"}, {"pin", "1001"}});
  // A001 came, but is marked a no-show, called back, and marked a no-show again (A002, not yet gone,
  // keeps the session open).
  await_ticket(clerk, "A001");  // the session has begun: the pause is the session's
  window_op(clerk, {{"op", "pause"}, {"reason", "break"}});
  window_op(clerk, {{"op", "resume"}});
  window_op(clerk, {{"op", "call_number"}, {"number", "A001"}});
  window_op(clerk, {{"op", "no_show"}});
  window_op(clerk, {{"op", "call_number"}, {"number", "A001"}});
  window_op(clerk, {{"op", "no_show"}});
  // A002 never came: rightly a no-show.
  await_ticket(clerk, "A002");
  window_op(clerk, {{"op", "call_number"}, {"number", "A002"}});
  window_op(clerk, {{"op", "no_show"}});

  std::string console;
  json t = only_trainee(sim, &console);
  CHECK(t["called"] == 2);
  CHECK(t["no_shows"] == 2);
  CHECK(t["served"] == 0);
  CHECK(t["transfers"] == 0);
  CHECK(t["handled_mean_s"].is_null());
  REQUIRE(t["mistakes"].size() == 1);  // A001's no-show, once
  CHECK(t["mistakes"][0] == json{{"kind", "absent_marked"}, {"ticket", "A001"}});
  CHECK(has(console, "(c01): called 2, served 0, transferred 0, no-shows 2, mean —, paused once ("));
  CHECK(has(console, "), ratings none, mistakes 1"));

  std::string pdf = dir.path("reports/training-c01.pdf");
  one_page_report(pdf, "A001");
  CHECK(has(pdf_page(pdf, 1), "—"));  // the mean handling time
}

TEST_CASE("the session's last citizen, wrongly marked a no-show, can still be called back and served") {
  TempDir dir;
  std::string scenario = dir.write("last.toml", one_citizen("09:30", 600));
  ServerProcess server(training_hall(dir), dir.path("training.db"), {"--training", "--time", "2026-11-30T09:00"});
  auto args = live_args(dir, server.address(), scenario);
  auto sim = std::async(std::launch::async, [&] { return run(args, kTokens, {}, std::chrono::seconds(90)); });

  LineClient clerk(server.port());
  REQUIRE(clerk.hello("caller", "caller-1", "demo-caller-1-token").value("ok", false));
  window_op(clerk, {{"op", "login"}, {"clerk", "c01"}, {"pin", "1001"}});
  await_ticket(clerk, "A001");
  window_op(clerk, {{"op", "call_number"}, {"number", "A001"}});
  window_op(clerk, {{"op", "no_show"}});  // everyone has now left: the session must not end yet
  std::this_thread::sleep_for(500ms);     // the trainee sees the mistake (five simulated minutes)
  window_op(clerk, {{"op", "call_number"}, {"number", "A001"}});
  window_op(clerk, {{"op", "finish"}});

  json t = only_trainee(sim);
  CHECK(t["called"] == 1);
  CHECK(t["served"] == 1);
  CHECK(t["no_shows"] == 0);
  REQUIRE(t["mistakes"].size() == 1);  // put right, and still a mistake
  CHECK(t["mistakes"][0] == json{{"kind", "absent_marked"}, {"ticket", "A001"}});
}

TEST_CASE("hallq-sim --live refuses a production hall: no simulated citizen reaches it") {
  TempDir dir;
  std::string scenario = dir.write("session.toml", kTrainingScenario);
  ServerProcess server(source_path("assets/halls/demo.toml"), dir.path("hall.db"), {"--time", "2026-11-30T09:00"});
  RunResult r = run(live_args(dir, server.address(), scenario), kTokens);
  CHECK(r.exit_code == 5);
  CHECK(has(r.err, "is not a training hall"));
  LineClient admin(server.port());
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  CHECK(admin.request({{"op", "tickets"}})["total"] == 0);
  // A refused run leaves nothing behind: the --report folder is made only once the run is accepted.
  CHECK_FALSE(std::filesystem::exists(dir.path("reports")));
}

TEST_CASE("hallq-sim --live refuses a --report folder it cannot make before anything is sent") {
  TempDir dir;
  std::string scenario = dir.write("session.toml", one_citizen("09:30", 600));
  dir.write("file", "not a folder\n");
  ServerProcess server(training_hall(dir), dir.path("training.db"), {"--training", "--time", "2026-11-30T09:00"});
  RunResult r = run(live_args(dir, server.address(), scenario, "file/reports"), kTokens);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "--report"));
  CHECK(has(r.err, "file/reports"));
  LineClient admin(server.port());
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  CHECK(admin.request({{"op", "tickets"}})["total"] == 0);
  // A folder whose parents are still to be made is fine: made when the session starts.
  RunResult deep = run(live_args(dir, "127.0.0.1:9", scenario, "new/deeper/reports"), kTokens);
  CHECK(deep.exit_code == 3);  // nobody at port 9: refused only for that
  CHECK_FALSE(std::filesystem::exists(dir.path("new")));
}

TEST_CASE("hallq-sim --live refuses a hall that is not its --config's, naming both hall ids") {
  TempDir dir;
  std::string scenario = dir.write("session.toml", one_citizen("09:30", 600));
  ServerProcess server(changed_hall(dir, "id = \"tongliao-etdz\"", "id = \"horqin-training\""), dir.path("training.db"),
                       {"--training", "--time", "2026-11-30T09:00"});
  RunResult r = run(live_args(dir, server.address(), scenario), kTokens);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "\"horqin-training\""));
  CHECK(has(r.err, "\"tongliao-etdz\""));
  CHECK(has(r.err, "demo.toml"));
  LineClient admin(server.port());
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  CHECK(admin.request({{"op", "tickets"}})["total"] == 0);
  CHECK_FALSE(std::filesystem::exists(dir.path("reports")));
}

TEST_CASE("hallq-sim --live refuses a scenario whose material the training hall does not list") {
  TempDir dir;
  // The same hall id, but its service A asks for another material than --config's 公司章程.
  std::string scenario = dir.write("materials.toml", one_citizen("09:30", 600) + "missing = \"公司章程\"\n");
  ServerProcess server(changed_hall(dir, "{ zh = \"公司章程\"", "{ zh = \"公司章程（修正案）\""),
                       dir.path("training.db"), {"--training", "--time", "2026-11-30T09:00"});
  RunResult r = run(live_args(dir, server.address(), scenario), kTokens);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "materials.toml"));
  CHECK(has(r.err, "citizen[1].missing: \"公司章程\""));
  CHECK(has(r.err, "公司章程（修正案）"));  // what the hall lists instead
  LineClient admin(server.port());
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  CHECK(admin.request({{"op", "tickets"}})["total"] == 0);
  CHECK_FALSE(std::filesystem::exists(dir.path("reports")));
}

TEST_CASE("hallq-sim --live: a scenario's session errors name the file and the field") {
  TempDir dir;
  std::string bad = dir.write("bad.toml",
                              "[live]\nfrom = \"09:00\"\nto = \"09:30\"\n\n[[citizen]]\nat = \"10:00\"\n"
                              "service = \"A\"\n");
  RunResult r = run(live_args(dir, "127.0.0.1:9", bad), kTokens);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "bad.toml"));
  CHECK(has(r.err, "citizen[1].at"));
  CHECK(has(r.err, "session's hours"));
  // No tokens: said plainly.
  r = run(live_args(dir, "127.0.0.1:9", dir.write("ok.toml", kTrainingScenario)),
          {"HALLQ_KIOSK_TOKEN=", "HALLQ_GUIDE_TOKEN="});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "HALLQ_KIOSK_TOKEN"));
}

TEST_CASE("hallq-sim --live: a server that goes away mid-session still leaves the report of what was done") {
  TempDir dir;
  std::string scenario = dir.write("session.toml", one_citizen("12:00", 1));
  ServerProcess server(training_hall(dir), dir.path("training.db"), {"--training", "--time", "2026-11-30T09:00"});
  auto sim = std::async(std::launch::async, [&] {
    return run(live_args(dir, server.address(), scenario), kTokens, {}, std::chrono::seconds(60));
  });
  LineClient clerk(server.port());
  REQUIRE(clerk.hello("caller", "caller-1", "demo-caller-1-token").value("ok", false));
  window_op(clerk, {{"op", "login"}, {"clerk", "c01"}, {"pin", "1001"}});
  await_ticket(clerk, "A001");
  window_op(clerk, {{"op", "call_number"}, {"number", "A001"}});
  std::this_thread::sleep_for(300ms);  // the simulator sees the call
  server.kill9();
  RunResult r = sim.get();
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(has(r.err, "went away"));
  json report = json::parse(r.out);
  CHECK(report["citizens"] == 1);
  CHECK(report["waiting"] == 1);  // called, never finished: still in the hall when it went away
}

TEST_CASE("a training session counts a pause already on when it starts, from its start") {
  TempDir dir;
  std::string scenario = dir.write("pause.toml", one_citizen("09:30", 600));
  ServerProcess server(training_hall(dir), dir.path("training.db"), {"--training", "--time", "2026-11-30T09:00"});
  LineClient clerk(server.port());
  REQUIRE(clerk.hello("caller", "caller-1", "demo-caller-1-token").value("ok", false));
  window_op(clerk, {{"op", "login"}, {"clerk", "c01"}, {"pin", "1001"}});
  window_op(clerk, {{"op", "pause"}, {"reason", "break"}});
  std::this_thread::sleep_for(400ms);  // paused before the session: not the session's time
  const auto started = std::chrono::steady_clock::now();
  auto sim = std::async(std::launch::async, [&] {
    return run(live_args(dir, server.address(), scenario), kTokens, {}, std::chrono::seconds(90));
  });
  await_ticket(clerk, "A001");  // the session has begun
  std::this_thread::sleep_for(200ms);
  window_op(clerk, {{"op", "resume"}});
  const double within = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  window_op(clerk, {{"op", "call_number"}, {"number", "A001"}});
  window_op(clerk, {{"op", "finish"}});

  json t = only_trainee(sim);
  CHECK(t["pauses"] == 1);
  CHECK(t["paused_s"].get<double>() >= 0.2);          // from the session's start to the resume
  CHECK(t["paused_s"].get<double>() < within + 0.3);  // not from the pause's own start, 0.4 s before
  CHECK(t["mistakes"].empty());
  one_page_report(dir.path("reports/training-c01.pdf"), "无差错");  // "— 无差错 / No mistakes" under its heading
}
