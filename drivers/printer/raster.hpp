#pragma once
// 1-bit raster images as ESC/POS prints them (GS v 0): rows of bytes, the
// most significant bit leftmost, 1 = black. A PBM P4 body has the same layout.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hallq::printer {

struct Raster {
  int width = 0;                   // dots
  int height = 0;                  // rows
  std::vector<std::uint8_t> bits;  // height × bytes_per_row()
  int bytes_per_row() const { return (width + 7) / 8; }
  bool black(int x, int y) const {
    return (bits[static_cast<std::size_t>(y * bytes_per_row() + x / 8)] >> (7 - x % 8)) & 1;
  }
  void set(int x, int y) {
    bits[static_cast<std::size_t>(y * bytes_per_row() + x / 8)] |= static_cast<std::uint8_t>(0x80 >> (x % 8));
  }
  static Raster blank(int width, int height);
  bool empty() const { return width == 0 || height == 0; }
};

// From 8-bit gray (0 = black, 255 = white): a pixel darker than `threshold` prints.
Raster raster_from_gray(std::span<const std::uint8_t> gray, int width, int height, int stride, int threshold = 128);

// A QR code for `data` (byte mode, error level M), each module `module` dots,
// with a quiet zone of four modules. Empty when the data does not fit a QR code.
Raster qr_raster(const std::string& data, int module);

// PBM (P4) text of a raster, for tools and tests.
std::string to_pbm(const Raster& r);

}  // namespace hallq::printer
