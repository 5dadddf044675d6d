#pragma once
// A paper handed over a window's counter — the one-time supplement notice
// (补正材料一次性告知书), the acceptance receipt (受理回执) — on the window's
// receipt printer. Generic: a title, an optional code printed large, labelled
// lines, a numbered list, Mongolian blocks and a QR code. Every word comes
// from the caller, already translated (assets/i18n); Mongolian comes as
// rasters drawn by the caller (core/ui), so the driver needs no fonts.

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/printer/profile.hpp"
#include "drivers/printer/raster.hpp"

namespace hallq::printer {

struct Receipt {
  std::string mark;                // before everything, bold, a rule under it: a training hall's "培训用纸"
  Raster mark_mongolian;           // the mark in traditional Mongolian, under it (may be empty)
  std::string hall;                // the hall's name, at the top
  std::string title;               // "受理回执"
  Raster title_mongolian;          // the title in traditional Mongolian (may be empty)
  std::string code_label;          // "补正码"
  std::string code;                // printed as large as the paper allows; empty: none
  std::vector<std::string> lines;  // "办件编号：F-20261126-0001", each wrapped to the paper
  std::string list_title;          // "请补正以下材料："
  std::vector<std::string> list;   // printed numbered
  // Mongolian blocks (columns read top to bottom), set side by side left to
  // right in as many rows as the paper's width needs.
  std::vector<Raster> mongolian;
  std::string qr_payload;  // empty: no QR code
  std::string qr_caption;  // under the code
  std::vector<std::string> footer;
};

// The ESC/POS job for a receipt on this printer (native QR or a raster one,
// cut or fed as the profile says).
std::vector<std::uint8_t> layout_receipt(const Receipt& receipt, const Profile& profile);

// Rasters set side by side, top aligned, `gap` dots apart, a new row whenever
// the next one would pass `max_width` (a raster wider than that stands alone).
std::vector<Raster> side_by_side(const std::vector<Raster>& parts, int gap, int max_width);

}  // namespace hallq::printer
