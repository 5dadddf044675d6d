// hallq-display against a real server: the binary's screenshots read back by
// OCR and pixel checks, and the app in-process through a server crash.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>
#include <tuple>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "core/config/i18n.hpp"
#include "core/net/endpoint.hpp"
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

// A server of a later release that speaks only protocol 2: it answers every hello as
// docs/protocol.md says such a server does (protocol_mismatch with its range) and hangs up.
class NewerServer {
 public:
  NewerServer() : thread_([this] { serve(); }) {}
  ~NewerServer() {
    stop_ = true;
    boost::asio::ip::tcp::socket wake(io_);  // accept() returns, sees stop_
    boost::system::error_code ec;
    wake.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }
  int refused() const { return refused_; }

 private:
  void serve() {
    while (!stop_) {
      boost::asio::ip::tcp::socket s(io_);
      boost::system::error_code ec;
      acceptor_.accept(s, ec);
      if (ec || stop_) return;
      boost::asio::streambuf in;
      std::size_t n = boost::asio::read_until(s, in, '\n', ec);
      if (ec) continue;
      std::string line(boost::asio::buffers_begin(in.data()), boost::asio::buffers_begin(in.data()) + n);
      json hello = json::parse(line);
      if (hello.value("op", "") != "hello") continue;
      std::string reply = protocol::error_line(hello["id"].get<std::int64_t>(), protocol::Errc::protocol_mismatch,
                                               "hallq-server 2.0.0 speaks protocol 2 and hallq-display 0.1.0 "
                                               "speaks protocol 1: upgrade the terminal",
                                               protocol::ProtocolRange{2, 2});
      boost::asio::write(s, boost::asio::buffer(reply), ec);
      ++refused_;
    }
  }
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_, {boost::asio::ip::address_v4::loopback(), 0}};
  std::atomic<bool> stop_{false};
  std::atomic<int> refused_{0};
  std::thread thread_;
};

// An in-process hall board, display-1 of the test hall at `address`, silent and on the default topics.

}  // namespace

TEST_CASE("hall board: the call, every window, the queues, the hall's name — readable by OCR") {
  BoardHall hall;
  std::string png = hall.shot("board", {"--mode", "hall", "--size", "1920x1080"});
  std::string header = ocr(png, 0, 0, 70, 6, 6);
  INFO("header: " << header);
  CHECK(has(header, "测试大厅"));
  // The newest call, large, on the accent colour (lit: it is not new to this display), on the left.
  std::string hero = ocr(png, 1, 20, 20, 36);
  INFO("hero: " << hero);
  CHECK(has(hero, "A001"));
  CHECK(has(hero, "1号窗口"));
  CHECK(png_pixel(png, 1920 * 2 / 100, 1080 * 22 / 100) == kAccent);
  // Windows, in the middle: serving, paused (in the warning colour), closed.
  std::string windows = ocr(png, 21, 10, 40, 80, 11);
  INFO("windows: " << windows);
  CHECK(has(windows, "A001"));
  CHECK(has(windows, "暂停服务"));
  CHECK(has(windows, "未开放"));
  CHECK(png_count(png, kWarn, 21, 10, 40, 80) > 2000);
  // Queues on the right, under their column headers.
  std::string services = ocr(png, 60, 10, 40, 80, 11);
  INFO("services: " << services);
  CHECK(has(services, "企业开办"));
  CHECK(has(services, "税务办理"));
  CHECK(has(services, "等候人数"));
}

