// hallq-display: the hall board, a window's screen, or the guides' monitor.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include <SDL.h>

#include "display/display_app.hpp"
#include "net/endpoint.hpp"

namespace {

constexpr const char* kUsage = R"(usage: hallq-display [--mode hall|window|monitor] [--window N] [options]

  --mode hall           the hall board: calls, windows, waiting per service, clock, notice (default)
  --mode window         one window's screen (--window N)
  --mode monitor        the guides' monitor: queues, windows, alarms
  --server HOST:PORT    default $HALLQ_SERVER or 127.0.0.1:7700
  --device ID --token T default $HALLQ_DEVICE / $HALLQ_TOKEN (device "display-hall")
  --role ROLE           default display ($HALLQ_ROLE)
  --size WxH            window size (default 1920x1080; portrait works too)
  --fullscreen
  --no-voice            do not announce calls
  --screenshot FILE     write the first frame with live data as a PNG and exit
  --measure N           draw N frames once live and print draw times (ms), then exit
  --assets DIR          assets directory (default: found next to the build)
)";

int usage(const std::string& problem) {
  std::cerr << "hallq-display: " << problem << "\n" << kUsage;
  return 2;
}

std::string env_or(const char* name, std::string def) {
  const char* v = std::getenv(name);
  return v && *v ? v : def;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hallq;
  display::Options o;
  std::string server = env_or("HALLQ_SERVER", "127.0.0.1:7700");
  o.client.device = env_or("HALLQ_DEVICE", "display-hall");
  o.client.token = env_or("HALLQ_TOKEN", "");
  o.client.role = env_or("HALLQ_ROLE", "display");
  int width = 1920, height = 1080, measure = 0;
  std::string mode_name = "hall";
  bool fullscreen = false;
  ui::RunOptions run;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) std::exit(usage(std::string(a) + " needs a value"));
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--mode") {
      std::string m = value();
      mode_name = m;
      if (m == "hall") o.mode = display::Mode::hall;
      else if (m == "window") o.mode = display::Mode::window;
      else if (m == "monitor") o.mode = display::Mode::monitor;
      else return usage("--mode must be hall, window or monitor");
    } else if (a == "--window") {
      o.window = std::atoi(value().c_str());
      if (o.window <= 0) return usage("--window must be a window number");
    } else if (a == "--server") {
      server = value();
    } else if (a == "--device") {
      o.client.device = value();
    } else if (a == "--token") {
      o.client.token = value();
    } else if (a == "--role") {
      o.client.role = value();
    } else if (a == "--size") {
      std::string s = value();
      if (std::sscanf(s.c_str(), "%dx%d", &width, &height) != 2 || width < 320 || height < 240 || width > 7680 || height > 7680)
        return usage("--size must be WIDTHxHEIGHT, e.g. 1920x1080");
    } else if (a == "--fullscreen") {
      fullscreen = true;
    } else if (a == "--no-voice") {
      o.voice = false;
    } else if (a == "--screenshot") {
      run.screenshot = value();
    } else if (a == "--measure") {
      measure = std::atoi(value().c_str());
    } else if (a == "--assets") {
      o.assets = value();
    } else {
      return usage("unknown argument " + std::string(a));
    }
  }
  if (o.mode == display::Mode::window && o.window <= 0) return usage("--mode window needs --window N");
  auto hp = net::parse_host_port(server, 7700);
  if (!hp) return usage("--server must be HOST:PORT");
  o.client.server = *hp;
  o.client.topics = {"calls", "queues", "windows", "alarms"};
  if (o.assets.empty()) o.assets = ui::assets_dir();
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) o.voice_dir = (exe.parent_path().parent_path() / "voice").string();
  if (!run.screenshot.empty() || measure > 0) o.voice = o.voice && false;  // quiet when only looking

  try {
    boost::asio::io_context ctx;
    display::DisplayApp app(ctx, o);
    ui::Window window({o.mode == display::Mode::monitor ? "hallq monitor" : "hallq display", width, height, fullscreen});
    ui::Theme theme;
    ui::Runner runner(window, ctx, app, theme);
    if (measure > 0) {
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
      while (!app.live() && std::chrono::steady_clock::now() < deadline) runner.step();
      if (!app.live()) {
        std::fprintf(stderr, "hallq-display: no live data to measure (%s)\n", app.client().problem().c_str());
        return 1;
      }
      auto st = runner.measure(measure);
      std::printf("%dx%d %s: %zu frames, draw p50 %.2f ms, p99 %.2f ms, max %.2f ms; present p50 %.2f ms, p99 %.2f ms "
                  "(video driver %s, text cache %zu entries)\n",
                  width, height, mode_name.c_str(), st.frames, st.draw_p50, st.draw_p99, st.draw_max, st.present_p50,
                  st.present_p99, SDL_GetCurrentVideoDriver(), runner.cache().size());
      return 0;
    }
    return runner.run(run);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-display: %s\n", e.what());
    return 1;
  }
}
