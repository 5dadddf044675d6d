// 好差评 against the real hallq-server over loopback: the window's pad rates
// the visit just finished, once; other pads cannot; no touch leaves it not
// rated; a bad rating opens a follow-up and an alarm; the figures of a
// scripted day; a clerk's own day at the caller (my_ratings); nothing personal
// on disk.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

// The test hall with a pad at window 1 and one at window 2, and a short pad time.
struct Hall {
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) +
                                                  "\n[[device]]\nid = \"pad-1\"\nrole = \"display\"\n"
                                                  "token = \"test-pad-1-token\"\nwindow = 1\n"
                                                  "\n[[device]]\nid = \"pad-2\"\nrole = \"display\"\n"
                                                  "token = \"test-pad-2-token\"\nwindow = 2\n"
                                                  "\n[[device]]\nid = \"caller-2\"\nrole = \"caller\"\n"
                                                  "token = \"test-caller-2-token\"\nwindow = 2\n"
                                                  "\n[[device]]\nid = \"caller-any\"\nrole = \"caller\"\n"
                                                  "token = \"test-caller-any-token\"\n"
                                                  "\n[ratings]\npad_seconds = 5\nrectify_workdays = 15\n");
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00"}};
  LineClient admin{server.port()}, clerk{server.port()}, pad{server.port()}, other_pad{server.port()};
  Hall() {
    REQUIRE(admin.hello("admin", "admin", "test-admin-token").value("ok", false));
    REQUIRE(clerk.hello("caller", "caller-1", "test-caller-1-token").value("ok", false));
    REQUIRE(pad.hello("display", "pad-1", "test-pad-1-token").value("ok", false));
    REQUIRE(other_pad.hello("display", "pad-2", "test-pad-2-token").value("ok", false));
    ok(clerk.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}}, 20s));
    ok(pad.request({{"op", "subscribe"}, {"topics", {"ratings"}}}));
  }
  // Takes a ticket (in the citizen's `language`, when given), calls and
  // finishes it at window 1; the pad's offer event.
  json serve_one(const std::string& language = "") {
    json take = {{"op", "take"}, {"service", "A"}};
    if (!language.empty()) take["language"] = language;
    ok(admin.request(take));
    std::string number = ok(clerk.request({{"op", "call"}, {"window", 1}}))["ticket"]["number"];
    ok(clerk.request({{"op", "finish"}, {"window", 1}}));
    for (;;) {
      auto e = pad.next_event();
      REQUIRE_MESSAGE(e, "no rating_offer event for " << number);
      // A visit rated before: its offer, sent again when it was rated (until then), is not this one.
      if ((*e)["event"] == "rating_offer" && (*e)["ticket"] != number) continue;
      if ((*e)["event"] == "rating_offer") {
        return *e;
      }
    }
  }
};

}  // namespace

