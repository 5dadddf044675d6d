#pragma once
// A kiosk booth for the kiosk's flow tests (kiosk_test.cpp, kiosk_case_pages_test.cpp): hallq-kiosk
// with a fake USB ticket printer and ID-card reader (umockdev: the real libusb code runs), the
// hall's real server, and the taps, screens and slips a citizen would see. Test-only.

#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/config/i18n.hpp"
#include "core/domain/time.hpp"
#include "core/net/endpoint.hpp"
#include "drivers/printer/escpos_decode.hpp"
#include "kiosk/kiosk_app.hpp"
#include "tests/drivers/fake_usb.hpp"
#include "tests/drivers/usb_fakes.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/printed.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

namespace hallq::test {

using json = nlohmann::json;
using namespace std::chrono_literals;

inline constexpr const char* kCardNumber = "150502198802151230";  // the fake reader's card: 包巴特尔

struct BoothOptions {
  bool reader = true;
  double idle_s = 60, result_s = 60, patience_s = 15;
  bool voice = false;
  int width = 1080, height = 1920;  // portrait, as kiosks stand
  // The hall: the test hall, or the demo hall (its cases, departments and
  // pickup service H) on a Thursday morning.
  bool demo = false;
  bool training = false;  // the server is a training hall's (hallq-server --training)
  // Changes to the hall's file: each text replaced by the other, once.
  std::vector<std::pair<std::string, std::string>> hall_edits = {};
};

// The hall's configuration file for these options: the test or demo hall, as edited.
inline std::string booth_hall(const TempDir& dir, const BoothOptions& b) {
  std::string path = source_path(b.demo ? "assets/halls/demo.toml" : "tests/data/hall.toml");
  if (b.hall_edits.empty()) return path;
  std::string text = read_file(path);
  for (const auto& [from, to] : b.hall_edits) {
    auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    text.replace(at, from.size(), to);
  }
  return dir.write("hall.toml", text);
}

inline constexpr const char* kDemoMorning = "2026-11-26T09:00";

// A kiosk with its printer and card reader, and the hall's server.
struct Booth {
  TempDir dir;
  FakeBus fake;
  std::shared_ptr<PrinterFirmware> printer = std::make_shared<PrinterFirmware>();
  std::shared_ptr<SplitPipeReader> reader = std::make_shared<SplitPipeReader>();
  int printer_dev = fake.plug(printer_spec(), printer);
  int reader_dev = -1;
  ServerProcess server;
  std::unique_ptr<LineClient> admin_ = std::make_unique<LineClient>(server.port());
  boost::asio::io_context ctx;
  std::unique_ptr<kiosk::KioskApp> app;
  std::unique_ptr<ScreenHarness> screen;
  config::Translations zh = config::Translations::load(source_path("assets/i18n"), "zh");

  explicit Booth(BoothOptions b = {})
      : server(booth_hall(dir, b), dir.path("hall.db"),
               b.demo       ? std::vector<std::string>{"--time", kDemoMorning}
               : b.training ? std::vector<std::string>{"--training"}
                            : std::vector<std::string>{}) {
    if (b.reader) reader_dev = fake.plug(reader_spec(), reader);
    if (b.demo)
      admin_->hello("admin", "admin", "demo-admin-token");
    else
      hello_admin(*admin_);
    kiosk::Options o;
    o.client.server = *net::parse_host_port(server.address(), 0);
    o.client.role = protocol::Role::kiosk;
    o.client.device = "kiosk-1";
    o.client.token = b.demo ? "demo-kiosk-1-token" : "test-kiosk-token";
    o.client.request_timeout = 1500ms;
    o.client.max_backoff = 300ms;
    o.lang = "zh";
    o.assets = source_path("assets");
    o.voice = b.voice;
    o.voice_dir = HALLQ_BIN_DIR "/../voice";
    o.idle_s = b.idle_s;
    o.result_s = o.result_unprinted_s = b.result_s;
    o.take_patience_s = b.patience_s;
    o.devices.printer = "usb";
    o.devices.reader = b.reader ? "usb" : "none";
    o.devices.profile = printer::Profile::paper_58();  // the QR code goes as an image: readable from the bytes
    o.devices.health_every = 300ms;
    o.devices.card_wait = 1500ms;
    app = std::make_unique<kiosk::KioskApp>(ctx, o);
    screen = std::make_unique<ScreenHarness>(ctx, *app, b.width, b.height);
    std::string home = b.demo ? "case.collect" : "service.A";  // the demo hall's home shows categories
    REQUIRE(screen->step_until([&] { return app->live() && screen->has_button(home); }, 10s));
    REQUIRE(screen->step_until([&] { return app->devices().health().printer == protocol::PrinterState::ready; }, 5s));
  }

  void tap(const std::string& id) {
    REQUIRE(screen->step_until([&] { return screen->has_button(id); }, 5s));
    screen->click(id);
    screen->step(2);
  }
  bool reach(kiosk::Page p, std::chrono::milliseconds wait = 10s) {
    return screen->step_until([&] { return app->page() == p; }, wait);
  }
  LineClient& admin() { return *admin_; }
  // After the server was restarted.
  void reconnect_admin() {
    admin_ = std::make_unique<LineClient>(server.port());
    hello_admin(*admin_);
  }
  json ticket(const std::string& number) { return admin_->request({{"op", "status"}, {"number", number}})["ticket"]; }
  int issued(const std::string& service) {
    json snap = admin_->request({{"op", "snapshot"}});  // kept: the loop reads into it
    for (const auto& s : snap["services"])
      if (s["code"] == service) return s["issued"];
    return -1;
  }
  PrintedBytes printed() {
    PrintedBytes out;
    fake.with(printer_dev, [&](Firmware&) { out = printer->printed; });
    return out;
  }
  std::string shot(const std::string& name) {
    std::string path = dir.path(name + ".png");
    screen->screenshot(path);
    return path;
  }
  // Takes a ticket for `service` with taps: its tile, then take (or take with the card).
  void take(const std::string& service, bool card = false) {
    tap("service." + service);
    REQUIRE(reach(kiosk::Page::service));
    tap(card ? "take_card" : "take");
  }
  // Every button on this screen is big enough for a finger.
  void check_targets() {
    screen->step();
    CHECK(app->smallest_target_mm(screen->runner().ui()) >= 15.0);
  }
  // 呼叫帮办 is on this page and covers no other button.
  void check_help_apart() {
    screen->step();
    const auto& buttons = screen->runner().ui().buttons();
    REQUIRE(buttons.count("help") == 1);
    const ui::Rect& h = buttons.at("help");
    for (const auto& [id, b] : buttons) {
      if (id == "help") continue;
      bool apart = b.x >= h.x + h.w || h.x >= b.x + b.w || b.y >= h.y + h.h || h.y >= b.y + b.h;
      CHECK_MESSAGE(apart, "the help button covers " << id);
    }
  }
};

inline std::string now_hhmm() {
  auto local = domain::to_local(domain::SystemClock{}.now());
  return domain::format_hhmm(local.minute);
}

}  // namespace hallq::test
