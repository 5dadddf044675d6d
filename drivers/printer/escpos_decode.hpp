#pragma once
// Reads an ESC/POS job back into what the printer would put on paper: lines
// of text (with size, bold, alignment), raster images, QR codes, feeds, cuts.
// The virtual printer renders this to PNG; tests check jobs with it.
// Understands what EscPos writes plus the common commands of other drivers;
// anything else is reported in `problems`.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "drivers/printer/escpos.hpp"
#include "drivers/printer/raster.hpp"

namespace hallq::printer {

struct TextRun {
  std::string gbk;            // the bytes as sent
  std::string utf8;           // decoded (GB18030)
  int width = 1, height = 1;  // character size multipliers
  bool bold = false;
};

struct Block {
  enum class Kind { line, image, qr, feed, cut } kind = Kind::line;
  Align align = Align::left;
  std::vector<TextRun> runs;  // line
  Raster image;               // image
  std::string qr_data;        // qr
  int qr_module = 3;          // dots per module, 1..16
  int lines = 0;              // feed
  bool partial = true;        // cut
};

struct Document {
  std::vector<Block> blocks;
  std::vector<std::string> problems;  // unknown commands, truncated data, status queries inside a job
  int status_queries = 0;
  std::string text() const;  // all text lines, '\n'-separated (UTF-8)
};

Document decode(std::span<const std::uint8_t> job);

// GB18030 → UTF-8.
std::string from_gbk(std::string_view gbk);

}  // namespace hallq::printer
