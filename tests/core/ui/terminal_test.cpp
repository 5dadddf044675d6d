// The screen programs started where there is no display: they say so, and how to get a picture
// instead, at once — rather than drawing for nobody forever — and the sound stays quiet.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "tests/support/process.hpp"

using namespace hallq::test;

namespace {
// No display of any kind: what a server room's SSH session has.
const std::vector<std::string> kNoDisplay = {
    "DISPLAY=", "WAYLAND_DISPLAY=", "SDL_VIDEODRIVER=", "SDL_AUDIODRIVER=", "HALLQ_SERVER=127.0.0.1:1"};
}  // namespace

TEST_CASE("a screen program with no display exits at once saying so and how to get a screenshot") {
  struct Program {
    std::vector<std::string> argv;
    std::string also;  // a hint only this program gives
  };
  const std::vector<Program> programs = {
      {{bin("hallq-display"), "--mode", "hall", "--token", "x"}, ""},
      {{bin("hallq-caller"), "--token", "x"}, ""},
      {{bin("hallq-kiosk"), "--token", "x"}, "--walk DIR"},
  };
  for (const auto& p : programs) {
    CAPTURE(p.argv[0]);
    auto started = std::chrono::steady_clock::now();
    RunResult r = run(p.argv, kNoDisplay, {}, std::chrono::seconds(20));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no display to open a window on") != std::string::npos);
    CHECK(r.err.find("--screenshot FILE") != std::string::npos);
    if (!p.also.empty()) CHECK(r.err.find(p.also) != std::string::npos);
    CHECK(r.err.find("ALSA") == std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // that one line, nothing else
  }
}

TEST_CASE("with no sound card the hall board runs without ALSA's complaints") {
  if (std::filesystem::exists("/dev/snd")) return;  // a machine with sound: SDL finds its card
  // A window on SDL's dummy driver, voice on, no server: it runs until killed.
  const std::vector<std::string> env = {"DISPLAY=", "WAYLAND_DISPLAY=", "SDL_VIDEODRIVER=dummy",
                                        "SDL_AUDIODRIVER=", "HALLQ_SERVER=127.0.0.1:1"};
  RunResult r = run({bin("hallq-display"), "--mode", "hall", "--token", "x"}, env, {}, std::chrono::seconds(3));
  CHECK(r.exit_code == 128 + 9);  // still running: killed
  CHECK_MESSAGE(r.err.find("ALSA") == std::string::npos, r.err);
  // But it says, once, that calls will not be heard, and why.
  CHECK_MESSAGE(r.err.find("hallq-display: no sound card (no /dev/snd, and neither $SDL_AUDIODRIVER nor "
                           "$PULSE_SERVER set): calls are shown, and logged here, not spoken") != std::string::npos,
                r.err);
}

TEST_CASE("a display that is named but not there is refused within seconds, not drawn to off screen") {
  // No X server answers on :2047 (SDL would fall back to its off-screen driver and draw for nobody).
  // It is tried for three seconds (an X server starting with the terminal), then refused.
  REQUIRE_FALSE(std::filesystem::exists("/tmp/.X11-unix/X2047"));
  const std::vector<std::string> env = {
      "DISPLAY=:2047", "WAYLAND_DISPLAY=", "SDL_VIDEODRIVER=", "SDL_AUDIODRIVER=", "HALLQ_SERVER=127.0.0.1:1"};
  auto started = std::chrono::steady_clock::now();
  RunResult r = run({bin("hallq-caller"), "--token", "x"}, env, {}, std::chrono::seconds(20));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.err.find("cannot open the display :2047") != std::string::npos, r.err);
}
