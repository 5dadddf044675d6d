// The install tree as a user gets it: `cmake --install` into a temporary prefix
// (the ctest fixture install_into_a_temporary_prefix, tests/install/CMakeLists.txt),
// then every installed program run from / with $HALLQ_ASSETS emptied, so that
// nothing is found by luck in the working directory, the source tree or the build.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/config/paths.hpp"
#include "core/ui/voice.hpp"
#include "tests/support/printed.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;
namespace fs = std::filesystem;

namespace {

const std::string kPrefix = HALLQ_INSTALL_TEST_PREFIX;

std::string installed(const std::string& relative) {
  return kPrefix + "/" + relative;
}

// Every case needs the fixture's install; run alone, a case says how to make one.
void require_install() {
  INFO("no install tree at " << kPrefix
                             << ": run through ctest (its fixture installs), or cmake --install <build> --prefix "
                             << kPrefix);
  REQUIRE(fs::is_regular_file(installed("bin/hallq-server")));
}

// Runs an installed program with / as its working directory, headless.
RunResult from_root(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
  std::vector<std::string> all = {"HALLQ_ASSETS=", "SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=dummy"};
  all.insert(all.end(), env.begin(), env.end());  // later ones win
  return run(argv, all, {}, std::chrono::seconds(30), "/");
}

// A screenshot someone could look at: the size asked for, and more than a
// blank or one-colour frame (text alone brings dozens of anti-aliased shades).
void check_picture(const std::string& png, int width, int height) {
  INFO(png);
  REQUIRE(fs::is_regular_file(png));
  auto r = run({"identify", "-format", "%w %h %k", png});
  int w = 0, h = 0;
  long colours = 0;
  REQUIRE(std::sscanf(r.out.c_str(), "%d %d %ld", &w, &h, &colours) == 3);
  CHECK(w == width);
  CHECK(h == height);
  CHECK(colours > 64);
}

// The installed server on the installed sample configuration, started from /.
struct InstalledHall {
  TempDir dir;
  ServerProcess server{
      installed("etc/hallq/hall.toml.example"), dir.path("hall.db"), {}, {installed("bin/hallq-server"), "/"}};

