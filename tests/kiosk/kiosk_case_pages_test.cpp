// The kiosk's case pages (办件) on the demo hall, driven like a citizen drives them against the
// real server: results to collect, a case's state by its number, a supplement code checked in.
#include <doctest/doctest.h>

#include "tests/kiosk/booth.hpp"

using namespace hallq;
using namespace hallq::test;
using json = nlohmann::json;

namespace {

// The demo hall's window 6 (real estate registration, F) with clerk c01, and
// the desk of the department that decides F cases.
struct CaseDesk {
  Booth& k;
  LineClient& a = k.admin();

  json ok(json request) {
    json r = a.request(request);
    INFO(request.dump() << " → " << r.dump());
    REQUIRE(r["ok"] == true);
    return r;
  }
  void login() { ok({{"op", "login"}, {"window", 6}, {"clerk", "c01"}, {"pin", "1001"}}); }
  // The card holder's visit at window 6: an F ticket, called, a case opened
  // with its materials checked as given.
  std::string open_case(const std::vector<std::string>& materials) {
    ok({{"op", "take"}, {"service", "F"}, {"id_number", kCardNumber}, {"name", "包巴特尔"}});
    ok({{"op", "call"}, {"window", 6}});
    std::string number = ok({{"op", "case_open"}, {"window", 6}})["case"]["number"];
    ok({{"op", "case_materials"}, {"window", 6}, {"number", number}, {"materials", materials}});
    return number;
  }
  // Accepted, sent to the property department, decided there and back: ready.
  void make_ready(const std::string& number) {
    std::string sheet =
        ok({{"op", "handover_create"}, {"department", "property"}, {"cases", {number}}})["handover"]["number"];
    LineClient desk(k.server.port());
    REQUIRE(desk.hello("department", "property", "demo-dept-property-token")["ok"] == true);
    auto dok = [&](json request) {
      json r = desk.request(request);
      INFO(request.dump() << " → " << r.dump());
      REQUIRE(r["ok"] == true);
    };
    dok({{"op", "handover_receive"}, {"sheet", sheet}, {"person", "张三"}});
    dok({{"op", "handover_return"}, {"sheet", sheet}, {"results", {{{"case", number}, {"approved", true}}}}});
    ok({{"op", "case_ready"}, {"number", number}});
  }
  json status(const std::string& number) { return ok({{"op", "case_status"}, {"number", number}})["case"]; }
};

}  // namespace

TEST_CASE("collect results: nothing ready shows each case's state and date, and once ready, an H ticket linked to it") {
  Booth k({.demo = true});
  REQUIRE(k.screen->step_until([&] { return k.app->devices().health().reader == protocol::CardReaderState::ok; }));
  CaseDesk desk{k};
  desk.login();
  std::string number = desk.open_case({"original", "original", "original"});
  std::string due = desk.ok({{"op", "case_accept"}, {"window", 6}, {"number", number}})["case"]["due"];

  // Not ready yet: the state in words and the promised date.
  k.tap("case.collect");
  REQUIRE(k.reach(kiosk::Page::cases));
  REQUIRE(k.app->cases().size() == 1);
  CHECK(k.app->cases()[0].number == number);
  CHECK_FALSE(k.screen->has_button("case.take_pickup"));
  CHECK_FALSE(has(k.app->personal_data(), kCardNumber));  // nothing to take: the number is wiped at once
  k.check_targets();
  std::string png = k.shot("cases-none-ready");
  std::string words = ocr(png, 0, 10, 100, 40, 6);
  INFO("screen: " << words);
  CHECK(has(words, "还没有办好"));
  CHECK(has(words, k.zh.get("case.states.accepted")));
  CHECK(has(words, number.substr(0, 10)));
  CHECK(has(words, "承诺办结"));
  CHECK(has(words, due));
  k.tap("home");
  CHECK(k.app->personal_data().empty());

  // Decided and back in the hall: ready, and a pickup ticket for it. A second case of the same
  // person, only received, is listed too: the title counts the ready one.
  desk.ok({{"op", "finish"}, {"window", 6}});
  std::string second = desk.open_case({"original", "original", "original"});
  desk.make_ready(number);
  k.tap("case.collect");
  REQUIRE(k.reach(kiosk::Page::cases));
  REQUIRE(k.screen->step_until([&] { return k.screen->has_button("case.take_pickup"); }, 3s));
  std::string ready = k.shot("cases-ready");
  std::string top = ocr(ready, 0, 10, 100, 30, 6);
  INFO("ready: " << top);
  CHECK(has(top, "可以领取"));
  CHECK(has(top, "您有1件"));  // of two: not "these are ready" over a list with one that is not
  CHECK(has(top, "办理人"));
  REQUIRE(k.app->cases().size() == 2);
  CHECK(k.app->cases()[1].number == second);  // ready first, then the others
  CHECK_FALSE(has(ocr(ready, 0, 0, 100, 100, 6), "巴特"));
  k.tap("case.take_pickup");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  std::string ticket = k.app->ticket()->number;
  CHECK(ticket == "H001");
  CHECK(k.app->printed());
  CHECK(has(text_by_iconv(k.printed(), k.dir), "H001"));
  CHECK_FALSE(has(k.app->personal_data(), kCardNumber));
  json c = desk.status(number);
  CHECK(c["state"] == "ready_for_pickup");
  CHECK(c["pickup_ticket"].get<std::string>().ends_with("/H001"));
  CHECK(k.ticket("H001")["id_masked"] == "150502********1230");
  k.tap("done");
  CHECK(k.app->personal_data().empty());
}

