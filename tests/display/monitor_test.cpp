// The guides' monitor as a guide reads it, from the texts it draws (Ui::record_texts) on a hall
// with more services, windows and alarms than one screen holds: every row and every alarm comes
// up within a few pages' time, the alarms are counted and the most urgent come first, a pause
// reason is in words; a portrait screen and --lang are refused plainly; a lost server is told in
// staff words.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "core/config/alarm_text.hpp"
#include "core/config/i18n.hpp"
#include "display/display_app.hpp"
#include "tests/display/monitor_hall.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

constexpr double kMonitorPage = 1.0;  // seconds a page stays up in these tests

// A bilingual label too long for its line is broken at spaces into lines drawn one by one: texts
// are compared without their spaces, a frame's texts joined in the order drawn.
std::string unspaced(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

std::string frame_text(const std::vector<ui::DrawnText>& drawn) {
  std::string all;
  for (const auto& d : drawn) all += unspaced(d.text);
  return all;
}

// The demo hall's guide monitor (guide-1) on `server`, without voice.
display::Options guide_monitor(const ServerProcess& server) {
  return display_options(server.address(), display::Mode::monitor, protocol::Role::guide, "guide-1",
                         "demo-guide-token");
}

// The words of the next frame drawn.
std::string next_frame(ScreenHarness& screen) {
  auto& ui = screen.runner().ui();
  ui.record_texts(true);
  screen.step();
  std::string frame = frame_text(ui.drawn());
  ui.record_texts(false);
  return frame;
}

std::vector<protocol::Alarm> sorted_alarms(display::DisplayApp& app) {
  std::vector<protocol::Alarm> alarms;
  for (const auto& [id, a] : app.state().alarms()) alarms.push_back(a);
  config::sort_by_urgency(alarms);
  return alarms;
}

// Steps the monitor until the alarms the hall made have arrived (they come after the snapshot).
void wait_for_alarms(ScreenHarness& screen, display::DisplayApp& app) {
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  REQUIRE(screen.step_until(
      [&] {
        const auto& a = app.state().alarms();
        return a.count("help_requested/kiosk-1") && a.count("printer/kiosk-1") && a.count("window_paused/7") &&
               a.count("wait_time/H");
      },
      10s));
}

// Watches the monitor at `width`×`height` for as many page turns as the alarms could need (at
// least four alarms to a page) and one more: every service, window and alarm must have been up.
void every_row_and_alarm(AlarmedHall& hall, int width, int height) {
  CAPTURE(width);
  CAPTURE(height);
  boost::asio::io_context ctx;
  display::DisplayApp app(ctx, hall.monitor(kMonitorPage));
  ScreenHarness screen(ctx, app, width, height);
  auto& ui = screen.runner().ui();
  wait_for_alarms(screen, app);
  const auto alarms = sorted_alarms(app);
  const auto& snap = app.state().snapshot();
  REQUIRE(snap.services.size() == 8);
  REQUIRE(snap.windows.size() == 8);
  REQUIRE(alarms.size() >= 15);
  const auto& zh = app.words("zh");
  const auto& mn = app.words("mn");
  std::vector<std::string> alarm_zh;
  for (const auto& a : alarms) alarm_zh.push_back(unspaced(config::alarm_text(zh, a)));

  std::string seen;  // every frame's texts
  const auto turns = static_cast<int>((alarms.size() + 3) / 4) + 1;
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(turns * kMonitorPage);
  ui.record_texts(true);
  while (std::chrono::steady_clock::now() < until) {
    screen.step();
    std::string frame = frame_text(ui.drawn());
    seen += frame;
    // The alarms up in this frame are a run of the list in order of urgency: the most urgent
    // first, a page taking up where the one before ended.
    std::vector<std::pair<std::size_t, std::size_t>> up;  // (where drawn, rank in the list)
    for (std::size_t i = 0; i < alarm_zh.size(); ++i)
      if (auto at = frame.find(alarm_zh[i]); at != std::string::npos) up.emplace_back(at, i);
    INFO(frame);
    REQUIRE(!up.empty());
    std::sort(up.begin(), up.end());
    for (std::size_t k = 1; k < up.size(); ++k) CHECK(up[k].second == up[k - 1].second + 1);
  }
  ui.record_texts(false);

  auto shown = [&](const std::string& text) { return seen.find(unspaced(text)) != std::string::npos; };
  for (const auto& s : snap.services) {
    CAPTURE(s.code);
    CHECK(shown(s.code + s.names.zh));
    CHECK(shown(s.names.mn));
  }
  for (const auto& w : snap.windows) {
    CAPTURE(w.number);
    CHECK(shown(w.names.zh));
    CHECK(shown(w.names.mn));
  }
  for (const auto& a : alarms) {
    CAPTURE(a.id());
    CHECK(shown(config::alarm_text(zh, a)));
    CHECK(shown(config::alarm_text(mn, a)));
  }
  // How many there are, and which page is up: the tables have two, the alarms several.
  CHECK(shown(zh.get("display.alarm_count", {{"n", std::to_string(alarms.size())}})));
  CHECK(shown(mn.get("display.alarm_count", {{"n", std::to_string(alarms.size())}})));
  CHECK(shown(zh.get("display.page", {{"page", "1"}, {"pages", "2"}})));
  CHECK(shown(zh.get("display.page", {{"page", "2"}, {"pages", "2"}})));
  auto page = [&](int k, int n) {
    return unspaced(zh.get("display.page", {{"page", std::to_string(k)}, {"pages", std::to_string(n)}}));
  };
  int alarm_pages = 0;  // the alarms' pages: more than two tables' worth
  for (int n = 3; n <= 8; ++n)
    if (shown(page(1, n))) alarm_pages = n;
  CHECK(alarm_pages >= 3);
  for (int k = 1; k <= alarm_pages; ++k) CHECK(shown(page(k, alarm_pages)));
  // A pause reason in words, in the table and in the alarm; a typed one as typed; never the key.
  CHECK(shown("5号综合窗口"));
  CHECK(shown("午休"));
  CHECK(shown("会议"));
  CHECK(shown("5号窗口暂停超过时限（午休）"));
  CHECK(shown("6号窗口暂停超过时限（会议）"));
  CHECK(shown("7号窗口暂停超过时限（整理材料）"));
  CHECK(shown(mn.get("common.pause_reasons.lunch")));
  CHECK_FALSE(shown("lunch"));
  CHECK_FALSE(shown("meeting"));
  // The first alarm is the kiosk's call for a guide: someone is standing there.
  CHECK(alarms.front().kind == protocol::AlarmKind::help_requested);
}

}  // namespace

