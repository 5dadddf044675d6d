// Text on the hall's public screens is tall enough to read across the hall:
// every text the hall board and the guides' monitor draw (every page of the monitor's) — Mongolian
// sub-labels included — covers at least 20 px from its highest to its lowest
// inked row at 1920×1080, and proportionally at other sizes (13.3 px at 720p).
// Measured from the pixels of each text as the screen laid it out (the size it
// was fitted to), on the demo hall in a busy moment: its long Mongolian names
// are the hardest case.
#include <SDL.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>

#include "core/net/endpoint.hpp"
#include "core/ui/text.hpp"
#include "display/display_app.hpp"
#include "tests/display/monitor_hall.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr double kMinAt1080 = 20.0;

// The rectangle a drawn line of text inks (alpha at least half), on the screen.
ui::Rect ink_box(ui::FontSet& fonts, const ui::DrawnText& d) {
  ui::TextStyle style;
  style.px = d.px;
  style.bold = d.bold;
  ui::Surface s = ui::render_line(fonts, d.text, style);
  int top = -1, bottom = -1, left = s->w, right = -1;
  for (int y = 0; y < s->h; ++y) {
    const auto* row =
        reinterpret_cast<const std::uint32_t*>(static_cast<const std::uint8_t*>(s->pixels) + y * s->pitch);
    for (int x = 0; x < s->w; ++x)
      if ((row[x] >> 24) >= 128) {
        if (top < 0) top = y;
        bottom = y;
        left = std::min(left, x);
        right = std::max(right, x);
      }
  }
  if (top < 0) return {};
  return {d.at.x + left, d.at.y + top, right - left + 1, bottom - top + 1};
}

// The rows a line of text inks (alpha at least half), top to bottom.
int ink_height(ui::FontSet& fonts, const ui::DrawnText& d) {
  return ink_box(fonts, d).h;
}

