#pragma once
// The ticket slip. Every word on it comes from the caller, already translated
// (assets/i18n); Mongolian comes as rasters drawn by the caller (core/ui), so
// the driver needs no fonts. Every line is in the citizen's language first and
// Chinese second (SlipText); the number stays as large as the paper allows.

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/printer/profile.hpp"
#include "drivers/printer/raster.hpp"

namespace hallq::printer {

// One line of the slip in the citizen's language first, then in Chinese (the
// hall's language, which every clerk reads). A Chinese citizen's slip has
// Chinese only; a Mongolian citizen's line comes first as `image` (Mongolian
// is drawn by the caller, printer fonts have none); an English citizen's as
// `text`. A plain string is a Chinese-only line.
struct SlipText {
  SlipText() = default;
  SlipText(std::string chinese) : zh(std::move(chinese)) {}  // NOLINT: a Chinese line reads as its text
  SlipText(const char* chinese) : zh(chinese) {}             // NOLINT
  Raster image;      // first: the line in traditional Mongolian, drawn (columns read top to bottom)
  std::string text;  // first: the line in English
  std::string zh;    // then: Chinese
  bool empty() const { return image.empty() && text.empty() && zh.empty(); }
};

struct TicketSlip {
  SlipText hall;               // hall name
  SlipText number_label;       // "您的号码"
  std::string number;          // "A001"
  SlipText service;            // service name
  Raster service_mongolian;    // a Chinese slip: the service name in traditional Mongolian under it
  std::vector<SlipText> info;  // "前面还有 3 人", "预计等候约 15 分钟", "取号时间 …"
  SlipText materials_title;    // "请携带以下材料："
  std::vector<SlipText> materials;
  std::string qr_payload;  // the status link
  SlipText qr_caption;     // "扫码查看排队进度"
  SlipText footer;         // "过号请到咨询台"
};

// The ESC/POS job for a slip on this printer. `native_qr` false prints the
// QR code as a raster image (for printers without GS ( k).
std::vector<std::uint8_t> layout_ticket(const TicketSlip& slip, const Profile& profile);

// Splits UTF-8 text into lines of at most `max_dots` at character size 1
// (a CJK character is 24 dots wide, an ASCII one 12), breaking between
// characters and preferring spaces for Latin text.
std::vector<std::string> wrap_text(const std::string& utf8, int max_dots);

}  // namespace hallq::printer
