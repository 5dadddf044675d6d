#pragma once
// A hall that keeps its guides busy, for the monitor's tests: the demo hall (8 services, 8 windows)
// with queues over 2 counted as long, 40 minutes into a Monday morning. At 09:00 every window logged
// in, three tickets taken for every service, windows 1–3 called one each (window 4 stays idle),
// windows 5–8 paused (5 and 8 for lunch, 6 for a meeting, 7 with a reason the clerk typed); at 09:40 the server is
// started again on the same database, so the pauses and the waits are long. Kiosk 1 is out of paper and calls for a
// guide. Some twenty alarms: more than one page of them, and of each table.

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>

#include "core/net/endpoint.hpp"
#include "display/display_app.hpp"
#include "tests/display/board_hall.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

namespace hallq::test {

// A resident ID number (GB 11643: 17 digits and the check digit) for a real-name service's ticket,
// a different one for each `n`.
inline std::string monitor_id_number(int n) {
  std::string id = "15050219900101" + std::to_string(100 + n % 900);
  static constexpr int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[static_cast<std::size_t>(i)] - '0') * weights[i];
  return id + "10X98765432"[sum % 11];
}

struct AlarmedHall {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<LineClient> kiosk;  // connected: its printer and its call stay alarms

  AlarmedHall() {
    using namespace std::chrono_literals;
    std::string config = read_file(source_path("assets/halls/demo.toml"));
    const std::string from = "queue_length = 10";
    REQUIRE(config.find(from) != std::string::npos);
    config.replace(config.find(from), from.size(), "queue_length = 2");
    std::string toml = dir.write("hall.toml", config);
    std::string db = dir.path("hall.db");
    {
      ServerProcess morning(toml, db, {"--time", "2026-11-30T09:00"});
      LineClient admin(morning.port());
      REQUIRE(admin.hello("admin", "admin", "demo-admin-token")["ok"] == true);
      for (int w = 1; w <= 8; ++w)
        REQUIRE(admin.request({{"op", "login"},
                               {"window", w},
                               {"clerk", "c0" + std::to_string(w)},
                               {"pin", "100" + std::to_string(w)}},
                              20s)["ok"] == true);
      int citizen = 0;
      for (const char* s : {"A", "B", "C", "D", "E", "F", "G", "H"})
        for (int i = 0; i < 3; ++i) {
          // F and H are real-name services: each ticket a citizen's ID card.
          auto reply = admin.request(
              {{"op", "take"}, {"service", s}, {"id_number", monitor_id_number(++citizen)}, {"name", "包巴特尔"}});
          INFO(reply.dump());
          REQUIRE(reply["ok"] == true);
        }
      for (int w = 1; w <= 3; ++w) REQUIRE(admin.request({{"op", "call"}, {"window", w}})["ok"] == true);
      const char* reasons[] = {"lunch", "meeting", "整理材料", "lunch"};
      for (int w = 5; w <= 8; ++w)
        REQUIRE(admin.request({{"op", "pause"}, {"window", w}, {"reason", reasons[w - 5]}})["ok"] == true);
      REQUIRE(morning.terminate() == 0);
    }
    server = std::make_unique<ServerProcess>(toml, db, std::vector<std::string>{"--time", "2026-11-30T09:40"});
    kiosk = std::make_unique<LineClient>(server->port());
    REQUIRE(kiosk->hello("kiosk", "kiosk-1", "demo-kiosk-1-token")["ok"] == true);
    REQUIRE(kiosk->request({{"op", "device_status"}, {"printer", "paper_out"}, {"card_reader", "ok"}})["ok"] == true);
    REQUIRE(kiosk->request({{"op", "help_request"}})["ok"] == true);
  }

  // The guides' monitor as guide-1, silent, its pages turning every `page_seconds`.
  display::Options monitor(double page_seconds) const {
    display::Options o = display_options(server->address(), display::Mode::monitor, protocol::Role::guide, "guide-1",
                                         "demo-guide-token");
    o.client.topics = {protocol::Topic::calls,  protocol::Topic::queues, protocol::Topic::windows,
                       protocol::Topic::alarms, protocol::Topic::cases,  protocol::Topic::ratings};
    o.page_seconds = page_seconds;
    return o;
  }
};

}  // namespace hallq::test