bool overlap(const ui::Rect& a, const ui::Rect& b) {
  return a.w > 0 && b.w > 0 && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// Words, not a lone dash or dot: letters, digits, Chinese or Mongolian.
bool has_words(const std::string& s) {
  for (unsigned char c : s)
    if (std::isalnum(c) || c == 0xE1 || (c >= 0xE3 && c <= 0xE9))
      return true;  // UTF-8 lead bytes of U+1000–U+1FFF (Mongolian) and U+3000–U+9FFF (CJK)
  return false;
}

// The demo hall on a Monday morning: every window staffed, 20 waiting, a call
// at each window, window 8 paused.
struct BusyHall {
  TempDir dir;
  ServerProcess server;
  // `training`: a training hall's server, whose screens carry the 培训 frame and tab.
  explicit BusyHall(bool training = false)
      : server(source_path("assets/halls/demo.toml"), dir.path("hall.db"),
               training ? std::vector<std::string>{"--time", "2026-11-30T09:30", "--training"}
                        : std::vector<std::string>{"--time", "2026-11-30T09:30"}) {
    LineClient admin(server.port());
    REQUIRE(admin.hello("admin", "admin", "demo-admin-token")["ok"] == true);
    for (int w = 1; w <= 8; ++w)
      REQUIRE(
          admin.request(
              {{"op", "login"}, {"window", w}, {"clerk", "c0" + std::to_string(w)}, {"pin", "100" + std::to_string(w)}},
              20s)["ok"] == true);
    for (const char* s : {"A", "A", "A", "A", "B", "B", "B", "C", "C", "C", "D", "D", "D", "E", "E", "E", "G", "G"})
      REQUIRE(admin.request({{"op", "take"}, {"service", s}})["ok"] == true);
    for (int w = 1; w <= 7; ++w) admin.request({{"op", "call"}, {"window", w}});
    REQUIRE(admin.request({{"op", "pause"}, {"window", 8}, {"reason", "lunch"}})["ok"] == true);
  }
};

struct Screen {
  display::Mode mode;
  int width, height;
};

// The screen `s` connected to the hall as its device: the hall board, or a guide's monitor.
display::Options options_for(BusyHall& hall, const Screen& s) {
  const bool monitor = s.mode == display::Mode::monitor;
  display::Options o =
      display_options(hall.server.address(), s.mode, monitor ? protocol::Role::guide : protocol::Role::display,
                      monitor ? "guide-1" : "display-hall", monitor ? "demo-guide-token" : "demo-display-token");
  o.client.topics = {protocol::Topic::calls,  protocol::Topic::queues, protocol::Topic::windows,
                     protocol::Topic::alarms, protocol::Topic::cases,  protocol::Topic::ratings};
  return o;
}

// Draws `s` with live data and returns the texts under the threshold (empty:
// all legible); `png` gets the frame, `mongolian` how many Mongolian texts it drew.
std::vector<std::string> small_texts(BusyHall& hall, const Screen& s, const std::string& png, int& mongolian) {
  boost::asio::io_context ctx;
  display::DisplayApp app(ctx, options_for(hall, s));
  ScreenHarness screen(ctx, app, s.width, s.height);
  auto& ui = screen.runner().ui();
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  screen.step(3);  // the monitor's alarms arrive after the snapshot
  ui.record_texts(true);
  screen.step();
  auto drawn = ui.drawn();
  ui.record_texts(false);
  screen.screenshot(png);
  const double scale = s.width < s.height ? s.width / 1080.0 : s.height / 1080.0;
  std::vector<std::string> small;
  mongolian = 0;
  for (const auto& d : drawn) {
    if (!has_words(d.text)) continue;
    if (d.text.find("\xE1\xA0") != std::string::npos) ++mongolian;  // U+1800..U+183F
    int ink = ink_height(screen.runner().fonts(), d);
    double at_1080 = ink / scale;
    if (at_1080 < kMinAt1080) {
      std::ostringstream why;
      why << "\"" << d.text << "\" at (" << d.at.x << "," << d.at.y << "): " << ink << " px tall (" << at_1080
          << " px at 1080p, drawn at " << d.px << " px)";
      small.push_back(why.str());
    }
  }
  return small;
}

void check_screen(BusyHall& hall, const Screen& s, const std::string& name) {
  int mongolian = 0;
  std::string png = hall.dir.path(name + ".png");
  auto small = small_texts(hall, s, png, mongolian);
  std::string list;
  for (const auto& why : small) list += "\n  " + why;
  INFO(name << " (" << png << "):" << list);
  CHECK(mongolian >= 5);  // the sub-labels were drawn (and so measured)
  CHECK(small.empty());
}

// What a person could not read whole among `drawn` (texts with words): a text whose ink runs off the
// screen (`width` wide, down to `bottom`), into another text's ink, or under a fill drawn later.
std::vector<std::string> clashes_among(ui::FontSet& fonts, const std::vector<ui::DrawnText>& drawn,
                                       const std::vector<ui::DrawnFill>& filled, int width, int bottom) {
  std::vector<std::pair<const ui::DrawnText*, ui::Rect>> inked;
  for (const auto& d : drawn) inked.emplace_back(&d, ink_box(fonts, d));
  std::vector<std::string> clashes;
  auto where = [](const ui::DrawnText& d, const ui::Rect& r) {
    std::ostringstream out;
    out << "\"" << d.text << "\" (ink " << r.x << "," << r.y << " " << r.w << "x" << r.h << ")";
    return out.str();
  };
  for (std::size_t i = 0; i < inked.size(); ++i) {
    const auto& [d, r] = inked[i];
    if (r.x < 0 || r.y < 0 || r.x + r.w > width || r.y + r.h > bottom)
      clashes.push_back(where(*d, r) + " runs off the screen or onto the notice");
    for (std::size_t j = i + 1; j < inked.size(); ++j)
      if (overlap(r, inked[j].second))
        clashes.push_back(where(*d, r) + " runs into " + where(*inked[j].first, inked[j].second));
    for (const auto& f : filled)
      if (f.order > d->order && overlap(r, f.at)) {
        std::ostringstream why;
        why << where(*d, r) << " is drawn over by a fill at " << f.at.x << "," << f.at.y << " " << f.at.w << "x"
            << f.at.h;
        clashes.push_back(why.str());
        break;
      }
  }
  return clashes;
}

// Draws the board with live data and returns what a person could not read whole: a text whose ink
// runs off the screen, into another text's ink, or under something drawn later over it (the next
// row's background). The scrolling notice at the bottom is left out (it is clipped on purpose).
std::vector<std::string> clashing_texts(BusyHall& hall, const Screen& s, const std::string& png,
                                        std::vector<std::string>& texts, std::vector<std::string>& calls) {
  boost::asio::io_context ctx;
  display::Options o = options_for(hall, s);
  o.client.topics.clear();  // no subscription: the frame drawn from the snapshot alone
  display::DisplayApp app(ctx, o);
  ScreenHarness screen(ctx, app, s.width, s.height);
  auto& ui = screen.runner().ui();
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  screen.step(3);
  ui.record_texts(true);
  screen.step();
  auto drawn = ui.drawn();
  auto filled = ui.filled();
  ui.record_texts(false);
  screen.screenshot(png);
  for (const auto& c : app.state().snapshot().recent_calls) calls.push_back(c.number);
  const double scale = s.width < s.height ? s.width / 1080.0 : s.height / 1080.0;
  const int notice_y = s.height - static_cast<int>(64 * scale + 0.5);
  // A training hall's tab is drawn over the corner last; its own words are not the board's (a text
  // of the board under it is found as drawn over by its fill).
  const ui::Rect tab = app.training_mark().word.empty() ? ui::Rect{} : ui::training_tab(ui, true);
  auto in_tab = [&](const ui::Rect& r) {
    return r.x >= tab.x && r.y >= tab.y && r.x + r.w <= tab.x + tab.w && r.y + r.h <= tab.y + tab.h;
  };
  std::vector<ui::DrawnText> board;
  for (const auto& d : drawn)
    if (has_words(d.text) && d.at.y < notice_y && !(tab.w > 0 && in_tab(d.at))) {
      texts.push_back(d.text);
      board.push_back(d);
    }
  return clashes_among(screen.runner().fonts(), board, filled, s.width, notice_y);
}

void check_whole(BusyHall& hall, const Screen& s, const std::string& name) {
  std::vector<std::string> texts, calls;
  std::string png = hall.dir.path(name + ".png");
  auto clashes = clashing_texts(hall, s, png, texts, calls);
  std::string list;
  for (const auto& why : clashes) list += "\n  " + why;
  INFO(name << " (" << png << "):" << list);
  CHECK(texts.size() > 40);  // the board was drawn, with its calls, windows and services
  CHECK(clashes.empty());
  // The newest call and the four before it (the busy hall made seven): each in the calls and on
  // the card of the window serving it.
  REQUIRE(calls.size() >= 5);
  for (std::size_t i = 0; i < 5; ++i) {
    CAPTURE(calls[i]);
    CHECK(std::count(texts.begin(), texts.end(), calls[i]) == 2);
  }
}

// The monitor on a hall with more rows and alarms than one screen holds, watched while its pages
// turn (every half second): on every page, no text under 20 px at 1080p, and none that runs off the
// screen, into another or under a later fill.
void check_monitor_pages(AlarmedHall& hall, int width, int height, const std::string& name) {
  boost::asio::io_context ctx;
  display::DisplayApp app(ctx, hall.monitor(0.5));
  ScreenHarness screen(ctx, app, width, height);
  auto& ui = screen.runner().ui();
  auto& fonts = screen.runner().fonts();
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  REQUIRE(screen.step_until([&] { return app.state().alarms().count("help_requested/kiosk-1") != 0; }, 10s));
  const double scale = height / 1080.0;
  std::set<std::string> problems, frames;
  int mongolian = 0;
  ui.record_texts(true);
  const auto until = std::chrono::steady_clock::now() + 6s;  // twelve turns: every page of the alarms, twice
  while (std::chrono::steady_clock::now() < until) {
    screen.step();
    std::vector<ui::DrawnText> texts;
    std::string frame;
    for (const auto& d : ui.drawn())
      if (has_words(d.text)) {
        texts.push_back(d);
        frame += d.text + "\n";
      }
    if (!frames.insert(frame).second) continue;  // a frame like one checked already
    for (const auto& d : texts) {
      if (d.text.find("\xE1\xA0") != std::string::npos) ++mongolian;
      double at_1080 = ink_height(fonts, d) / scale;
      if (at_1080 < kMinAt1080) {
        std::ostringstream why;
        why << "\"" << d.text << "\" at (" << d.at.x << "," << d.at.y << "): " << at_1080 << " px at 1080p";
        problems.insert(why.str());
      }
    }
    for (auto& why : clashes_among(fonts, texts, ui.filled(), width, height)) problems.insert(why);
  }
  ui.record_texts(false);
  std::string png = hall.dir.path(name + ".png");
  screen.screenshot(png);
  std::string list;
  for (const auto& why : problems) list += "\n  " + why;
  INFO(name << " (" << png << ", " << frames.size() << " frames):" << list);
  CHECK(frames.size() >= 6);
  CHECK(mongolian >= 30);
  CHECK(problems.empty());
}

}  // namespace