  // `program --screenshot` against this server; the PNG.
  std::string shot(const std::string& program, const std::string& name, std::vector<std::string> args,
                   const std::vector<std::string>& env = {}) {
    std::string png = dir.path(name + ".png");
    std::vector<std::string> argv = {program, "--server", server.address(), "--screenshot", png};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = from_root(argv, env);
    INFO(name << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    return png;
  }
};

}  // namespace

TEST_CASE("installed: hallq-server starts from / on the sample configuration and hallqctl pings it") {
  require_install();
  InstalledHall hall;
  auto r = from_root({installed("bin/hallqctl"), "--server", hall.server.address(), "ping"},
                     {"HALLQ_TOKEN=demo-admin-token"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "pong "));
}

TEST_CASE("installed: hallq-devices prints a test ticket from / with the installed demo hall and words") {
  require_install();
  TempDir dir;
  auto r = from_root({installed("bin/hallq-devices"), "print-test", "--printer", "file:" + dir.path("t.bin")});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(fs::is_regular_file(dir.path("t.bin")));
  std::string text = text_by_iconv(read_bytes(dir.path("t.bin")), dir);
  INFO("slip: " << text);
  CHECK(has(text, "通辽经济技术开发区政务服务中心"));  // share/hallq/halls/demo.toml
  CHECK(has(text, "A001"));
  // Its picture, read as a phone would: the QR code links a visit page as a ticket's does, at the
  // example address (no --config: no hall's status_url to use), with a token its pages refuse.
  const std::string qr = zbar(dir.path("t.png"));
  CHECK(has(qr, "https://hallq.example/v/"));
  CHECK(has(qr, "-A001-"));
}

TEST_CASE("installed: hallq-display draws the hall board, a window screen and the monitor from /") {
  require_install();
  InstalledHall hall;
  std::string display = installed("bin/hallq-display");
  std::string board =
      hall.shot(display, "board", {"--mode", "hall", "--device", "display-hall", "--token", "demo-display-token"});
  check_picture(board, 1920, 1080);
  std::string header = ocr(board, 0, 0, 70, 7, 6);
  INFO("header: " << header);
  CHECK(has(header, "政务服务中心"));  // the hall's name, from the installed configuration
  std::string window = hall.shot(display, "window-1",
                                 {"--mode", "window", "--window", "1", "--device", "display-window-1", "--token",
                                  "demo-display-window-1-token", "--size", "1280x720"});
  check_picture(window, 1280, 720);
  std::string monitor = hall.shot(display, "monitor",
                                  {"--mode", "monitor", "--device", "guide-1", "--token", "demo-guide-token", "--role",
                                   "guide", "--size", "1600x900"});
  check_picture(monitor, 1600, 900);
}

TEST_CASE("installed: hallq-caller and hallq-kiosk draw their first screens from /") {
  require_install();
  InstalledHall hall;
  check_picture(
      hall.shot(installed("bin/hallq-caller"), "caller", {"--device", "caller-3", "--token", "demo-caller-3-token"}),
      1280, 800);
  check_picture(hall.shot(installed("bin/hallq-kiosk"), "kiosk",
                          {"--device", "kiosk-1", "--token", "demo-kiosk-1-token", "--printer", "none", "--reader",
                           "none", "--size", "720x1280"}),
                720, 1280);
}

TEST_CASE("installed: the voice clips are found from bin/ and make a whole call") {
  require_install();
  std::string assets = config::find_assets("", nullptr, installed("bin"));
  std::string voice = config::find_generated_voice(installed("bin"));
  CHECK(assets == installed("share/hallq"));
  CHECK(voice == installed("share/hallq/generated-voice"));
  ui::ClipLibrary clips(assets, {assets + "/voice", voice});
  CHECK(clips.missing("zh").empty());
  CHECK(clips.render_call("zh", "A001", 3).has_value());
}

TEST_CASE("installed: hallq-bench runs the hallq-server beside it") {
  require_install();
  TempDir dir;
  auto r = from_root({installed("bin/hallq-bench"), "idle", "--connections", "20", "--dir", dir.path("")});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "idle: 20 connections"));
}

TEST_CASE("a program away from its share/hallq says where it looked, and takes --assets or HALLQ_ASSETS") {
  require_install();
  TempDir dir;
  fs::create_directories(dir.path("bin"));
  std::string caller = dir.path("bin/hallq-caller");
  fs::copy_file(installed("bin/hallq-caller"), caller);
  auto lost = from_root({caller, "--device", "caller-3", "--token", "demo-caller-3-token"});
  CHECK(lost.exit_code == 1);
  CHECK(lost.err == "hallq-caller: no assets found: looked in " + dir.path("share/hallq") +
                        "; pass --assets DIR or set HALLQ_ASSETS\n");
  auto wrong = from_root({caller, "--assets", "/"});
  CHECK(wrong.exit_code == 1);
  CHECK(has(wrong.err, "--assets /: no i18n/ there"));

  InstalledHall hall;
  std::vector<std::string> who = {"--device", "caller-3", "--token", "demo-caller-3-token"};
  std::vector<std::string> flag = who;
  flag.insert(flag.end(), {"--assets", installed("share/hallq")});
  check_picture(hall.shot(caller, "by-flag", flag), 1280, 800);
  check_picture(hall.shot(caller, "by-env", who, {"HALLQ_ASSETS=" + installed("share/hallq")}), 1280, 800);
}

TEST_CASE("installed: hallq-sim plays the installed demo hall's weekday scenario from /, in the installed words") {
  require_install();
  std::vector<std::string> args = {installed("bin/hallq-sim"),
                                   "--config",
                                   installed("etc/hallq/hall.toml.example"),
                                   "--scenario",
                                   installed("share/hallq/sim/demo-weekday.toml"),
                                   "--days",
                                   "1"};
  auto r = from_root(args);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "1 天 2026-12-07..2026-12-07，随机种子 1，目标 15 分钟"));
  CHECK(has(r.out, "\n窗口  办结  在岗小时"));
  args.insert(args.end(), {"--language", "en"});
  auto en = from_root(args);
  CHECK(has(en.out, "1 day(s) 2026-12-07..2026-12-07, seed 1, target 15 min"));
}
