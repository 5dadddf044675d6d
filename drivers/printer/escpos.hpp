#pragma once
// A pure ESC/POS encoder: commands in, bytes out. Text goes out as GB18030 in
// Chinese mode, restricted to GBK's two-byte characters (what thermal
// printers' fonts hold); anything else (Mongolian, rare characters) must be
// printed as a raster image, and text() reports characters it had to replace.
// Byte values: ../shared/reference/hardware.md.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/printer/raster.hpp"

namespace hallq::printer {

enum class Align : std::uint8_t { left = 0, center = 1, right = 2 };
enum class QrLevel : std::uint8_t { L = 0x30, M = 0x31, Q = 0x32, H = 0x33 };

// UTF-8 → GB18030, keeping GBK's one- and two-byte characters; others become
// '?' and are counted in `replaced`.
std::string to_gbk(std::string_view utf8, int* replaced = nullptr);

class EscPos {
 public:
  EscPos& init();                            // ESC @
  EscPos& chinese(bool on);                  // FS & / FS .
  EscPos& text(std::string_view utf8);       // encoded as GBK; no newline
  EscPos& line(std::string_view utf8 = {});  // text and LF
  EscPos& size(int width, int height);       // GS ! n, 1..8 each
  EscPos& bold(bool on);                     // ESC E n
  EscPos& align(Align a);                    // ESC a n (also aligns images)
  EscPos& feed(int lines);                   // ESC d n
  EscPos& raster(const Raster& r);           // GS v 0, split into bands of ≤ 255 rows
  EscPos& qr(std::string_view data, int module, QrLevel level = QrLevel::M);  // GS ( k, model 2
  EscPos& cut(bool partial = true, int feed_dots = 3);                        // GS V B n / GS V A n
  EscPos& raw(std::initializer_list<std::uint8_t> bytes);
  int replaced() const { return replaced_; }  // characters text() could not encode
  const std::vector<std::uint8_t>& bytes() const { return out_; }
  std::vector<std::uint8_t> take() { return std::move(out_); }

 private:
  std::vector<std::uint8_t> out_;
  int replaced_ = 0;
};

// Real-time status request DLE EOT n (n = 1..4). Never put inside a job.
std::vector<std::uint8_t> status_request(int n);
// Automatic status back on (GS a n with all change notifications) or off.
std::vector<std::uint8_t> automatic_status(bool on);

}  // namespace hallq::printer
