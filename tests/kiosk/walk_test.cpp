// hallq-kiosk --walk, as the README runs it: the real program against the real server.
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;

namespace {
struct Hall {
  TempDir dir;
  ServerProcess server{source_path("assets/halls/demo.toml"), dir.path("hall.db"), {"--time", "2026-11-30T09:00"}};
  RunResult walk(std::vector<std::string> extra) {
    std::vector<std::string> argv = {bin("hallq-kiosk"), "--server",           server.address(), "--device", "kiosk-1",
                                     "--token",          "demo-kiosk-1-token", "--reader",       "none",     "--walk",
                                     dir.path("walk")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv, {"SDL_VIDEODRIVER=dummy", "DISPLAY="}, {}, 60s);
  }
  // kiosk-1's alarms once its sessions are closed.
  std::vector<std::string> kiosk_alarms() {
    LineClient admin(server.port());
    REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
    auto sessions = [&] {
      json reply = admin.request({{"op", "devices"}});  // the reply outlives the loop
      for (const auto& d : reply["devices"])
        if (d["id"] == "kiosk-1") return d["sessions"].get<int>();
      return -1;
    };
    for (int i = 0; i < 50 && sessions() != 0; ++i) std::this_thread::sleep_for(100ms);
    CHECK(sessions() == 0);
    std::vector<std::string> kinds;
    json reply = admin.request({{"op", "alarms"}});  // the reply outlives the loop
    for (const auto& a : reply["alarms"])
      if (a["device"] == "kiosk-1") kinds.push_back(a["kind"].get<std::string>());
    return kinds;
  }
};
}  // namespace

TEST_CASE("--walk without --printer prints on the virtual printer in the walk's directory, and leaves no alarm") {
  Hall h;
  RunResult r = h.walk({});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  // Two tickets (Chinese, then Mongolian), each as ESC/POS bytes and a picture beside the screens.
  int tickets = 0;
  for (const auto& entry : std::filesystem::directory_iterator(h.dir.path("walk"))) {
    if (entry.path().extension() != ".bin") continue;
    ++tickets;
    CHECK(std::filesystem::file_size(entry.path()) > 100);
    CHECK(std::filesystem::exists(std::filesystem::path(entry.path()).replace_extension(".png")));
    CHECK(r.out.find(entry.path().string()) != std::string::npos);  // the walk names what it printed
  }
  CHECK(tickets == 2);
  CHECK(std::filesystem::exists(h.dir.path("walk/kiosk-mn-4-result.png")));
  // It said goodbye: the monitor shows no device_offline for a kiosk that was closed on purpose.
  CHECK(h.kiosk_alarms().empty());
}

TEST_CASE("a walk whose ticket cannot be printed fails, saying why") {
  Hall h;
  RunResult r = h.walk({"--printer", "none"});
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.err.find("was issued but not printed: the printer is") != std::string::npos, r.err);
  CHECK(r.err.find("--printer none") != std::string::npos);
}
