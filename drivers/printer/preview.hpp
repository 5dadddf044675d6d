#pragma once
// The virtual printer's picture: an ESC/POS job rendered the way a thermal
// printer would put it on paper (1 dot = 1 pixel, 24-dot characters), for
// demos, tests and people without a printer. Lives apart from the driver so
// the driver itself needs no fonts.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/ui/fonts.hpp"
#include "core/ui/image.hpp"
#include "drivers/printer/escpos_decode.hpp"
#include "drivers/printer/raster.hpp"

namespace hallq::printer {

ui::Surface render_preview(const Document& doc, int width_dots, ui::FontSet& fonts);

// Decodes `job`, renders it and writes a PNG; false with `error` set on failure.
bool write_preview(std::span<const std::uint8_t> job, int width_dots, const std::string& png_path, ui::FontSet& fonts,
                   std::string* error = nullptr);

// The PNG that goes with a virtual printer's file: "out/t.bin" → "out/t.png".
std::string preview_path(const std::string& file);

// Traditional Mongolian as a ticket raster: columns read top to bottom, at
// most `max_height` dots tall, shaped by the UI toolkit (the driver has no fonts).
// With `max_width` > 0 the columns grow taller until the image is at most that
// wide (for the paper), as far as one word to a column allows.
Raster mongolian_raster(ui::FontSet& fonts, std::string_view text, int px, int max_height, int max_width = 0);

}  // namespace hallq::printer