TEST_CASE("guide monitor: every service, window and alarm is up within a few pages — counted, most urgent first") {
  AlarmedHall hall;
  every_row_and_alarm(hall, 1920, 1080);
  every_row_and_alarm(hall, 1280, 720);

  // The first page of windows: 1–4, three serving and window 4 idle, its 空闲 in the board's blue.
  boost::asio::io_context ctx;
  display::DisplayApp app(ctx, hall.monitor(1000));
  ScreenHarness screen(ctx, app, 1920, 1080);
  wait_for_alarms(screen, app);
  REQUIRE(app.state().window(4));
  CHECK(app.state().window(4)->state == protocol::WindowState::idle);
  std::string png = hall.dir.path("monitor-page1.png");
  screen.screenshot(png);
  CHECK(png_count(png, kIdleBlue, 50, 10, 50, 50) > 50);
}

TEST_CASE("guide monitor: a landscape screen only — a portrait --size is refused, a portrait full screen says so") {
  RunResult r = run({bin("hallq-display"), "--mode", "monitor", "--size", "1080x1920", "--token", "x"},
                    {"SDL_VIDEODRIVER=dummy", "HALLQ_SERVER=127.0.0.1:1"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "--mode monitor needs a landscape screen: --size 1080x1920 is portrait"));
  // The board in portrait is fine.
  TempDir dir;
  ServerProcess server(source_path("assets/halls/demo.toml"), dir.path("hall.db"), {"--time", "2026-11-30T09:30"});
  r = run({bin("hallq-display"), "--server", server.address(), "--device", "display-hall", "--token",
           "demo-display-token", "--size", "1080x1920", "--screenshot", dir.path("board.png"), "--no-voice"},
          {"SDL_VIDEODRIVER=dummy"});
  CHECK(r.exit_code == 0);
  // A full-screen monitor on a screen turned portrait: a note, in both languages, instead of a
  // broken layout.
  display::Options o = guide_monitor(server);
  boost::asio::io_context ctx;
  display::DisplayApp app(ctx, o);
  ScreenHarness screen(ctx, app, 1080, 1920);
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  std::string frame = next_frame(screen);
  INFO(frame);
  CHECK(has(frame, unspaced(app.t("display.monitor_landscape"))));
  CHECK(has(frame, unspaced(app.tm("display.monitor_landscape"))));
  CHECK_FALSE(has(frame, unspaced(app.t("display.services"))));
}

TEST_CASE("hallq-display takes no --lang, and its help says which languages each mode shows") {
  RunResult r = run({bin("hallq-display"), "--mode", "monitor", "--lang", "en", "--token", "x"},
                    {"SDL_VIDEODRIVER=dummy", "HALLQ_SERVER=127.0.0.1:1"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "--lang is not taken: every mode shows Chinese with Mongolian under it"));
  RunResult help = run({bin("hallq-display"), "--help"});
  CHECK(help.exit_code == 0);
  CHECK_FALSE(has(help.out, "--lang zh|mn|en"));
  CHECK(has(help.out, "No --lang: every mode shows Chinese with Mongolian under it"));
  CHECK(has(help.out, "a landscape screen only"));
  // The clerk's terminal and the kiosk do take it.
  CHECK(has(run({bin("hallq-caller"), "--help"}).out, "--lang zh|mn|en"));
  CHECK(has(run({bin("hallq-kiosk"), "--help"}).out, "--lang zh|mn|en"));
}

TEST_CASE("guide monitor: a lost server is told in staff words, not the citizens' 'ask at the help desk'") {
  TempDir dir;
  ServerProcess server(source_path("assets/halls/demo.toml"), dir.path("hall.db"), {"--time", "2026-11-30T09:30"});
  display::Options o = guide_monitor(server);
  o.client.max_backoff = std::chrono::milliseconds(500);
  boost::asio::io_context ctx;
  display::DisplayApp app(ctx, o);
  ScreenHarness screen(ctx, app, 1920, 1080);
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  server.kill9();
  REQUIRE(screen.step_until([&] { return !app.live(); }));
  std::string frame = next_frame(screen);
  INFO(frame);
  CHECK(has(frame, unspaced(app.t("common.connection_lost"))));
  CHECK(has(frame, unspaced(app.t("display.monitor_lost_hint"))));
  CHECK_FALSE(has(frame, unspaced(app.t("common.please_wait"))));
}