TEST_CASE("case status by its number typed without dashes, and a supplement code checked in on the keypad") {
  Booth k({.demo = true});
  CaseDesk desk{k};
  desk.login();
  std::string number = desk.open_case({"original", "missing", "original"});
  std::string code = desk.ok({{"op", "case_supplement"}, {"window", 6}, {"number", number}})["case"]["supplement_code"];
  desk.ok({{"op", "finish"}, {"window", 6}});

  auto type = [&](const std::string& text) {
    for (char ch : text)
      if (ch != '-') k.tap(std::string("key.") + ch);
  };
  // A number too short to be one: said so, back to the keypad.
  k.tap("case.status");
  REQUIRE(k.reach(kiosk::Page::case_query));
  k.check_targets();
  type("F1");
  k.tap("case.ok");
  REQUIRE(k.reach(kiosk::Page::message));
  CHECK(k.app->message() == k.zh.get("kiosk_case.status_bad"));
  k.tap("ok");
  REQUIRE(k.reach(kiosk::Page::case_query));
  // A number nobody has.
  k.tap("case.clear");
  type("F202001010001");
  k.tap("case.ok");
  REQUIRE(k.reach(kiosk::Page::message));
  CHECK(k.app->message() == k.zh.get("kiosk_case.status_not_found"));
  k.tap("ok");
  // The case's number without its dashes.
  k.tap("case.clear");
  type(number);
  k.tap("case.ok");
  REQUIRE(k.reach(kiosk::Page::case_status));
  REQUIRE(k.app->case_shown());
  CHECK(k.app->case_shown()->number == number);
  CHECK_FALSE(k.app->case_shown()->supplement_code);  // kiosks never see the code
  std::string png = k.shot("case-status");
  std::string words = ocr(png, 0, 10, 100, 60, 6);
  INFO("status: " << words);
  CHECK(has(words, number.substr(0, 10)));
  CHECK(has(words, k.zh.get("case.states.supplement_requested")));
  // What to bring back: the material marked missing, by name.
  std::string whole = ocr(png, 0, 0, 100, 100, 6);
  INFO("whole: " << whole);
  CHECK(has(whole, "需补正"));
  CHECK(has(whole, "不动产权证书"));
  CHECK_FALSE(has(whole, "购房合同"));  // given: not asked for again
  k.tap("home");

  // The supplement notice's code on the check-in keypad: a ticket with the supplement priority.
  k.tap("checkin");
  REQUIRE(k.reach(kiosk::Page::checkin));
  std::string prompt = ocr(k.shot("checkin-supplement"), 0, 10, 100, 12, 6);
  INFO("prompt: " << prompt);
  CHECK(has(prompt, "补正码"));
  type("99999999");  // a wrong code: in the words of both kinds of code
  k.tap("checkin.ok");
  REQUIRE(k.reach(kiosk::Page::message));
  CHECK(k.app->message() == k.zh.get("kiosk_case.checkin_not_found"));
  k.tap("ok");
  k.tap("checkin.clear");
  type(code);
  k.tap("checkin.ok");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  json t = k.ticket(k.app->ticket()->number);
  CHECK(t["service"] == "F");
  CHECK(t["priority"] == "supplement");
  CHECK(has(ocr(k.shot("supplement-result"), 0, 23, 100, 17, 7), k.app->ticket()->number));
  CHECK(desk.status(number)["state"] == "received");  // back with the missing material
  // The code once more: it checks in once, and the refusal says so.
  k.tap("done");
  k.tap("checkin");
  REQUIRE(k.reach(kiosk::Page::checkin));
  type(code);
  k.tap("checkin.ok");
  REQUIRE(k.reach(kiosk::Page::message));
  CHECK(has(k.app->message(), "只能签到一次"));
}
