// The hall board's voice against a real server: what it says, in what order, after a reconnect, and
// what it says when it cannot speak.
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

TEST_CASE("a training hall's board announces every call as training first, a real hall's does not") {
  for (bool training : {true, false}) {
    CAPTURE(training);
    TempDir dir;
    std::vector<std::string> args;
    if (training) args.push_back("--training");
    ServerProcess server{source_path("tests/data/hall.toml"), dir.path("hall.db"), args};
    setenv("SDL_AUDIODRIVER", "dummy", 1);  // announcements are queued and recorded, never heard
    boost::asio::io_context ctx;
    display::Options o = speaking_board_options(server.address());
    display::DisplayApp app(ctx, o);
    ScreenHarness screen(ctx, app, 1280, 720);
    REQUIRE(screen.step_until([&] { return app.live(); }));
    REQUIRE(app.announcer() != nullptr);
    LineClient admin(server.port());
    hello_admin(admin);
    REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
    REQUIRE(admin.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}})["ok"] == true);
    REQUIRE(admin.request({{"op", "call"}, {"window", 1}})["ticket"]["number"] == "A001");
    REQUIRE(screen.step_until([&] { return !app.announcer()->played().empty(); }));
    std::string said = app.announcer()->played().front();
    INFO(said);
    CHECK(said.rfind(training ? "zh: training please A 0 0 1" : "zh: please A 0 0 1", 0) == 0);
  }
  SDL_QuitSubSystem(SDL_INIT_AUDIO);  // the next test opens audio with a driver of its own
  unsetenv("SDL_AUDIODRIVER");
}

TEST_CASE("calls made while the board was away are announced after the resync, oldest first, once each") {
  BoardHall hall;  // A001 called at window 1 before the board starts: shown, not announced
  TempDir audio;
  setenv("SDL_AUDIODRIVER", "disk", 1);  // played at once, into a file
  setenv("SDL_DISKAUDIOFILE", audio.path("audio.raw").c_str(), 1);
  setenv("SDL_DISKAUDIODELAY", "0", 1);
  boost::asio::io_context ctx;
  display::Options o = speaking_board_options(hall.server.address());
  o.client.max_backoff = std::chrono::milliseconds(500);
  {
    display::DisplayApp app(ctx, o);
    ScreenHarness screen(ctx, app, 1280, 720);
    REQUIRE(screen.step_until([&] { return app.live(); }));
    REQUIRE(app.announcer() != nullptr);
    // The numbers said, in order, each once however often it was repeated.
    auto said = [&] {
      std::vector<std::string> numbers;
      for (const auto& line : app.announcer()->played()) {
        auto from = line.find("please "), to = line.find(" number_to");
        std::string n = line.substr(from + 7, to - from - 7);
        std::erase(n, ' ');
        if (numbers.empty() || numbers.back() != n) numbers.push_back(n);
      }
      return numbers;
    };
    REQUIRE(hall.admin.request({{"op", "login"}, {"window", 3}, {"clerk", "c3"}, {"pin", "3333"}})["ok"] == true);
    REQUIRE(hall.admin.request({{"op", "call"}, {"window", 3}})["ticket"]["number"] == "A002");
    screen.step_until([&] { return !app.announcer()->busy() && said().size() == 1; }, 15s);
    REQUIRE(said() == std::vector<std::string>{"A002"});

    hall.server.kill9();
    REQUIRE(screen.step_until([&] { return !app.live(); }));
    hall.server.restart();
    // While the board is away (not stepped, it has not come back yet): window 1 calls its next
    // citizen, window 3 too, and window 1 recalls its own.
    LineClient admin(hall.server.port());
    hello_admin(admin);
    REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
    REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
    REQUIRE(admin.request({{"op", "finish"}, {"window", 1}})["ok"] == true);
    auto first = admin.request({{"op", "call"}, {"window", 1}});
    REQUIRE(first["ok"] == true);
    REQUIRE(admin.request({{"op", "finish"}, {"window", 3}})["ok"] == true);
    auto second = admin.request({{"op", "call"}, {"window", 3}});
    REQUIRE(second["ok"] == true);
    REQUIRE(admin.request({{"op", "recall"}, {"window", 1}})["ok"] == true);
    const std::string x = first["ticket"]["number"], y = second["ticket"]["number"];

    REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
    CHECK(app.state().snapshot().recent_calls.front().number == x);  // shown: the recall is the newest
    REQUIRE(screen.step_until([&] { return !app.announcer()->busy(); }, 20s));
    // Said: window 3's call, then window 1's recalled one (its newest time), once each; not
    // A001 or A002 again, which the board had heard.
    CHECK(said() == std::vector<std::string>{"A002", y, x});
  }
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
  unsetenv("SDL_AUDIODRIVER");
}

TEST_CASE("a board that cannot speak says why at start, which clips are missing where, and logs each call") {
  if (std::filesystem::exists("/dev/snd")) return;  // a machine with sound: SDL finds its card
  BoardHall hall;
  LineClient admin(hall.server.port());
  hello_admin(admin);
  for (int i = 0; i < 8; ++i) REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
  // Window 1 calls its next citizen every second and a half while the board runs.
  std::atomic<bool> stop{false};
  std::vector<std::string> called;
  std::thread clerk([&] {
    while (!stop) {
      std::this_thread::sleep_for(1500ms);
      admin.request({{"op", "finish"}, {"window", 1}});
      auto r = admin.request({{"op", "call"}, {"window", 1}});
      if (r["ok"] == true) called.push_back(r["ticket"]["number"]);
    }
  });
  auto r = run({bin("hallq-display"), "--server", hall.server.address(), "--device", "display-1", "--token",
                "test-display-token", "--mode", "hall", "--size", "1280x720"},
               {"SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=", "PULSE_SERVER="}, {}, 8s);
  stop = true;
  clerk.join();
  INFO(r.err);
  REQUIRE(called.size() >= 2);
  CHECK(has(r.err, "no sound card"));
  // The hall announces in zh and mn; Mongolian has no recordings: the board says which, and where.
  ui::ClipLibrary clips(source_path("assets"), {source_path("assets/voice"), HALLQ_BIN_DIR "/../voice"});
  if (!clips.missing("mn").empty()) {
    CHECK(has(r.err,
              "hallq-display: no voice for mn: " + std::to_string(clips.missing("mn").size()) + " clips missing in "));
    CHECK(has(r.err, "voice/mn ("));
    CHECK(has(r.err, "calls are not said in mn"));
  }
  CHECK_FALSE(has(r.err, "no voice for zh"));
  // Each call is logged (the first may have come before the board was up, the last after it stopped).
  const std::string& heard = called[called.size() - 2];
  CHECK(has(r.err, "hallq-display: call " + heard + " to window 1 (not spoken: no audio device)"));
}
