#pragma once
// What every hallq terminal program (display, caller, kiosk) shares on its
// command line and in main(): the server and device credentials, window size,
// --screenshot, --measure, the assets directory and language; then the window
// and the frame loop.
//
//   --server HOST:PORT   default $HALLQ_SERVER or 127.0.0.1:<protocol::kDefaultPort>
//   --device ID          default $HALLQ_DEVICE or the program's own
//   --token T            default $HALLQ_TOKEN
//   --role ROLE          default $HALLQ_ROLE or the program's own
//   --tls-ca FILE        default $HALLQ_TLS_CA; with it the connection is TLS
//   --size WxH, --fullscreen, --screenshot FILE, --measure N, --assets DIR, --lang zh|mn|en

#include <stdexcept>
#include <string>

#include <boost/asio/io_context.hpp>

#include "core/config/i18n.hpp"
#include "core/net/hall_client.hpp"
#include "core/ui/app.hpp"

namespace hallq::ui {

struct TerminalArgs {
  std::string server, device, token, role;
  std::string tls_ca;  // the CA certificate the server's must chain to; empty: plain TCP
  int width = 1920, height = 1080;
  bool fullscreen = false;
  std::string screenshot;  // write the first live frame here and exit
  int measure = 0;         // draw this many frames once live, print their times, exit
  std::string assets;      // --assets DIR; after find_files(): the assets directory in use
  std::string voice_dir;   // after find_files(): the generated voice clips ("" if there are none)
  std::string lang = "zh";
};

// A bad command line; the message says what is wrong.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Defaults from the environment and the program's own device and role.
TerminalArgs terminal_defaults(const std::string& device, const std::string& role, int width, int height);

// If argv[i] is one of the shared flags, takes it (and its value, advancing i)
// and returns true. Throws UsageError for a bad value.
bool take_terminal_flag(TerminalArgs& args, int argc, char** argv, int& i);

// The connection the flags describe, subscribed to `topics`. Throws UsageError
// for a bad --server or --role.
net::ClientOptions client_options(const TerminalArgs& args, std::vector<protocol::Topic> topics = {});

// The help text for the shared flags; without `lang`, the --lang line (a program whose texts'
// languages are not the user's choice says so in its own usage).
std::string terminal_flags(bool lang = true);
extern const std::string kTerminalFlags;  // terminal_flags(true)

// Finds the program's files once the command line is read: args.assets (the
// --assets DIR given, else $HALLQ_ASSETS, else next to the executable) and
// args.voice_dir (config::find_assets and find_generated_voice,
// core/config/paths.hpp). Throws std::runtime_error saying where it looked.
void find_files(TerminalArgs& args);

// Whether a window can be shown: $DISPLAY or $WAYLAND_DISPLAY is set, or $SDL_VIDEODRIVER chooses a
// video driver on purpose (dummy, kmsdrm, …).
bool display_available();

// Call before anything opens a window or the sound: throws std::runtime_error saying there is no
// display and how to get a picture without one (--screenshot FILE, and `headless_hint`, e.g. the
// kiosk's --walk DIR) when the program is to show a window (no --screenshot or --measure) and
// display_available() is false. Without it SDL's dummy driver would draw for nobody, forever.
void require_display(const TerminalArgs& args, const std::string& headless_hint = {});

// Why the server refused this terminal's protocol versions, and which side to upgrade, in `words`'
// language ("本终端较旧（协议 1，服务器 2）：请升级本终端的软件"; common.upgrade_terminal or
// common.upgrade_server). Empty unless client.state() is incompatible. Screens show it under
// common.version_mismatch instead of "connection lost": retrying will not help, upgrading will.
std::string version_mismatch_hint(const net::HallClient& client, const config::Translations& words);

// Opens the window and runs `screen` until it is closed; or writes the
// screenshot, or measures. Returns the exit status.
int run_terminal(const TerminalArgs& args, const std::string& title, boost::asio::io_context& ctx, Screen& screen);

}  // namespace hallq::ui
