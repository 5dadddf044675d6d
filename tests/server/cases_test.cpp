// Cases against the real hallq-server over loopback: the whole life of a case,
// a crash in the middle of a hand-over, and the chasing of late cases.
#include <doctest/doctest.h>

#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

const std::string kApplicant = "150502199001011232";
const std::string kStranger = "11010519491231002X";

// The demo hall, its notices written to `notices` (a file).
std::string demo_hall(const std::string& notices) {
  std::string text = read_file(source_path("assets/halls/demo.toml"));
  const std::string line = "# notify = \"file:/var/lib/hallq/notices.jsonl\"";
  auto pos = text.find(line);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, line.size(), "notify = \"file:" + notices + "\"");
}

// The demo hall on Monday 2026-11-30 (or `when`), with a window's clerk logged in.
struct CasesHall {
  TempDir dir;
  std::string config = dir.write("hall.toml", demo_hall(dir.path("notices.jsonl")));
  std::optional<ServerProcess> running;
  explicit CasesHall(const std::string& when = "2026-11-30T09:00") { restart_at(when); }
  ServerProcess& server() { return *running; }
  // Stops the server (SIGTERM) and starts it again with its clock at `when`.
  void restart_at(const std::string& when) {
    if (running) CHECK(running->terminate() == 0);
    running.reset();
    running.emplace(config, dir.path("hall.db"), std::vector<std::string>{"--time", when});
  }
};

void login(LineClient& c, int window, const std::string& clerk, const std::string& pin) {
  REQUIRE(c.hello("caller", "caller-" + std::to_string(window), "demo-caller-" + std::to_string(window) + "-token")
              .value("ok", false));
  json r = c.request({{"op", "login"}, {"window", window}, {"clerk", clerk}, {"pin", pin}}, 20s);
  REQUIRE_MESSAGE(r.value("ok", false), r.dump());
}

}  // namespace

