// The touch toolkit's parts, with real fonts and SDL's software renderer.
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
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq::ui;
using hallq::config::Translations;

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

struct Target {
  SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer* r = SDL_CreateSoftwareRenderer(s);
  ~Target() {
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
  }
  std::uint32_t pixel(int x, int y) const {
    SDL_RenderFlush(r);
    return static_cast<const std::uint32_t*>(s->pixels)[y * (s->pitch / 4) + x] | 0xFF000000;
  }
};

// Where pixels of exactly one colour are, in a region: what a reader sees of
// text drawn in that colour (the cores of anti-aliased glyphs are exact).
struct Ink {
  int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
  long count = 0;
  int height() const { return y1 - y0 + 1; }
  int cx() const { return (x0 + x1) / 2; }
  int cy() const { return (y0 + y1) / 2; }
};

Ink ink(const Target& t, std::uint32_t argb, Rect in = {0, 0, 800, 600}) {
  Ink k;
  for (int y = in.y; y < in.y + in.h; ++y)
    for (int x = in.x; x < in.x + in.w; ++x)
      if (t.pixel(x, y) == (argb | 0xFF000000)) {
        k.x0 = std::min(k.x0, x);
        k.y0 = std::min(k.y0, y);
        k.x1 = std::max(k.x1, x);
        k.y1 = std::max(k.y1, y);
        ++k.count;
      }
  return k;
}

// A tap (press and release) at (x, y), as one frame's input.
Input tap_at(int x, int y) {
  Input in;
  in.x = in.press_x = x;
  in.y = in.press_y = y;
  in.released = true;
  return in;
}

// One widget test's drawing surface and toolkit.
struct Canvas {
  Target target;
  FontSet fonts;
  TextCache cache{target.r, fonts};
  Theme theme;
  Ui ui{target.r, cache, theme};
  // Starts a frame on a cleared black surface.
  void begin(const Input& in = {}) {
    ui.begin(in, 0, 800, 600);
    ui.clear(0xFF000000);
  }
};

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

TEST_CASE("a tap is one press and one release, whether from a finger or a mouse") {
  Input in;
  in.width = 1000;
  in.height = 500;
  // A finger: SDL sends the finger events and a synthetic mouse copy.
  SDL_Event e{};
  e.type = SDL_FINGERDOWN;
  e.tfinger.touchId = 1;
  e.tfinger.x = 0.5f;
  e.tfinger.y = 0.5f;
  in.begin_frame();
  in.handle(e);
  SDL_Event copy{};
  copy.type = SDL_MOUSEBUTTONDOWN;
  copy.button.which = SDL_TOUCH_MOUSEID;
  copy.button.button = SDL_BUTTON_LEFT;
  copy.button.x = 10;  // wherever: it must be ignored
  copy.button.y = 10;
  in.handle(copy);
  CHECK(in.pressed);
  CHECK(in.down);
  CHECK(in.x == 500);
  CHECK(in.y == 250);
  e.type = SDL_FINGERUP;
  copy.type = SDL_MOUSEBUTTONUP;
  in.begin_frame();
  in.handle(copy);
  CHECK_FALSE(in.released);  // the copy alone does nothing
  in.handle(e);
  CHECK(in.released);
  CHECK_FALSE(in.down);
  // A mouse: its touch copy (SDL_MOUSE_TOUCHID) is ignored.
  SDL_Event m{};
  m.type = SDL_MOUSEBUTTONDOWN;
  m.button.which = 0;
  m.button.button = SDL_BUTTON_LEFT;
  m.button.x = 100;
  m.button.y = 200;
  SDL_Event mt{};
  mt.type = SDL_FINGERDOWN;
  mt.tfinger.touchId = SDL_MOUSE_TOUCHID;
  mt.tfinger.x = 0.9f;
  mt.tfinger.y = 0.9f;
  in.begin_frame();
  in.handle(m);
  in.handle(mt);
  CHECK(in.pressed);
  CHECK(in.x == 100);
  CHECK(in.y == 200);
}

