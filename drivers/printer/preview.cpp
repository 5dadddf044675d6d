#include "drivers/printer/preview.hpp"

#include <SDL.h>

#include <algorithm>
#include <vector>

#include "core/ui/text.hpp"

namespace hallq::printer {
namespace {

ui::Surface raster_surface(const Raster& r) {
  ui::Surface s = ui::make_surface(r.width, r.height, 0);
  SDL_LockSurface(s.get());
  for (int y = 0; y < r.height; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(static_cast<std::uint8_t*>(s->pixels) + y * s->pitch);
    for (int x = 0; x < r.width; ++x)
      if (r.black(x, y)) row[x] = 0xFF000000;
  }
  SDL_UnlockSurface(s.get());
  return s;
}

ui::Surface scaled(const SDL_Surface* s, int fx, int fy) {
  if (fx == 1 && fy == 1) return ui::Surface(SDL_DuplicateSurface(const_cast<SDL_Surface*>(s)));
  ui::Surface out = ui::make_surface(s->w * fx, s->h * fy, 0);
  SDL_Rect dst{0, 0, out->w, out->h};
  SDL_SetSurfaceBlendMode(const_cast<SDL_Surface*>(s), SDL_BLENDMODE_NONE);
  SDL_BlitScaled(const_cast<SDL_Surface*>(s), nullptr, out.get(), &dst);
  return out;
}

}  // namespace

ui::Surface render_preview(const Document& doc, int width, ui::FontSet& fonts) {
  constexpr int kCharPx = 22;  // a 24-dot printer font, with its line gap
  std::vector<std::pair<ui::Surface, Align>> rows;
  for (const Block& b : doc.blocks) {
    switch (b.kind) {
      case Block::Kind::line: {
        // Runs side by side, each at its own size, bottoms aligned.
        std::vector<ui::Surface> parts;
        int w = 0, h = 30;
        for (const TextRun& r : b.runs) {
          ui::TextStyle st;
          st.px = kCharPx;
          st.bold = r.bold;
          ui::Surface line = ui::render_line(fonts, r.utf8, st);
          parts.push_back(scaled(line.get(), r.width, r.height));
          w += parts.back()->w;
          h = std::max(h, parts.back()->h + 6);
        }
        ui::Surface row = ui::make_surface(std::max(1, w), h, 0);
        int x = 0;
        for (auto& p : parts) {
          ui::blit(p.get(), row.get(), x, h - p->h - 3);
          x += p->w;
        }
        rows.emplace_back(std::move(row), b.align);
        break;
      }
      case Block::Kind::image:
        rows.emplace_back(raster_surface(b.image), b.align);
        break;
      case Block::Kind::qr:
        rows.emplace_back(raster_surface(qr_raster(b.qr_data, std::max(1, b.qr_module))), b.align);
        break;
      case Block::Kind::feed:
        rows.emplace_back(ui::make_surface(1, 30 * b.lines, 0), Align::left);
        break;
      case Block::Kind::cut: {
        ui::Surface cut = ui::make_surface(width, 24, 0);
        SDL_Rect dash{0, 11, 8, 2};
        for (int x = 0; x < width; x += 14) {
          dash.x = x;
          SDL_FillRect(cut.get(), &dash, 0xFF888888);
        }
        rows.emplace_back(std::move(cut), Align::left);
        break;
      }
    }
  }
  int height = 16;
  for (auto& [s, a] : rows) height += s->h;
  ui::Surface paper = ui::make_surface(width, height, 0xFFFFFFFF);
  int y = 8;
  for (auto& [s, a] : rows) {
    int x = a == Align::center ? (width - s->w) / 2 : a == Align::right ? width - s->w : 0;
    ui::blit(s.get(), paper.get(), std::max(0, x), y);
    y += s->h;
  }
  return paper;
}

bool write_preview(std::span<const std::uint8_t> job, int width_dots, const std::string& png_path, ui::FontSet& fonts,
                   std::string* error) {
  Document doc = decode(job);
  ui::Surface s = render_preview(doc, width_dots, fonts);
  if (!s) {
    if (error) *error = "cannot render the preview";
    return false;
  }
  return ui::save_png(s.get(), png_path, error);
}

std::string preview_path(const std::string& file) {
  auto dot = file.find_last_of('.');
  bool has_ext = dot != std::string::npos && file.find('/', dot) == std::string::npos;
  return (has_ext ? file.substr(0, dot) : file) + ".png";
}

Raster mongolian_raster(ui::FontSet& fonts, std::string_view text, int px, int max_height, int max_width) {
  ui::TextStyle st;
  st.px = px;
  ui::Surface mn = ui::render_vertical(fonts, text, st, max_height);
  // Taller columns, fewer of them, until it fits (or every word has a column of its own).
  for (int tall = max_height + 40; max_width > 0 && mn->w > max_width && tall <= 8 * max_height; tall += 40)
    mn = ui::render_vertical(fonts, text, st, tall);
  auto gray = ui::to_gray(mn.get());
  return raster_from_gray(gray.pixels, gray.width, gray.height, gray.width, 160);
}

}  // namespace hallq::printer
