// The toolkit's text, with real fonts and SDL's software renderer: script runs, Mongolian shaping and
// columns, the text cache, and text fitted to its box.
#include <doctest/doctest.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config/i18n.hpp"
#include "core/ui/fonts.hpp"
#include "core/ui/script.hpp"
#include "core/ui/text.hpp"
#include "core/ui/text_cache.hpp"
#include "core/ui/ui.hpp"
#include "core/ui/widgets.hpp"
#include "core/ui/window.hpp"
#include "tests/core/ui/canvas.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq::ui;
using hallq::config::Translations;
using hallq::test::Canvas;
using hallq::test::ink;
using hallq::test::Ink;
using hallq::test::tap_at;
using hallq::test::Target;

namespace {

std::string runs_of(std::string_view s) {
  std::string out;
  for (const auto& r : split_runs(s)) {
    out += r.script == Script::cjk ? "C[" : r.script == Script::mongolian ? "M[" : "L[";
    out += std::string(r.text) + "]";
  }
  return out;
}

// Width HarfBuzz gives `text` in the Mongolian font at `px` pixels, shaped as
// one run (joined) or letter by letter (what an unshaped renderer draws).
double hb_width(const std::string& text, int px, bool letter_by_letter) {
  hb_blob_t* blob = hb_blob_create_from_file("/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf");
  hb_face_t* face = hb_face_create(blob, 0);
  hb_font_t* font = hb_font_create(face);
  unsigned upem = hb_face_get_upem(face);
  hb_font_set_scale(font, static_cast<int>(upem), static_cast<int>(upem));
  auto shape = [&](std::string_view piece) {
    hb_buffer_t* buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, piece.data(), static_cast<int>(piece.size()), 0, static_cast<int>(piece.size()));
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, HB_SCRIPT_MONGOLIAN);
    hb_shape(font, buf, nullptr, 0);
    unsigned n = 0;
    hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
    double w = 0;
    for (unsigned i = 0; i < n; ++i) w += pos[i].x_advance;
    hb_buffer_destroy(buf);
    return w;
  };
  double units = 0;
  if (letter_by_letter) {
    std::size_t i = 0;
    while (i < text.size()) {
      std::size_t at = i;
      next_code_point(text, i);
      units += shape(std::string_view(text).substr(at, i - at));
    }
  } else {
    units = shape(text);
  }
  hb_font_destroy(font);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return units * px / upem;
}

}  // namespace

TEST_CASE("strings split into script runs — spaces and punctuation stay with their run") {
  CHECK(runs_of("请到 3 号窗口") == "C[请到 ]L[3 ]C[号窗口]");
  CHECK(runs_of("ᠴᠣᠩᠬᠣ ᠳ᠋ᠤ") == "M[ᠴᠣᠩᠬᠣ ᠳ᠋ᠤ]");  // one run: shaped as a phrase
  CHECK(runs_of("ᠲᠦᠩᠯᠢᠶᠣᠣ ᠡᠳ᠋\u202Fᠦᠨ") ==
        "M[ᠲᠦᠩᠯᠢᠶᠣᠣ ᠡᠳ᠋\u202Fᠦᠨ]");  // NNBSP joins the suffix
  CHECK(runs_of("3 ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣ") == "L[3 ]M[ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣ]");
  // ':' is not in the Mongolian font: it goes to the Latin one, not a box.
  CHECK(runs_of("ᠠᠵᠢᠯᠲᠠᠨ: 白音") == "M[ᠠᠵᠢᠯᠲᠠᠨ]L[: ]C[白音]");
  CHECK(runs_of("A001") == "L[A001]");
  CHECK(runs_of("") == "");
  CHECK(runs_of("\xFF"
                "A") ==
        "L[\xFF"
        "A]");  // bad UTF-8 is kept, drawn as Latin
}

