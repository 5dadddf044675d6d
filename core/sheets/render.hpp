#pragma once
// The one layout code path behind every sheet (sheets.cpp maps each sheet onto it): a header, tables
// that break across pages, signature lines, page numbers. Internal to hallq_sheets.

#include "core/sheets/sheets.hpp"

#include <string>
#include <vector>

namespace hallq::sheets::detail {

// A run of text with one look; a Text is printed as one paragraph.
struct Span {
  // body and bold 8.5 pt, small 6.5 pt grey (English under Chinese), hall 11 pt, title 17 pt bold,
  // title_small 9 pt grey, mongolian 9 pt and mongolian_title 13 pt (vertical columns).
  enum class Look { body, bold, small, hall, title, title_small, mongolian, mongolian_title };
  std::string text;
  Look look = Look::body;
};
using Text = std::vector<Span>;

// "zh en" with en in small grey; empty parts left out.
Text bilingual(const Text3& label, Span::Look zh_look = Span::Look::body);

// A table cell: paragraphs top to bottom.
using Cell = std::vector<Text>;

struct Column {
  Text3 heading;
  double weight = 1;     // share of the table's width
  bool numeric = false;  // its cells aligned right
};

// A table with its caption (printed above it, bold, English small; none when empty). It breaks across
// pages; each page repeats its heading row, and the caption and heading row go to the next page with
// the first row when it does not fit under them.
struct TableSpec {
  Text3 caption;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // one Cell per column
  bool headings_en_beside = false;      // a heading's en small beside its zh, not under it
};

// A line to sign on: "label ______ date-label ______", with what is already known printed on it.
struct SignLine {
  Text3 label;
  std::string name;
  Text3 date_label;
  std::string date;
};

struct SheetSpec {
  Text3 mark;  // every page's first line, and page 1's first Mongolian column (sheets.hpp); none when empty
  Text3 hall, title;
  std::string doc_title;          // PDF metadata
  std::vector<Text> fields;       // under the title, three to a row
  std::string running_id;         // after the title in the running head of pages 2 and on
  std::vector<TableSpec> tables;  // one under the other, 12 pt apart
  std::vector<SignLine> signatures;
  Text3 page;  // "{n}", "{total}"
};

// Throws std::runtime_error (missing font, Cairo failure).
std::string render_pdf(const SheetSpec& spec);

// "{name}" in `pattern` replaced by `value`, every occurrence.
std::string fill(std::string pattern, const std::string& name, const std::string& value);

}  // namespace hallq::sheets::detail