TEST_CASE("a button fires when a press that began on it ends on it, not when a drag ends there") {
  Target target;
  FontSet fonts;
  TextCache cache(target.r, fonts);
  Theme theme;
  Ui ui(target.r, cache, theme);
  Rect r{100, 100, 200, 100};
  auto frame = [&](Input in) {
    ui.begin(in, 0, 800, 600);
    return ui.button("ok", r, "确定", "OK");
  };
  Input tap;
  tap.x = tap.press_x = 150;
  tap.y = tap.press_y = 150;
  tap.released = true;
  CHECK(frame(tap));
  Input drag = tap;
  drag.press_x = 10;  // pressed elsewhere, released on the button
  CHECK_FALSE(frame(drag));
  Input held = tap;
  held.released = false;
  held.down = true;
  CHECK_FALSE(frame(held));
  ui.begin(Input{}, 0, 800, 600);
  CHECK(ui.buttons().at("ok").x == 100);  // the previous frame's buttons, for tests and tools to find
  // Disabled: never fires.
  ui.begin(tap, 0, 800, 600);
  CHECK_FALSE(ui.button("off", r, "确定", {}, false));
}

TEST_CASE("a tap acts once: a dialog drawn in the frame the tap opened it does not take the same tap") {
  Canvas c;
  // 转移 opens a dialog whose window buttons lie under the finger that pressed it.
  Rect transfer{100, 400, 200, 100}, window_4{150, 450, 200, 80};
  c.begin(tap_at(200, 470));
  bool dialog = c.ui.button("transfer", transfer, "转移");
  CHECK(dialog);
  CHECK_FALSE(c.ui.button("window.4", window_4, "4号窗口"));
  // The next tap on it is the clerk's choice.
  c.begin(tap_at(200, 470));
  CHECK(c.ui.button("window.4", window_4, "4号窗口"));
  // A disabled button takes nothing: the next one under the finger still acts.
  c.begin(tap_at(200, 470));
  CHECK_FALSE(c.ui.button("transfer", transfer, "转移", {}, false));
  CHECK(c.ui.button("window.4", window_4, "4号窗口"));
}

TEST_CASE("a button in a light colour of its own (the selected language's amber) gets dark text") {
  Canvas c;
  Rect r{100, 100, 240, 110};
  c.begin();
  c.ui.button("lang.zh", r, "中文", {}, true, c.theme.accent);
  CHECK(ink(c.target, c.theme.on_accent, r).count > 100);   // dark on amber
  CHECK(ink(c.target, c.theme.button_text, r).count == 0);  // not white on amber
  CHECK(contrast_ratio(c.theme.on_accent, c.theme.accent) > 7);
  CHECK(contrast_ratio(c.theme.button_text, c.theme.accent) < 3);  // what it was
  // A dark colour of its own (the call button's green) keeps the white text.
  c.begin();
  c.ui.button("call", r, "呼叫", {}, true, c.theme.go);
  CHECK(ink(c.target, c.theme.button_text, r).count > 100);
  CHECK(ink(c.target, c.theme.on_accent, r).count == 0);
  // High contrast: the selected language was yellow text on yellow; now black on it.
  c.theme = Theme::high_contrast();
  REQUIRE(c.theme.button_text == c.theme.accent);
  c.begin();
  c.ui.button("lang.zh", r, "中文", {}, true, c.theme.accent);
  CHECK(ink(c.target, c.theme.on_accent, r).count > 100);
}

TEST_CASE("translations: the Mongolian strings are in the Mongolian script, as the toolkit splits them into runs") {
  auto mn = Translations::load(hallq::test::source_path("assets/i18n"), "mn");
  // Not left in Chinese.
  int mongolian = 0;
  for (const auto& [key, text] : mn.all())
    for (const auto& r : split_runs(text)) mongolian += r.script == Script::mongolian;
  CHECK(mongolian > static_cast<int>(mn.size()) / 2);
}

TEST_CASE("a window without a display renders with the software renderer and writes a PNG") {
  hallq::test::TempDir dir;
  Window w({"test", 640, 360, false});
  SDL_SetRenderDrawColor(w.renderer(), 255, 198, 26, 255);
  SDL_RenderClear(w.renderer());
  std::string png = dir.path("shot.png");
  REQUIRE(w.screenshot(png));
  auto check = hallq::test::run({"identify", "-format", "%w %h", png});
  CHECK(check.out == "640 360");
  CHECK(hallq::test::png_pixel(png, 10, 10) == 0xFFC61A);
}

