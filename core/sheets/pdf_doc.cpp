#include "core/sheets/pdf_doc.hpp"

#include <cairo-pdf.h>
#include <glib.h>

#include <algorithm>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace hallq::sheets::detail {
namespace {

using FontDescPtr = std::unique_ptr<PangoFontDescription, Free<pango_font_description_free>>;
using AttrListPtr = std::unique_ptr<PangoAttrList, Free<pango_attr_list_unref>>;
using IterPtr = std::unique_ptr<PangoLayoutIter, Free<pango_layout_iter_free>>;
using GStringPtr = std::unique_ptr<gchar, Free<g_free>>;

struct RequiredFont {
  const char* family;
  const char* package;
};
constexpr RequiredFont kRequiredFonts[] = {{"Noto Sans CJK SC", "fonts-noto-cjk"},
                                           {"Noto Sans Mongolian", "fonts-noto-core"}};

struct Look {
  double size;
  bool bold;
  double grey;  // 0 black
};

Look look_of(Span::Look l) {
  switch (l) {
    case Span::Look::body:
      return {8.5, false, 0};
    case Span::Look::bold:
      return {8.5, true, 0};
    case Span::Look::small:
      return {6.5, false, 0.4};
    case Span::Look::hall:
      return {11, false, 0};
    case Span::Look::title:
      return {17, true, 0};
    case Span::Look::title_small:
      return {9, false, 0.4};
    case Span::Look::mongolian:
      return {9, false, 0};
    case Span::Look::mongolian_title:
      return {13, false, 0};
  }
  return {8.5, false, 0};
}

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("hallq sheets: Cairo failed ") + what + ": " + cairo_status_to_string(status));
}

// The PDF surface's writer: into a std::string. No exception may cross Cairo's C frames.
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

// Pango warns and drops text at the first bad byte; print U+FFFD instead.
std::string valid_utf8(const std::string& s) {
  if (g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr)) return s;
  GStringPtr fixed(g_utf8_make_valid(s.data(), static_cast<gssize>(s.size())));
  return fixed.get();
}

void require_fonts(PangoFontMap* map) {
  PangoFontFamily** families = nullptr;
  int n = 0;
  pango_font_map_list_families(map, &families, &n);
  std::unique_ptr<PangoFontFamily*, Free<g_free>> owned(families);
  for (const RequiredFont& want : kRequiredFonts) {
    bool found = std::any_of(families, families + n, [&](PangoFontFamily* f) {
      return g_ascii_strcasecmp(pango_font_family_get_name(f), want.family) == 0;
    });
    if (!found)
      throw std::runtime_error(std::string("hallq sheets: font family \"") + want.family +
                               "\" not found through fontconfig (Debian: install " + want.package + ")");
  }
}

}  // namespace

Doc::Doc(const std::string& title) {
  surface_.reset(cairo_pdf_surface_create_for_stream(append, &out_, kPageW, kPageH));
  check(cairo_surface_status(surface_.get()), "to create the PDF surface");
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, valid_utf8(title).c_str());
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "hallq");
  cr_.reset(cairo_create(surface_.get()));
  check(cairo_status(cr_.get()), "to create the drawing context");

  PangoFontMap* map = pango_cairo_font_map_get_default();  // per thread, not ours
  require_fonts(map);
  pango_.reset(pango_font_map_create_context(map));
  pango_cairo_context_set_resolution(pango_.get(), 72);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(pango_.get(), options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(pango_.get(), FALSE);
  pango_context_set_language(pango_.get(), pango_language_from_string("zh-cn"));
}

