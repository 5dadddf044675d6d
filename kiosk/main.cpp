// hallq-kiosk: the citizen's touchscreen for tickets, ID cards and appointments.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>

#include "core/net/endpoint.hpp"
#include "core/protocol/envelope.hpp"
#include "core/ui/terminal.hpp"
#include "kiosk/kiosk_app.hpp"

namespace {

constexpr const char* kUsage = R"(usage: hallq-kiosk [options]

  --printer SPEC        usb (default: the first USB printer), usb:VID:PID, file:PATH (the virtual
                        printer: each ticket's ESC/POS bytes to PATH, or to DIR/<number>.bin with
                        file:DIR/, and a PNG picture of it next to them), or none
  --reader SPEC         the ID-card reader: usb, serial, serial:PATH or none (default: USB, then serial)
  --paper 58|80         paper width (default 80)
  --idle SECONDS        back to the home screen, personal data wiped, after this long untouched (default 60)
  --mm-per-px MM        the panel's pixel pitch (default 0.2479: 21.5" at 1920×1080)
  --no-voice            no spoken prompts
  --pickup-service CODE the hall's service for collecting case results, as [cases] pickup_service
                        (default H); the case pages show when the hall has it; "none" hides them
  --walk DIR            walk from the home screen to a printed ticket in Chinese and in Mongolian,
                        saving each screen as DIR/kiosk-<lang>-<step>.png, then exit (0 once both
                        tickets printed, 1 otherwise, saying where it stopped); without --printer
                        it prints on the virtual printer, file:DIR/ (DIR/<number>.bin and .png)
)";

using namespace hallq;