TEST_CASE("every character the screens draw has a glyph in the font its run goes to — no missing-glyph boxes") {
  FontSet fonts;
  // The rating pad's stars, and every word of the three translation files.
  std::vector<std::string> texts = {"★★★☆☆", "☆☆☆☆★", "● ○ ■ □", "A001 · 企业开办 · 王丽", "A001 → B"};
  std::string dir = hallq::test::source_path("assets/i18n");
  for (std::string lang : {"zh", "mn", "en"}) {
    Translations tr = Translations::load(dir, lang);
    for (const auto& [key, text] : tr.all()) texts.push_back(text);
  }
  for (const auto& text : texts) {
    for (const auto& r : split_runs(text)) {
      TTF_Font* font = fonts.font(r.script, 24);
      REQUIRE(font);
      std::string_view s = r.text;
      for (std::size_t at = 0; at < s.size();) {
        // One UTF-8 sequence.
        auto b = static_cast<unsigned char>(s[at]);
        std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
        for (std::size_t i = 1; i < n && at + i < s.size(); ++i) cp = (cp << 6) | (s[at + i] & 0x3F);
        at += n;
        // Mongolian format controls (FVS, MVS, ZWJ) are shaped away, not drawn.
        if (cp == '\n' || (cp >= 0x180B && cp <= 0x180F) || cp == 0x200C || cp == 0x200D) continue;
        char code[16];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
        INFO(code << " in \"" << text << "\"");
        CHECK(TTF_GlyphIsProvided32(font, cp));
      }
    }
  }
}

TEST_CASE("traditional Mongolian is shaped: letters joined, as HarfBuzz shapes the phrase") {
  FontSet fonts;
  const std::string phrase =
      "ᠲᠦᠩᠯᠢᠶᠣᠣ ᠡᠳ᠋\u202Fᠦᠨ ᠵᠠᠰᠠᠭ\u202Fᠤᠨ ᠲᠧᠺᠨᠢᠺ";
  const int px = 40;
  double joined = hb_width(phrase, px, false), isolated = hb_width(phrase, px, true);
  REQUIRE(isolated > joined * 1.2);  // the check below can tell the two apart
  double drawn = measure_line(fonts, phrase, {px}).width;
  CHECK(drawn == doctest::Approx(joined).epsilon(0.04));
  // Without the script set, SDL_ttf draws isolated letters: the width test catches it.
  TTF_Font* raw = TTF_OpenFont("/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf", px);
  REQUIRE(raw);
  int w = 0, h = 0;
  TTF_SizeUTF8(raw, phrase.c_str(), &w, &h);
  TTF_CloseFont(raw);
  CHECK(w > drawn * 1.2);
}

TEST_CASE("vertical Mongolian reads top to bottom: a column taller than wide, wrapped at the height") {
  FontSet fonts;
  const std::string phrase =
      "ᠲᠦᠩᠯᠢᠶᠣᠣ ᠡᠳ᠋\u202Fᠦᠨ ᠵᠠᠰᠠᠭ\u202Fᠤᠨ ᠲᠧᠺᠨᠢᠺ";
  auto line = measure_line(fonts, phrase, {40});
  auto one = render_vertical(fonts, phrase, {40}, 2000);
  CHECK(one->h == line.width);  // turned 90°: the line's length is the column's height
  CHECK(one->w == line.height);
  auto wrapped = render_vertical(fonts, phrase, {40}, line.width / 2);
  CHECK(wrapped->h <= line.width / 2 + 1);
  CHECK(wrapped->w > one->w);  // more columns, side by side
}

TEST_CASE("the text cache renders once, then hits — the least recently used goes when full") {
  Target target;
  FontSet fonts;
  TextCache cache(target.r, fonts, 3);
  cache.get({"A001", 40, true, 0xFFFFFFFF, 0});
  cache.get({"A001", 40, true, 0xFFFFFFFF, 0});
  CHECK(cache.misses() == 1);
  CHECK(cache.hits() == 1);
  cache.get({"A001", 41, true, 0xFFFFFFFF, 0});  // another size, another entry
  cache.get({"B002", 40, true, 0xFFFFFFFF, 0});
  cache.get({"A001", 40, true, 0xFFFFFFFF, 0});  // touched: now the most recent
  cache.get({"C003", 40, true, 0xFFFFFFFF, 0});  // evicts A001@41, the least recent
  CHECK(cache.size() == 3);
  auto misses = cache.misses();
  cache.get({"A001", 40, true, 0xFFFFFFFF, 0});
  CHECK(cache.misses() == misses);
  cache.get({"A001", 41, true, 0xFFFFFFFF, 0});
  CHECK(cache.misses() == misses + 1);
}