TEST_CASE("a case's whole life: supplement, return with the code, hand-over, notice, pickup by the applicant only") {
  CasesHall h;
  LineClient kiosk(h.server().port()), clerk(h.server().port()), admin(h.server().port()), desk(h.server().port()),
      pickup(h.server().port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "demo-kiosk-1-token").value("ok", false));
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  login(clerk, 1, "c01", "1001");

  // The applicant's first visit: one material missing, so a supplement notice with its code.
  ok(kiosk.request({{"op", "take"}, {"service", "A"}, {"id_number", kApplicant}, {"request_key", "k1"}}));
  REQUIRE(ok(clerk.request({{"op", "call"}, {"window", 1}}))["ticket"]["number"] == "A001");
  json opened = ok(clerk.request({{"op", "case_open"}, {"window", 1}, {"phone", "13812345678"}}));
  const std::string number = opened["case"]["number"];
  CHECK(number == "F-20261130-0001");
  CHECK(opened["case"]["state"] == "received");
  CHECK(opened["case"]["id_masked"] == "150502********1232");
  CHECK(opened["case"]["phone_masked"] == "138****5678");
  REQUIRE(opened["case"]["materials"].size() == 3);
  CHECK(opened["case"]["materials"][0]["names"]["zh"] == "居民身份证原件");
  ok(clerk.request(
      {{"op", "case_materials"}, {"window", 1}, {"number", number}, {"materials", {"original", "copy", "missing"}}}));
  CHECK(code_of(clerk.request({{"op", "case_accept"}, {"window", 1}, {"number", number}})) == "invalid_state");
  // A caller says which window it acts at (an outside probe, 2026-12-04: without it, "no window 0").
  json no_window = clerk.request({{"op", "case_withdraw"}, {"number", number}, {"reason", "x"}});
  CHECK(code_of(no_window) == "bad_request");
  CHECK(has(no_window["error"]["message"].get<std::string>(), "\"window\" is required"));
  json notice = ok(clerk.request({{"op", "case_supplement"}, {"window", 1}, {"number", number}}));
  CHECK(notice["case"]["state"] == "supplement_requested");
  const std::string code = notice["case"]["supplement_code"];
  CHECK(std::regex_match(code, std::regex("[0-9]{8}")));
  ok(clerk.request({{"op", "finish"}, {"window", 1}}));

  // Someone else takes a ticket first; the applicant comes back with the code and is called first.
  ok(kiosk.request({{"op", "take"}, {"service", "A"}, {"request_key", "k2"}}));
  json back = ok(kiosk.request({{"op", "checkin"}, {"code", code}, {"request_key", "k3"}}));
  CHECK(back["ticket"]["priority"] == "supplement");
  CHECK(back["ticket"]["id_masked"] == "150502********1232");
  const std::string again = back["ticket"]["number"];
  CHECK(again == "A003");
  CHECK(code_of(kiosk.request({{"op", "checkin"}, {"code", code}, {"request_key", "k4"}})) == "not_found");  // one use
  CHECK(ok(clerk.request({{"op", "call"}, {"window", 1}}))["ticket"]["number"] == again);
  json mine = ok(clerk.request({{"op", "cases"}, {"ticket", again}}));
  REQUIRE(mine["cases"].size() == 1);
  CHECK(mine["cases"][0]["number"] == number);
  CHECK(mine["cases"][0]["state"] == "received");
  ok(clerk.request(
      {{"op", "case_materials"}, {"window", 1}, {"number", number}, {"materials", {"original", "copy", "original"}}}));
  json accepted = ok(clerk.request({{"op", "case_accept"}, {"window", 1}, {"number", number}}));
  CHECK(accepted["case"]["due"] == "2026-12-03");  // 3 working days after Monday
  CHECK(accepted["case"]["workdays_left"] == 3);
  ok(clerk.request({{"op", "finish"}, {"window", 1}}));

  // The hand-over sheet goes to the market regulation bureau; another department sees nothing of it.
  json sheet = ok(admin.request({{"op", "handover_create"}, {"department", "market"}, {"cases", {number}}}));
  const std::string sheet_no = sheet["handover"]["number"];
  CHECK(sheet_no == "L-20261130-01");
  CHECK(sheet["handover"]["cases"][0]["state"] == "handed_over");
  LineClient other(h.server().port());
  REQUIRE(other.hello("department", "construction", "demo-dept-construction-token").value("ok", false));
  CHECK(code_of(other.request({{"op", "case_status"}, {"number", number}})) == "not_found");
  CHECK(code_of(other.request({{"op", "handover_receive"}, {"sheet", sheet_no}, {"person", "王五"}})) == "not_found");
  CHECK(code_of(other.request({{"op", "take"}, {"service", "A"}})) == "forbidden");
  REQUIRE(desk.hello("department", "market", "demo-dept-market-token").value("ok", false));
  CHECK(ok(desk.request({{"op", "handovers"}}))["handovers"].size() == 1);
  CHECK(code_of(desk.request(
            {{"op", "handover_return"}, {"sheet", sheet_no}, {"results", {{{"case", number}, {"approved", true}}}}})) ==
        "invalid_state");
  json received = ok(desk.request({{"op", "handover_receive"}, {"sheet", sheet_no}, {"person", "李四"}}));
  CHECK(received["handover"]["received_by"] == "李四");
  json returned = ok(desk.request(
      {{"op", "handover_return"}, {"sheet", sheet_no}, {"results", {{{"case", number}, {"approved", true}}}}}));
  CHECK(returned["handover"]["state"] == "returned");

  // Back in the hall: ready, and the notice goes out in the applicant's language to the masked number.
  // The guides' monitor hears the count at the pickup window change.
  LineClient guide(h.server().port());
  REQUIRE(guide.hello("guide", "guide-1", "demo-guide-token").value("ok", false));
  CHECK(ok(guide.request({{"op", "snapshot"}}))["cases"] ==
        json({{"open", 1}, {"handed_over", 0}, {"due_soon", 0}, {"overdue", 0}, {"ready", 0}}));
  ok(guide.request({{"op", "subscribe"}, {"topics", {"cases"}}}));
  json ready = ok(admin.request({{"op", "case_ready"}, {"number", number}}));
  CHECK(ready["case"]["state"] == "ready_for_pickup");
  auto counts = guide.next_event();
  REQUIRE(counts);
  CHECK((*counts)["event"] == "cases");
  CHECK((*counts)["cases"]["ready"] == 1);
  CHECK((*counts)["cases"]["open"] == 1);
  json outbox = ok(admin.request({{"op", "notifications"}}));
  REQUIRE(outbox["notifications"].size() == 1);
  CHECK(outbox["notifications"][0]["recipient"] == "138****5678");
  CHECK(outbox["notifications"][0]["text"].get<std::string>().find(number) != std::string::npos);
  CHECK(outbox["notifications"][0]["text"].get<std::string>().find("统一出件窗口") != std::string::npos);
  std::string sent;
  for (int i = 0; i < 50 && sent.empty(); ++i) {
    std::this_thread::sleep_for(100ms);
    sent = read_file(h.dir.path("notices.jsonl"));
  }
  CHECK(sent.find(number) != std::string::npos);
  CHECK(sent.find("138****5678") != std::string::npos);
  CHECK(sent.find("13812345678") == std::string::npos);

  // The kiosk: the ID card finds the ready case; a pickup ticket is linked to it.
  json lookup = ok(kiosk.request({{"op", "case_lookup"}, {"id_number", kApplicant}}));
  REQUIRE(lookup["cases"].size() == 1);
  CHECK(lookup["cases"][0]["state"] == "ready_for_pickup");
  CHECK(lookup["cases"][0]["supplement_code"].is_null());
  LineClient kiosk2(h.server().port());  // the first kiosk has issued at a person's pace already
  REQUIRE(kiosk2.hello("kiosk", "kiosk-2", "demo-kiosk-2-token").value("ok", false));
  json h1 = ok(kiosk2.request({{"op", "take"}, {"service", "H"}, {"id_number", kApplicant}, {"request_key", "k5"}}));
  CHECK(h1["ticket"]["number"] == "H001");
  CHECK(ok(kiosk2.request({{"op", "case_status"}, {"number", number}}))["case"]["pickup_ticket"] == "2026-11-30/H001");
  // Asked again (another press, another kiosk) while H001 waits: H001 again, not a second ticket that
  // would take the case from it.
  json h_again =
      ok(kiosk2.request({{"op", "take"}, {"service", "H"}, {"id_number", kApplicant}, {"request_key", "k6"}}));
  CHECK(h_again["ticket"]["number"] == "H001");
  CHECK(ok(kiosk2.request({{"op", "case_status"}, {"number", number}}))["case"]["pickup_ticket"] == "2026-11-30/H001");
  CHECK(ok(admin.request({{"op", "tickets"}, {"service", "H"}}))["tickets"].size() == 1);

  // The pickup window: another person's card is refused, the applicant's accepted.
  login(pickup, 8, "c02", "1002");
  CHECK(ok(pickup.request({{"op", "call"}, {"window", 8}}))["ticket"]["number"] == "H001");
  CHECK(ok(pickup.request({{"op", "cases"}, {"ticket", "H001"}}))["cases"].size() == 1);
  json refused = pickup.request({{"op", "case_pickup"}, {"window", 8}, {"number", number}, {"id_number", kStranger}});
  CHECK(code_of(refused) == "identity_mismatch");
  json done = ok(pickup.request({{"op", "case_pickup"}, {"window", 8}, {"number", number}, {"id_number", kApplicant}}));
  CHECK(done["case"]["state"] == "picked_up");
  CHECK(done["case"]["pickup_window"] == 8);
  CHECK(done["case"]["pickup_clerk"] == "c02");
  CHECK(done["case"]["phone_masked"].is_null());  // not kept once the case ends
  json reg = ok(admin.request({{"op", "pickup_register"}}));
  REQUIRE(reg["cases"].size() == 1);
  CHECK(reg["cases"][0]["number"] == number);

  // Nothing raw on disk: no ID number, and the phone number is gone from the case row.
  h.server().terminate();
  std::string disk = read_file(h.dir.path("hall.db")) + read_file(h.dir.path("hall.db-wal"));
  CHECK(disk.find(kApplicant) == std::string::npos);
  CHECK(disk.find("150502199001011232") == std::string::npos);
}

