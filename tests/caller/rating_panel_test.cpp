// The caller's 好差评 strip against the real server: the clerk finishes
// visits at the caller, the window's pad rates them over the wire, and the
// strip shows the clerk's own day — in the app's state and on the screen, read
// back by tesseract — with another clerk's ratings left out.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "caller/caller_app.hpp"
#include "core/config/i18n.hpp"
#include "core/net/endpoint.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;
using json = nlohmann::json;

namespace {

constexpr int kW = 1280, kH = 800;

// The test hall with pads at windows 1 and 2 and a caller at window 2.
struct RatingDesk {
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) +
                                                  "\n[[device]]\nid = \"pad-1\"\nrole = \"display\"\n"
                                                  "token = \"test-pad-1-token\"\nwindow = 1\n"
                                                  "\n[[device]]\nid = \"pad-2\"\nrole = \"display\"\n"
                                                  "token = \"test-pad-2-token\"\nwindow = 2\n"
                                                  "\n[[device]]\nid = \"caller-2\"\nrole = \"caller\"\n"
                                                  "token = \"test-caller-2-token\"\nwindow = 2\n");
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00"}};
  LineClient admin{server.port()}, pad{server.port()}, pad2{server.port()}, clerk2{server.port()};
  boost::asio::io_context ctx;
  std::unique_ptr<caller::CallerApp> app;
  std::unique_ptr<ScreenHarness> screen;
  config::Translations tr;

  explicit RatingDesk(const std::string& lang = "zh")
      : tr(config::Translations::load(source_path("assets/i18n"), lang)) {
    REQUIRE(admin.hello("admin", "admin", "test-admin-token").value("ok", false));
    REQUIRE(pad.hello("display", "pad-1", "test-pad-1-token").value("ok", false));
    REQUIRE(pad2.hello("display", "pad-2", "test-pad-2-token").value("ok", false));
    REQUIRE(clerk2.hello("caller", "caller-2", "test-caller-2-token").value("ok", false));
    caller::Options o;
    o.client.server = *net::parse_host_port(server.address(), 0);
    o.client.role = protocol::Role::caller;
    o.client.device = "caller-1";
    o.client.token = "test-caller-1-token";
    o.lang = lang;
    o.repeat_guard_s = 0.05;
    o.assets = source_path("assets");
    app = std::make_unique<caller::CallerApp>(ctx, o);
    screen = std::make_unique<ScreenHarness>(ctx, *app, kW, kH);
    REQUIRE(screen->step_until([&] { return app->live(); }));
  }
  void tap(const std::string& id) {
    SDL_Delay(60);  // past the repeat guard
    screen->click(id);
    REQUIRE(screen->step_until([&] { return !app->busy(); }));
    screen->step(3);
  }
  void login(const std::string& clerk, const std::string& pin) {
    REQUIRE(screen->step_until([&] { return screen->has_button("clerk." + clerk); }));
    tap("clerk." + clerk);
    for (char k : pin) tap(std::string("pin.") + k);
    tap("pin." + tr.get("caller.ok"));
    REQUIRE(screen->step_until([&] { return screen->has_button("call_next"); }));
  }
  // A citizen served at the caller (call next, finish), then rated on the pad
  // (no level: left unrated).
  void visit(const char* level = nullptr, const char* reason = nullptr) {
    REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
    tap("call_next");
    REQUIRE(app->current());
    std::string number = app->current()->number;
    tap("finish");
    if (!level) return;
    json rate = {{"op", "rate"}, {"ticket", number}, {"level", level}};
    if (reason) rate["reasons"] = {reason};
    json reply = pad.request(rate);
    REQUIRE_MESSAGE(reply.value("ok", false), reply.dump());
  }
  // Steps until the strip shows these figures (they are pushed: nothing is tapped meanwhile).
  bool shows(int offered, int rated) {
    return screen->step_until([&] {
      const auto& f = app->ratings().figures();
      return f && f->offered == offered && f->rated == rated;
    });
  }
  // Tesseract's reading of a rectangle of the screenshot, cut out exactly
  // (one line: psm 7 reads a short word that a block would miss).
  std::string read(const std::string& png, ui::Rect r, int psm = 7) {
    std::string part = png + "." + std::to_string(r.x) + "." + std::to_string(r.y) + ".png";
    std::string crop = "convert " + png + " -crop " + std::to_string(r.w) + "x" + std::to_string(r.h) + "+" +
                       std::to_string(r.x) + "+" + std::to_string(r.y) + " +repage " + part;
    REQUIRE(std::system(crop.c_str()) == 0);
    return ocr(part, 0, 0, 100, 100, psm);
  }
};

}  // namespace