TEST_CASE(
    "hall board: every text whole — nothing off the screen, into another or drawn over — landscape and portrait") {
  BusyHall hall;
  check_whole(hall, {display::Mode::hall, 1920, 1080}, "whole-1080");
  check_whole(hall, {display::Mode::hall, 1280, 720}, "whole-720");
  check_whole(hall, {display::Mode::hall, 1080, 1920}, "whole-portrait");
}

TEST_CASE("a training hall's board: every text whole beside the 培训 tab — landscape, 720p and portrait") {
  BusyHall hall(true);
  check_whole(hall, {display::Mode::hall, 1920, 1080}, "training-1080");
  check_whole(hall, {display::Mode::hall, 1280, 720}, "training-720");
  check_whole(hall, {display::Mode::hall, 1080, 1920}, "training-portrait");
}

TEST_CASE("hall board: no text under 20 px at 1080p, Mongolian included — landscape, 720p and portrait") {
  BusyHall hall;
  check_screen(hall, {display::Mode::hall, 1920, 1080}, "board-1080");
  check_screen(hall, {display::Mode::hall, 1280, 720}, "board-720");
  check_screen(hall, {display::Mode::hall, 1080, 1920}, "board-portrait");
}

TEST_CASE("guide monitor: no text under 20 px at 1080p, Mongolian included — 1080p and 720p") {
  BusyHall hall;
  check_screen(hall, {display::Mode::monitor, 1920, 1080}, "monitor-1080");
  check_screen(hall, {display::Mode::monitor, 1280, 720}, "monitor-720");
}

TEST_CASE("guide monitor, more rows and alarms than fit: every page legible and whole — 1080p and 720p") {
  AlarmedHall hall;
  check_monitor_pages(hall, 1920, 1080, "monitor-pages-1080");
  check_monitor_pages(hall, 1280, 720, "monitor-pages-720");
}