TEST_CASE("what is typed is taken as meant: case numbers in any case, long text refused not cut, one decision a case") {
  CasesHall h;
  LineClient kiosk(h.server().port()), clerk(h.server().port()), guide(h.server().port()), desk(h.server().port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "demo-kiosk-1-token").value("ok", false));
  REQUIRE(guide.hello("guide", "guide-1", "demo-guide-token").value("ok", false));
  REQUIRE(desk.hello("department", "market", "demo-dept-market-token").value("ok", false));
  login(clerk, 1, "c01", "1001");
  ok(kiosk.request({{"op", "take"}, {"service", "A"}, {"id_number", kApplicant}, {"request_key", "k1"}}));
  ok(clerk.request({{"op", "call"}, {"window", 1}}));
  auto chinese = [](int n) {  // n characters of three bytes each
    std::string s;
    for (int i = 0; i < n; ++i) s += "请";
    return s;
  };
  // 67 characters are 201 bytes: refused by name, and nothing opened; 66 are kept whole.
  json long_company = clerk.request({{"op", "case_open"}, {"window", 1}, {"company", chinese(67)}});
  CHECK(code_of(long_company) == "bad_request");
  CHECK(long_company["error"]["message"] == "\"company\" is longer than 200 bytes");
  json first = ok(clerk.request({{"op", "case_open"}, {"window", 1}, {"company", chinese(66)}}));
  CHECK(first["case"]["company"] == chinese(66));
  CHECK(first["case"]["number"] == "F-20261130-0001");
  ok(clerk.request({{"op", "case_open"}, {"window", 1}}));
  // Typed in small letters at every step, as case_status always took them.
  for (std::string n : {"f-20261130-0001", "f-20261130-0002"}) {
    ok(clerk.request(
        {{"op", "case_materials"}, {"window", 1}, {"number", n}, {"materials", {"original", "copy", "original"}}}));
    ok(clerk.request({{"op", "case_accept"}, {"window", 1}, {"number", n}}));
  }
  json sheet = ok(guide.request(
      {{"op", "handover_create"}, {"department", "market"}, {"cases", {"f-20261130-0001", "F-20261130-0002"}}}));
  const std::string sheet_no = sheet["handover"]["number"];
  json long_person = desk.request({{"op", "handover_receive"}, {"sheet", sheet_no}, {"person", chinese(22)}});
  CHECK(long_person["error"]["message"] == "\"person\" is longer than 64 bytes");
  ok(desk.request({{"op", "handover_receive"}, {"sheet", sheet_no}, {"person", chinese(21)}}));

  // One case twice, approved then refused: refused whole, the case still handed over.
  json both = desk.request({{"op", "handover_return"},
                            {"sheet", sheet_no},
                            {"results",
                             {{{"case", "F-20261130-0001"}, {"approved", true}},
                              {{"case", "f-20261130-0001"}, {"approved", false}, {"note", "不予许可"}}}}});
  CHECK(code_of(both) == "bad_request");
  CHECK(both["error"]["message"] == "case F-20261130-0001 is named twice");
  CHECK(ok(guide.request({{"op", "case_status"}, {"number", "F-20261130-0001"}}))["case"]["state"] == "handed_over");
  // A refusal's reasons are the record: 201 bytes are refused, not cut inside a character.
  json long_note =
      desk.request({{"op", "handover_return"},
                    {"sheet", sheet_no},
                    {"results", {{{"case", "f-20261130-0001"}, {"approved", false}, {"note", chinese(67)}}}}});
  CHECK(long_note["error"]["message"] == "\"note\" is longer than 200 bytes");
  json returned = ok(desk.request({{"op", "handover_return"},
                                   {"sheet", sheet_no},
                                   {"results",
                                    {{{"case", "f-20261130-0001"}, {"approved", false}, {"note", chinese(66)}},
                                     {{"case", "F-20261130-0002"}, {"approved", true}}}}}));
  CHECK(returned["handover"]["state"] == "returned");
  CHECK(returned["handover"]["cases"][0]["result_note"] == chinese(66));

  // The visit token (which rates the visit by phone) goes to the window, not to a guide.
  json by_guide = ok(guide.request({{"op", "case_ready"}, {"number", "f-20261130-0002"}}));
  CHECK(by_guide["case"]["state"] == "ready_for_pickup");
  CHECK(by_guide["case"].value("token", json()).is_null());
  json by_window = ok(clerk.request({{"op", "case_ready"}, {"window", 1}, {"number", "f-20261130-0001"}}));
  CHECK(by_window["case"]["token"].get<std::string>().starts_with("20261130-A001-"));
}