TEST_CASE("text too big for its box is drawn smaller, never past the box") {
  Target target;
  FontSet fonts;
  TextCache cache(target.r, fonts);
  Theme theme;
  Ui ui(target.r, cache, theme);
  Input in;
  ui.begin(in, 0, 800, 600);
  auto fitted = ui.text({0, 0, 200, 40}, "通辽经济技术开发区政务服务中心", {80, true, 0xFFFFFFFF});
  CHECK(fitted.width <= 200);
  CHECK(fitted.height <= 40);
  auto natural = ui.text({0, 100, 800, 200}, "A001", {80, true, 0xFFFFFFFF});
  CHECK(natural.height > 80);  // fits: drawn at the size asked
}

TEST_CASE("text too wide even at the smallest size is cut short with an ellipsis, never drawn past the box") {
  Canvas c;
  c.ui.record_texts(true);
  c.begin();
  const std::string name = "不动产登记与交易税费一窗综合受理及抵押登记注销登记更正登记";
  auto zh = c.ui.text({100, 100, 120, 40}, name, {30, false, 0xFFFFFFFF});
  CHECK(zh.width <= 120);
  auto drawn = c.ui.drawn();
  REQUIRE(drawn.size() == 1);
  CHECK(drawn[0].text.size() > 4);
  CHECK(drawn[0].text.size() < name.size());
  CHECK(name.rfind(drawn[0].text.substr(0, drawn[0].text.size() - 3), 0) == 0);  // its start, then "…"
  CHECK(drawn[0].text.substr(drawn[0].text.size() - 3) == "\u2026");
  CHECK(ink(c.target, 0xFFFFFF, {0, 0, 100, 600}).count == 0);    // nothing left of the box
  CHECK(ink(c.target, 0xFFFFFF, {220, 0, 580, 600}).count == 0);  // nor right of it
  // Broken into lines and still too wide: each line cut, within the box.
  c.begin();
  auto en = c.ui.text({100, 100, 150, 60},
                      "Registration of immovable property transactions and integrated acceptance of taxes",
                      {30, false, 0xFFFFFFFF, HAlign::left, VAlign::middle, 20});
  CHECK(en.width <= 150);
  CHECK(ink(c.target, 0xFFFFFF, {250, 0, 550, 600}).count == 0);
  // What fits is left whole.
  c.begin();
  c.ui.text({100, 100, 400, 40}, "企业开办", {30, false, 0xFFFFFFFF});
  CHECK(c.ui.drawn().back().text == "企业开办");
}

TEST_CASE("missing_glyphs: what no font of its script run can draw, and nothing else") {
  FontSet fonts;
  CHECK(missing_glyphs(
            fonts, "取号 A001 ← ★☆ — 1 ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣ ᠳ᠋ᠤ ᠢᠷᠡᠭᠡᠷᠡᠢ")
            .empty());                                  // FVS and NNBSP are shaping's
  CHECK(missing_glyphs(fonts, "\u232B") == U"\u232B");  // the erase key's old label: a box
  CHECK(missing_glyphs(fonts, "A\u232B\u2328B") == U"\u232B\u2328");
}

