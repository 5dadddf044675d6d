// The touch toolkit's widgets and input, with real fonts and SDL's software renderer: taps, buttons,
// bilingual labels, tiles, keypads and code fields.
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
