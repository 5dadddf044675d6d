// The touch toolkit's parts, with real fonts and SDL's software renderer.
#include <doctest/doctest.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/ui/fonts.hpp"
#include "core/ui/i18n.hpp"
#include "core/ui/script.hpp"
#include "core/ui/text.hpp"
#include "core/ui/text_cache.hpp"
#include "core/ui/ui.hpp"
#include "core/ui/window.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq::ui;

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

TEST_CASE("translations: the three languages have the same keys and the same placeholders") {
  std::string dir = hallq::test::source_path("assets/i18n");
  auto zh = Translations::load(dir, "zh");
  auto mn = Translations::load(dir, "mn");
  auto en = Translations::load(dir, "en");
  auto placeholders = [](const std::string& s) {
    std::string out;
    for (std::size_t i = s.find('{'); i != std::string::npos; i = s.find('{', i + 1))
      out += s.substr(i, s.find('}', i) - i + 1);
    return out;
  };
  for (const auto* other : {&mn, &en}) {
    for (const auto& [key, text] : zh.all()) {
      INFO(other->lang() << " " << key);
      REQUIRE(other->has(key));
      std::string a = placeholders(text), b = placeholders(other->get(key));
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      CHECK(a == b);
    }
    CHECK(other->size() == zh.size());
  }
  // Mongolian strings are in the Mongolian script (not left in Chinese).
  int mongolian = 0;
  for (const auto& [key, text] : mn.all())
    for (const auto& r : split_runs(text)) mongolian += r.script == Script::mongolian;
  CHECK(mongolian > static_cast<int>(mn.size()) / 2);
  CHECK(zh.get("no.such.key") == "⟨no.such.key⟩");  // visible, never blank
  CHECK(zh.get("common.minutes", {{"n", "5"}}) == "5 分钟");
  CHECK(duration_text(zh, 30) == "不到 1 分钟");
  CHECK(duration_text(zh, 61) == "2 分钟");
  CHECK(duration_text(en, 3600 + 5 * 60) == "1 h 05 min");
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
