// How many windows a hall's rota plans in an hour, for the understaffed warning
// (docs/configuration.md, [alarms] understaffed): a window counts when its shifts,
// breaks left out, cover at least half of the minutes the hall is open in the hour.
#include "server/planning.hpp"

#include <doctest/doctest.h>

using namespace hallq;

namespace {

domain::Shift shift(int window, int from, int to, std::vector<domain::Interval> breaks = {}) {
  domain::Shift s;
  s.window = window;
  s.from = from;
  s.to = to;
  s.breaks = std::move(breaks);
  return s;
}

constexpr int h(int hour, int minute = 0) {
  return hour * 60 + minute;
}

}  // namespace

TEST_CASE("the rota's windows in an hour: half of the hall's open minutes make a window") {
  domain::HallConfig hall;
  hall.hours = {{h(8, 30), h(12)}, {h(13, 30), h(17)}};
  // The docs' lunch in two turns: window 1 away 12:00-13:00, window 2 12:30-13:30.
  const std::vector<domain::Shift> rota = {shift(1, h(8, 30), h(17, 30), {{h(12), h(13)}}),
                                           shift(2, h(8, 30), h(17, 30), {{h(12, 30), h(13, 30)}}),
                                           shift(3, h(10, 15), h(12)), shift(3, h(13, 30), h(17))};
  // 08:00: the hall opens at 08:30, and both shifts cover those 30 minutes.
  CHECK(server::planned_windows(hall, rota, 8) == 2);
  // 10:00: window 3 from 10:15, 45 of 60 minutes.
  CHECK(server::planned_windows(hall, rota, 10) == 3);
  // 12:00: the hall is closed all the hour: the whole hour counts; window 2 works 12:00-12:30 (half).
  CHECK(server::planned_windows(hall, rota, 12) == 1);
  // 13:00: open from 13:30, when all three are back.
  CHECK(server::planned_windows(hall, rota, 13) == 3);
  // A window with two shifts in an hour counts once; a break of most of the hour takes it out.
  CHECK(server::planned_windows(hall, {shift(4, h(9), h(9, 40)), shift(4, h(9, 30), h(10))}, 9) == 1);
  CHECK(server::planned_windows(hall, {shift(4, h(9), h(10), {{h(9), h(9, 45)}})}, 9) == 0);
  CHECK(server::planned_windows(hall, {shift(4, h(9), h(10), {{h(9), h(9, 30)}})}, 9) == 1);  // exactly half
  // A shift that ends as the hour begins plans nothing in it.
  CHECK(server::planned_windows(hall, {shift(5, h(8, 30), h(11))}, 11) == 0);
}