TEST_CASE("the window pad rates the visit it was offered once, another pad cannot, and no touch is not rated") {
  Hall h;
  CHECK(code_of(h.admin.request({{"op", "take"}, {"service", "A"}, {"language", "fr"}})) == "bad_request");
  json offer = h.serve_one("en");
  CHECK(offer["window"] == 1);
  CHECK(offer["clerk_name"] == "王丽");
  CHECK(offer["language"] == "en");  // the pad asks in the language chosen at the kiosk
  std::string a1 = offer["ticket"];
  // The offer is in the snapshot too (a pad that reconnects shows the page again).
  json snap = ok(h.pad.request({{"op", "snapshot"}}));
  REQUIRE(snap["rating_offers"].size() == 1);
  CHECK(snap["rating_offers"][0]["ticket"] == a1);
  CHECK(snap["rating_offers"][0]["language"] == "en");

  CHECK(code_of(h.other_pad.request({{"op", "rate"}, {"ticket", a1}, {"level", "very_satisfied"}})) == "not_found");
  LineClient board(h.server.port());
  REQUIRE(board.hello("display", "display-1", "test-display-token").value("ok", false));
  CHECK(code_of(board.request({{"op", "rate"}, {"ticket", a1}, {"level", "satisfied"}})) == "forbidden");
  CHECK(code_of(h.admin.request({{"op", "rate"}, {"ticket", a1}, {"level", "satisfied"}})) == "forbidden");

  json rated = ok(h.pad.request({{"op", "rate"}, {"ticket", a1}, {"level", "very_satisfied"}}));
  CHECK(rated["rating"]["level"] == "very_satisfied");
  CHECK(rated["rating"]["clerk"] == "c1");
  CHECK(rated["rating"]["followup"].is_null());
  json again = h.pad.request({{"op", "rate"}, {"ticket", a1}, {"level", "very_dissatisfied"}, {"reasons", {"other"}}});
  CHECK(code_of(again) == "invalid_state");
  // Rated: the offer ends now, pushed to the window's pads (another pad showing it leaves its page).
  for (;;) {
    auto e = h.pad.next_event();
    REQUIRE_MESSAGE(e, "no rating_offer event ending the offer of " << a1);
    if ((*e)["event"] != "rating_offer") continue;
    CHECK((*e)["ticket"] == a1);
    CHECK((*e)["window"] == 1);
    CHECK((*e)["until"] == rated["rating"]["rated_at"]);
    break;
  }
  CHECK(ok(h.pad.request({{"op", "snapshot"}})).value("rating_offers", json::array()).empty());

  // The next visit, untouched past pad_seconds: no longer offered (the pad
  // goes back to the window's view) and not rated. (The hard limit for a
  // touched page, kPadTouchedLimit × pad_seconds, is the domain test's.)
  std::string a2 = h.serve_one()["ticket"];
  REQUIRE(ok(h.pad.request({{"op", "snapshot"}}))["rating_offers"].size() == 1);
  std::this_thread::sleep_for(5500ms);
  CHECK(ok(h.pad.request({{"op", "snapshot"}})).value("rating_offers", json::array()).empty());
  json fig = ok(h.admin.request({{"op", "ratings"}}));
  REQUIRE(fig["rows"].size() == 1);
  CHECK(fig["rows"][0]["offered"] == 2);
  CHECK(fig["rows"][0]["rated"] == 1);
  CHECK(fig["rows"][0]["participation_permille"] == 500);
  CHECK(fig["rows"][0]["satisfaction_permille"] == 1000);  // "not rated" never counts as satisfied
}

