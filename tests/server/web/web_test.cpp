// The web listener of the real hallq-server over loopback (--web-listen
// 127.0.0.1:0), asked as a phone asks: a visit's page reached only by its
// token, live over server-sent events, the one-time rating page, three
// languages, the security headers, and the HTTP limits.
#include "tests/server/web/web_fixture.hpp"

#include <memory>
#include <thread>
#include <vector>

using namespace hallq::test;
using namespace hallq::test::web;

TEST_CASE("a visit's page is reached by its token alone: number, service, people ahead, wait") {
  Web w;
  auto [a1, t1] = w.take();
  auto [a2, t2] = w.take();
  CHECK(t2.rfind("20261130-" + a2 + "-", 0) == 0);

  HttpReply page = w.get("/v/" + t2);
  REQUIRE(page.status == 200);
  CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(page.header("Cache-Control") == "no-store");
  check_security_headers(page);
  CHECK(has(page.body, "<html lang=\"zh-Hans\">"));
  CHECK(has(page.body, "id=\"number\">" + a2 + "<"));
  CHECK(has(page.body, "data-ahead=\"1\""));
  CHECK(has(page.body, "前面还有 1 人"));
  CHECK(has(w.get("/v/" + t2 + "?lang=en").body, "1 person ahead of you"));  // not "1 people"
  CHECK(has(page.body, "企业开办"));                                         // service A's name
  CHECK(has(page.body, "/static/visit.js"));
  CHECK_FALSE(has(page.body, "<script>"));  // no inline script: the CSP would refuse it

  // Never by number, never with a token that is not the hall's: 404, saying what to do.
  for (std::string target :
       {"/v/" + a2, "/v/20261130-" + a2 + "-00000000000000000000",
        "/v/" + t2.substr(0, t2.size() - 1) + (t2.back() == '0' ? "1" : "0"), "/t/" + a2, "/v/" + t2 + "/nothing"}) {
    CAPTURE(target);
    HttpReply r = w.get(target);
    CHECK(r.status == 404);
    check_security_headers(r);
  }
  CHECK(has(w.get("/v/" + a2).body, "请扫描号票或回执上的二维码"));
  // Any other address nobody serves says the same in the reader's language, not a line of English.
  for (std::string target : {"/t/" + a2, std::string("/static/nothing.js"), std::string("/nothing/at/all")}) {
    CAPTURE(target);
    HttpReply r = w.get(target + "?lang=mn");
    CHECK(r.status == 404);
    CHECK(has(r.body, "<html lang=\"mn"));
    CHECK_FALSE(has(r.body, "not found"));
  }
  CHECK(has(w.get("/t/" + a2 + "?lang=en").body, "<html lang=\"en"));
}

TEST_CASE("the visit's events push people ahead, then the call to its window, then the rating link") {
  Web w;
  w.take();
  auto [a2, t2] = w.take();
  EventReader events(w.web, "/v/" + t2 + "/events");
  REQUIRE(events.status() == 200);
  auto first = events.next();
  REQUIRE(first);
  CHECK(has(*first, "data-ahead=\"1\""));

  w.call();  // A001 to window 1: one fewer ahead of A002
  auto next = events.next();
  REQUIRE(next);
  CHECK(has(*next, "data-ahead=\"0\""));
  CHECK(has(*next, "您是下一位"));

  w.finish();
  w.call();  // A002's turn
  std::optional<std::string> turn;
  while ((turn = events.next()) && !has(*turn, "data-state=\"called\"")) {
  }
  REQUIRE(turn);
  CHECK(has(*turn, "data-window=\"1\""));
  CHECK(has(*turn, "轮到您了"));

  w.finish();
  std::optional<std::string> done;
  while ((done = events.next()) && !has(*done, "id=\"rate\"")) {
  }
  REQUIRE_MESSAGE(done, "no rating link after the finish");
  CHECK(has(*done, "data-state=\"done\""));
  CHECK(has(*done, "/v/" + t2 + "/rate"));
}

