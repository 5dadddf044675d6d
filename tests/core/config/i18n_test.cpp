// Text for a terminal in the three languages: how many columns a string takes
// and padding to a width, as the command-line tools' tables use them (a
// Chinese heading over figures stays aligned). The translations themselves are
// checked in tests/core/ui/toolkit_test.cpp (every key in every language).
#include "core/config/i18n.hpp"

#include <doctest/doctest.h>

using namespace hallq;

TEST_CASE("columns: a Chinese character takes two, Latin and Mongolian letters one, variation selectors none") {
  CHECK(config::columns("") == 0);
  CHECK(config::columns("window") == 6);
  CHECK(config::columns("窗口") == 4);
  CHECK(config::columns("90%等候") == 7);
  CHECK(config::columns("业务 A（企业开办）") == 18);  // full-width brackets are wide too
  CHECK(config::columns("ᠴᠣᠩᠬᠣ") == 5);
  CHECK(config::columns("ᠮᠢᠨᠦ᠋ᠲ") == 5);  // with a free variation selector (U+180B)
  CHECK(config::columns("ᠰᠠᠷ᠎ᠠ") == 4);               // with a vowel separator (U+180E)
  CHECK(config::columns("–×") == 2);
  CHECK(config::columns("\xff\xfe") == 2);  // not UTF-8: a column a byte
}

TEST_CASE("pad and pad_left: to a width in columns, never cutting") {
  CHECK(config::pad("窗口", 6) == "窗口  ");
  CHECK(config::pad_left("窗口", 6) == "  窗口");
  CHECK(config::pad_left("12.5", 6) == "  12.5");
  CHECK(config::pad("window", 3) == "window");
  CHECK(config::pad_left("平均等候", 4) == "平均等候");
}
