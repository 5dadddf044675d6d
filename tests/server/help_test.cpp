// The guides' own work against the real hallq-server over loopback: a kiosk's
// call for a guide is one call however often pressed, an alarm until a guide
// takes it, refused to a second guide by name; the help desk's register with
// a sealed call-back number; both kept across a restart; the figures per day,
// by the operation and by the function reports call.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "server/store_help.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq;
using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

// The help_requested alarm of `kiosk` among the current alarms (null when there is none).
json help_alarm(LineClient& c, const std::string& kiosk) {
  json reply = ok(c.request({{"op", "alarms"}}));  // kept: the loop reads into it
  for (const auto& a : reply["alarms"])
    if (a["kind"] == "help_requested" && a["key"] == kiosk) return a;
  return nullptr;
}

// The test hall with a second guide, its clock at 09:00 on a Monday.
struct HelpHall {
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) +
                                                  "\n[[device]]\nid = \"guide-2\"\nrole = \"guide\"\n"
                                                  "token = \"test-guide-2-token\"\n");
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00"}};
  std::unique_ptr<LineClient> kiosk, guide, guide2;
  HelpHall() { connect(); }
  void connect() {
    kiosk = std::make_unique<LineClient>(server.port());
    guide = std::make_unique<LineClient>(server.port());
    guide2 = std::make_unique<LineClient>(server.port());
    REQUIRE(kiosk->hello("kiosk", "kiosk-1", "test-kiosk-token").value("ok", false));
    REQUIRE(guide->hello("guide", "guide-1", "test-guide-token").value("ok", false));
    REQUIRE(guide2->hello("guide", "guide-2", "test-guide-2-token").value("ok", false));
  }
};

}  // namespace

TEST_CASE("a kiosk's call for a guide: one call however often pressed, an alarm until taken, a second guide refused") {
  HelpHall h;
  ok(h.guide->request({{"op", "subscribe"}, {"topics", {"alarms"}}}));
  json call = ok(h.kiosk->request({{"op", "help_request"}}))["help"];
  CHECK(call["device"] == "kiosk-1");
  CHECK(call["state"] == "open");
  CHECK(call["day"] == "2026-11-30");
  CHECK(call["taken_by"].is_null());
  std::int64_t id = call["id"];
  CHECK(ok(h.kiosk->request({{"op", "help_request"}}))["help"]["id"] == id);  // pressed again: the same call

  // An alarm naming the kiosk, for every guide: asked for, and pushed.
  json alarm = help_alarm(*h.guide, "kiosk-1");
  REQUIRE_MESSAGE(alarm.is_object(), "no help_requested alarm");
  CHECK(alarm["device"] == "kiosk-1");
  CHECK(alarm["since"] == call["requested_at"]);
  CHECK(alarm["detail"] == std::to_string(id));
  bool pushed = false;
  while (auto e = h.guide->next_event(2s))
    if ((*e)["event"] == "alarm" && (*e)["kind"] == "help_requested" && (*e)["active"] == true) {
      pushed = true;
      break;
    }
  CHECK(pushed);

  // Who may do what: a kiosk calls, guides and admins take and list.
  CHECK(code_of(h.kiosk->request({{"op", "help_take"}, {"call", id}})) == "forbidden");
  CHECK(code_of(h.kiosk->request({{"op", "help_requests"}})) == "forbidden");
  CHECK(code_of(h.guide->request({{"op", "help_request"}})) == "forbidden");
  LineClient clerk(h.server.port()), board(h.server.port());
  REQUIRE(clerk.hello("caller", "caller-1", "test-caller-1-token").value("ok", false));
  REQUIRE(board.hello("display", "display-1", "test-display-token").value("ok", false));
  CHECK(code_of(clerk.request({{"op", "help_take"}, {"call", id}})) == "forbidden");
  CHECK(code_of(board.request({{"op", "help_take"}, {"call", id}})) == "forbidden");
  CHECK(code_of(clerk.request({{"op", "help_request"}})) == "forbidden");

  json open = ok(h.guide->request({{"op", "help_requests"}, {"open", true}}));
  REQUIRE(open["requests"].size() == 1);
  CHECK(open["requests"][0]["id"] == id);

  std::this_thread::sleep_for(1100ms);
  json taken = ok(h.guide->request({{"op", "help_take"}, {"call", id}}))["help"];
  CHECK(taken["state"] == "taken");
  CHECK(taken["taken_by"] == "guide-1");
  CHECK(taken["waited_s"].get<int>() >= 1);
  CHECK(help_alarm(*h.guide2, "kiosk-1").is_null());
  bool cleared = false;
  while (auto e = h.guide->next_event(2s))
    if ((*e)["event"] == "alarm" && (*e)["kind"] == "help_requested" && (*e)["active"] == false) {
      cleared = true;
      break;
    }
  CHECK(cleared);

  json second = h.guide2->request({{"op", "help_take"}, {"call", id}});
  CHECK(code_of(second) == "invalid_state");
  CHECK(second["error"]["message"].get<std::string>().find("guide-1") != std::string::npos);
  CHECK(code_of(h.guide2->request({{"op", "help_take"}, {"call", id + 100}})) == "not_found");
  CHECK(ok(h.guide->request({{"op", "help_requests"}, {"open", true}}))["requests"].empty());
  CHECK(ok(h.guide->request({{"op", "help_requests"}}))["requests"].size() == 1);

  // The kiosk calls again later: a new call, and a new alarm.
  json later = ok(h.kiosk->request({{"op", "help_request"}}))["help"];
  CHECK(later["id"] != id);
  CHECK(help_alarm(*h.guide, "kiosk-1").is_object());
}