TEST_CASE("a SIGKILL in the middle of a hand-over loses nothing that was acknowledged") {
  CasesHall h;
  LineClient kiosk(h.server().port()), clerk(h.server().port()), admin(h.server().port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "demo-kiosk-1-token").value("ok", false));
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  login(clerk, 1, "c01", "1001");
  std::vector<std::string> numbers;
  for (int i = 0; i < 3; ++i) {
    ok(kiosk.request({{"op", "take"}, {"service", "B"}, {"id_number", kApplicant}}));
    ok(clerk.request({{"op", "call"}, {"window", 1}}));
    json open = {{"op", "case_open"}, {"window", 1}, {"request_key", "open-" + std::to_string(i)}};
    std::string n = ok(clerk.request(open))["case"]["number"];
    CHECK(ok(clerk.request(open))["case"]["number"] == n);  // its reply lost, asked again: the same case
    ok(clerk.request({{"op", "case_materials"}, {"window", 1}, {"number", n}, {"materials", {"original", "copy"}}}));
    ok(clerk.request({{"op", "case_accept"}, {"window", 1}, {"number", n}}));
    ok(clerk.request({{"op", "finish"}, {"window", 1}}));
    numbers.push_back(n);
  }
  std::string sheet = ok(
      admin.request({{"op", "handover_create"}, {"department", "market"}, {"cases", numbers}}))["handover"]["number"];
  LineClient desk(h.server().port());
  REQUIRE(desk.hello("department", "market", "demo-dept-market-token").value("ok", false));
  ok(desk.request({{"op", "handover_receive"}, {"sheet", sheet}, {"person", "李四"}}));
  ok(desk.request({{"op", "handover_return"},
                   {"sheet", sheet},
                   {"results", {{{"case", numbers[0]}, {"approved", false}, {"note", "经营范围不符"}}}}}));
  h.server().kill9();
  h.server().restart();

  LineClient after(h.server().port());
  REQUIRE(after.hello("admin", "admin", "demo-admin-token").value("ok", false));
  json shown = ok(after.request({{"op", "handover_show"}, {"sheet", sheet}}));
  CHECK(shown["handover"]["state"] == "received");
  CHECK(shown["handover"]["received_by"] == "李四");
  REQUIRE(shown["handover"]["cases"].size() == 3);
  CHECK(shown["handover"]["cases"][0]["state"] == "returned_rejected");
  CHECK(shown["handover"]["cases"][0]["result_note"] == "经营范围不符");
  CHECK(shown["handover"]["cases"][1]["state"] == "handed_over");
  // Numbering goes on after the crash: no case or sheet number is given twice.
  LineClient clerk2(h.server().port());
  login(clerk2, 1, "c01", "1001");
  // A case_open asked again after the crash, its visit over, gets the case it opened; the key is the
  // window device's own, so another window's same key is not a repeat.
  json repeat = ok(clerk2.request({{"op", "case_open"}, {"window", 1}, {"request_key", "open-2"}}));
  CHECK(repeat["case"]["number"] == numbers[2]);
  CHECK(repeat["case"]["state"] == "handed_over");
  LineClient window2(h.server().port());
  login(window2, 2, "c02", "1002");
  CHECK(code_of(window2.request({{"op", "case_open"}, {"window", 2}, {"request_key", "open-2"}})) == "invalid_state");
  ok(after.request({{"op", "take"}, {"service", "B"}}));
  ok(clerk2.request({{"op", "call"}, {"window", 1}}));
  json reused = clerk2.request({{"op", "case_open"}, {"window", 1}, {"request_key", "open-0"}});
  CHECK(code_of(reused) == "bad_request");
  CHECK(reused["error"]["message"] == "request_key was already used for case " + numbers[0]);
  CHECK(ok(clerk2.request({{"op", "case_open"}, {"window", 1}}))["case"]["number"] == "F-20261130-0004");
}

