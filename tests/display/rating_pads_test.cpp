// A window's two rating pads (its own screen and a separate pad) against a real server: a visit rated
// on one leaves the other, and a declined visit stays declined across a reconnect.
#include <doctest/doctest.h>

#include <SDL.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "display/display_app.hpp"
#include "tests/display/board_hall.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// The test hall with window 1's screen (screen-1) and a separate pad (pad-1), both bound to window 1.
std::string two_pads_config(TempDir& dir) {
  return dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) +
                                    "\n[[device]]\nid = \"screen-1\"\nrole = \"display\"\n"
                                    "token = \"test-screen-1-token\"\nwindow = 1\n"
                                    "\n[[device]]\nid = \"pad-1\"\nrole = \"display\"\n"
                                    "token = \"test-pad-1-token\"\nwindow = 1\n");
}

// Window 1 serves the next A ticket and finishes it: offered for rating. Its number.
std::string finish_visit(LineClient& admin) {
  REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
  REQUIRE(admin.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}})["ok"] == true);
  auto called = admin.request({{"op", "call"}, {"window", 1}});
  REQUIRE(called["ok"] == true);
  REQUIRE(admin.request({{"op", "finish"}, {"window", 1}})["ok"] == true);
  return called["ticket"]["number"];
}

display::Options screen_1(const std::string& address, bool rating_events) {
  display::Options o = board_options(address);
  o.mode = display::Mode::window;
  o.window = 1;
  o.client.device = "screen-1";
  o.client.token = "test-screen-1-token";
  o.client.max_backoff = std::chrono::milliseconds(500);
  o.client.topics = {protocol::Topic::calls, protocol::Topic::windows};
  if (rating_events) o.client.topics.push_back(protocol::Topic::ratings);
  return o;
}

}  // namespace

TEST_CASE("a visit rated on the window's other pad: this one leaves its levels, or says it was already rated") {
  TempDir dir;
  ServerProcess server{two_pads_config(dir), dir.path("hall.db")};
  // With the ratings topic the server's word arrives: the page goes at once. Without it (as from a
  // server before that word), a tap is refused as already rated, and the page says that.
  for (bool events : {true, false}) {
    CAPTURE(events);
    // New connections each time: OCR on a loaded machine may outlast the hall's idle_timeout_s.
    LineClient admin{server.port()}, pad{server.port()};
    hello_admin(admin);
    REQUIRE(pad.hello("display", "pad-1", "test-pad-1-token")["ok"] == true);
    const std::string visit = finish_visit(admin);
    boost::asio::io_context ctx;
    display::DisplayApp app(ctx, screen_1(server.address(), events));
    ScreenHarness screen(ctx, app, 1280, 800);
    REQUIRE(screen.step_until([&] { return app.live() && screen.has_button("level.very_satisfied"); }, 10s));
    auto rated = pad.request({{"op", "rate"}, {"ticket", visit}, {"level", "satisfied"}});
    REQUIRE_MESSAGE(rated["ok"] == true, rated.dump());
    if (!events) {
      screen.step(3);
      REQUIRE(screen.has_button("level.very_satisfied"));  // nobody told this pad
      screen.click("level.very_satisfied");
    }
    REQUIRE(screen.step_until([&] { return app.pad()->page() == display::RatingPad::Page::failed; }));
    screen.step(2);
    CHECK_FALSE(screen.has_button("level.very_satisfied"));
    std::string png = dir.path(std::string("rated-") + (events ? "pushed" : "tapped") + ".png");
    screen.screenshot(png);
    std::string text = ocr(png, 0, 0, 100, 100, 11);
    INFO("text: " << text);
    CHECK(has(text, "已评价"));
    CHECK_FALSE(has(text, "时间已过"));
    // Then back to the window's view.
    CHECK(screen.step_until([&] { return app.pad()->page() == display::RatingPad::Page::none; }, 8s));
  }
}

TEST_CASE("a visit declined with 不评价 stays declined when the pad reconnects within the offer's time") {
  TempDir dir;
  ServerProcess server{two_pads_config(dir), dir.path("hall.db")};
  LineClient admin{server.port()};
  hello_admin(admin);
  finish_visit(admin);
  boost::asio::io_context ctx;
  display::DisplayApp app(ctx, screen_1(server.address(), true));
  ScreenHarness screen(ctx, app, 1280, 800);
  REQUIRE(screen.step_until([&] { return app.live() && screen.has_button("level.very_satisfied"); }, 10s));
  screen.click("skip");
  REQUIRE(screen.step_until([&] { return !screen.has_button("level.very_satisfied"); }));
  // The network goes (here: the server, back at once with the offer in its snapshot).
  server.kill9();
  REQUIRE(screen.step_until([&] { return !app.live(); }));
  server.restart();
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  REQUIRE(app.state().rating_offer(1) != nullptr);  // still offered, and not rated
  screen.step_until([] { return false; }, 1s);
  CHECK_FALSE(screen.has_button("level.very_satisfied"));
  CHECK(app.pad()->page() == display::RatingPad::Page::none);
}
