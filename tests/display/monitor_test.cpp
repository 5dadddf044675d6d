// The guides' monitor as a guide reads it, from the texts it draws (Ui::record_texts): a lost
// server is told in staff words.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/net/endpoint.hpp"
#include "display/display_app.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

// A label too long for its line is broken at spaces into lines drawn one by one: texts are compared
// without their spaces, a frame's texts joined in the order drawn.
std::string unspaced(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

std::string frame_text(const std::vector<ui::DrawnText>& drawn) {
  std::string all;
  for (const auto& d : drawn) all += unspaced(d.text);
  return all;
}

}  // namespace

TEST_CASE("guide monitor: a lost server is told in staff words, not the citizens' 'ask at the help desk'") {
  TempDir dir;
  ServerProcess server(source_path("assets/halls/demo.toml"), dir.path("hall.db"), {"--time", "2026-11-30T09:30"});
  display::Options o;
  o.mode = display::Mode::monitor;
  o.client.server = *net::parse_host_port(server.address(), 0);
  o.client.role = protocol::Role::guide;
  o.client.device = "guide-1";
  o.client.token = "demo-guide-token";
  o.client.max_backoff = std::chrono::milliseconds(500);
  o.voice = false;
  o.assets = source_path("assets");
  boost::asio::io_context ctx;
  display::DisplayApp app(ctx, o);
  ScreenHarness screen(ctx, app, 1920, 1080);
  auto& ui = screen.runner().ui();
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  server.kill9();
  REQUIRE(screen.step_until([&] { return !app.live(); }));
  ui.record_texts(true);
  screen.step();
  std::string frame = frame_text(ui.drawn());
  ui.record_texts(false);
  INFO(frame);
  CHECK(has(frame, unspaced(app.t("common.connection_lost"))));
  CHECK(has(frame, unspaced(app.t("display.monitor_lost_hint"))));
  CHECK_FALSE(has(frame, unspaced(app.t("common.please_wait"))));
}
