#include "core/ui/text.hpp"

#include <SDL.h>
#include <SDL_ttf.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hallq::ui {
namespace {

struct Piece {
  TTF_Font* font;
  std::string text;
  int width = 0, ascent = 0, descent = 0;
  int font_ascent = 0;  // where SDL_ttf puts the baseline in the run's surface
};

// Noto Sans Mongolian's ascent is 1.46 em, but no letter in any of its forms
// reaches higher than 0.96 em above the baseline (checked over every letter,
// isolated and joined): a line box from the font's ascent would be a third
// empty, and text fitted to a box would come out a third smaller than it
// needs to (the board's Mongolian labels were 9-10 px tall). One em is kept.
int layout_ascent(Script script, const TextStyle& style, int font_ascent) {
  return script == Script::mongolian ? std::min(font_ascent, snap_px(style.px)) : font_ascent;
}

std::vector<Piece> pieces(FontSet& fonts, std::string_view text, const TextStyle& style) {
  std::vector<Piece> out;
  for (const Run& r : split_runs(text)) {
    Piece p{fonts.font(r.script, style.px, style.bold), std::string(r.text)};
    int h = 0;
    TTF_SizeUTF8(p.font, p.text.c_str(), &p.width, &h);
    p.font_ascent = TTF_FontAscent(p.font);
    p.ascent = layout_ascent(r.script, style, p.font_ascent);
    p.descent = -TTF_FontDescent(p.font);
    out.push_back(std::move(p));
  }
  return out;
}

// The line's box: the tallest run's ascent and the deepest run's descent
// (an empty line: the Chinese font's).
void line_box(FontSet& fonts, const std::vector<Piece>& ps, const TextStyle& style, int& asc, int& desc) {
  asc = desc = 0;
  if (ps.empty()) {
    TTF_Font* cjk = fonts.font(Script::cjk, style.px, style.bold);
    asc = TTF_FontAscent(cjk);
    desc = -TTF_FontDescent(cjk);
  }
  for (const auto& p : ps) {
    asc = std::max(asc, p.ascent);
    desc = std::max(desc, p.descent);
  }
}

}  // namespace

std::u32string missing_glyphs(FontSet& fonts, std::string_view text) {
  std::u32string missing;
  for (const Run& r : split_runs(text)) {
    TTF_Font* font = fonts.font(r.script, 32);
    for (std::size_t i = 0; i < r.text.size();) {
      char32_t c = next_code_point(r.text, i);
      bool format = (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x206F) ||
                    (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
      if (!format && !TTF_GlyphIsProvided32(font, static_cast<Uint32>(c))) missing.push_back(c);
    }
  }
  return missing;
}

TextSize measure_line(FontSet& fonts, std::string_view text, const TextStyle& style) {
  TextSize s;
  auto ps = pieces(fonts, text, style);
  int asc = 0, desc = 0;
  line_box(fonts, ps, style, asc, desc);
  for (const auto& p : ps) s.width += p.width;
  s.height = asc + desc;
  return s;
}

Surface render_line(FontSet& fonts, std::string_view text, const TextStyle& style) {
  auto ps = pieces(fonts, text, style);
  int asc = 0, desc = 0;
  line_box(fonts, ps, style, asc, desc);
  int width = 0;
  for (const auto& p : ps) width += p.width;
  Surface line = make_surface(std::max(1, width), asc + desc);
  SDL_Color color{static_cast<Uint8>((style.argb >> 16) & 255), static_cast<Uint8>((style.argb >> 8) & 255),
                  static_cast<Uint8>(style.argb & 255), static_cast<Uint8>(style.argb >> 24)};
  int x = 0;
  for (const auto& p : ps) {
    if (p.text.empty()) continue;
    Surface glyphs(TTF_RenderUTF8_Blended(p.font, p.text.c_str(), color));
    if (glyphs) {
      SDL_SetSurfaceBlendMode(glyphs.get(), SDL_BLENDMODE_NONE);  // copy alpha as is onto the transparent line
      SDL_Rect at{x, asc - p.font_ascent, glyphs->w, glyphs->h};
      SDL_BlitSurface(glyphs.get(), nullptr, line.get(), &at);
    }
    x += p.width;
  }
  return line;
}

Surface render_vertical(FontSet& fonts, std::string_view text, const TextStyle& style, int max_height, int gap) {
  // Greedy columns of whole words (a word longer than a column gets one of its own).
  std::vector<std::string> columns;
  std::string current;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t sp = text.find(' ', i);
    std::string word(text.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i));
    i = sp == std::string_view::npos ? text.size() : sp + 1;
    if (word.empty()) continue;
    std::string candidate = current.empty() ? word : current + " " + word;
    if (!current.empty() && measure_line(fonts, candidate, style).width > max_height) {
      columns.push_back(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (!current.empty()) columns.push_back(current);
  std::vector<Surface> turned;
  int width = 0, height = 0;
  for (const auto& c : columns) {
    Surface line = render_line(fonts, c, style);
    turned.push_back(rotate_cw(line.get()));
    width += turned.back()->w;
    height = std::max(height, turned.back()->h);
  }
  if (turned.empty()) return make_surface(1, 1);
  width += gap * static_cast<int>(turned.size() - 1);
  Surface out = make_surface(width, height);
  int x = 0;
  for (const auto& t : turned) {
    SDL_SetSurfaceBlendMode(t.get(), SDL_BLENDMODE_NONE);
    SDL_Rect at{x, 0, t->w, t->h};
    SDL_BlitSurface(t.get(), nullptr, out.get(), &at);
    x += t->w + gap;
  }
  return out;
}

}  // namespace hallq::ui
