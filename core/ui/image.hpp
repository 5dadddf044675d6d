#pragma once
// Images: owned SDL surfaces, 8-bit grey images (for printers), PNG files.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

typedef struct SDL_Surface SDL_Surface;

namespace hallq::ui {

struct SurfaceDeleter {
  void operator()(SDL_Surface* s) const;
};
// An owned surface; null on failure.
using Surface = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

// 0 = black … 255 = white, row after row.
struct GrayImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;
};

// A new ARGB8888 surface, filled with `argb` (0 = transparent).
Surface make_surface(int width, int height, std::uint32_t argb = 0);
// Composites a surface (with its alpha) over white and takes the luminance.
GrayImage to_gray(const SDL_Surface* s);
Surface from_gray(const GrayImage& g);
// Turned 90° clockwise: what was the top row becomes the right column.
Surface rotate_cw(const SDL_Surface* s);
// Copies `src` onto `dst` at (x, y), blending by alpha.
void blit(const SDL_Surface* src, SDL_Surface* dst, int x, int y);
// Writes a PNG; false with `error` set on failure.
bool save_png(const SDL_Surface* s, const std::string& path, std::string* error = nullptr);

}  // namespace hallq::ui