TEST_CASE(
    "the help desk's register: a sealed call-back number, follow-ups done once, all of it kept across a restart") {
  HelpHall h;
  json add = {{"op", "helpdesk_add"},   {"topic", "营业执照遗失怎么补办"},
              {"service", "a"},         {"answer", "登报声明后到综合窗口补办，带身份证"},
              {"followup", true},       {"phone", "13812345678"},
              {"request_key", "form-1"}};
  json entry = ok(h.guide->request(add))["entry"];
  CHECK(entry["service"] == "A");
  CHECK(entry["by"] == "guide-1");
  CHECK(entry["followup"] == true);
  CHECK(entry["phone_masked"] == "138****5678");
  CHECK(entry["done_at"].is_null());
  std::int64_t id = entry["id"];
  CHECK(ok(h.guide->request(add))["entry"]["id"] == id);  // the same form sent again: one entry
  json plain = ok(h.guide2->request({{"op", "helpdesk_add"}, {"topic", "几点下班"}, {"answer", "17:00"}}))["entry"];
  CHECK(plain["service"].is_null());
  CHECK(plain["followup"] == false);

  // Refusals: too long, not the hall's service, a number that is not one, a number without a follow-up, a kiosk.
  CHECK(code_of(h.guide->request({{"op", "helpdesk_add"}, {"topic", std::string(201, 'x')}, {"answer", "a"}})) ==
        "bad_request");
  CHECK(code_of(h.guide->request({{"op", "helpdesk_add"}, {"topic", "q"}, {"answer", std::string(501, 'x')}})) ==
        "bad_request");
  CHECK(code_of(h.guide->request({{"op", "helpdesk_add"}, {"topic", "q"}, {"answer", "a"}, {"service", "Q"}})) ==
        "bad_request");
  CHECK(code_of(h.guide->request(
            {{"op", "helpdesk_add"}, {"topic", "q"}, {"answer", "a"}, {"followup", true}, {"phone", "12ab"}})) ==
        "bad_request");
  CHECK(code_of(h.guide->request(
            {{"op", "helpdesk_add"}, {"topic", "q"}, {"answer", "a"}, {"phone", "13812345678"}})) == "bad_request");
  CHECK(code_of(h.kiosk->request({{"op", "helpdesk_add"}, {"topic", "q"}, {"answer", "a"}})) == "forbidden");

  json list = ok(h.guide->request({{"op", "helpdesk_list"}}));
  CHECK(list["day"] == "2026-11-30");
  REQUIRE(list["entries"].size() == 2);
  CHECK(list["entries"][0]["id"] == plain["id"]);  // newest first
  CHECK(list["entries"][1]["id"] == id);

  // An open call and the register survive a restart (and nothing raw reached the disk).
  std::int64_t call = ok(h.kiosk->request({{"op", "help_request"}}))["help"]["id"];
  h.kiosk.reset();
  h.guide.reset();
  h.guide2.reset();
  CHECK(h.server.terminate() == 0);
  std::string disk = read_file(h.dir.path("hall.db")) + read_file(h.dir.path("hall.db-wal"));
  CHECK(disk.find("13812345678") == std::string::npos);
  h.server.restart();
  h.connect();
  json calls = ok(h.guide->request({{"op", "help_requests"}, {"open", true}}));
  REQUIRE(calls["requests"].size() == 1);
  CHECK(calls["requests"][0]["id"] == call);
  CHECK(help_alarm(*h.guide, "kiosk-1").is_object());
  CHECK(ok(h.kiosk->request({{"op", "help_request"}}))["help"]["id"] == call);  // still the same call
  json again = ok(h.guide->request({{"op", "helpdesk_list"}}));
  REQUIRE(again["entries"].size() == 2);
  CHECK(again["entries"][1]["phone_masked"] == "138****5678");

  json done = ok(h.guide2->request({{"op", "helpdesk_done"}, {"entry", id}}))["entry"];
  CHECK(done["done_by"] == "guide-2");
  CHECK(done["phone_masked"].is_null());  // the number was for this call-back only
  CHECK(code_of(h.guide->request({{"op", "helpdesk_done"}, {"entry", id}})) == "invalid_state");
  CHECK(code_of(h.guide->request({{"op", "helpdesk_done"}, {"entry", plain["id"]}})) == "invalid_state");
  CHECK(code_of(h.guide->request({{"op", "helpdesk_done"}, {"entry", 999}})) == "not_found");
  // A past day's register is read from the store; a day with nothing is empty.
  json yesterday = ok(h.guide->request({{"op", "helpdesk_list"}, {"day", "2026-11-29"}}));
  CHECK(yesterday["entries"].empty());
  CHECK(code_of(h.guide->request({{"op", "helpdesk_list"}, {"day", "yesterday"}})) == "bad_request");
  h.kiosk.reset();
  h.guide.reset();
  h.guide2.reset();
  CHECK(h.server.terminate() == 0);
  disk = read_file(h.dir.path("hall.db")) + read_file(h.dir.path("hall.db-wal"));
  CHECK(disk.find("gcm1$") == std::string::npos);  // the sealed copy gone with the follow-up
}