TEST_CASE("the caller's rating strip shows the clerk's own day by level, pushed, and read back by OCR") {
  RatingDesk desk;
  desk.login("c1", "1111");
  REQUIRE(desk.shows(0, 0));
  CHECK(desk.app->ratings().figures()->clerk == "c1");

  // Another clerk's bad rating at window 2 is none of c1's business.
  REQUIRE(desk.clerk2.request({{"op", "login"}, {"window", 2}, {"clerk", "c2"}, {"pin", "2222"}})["ok"] == true);
  REQUIRE(desk.admin.request({{"op", "take"}, {"service", "B"}})["ok"] == true);
  std::string b = desk.clerk2.request({{"op", "call"}, {"window", 2}})["ticket"]["number"];
  REQUIRE(desk.clerk2.request({{"op", "finish"}, {"window", 2}})["ok"] == true);
  REQUIRE(desk.pad2.request(
              {{"op", "rate"}, {"ticket", b}, {"level", "very_dissatisfied"}, {"reasons", {"attitude"}}})["ok"] ==
          true);
  desk.screen->step_until([] { return false; }, std::chrono::milliseconds(1500));  // the strip asks again
  CHECK(desk.app->ratings().figures()->offered == 0);

  // c1: 非常满意 twice, 满意, 不满意, and one visit left unrated.
  desk.visit("very_satisfied");
  desk.visit("satisfied");
  desk.visit("very_satisfied");
  desk.visit("dissatisfied", "waited_too_long");
  desk.visit();
  REQUIRE(desk.shows(5, 4));
  const auto& f = *desk.app->ratings().figures();
  CHECK(f.levels == std::vector<int>{0, 1, 0, 1, 2});
  CHECK(f.satisfaction_permille == 750);
  CHECK(f.participation_permille == 800);

  TempDir shots;
  std::string png = shots.path("caller-ratings.png");
  desk.screen->screenshot(png);
  auto& panel = desk.app->ratings();
  std::string summary = desk.read(png, panel.summary(), 6);
  INFO("summary: " << summary);
  CHECK(has(summary, "今日好差评"));
  CHECK(has(summary, "4/5"));
  CHECK(has(summary, "75%"));
  // Each level's words over its count (c2's 非常不满意 is not counted).
  const std::pair<const char*, const char*> shown[] = {
      {"非常不满意", "0"}, {"不满意", "1"}, {"基本满意", "0"}, {"满意", "1"}, {"非常满意", "2"}};
  for (int level = 1; level <= 5; ++level) {
    auto [words, count] = shown[level - 1];
    std::string w = desk.read(png, panel.level_words(level)), n = desk.read(png, panel.level_count(level));
    INFO("level " << level << ": " << w << " over " << n);
    CHECK(has(w, words));
    CHECK(has(n, count));
  }

  // The next clerk at this caller never sees c1's figures: c2's own, from window 2.
  REQUIRE(desk.clerk2.request({{"op", "logout"}, {"window", 2}})["ok"] == true);
  desk.tap("logout");
  CHECK_FALSE(desk.app->ratings().figures());
  desk.login("c2", "2222");
  REQUIRE(desk.shows(1, 1));
  CHECK(desk.app->ratings().figures()->clerk == "c2");
  CHECK(desk.app->ratings().figures()->levels == std::vector<int>{1, 0, 0, 0, 0});
}

TEST_CASE("the rating strip speaks the caller's language: English level words from the translations") {
  RatingDesk desk("en");
  desk.login("c1", "1111");
  desk.visit("very_satisfied");
  REQUIRE(desk.shows(1, 1));
  TempDir shots;
  std::string png = shots.path("caller-ratings-en.png");
  desk.screen->screenshot(png);
  auto& panel = desk.app->ratings();
  std::string words = desk.read(png, panel.level_words(5)), count = desk.read(png, panel.level_count(5));
  INFO("level 5: " << words << " over " << count);
  CHECK(has(words, "Verysatisfied"));
  CHECK(has(count, "1"));
  std::string summary = desk.read(png, panel.summary(), 6);
  INFO("summary: " << summary);
  CHECK(has(summary, "Rated1of1"));
  CHECK(has(summary, "100%"));
}