TEST_CASE("a no-show's page keeps listening: a guide puts it back in the queue and the phone sees it wait") {
  Web w;
  auto [a1, t1] = w.take();
  w.call();
  ok(w.clerk.request({{"op", "no_show"}, {"window", 1}}));
  // Opened after the no-show: still live (the script and the link to look again), not an ended page.
  HttpReply missed = w.get("/v/" + t1);
  CHECK(has(missed.body, "data-state=\"no_show\""));
  CHECK(has(missed.body, "id=\"live\""));
  CHECK(has(missed.body, "/static/visit.js"));
  EventReader events(w.web, "/v/" + t1 + "/events");
  REQUIRE(events.status() == 200);
  auto first = events.next();
  REQUIRE(first);
  CHECK(has(*first, "data-state=\"no_show\""));
  ok(w.admin.request({{"op", "requeue"}, {"number", a1}}));
  std::optional<std::string> again;
  while ((again = events.next()) && !has(*again, "data-state=\"waiting\"")) {
  }
  REQUIRE_MESSAGE(again, "the requeued ticket was not pushed as waiting");
  CHECK(has(*again, "id=\"ahead\""));
  // The script ends the stream only for what can never change again.
  std::string script = w.get("/static/visit.js").body;
  CHECK(has(script, "var ended = ['done', 'cancelled', 'past'];"));
  // Done is the end: no live link.
  w.call();
  w.finish();
  CHECK_FALSE(has(w.get("/v/" + t1).body, "id=\"live\""));
}

// A refresh goes through the streams a slice at a time (CitizenPages::kSlice, 8), each slice a handler
// of its own on the event loop: more phones than two slices, some gone mid-way, and calls back to back
// (a refresh asked for while a pass is under way) — every phone still open sees every call.
TEST_CASE("many phones' streams each see every call, however the refresh is cut into slices") {
  Web w;
  constexpr int kPhones = 75;
  std::vector<std::unique_ptr<EventReader>> phones;
  for (int i = 0; i < kPhones; ++i) {
    auto [number, token] = w.take();
    phones.push_back(std::make_unique<EventReader>(w.web, "/v/" + token + "/events"));
    REQUIRE(phones.back()->status() == 200);
    auto first = phones.back()->next();
    REQUIRE(first);
    CHECK(has(*first, "data-ahead=\"" + std::to_string(i) + "\""));
  }
  for (int i = 5; i < kPhones; i += 10) phones[static_cast<std::size_t>(i)].reset();  // these phones went away

  // Three calls at once: the refreshes they cause overlap or merge; each phone ends three fewer ahead,
  // the first three called in turn (and the first two done by the next call).
  w.call();
  w.call();
  w.call();
  for (int i = 0; i < kPhones; ++i) {
    auto& phone = phones[static_cast<std::size_t>(i)];
    if (!phone) continue;
    CAPTURE(i);
    std::string want = i < 2    ? "data-state=\"done\""
                       : i == 2 ? "data-state=\"called\""
                                : "data-ahead=\"" + std::to_string(i - 3) + "\"";
    std::optional<std::string> event;
    while ((event = phone->next(std::chrono::seconds(5))) && !has(*event, want)) {
    }
    CHECK_MESSAGE(event, "phone " << i << " never saw " << want);
  }
}

