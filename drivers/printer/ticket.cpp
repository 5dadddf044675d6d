#include "drivers/printer/ticket.hpp"

#include <algorithm>

#include "drivers/printer/escpos.hpp"

namespace hallq::printer {

std::vector<std::string> wrap_text(const std::string& utf8, int max_dots) {
  std::vector<std::string> lines;
  std::string cur;
  int width = 0;
  std::size_t last_space = std::string::npos;  // in cur
  int width_at_space = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    n = std::min(n, utf8.size() - i);
    int w = c < 0x80 ? 12 : 24;
    if (width + w > max_dots && !cur.empty()) {
      if (c == ' ') {  // the line ends right here; the space goes
        lines.push_back(cur);
        cur.clear();
        width = 0;
        last_space = std::string::npos;
        i += n;
        continue;
      }
      if (c < 0x80 && last_space != std::string::npos) {  // break Latin text at the last space
        std::string rest = cur.substr(last_space + 1);
        cur.resize(last_space);
        lines.push_back(cur);
        cur = rest;
        width -= width_at_space + 12;
      } else {
        lines.push_back(cur);
        cur.clear();
        width = 0;
      }
      last_space = std::string::npos;
    }
    if (c == ' ') {
      last_space = cur.size();
      width_at_space = width;
    }
    cur.append(utf8, i, n);
    width += w;
    i += n;
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

namespace {

// A line in the citizen's language, then in Chinese, in the current alignment
// and size; `prefix` ("1. ") goes before each language's text.
void put(EscPos& e, const SlipText& t, int width, const std::string& prefix = {}) {
  if (!t.image.empty()) e.raster(t.image);
  if (!t.text.empty())
    for (const auto& l : wrap_text(prefix + t.text, width)) e.line(l);
  if (!t.zh.empty())
    for (const auto& l : wrap_text(prefix + t.zh, width)) e.line(l);
}

}  // namespace

std::vector<std::uint8_t> layout_ticket(const TicketSlip& slip, const Profile& p) {
  const int width = p.width_dots;
  const bool wide = width >= 576;
  EscPos e;
  e.init().chinese(true).align(Align::center);

  e.bold(true);
  put(e, slip.hall, width);
  e.bold(false);
  e.line(std::string(static_cast<std::size_t>(width / 12), '-'));

  put(e, slip.number_label, width);
  // The number as large as fits: 12-dot characters at ×(4|5), with margin.
  int mul = wide ? 5 : 4;
  while (mul > 1 && static_cast<int>(slip.number.size()) * 12 * mul > width - 24) --mul;
  e.size(mul, mul).bold(true).line(slip.number).bold(false).size(1, 1);

  e.size(1, 2);
  put(e, slip.service, width);
  e.size(1, 1);
  if (!slip.service_mongolian.empty()) {
    e.raster(slip.service_mongolian);
    e.feed(1);
  }
  for (const auto& info : slip.info) put(e, info, width);

  if (!slip.materials.empty()) {
    e.line(std::string(static_cast<std::size_t>(width / 12), '-'));
    e.align(Align::left);
    e.bold(true);
    put(e, slip.materials_title, width);
    e.bold(false);
    int n = 1;
    for (const auto& m : slip.materials) put(e, m, width, std::to_string(n++) + ". ");
    e.align(Align::center);
  }

  if (!slip.qr_payload.empty()) {
    e.feed(1);
    if (p.native_qr) {
      e.qr(slip.qr_payload, p.qr_module);
      e.line();
    } else {
      Raster qr = qr_raster(slip.qr_payload, p.qr_module);
      // Shrink the modules until the code fits the paper.
      for (int m = p.qr_module - 1; qr.width > width && m >= 2; --m) qr = qr_raster(slip.qr_payload, m);
      e.raster(qr);
    }
    put(e, slip.qr_caption, width);
  }
  if (!slip.footer.empty()) {
    e.feed(1);
    put(e, slip.footer, width);
  }
  if (p.cutter == Cutter::none)
    e.feed(4);
  else
    e.cut(p.cutter == Cutter::partial, 80);
  return e.take();
}

}  // namespace hallq::printer
