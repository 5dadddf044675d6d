#pragma once
// The toolkit's tests' drawing surface: an 800×600 ARGB surface with SDL's software renderer, the
// pixels of one colour on it (what a reader sees of text drawn in that colour), a tap as one
// frame's input, and a toolkit drawing on the surface.

#include <SDL.h>

#include <algorithm>
#include <cstdint>
#include <functional>

#include "core/ui/fonts.hpp"
#include "core/ui/text_cache.hpp"
#include "core/ui/ui.hpp"

namespace hallq::test {

using ui::FontSet;
using ui::Input;
using ui::Rect;
using ui::TextCache;
using ui::Theme;
using ui::Ui;

struct Target {
  SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer* r = SDL_CreateSoftwareRenderer(s);
  // Run before a pixel is read: the toolkit draws a frame when it is finished (Ui::finish).
  std::function<void()> before_read;
  Target() = default;
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;
  ~Target() {
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
  }
  std::uint32_t pixel(int x, int y) const {
    if (before_read) before_read();
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

inline Ink ink(const Target& t, std::uint32_t argb, Rect in = {0, 0, 800, 600}) {
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
inline Input tap_at(int x, int y) {
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
  Canvas() {
    target.before_read = [this] { ui.finish(true); };
  }
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;
  // Starts a frame on a cleared black surface. Reading a pixel finishes it (draws it whole).
  void begin(const Input& in = {}) {
    ui.begin(in, 0, 800, 600);
    ui.clear(0xFF000000);
  }
};

}  // namespace hallq::test