TEST_CASE("the phone's rating page rates the visit once, bad ratings with their reasons and call-back number") {
  Web w;
  auto [a1, t1] = w.take("en");
  // Not finished yet: nothing to rate.
  CHECK(w.get("/v/" + t1 + "/rate").status == 404);
  w.call();
  w.finish();

  HttpReply form = w.get("/v/" + t1 + "/rate");
  REQUIRE(form.status == 200);
  CHECK(has(form.body, "<html lang=\"en\">"));  // the language chosen at the kiosk
  CHECK(has(form.body, "Very dissatisfied"));
  CHECK(has(form.body, "value=\"waited_too_long\""));
  check_security_headers(form);

  // No level chosen, a number that is not one: the form again, saying why; nothing rated.
  HttpReply none = w.post("/v/" + t1 + "/rate", "reason=attitude");
  CHECK(has(none.body, "id=\"error\""));
  CHECK(has(none.body, "Please choose one of the five ratings."));
  HttpReply bad_phone = w.post("/v/" + t1 + "/rate", "level=very_dissatisfied&reason=attitude&callback=yes&phone=12ab");
  CHECK(has(bad_phone.body, "The mobile number must be 7 to 15 digits."));
  // Consent to a call-back without a number: the number is asked for, what was chosen kept; nothing rated.
  HttpReply no_phone = w.post("/v/" + t1 + "/rate", "level=very_dissatisfied&reason=attitude&callback=yes&phone=");
  CHECK(no_phone.status == 400);
  CHECK(has(no_phone.body, "You agreed to be called back: please leave your mobile number"));
  CHECK(has(no_phone.body, "value=\"very_dissatisfied\" required checked"));
  CHECK(has(no_phone.body, "value=\"attitude\" checked"));
  CHECK(has(no_phone.body, "name=\"callback\" value=\"yes\" checked"));
  CHECK(ok(w.admin.request({{"op", "followups"}}))["followups"].empty());

  HttpReply rated =
      w.post("/v/" + t1 + "/rate?lang=zh",
             "level=very_dissatisfied&reason=attitude&reason=waited_too_long&callback=yes&phone=13812345678");
  REQUIRE(rated.status == 200);
  CHECK(has(rated.body, "感谢您的评价"));
  json f = ok(w.admin.request({{"op", "followups"}}))["followups"];
  REQUIRE(f.size() == 1);
  CHECK(f[0]["rating"]["ticket"] == a1);
  CHECK(f[0]["rating"]["channel"] == "phone");
  CHECK(f[0]["rating"]["level"] == "very_dissatisfied");
  CHECK(f[0]["rating"]["reasons"] == json::array({"attitude", "waited_too_long"}));
  CHECK(f[0]["phone_masked"] == "138****5678");

  // Once only: the page says it is rated, with no form to fill in for nothing; a second post is refused.
  HttpReply shown = w.get("/v/" + t1 + "/rate");
  CHECK(shown.status == 200);
  CHECK(has(shown.body, "id=\"rated\""));
  CHECK(has(shown.body, "You have rated this visit. Thank you!"));
  CHECK_FALSE(has(shown.body, "id=\"submit\""));
  CHECK_FALSE(has(shown.body, "<form"));
  HttpReply again = w.post("/v/" + t1 + "/rate", "level=very_satisfied");
  CHECK(again.status == 409);
  CHECK(has(again.body, "id=\"rated\""));
  CHECK(ok(w.admin.request({{"op", "followups"}}))["followups"].size() == 1);
  CHECK(has(w.get("/v/" + t1).body, "You have rated this visit."));
}