TEST_CASE("help_figures: entries, follow-ups, calls and the median time to take, by the op and for reports") {
  HelpHall h;
  LineClient admin(h.server.port());
  hello_admin(admin);
  ok(h.guide->request({{"op", "helpdesk_add"}, {"topic", "q1"}, {"answer", "a"}, {"followup", true}}));
  std::int64_t second = ok(
      h.guide->request({{"op", "helpdesk_add"}, {"topic", "q2"}, {"answer", "a"}, {"followup", true}}))["entry"]["id"];
  ok(h.guide->request({{"op", "helpdesk_add"}, {"topic", "q3"}, {"answer", "a"}}));
  ok(h.guide->request({{"op", "helpdesk_done"}, {"entry", second}}));
  // Three calls: taken after about 1 s and 3 s, one not taken. (A kiosk calls for itself: the
  // third comes from the same kiosk once its first was taken.)
  std::int64_t a = ok(h.kiosk->request({{"op", "help_request"}}))["help"]["id"];
  std::this_thread::sleep_for(1200ms);
  ok(h.guide->request({{"op", "help_take"}, {"call", a}}));
  std::int64_t b = ok(h.kiosk->request({{"op", "help_request"}}))["help"]["id"];
  std::this_thread::sleep_for(3200ms);
  ok(admin.request({{"op", "help_take"}, {"call", b}}));
  ok(h.kiosk->request({{"op", "help_request"}}));

  json f = ok(h.guide->request({{"op", "help_figures"}, {"from", "2026-11-29"}, {"to", "2026-11-30"}}));
  REQUIRE(f["days"].size() == 2);
  CHECK(f["days"][0]["day"] == "2026-11-29");
  CHECK(f["days"][0]["requests"] == 0);
  CHECK(f["days"][0]["take_median_s"] == -1);
  json today = f["days"][1];
  CHECK(today["day"] == "2026-11-30");
  CHECK(today["entries"] == 3);
  CHECK(today["followups"] == 2);
  CHECK(today["followups_done"] == 1);
  CHECK(today["requests"] == 3);
  CHECK(today["taken"] == 2);
  CHECK(today["take_median_s"] == 1);                                         // nearest rank of {1, 3}
  CHECK(ok(h.guide->request({{"op", "help_figures"}}))["days"].size() == 1);  // default: today
  CHECK(code_of(h.guide->request({{"op", "help_figures"}, {"from", "2026-11-30"}, {"to", "2026-11-01"}})) ==
        "bad_request");
  CHECK(code_of(h.guide->request({{"op", "help_figures"}, {"from", "2025-01-01"}, {"to", "2026-11-30"}})) ==
        "bad_request");
  CHECK(code_of(h.kiosk->request({{"op", "help_figures"}})) == "forbidden");

  // What a report reads: the same figures from its own read-only connection.
  SQLite::Database db(h.dir.path("hall.db"), SQLite::OPEN_READONLY);
  auto days = server::read_help_figures(db, "2026-11-30", "2026-11-30");
  REQUIRE(days.size() == 1);
  CHECK(days[0].entries == 3);
  CHECK(days[0].followups == 2);
  CHECK(days[0].followups_done == 1);
  CHECK(days[0].requests == 3);
  CHECK(days[0].taken == 2);
  CHECK(days[0].take_median_s == 1);
}