Block Doc::block(const Text& text, double width, PangoAlignment align, const char* family) {
  std::string all;
  AttrListPtr attrs(pango_attr_list_new());
  auto add = [&](PangoAttribute* a, size_t start, size_t end) {
    a->start_index = static_cast<guint>(start);
    a->end_index = static_cast<guint>(end);
    pango_attr_list_insert(attrs.get(), a);
  };
  for (const Span& span : text) {
    size_t start = all.size();
    all += valid_utf8(span.text);
    size_t end = all.size();
    Look l = look_of(span.look);
    add(pango_attr_size_new(static_cast<int>(l.size * PANGO_SCALE)), start, end);
    if (l.bold) add(pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
    if (l.grey > 0) {
      auto g = static_cast<guint16>(l.grey * 65535);
      add(pango_attr_foreground_new(g, g, g), start, end);
    }
  }
  LayoutPtr& layout = layouts_.emplace_back(pango_layout_new(pango_.get()));
  FontDescPtr font(pango_font_description_from_string(family));
  pango_font_description_set_size(font.get(), static_cast<int>(8.5 * PANGO_SCALE));
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_text(layout.get(), all.data(), static_cast<int>(all.size()));
  pango_layout_set_attributes(layout.get(), attrs.get());
  pango_layout_set_width(layout.get(), pango_units_from_double(width));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), align);

  Block b;
  IterPtr it(pango_layout_get_iter(layout.get()));
  do {
    int y0 = 0, y1 = 0;
    pango_layout_iter_get_line_yrange(it.get(), &y0, &y1);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
    b.lines.push_back({pango_layout_iter_get_line_readonly(it.get()), pango_units_to_double(logical.x),
                       pango_units_to_double(pango_layout_iter_get_baseline(it.get()) - y0),
                       pango_units_to_double(y1 - y0), pango_units_to_double(logical.width), 0});
  } while (pango_layout_iter_next_line(it.get()));
  return b;
}

Block Doc::paragraphs(const std::vector<Text>& texts, double width, PangoAlignment align) {
  Block b;
  for (const Text& t : texts) {
    Block p = block(t, width, align);
    if (!b.lines.empty() && !p.lines.empty()) p.lines.front().gap = kParaGap;
    b.lines.insert(b.lines.end(), p.lines.begin(), p.lines.end());
  }
  return b;
}

void Doc::draw(const Block& b, size_t from, size_t to, double x, double y) {
  cairo_t* c = cr_.get();
  cairo_set_source_rgb(c, 0, 0, 0);
  for (size_t i = from; i < to; ++i) {
    const Line& l = b.lines[i];
    if (i != from) y += l.gap;
    cairo_move_to(c, x + l.x, y + l.ascent);
    pango_cairo_show_layout_line(c, l.line);
    y += l.height;
  }
}

double Doc::draw_vertical(const Block& b, double x, double y) {
  cairo_t* c = cr_.get();
  cairo_set_source_rgb(c, 0, 0, 0);
  for (const Line& l : b.lines) {
    cairo_save(c);
    // In the turned frame the line's top edge (y 0) lands at this x, its bottom to the left of it.
    cairo_translate(c, x + l.height, y);
    cairo_rotate(c, std::numbers::pi / 2);
    cairo_move_to(c, l.x, l.ascent);
    pango_cairo_show_layout_line(c, l.line);
    cairo_restore(c);
    x += l.height;
  }
  return width_of_vertical(b);
}

double Doc::width_of_vertical(const Block& b) {
  double w = 0;
  for (const Line& l : b.lines) w += l.height;
  return w;
}

double Doc::length_of_vertical(const Block& b) {
  double len = 0;
  for (const Line& l : b.lines) len = std::max(len, l.width);
  return len;
}

void Doc::rule(double x0, double y0, double x1, double y1, double width) {
  cairo_t* c = cr_.get();
  cairo_set_source_rgb(c, 0, 0, 0);
  cairo_set_line_width(c, width);
  cairo_move_to(c, x0, y0);
  cairo_line_to(c, x1, y1);
  cairo_stroke(c);
}

void Doc::fill(double x, double y, double w, double h, double grey) {
  cairo_t* c = cr_.get();
  cairo_set_source_rgb(c, grey, grey, grey);
  cairo_rectangle(c, x, y, w, h);
  cairo_fill(c);
}

void Doc::show_page() {
  cairo_show_page(cr_.get());
  check(cairo_status(cr_.get()), "while drawing a page");
}

std::string Doc::finish() {
  check(cairo_status(cr_.get()), "while drawing");
  cr_.reset();
  cairo_surface_finish(surface_.get());
  check(cairo_surface_status(surface_.get()), "to write the PDF");
  return std::move(out_);
}

}  // namespace hallq::sheets::detail
