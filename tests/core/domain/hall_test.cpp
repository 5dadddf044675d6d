// The hall's plain data (hall.hpp): a name in the reader's language, a shift's days, when issuing
// starts and ends.
#include <doctest/doctest.h>

#include "core/domain/hall.hpp"

using namespace hallq::domain;

TEST_CASE("a name is read in the reader's language, in Chinese where it has none in that one") {
  Names n{"综合受理", "ᠨᠡᠶᠢᠲᠡ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠬᠤ", "General intake"};
  CHECK(n.in("zh") == "综合受理");
  CHECK(n.in("mn") == "ᠨᠡᠶᠢᠲᠡ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠬᠤ");
  CHECK(n.in("en") == "General intake");
  CHECK(n.in("fr") == "综合受理");  // a language the hall does not speak
  n.en.clear();
  CHECK(n.in("en") == "综合受理");  // no English name given
}

TEST_CASE("a shift with no days listed is planned on every day, else on those listed") {
  Shift every;
  Shift mon_fri;
  mon_fri.weekdays = {1, 5};
  for (int wd = 0; wd < 7; ++wd) {
    CAPTURE(wd);
    CHECK(every.on(wd));
    CHECK(mon_fri.on(wd) == (wd == 1 || wd == 5));
  }
}

TEST_CASE("issuing starts and ends with the earliest and latest of the hall's and the services' hours") {
  HallConfig c;
  c.services.resize(2);
  CHECK(c.opening_minute() == 0);  // no hours anywhere: all day
  CHECK(c.closing_minute() == 1440);
  c.services[0].hours = {{8 * 60, 12 * 60}};
  CHECK(c.opening_minute() == 0);  // the other service still issues all day
  CHECK(c.closing_minute() == 1440);
  c.hours = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
  c.services[1].extended_hours = {{12 * 60, 13 * 60 + 30}, {17 * 60 + 30, 18 * 60}};  // 延时办理
  CHECK(c.opening_minute() == 8 * 60);  // service 0's own hours start before the hall's
  CHECK(c.closing_minute() == 18 * 60);
}