TEST_CASE("a bad rating needs a reason and opens a follow-up and an alarm, the call-back number kept sealed") {
  Hall h;
  std::string t = h.serve_one()["ticket"];
  CHECK(code_of(h.pad.request({{"op", "rate"}, {"ticket", t}, {"level", "very_dissatisfied"}})) == "bad_request");
  // Reasons are a set: one given twice would be exported twice (an outside probe, 2026-12-04).
  json twice = h.pad.request(
      {{"op", "rate"}, {"ticket", t}, {"level", "very_dissatisfied"}, {"reasons", {"attitude", "other", "attitude"}}});
  CHECK(code_of(twice) == "bad_request");
  CHECK(twice["error"]["message"] == "reason \"attitude\" is given twice");
  json r = ok(h.pad.request({{"op", "rate"},
                             {"ticket", t},
                             {"level", "very_dissatisfied"},
                             {"reasons", {"attitude", "waited_too_long"}},
                             {"phone", "13812345678"}}));
  REQUIRE(r["rating"]["followup"].is_number());
  std::int64_t id = r["rating"]["followup"];

  json alarms = ok(h.admin.request({{"op", "alarms"}}));
  bool bad_alarm = false;
  for (const auto& a : alarms["alarms"])
    if (a["kind"] == "bad_rating" && a["detail"] == t && a["window"] == 1) bad_alarm = true;
  CHECK_MESSAGE(bad_alarm, alarms.dump());

  LineClient guide(h.server.port());
  REQUIRE(guide.hello("guide", "guide-1", "test-guide-token").value("ok", false));
  json list = ok(guide.request({{"op", "followups"}}));
  REQUIRE(list["followups"].size() == 1);
  json f = list["followups"][0];
  CHECK(f["state"] == "open");
  CHECK(f["callback_due"] == "2026-12-01");
  CHECK(f["rectify_due"] == "2026-12-15");  // 15 working days on (the test hall is open every day)
  CHECK(f["phone_masked"] == "138****5678");
  CHECK(f["rating"]["reasons"] == json({"attitude", "waited_too_long"}));

  CHECK(code_of(guide.request({{"op", "followup_update"}, {"followup", id}, {"state", "closed"}, {"note", "x"}})) ==
        "invalid_state");
  // A note of spaces is no note (the web form's "required" lets spaces through); one over 500 bytes is
  // refused, not cut inside a character.
  CHECK(code_of(
            guide.request({{"op", "followup_update"}, {"followup", id}, {"state", "contacted"}, {"note", "  \n "}})) ==
        "bad_request");
  std::string long_note;
  for (int i = 0; i < 167; ++i) long_note += "联";  // 501 bytes
  json too_long =
      guide.request({{"op", "followup_update"}, {"followup", id}, {"state", "contacted"}, {"note", long_note}});
  CHECK(too_long["error"]["message"] == "\"note\" is longer than 500 bytes");
  ok(guide.request({{"op", "followup_update"}, {"followup", id}, {"state", "contacted"}, {"note", " called back "}}));
  ok(guide.request({{"op", "followup_update"}, {"followup", id}, {"state", "rectified"}, {"note", "window 2 opens"}}));
  json closed = ok(guide.request({{"op", "followup_update"}, {"followup", id}, {"state", "closed"}, {"note", "done"}}));
  CHECK(closed["followup"]["notes"].size() == 3);
  CHECK(closed["followup"]["notes"][0]["text"] == "called back");
  CHECK(closed["followup"]["phone_masked"].is_null());
  CHECK(ok(guide.request({{"op", "followups"}}))["followups"].empty());

  // The number never reached the disk in clear, and is gone once the follow-up closed.
  CHECK(h.server.terminate() == 0);
  std::string disk = read_file(h.dir.path("hall.db")) + read_file(h.dir.path("hall.db-wal"));
  CHECK(disk.find("13812345678") == std::string::npos);
  CHECK(disk.find("gcm1$") == std::string::npos);  // the sealed copy deleted with the follow-up
}

TEST_CASE("the figures of a scripted day, per clerk, and the list for the export") {
  Hall h;
  // c1 at window 1: 非常满意, 不满意 (followed up), not rated.
  std::string t1 = h.serve_one()["ticket"];
  ok(h.pad.request({{"op", "rate"}, {"ticket", t1}, {"level", "very_satisfied"}}));
  std::string t2 = h.serve_one()["ticket"];
  ok(h.pad.request({{"op", "rate"}, {"ticket", t2}, {"level", "dissatisfied"}, {"reasons", {"efficiency"}}}));
  h.serve_one();
  std::this_thread::sleep_for(5500ms);
  json fig = ok(h.admin.request({{"op", "ratings"}, {"from", "2026-11-30"}, {"by", "clerk"}}));
  CHECK(fig["from"] == "2026-11-30");
  CHECK(fig["to"] == "2026-11-30");
  REQUIRE(fig["rows"].size() == 2);
  CHECK(fig["rows"][0]["key"] == "total");
  json c1 = fig["rows"][1];
  CHECK(c1["key"] == "c1");
  CHECK(c1["offered"] == 3);
  CHECK(c1["rated"] == 2);
  CHECK(c1["participation_permille"] == 666);
  CHECK(c1["levels"] == json({0, 1, 0, 0, 1}));
  CHECK(c1["satisfaction_permille"] == 500);
  CHECK(c1["followups"] == 1);
  CHECK(c1["followups_on_time"] == 0);  // not called back yet
  CHECK(code_of(h.admin.request({{"op", "ratings"}, {"by", "mood"}})) == "bad_request");

  json list = ok(h.admin.request({{"op", "rating_list"}, {"from", "2026-11-30"}, {"to", "2026-11-30"}}));
  REQUIRE(list["ratings"].size() == 3);
  CHECK(list["ratings"][0]["level"] == "very_satisfied");
  CHECK(list["ratings"][1]["reasons"] == json({"efficiency"}));
  CHECK(list["ratings"][2]["level"].is_null());
  CHECK(code_of(h.admin.request({{"op", "rating_list"}, {"from", "2026-10-01"}, {"to", "2026-11-30"}})) ==
        "bad_request");

  // Everything survives a restart.
  h.server.restart();
  LineClient admin(h.server.port());
  REQUIRE(admin.hello("admin", "admin", "test-admin-token").value("ok", false));
  CHECK(ok(admin.request({{"op", "ratings"}, {"by", "clerk"}}))["rows"] == fig["rows"]);
  CHECK(ok(admin.request({{"op", "followups"}}))["followups"].size() == 1);
}

