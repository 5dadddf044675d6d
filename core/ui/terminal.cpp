#include "core/ui/terminal.hpp"

#include <SDL.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/config/paths.hpp"
#include "core/protocol/envelope.hpp"

namespace hallq::ui {
namespace {
std::string env_or(const char* name, const std::string& def) {
  const char* v = std::getenv(name);
  return v && *v ? v : def;
}

std::string default_server() {
  return "127.0.0.1:" + std::to_string(protocol::kDefaultPort);
}
}  // namespace

std::string terminal_flags(bool lang) {
  return "  --server HOST:PORT    the hallq server (default $HALLQ_SERVER or " + default_server() + ")\n" +
         R"(  --device ID           this terminal's device id (default $HALLQ_DEVICE)
  --token T             its token (default $HALLQ_TOKEN)
  --role ROLE           its role (default $HALLQ_ROLE)
  --tls-ca FILE         connect over TLS; the server's certificate must chain to this CA
                        (default $HALLQ_TLS_CA; none: plain TCP)
  --size WxH            window size (portrait: height over width, e.g. 1080x1920)
  --fullscreen
)" + std::string(lang ? "  --lang zh|mn|en       language of the texts\n" : "") +
         R"(  --screenshot FILE     write the first frame with live data as a PNG and exit (1 if none in 15 s)
  --measure N           once live, draw N frames and print draw and present times, then exit
  --assets DIR          assets directory (default: $HALLQ_ASSETS, else ../share/hallq from the
                        program's directory, or the source tree's assets/ when run from the build)
)";
}

const std::string kTerminalFlags = terminal_flags(true);

std::string version_mismatch_hint(const net::HallClient& client, const config::Translations& words) {
  const auto& server = client.server_protocols();
  if (client.state() != net::HallClient::State::incompatible || !server) return {};
  const protocol::ProtocolRange ours;
  auto range = [](protocol::ProtocolRange p) {
    return p.min == p.max ? std::to_string(p.max) : std::to_string(p.min) + "–" + std::to_string(p.max);
  };
  const bool terminal_older = ours.max < server->min;
  return words.get(terminal_older ? "common.upgrade_terminal" : "common.upgrade_server",
                   {{"ours", range(ours)}, {"server", range(*server)}});
}

net::ClientOptions client_options(const TerminalArgs& args, std::vector<protocol::Topic> topics) {
  auto hp = net::parse_host_port(args.server, protocol::kDefaultPort);
  if (!hp) throw UsageError("--server must be HOST:PORT");
  auto role = protocol::enum_from_string<protocol::Role>(args.role);
  if (!role) throw UsageError("--role must be one of " + std::string(protocol::enum_choices<protocol::Role>()));
  net::ClientOptions o;
  o.server = *hp;
  o.role = *role;
  o.device = args.device;
  o.token = args.token;
  o.topics = std::move(topics);
  o.tls_ca = args.tls_ca;
  return o;
}

TerminalArgs terminal_defaults(const std::string& device, const std::string& role, int width, int height) {
  TerminalArgs a;
  a.server = env_or("HALLQ_SERVER", default_server());
  a.device = env_or("HALLQ_DEVICE", device);
  a.token = env_or("HALLQ_TOKEN", "");
  a.role = env_or("HALLQ_ROLE", role);
  a.tls_ca = env_or("HALLQ_TLS_CA", "");
  a.width = width;
  a.height = height;
  return a;
}

bool take_terminal_flag(TerminalArgs& args, int argc, char** argv, int& i) {
  std::string_view flag = argv[i];
  auto value = [&]() -> std::string {
    if (i + 1 >= argc) throw UsageError(std::string(flag) + " needs a value");
    return argv[++i];
  };
  if (flag == "--server")
    args.server = value();
  else if (flag == "--device")
    args.device = value();
  else if (flag == "--token")
    args.token = value();
  else if (flag == "--role")
    args.role = value();
  else if (flag == "--tls-ca")
    args.tls_ca = value();
  else if (flag == "--fullscreen")
    args.fullscreen = true;
  else if (flag == "--screenshot")
    args.screenshot = value();
  else if (flag == "--assets")
    args.assets = value();
  else if (flag == "--size") {
    std::string s = value();
    if (std::sscanf(s.c_str(), "%dx%d", &args.width, &args.height) != 2 || args.width < 320 || args.height < 240 ||
        args.width > 7680 || args.height > 7680)
      throw UsageError("--size must be WIDTHxHEIGHT, e.g. 1920x1080");
  } else if (flag == "--measure") {
    args.measure = std::atoi(value().c_str());
    if (args.measure <= 0) throw UsageError("--measure needs a number of frames");
  } else if (flag == "--lang") {
    args.lang = value();
    if (args.lang != "zh" && args.lang != "mn" && args.lang != "en") throw UsageError("--lang must be zh, mn or en");
  } else {
    return false;
  }
  return true;
}

void find_files(TerminalArgs& args) {
  args.assets = config::find_assets(args.assets);
  args.voice_dir = config::find_generated_voice();
}

bool display_available() {
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"})
    if (const char* v = std::getenv(name); v && *v) return true;
  return false;
}

void require_display(const TerminalArgs& args, const std::string& headless_hint) {
  if (!args.screenshot.empty() || args.measure > 0 || display_available()) return;
  std::string hint = "--screenshot FILE writes the first live frame as a PNG and exits";
  if (!headless_hint.empty()) hint += "; " + headless_hint;
  throw std::runtime_error("no display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are not set): " + hint +
                           " (docs/screens.md)");
}

namespace {
// The most this process has been resident (VmHWM), in KiB; 0 if unknown.
long peak_resident_kib() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0;
  long kib = 0;
  char line[256];
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
  std::fclose(f);
  return kib;
}
}  // namespace

int run_terminal(const TerminalArgs& args, const std::string& title, boost::asio::io_context& ctx, Screen& screen) {
  Window window({title, args.width, args.height, args.fullscreen});
  Theme theme;
  Runner runner(window, ctx, screen, theme);
  if (args.measure > 0) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    // Whole frames: the first live one is timed as a whole frame drawn with nothing cached.
    while (!screen.live() && std::chrono::steady_clock::now() < deadline) runner.step(true);
    if (!screen.live()) {
      std::fprintf(stderr, "%s: no live data to measure within 15 s\n", title.c_str());
      return 1;
    }
    double cold = runner.draw_ms().empty() ? 0 : runner.draw_ms().back();  // the first live frame: nothing cached
    auto st = runner.measure(args.measure);
    std::printf(
        "%dx%d %s: %zu frames, draw p50 %.2f ms, p99 %.2f ms, max %.2f ms; present p50 %.2f ms, p99 %.2f ms; "
        "first live frame %.1f ms (video driver %s, text cache %zu entries, %zu font faces); peak resident %.1f MiB\n",
        args.width, args.height, title.c_str(), st.frames, st.draw_p50, st.draw_p99, st.draw_max, st.present_p50,
        st.present_p99, cold, SDL_GetCurrentVideoDriver(), runner.cache().size(), runner.fonts().open_faces(),
        peak_resident_kib() / 1024.0);
    return 0;
  }
  RunOptions run;
  run.screenshot = args.screenshot;
  return runner.run(run);
}

}  // namespace hallq::ui
