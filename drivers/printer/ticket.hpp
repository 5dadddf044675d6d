#pragma once
// The ticket slip. Every word on it comes from the caller, already translated
// (assets/i18n); the Mongolian service name comes as a raster drawn by the
// caller (core/ui), so the driver needs no fonts.

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/printer/profile.hpp"
#include "drivers/printer/raster.hpp"

namespace hallq::printer {

struct TicketSlip {
  std::string hall;               // hall name
  std::string number_label;       // "您的号码"
  std::string number;             // "A001"
  std::string service;            // service name in Chinese
  Raster service_mongolian;       // the service name in traditional Mongolian
  std::vector<std::string> info;  // "前面还有 3 人", "预计等候约 15 分钟", "取号时间 …"
  std::string materials_title;    // "请携带以下材料："
  std::vector<std::string> materials;
  std::string qr_payload;  // the status link
  std::string qr_caption;  // "扫码查看排队进度"
  std::string footer;      // "过号请到咨询台"
};

// The ESC/POS job for a slip on this printer. `native_qr` false prints the
// QR code as a raster image (for printers without GS ( k).
std::vector<std::uint8_t> layout_ticket(const TicketSlip& slip, const Profile& profile);

// Splits UTF-8 text into lines of at most `max_dots` at character size 1
// (a CJK character is 24 dots wide, an ASCII one 12), breaking between
// characters and preferring spaces for Latin text.
std::vector<std::string> wrap_text(const std::string& utf8, int max_dots);

}  // namespace hallq::printer