TEST_CASE("cases near and past their promised date are listed and raise alarms as the days pass") {
  CasesHall h("2026-11-30T09:00");
  LineClient kiosk(h.server().port()), clerk(h.server().port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "demo-kiosk-1-token").value("ok", false));
  login(clerk, 1, "c01", "1001");
  ok(kiosk.request({{"op", "take"}, {"service", "A"}}));
  ok(clerk.request({{"op", "call"}, {"window", 1}}));
  std::string n = ok(clerk.request({{"op", "case_open"}, {"window", 1}}))["case"]["number"];
  ok(clerk.request(
      {{"op", "case_materials"}, {"window", 1}, {"number", n}, {"materials", {"original", "original", "copy"}}}));
  CHECK(ok(clerk.request({{"op", "case_accept"}, {"window", 1}, {"number", n}}))["case"]["due"] == "2026-12-03");

  auto alarms_of = [&](LineClient& c) {
    std::vector<std::string> kinds;
    json all = ok(c.request({{"op", "alarms"}}));
    INFO(all.dump());
    for (const auto& a : all["alarms"])
      if (a.value("detail", json()) == n) kinds.push_back(a["kind"]);
    return kinds;
  };
  LineClient admin(h.server().port());
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  CHECK(alarms_of(admin).empty());
  CHECK(ok(admin.request({{"op", "cases"}, {"due_soon", true}}))["cases"].empty());
  auto counts = [](LineClient& c) { return ok(c.request({{"op", "snapshot"}}))["cases"]; };
  CHECK(counts(admin)["open"] == 1);
  CHECK(counts(admin)["due_soon"] == 0);

  h.restart_at("2026-12-02T09:00");  // Wednesday: one working day left
  LineClient a2(h.server().port());
  REQUIRE(a2.hello("admin", "admin", "demo-admin-token").value("ok", false));
  json soon = ok(a2.request({{"op", "cases"}, {"due_soon", true}}));
  REQUIRE(soon["cases"].size() == 1);
  CHECK(soon["cases"][0]["workdays_left"] == 1);
  CHECK(soon["cases"][0]["due_soon"] == true);
  CHECK(alarms_of(a2) == std::vector<std::string>{"case_due_soon"});
  CHECK(counts(a2)["due_soon"] == 1);
  CHECK(counts(a2)["overdue"] == 0);

  h.restart_at("2026-12-07T09:00");  // the next Monday: past due
  LineClient a3(h.server().port());
  REQUIRE(a3.hello("admin", "admin", "demo-admin-token").value("ok", false));
  json late = ok(a3.request({{"op", "cases"}, {"overdue", true}}));
  REQUIRE(late["cases"].size() == 1);
  CHECK(late["cases"][0]["overdue"] == true);
  CHECK(late["cases"][0]["workdays_left"] == -2);  // Friday and Monday
  CHECK(alarms_of(a3) == std::vector<std::string>{"case_overdue"});
  CHECK(counts(a3)["due_soon"] == 0);
  CHECK(counts(a3)["overdue"] == 1);
}

TEST_CASE("a notice file the server cannot write to stops the start, not the first notice") {
  // It passed, and the first pickup notice then waited in the outbox with "cannot append".
  TempDir dir;
  std::string config = dir.write("hall.toml", demo_hall(dir.path("no-such-folder/notices.jsonl")));
  RunResult r = run({bin("hallq-server"), "--config", config, "--db", dir.path("hall.db"), "--listen", "127.0.0.1:0"});
  CHECK(r.exit_code == 2);
  CHECK_MESSAGE(has(r.err, "[cases] notify: cannot append to " + dir.path("no-such-folder/notices.jsonl") +
                               ": No such file or directory"),
                r.err);
  CHECK_FALSE(std::ifstream(dir.path("hall.db")).good());  // refused before the database was made
}
