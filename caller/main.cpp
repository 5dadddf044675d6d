// hallq-caller: the clerk's terminal for one window.
#include <iostream>
#include <string>
#include <string_view>

#include "caller/caller_app.hpp"
#include "core/net/endpoint.hpp"
#include "core/protocol/envelope.hpp"
#include "core/ui/terminal.hpp"
#include "drivers/cardreader/reader.hpp"
#include "drivers/printer/printer.hpp"

namespace {

constexpr const char* kUsage = R"(usage: hallq-caller [--window N] [options]

  --window N            the window (default: the one the device is bound to in the hall config)
  --printer SPEC        the window's receipt printer for case papers: usb (the first USB printer),
                        usb:VID:PID, file:PATH (the virtual printer: each paper's ESC/POS bytes to
                        PATH, or to DIR/<paper>-<case>.bin with a PNG picture beside it) or none
                        (default: none)
  --reader SPEC         the window's ID-card reader (pickup windows): usb, serial, serial:PATH or
                        none (default: none)
  --paper 58|80         paper width (default 80)

Keys: Space call next, R recall, N no-show, F finish, T transfer, P pause/resume,
C call a number, K the case (办件) panel, Esc closes a dialog.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace hallq;
  caller::Options o;
  ui::TerminalArgs args = ui::terminal_defaults("caller-1", "caller", 1280, 800);
  try {
    for (int i = 1; i < argc; ++i) {
      std::string_view a = argv[i];
      if (ui::take_terminal_flag(args, argc, argv, i)) continue;
      if (a == "--help" || a == "-h") {
        std::cout << kUsage << ui::kTerminalFlags;
        return 0;
      } else if (a == "--window" && i + 1 < argc) {
        o.window = std::atoi(argv[++i]);
        if (o.window <= 0) throw ui::UsageError("--window must be a window number");
      } else if (a == "--printer" && i + 1 < argc) {
        o.devices.printer = argv[++i];
        if (o.devices.printer != "none" && !printer::valid_printer_spec(o.devices.printer))
          throw ui::UsageError("--printer must be usb, usb:VID:PID, file:PATH or none");
      } else if (a == "--reader" && i + 1 < argc) {
        o.devices.reader = argv[++i];
        if (o.devices.reader != "none" && !cardreader::valid_reader_spec(o.devices.reader))
          throw ui::UsageError("--reader must be usb, serial, serial:PATH or none");
      } else if (a == "--paper" && i + 1 < argc) {
        std::string_view w = argv[++i];
        if (w != "58" && w != "80") throw ui::UsageError("--paper must be 58 or 80");
        o.devices.profile = w == "58" ? printer::Profile::paper_58() : printer::Profile::paper_80();
      } else {
        throw ui::UsageError("unknown argument " + std::string(a));
      }
    }
  } catch (const ui::UsageError& e) {
    std::cerr << "hallq-caller: " << e.what() << "\n" << kUsage << ui::kTerminalFlags;
    return 2;
  }
  try {
    o.client = ui::client_options(args);
  } catch (const ui::UsageError& e) {
    std::cerr << "hallq-caller: " << e.what() << "\n";
    return 2;
  }
  o.lang = args.lang;
  try {
    ui::require_display(args);
    ui::find_files(args);  // the assets and voice clips, wherever the program was started from
    o.assets = args.assets;
    boost::asio::io_context ctx;
    caller::CallerApp app(ctx, o);
    int status = ui::run_terminal(args, "hallq caller", ctx, app);
    app.client().goodbye();  // closed on purpose: not offline
    return status;
  } catch (const std::exception& e) {
    std::cerr << "hallq-caller: " << e.what() << "\n";
    return 1;
  }
}
