// hallq-display: the hall board, a window's screen, or the guides' monitor.
#include <iostream>
#include <string>
#include <string_view>

#include "core/net/endpoint.hpp"
#include "core/protocol/envelope.hpp"
#include "core/ui/terminal.hpp"
#include "display/display_app.hpp"

namespace {

constexpr const char* kUsage = R"(usage: hallq-display [--mode hall|window|rating|monitor] [--window N] [options]

  --mode hall           the hall board: calls, windows, waiting per service, clock, notice (default)
  --mode window         one window's screen (--window N); it turns into the rating pad (好差评)
                        when the window finishes a visit, if its device is bound to the window
  --mode rating         a separate rating pad for window N (--window N), its device bound to it
  --mode monitor        the guides' monitor: queues, windows, alarms; a landscape screen only
                        (a portrait --size is refused)
  --no-voice            do not announce calls

  No --lang: every mode shows Chinese with Mongolian under it, the hall's two languages (the
  guides' monitor too); the rating pad speaks the language the citizen chose at the kiosk.

)";

}  // namespace

int main(int argc, char** argv) {
  using namespace hallq;
  display::Options o;
  ui::TerminalArgs args = ui::terminal_defaults("display-hall", "display", 1920, 1080);
  try {
    for (int i = 1; i < argc; ++i) {
      std::string_view a = argv[i];
      if (a == "--lang")
        throw ui::UsageError(
            "--lang is not taken: every mode shows Chinese with Mongolian under it (the hall's languages), "
            "and the rating pad speaks the language the citizen chose at the kiosk");
      if (ui::take_terminal_flag(args, argc, argv, i)) continue;
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw ui::UsageError(std::string(a) + " needs a value");
        return argv[++i];
      };
      if (a == "--help" || a == "-h") {
        std::cout << kUsage << ui::terminal_flags(false);
        return 0;
      } else if (a == "--mode") {
        std::string m = value();
        if (m == "hall")
          o.mode = display::Mode::hall;
        else if (m == "window")
          o.mode = display::Mode::window;
        else if (m == "rating")
          o.mode = display::Mode::rating;
        else if (m == "monitor")
          o.mode = display::Mode::monitor;
        else
          throw ui::UsageError("--mode must be hall, window, rating or monitor");
      } else if (a == "--window") {
        o.window = std::atoi(value().c_str());
        if (o.window <= 0) throw ui::UsageError("--window must be a window number");
      } else if (a == "--no-voice") {
        o.voice = false;
      } else {
        throw ui::UsageError("unknown argument " + std::string(a));
      }
    }
    if ((o.mode == display::Mode::window || o.mode == display::Mode::rating) && o.window <= 0)
      throw ui::UsageError("--mode window and --mode rating need --window N");
    // Two tables side by side and strips of five figures: the monitor is laid out for landscape only.
    if (o.mode == display::Mode::monitor && args.height > args.width)
      throw ui::UsageError("--mode monitor needs a landscape screen: --size " + std::to_string(args.width) + "x" +
                           std::to_string(args.height) + " is portrait (e.g. --size 1920x1080)");
  } catch (const ui::UsageError& e) {
    std::cerr << "hallq-display: " << e.what() << "\n" << kUsage << ui::terminal_flags(false);
    return 2;
  }
  try {
    o.client = ui::client_options(args, {protocol::Topic::calls, protocol::Topic::queues, protocol::Topic::windows,
                                         protocol::Topic::alarms, protocol::Topic::cases, protocol::Topic::ratings});
  } catch (const ui::UsageError& e) {
    std::cerr << "hallq-display: " << e.what() << "\n";
    return 2;
  }
  if (!args.screenshot.empty() || args.measure > 0) o.voice = false;  // quiet when only looking

  try {
    ui::require_display(args);
    ui::find_files(args);  // the assets and voice clips, wherever the program was started from
    o.assets = args.assets;
    o.voice_dir = args.voice_dir;
    boost::asio::io_context ctx;
    display::DisplayApp app(ctx, o);
    const char* title = o.mode == display::Mode::monitor  ? "hallq monitor"
                        : o.mode == display::Mode::window ? "hallq window screen"
                        : o.mode == display::Mode::rating ? "hallq rating pad"
                                                          : "hallq hall board";
    int status = ui::run_terminal(args, title, ctx, app);
    app.client().goodbye();  // closed on purpose: not offline
    return status;
  } catch (const std::exception& e) {
    std::cerr << "hallq-display: " << e.what() << "\n";
    return 1;
  }
}
