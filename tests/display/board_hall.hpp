#pragma once
// What the display's tests share: the test hall in a known state, served by a real hallq-server,
// and the options of a board (silent, or speaking with the build's clips) connected to it.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/net/endpoint.hpp"
#include "display/display_app.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

namespace hallq::test {

// A hall in a known state: window 1 (王丽) serves A001, window 2 (包金花) is
// paused for lunch, window 3 is closed; A002 and B001 wait.
struct BoardHall {
  TempDir dir;
  ServerProcess server{source_path("tests/data/hall.toml"), dir.path("hall.db")};
  LineClient admin{server.port()};
  BoardHall() {
    hello_admin(admin);
    for (const char* s : {"A", "A", "B"}) REQUIRE(admin.request({{"op", "take"}, {"service", s}})["ok"] == true);
    REQUIRE(admin.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}})["ok"] == true);
    REQUIRE(admin.request({{"op", "call"}, {"window", 1}})["ticket"]["number"] == "A001");
    REQUIRE(admin.request({{"op", "login"}, {"window", 2}, {"clerk", "c2"}, {"pin", "2222"}})["ok"] == true);
    REQUIRE(admin.request({{"op", "pause"}, {"window", 2}, {"reason", "lunch"}})["ok"] == true);
  }
  // hallq-display's --screenshot of a mode.
  std::string shot(const std::string& name, std::vector<std::string> args) {
    std::string png = dir.path(name + ".png");
    std::vector<std::string> argv = {
        bin("hallq-display"), "--server", server.address(), "--device", "display-1", "--token", "test-display-token",
        "--screenshot",       png,        "--no-voice"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run(argv, {"SDL_VIDEODRIVER=dummy"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return png;
  }
};

// A display terminal's options for the tests: `mode` on `address` as `device` with its role and
// token, silent, with the source tree's assets (and no topics: the test adds those it needs).
inline display::Options display_options(const std::string& address, display::Mode mode, protocol::Role role,
                                        const std::string& device, const std::string& token) {
  display::Options o;
  o.mode = mode;
  o.client.server = *net::parse_host_port(address, 0);
  o.client.role = role;
  o.client.device = device;
  o.client.token = token;
  o.voice = false;
  o.assets = source_path("assets");
  return o;
}

// The test hall's board (display-1).
inline display::Options board_options(const std::string& address) {
  return display_options(address, display::Mode::hall, protocol::Role::display, "display-1", "test-display-token");
}

// The board that speaks: the calls it is told of announced with the build's clips.
inline display::Options speaking_board_options(const std::string& address) {
  display::Options o = board_options(address);
  o.client.topics = {protocol::Topic::calls, protocol::Topic::queues, protocol::Topic::windows};
  o.voice = true;
  o.voice_dir = HALLQ_BIN_DIR "/../voice";
  return o;
}

}  // namespace hallq::test