TEST_CASE("my_ratings gives the clerk at a caller's window their own day only, counts and nothing else") {
  Hall h;
  // c1 at window 1: 非常满意, 不满意, not rated.
  std::string t1 = h.serve_one()["ticket"];
  ok(h.pad.request({{"op", "rate"}, {"ticket", t1}, {"level", "very_satisfied"}}));
  std::string t2 = h.serve_one()["ticket"];
  ok(h.pad.request({{"op", "rate"}, {"ticket", t2}, {"level", "dissatisfied"}, {"reasons", {"efficiency"}}}));
  h.serve_one();

  // c2 at window 2: 非常不满意 and 满意, which are not c1's to see.
  LineClient clerk2(h.server.port());
  REQUIRE(clerk2.hello("caller", "caller-2", "test-caller-2-token").value("ok", false));
  CHECK(code_of(clerk2.request({{"op", "my_ratings"}, {"window", 2}})) == "forbidden");  // nobody logged in yet
  ok(clerk2.request({{"op", "login"}, {"window", 2}, {"clerk", "c2"}, {"pin", "2222"}}, 20s));
  for (std::string level : {"very_dissatisfied", "satisfied"}) {
    ok(h.admin.request({{"op", "take"}, {"service", "B"}}));
    std::string n = ok(clerk2.request({{"op", "call"}, {"window", 2}}))["ticket"]["number"];
    ok(clerk2.request({{"op", "finish"}, {"window", 2}}));
    json rate = {{"op", "rate"}, {"ticket", n}, {"level", level}};
    if (level == "very_dissatisfied") rate["reasons"] = {"attitude"};
    ok(h.other_pad.request(rate));
  }

  json mine = ok(h.clerk.request({{"op", "my_ratings"}, {"window", 1}}));
  CHECK(mine["day"] == "2026-11-30");
  CHECK(mine["clerk"] == "c1");
  CHECK(mine["offered"] == 3);
  CHECK(mine["rated"] == 2);
  CHECK(mine["participation_permille"] == 666);
  CHECK(mine["levels"] == json({0, 1, 0, 0, 1}));
  CHECK(mine["satisfaction_permille"] == 500);
  // Counts only: no ticket, no time, nothing that points at a visit.
  std::set<std::string> fields;
  for (const auto& [k, v] : mine.items()) fields.insert(k);
  CHECK(fields == std::set<std::string>{"id", "ok", "day", "clerk", "offered", "rated", "participation_permille",
                                        "levels", "satisfaction_permille"});
  CHECK(mine.dump().find(t1) == std::string::npos);

  json theirs = ok(clerk2.request({{"op", "my_ratings"}, {"window", 2}}));
  CHECK(theirs["clerk"] == "c2");
  CHECK(theirs["offered"] == 2);
  CHECK(theirs["levels"] == json({1, 0, 0, 1, 0}));
  CHECK(theirs["satisfaction_permille"] == 500);
  CHECK(ok(h.admin.request({{"op", "ratings"}}))["rows"][0]["offered"] == 5);  // the hall's, for comparison

  // A caller asks about its own window only; displays, guides and kiosks not at all.
  CHECK(code_of(h.clerk.request({{"op", "my_ratings"}, {"window", 2}})) == "forbidden");
  CHECK(code_of(h.pad.request({{"op", "my_ratings"}, {"window", 1}})) == "forbidden");
  LineClient guide(h.server.port()), kiosk(h.server.port());
  REQUIRE(guide.hello("guide", "guide-1", "test-guide-token").value("ok", false));
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token").value("ok", false));
  CHECK(code_of(guide.request({{"op", "my_ratings"}, {"window", 1}})) == "forbidden");
  CHECK(code_of(kiosk.request({{"op", "my_ratings"}, {"window", 1}})) == "forbidden");
  CHECK(code_of(h.clerk.request({{"op", "my_ratings"}, {"window", 9}})) == "not_found");
  CHECK(code_of(h.clerk.request({{"op", "my_ratings"}})) == "bad_request");

  // Logged out, the window has no clerk: refused. The figures follow the clerk, not the window.
  ok(h.clerk.request({{"op", "logout"}, {"window", 1}}));
  CHECK(code_of(h.clerk.request({{"op", "my_ratings"}, {"window", 1}})) == "forbidden");
  LineClient roaming(h.server.port());
  REQUIRE(roaming.hello("caller", "caller-any", "test-caller-any-token").value("ok", false));
  ok(roaming.request({{"op", "login"}, {"window", 3}, {"clerk", "c1"}, {"pin", "1111"}}, 20s));
  json moved = ok(roaming.request({{"op", "my_ratings"}, {"window", 3}}));
  CHECK(moved["clerk"] == "c1");
  CHECK(moved["offered"] == 3);
  CHECK(moved["levels"] == mine["levels"]);
}

