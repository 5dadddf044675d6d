#pragma once
// The virtual printer's picture: an ESC/POS job rendered the way a thermal
// printer would put it on paper (1 dot = 1 pixel, 24-dot characters), for
// demos, tests and people without a printer. Lives apart from the driver so
// the driver itself needs no fonts.

#include <cstdint>
#include <span>
#include <string>

#include "drivers/printer/escpos_decode.hpp"
#include "ui/fonts.hpp"
#include "ui/image.hpp"

namespace hallq::printer {

ui::Surface render_preview(const Document& doc, int width_dots, ui::FontSet& fonts);

// Decodes `job`, renders it and writes a PNG; false with `error` set on failure.
bool write_preview(std::span<const std::uint8_t> job, int width_dots, const std::string& png_path, ui::FontSet& fonts,
                   std::string* error = nullptr);

}  // namespace hallq::printer