TEST_CASE("a bilingual label: the chosen language above, the second language smaller under it, both in the box") {
  Canvas c;
  const std::uint32_t white = 0xFFFFFFFF, amber = 0xFFFFC61A;
  Rect box{100, 100, 500, 200};
  c.begin();
  bilingual(c.ui, box, "请取号", "Take a ticket", {.px = 64, .bold = true, .argb = white, .second_argb = amber});
  Ink first = ink(c.target, white), second = ink(c.target, amber);
  REQUIRE(first.count > 100);
  REQUIRE(second.count > 50);
  CHECK(first.y1 < second.y0);              // one line above the other, not overlapping
  CHECK(second.height() < first.height());  // the second language is smaller
  CHECK(first.y0 >= box.y);                 // both inside the box
  CHECK(second.y1 < box.y + box.h);
  CHECK(std::abs(first.cx() - box.cx()) < 8);  // centred by default
  CHECK(std::abs(second.cx() - box.cx()) < 8);
  int apart = second.y0 - first.y1;

  // Together: the lines meet at the split instead of each centred in its part.
  c.begin();
  bilingual(c.ui, box, "请取号", "Take a ticket",
            {.px = 64, .bold = true, .argb = white, .second_argb = amber, .together = true});
  int together = ink(c.target, amber).y0 - ink(c.target, white).y1;
  CHECK(together < apart);

  // Left aligned, and a second line too long for the box drawn smaller, not past it.
  c.begin();
  bilingual(c.ui, box, "请取号", "Please take a ticket for the service you need today, thank you",
            {.px = 64, .second_px = 48, .argb = white, .second_argb = amber, .h = HAlign::left});
  Ink longer = ink(c.target, amber);
  CHECK(longer.x0 >= box.x);
  CHECK(longer.x1 < box.x + box.w);
  CHECK(ink(c.target, white).x0 < box.x + 10);

  // Without a second line the first is centred in the whole box.
  c.begin();
  bilingual(c.ui, box, "请取号", "", {.px = 64, .argb = white, .second_argb = amber});
  Ink alone = ink(c.target, white);
  CHECK(std::abs(alone.cy() - box.cy()) < 10);
  CHECK(ink(c.target, amber).count == 0);
}

TEST_CASE("a tile shows a name, its second language and a note, fires on a tap, and greyed never fires") {
  Canvas c;
  Rect r{50, 50, 400, 240};
  c.begin(tap_at(250, 170));
  bool tapped = tile(c.ui, "service.A", r, "企业开办", "Business start-up", "3 人等候", 46);
  CHECK(tapped);
  Ink name = ink(c.target, c.theme.button_text, r), note = ink(c.target, c.theme.accent, r);
  REQUIRE(name.count > 100);
  REQUIRE(note.count > 20);
  CHECK(name.y1 < note.y0);  // the note is the bottom line
  CHECK(name.y0 > r.y);
  CHECK(note.y1 < r.y + r.h);
  c.begin();
  CHECK(c.ui.buttons().count("service.A") == 1);  // found by tests and tools like any button

  // Disabled (a closed service): drawn greyed, no accent, and a tap does nothing.
  c.begin(tap_at(250, 170));
  CHECK_FALSE(tile(c.ui, "service.A", r, "企业开办", "Business start-up", "3 人等候", 46, false));
  CHECK(ink(c.target, c.theme.button_text, r).count == 0);
  CHECK(ink(c.target, c.theme.accent, r).count == 0);
  CHECK(ink(c.target, c.theme.dim, r).count > 100);
  CHECK(c.target.pixel(60, 60) == c.theme.disabled);

  // No note: nothing in the accent colour.
  c.begin();
  tile(c.ui, "service.B", r, "企业开办", "Business start-up", "", 46);
  CHECK(ink(c.target, c.theme.accent, r).count == 0);
}