TEST_CASE("the ticket's token rates its visit by phone once, a made-up token names nobody") {
  Hall h;
  json taken = ok(h.admin.request({{"op", "take"}, {"service", "A"}}));
  REQUIRE(taken["ticket"]["token"].is_string());
  std::string token = taken["ticket"]["token"], number = taken["ticket"]["number"];
  CHECK(token.rfind("20261130-" + number + "-", 0) == 0);
  // Only the reply to the take carries it: a status asked by anyone does not.
  CHECK(ok(h.admin.request({{"op", "status"}, {"number", number}}))["ticket"].value("token", json()).is_null());
  // Not finished yet: nothing to rate.
  CHECK(code_of(h.admin.request({{"op", "rate_phone"}, {"token", token}, {"level", "satisfied"}})) == "not_found");
  ok(h.clerk.request({{"op", "call"}, {"window", 1}}));
  ok(h.clerk.request({{"op", "finish"}, {"window", 1}}));

  std::string forged = token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  CHECK(code_of(h.admin.request({{"op", "rate_phone"}, {"token", forged}, {"level", "satisfied"}})) == "not_found");
  CHECK(code_of(h.admin.request({{"op", "rate_phone"}, {"token", number}, {"level", "satisfied"}})) == "not_found");
  LineClient kiosk(h.server.port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token").value("ok", false));
  CHECK(code_of(kiosk.request({{"op", "rate_phone"}, {"token", token}, {"level", "satisfied"}})) == "forbidden");

  json r = ok(h.admin.request({{"op", "rate_phone"},
                               {"token", token},
                               {"level", "dissatisfied"},
                               {"reasons", {"waited_too_long"}},
                               {"phone", "13812345678"}}));
  CHECK(r["rating"]["ticket"] == number);
  CHECK(r["rating"]["channel"] == "phone");
  CHECK(r["rating"]["level"] == "dissatisfied");
  REQUIRE(r["rating"]["followup"].is_number());
  CHECK(code_of(h.admin.request({{"op", "rate_phone"}, {"token", token}, {"level", "very_satisfied"}})) ==
        "invalid_state");
  // The pad of its window cannot rate it any more either.
  CHECK(code_of(h.pad.request({{"op", "rate"}, {"ticket", number}, {"level", "very_satisfied"}})) == "invalid_state");
}

TEST_CASE("a reason the translation files have no words for stops the start, naming it") {
  // It passed, and the citizen's page then showed "⟨rating.reasons.smell⟩".
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) +
                                                  "\n[ratings]\nreasons = [\"attitude\", \"smell\"]\n");
  RunResult r = run({bin("hallq-server"), "--config", config, "--db", dir.path("hall.db"), "--listen", "127.0.0.1:0",
                     "--assets", source_path("assets")});
  CHECK(r.exit_code == 2);
  CHECK_MESSAGE(has(r.err, "ratings.reasons: \"smell\" has no words in"), r.err);
  CHECK_MESSAGE(has(r.err, "rating.reasons.smell"), r.err);
  CHECK_FALSE(std::ifstream(dir.path("hall.db")).good());  // refused before the database was made
}