TEST_CASE("a big hall's board shows its windows a page at a time, each number under its name, never over it") {
  TempDir dir;
  std::string toml = read_file(source_path("tests/data/hall.toml"));
  for (int n = 4; n <= 24; ++n) {
    std::string num = std::to_string(n);
    toml += "\n[[window]]\nnumber = " + num + "\nnames = { zh = \"" + num +
            "号不动产登记与交易税费综合窗口\", mn = \"" + num +
            " ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣ\", en = \"Window " + num + "\" }\nservices = [\"A\"]\n";
  }
  ServerProcess server(dir.write("hall.toml", toml), dir.path("hall.db"));
  LineClient admin{server.port()};
  hello_admin(admin);
  for (int i = 0; i < 2; ++i) REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
  for (auto [window, clerk, pin] : {std::tuple{1, "c1", "1111"}, std::tuple{24, "c2", "2222"}}) {
    REQUIRE(admin.request({{"op", "login"}, {"window", window}, {"clerk", clerk}, {"pin", pin}})["ok"] == true);
    REQUIRE(admin.request({{"op", "call"}, {"window", window}})["ok"] == true);
  }
  boost::asio::io_context ctx;
  display::Options o = board_options(server.address());
  o.page_seconds = 1.0;
  display::DisplayApp app(ctx, o);
  ScreenHarness screen(ctx, app, 1920, 1080);
  REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
  auto& ui = screen.runner().ui();
  ui.record_texts(true);
  std::set<std::string> names, numbers, pages;
  const auto until = std::chrono::steady_clock::now() + 4s;
  while (std::chrono::steady_clock::now() < until) {
    screen.step();
    std::vector<ui::Rect> name_at;
    for (const auto& d : ui.drawn())
      if (d.text.find("号窗口") != std::string::npos || d.text.find("号不动产") != std::string::npos) {
        names.insert(d.text.substr(0, d.text.find("号")));
        name_at.push_back(d.at);
      }
    for (const auto& d : ui.drawn()) {
      if (d.text.rfind("/", 2) != std::string::npos && d.text.find("页") != std::string::npos) pages.insert(d.text);
      if (d.text != "A001" && d.text != "A002") continue;
      numbers.insert(d.text);
      if (d.at.x < 1920 * 21 / 100 || d.at.x > 1920 * 60 / 100) continue;  // the calls, not the windows panel
      for (const auto& n : name_at) {
        bool apart = d.at.x + d.at.w <= n.x || n.x + n.w <= d.at.x || d.at.y + d.at.h <= n.y || n.y + n.h <= d.at.y;
        CHECK_MESSAGE(apart, d.text << " drawn over a window's name");
      }
    }
  }
  CHECK(names.size() == 24);  // every window, over the pages
  CHECK(numbers == std::set<std::string>{"A001", "A002"});
  CHECK(pages.size() >= 2);  // "1/3 页", "2/3 页", …
}

TEST_CASE("hall board in portrait keeps the call and the windows") {
  BoardHall hall;
  std::string png = hall.shot("portrait", {"--mode", "hall", "--size", "1080x1920"});
  std::string top = ocr(png, 0, 0, 100, 40, 11);
  INFO("top: " << top);
  CHECK(has(top, "测试大厅"));
  CHECK(has(top, "A001"));
}

TEST_CASE("window screens: the number served and the clerk — a paused window says so, with the reason") {
  BoardHall hall;
  std::string one = hall.shot("window1", {"--mode", "window", "--window", "1", "--size", "1920x1080"});
  std::string text = ocr(one, 14, 0, 86, 100, 11);
  INFO("text: " << text);
  CHECK(has(text, "1号窗口"));
  CHECK(has(text, "A001"));
  CHECK(has(text, "企业开办"));
  CHECK(has(text, "王丽"));
  std::string two = hall.shot("window2", {"--mode", "window", "--window", "2", "--size", "1920x1080"});
  std::string paused = ocr(two, 14, 15, 86, 60, 11);
  INFO("paused: " << paused);
  CHECK(has(paused, "暂停服务"));
  CHECK(has(paused, "午休"));  // the reason key "lunch", in the screen's language
  CHECK(png_count(two, kWarn) > 1920 * 1080 / 5);
  // A window open with nobody at it: 空闲 in the idle colour of the board and the monitor.
  REQUIRE(hall.admin.request({{"op", "login"}, {"window", 3}, {"clerk", "c3"}, {"pin", "3333"}})["ok"] == true);
  std::string three = hall.shot("window3", {"--mode", "window", "--window", "3", "--size", "1920x1080"});
  std::string idle = ocr(three, 14, 15, 86, 60, 11);
  INFO("idle: " << idle);
  CHECK(has(idle, "空闲"));
  CHECK(has(ocr(three, 14, 74, 86, 26, 6), "工作人员"));  // (tesseract reads 白音 as "AS")
  CHECK(png_count(three, kIdleBlue) > 1000);
  CHECK(png_count(three, kGood) < 50);
}

