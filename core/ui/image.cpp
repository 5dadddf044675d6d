#include "core/ui/image.hpp"

#include <SDL.h>
#include <SDL_image.h>

namespace hallq::ui {

void SurfaceDeleter::operator()(SDL_Surface* s) const {
  SDL_FreeSurface(s);
}

Surface make_surface(int width, int height, std::uint32_t argb) {
  Surface s(SDL_CreateRGBSurfaceWithFormat(0, std::max(1, width), std::max(1, height), 32, SDL_PIXELFORMAT_ARGB8888));
  if (s) {
    SDL_FillRect(s.get(), nullptr, argb);
    SDL_SetSurfaceBlendMode(s.get(), SDL_BLENDMODE_BLEND);
  }
  return s;
}

namespace {
// The surface in ARGB8888 (a converted copy when needed).
Surface as_argb(const SDL_Surface* s) {
  return Surface(SDL_ConvertSurfaceFormat(const_cast<SDL_Surface*>(s), SDL_PIXELFORMAT_ARGB8888, 0));
}
}  // namespace

GrayImage to_gray(const SDL_Surface* s) {
  GrayImage g;
  Surface c = as_argb(s);
  if (!c) return g;
  g.width = c->w;
  g.height = c->h;
  g.pixels.resize(static_cast<std::size_t>(g.width * g.height));
  SDL_LockSurface(c.get());
  for (int y = 0; y < c->h; ++y) {
    auto* row = reinterpret_cast<const std::uint32_t*>(static_cast<const std::uint8_t*>(c->pixels) + y * c->pitch);
    for (int x = 0; x < c->w; ++x) {
      std::uint32_t p = row[x];
      int a = static_cast<int>(p >> 24), r = (p >> 16) & 255, gr = (p >> 8) & 255, b = p & 255;
      int lum = (r * 299 + gr * 587 + b * 114) / 1000;
      g.pixels[static_cast<std::size_t>(y * g.width + x)] =
          static_cast<std::uint8_t>((lum * a + 255 * (255 - a)) / 255);
    }
  }
  SDL_UnlockSurface(c.get());
  return g;
}

Surface from_gray(const GrayImage& g) {
  Surface s = make_surface(g.width, g.height, 0xFFFFFFFF);
  if (!s) return s;
  SDL_LockSurface(s.get());
  for (int y = 0; y < g.height; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(static_cast<std::uint8_t*>(s->pixels) + y * s->pitch);
    for (int x = 0; x < g.width; ++x) {
      std::uint32_t v = g.pixels[static_cast<std::size_t>(y * g.width + x)];
      row[x] = 0xFF000000u | (v << 16) | (v << 8) | v;
    }
  }
  SDL_UnlockSurface(s.get());
  return s;
}

Surface rotate_cw(const SDL_Surface* s) {
  Surface src = as_argb(s);
  if (!src) return nullptr;
  Surface out = make_surface(src->h, src->w);
  if (!out) return out;
  SDL_LockSurface(src.get());
  SDL_LockSurface(out.get());
  for (int y = 0; y < src->h; ++y) {
    auto* in = reinterpret_cast<const std::uint32_t*>(static_cast<const std::uint8_t*>(src->pixels) + y * src->pitch);
    for (int x = 0; x < src->w; ++x) {
      // (x, y) → (h - 1 - y, x)
      auto* row = reinterpret_cast<std::uint32_t*>(static_cast<std::uint8_t*>(out->pixels) + x * out->pitch);
      row[src->h - 1 - y] = in[x];
    }
  }
  SDL_UnlockSurface(out.get());
  SDL_UnlockSurface(src.get());
  return out;
}

void blit(const SDL_Surface* src, SDL_Surface* dst, int x, int y) {
  SDL_Rect at{x, y, src->w, src->h};
  SDL_SetSurfaceBlendMode(const_cast<SDL_Surface*>(src), SDL_BLENDMODE_BLEND);
  SDL_BlitSurface(const_cast<SDL_Surface*>(src), nullptr, dst, &at);
}

bool save_png(const SDL_Surface* s, const std::string& path, std::string* error) {
  if (IMG_SavePNG(const_cast<SDL_Surface*>(s), path.c_str()) == 0) return true;
  if (error) *error = IMG_GetError();
  return false;
}

}  // namespace hallq::ui