TEST_CASE("one face per font file serves every size: opened once, lazily, resized in place") {
  FontSet fonts;
  CHECK(fonts.open_faces() == 0);
  auto small = measure_line(fonts, "等候人数 ᠬᠦᠯᠢᠶᠡᠵᠦ A001", {20});
  auto large = measure_line(fonts, "等候人数 ᠬᠦᠯᠢᠶᠡᠵᠦ A001", {40});
  CHECK(fonts.open_faces() == 3);  // Chinese, Mongolian, Latin: each once for both sizes
  CHECK(fonts.font(Script::cjk, 20) == fonts.font(Script::cjk, 40));
  CHECK(large.width > small.width * 19 / 10);  // and each size is its own
  CHECK(large.width < small.width * 21 / 10);
  auto again = measure_line(fonts, "等候人数 ᠬᠦᠯᠢᠶᠡᠵᠦ A001", {20});
  CHECK(again.width == small.width);
  CHECK(again.height == small.height);
}

TEST_CASE("bilingual_height: a box that tall holds both lines, however narrow, and less than the natural sizes need") {
  Canvas c;
  c.ui.record_texts(true);
  const PairStyle style{.px = 32, .bold = true, .split = 56, .together = true, .min_px = 25};
  const std::string zh = "统一出件窗口",
                    mn = "ᠦᠷ᠎ᠡ ᠳ᠋ᠦᠩ ᠬᠦᠯᠢᠶᠡᠯᠭᠡᠬᠦ ᠴᠣᠩᠬᠣ";
  for (int w : {600, 240, 160}) {  // the Mongolian on one line, then broken in two, in three
    CAPTURE(w);
    const int h = bilingual_height(c.ui, w, zh, mn, style);
    c.begin();
    bilingual(c.ui, {0, 100, w, h}, zh, mn, style);
    REQUIRE(c.ui.drawn().size() >= 2);
    int bottom = 0;
    for (const auto& d : c.ui.drawn()) {
      CHECK(d.at.y >= 100);
      CHECK(d.px >= 25);
      bottom = std::max(bottom, d.at.y + d.at.h);
    }
    CHECK(bottom <= 100 + h);  // nothing spills out of the box
    const int natural = c.ui.measure(zh, 32, true).height + c.ui.measure(mn, 24).height;
    if (w == 600) CHECK(h <= natural * 100 / 56);
  }
}

TEST_CASE("a label never drawn below its smallest size: too wide there, it breaks at spaces into lines") {
  Canvas c;
  c.ui.record_texts(true);
  c.begin();
  const std::string phrase = "ᠬᠦᠯᠢᠶᠡᠬᠦ ᠬᠤᠭᠤᠴᠠᠭ᠎ᠠ (ᠮᠢᠨᠦ᠋ᠲ)";
  const int one_line = c.ui.measure(phrase, 25).width;
  auto drawn =
      c.ui.text({10, 10, one_line * 3 / 4, 200}, phrase, {25, false, 0xFFFFFFFF, HAlign::left, VAlign::top, 25});
  REQUIRE(c.ui.drawn().size() == 2);
  for (const auto& d : c.ui.drawn()) {
    CHECK(d.px == 25);
    CHECK(d.at.w <= one_line * 3 / 4);
  }
  CHECK(c.ui.drawn()[1].at.y == c.ui.drawn()[0].at.y + c.ui.drawn()[0].at.h);  // one under the other
  CHECK(drawn.height == c.ui.drawn()[0].at.h + c.ui.drawn()[1].at.h);
  // Without a smallest size the same box gets one line, smaller.
  c.begin();
  c.ui.text({10, 10, one_line * 3 / 4, 200}, phrase, {25, false, 0xFFFFFFFF, HAlign::left, VAlign::top});
  REQUIRE(c.ui.drawn().size() == 1);
  CHECK(c.ui.drawn()[0].px < 25);
}

TEST_CASE("translations: the Mongolian strings are in the Mongolian script, as the toolkit splits them into runs") {
  auto mn = Translations::load(hallq::test::source_path("assets/i18n"), "mn");
  // Not left in Chinese.
  int mongolian = 0;
  for (const auto& [key, text] : mn.all())
    for (const auto& r : split_runs(text)) mongolian += r.script == Script::mongolian;
  CHECK(mongolian > static_cast<int>(mn.size()) / 2);
}
