#include "core/sheets/sheets.hpp"

#include "core/sheets/render.hpp"

#include <string>
#include <utility>

namespace hallq::sheets {

using detail::Cell;
using detail::Column;
using detail::SheetSpec;
using detail::SignLine;
using detail::Span;
using detail::Text;

namespace {

// "编号 No.  HQ-0001": the label in bold (English small), then the value.
Text field(const Text3& label, const std::string& value, const std::string& value_en = {}) {
  Text t = detail::bilingual(label, Span::Look::bold);
  t.push_back({"  " + value, Span::Look::body});
  if (!value_en.empty()) t.push_back({" " + value_en, Span::Look::small});
  return t;
}

Text count_field(const Text3& label, size_t count) {
  const std::string n = std::to_string(count);
  return detail::bilingual({detail::fill(label.zh, "count", n), "", detail::fill(label.en, "count", n)},
                           Span::Look::bold);
}

Cell plain(const std::string& s) {
  return {Text{{s, Span::Look::body}}};
}

// The Chinese name, the English one small under it.
Cell service(const Text3& name) {
  Cell c;
  if (!name.zh.empty()) c.push_back({{name.zh, Span::Look::body}});
  if (!name.en.empty()) c.push_back({{name.en, Span::Look::small}});
  return c;
}

std::string doc_title(const Text3& title, const std::string& what) {
  std::string t = title.zh.empty() ? title.en : title.zh;
  return what.empty() ? t : t + " " + what;
}

}  // namespace

std::string handover_pdf(const HandoverSheet& sheet, const HandoverLabels& labels) {
  SheetSpec spec;
  spec.mark = sheet.mark;
  spec.hall = sheet.hall;
  spec.title = labels.title;
  spec.doc_title = doc_title(labels.title, sheet.number);
  spec.running_id = sheet.number;
  spec.fields = {
      field(labels.sheet_number, sheet.number), field(labels.department, sheet.department.zh, sheet.department.en),
      field(labels.created, sheet.created_at + "  " + sheet.created_by), count_field(labels.count, sheet.rows.size())};
  detail::TableSpec& table = spec.tables.emplace_back();
  table.columns = {{labels.case_number, 17}, {labels.service, 20}, {labels.applicant, 11},
                   {labels.accepted, 11},    {labels.due, 11},     {labels.materials, 30}};
  for (const HandoverRow& row : sheet.rows) {
    Cell materials;
    for (const std::string& m : row.materials) materials.push_back({{m, Span::Look::body}});
    table.rows.push_back({plain(row.case_number), service(row.service), plain(row.applicant), plain(row.accepted),
                          plain(row.due), std::move(materials)});
  }
  spec.signatures = {{labels.handed_over_by, "", labels.date, ""},
                     {labels.received_by, sheet.received_by, labels.date, sheet.received_at},
                     {labels.returned, "", labels.date, sheet.returned_at}};
  spec.page = labels.page;
  return detail::render_pdf(spec);
}

std::string pickup_register_pdf(const PickupRegister& reg, const RegisterLabels& labels) {
  SheetSpec spec;
  spec.mark = reg.mark;
  spec.hall = reg.hall;
  spec.title = labels.title;
  spec.doc_title = doc_title(labels.title, reg.day);
  spec.running_id = reg.day;
  spec.fields = {field(labels.day, reg.day), count_field(labels.count, reg.rows.size())};
  detail::TableSpec& table = spec.tables.emplace_back();
  table.columns = {{labels.time, 8},          {labels.case_number, 17}, {labels.service, 18}, {labels.applicant, 10},
                   {labels.collected_by, 19}, {labels.window, 14},      {labels.clerk, 10}};
  const bool signature_column = !labels.signature.zh.empty() || !labels.signature.en.empty();
  if (signature_column) table.columns.push_back({labels.signature, 20});
  for (const RegisterRow& row : reg.rows) {
    std::vector<Cell> cells = {plain(row.time),      plain(row.case_number),  service(row.service),
                               plain(row.applicant), plain(row.collected_by), plain(row.window),
                               plain(row.clerk)};
    if (signature_column) cells.push_back({});  // signed by hand
    table.rows.push_back(std::move(cells));
  }
  spec.signatures = {{labels.handled_by, "", labels.date, ""}, {labels.checked_by, "", labels.date, ""}};
  spec.page = labels.page;
  return detail::render_pdf(spec);
}

std::string figure_report_pdf(const FigureReport& report, const FigureLabels& labels) {
  SheetSpec spec;
  spec.mark = report.mark;
  spec.hall = report.hall;
  spec.title = report.title;
  spec.doc_title = doc_title(report.title, report.id);
  spec.running_id = report.id;
  for (const auto& [label, value] : report.fields) spec.fields.push_back(field(label, value));
  for (const FigureTable& t : report.tables) {
    detail::TableSpec& table = spec.tables.emplace_back();
    table.caption = t.caption;
    table.headings_en_beside = t.en_beside;
    for (size_t c = 0; c < t.headings.size(); ++c)
      table.columns.push_back(
          {t.headings[c], c < t.weights.size() ? t.weights[c] : 1.0, static_cast<int>(c) >= t.text_columns});
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const bool bold = t.total_last && r + 1 == t.rows.size();
      std::vector<Cell> cells;
      for (const Text3& v : t.rows[r]) {
        const Span::Look look = bold ? Span::Look::bold : Span::Look::body;
        Cell c;
        if (t.en_beside) {
          if (!v.zh.empty() || !v.en.empty()) c.push_back(detail::bilingual({v.zh, "", v.en}, look));
        } else {
          if (!v.zh.empty()) c.push_back({{v.zh, look}});
          if (!v.en.empty()) c.push_back({{v.en, Span::Look::small}});
        }
        cells.push_back(std::move(c));
      }
      table.rows.push_back(std::move(cells));
    }
  }
  spec.signatures = {{labels.prepared_by, "", labels.date, ""}, {labels.checked_by, "", labels.date, ""}};
  spec.page = labels.page;
  return detail::render_pdf(spec);
}

}  // namespace hallq::sheets