TEST_CASE("a window's screen turns into the rating pad only when its device is bound to the window") {
  // display-1 of the test hall is bound to no window; screen-1 is bound to window 1.
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) +
                                                  "\n[[device]]\nid = \"screen-1\"\nrole = \"display\"\n"
                                                  "token = \"test-screen-1-token\"\nwindow = 1\n");
  ServerProcess server{config, dir.path("hall.db")};
  LineClient admin{server.port()};
  hello_admin(admin);
  REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
  REQUIRE(admin.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}})["ok"] == true);
  REQUIRE(admin.request({{"op", "call"}, {"window", 1}})["ticket"]["number"] == "A001");
  REQUIRE(admin.request({{"op", "finish"}, {"window", 1}})["ok"] == true);  // A001 is offered for rating

  struct Screen {
    display::Mode mode;
    const char *device, *token;
    bool bound;
  };
  for (auto [mode, device, token, bound] : {Screen{display::Mode::window, "display-1", "test-display-token", false},
                                            Screen{display::Mode::rating, "display-1", "test-display-token", false},
                                            Screen{display::Mode::window, "screen-1", "test-screen-1-token", true}}) {
    CAPTURE(device);
    CAPTURE(static_cast<int>(mode));
    boost::asio::io_context ctx;
    display::Options o = board_options(server.address());
    o.mode = mode;
    o.window = 1;
    o.client.device = device;
    o.client.token = token;
    display::DisplayApp app(ctx, o);
    ScreenHarness screen(ctx, app, 1280, 800);
    REQUIRE(screen.step_until([&] { return app.live(); }, 10s));
    CHECK(app.pad_bound() == bound);
    // The offer is in the snapshot: a pad shows the levels at once; an unbound screen never does.
    bool levels = screen.step_until([&] { return screen.has_button("level.very_satisfied"); }, 2s);
    CHECK(levels == bound);
    std::string png = dir.path(std::string(device) + "-" + std::to_string(static_cast<int>(mode)) + ".png");
    screen.screenshot(png);
    std::string text = ocr(png, 0, 0, 100, 100, 11);
    INFO("text: " << text);
    if (bound) {
      CHECK(has(text, "请您对本次服务进行评价"));
    } else if (mode == display::Mode::window) {
      CHECK(has(text, "1号窗口"));  // the window's own view, as before the visit ended
      CHECK_FALSE(has(text, "评价"));
    } else {
      CHECK(has(text, "未绑定"));  // a separate pad that cannot rate says so, and invites no rating
      CHECK_FALSE(has(text, "请在此"));
    }
  }
}

