#include "core/sheets/render.hpp"

#include <algorithm>
#include <utility>

#include "core/sheets/pdf_doc.hpp"

namespace hallq::sheets::detail {
namespace {

// The page's layout, in PDF points (A4 portrait: pdf_doc.hpp).
constexpr double kMargin = 36;           // left, right and top
constexpr double kBottom = kPageH - 44;  // the table and signatures end above it; the foot sits below
constexpr double kBodyW = kPageW - 2 * kMargin;
constexpr double kPad = 3;  // inside a table cell
constexpr double kHeadGrey = 0.9;

// A piece of a table row on one page: for each cell, lines [from, to).
struct Fragment {
  size_t row;
  std::vector<std::pair<size_t, size_t>> lines;
  double height = 0;       // with the padding
  bool continued = false;  // the row began on an earlier page
};

// A table's part on one page: its caption (on the page it begins), its heading row, its fragments.
struct Segment {
  size_t table;
  double top;
  bool caption = false;
  std::vector<Fragment> fragments;
};

struct Page {
  std::vector<Segment> segments;
  bool signatures = false;
  bool fresh() const {
    for (const Segment& s : segments)
      if (!s.fragments.empty()) return false;
    return true;
  }
};

Text page_label(const Text3& pattern, int n, int total) {
  auto f = [&](std::string s) {
    return fill(fill(std::move(s), "n", std::to_string(n)), "total", std::to_string(total));
  };
  return bilingual({f(pattern.zh), "", f(pattern.en)});
}

}  // namespace

std::string fill(std::string pattern, const std::string& name, const std::string& value) {
  const std::string key = "{" + name + "}";
  for (size_t at = pattern.find(key); at != std::string::npos; at = pattern.find(key, at + value.size()))
    pattern.replace(at, key.size(), value);
  return pattern;
}

Text bilingual(const Text3& label, Span::Look zh_look) {
  Text t;
  if (!label.zh.empty()) t.push_back({label.zh, zh_look});
  if (!label.en.empty()) t.push_back({(label.zh.empty() ? "" : " ") + label.en, Span::Look::small});
  return t;
}

std::string render_pdf(const SheetSpec& spec) {
  Doc doc(spec.doc_title);

  // The mark, when given: every page's first line, on a grey band; the page's own head starts below.
  Block mark;
  if (!spec.mark.zh.empty() || !spec.mark.en.empty())
    mark = doc.block(bilingual(spec.mark, Span::Look::bold), kBodyW, PANGO_ALIGN_CENTER);
  const double mark_h = mark.lines.empty() ? 0 : mark.height() + 4;
  const double top = kMargin + (mark_h > 0 ? mark_h + 8 : 0);

  // Page 1's header: the Mongolian columns at the left margin, the Chinese (and English) centred.
  std::vector<Text> centre_paras;
  if (!spec.hall.zh.empty()) centre_paras.push_back({{spec.hall.zh, Span::Look::hall}});
  if (!spec.hall.en.empty()) centre_paras.push_back({{spec.hall.en, Span::Look::small}});
  if (!spec.title.zh.empty()) centre_paras.push_back({{spec.title.zh, Span::Look::title}});
  if (!spec.title.en.empty()) centre_paras.push_back({{spec.title.en, Span::Look::title_small}});
  std::vector<Block> centre;
  double centre_h = 0;
  auto lay_centre = [&](double width) {
    centre.clear();
    centre_h = 0;
    for (const Text& t : centre_paras) {
      centre.push_back(doc.block(t, width, PANGO_ALIGN_CENTER));
      centre_h += centre.back().height() + 2;
    }
  };
  // The Mongolian columns are as long as the Chinese block is high (at least 100 pt), longer if they
  // would otherwise take more than a quarter of the width.
  // The mark's Mongolian is the band's first column.
  Block mn_mark, mn_hall, mn_title;
  double band_w = 0, mn_len = 0;
  lay_centre(kBodyW * 0.6);
  for (double length = std::max(centre_h, 100.0);; length *= 1.25) {
    mn_mark = spec.mark.mn.empty()
                  ? Block{}
                  : doc.block(Text{{spec.mark.mn, Span::Look::mongolian}}, length, PANGO_ALIGN_LEFT, kMongolianFamily);
    mn_hall = spec.hall.mn.empty()
                  ? Block{}
                  : doc.block(Text{{spec.hall.mn, Span::Look::mongolian}}, length, PANGO_ALIGN_LEFT, kMongolianFamily);
    mn_title = spec.title.mn.empty() ? Block{}
                                     : doc.block(Text{{spec.title.mn, Span::Look::mongolian_title}}, length,
                                                 PANGO_ALIGN_LEFT, kMongolianFamily);
    band_w = 0;
    mn_len = 0;
    for (const Block* b : {&mn_mark, &mn_hall, &mn_title}) {
      if (b->lines.empty()) continue;
      band_w += (band_w > 0 ? 6 : 0) + Doc::width_of_vertical(*b);
      mn_len = std::max(mn_len, Doc::length_of_vertical(*b));
    }
    if (band_w <= kBodyW / 4) break;
  }
  // Centred on the page, clear of the band on both sides.
  double centre_w = kBodyW - 2 * (band_w + (band_w > 0 ? 10 : 0));
  lay_centre(centre_w);
  double header_h = std::max(centre_h, mn_len);

  // The fields under the header, left to right as far as they fit, then on a new line.
  struct Placed {
    Block block;
    double x, y;
  };
  std::vector<Placed> fields;
  double fields_h = 0;
  {
    constexpr double kGap = 20;
    double fx = 0, fy = 0, line_h = 0;
    for (const Text& f : spec.fields) {
      Block b = doc.block(f, kBodyW);
      double w = 0;
      for (const Line& l : b.lines) w = std::max(w, l.x + l.width);
      if (fx > 0 && fx + w > kBodyW) {
        fx = 0;
        fy += line_h + 3;
        line_h = 0;
      }
      line_h = std::max(line_h, b.height());
      fields.push_back({std::move(b), fx, fy});
      fx += w + kGap;
    }
    fields_h = fields.empty() ? 0 : fy + line_h + 3;
  }
  const double first_table_top = top + header_h + 8 + fields_h + 6;

  // Pages 2 and on: a running head of one line.
  Text running;
  if (!spec.hall.zh.empty()) running.push_back({spec.hall.zh + "  ", Span::Look::small});
  for (const Span& s : bilingual(spec.title, Span::Look::bold)) running.push_back(s);
  if (!spec.running_id.empty()) running.push_back({"  " + spec.running_id, Span::Look::body});
  Block running_head = doc.block(running, kBodyW);
  const double next_table_top = top + running_head.height() + 8;
  const double min_row_h = doc.block(Text{{"0", Span::Look::body}}, 100).height();
  constexpr double kTableGap = 12, kCaptionGap = 3;

  // Each table laid out once (column geometry, caption, heading row, rows); pagination only picks lines.
  struct Laid {
    std::vector<double> col_x, col_w;
    Block caption;
    double caption_h = 0;
    std::vector<Block> headings;
    double heading_h = 0;
    std::vector<std::vector<Block>> rows;
  };
  std::vector<Laid> laid;
  for (const TableSpec& t : spec.tables) {
    Laid& l = laid.emplace_back();
    double total_weight = 0;
    for (const Column& c : t.columns) total_weight += c.weight;
    double x = kMargin;
    for (const Column& c : t.columns) {
      l.col_x.push_back(x);
      l.col_w.push_back(kBodyW * c.weight / total_weight);
      x += l.col_w.back();
    }
    auto inner = [&](size_t c) { return l.col_w[c] - 2 * kPad; };
    if (!t.caption.zh.empty() || !t.caption.en.empty()) {
      l.caption = doc.block(bilingual(t.caption, Span::Look::bold), kBodyW);
      l.caption_h = l.caption.height() + kCaptionGap;
    }
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const Text3& h = t.columns[c].heading;
      std::vector<Text> paras;
      if (t.headings_en_beside) {
        paras.push_back(bilingual(h, Span::Look::bold));
      } else {
        if (!h.zh.empty()) paras.push_back({{h.zh, Span::Look::bold}});
        if (!h.en.empty()) paras.push_back({{h.en, Span::Look::small}});
      }
      l.headings.push_back(
          doc.paragraphs(paras, inner(c), t.columns[c].numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
      l.heading_h = std::max(l.heading_h, l.headings.back().height());
    }
    l.heading_h += 2 * kPad;
    for (const auto& row : t.rows) {
      std::vector<Block> cells;
      for (size_t c = 0; c < t.columns.size(); ++c)
        cells.push_back(c < row.size() ? doc.paragraphs(row[c], inner(c),
                                                        t.columns[c].numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT)
                                       : Block{});
      l.rows.push_back(std::move(cells));
    }
  }

  // Signature lines: label, a line to sign on (with the name when known), date label, a line.
  struct SignBlocks {
    Block label, name, date_label, date;
  };
  const double sign_label_w = kBodyW * 0.22, sign_line_w = kBodyW * 0.36, date_label_w = kBodyW * 0.12,
               date_line_w = kBodyW * 0.22, sign_row_h = 34;
  std::vector<SignBlocks> signs;
  for (const SignLine& s : spec.signatures) {
    signs.push_back({doc.block(bilingual(s.label, Span::Look::bold), sign_label_w - 4),
                     doc.block(Text{{s.name, Span::Look::hall}}, sign_line_w - 8),
                     doc.block(bilingual(s.date_label, Span::Look::bold), date_label_w - 4),
                     doc.block(Text{{s.date, Span::Look::hall}}, date_line_w - 8)});
  }
  const double signs_h = 16 + sign_row_h * static_cast<double>(signs.size());

  // Pagination.
  std::vector<Page> pages(1);
  double y = first_table_top;
  for (size_t t = 0; t < laid.size(); ++t) {
    const Laid& l = laid[t];
    if (t > 0) y += kTableGap;
    // The caption, the heading row and a row together, or on the next page.
    if (y + l.caption_h + l.heading_h + min_row_h + 2 * kPad > kBottom && !pages.back().segments.empty()) {
      pages.emplace_back();
      y = next_table_top;
    }
    pages.back().segments.push_back({t, y, true, {}});
    y += l.caption_h + l.heading_h;
    // The table goes on on the next page under its heading row again. A heading row (and caption) with
    // no row under it yet is not left behind: it moves along, so no page ends with a bare heading.
    auto new_page = [&] {
      bool caption = false;
      if (pages.back().segments.back().fragments.empty()) {
        caption = pages.back().segments.back().caption;
        pages.back().segments.pop_back();
      }
      pages.emplace_back();
      pages.back().segments.push_back({t, next_table_top, caption, {}});
      y = next_table_top + (caption ? l.caption_h : 0) + l.heading_h;
    };
    for (size_t r = 0; r < l.rows.size(); ++r) {
      const std::vector<Block>& cells = l.rows[r];
      std::vector<size_t> pos(cells.size(), 0);
      double whole = min_row_h;
      for (const Block& b : cells) whole = std::max(whole, b.height());
      whole += 2 * kPad;
      // A row that fits on a fresh page is not split. The sheet's last row keeps the signature lines
      // company: they never stand alone on a page, away from what they sign for.
      const bool last = t + 1 == laid.size() && r + 1 == l.rows.size();
      const double keep = whole + (last && !signs.empty() ? signs_h : 0);
      if (y + keep > kBottom && !pages.back().fresh() && keep <= kBottom - next_table_top - l.heading_h) new_page();
      bool first = true;
      for (;;) {
        double avail = kBottom - y - 2 * kPad;
        Fragment f{r, {}, 0, !first};
        bool progress = false, done = true;
        double content = first ? min_row_h : 0;
        for (size_t c = 0; c < cells.size(); ++c) {
          const Block& b = cells[c];
          size_t to = pos[c];
          while (to < b.lines.size() && b.height(pos[c], to + 1) <= avail) ++to;
          // A fresh page takes at least a line of each cell, or nothing would ever move on.
          if (to == pos[c] && to < b.lines.size() && pages.back().fresh()) ++to;
          progress = progress || to > pos[c];
          content = std::max(content, b.height(pos[c], to));
          f.lines.emplace_back(pos[c], to);
          pos[c] = to;
          done = done && to == b.lines.size();
        }
        if (!progress && !done) {
          new_page();
          continue;
        }
        if (first && content + 2 * kPad > kBottom - y && !pages.back().fresh()) {
          // Not even an empty row fits here.
          for (size_t c = 0; c < cells.size(); ++c) pos[c] = f.lines[c].first;
          new_page();
          continue;
        }
        f.height = content + 2 * kPad;
        y += f.height;
        pages.back().segments.back().fragments.push_back(std::move(f));
        first = false;
        if (done) break;
        new_page();
      }
    }
  }
  if (!signs.empty()) {
    if (y + signs_h > kBottom) {
      pages.emplace_back();
      y = next_table_top;
    }
    pages.back().signatures = true;
  }

  // Drawing.
  const int total = static_cast<int>(pages.size());
  for (size_t p = 0; p < pages.size(); ++p) {
    if (mark_h > 0) {
      doc.fill(kMargin, kMargin, kBodyW, mark_h, kHeadGrey);
      doc.draw(mark, kMargin, kMargin + 2);
    }
    if (p == 0) {
      double bx = kMargin;
      for (const Block* b : {&mn_mark, &mn_hall, &mn_title})
        if (!b->lines.empty()) bx += doc.draw_vertical(*b, bx, top) + 6;
      double cy = top + (header_h - centre_h) / 2;
      for (const Block& b : centre) {
        doc.draw(b, (kPageW - centre_w) / 2, cy);
        cy += b.height() + 2;
      }
      for (const Placed& f : fields) doc.draw(f.block, kMargin + f.x, top + header_h + 8 + f.y);
    } else {
      doc.draw(running_head, kMargin, top);
      doc.rule(kMargin, top + running_head.height() + 3, kPageW - kMargin, top + running_head.height() + 3);
    }

    // Each table's part: caption, heading row, then the fragments.
    double row_y = p == 0 ? first_table_top : next_table_top;
    for (const Segment& seg : pages[p].segments) {
      const Laid& l = laid[seg.table];
      double ty = seg.top;
      if (seg.caption && l.caption_h > 0) {
        doc.draw(l.caption, kMargin, ty);
        ty += l.caption_h;
      }
      const double table_end = kMargin + kBodyW;
      doc.fill(kMargin, ty, kBodyW, l.heading_h, kHeadGrey);
      for (size_t c = 0; c < l.headings.size(); ++c) doc.draw(l.headings[c], l.col_x[c] + kPad, ty + kPad);
      row_y = ty + l.heading_h;
      for (const Fragment& f : seg.fragments) {
        for (size_t c = 0; c < f.lines.size(); ++c)
          doc.draw(l.rows[f.row][c], f.lines[c].first, f.lines[c].second, l.col_x[c] + kPad, row_y + kPad);
        // A row continued from the page before names itself again (its first column, the case number).
        if (f.continued && !f.lines.empty() && f.lines[0].first == f.lines[0].second) {
          const Block& key = l.rows[f.row][0];
          double fit = f.height - 2 * kPad;
          size_t to = 0;
          while (to < key.lines.size() && key.height(0, to + 1) <= fit) ++to;
          doc.draw(key, 0, to, l.col_x[0] + kPad, row_y + kPad);
        }
        row_y += f.height;
        doc.rule(kMargin, row_y, table_end, row_y);
      }
      doc.rule(kMargin, ty, table_end, ty);
      doc.rule(kMargin, ty + l.heading_h, table_end, ty + l.heading_h);
      for (size_t c = 0; c < l.col_x.size(); ++c) doc.rule(l.col_x[c], ty, l.col_x[c], row_y);
      doc.rule(table_end, ty, table_end, row_y);
    }

    if (pages[p].signatures) {
      double sy = row_y + 16;
      for (const SignBlocks& s : signs) {
        double base = sy + sign_row_h - 8;  // the line people sign on
        double sx = kMargin;
        doc.draw(s.label, sx, base - s.label.height());
        sx += sign_label_w;
        doc.rule(sx, base, sx + sign_line_w - 8, base);
        doc.draw(s.name, sx + 4, base - s.name.height() - 1);
        sx += sign_line_w;
        doc.draw(s.date_label, sx, base - s.date_label.height());
        sx += date_label_w;
        doc.rule(sx, base, sx + date_line_w, base);
        doc.draw(s.date, sx + 4, base - s.date.height() - 1);
        sy += sign_row_h;
      }
    }

    // The foot: which page of how many, and what the sheet is.
    Block foot = doc.block(page_label(spec.page, static_cast<int>(p) + 1, total), kBodyW, PANGO_ALIGN_CENTER);
    doc.draw(foot, kMargin, kBottom + 16);
    if (!spec.running_id.empty()) {
      Block id = doc.block(Text{{spec.running_id, Span::Look::small}}, kBodyW, PANGO_ALIGN_RIGHT);
      doc.draw(id, kMargin, kBottom + 16);
    }
    doc.show_page();
  }
  return doc.finish();
}

}  // namespace hallq::sheets::detail
