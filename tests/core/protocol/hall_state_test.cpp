#include "core/protocol/hall_state.hpp"

#include <doctest/doctest.h>

using namespace hallq::protocol;

TEST_CASE("a terminal's picture: a snapshot, then events on top") {
  HallInfo hall;
  hall.id = "h";
  Snapshot snap;
  snap.day = "2026-11-26";
  snap.services.push_back({"A", {"企业开办", "", ""}, 2, 600, 30, 5, 0, true});
  WindowInfo w3;
  w3.number = 3;
  w3.state = WindowState::idle;
  snap.windows.push_back(w3);
  HallState s;
  s.reset(hall, snap);
  auto v0 = s.version();

  CalledEvent c;
  c.call = {"A001", "A", 3, {"3号窗口", "", ""}, "2026-11-26T09:00:00+08:00", false};
  CHECK(s.apply(c));
  CHECK(s.snapshot().recent_calls.front().number == "A001");
  c.call.recall = true;
  s.apply(c);
  CHECK(s.snapshot().recent_calls.size() == 1);  // one entry per number
  auto calls = s.take_new_calls();
  REQUIRE(calls.size() == 2);
  CHECK(calls[1].recall);
  CHECK(s.take_new_calls().empty());

  s.apply(QueueEvent{"A", 1, 300, 10, 6, false});
  CHECK(s.service("A")->waiting == 1);
  CHECK_FALSE(s.service("A")->open);

  w3.state = WindowState::serving;
  w3.current = "A001";
  s.apply(WindowEvent{w3});
  CHECK(s.window(3)->state == WindowState::serving);
  WindowInfo w9;
  w9.number = 9;
  w9.state = WindowState::paused;
  s.apply(WindowEvent{w9});
  CHECK(s.window(9));

  Alarm a;
  a.kind = AlarmKind::printer;
  a.key = "kiosk-1";
  a.state = "paper_out";
  s.apply(AlarmEvent{a});
  CHECK(s.alarms().count("printer/kiosk-1") == 1);
  a.active = false;
  s.apply(AlarmEvent{a});
  CHECK(s.alarms().empty());

  CHECK_FALSE(s.apply(TicketEvent{}));  // screens do not show single tickets
  CaseCounts k{.open = 5, .handed_over = 2, .due_soon = 1, .overdue = 1, .ready = 3};
  s.apply(CasesEvent{k});
  CHECK(s.snapshot().cases == k);
  s.apply(DayEvent{"2026-11-27", "2026-11-26"});
  CHECK(s.snapshot().day == "2026-11-27");
  CHECK(s.snapshot().recent_calls.empty());
  CHECK(s.version() > v0);
}