TEST_CASE("the pages speak Chinese, Mongolian (vertical, shaped by the browser's font) or English") {
  Web w;
  auto [a1, t1] = w.take("mn");
  HttpReply mn = w.get("/v/" + t1);  // chosen at the kiosk
  CHECK(has(mn.body, "<html lang=\"mn-Mong\">"));
  CHECK(has(mn.body, "class=\"lang-mn\""));
  CHECK(has(mn.body, "ᠲᠠ ᠳᠠᠷᠠᠭ\u180eᠠ\u202fᠶᠢᠨ ᠬᠦᠮᠦᠨ"));  // "you are next", from mn.json
  HttpReply zh = w.get("/v/" + t1 + "?lang=zh");
  CHECK(has(zh.body, "<html lang=\"zh-Hans\">"));
  HttpReply en = w.get("/v/" + t1 + "?lang=en");
  CHECK(has(en.body, "You are next"));
  // The home page follows the phone's own language.
  CHECK(has(w.get("/", {{"Accept-Language", "mn-MN,mn;q=0.9,zh;q=0.5"}}).body, "<html lang=\"mn-Mong\">"));
  CHECK(has(w.get("/", {{"Accept-Language", "en-GB,en;q=0.9"}}).body, "<html lang=\"en\">"));
  CHECK(has(w.get("/").body, "<html lang=\"zh-Hans\">"));

  // The style sheet writes Mongolian vertically, in the font the server itself serves.
  HttpReply css = w.get("/static/hallq.css");
  REQUIRE(css.status == 200);
  CHECK(has(css.body, "writing-mode: vertical-lr"));
  CHECK(has(css.body, "/fonts/NotoSansMongolian-Regular.ttf"));
  HttpReply font = w.get("/fonts/NotoSansMongolian-Regular.ttf");
  REQUIRE(font.status == 200);
  CHECK(font.header("Content-Type") == "font/ttf");
  CHECK(font.body.size() > 100000);
  CHECK(font.body.compare(0, 4, std::string("\0\1\0\0", 4)) == 0);  // a TrueType file
}

TEST_CASE("the web listener refuses what is too large or malformed, in words, and goes on") {
  Web w;
  auto [a1, t1] = w.take();
  HttpReply big_header = w.get("/v/" + t1, {{"X-Filler", std::string(9000, 'a')}});
  CHECK(big_header.status == 431);
  HttpReply big_body = w.post("/v/" + t1 + "/rate", std::string(64 << 10, 'a'));  // max_body_kib = 16
  CHECK(big_body.status == 413);
  HttpReply garbled = http_raw(w.web, "GET /v/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(garbled.status == 400);
  HttpReply not_http = http_raw(w.web, "HELLO\r\n\r\n");
  CHECK(not_http.status == 400);
  CHECK(w.post("/v/" + t1, "a=b").status == 405);
  // Still serving.
  CHECK(w.get("/v/" + t1).status == 200);
}

// ---- the staff console ---------------------------------------------------------------------

TEST_CASE("a training hall's pages say so first: the visit, the home page, the staff log-in, in each language") {
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")));
  ServerProcess server(config, dir.path("training.db"),
                       {"--training", "--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"});
  LineClient admin(server.port());
  REQUIRE(admin.hello("admin", "admin", "test-admin-token").value("ok", false));
  std::string token = ok(admin.request({{"op", "take"}, {"service", "A"}}))["ticket"]["token"];
  const std::map<std::string, std::string> words = {{"zh", "培训大厅 · 不办理真实业务"},
                                                    {"en", "TRAINING hall — no real business is done here"}};
  for (const std::string& page :
       std::vector<std::string>{"/v/" + token, "/", "/staff/login", "/v/" + token + "/rate"}) {
    for (const auto& [lang, banner] : words) {
      CAPTURE(page);
      CAPTURE(lang);
      HttpReply r = http_get(server.web_address(), page + "?lang=" + lang);
      CHECK(has(r.body, "<p class=\"training-banner\" id=\"training\" role=\"note\">" + banner + "</p>"));
      CHECK(r.body.find("id=\"training\"") < r.body.find("<main"));  // before anything else the page says
      CHECK(has(r.body, " training\">"));                            // the body's class: the amber frame
    }
  }
  HttpReply mn = http_get(server.web_address(), "/?lang=mn");
  CHECK(has(mn.body, "ᠰᠤᠷᠭᠠᠯᠲᠠ"));
  // A real hall's pages have no banner.
  Web real;
  auto [number, real_token] = real.take();
  CHECK_FALSE(has(real.get("/v/" + real_token).body, "id=\"training\""));
  CHECK_FALSE(has(real.get("/").body, "id=\"training\""));
}
