#pragma once
// hallq_sheets: the hall's printed paperwork as A4 PDF — the hand-over sheet that goes with case files
// to a department (流转单), the day's pickup register (出件登记) and a report of figures (the monthly
// report for the assessment: several tables one under the other). Plain data in, PDF bytes out: no
// protocol or domain types, no files; the caller gets the data from the server and the words from the
// translation files.
//
// What a sheet looks like: A4 portrait. Page 1 opens with the hall and the title in Chinese (English
// small under the title) and the Mongolian hall name and title as vertical columns at the left margin
// (traditional script: top to bottom, columns left to right), then the sheet's fields. A table follows;
// long cells wrap, a row that does not fit moves to the next page (one taller than a page is split),
// every page repeats the table's heading row and shows "page n of total" at its foot; a table's
// caption and heading row never end a page without a row under them. Signature lines close the last
// page. All text is real text (copyable, searchable, read by pdftotext), drawn with
// Pango (HarfBuzz shaping: joined Mongolian letters, as on the screens) through Cairo.
//
// Fonts by family through fontconfig: "Noto Sans CJK SC" (fonts-noto-cjk) for Chinese and Latin,
// "Noto Sans Mongolian" (fonts-noto-core) for Mongolian.
//
// Thread safety: the functions share no state of their own; Pango's default font map is per thread,
// so they may run on any thread, several at once.
// Errors: std::runtime_error when a font family is missing or Cairo reports a failure (the message says
// which). Text that is not valid UTF-8 is printed with U+FFFD in place of the bad bytes.

#include <string>
#include <vector>

namespace hallq::sheets {

// One text in the hall's three languages; an empty member is left out. Where a Text3 is printed:
// - the hall name and a sheet's title: zh, en small under it, mn as a vertical column at the left;
// - every other label and the service names: zh with en small beside or under it (a table cell has no
//   room for a vertical column, so their mn is not printed).
struct Text3 {
  std::string zh, mn, en;
};

// Every heading and label a person reads comes from the caller (the translation files), never from
// this library. Templates: "{count}" is replaced by the number of rows; "{n}" and "{total}" by the page
// number and the number of pages.
struct HandoverLabels {
  Text3 title;         // 材料流转单 / Case file hand-over sheet
  Text3 sheet_number;  // 编号 / No.
  Text3 department;    // 接收部门 / Receiving department
  Text3 created;       // 制单 / Prepared (followed by created_at and created_by)
  Text3 count;         // 共 {count} 件 / {count} cases
  // The table's column headings.
  Text3 case_number, service, applicant, accepted, due, materials;
  // Signature lines: handed over by + date, received by + date, returned + date.
  Text3 handed_over_by, received_by, returned, date;
  Text3 page;  // 第 {n} 页 共 {total} 页 / Page {n} of {total}
};

struct HandoverRow {
  std::string case_number;
  Text3 service;
  std::string applicant;               // already masked (王*丽)
  std::string accepted, due;           // YYYY-MM-DD
  std::vector<std::string> materials;  // one line each, already worded ("居民身份证原件 1份")
};

struct HandoverSheet {
  Text3 hall;
  Text3 mark;  // a training hall's (培训用纸 · 不是真实业务): see SheetMark below; empty on a real hall's
  std::string number;  // the sheet's number
  Text3 department;    // where the files go
  std::string created_at, created_by;
  std::vector<HandoverRow> rows;
  // Printed on the signature lines when given; empty leaves the line blank to fill in by hand.
  std::string received_by, received_at, returned_at;
};

struct RegisterLabels {
  Text3 title;  // 出件登记簿 / Pickup register
  Text3 day;    // 日期 / Date (followed by PickupRegister::day)
  Text3 count;  // 共 {count} 件 / {count} collected
  // The table's column headings.
  Text3 time, case_number, service, applicant, collected_by, window, clerk;
  // An extra, empty column for the collector's handwritten signature (领取人签字); no column when both
  // zh and en are empty.
  Text3 signature;
  // Signature lines at the end: handled by + date, checked by + date.
  Text3 handled_by, checked_by, date;
  Text3 page;  // 第 {n} 页 共 {total} 页 / Page {n} of {total}
};

struct RegisterRow {
  std::string time;  // HH:MM
  std::string case_number;
  Text3 service;
  std::string applicant;     // masked
  std::string collected_by;  // masked; the applicant or an agent with the reason, already worded
  std::string window, clerk;
};

struct PickupRegister {
  Text3 hall;
  Text3 mark;       // as HandoverSheet::mark
  std::string day;  // YYYY-MM-DD
  std::vector<RegisterRow> rows;
};

// A table of figures: its caption, its column headings, its cells already worded ("12", "85%", "3.5").
// A cell prints its zh, and its en small under it when given (a service's English name); with
// `en_beside`, small beside it in the same paragraph instead, the headings' too (one line a row where
// it fits: a short table of labelled figures). The first `text_columns` columns are text
// (left-aligned), the rest numbers (right-aligned); the last row is printed bold when `total_last`
// (a total).
struct FigureTable {
  Text3 caption;
  std::vector<Text3> headings;
  std::vector<double> weights;  // each column's share of the width; equal shares when empty
  int text_columns = 1;
  std::vector<std::vector<Text3>> rows;
  bool total_last = true;
  bool en_beside = false;
};

struct FigureReport {
  Text3 hall;
  Text3 mark;                                         // as HandoverSheet::mark
  Text3 title;                                        // 政务服务月度报告 / Monthly service report
  std::string id;                                     // "2026-11": in the running head and the foot
  std::vector<std::pair<Text3, std::string>> fields;  // under the title: a label and its value
  std::vector<FigureTable> tables;
};

struct FigureLabels {
  Text3 prepared_by, checked_by, date;  // signature lines at the end
  Text3 page;                           // 第 {n} 页 共 {total} 页 / Page {n} of {total}
};

// A sheet's mark (a training hall's papers: docs/training.md) opens every page, above the header or the
// running head: zh bold with en beside it, and on page 1 its mn as the first vertical column at the left.
// A paper that must never be taken for a real one (a hand-over sheet signed by a department) says so
// where the eye lands first.

// The hand-over sheet (流转单) of case files sent to a department, as a PDF document.
std::string handover_pdf(const HandoverSheet& sheet, const HandoverLabels& labels);

// The day's pickup register (出件登记), as a PDF document.
std::string pickup_register_pdf(const PickupRegister& reg, const RegisterLabels& labels);

// A report of figures (the monthly report), as a PDF document.
std::string figure_report_pdf(const FigureReport& report, const FigureLabels& labels);

}  // namespace hallq::sheets
