#include "caller/receipts.hpp"

#include "drivers/printer/preview.hpp"

namespace hallq::caller {

namespace {

// Mongolian columns as tall as a line of the receipt allows.
printer::Raster mongolian(ui::FontSet& fonts, const std::string& text, const printer::Profile& p, int px = 26) {
  if (text.empty()) return {};
  return printer::mongolian_raster(fonts, text, px, p.width_dots >= 576 ? 260 : 200);
}

std::string service_zh(const protocol::HallInfo& hall, const std::string& code) {
  const auto* s = hall.service(code);
  return s && !s->names.zh.empty() ? s->names.zh : code;
}

std::string service_mn(const protocol::HallInfo& hall, const std::string& code) {
  const auto* s = hall.service(code);
  return s ? s->names.mn : std::string();
}

// A training hall's paper says so before anything else.
void mark_training(printer::Receipt& r, const PaperWords& w, ui::FontSet& fonts, const printer::Profile& p) {
  r.mark = w.zh.get("caller_case.training");
  r.mark_mongolian = mongolian(fonts, w.mn.get("caller_case.training"), p);
}

}  // namespace

std::string case_link(const protocol::HallInfo& hall, const protocol::CaseInfo& c) {
  std::string link = protocol::status_link(hall, c.token.value_or(""));
  return link.empty() ? c.number : link;
}

int pickup_window(const protocol::HallInfo& hall) {
  for (const auto& w : hall.windows)
    if (w.kind == protocol::WindowKind::pickup) return w.number;
  return 0;
}

printer::Receipt supplement_notice(const protocol::CaseInfo& c, const protocol::HallInfo& hall, const PaperWords& w,
                                   ui::FontSet& fonts, const printer::Profile& p, const std::string& day,
                                   bool training) {
  printer::Receipt r;
  r.hall = hall.names.zh;
  r.title = w.zh.get("caller_case.notice_title");
  r.title_mongolian = mongolian(fonts, w.mn.get("caller_case.notice_title"), p, 30);
  r.code_label = w.zh.get("caller_case.notice_code");
  r.code = c.supplement_code.value_or("");
  r.lines = {w.zh.get("caller_case.field_service", {{"service", service_zh(hall, c.service)}}),
             w.zh.get("caller_case.field_case", {{"number", c.number}}),
             w.zh.get("caller_case.field_date", {{"date", day}})};
  r.list_title = w.zh.get("caller_case.notice_missing");
  // Mongolian: the heading, then each missing material as its own column.
  r.mongolian.push_back(mongolian(fonts, w.mn.get("caller_case.notice_missing"), p));
  for (const auto& m : c.materials)
    if (m.state == protocol::MaterialState::missing) {
      r.list.push_back(m.names.zh);
      r.mongolian.push_back(mongolian(fonts, m.names.mn, p));
    }
  r.mongolian.push_back(
      mongolian(fonts, w.mn.get("caller_case.field_service", {{"service", service_mn(hall, c.service)}}), p));
  r.footer = {w.zh.get("caller_case.notice_footer")};
  r.mongolian.push_back(mongolian(fonts, w.mn.get("caller_case.notice_footer"), p));
  if (training) mark_training(r, w, fonts, p);
  return r;
}

printer::Receipt acceptance_receipt(const protocol::CaseInfo& c, const protocol::HallInfo& hall, const PaperWords& w,
                                    ui::FontSet& fonts, const printer::Profile& p, const std::string& day,
                                    bool training) {
  printer::Receipt r;
  r.hall = hall.names.zh;
  r.title = w.zh.get("caller_case.receipt_title");
  r.title_mongolian = mongolian(fonts, w.mn.get("caller_case.receipt_title"), p, 30);
  int pickup = pickup_window(hall);
  const auto* pw = pickup ? hall.window(pickup) : nullptr;
  std::string window_zh = pw && !pw->names.zh.empty() ? pw->names.zh : w.zh.get("case.pickup_window_any");
  std::string window_mn = pw && !pw->names.mn.empty() ? pw->names.mn : w.mn.get("case.pickup_window_any");
  std::string due_zh =
      c.due ? w.zh.get("caller_case.field_due", {{"date", *c.due}}) : w.zh.get("caller_case.field_due_none");
  std::string due_mn =
      c.due ? w.mn.get("caller_case.field_due", {{"date", *c.due}}) : w.mn.get("caller_case.field_due_none");
  r.lines = {w.zh.get("caller_case.field_case", {{"number", c.number}}),
             w.zh.get("caller_case.field_service", {{"service", service_zh(hall, c.service)}}),
             w.zh.get("caller_case.field_date", {{"date", day}}), due_zh,
             w.zh.get("caller_case.field_pickup", {{"window", window_zh}})};
  for (const std::string& mn :
       {w.mn.get("caller_case.field_service", {{"service", service_mn(hall, c.service)}}), due_mn,
        w.mn.get("caller_case.field_pickup", {{"window", window_mn}}), w.mn.get("caller_case.receipt_footer")})
    r.mongolian.push_back(mongolian(fonts, mn, p));
  r.qr_payload = case_link(hall, c);
  r.qr_caption = w.zh.get("caller_case.receipt_qr");
  r.footer = {w.zh.get("caller_case.receipt_footer")};
  if (training) mark_training(r, w, fonts, p);
  return r;
}

}  // namespace hallq::caller
