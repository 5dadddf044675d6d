#include "drivers/printer/receipt.hpp"

#include <algorithm>

#include "drivers/printer/escpos.hpp"
#include "drivers/printer/ticket.hpp"

namespace hallq::printer {

namespace {

Raster join(const std::vector<const Raster*>& row, int gap) {
  int w = 0, h = 0;
  for (const auto* r : row) {
    w += r->width + (w > 0 ? gap : 0);
    h = std::max(h, r->height);
  }
  Raster out = Raster::blank(w, h);
  int x0 = 0;
  for (const auto* r : row) {
    for (int y = 0; y < r->height; ++y)
      for (int x = 0; x < r->width; ++x)
        if (r->black(x, y)) out.set(x0 + x, y);
    x0 += r->width + gap;
  }
  return out;
}

void print_qr(EscPos& e, const std::string& payload, const Profile& p) {
  if (p.native_qr) {
    e.qr(payload, p.qr_module);
    e.line();
    return;
  }
  Raster qr = qr_raster(payload, p.qr_module);
  for (int m = p.qr_module - 1; qr.width > p.width_dots && m >= 2; --m) qr = qr_raster(payload, m);
  e.raster(qr);
}

}  // namespace

std::vector<Raster> side_by_side(const std::vector<Raster>& parts, int gap, int max_width) {
  std::vector<Raster> rows;
  std::vector<const Raster*> row;
  int w = 0;
  for (const auto& r : parts) {
    if (r.empty()) continue;
    if (!row.empty() && w + gap + r.width > max_width) {
      rows.push_back(join(row, gap));
      row.clear();
      w = 0;
    }
    w += r.width + (row.empty() ? 0 : gap);
    row.push_back(&r);
  }
  if (!row.empty()) rows.push_back(join(row, gap));
  return rows;
}

std::vector<std::uint8_t> layout_receipt(const Receipt& r, const Profile& p) {
  const int width = p.width_dots;
  const std::string rule(static_cast<std::size_t>(width / 12), '-');
  EscPos e;
  e.init().chinese(true).align(Align::center);

  if (!r.mark.empty()) {
    e.bold(true);
    for (const auto& l : wrap_text(r.mark, width)) e.line(l);
    e.bold(false);
    if (!r.mark_mongolian.empty()) e.raster(r.mark_mongolian);
    e.line(rule);
  }
  if (!r.hall.empty()) {
    e.bold(true);
    for (const auto& l : wrap_text(r.hall, width)) e.line(l);
    e.bold(false);
  }
  // The title double size, or double height only when that keeps it on one line (58 mm paper).
  int title_w = wrap_text(r.title, width / 2).size() <= 1 ? 2 : 1;
  e.size(title_w, 2).bold(true);
  for (const auto& l : wrap_text(r.title, width / title_w)) e.line(l);
  e.bold(false).size(1, 1);
  if (!r.title_mongolian.empty()) {
    e.raster(r.title_mongolian);
    e.feed(1);
  }
  e.line(rule);

  if (!r.code.empty()) {
    if (!r.code_label.empty())
      for (const auto& l : wrap_text(r.code_label, width)) e.line(l);
    // As large as fits: 12-dot characters at ×(2..5), with a margin.
    int mul = width >= 576 ? 5 : 4;
    while (mul > 1 && static_cast<int>(r.code.size()) * 12 * mul > width - 24) --mul;
    e.size(mul, mul).bold(true).line(r.code).bold(false).size(1, 1);
    e.line(rule);
  }

  e.align(Align::left);
  for (const auto& line : r.lines)
    for (const auto& l : wrap_text(line, width)) e.line(l);
  if (!r.list.empty()) {
    e.line(rule);
    if (!r.list_title.empty()) e.bold(true).line(r.list_title).bold(false);
    int n = 1;
    for (const auto& item : r.list)
      for (const auto& l : wrap_text(std::to_string(n++) + ". " + item, width)) e.line(l);
  }
  if (!r.mongolian.empty()) {
    e.feed(1);
    for (const auto& row : side_by_side(r.mongolian, 16, width)) e.raster(row);
  }
  e.align(Align::center);

  if (!r.qr_payload.empty()) {
    e.feed(1);
    print_qr(e, r.qr_payload, p);
    if (!r.qr_caption.empty()) e.line(r.qr_caption);
  }
  if (!r.footer.empty()) {
    e.feed(1);
    for (const auto& f : r.footer)
      for (const auto& l : wrap_text(f, width)) e.line(l);
  }
  if (p.cutter == Cutter::none)
    e.feed(4);
  else
    e.cut(p.cutter == Cutter::partial, 80);
  return e.take();
}

}  // namespace hallq::printer
