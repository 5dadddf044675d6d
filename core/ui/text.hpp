#pragma once
// Drawing text in Chinese, traditional Mongolian and Latin with SDL_ttf:
// split into script runs, each run drawn with its font, runs aligned on a
// common baseline. Vertical Mongolian is shaped left to right and turned 90°
// clockwise: columns read top to bottom and follow each other left to right.
//
// Thread affinity: the thread that owns the FontSet.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ui/fonts.hpp"
#include "core/ui/image.hpp"

namespace hallq::ui {

struct TextStyle {
  int px = 32;  // font size in pixels
  bool bold = false;
  std::uint32_t argb = 0xFF000000;  // text colour
};

struct TextSize {
  int width = 0, height = 0;
};

// The size of one line as render_line would draw it.
TextSize measure_line(FontSet& fonts, std::string_view text, const TextStyle& style);
// One line, on a transparent background. Never null for an empty string (a 1×line-height surface).
Surface render_line(FontSet& fonts, std::string_view text, const TextStyle& style);
// The code points of `text` that the font of their script run has no glyph for: each would be
// drawn as an empty box (format characters such as the Mongolian variation selectors, which
// shaping consumes, are not counted). Empty: every character can be drawn.
std::u32string missing_glyphs(FontSet& fonts, std::string_view text);
// Words of `text` in columns at most `max_height` pixels tall, `gap` apart.
Surface render_vertical(FontSet& fonts, std::string_view text, const TextStyle& style, int max_height, int gap = 8);

}  // namespace hallq::ui