// A scripted citizen: taps through the screens and saves each one.
int walk(const ui::TerminalArgs& args, boost::asio::io_context& ctx, kiosk::KioskApp& app, const std::string& dir) {
  std::filesystem::create_directories(dir);
  ui::Window window({"hallq kiosk", args.width, args.height, false});
  ui::Theme theme;
  ui::Runner runner(window, ctx, app, theme);
  auto steps = [&](int n) {
    for (int k = 0; k < n; ++k) runner.step();
  };
  auto until = [&](const std::function<bool()>& done, int seconds = 15) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!done() && std::chrono::steady_clock::now() < deadline) runner.step();
    return done();
  };
  auto shot = [&](const std::string& name) {
    steps(2);
    std::string path = dir + "/kiosk-" + name + ".png";
    runner.screenshot_next(path);
    runner.step();
    std::printf("%s\n", path.c_str());
  };
  auto tap = [&](const std::string& id) {
    const auto& buttons = runner.ui().buttons();
    auto it = buttons.find(id);
    if (it == buttons.end()) return false;
    ui::Rect r = it->second;  // a copy: the next frame replaces the map
    ui::push_click(r.cx(), r.cy(), true);
    runner.step();
    ui::push_click(r.cx(), r.cy(), false);
    steps(3);
    return true;
  };
  auto stop = [&](const std::string& lang, const std::string& why) {
    std::fprintf(stderr, "hallq-kiosk: the walk stopped (%s): %s\n", lang.c_str(), why.c_str());
    return 1;
  };
  if (!until([&] { return app.live(); })) {
    std::fprintf(stderr, "hallq-kiosk: no server at %s within 15 s\n", args.server.c_str());
    return 1;
  }
  for (const char* lang : {"zh", "mn"}) {
    std::string l = lang;
    until([&] { return app.page() == kiosk::Page::home; }, 30);
    steps(3);
    if (!tap("lang." + l)) return stop(l, "no language button on the home screen");
    shot(l + "-1-home");
    // The first service reachable: through categories until a service page.
    for (int depth = 0; depth < 4 && app.page() != kiosk::Page::service; ++depth) {
      std::string next;
      for (const auto& [id, r] : runner.ui().buttons())
        if (id.rfind("service.", 0) == 0 || id.rfind("cat.", 0) == 0) {
          next = id;
          break;
        }
      if (next.empty() || !tap(next)) return stop(l, "no service to take on the menu");
      if (app.page() == kiosk::Page::menu) shot(l + "-2-menu");
    }
    shot(l + "-3-service");
    if (!tap("take")) return stop(l, "no take button on the service page");
    if (!until([&] { return app.page() == kiosk::Page::result || app.page() == kiosk::Page::message; }))
      return stop(l, "no ticket within 15 s");
    shot(l + "-4-result");
    if (app.page() != kiosk::Page::result) return stop(l, "the server refused the ticket: " + app.message());
    if (!app.printed()) {
      auto printer = app.devices().health().printer;
      return stop(l, app.ticket()->number + " was issued but not printed: the printer is " +
                         std::string(protocol::to_string(printer)) + " (--printer " + app.devices().options().printer +
                         "; file:DIR/ prints on the virtual printer)");
    }
    if (!app.printed_file().empty()) std::printf("%s\n", app.printed_file().c_str());
    tap("done");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  kiosk::Options o;
  ui::TerminalArgs args = ui::terminal_defaults("kiosk-1", "kiosk", 1080, 1920);
  std::string walk_dir;
  bool printer_given = false;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string_view a = argv[i];
      if (ui::take_terminal_flag(args, argc, argv, i)) continue;
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw ui::UsageError(std::string(a) + " needs a value");
        return argv[++i];
      };
      if (a == "--help" || a == "-h") {
        std::cout << kUsage << ui::kTerminalFlags;
        return 0;
      } else if (a == "--printer") {
        o.devices.printer = value();
        printer_given = true;
        if (o.devices.printer != "none" && !printer::valid_printer_spec(o.devices.printer))
          throw ui::UsageError("--printer must be usb, usb:VID:PID, file:PATH or none");
      } else if (a == "--reader") {
        o.devices.reader = value();
        if (o.devices.reader != "none" && !cardreader::valid_reader_spec(o.devices.reader))
          throw ui::UsageError("--reader must be usb, serial, serial:PATH or none");
      } else if (a == "--paper") {
        std::string w = value();
        if (w != "58" && w != "80") throw ui::UsageError("--paper must be 58 or 80");
        o.devices.profile = w == "58" ? printer::Profile::paper_58() : printer::Profile::paper_80();
      } else if (a == "--idle") {
        o.idle_s = std::atof(value().c_str());
        if (o.idle_s < 5) throw ui::UsageError("--idle must be at least 5 seconds");
      } else if (a == "--mm-per-px") {
        o.mm_per_px = std::atof(value().c_str());
        if (o.mm_per_px <= 0) throw ui::UsageError("--mm-per-px must be positive");
      } else if (a == "--pickup-service") {
        o.pickup_service = value();
        if (o.pickup_service == "none") o.pickup_service.clear();
      } else if (a == "--no-voice") {
        o.voice = false;
      } else if (a == "--walk") {
        walk_dir = value();
        if (walk_dir.empty()) throw ui::UsageError("--walk needs a directory");
      } else {
        throw ui::UsageError("unknown argument " + std::string(a));
      }
    }
  } catch (const ui::UsageError& e) {
    std::cerr << "hallq-kiosk: " << e.what() << "\n" << kUsage << ui::kTerminalFlags;
    return 2;
  }
  try {
    o.client = ui::client_options(args);
  } catch (const ui::UsageError& e) {
    std::cerr << "hallq-kiosk: " << e.what() << "\n";
    return 2;
  }
  o.lang = args.lang;
  // A walk is a demonstration: without a printer named, it prints where its screens go.
  if (!walk_dir.empty() && !printer_given) o.devices.printer = "file:" + walk_dir + "/";
  if (!args.screenshot.empty() || args.measure > 0 || !walk_dir.empty()) o.voice = false;  // quiet when only looking
  try {
    if (walk_dir.empty()) ui::require_display(args, "--walk DIR taps through to a printed ticket, saving each screen");
    ui::find_files(args);  // the assets and voice clips, wherever the program was started from
    o.assets = args.assets;
    o.voice_dir = args.voice_dir;
    boost::asio::io_context ctx;
    kiosk::KioskApp app(ctx, o);
    int status = walk_dir.empty() ? ui::run_terminal(args, "hallq kiosk", ctx, app) : walk(args, ctx, app, walk_dir);
    app.client().goodbye();  // closed on purpose: not offline
    return status;
  } catch (const std::exception& e) {
    std::cerr << "hallq-kiosk: " << e.what() << "\n";
    return 1;
  }
}