TEST_CASE("a keypad leaves blank keys out: nothing drawn there, nothing to tap") {
  Canvas c;
  Rect pad{0, 0, 400, 200};
  const std::vector<std::string> keys = {"A", "", "", "", "1", "2", "3", "4"};  // a short row of letters
  auto frame = [&](const Input& in, bool enabled = true) {
    c.begin(in);
    return keypad(c.ui, "number", pad, keys, 4, enabled);
  };
  CHECK_FALSE(frame({}));
  c.begin();
  const auto& drawn = c.ui.buttons();
  CHECK(drawn.size() == 5);
  CHECK(drawn.count("number.A") == 1);
  CHECK(drawn.count("number.") == 0);
  Rect a = drawn.at("number.A"), one = drawn.at("number.1");
  CHECK(one.y > a.y + a.h);  // "1" starts the second row
  CHECK(one.x == a.x);
  frame({});
  // The blank cells are the background; the keys are buttons.
  CHECK(c.target.pixel(a.cx() + a.w + 10, a.cy()) == 0xFF000000);
  CHECK(c.target.pixel(a.x + 10, a.y + 10) == c.theme.button);
  // A tap on a blank cell is nothing; on a key, that key.
  CHECK_FALSE(frame(tap_at(a.cx() + a.w + 10, a.cy())));
  auto tapped = frame(tap_at(one.cx(), one.cy()));
  REQUIRE(tapped);
  CHECK(*tapped == "1");
  // Disabled (a request is out): greyed, taps ignored.
  CHECK_FALSE(frame(tap_at(one.cx(), one.cy()), false));
  CHECK(c.target.pixel(one.x + 10, one.y + 10) == c.theme.disabled);
}

TEST_CASE("a code field takes what the code allows, upper-cased, and submits only something typed") {
  Canvas c;
  Rect field{100, 100, 500, 100};
  std::string code;
  auto frame = [&](Input in, const std::optional<std::string>& pad_key = std::nullopt, const CodeRules& rules = {},
                   bool enabled = true) {
    c.begin(in);
    return code_entry(c.ui, field, code, rules, 48, pad_key, {.erase = "⌫", .clear = "清除", .ok = "确定"}, enabled);
  };
  CodeRules checkin{.max_len = 6, .letters = true, .also = "-"};
  Input typed;
  typed.text = "ab-3x!9z";
  CHECK_FALSE(frame(typed, std::nullopt, checkin));
  CHECK(code == "AB-3X9");  // '!' refused, six at most
  Input backspace;
  backspace.keys.push_back({SDLK_BACKSPACE, 0});
  frame(backspace, std::nullopt, checkin);
  CHECK(code == "AB-3X");
  CHECK_FALSE(frame({}, "⌫", checkin));
  CHECK(code == "AB-3");
  frame({}, "Q", checkin);  // a pad key types itself
  CHECK(code == "AB-3Q");
  Input enter;
  enter.keys.push_back({SDLK_RETURN, 0});
  CHECK(frame(enter, std::nullopt, checkin));
  CHECK(frame({}, "确定", checkin));
  CHECK(code == "AB-3Q");  // submitting leaves the code to the app
  CHECK_FALSE(frame({}, "清除", checkin));
  CHECK(code.empty());
  CHECK_FALSE(frame(enter, std::nullopt, checkin));  // nothing typed: nothing to submit

  // Digits only (a PIN): letters and '-' are not taken.
  typed.text = "1a2-b3";
  frame(typed);
  CHECK(code == "123");
  // Disabled while a request is out: shown, typing ignored.
  typed.text = "9";
  CHECK_FALSE(frame(typed, "4", {}, false));
  CHECK_FALSE(frame(enter, std::nullopt, {}, false));
  CHECK(code == "123");
  CHECK(ink(c.target, c.theme.accent, field).count > 100);  // the field's frame and the code
}

TEST_CASE("a secret code is shown as dots: the screen never shows which digits were typed") {
  Canvas c;
  Rect field{100, 100, 500, 100};
  auto shown = [&](std::string code, bool secret) {
    c.begin();
    code_entry(c.ui, field, code, {.secret = secret}, 48);
    std::vector<std::uint32_t> pixels;
    for (int y = field.y; y < field.y + field.h; ++y)
      for (int x = field.x; x < field.x + field.w; ++x) pixels.push_back(c.target.pixel(x, y));
    return pixels;
  };
  CHECK(shown("1234", false) != shown("5678", false));  // the test can tell codes apart
  CHECK(shown("1234", true) == shown("5678", true));
  CHECK(shown("1234", true) != shown("12345", true));  // one dot a digit: the clerk sees how many
  CHECK(shown("1234", true) != shown("1234", false));
}
