#pragma once
// A PDF being drawn with Cairo and Pango: the page surface, text laid out into blocks of lines (joined
// Mongolian shaped by HarfBuzz, also turned into vertical columns), rules and fills. The drawing
// primitives under render.cpp's sheet layout. Internal to hallq_sheets.
#include <cairo.h>
#include <glib-object.h>
#include <pango/pangocairo.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/sheets/render.hpp"

namespace hallq::sheets::detail {

// A4 portrait in PDF points.
constexpr double kPageW = 595.276, kPageH = 841.89;
constexpr double kParaGap = 1;  // between a cell's paragraphs
constexpr double kRule = 0.5;   // table lines

// Chinese first: the CJK font also has the Latin letters and digits; Mongolian runs fall through to the
// Mongolian font (Pango itemises by script and shapes each run with HarfBuzz).
constexpr const char* kFamily = "Noto Sans CJK SC, Noto Sans Mongolian";
constexpr const char* kMongolianFamily = "Noto Sans Mongolian, Noto Sans CJK SC";

// The C libraries' objects, freed by their own functions.
template <auto F>
struct Free {
  template <class T>
  void operator()(T* p) const {
    F(p);
  }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, Free<cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, Free<cairo_destroy>>;
using ContextPtr = std::unique_ptr<PangoContext, Free<g_object_unref>>;
using LayoutPtr = std::unique_ptr<PangoLayout, Free<g_object_unref>>;

// One line of a laid-out paragraph.
struct Line {
  PangoLayoutLine* line;  // owned by a layout in Doc::layouts_
  double x;               // from the block's left edge (alignment)
  double ascent;          // line top to baseline
  double height;
  double width;  // logical width (the length of a vertical column)
  double gap;    // above the line when it opens a paragraph after another
};

// Laid-out text: lines top to bottom.
struct Block {
  std::vector<Line> lines;
  double height(size_t from, size_t to) const {
    double h = 0;
    for (size_t i = from; i < to; ++i) h += (i == from ? 0 : lines[i].gap) + lines[i].height;
    return h;
  }
  double height() const { return height(0, lines.size()); }
};

// A PDF being drawn: the surface writing into a string, its Cairo context, the Pango context every
// layout comes from (72 dpi, so a font size in points is a size in page units; no hinting, so the PDF
// and a rendering of it at any scale agree).
class Doc {
 public:
  explicit Doc(const std::string& title);
  Doc(const Doc&) = delete;  // out_ is the surface's closure: the Doc stays where it is
  Doc& operator=(const Doc&) = delete;

  cairo_t* cr() const { return cr_.get(); }

  // A paragraph `width` wide (wrapped at words, or anywhere in a word too long for a line).
  Block block(const Text& text, double width, PangoAlignment align = PANGO_ALIGN_LEFT, const char* family = kFamily);

  // Paragraphs one under the other.
  Block paragraphs(const std::vector<Text>& texts, double width, PangoAlignment align = PANGO_ALIGN_LEFT);

  // Lines [from, to) of a block, the first one's top at y.
  void draw(const Block& b, size_t from, size_t to, double x, double y);
  void draw(const Block& b, double x, double y) { draw(b, 0, b.lines.size(), x, y); }

  // Traditional Mongolian: laid out horizontally in lines `length` long, each line drawn turned 90°
  // clockwise so it reads top to bottom; the lines become columns that advance left to right. (Pango's
  // own vertical gravity would put the lines right to left.) Returns the width it took.
  double draw_vertical(const Block& b, double x, double y);
  static double width_of_vertical(const Block& b);
  static double length_of_vertical(const Block& b);

  void rule(double x0, double y0, double x1, double y1, double width = kRule);

  void fill(double x, double y, double w, double h, double grey);

  void show_page();

  std::string finish();

 private:
  std::string out_;  // declared first: the surface writes into it until it is finished
  SurfacePtr surface_;
  CairoPtr cr_;
  ContextPtr pango_;
  std::deque<LayoutPtr> layouts_;  // every line drawn points into one of these
};

}  // namespace hallq::sheets::detail
