// The hall's plain data (hall.hpp): a name in the reader's language, a shift's days.
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
