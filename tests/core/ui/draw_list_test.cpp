// The frame drawn only where it changed (core/ui/draw_list.hpp): what the screen shows afterwards
// is, pixel for pixel, the frame drawn whole.
#include <doctest/doctest.h>

#include <cstring>
#include <functional>
#include <random>
#include <string>

#include "core/ui/draw_list.hpp"
#include "tests/core/ui/canvas.hpp"

namespace hallq::test {
namespace {

// A frame: a dark screen, a blue panel with a number on it, an amber box, a notice.
struct Frame {
  std::string number = "A001";
  Rect box{500, 400, 100, 100};
  std::string notice = "Welcome";
  double now = 0;
};

void draw_frame(Ui& ui, const Frame& f) {
  ui.begin(Input{}, f.now, 800, 600);
  ui.clear(0xFF101820);
  ui.fill({0, 0, 800, 300}, 0xFF1F3A93);
  ui.text({100, 100, 300, 100}, f.number, {72, true, 0xFFFFFFFF});
  ui.fill(f.box, 0xFFFFC61A);
  ui.fill({0, 250, 800, 100}, 0x80000000);  // see-through: blended over what is under it
  ui.ticker({0, 540, 800, 60}, f.notice, {36, false, 0xFFFFFFFF}, 90.0);
}

long area(const std::vector<Rect>& places) {
  long a = 0;
  for (const auto& p : places) a += static_cast<long>(p.w) * p.h;
  return a;
}

bool same_pixels(const Target& a, const Target& b) {
  SDL_RenderFlush(a.r);
  SDL_RenderFlush(b.r);
  for (int y = 0; y < 600; ++y)
    if (std::memcmp(static_cast<const char*>(a.s->pixels) + y * a.s->pitch,
                    static_cast<const char*>(b.s->pixels) + y * b.s->pitch, 800 * 4) != 0)
      return false;
  return true;
}

// The same frames drawn two ways: only where they changed on one surface, whole on the other.
struct TwoScreens {
  Canvas changed, whole;
  std::vector<Rect> show(const Frame& f) {
    draw_frame(changed.ui, f);
    auto places = changed.ui.finish();
    draw_frame(whole.ui, f);
    whole.ui.finish(true);
    return places;
  }
};

}  // namespace

TEST_CASE("a frame with nothing new draws nothing, and the screen keeps showing it") {
  TwoScreens s;
  Frame f;
  auto first = s.show(f);
  REQUIRE(first.size() == 1);
  CHECK(area(first) == 800 * 600);  // nothing shown before: all of it
  CHECK(s.show(f).empty());
  CHECK(s.changed.target.pixel(550, 450) == 0xFFFFC61A);
  CHECK(same_pixels(s.changed.target, s.whole.target));
}

TEST_CASE("a change is drawn where it is, with what lies over and under it, and nowhere else") {
  TwoScreens s;
  Frame f;
  s.show(f);
  f.box = {560, 380, 100, 100};  // moves: its old place and its new one
  auto places = s.show(f);
  CHECK(area(places) <= 160 * 120);
  CHECK(same_pixels(s.changed.target, s.whole.target));
  f.number = "A002";           // the panel's number, under a see-through band
  f.box = {0, 200, 100, 100};  // now under the see-through band too
  places = s.show(f);
  CHECK(area(places) < 800 * 600 / 4);
  CHECK(same_pixels(s.changed.target, s.whole.target));
}

TEST_CASE("a scrolling notice redraws its own strip only") {
  TwoScreens s;
  Frame f;
  f.notice = std::string(40, 'W') + " 欢迎来到通辽经济技术开发区政务服务中心 " + std::string(40, 'M');
  s.show(f);
  for (int i = 1; i <= 5; ++i) {
    f.now = i / 30.0;
    auto places = s.show(f);
    REQUIRE(places.size() == 1);
    CHECK(places[0].y >= 540);
    CHECK(places[0].h <= 60);
    CHECK(same_pixels(s.changed.target, s.whole.target));
  }
}

TEST_CASE("a text whose texture was freed and another made in its place is drawn again") {
  // A cache of one: each new text evicts the last, whose memory the next may reuse.
  Target target;
  FontSet fonts;
  TextCache cache(target.r, fonts, 1);
  Theme theme;
  Ui ui(target.r, cache, theme);
  Canvas whole;
  for (const char* number : {"A001", "B002", "A001", "C003"}) {
    Frame f;
    f.number = number;
    draw_frame(ui, f);
    auto places = ui.finish();
    cache.end_frame();
    CHECK_FALSE(places.empty());
    draw_frame(whole.ui, f);
    whole.ui.finish(true);
    CHECK(same_pixels(target, whole.target));
  }
}

TEST_CASE("fills hidden under later opaque ones are left out, and the picture is every step drawn in turn") {
  // Random frames of overlapping fills, opaque and see-through, some under clips, drawn by the
  // draw list and, step by step, straight to SDL.
  std::mt19937 rng(2026);
  auto any = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto rect = [&] {
    int x = any(-50, 780), y = any(-50, 580);
    return Rect{x, y, any(1, 400), any(1, 300)};
  };
  auto colour = [&](bool opaque) {
    return (opaque ? 0xFF000000u : 0x60000000u) | static_cast<std::uint32_t>(any(0, 0xFFFFFF));
  };
  auto set = [](SDL_Renderer* r, std::uint32_t argb, bool replace) {
    SDL_SetRenderDrawBlendMode(r, replace || (argb >> 24) == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, (argb >> 16) & 255, (argb >> 8) & 255, argb & 255, argb >> 24);
  };
  for (int frame = 0; frame < 60; ++frame) {
    CAPTURE(frame);
    Target listed, stepped;
    ui::DrawList list;
    list.begin(800, 600);
    SDL_Rect clip{};
    bool clipped = false;
    for (int step = 0; step < 40; ++step) {
      int kind = step == 0 ? 0 : any(1, 10);
      if (kind == 0 || kind == 10) {  // a clear: the whole screen, whatever the clip
        std::uint32_t c = colour(true);
        list.clear(c);
        set(stepped.r, c, true);
        SDL_RenderSetClipRect(stepped.r, nullptr);
        SDL_RenderFillRect(stepped.r, nullptr);
        if (clipped) SDL_RenderSetClipRect(stepped.r, &clip);
      } else if (kind <= 6) {
        Rect r = rect();
        std::uint32_t c = colour(kind <= 4);
        list.fill(r, c);
        set(stepped.r, c, false);
        SDL_Rect s{r.x, r.y, r.w, r.h};
        SDL_RenderFillRect(stepped.r, &s);
      } else if (kind <= 8) {
        Rect r = intersect(rect(), {0, 0, 800, 600});
        if (r.empty()) continue;
        list.clip(r);
        clip = {r.x, r.y, r.w, r.h};
        clipped = true;
        SDL_RenderSetClipRect(stepped.r, &clip);
      } else {
        list.unclip();
        clipped = false;
        SDL_RenderSetClipRect(stepped.r, nullptr);
      }
    }
    list.play(listed.r, true);
    CHECK(same_pixels(listed, stepped));
  }
}

}  // namespace hallq::test