TEST_CASE("guide monitor: services, windows with clerks, and alarms highlighted") {
  BoardHall hall;
  std::string calm = hall.shot("monitor-calm", {"--mode", "monitor"});
  std::string services = ocr(calm, 0, 8, 50, 25, 6) + ocr(calm, 0, 8, 50, 37, 6);
  INFO("services: " << services);
  CHECK(has(services, "企业开办"));
  CHECK(has(services, "税务办理"));
  std::string windows = ocr(calm, 50, 8, 50, 25, 6) + ocr(calm, 50, 8, 50, 37, 6);
  INFO("windows: " << windows);
  CHECK(has(windows, "办理中"));
  CHECK(has(windows, "A001"));
  CHECK(has(windows, "暂停服务"));
  CHECK(has(windows, "午休"));
  CHECK(has(windows, "未开放"));
  std::string clerks = ocr(calm, 68, 14, 9, 24, 6);  // the clerk column
  INFO("clerks: " << clerks);
  CHECK(has(clerks, "王丽"));
  CHECK(has(clerks, "包金花"));
  std::string quiet = ocr(calm, 0, 74, 100, 26, 6);
  INFO("quiet: " << quiet);
  CHECK(has(quiet, "无告警"));
  // Four waiting for A: over the threshold of 3. And a kiosk out of paper. (A
  // new admin session: on a loaded machine the OCR above can outlast the test
  // hall's idle_timeout_s, and the server rightly closes a silent connection.)
  LineClient admin(hall.server.port());
  hello_admin(admin);
  for (int i = 0; i < 3; ++i) REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
  LineClient kiosk(hall.server.port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token")["ok"] == true);
  REQUIRE(kiosk.request({{"op", "device_status"}, {"printer", "paper_out"}, {"card_reader", "ok"}})["ok"] == true);
  std::string alarmed = hall.shot("monitor-alarm", {"--mode", "monitor"});
  std::string alarms = ocr(alarmed, 0, 74, 100, 26, 6);
  INFO("alarms: " << alarms);
  CHECK(has(alarms, "等候人数超过3人"));
  CHECK(has(alarms, "缺纸"));
  CHECK(png_count(alarmed, kAlarm, 0, 74, 100, 26) > 100);
  // The kiosk's 呼叫帮办: first in the list (someone is standing there), naming the kiosk.
  REQUIRE(kiosk.request({{"op", "help_request"}})["ok"] == true);
  std::string called = hall.shot("monitor-help", {"--mode", "monitor"});
  std::string help = ocr(called, 0, 74, 100, 26, 6);
  INFO("help: " << help);
  CHECK(has(help, "呼叫帮办"));
  CHECK(has(help, "kiosk-1"));
}

TEST_CASE("the display shows the loss of its server, not stale numbers, and recovers on its own") {
  BoardHall hall;
  boost::asio::io_context ctx;
  display::Options o = board_options(hall.server.address());
  o.client.topics = {protocol::Topic::calls, protocol::Topic::queues, protocol::Topic::windows,
                     protocol::Topic::alarms};
  o.client.max_backoff = std::chrono::milliseconds(500);
  display::DisplayApp app(ctx, o);
  ScreenHarness screen(ctx, app, 1280, 720);
  REQUIRE(screen.step_until([&] { return app.live(); }));
  CHECK(app.state().snapshot().recent_calls.front().number == "A001");

  // A call made elsewhere reaches the board.
  REQUIRE(hall.admin.request({{"op", "login"}, {"window", 3}, {"clerk", "c3"}, {"pin", "3333"}})["ok"] == true);
  REQUIRE(hall.admin.request({{"op", "call"}, {"window", 3}})["ticket"]["number"] == "A002");
  REQUIRE(screen.step_until([&] { return app.state().snapshot().recent_calls.front().number == "A002"; }));

  hall.server.kill9();
  REQUIRE(screen.step_until([&] { return !app.live(); }));
  TempDir shots;
  screen.screenshot(shots.path("lost.png"));
  CHECK(png_pixel(shots.path("lost.png"), 20, 360) == kAlarm);  // the whole-width band, left of its text
  std::string lost = ocr(shots.path("lost.png"), 0, 33, 100, 34, 6);
  INFO("lost: " << lost);
  CHECK(has(lost, "与服务器的连接已断开"));

  hall.server.restart();
  REQUIRE(screen.step_until([&] { return app.live(); }, std::chrono::milliseconds(10000)));
  // Back with the state the server kept: A002 at window 3, A001 at window 1.
  CHECK(app.state().snapshot().recent_calls.front().number == "A002");
  screen.screenshot(shots.path("back.png"));
  CHECK(has(ocr(shots.path("back.png"), 1, 20, 38, 24), "A002"));
}

TEST_CASE("a board with nothing new draws next to nothing, and a call it draws is what the window shows") {
  BoardHall hall;
  boost::asio::io_context ctx;
  display::Options o = board_options(hall.server.address());
  o.client.topics = {protocol::Topic::calls, protocol::Topic::queues, protocol::Topic::windows};
  display::DisplayApp app(ctx, o);
  ScreenHarness screen(ctx, app, 1280, 720);
  REQUIRE(screen.step_until([&] { return app.live(); }));
  screen.step(3);
  const std::uint64_t whole = 1280 * 720;
  ui::DrawCounts before = screen.runner().drawing();
  screen.step(60);
  ui::DrawCounts idle = screen.runner().drawing();
  CHECK(idle.frames - before.frames == 60);
  // The clock's seconds and the newest call's blinking, each in its own place; at most one whole
  // frame (drawn whole every ui::Runner::kWholeFrameSeconds). Drawn whole, 60 frames would be 60.
  CHECK(idle.pixels - before.pixels < 2 * whole);

  REQUIRE(hall.admin.request({{"op", "login"}, {"window", 3}, {"clerk", "c3"}, {"pin", "3333"}})["ok"] == true);
  REQUIRE(hall.admin.request({{"op", "call"}, {"window", 3}})["ticket"]["number"] == "A002");
  REQUIRE(screen.step_until([&] { return app.state().snapshot().recent_calls.front().number == "A002"; }));
  screen.step(5);
  TempDir shots;
  screen.shown(shots.path("shown.png"));  // as the window shows it: no frame drawn for the picture
  CHECK(has(ocr(shots.path("shown.png"), 1, 20, 38, 24), "A002"));
}

TEST_CASE("a server of another protocol version: the board says which side to upgrade, not connection lost") {
  NewerServer newer;
  boost::asio::io_context ctx;
  display::Options o = board_options(newer.address());
  display::DisplayApp app(ctx, o);
  ScreenHarness screen(ctx, app, 1280, 720);
  REQUIRE(screen.step_until([&] { return app.client().state() == net::HallClient::State::incompatible; }));
  CHECK(app.client().server_protocols() == protocol::ProtocolRange{2, 2});
  TempDir shots;
  screen.screenshot(shots.path("mismatch.png"));
  CHECK(png_pixel(shots.path("mismatch.png"), 20, 360) == kAlarm);
  std::string text = ocr(shots.path("mismatch.png"), 0, 33, 100, 34, 6);
  INFO("screen: " << text);
  CHECK(has(text, "版本不一致"));
  CHECK(has(text, "请升级"));  // "本终端" follows; OCR reads its last glyph as anything
  CHECK(has(text, "服务器2"));
  CHECK_FALSE(has(text, "连接已断开"));
  // It does not hammer the server: asking again is a minute away.
  screen.step_until([] { return false; }, std::chrono::milliseconds(1500));
  CHECK(newer.refused() == 1);
}

TEST_CASE("guide monitor: the hall's open cases — at departments, due soon, ready at the pickup window") {
  // The demo hall on Monday: one case accepted and handed over to its
  // department, due on Thursday; the monitor looks on Wednesday.
  TempDir dir;
  std::string db = dir.path("hall.db");
  std::string number;
  {
    ServerProcess server(source_path("assets/halls/demo.toml"), db, {"--time", "2026-11-30T09:00"});
    LineClient admin(server.port()), clerk(server.port());
    REQUIRE(admin.hello("admin", "admin", "demo-admin-token")["ok"] == true);
    REQUIRE(clerk.hello("caller", "caller-1", "demo-caller-1-token")["ok"] == true);
    REQUIRE(admin.request({{"op", "take"}, {"service", "A"}})["ok"] == true);
    REQUIRE(clerk.request({{"op", "login"}, {"window", 1}, {"clerk", "c01"}, {"pin", "1001"}}, 20s)["ok"] == true);
    REQUIRE(clerk.request({{"op", "call"}, {"window", 1}})["ok"] == true);
    number = clerk.request({{"op", "case_open"}, {"window", 1}})["case"]["number"];
    REQUIRE(clerk.request({{"op", "case_materials"},
                           {"window", 1},
                           {"number", number},
                           {"materials", {"original", "original", "copy"}}})["ok"] == true);
    REQUIRE(clerk.request({{"op", "case_accept"}, {"window", 1}, {"number", number}})["ok"] == true);
    REQUIRE(admin.request({{"op", "handover_create"}, {"department", "market"}, {"cases", {number}}})["ok"] == true);
    CHECK(server.terminate() == 0);
  }
  ServerProcess server(source_path("assets/halls/demo.toml"), db, {"--time", "2026-12-02T09:00"});
  std::string png = dir.path("monitor-cases.png");
  auto r = run({bin("hallq-display"), "--server", server.address(), "--device", "display-hall", "--token",
                "demo-display-token", "--mode", "monitor", "--screenshot", png, "--no-voice"},
               {"SDL_VIDEODRIVER=dummy"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The strip above the alarms (1920×1080: y 66 %–75 %): its title, then each figure with its words,
  // read cell by cell (the Mongolian under each label is no text to tesseract).
  std::string strip = ocr(png, 0, 66, 12, 9, 6);
  for (int i = 0; i < 5; ++i) strip += ocr(png, 12 + i * 88 / 5, 66, 88 / 5, 9, 6);
  INFO("strip: " << strip);
  CHECK(has(strip, "办件"));
  CHECK(has(strip, "审批中1"));
  CHECK(has(strip, "临期1"));
  // The overdue count's words wrap their Mongolian onto two lines between the label and the figure.
  std::string overdue = ocr(png, 12 + 3 * 88 / 5, 66, 88 / 5, 9, 6);
  INFO("overdue: " << overdue);
  CHECK(has(overdue, "超期"));
  CHECK(has(overdue, "0"));
  CHECK(has(strip, "待领取0"));
  CHECK(png_count(png, kWarn, 0, 66, 100, 9) > 100);  // due soon, in the warning colour
}

TEST_CASE("a training hall's board says so in both languages, framed, and a real hall's does not") {
  TempDir dir;
  ServerProcess server{source_path("tests/data/hall.toml"), dir.path("training.db"), {"--training"}};
  auto shot = [&](const std::string& name, const std::string& address) {
    std::string png = dir.path(name + ".png");
    auto r = run({bin("hallq-display"), "--server", address, "--device", "display-1", "--token", "test-display-token",
                  "--screenshot", png, "--no-voice", "--mode", "hall", "--size", "1920x1080"},
                 {"SDL_VIDEODRIVER=dummy"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return png;
  };
  std::string png = shot("training", server.address());
  std::string corner = ocr(png, 80, 88, 20, 12, 6);
  INFO("corner: " << corner);
  CHECK(has(corner, "培训"));
  CHECK(png_count(png, kAccent, 80, 88, 20, 12) > 1920 * 1080 / 100);  // the tab
  CHECK(png_pixel(png, 1, 1080 / 2) == kAccent);                       // the frame, on the left edge
  CHECK(png_pixel(png, 1918, 1080 / 2) == kAccent);                    // and the right
  // The second line, in Mongolian, is inked on the tab's lower part (black on the accent colour).
  CHECK(png_count(png, 0x000000, 80, 96, 20, 4) > 100);

  BoardHall real;
  std::string plain = real.shot("real", {"--mode", "hall", "--size", "1920x1080"});
  CHECK_FALSE(has(ocr(plain, 80, 88, 20, 12, 6), "培训"));
  CHECK(png_pixel(plain, 1, 1080 / 2) != kAccent);
}
