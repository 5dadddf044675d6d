// The kiosk's case pages (查询办件): the cases of the ID card on the reader, a case number on the
// keypad, and one case's state and date. Part of Pages (pages.hpp); the rest of the pages are in
// pages.cpp.
#include <algorithm>

#include "kiosk/cases.hpp"
#include "kiosk/pages.hpp"

namespace hallq::kiosk {

std::string Pages::case_date_text(const protocol::CaseInfo& c, bool second) const {
  CaseDate d = case_date(c);
  if (d.key.empty()) return {};
  const auto& words = words_.in(second ? words_.second() : words_.lang());
  return words.get("kiosk_case." + d.key, {{"date", d.date}});
}

void Pages::case_row(ui::Rect r, const protocol::CaseInfo& c, bool with_state) {
  auto& ui = *ui_;
  bool ready = c.state == protocol::CaseState::ready_for_pickup;
  ui.fill(r, th().panel);
  if (ready) ui.fill({r.x, r.y, th().px(10), r.h}, th().good);
  int pad = th().px(20);
  ui::Rect in{r.x + pad, r.y + th().px(8), r.w - 2 * pad, r.h - th().px(16)};
  int left_w = with_state ? in.w * 56 / 100 : in.w;
  int line = in.h / 3;
  ui.text({in.x, in.y, left_w, line}, c.number, {px(38), true, th().accent, ui::HAlign::left, ui::VAlign::middle});
  const auto* s = v_->state.hall().service(c.service);
  ui.text({in.x, in.y + line, left_w, line}, s ? words_.name(s->names) : c.service,
          {px(32), true, th().text, ui::HAlign::left, ui::VAlign::middle});
  if (c.name_masked)
    ui.text({in.x, in.y + 2 * line, left_w, line}, words_.t("kiosk.citizen", {{"name", *c.name_masked}}),
            {px(26), false, th().dim, ui::HAlign::left, ui::VAlign::middle});
  if (!with_state) return;
  ui::Rect right{in.x + left_w + pad, in.y, in.w - left_w - pad, in.h};
  std::string state = "case.states." + std::string(protocol::to_string(c.state));
  ui::bilingual(ui, {right.x, right.y, right.w, line * 2}, words_.t(state), words_.t2(state),
                {.px = px(38),
                 .second_px = px(22),
                 .bold = true,
                 .argb = ready ? th().good : th().text,
                 .second_argb = th().dim,
                 .h = ui::HAlign::left,
                 .split = 60});
  ui.text({right.x, right.y + 2 * line, right.w, line}, case_date_text(c, false),
          {px(28), false, c.overdue ? th().alarm : th().text, ui::HAlign::left, ui::VAlign::middle});
}

void Pages::cases(ui::Rect body) {
  auto& ui = *ui_;
  ui::Rect r = nav(body, false);
  const auto& all = v_->visit.cases;
  auto ready = ready_cases(all);
  int gap = th().px(20);
  int y = r.y;
  // Every case ready: "these are ready"; some: how many of them (the list shows the others' states too).
  const char* title = all.empty()                  ? "kiosk_case.no_cases"
                      : ready.empty()              ? "kiosk_case.none_ready"
                      : ready.size() == all.size() ? "kiosk_case.ready_title"
                      : ready.size() == 1          ? "kiosk_case.ready_some_one"
                                                   : "kiosk_case.ready_some";
  say({r.x, y, r.w, px(120)}, title,
      {.px = px(48), .second_px = px(28), .bold = true, .argb = th().accent, .second_argb = th().dim, .split = 60},
      {{"n", std::to_string(ready.size())}});
  y += px(120) + gap;
  int bottom = r.y + r.h;
  if (!ready.empty() && !v_->pickup_service.empty()) {
    int bh = th().px(150);
    bottom -= bh;
    if (ui.button("case.take_pickup", {r.x, bottom, r.w, bh}, words_.t("kiosk_case.take_pickup"),
                  words_.t2("kiosk_case.take_pickup"), true, th().go))
      tapped(Tap::What::take_pickup);
    int nh = px(90);
    bottom -= gap + nh;
    ui.fill({r.x, bottom, r.w, nh}, th().accent);
    say({r.x + th().px(16), bottom, r.w - th().px(32), nh}, "kiosk_case.pickup_hint",
        {.px = px(28), .second_px = px(20), .bold = true, .argb = th().on_accent, .split = 55});
    bottom -= gap;
  }
  // Ready first, then the others with their state and promised date.
  std::vector<const protocol::CaseInfo*> order;
  for (const auto& c : all)
    if (c.state == protocol::CaseState::ready_for_pickup) order.push_back(&c);
  for (const auto& c : all)
    if (c.state != protocol::CaseState::ready_for_pickup) order.push_back(&c);
  int row_h = px(170);
  std::size_t shown = 0;
  for (const auto* c : order) {
    bool last = shown + 1 == order.size();
    int need = row_h + (last ? 0 : px(50) + gap);  // room for this row and the "more" line
    if (y + need > bottom) break;
    case_row({r.x, y, r.w, row_h}, *c, true);
    y += row_h + gap;
    ++shown;
  }
  if (shown < order.size())
    ui.text({r.x, y, r.w, px(50)}, words_.t("kiosk_case.more", {{"n", std::to_string(order.size() - shown)}}),
            {px(30), true, th().dim, ui::HAlign::center, ui::VAlign::middle});
}

void Pages::case_query(ui::Rect body, std::string& code) {
  auto& ui = *ui_;
  ui::Rect r = nav(body, false);
  bool landscape = ui.width() > ui.height();
  int gap = th().px(20), bh = th().px(130);
  ui::Rect left = landscape ? ui::Rect{r.x, r.y, r.w * 4 / 10 - gap, r.h} : r;
  int y = left.y;
  say({left.x, y, left.w, px(114)}, "kiosk_case.status_prompt",
      {.px = px(46), .second_px = px(28), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 61});
  y += px(126);
  ui::Rect field{left.x + left.w / 16, y, left.w * 7 / 8, th().px(110)};
  y += field.h + th().px(12);
  ui::bilingual(ui, {left.x, y, left.w, px(76)}, words_.t("kiosk_case.status_example"),
                words_.t2("kiosk_case.status_example"),
                {.px = px(28), .second_px = px(22), .argb = th().dim, .second_argb = th().dim, .split = 55});
  y += px(76) + th().px(12);
  // Room for the longest number with its dashes ("F-20261130-0012") and a slip of the finger.
  if (code_pad(r, left, y, left.y + left.h - bh, field, code, "case", "kiosk_case.status_ok", 20, th().px(60)))
    tapped(Tap::What::case_status, code);
}

void Pages::case_status(ui::Rect body) {
  auto& ui = *ui_;
  if (!v_->visit.case_) {
    tapped(Tap::What::gone);
    return;
  }
  const auto& c = *v_->visit.case_;
  ui::Rect r = nav(body, true);
  int y = r.y;
  ui.text({r.x, y, r.w, px(70)}, words_.t("kiosk_case.number_label", {{"number", c.number}}),
          {px(44), true, th().accent, ui::HAlign::center, ui::VAlign::middle});
  y += px(90);
  if (const auto* s = v_->state.hall().service(c.service)) {
    ui::bilingual(
        ui, {r.x, y, r.w, px(110)}, words_.name(s->names), words_.name2(s->names),
        {.px = px(46), .second_px = px(28), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 59});
    y += px(120);
  }
  if (c.name_masked) {
    ui.text({r.x, y, r.w, px(50)}, words_.t("kiosk.citizen", {{"name", *c.name_masked}}),
            {px(32), false, th().text, ui::HAlign::center, ui::VAlign::middle});
    y += px(70);
  }
  using S = protocol::CaseState;
  bool ready = c.state == S::ready_for_pickup;
  bool bad = c.state == S::returned_rejected || c.state == S::withdrawn;
  std::string state = "case.states." + std::string(protocol::to_string(c.state));
  ui.fill({r.x, y, r.w, px(200)}, th().panel);
  ui::bilingual(ui, {r.x, y, r.w, px(200)}, words_.t(state), words_.t2(state),
                {.px = px(72),
                 .second_px = px(34),
                 .bold = true,
                 .argb = ready ? th().good
                         : bad ? th().alarm
                               : th().accent,
                 .second_argb = th().dim,
                 .split = 62});
  y += px(220);
  std::string date = case_date_text(c, false);
  if (!date.empty()) {
    ui::bilingual(ui, {r.x, y, r.w, px(110)}, date, case_date_text(c, true),
                  {.px = px(42),
                   .second_px = px(26),
                   .bold = true,
                   .argb = c.overdue ? th().alarm : th().text,
                   .second_argb = th().dim,
                   .split = 60});
    y += px(130);
  }
  if (c.state == S::supplement_requested) {  // what to bring back
    std::string missing, missing2;
    for (const auto& m : c.materials)
      if (m.state == protocol::MaterialState::missing) {
        missing += (missing.empty() ? "" : words_.t("kiosk_case.list_separator")) + words_.name(m.names);
        missing2 += (missing2.empty() ? "" : words_.t2("kiosk_case.list_separator")) + words_.name2(m.names);
      }
    if (!missing.empty()) {
      ui::bilingual(
          ui, {r.x, y, r.w, px(100)}, words_.t("kiosk_case.supplement_missing", {{"materials", missing}}),
          words_.t2("kiosk_case.supplement_missing", {{"materials", missing2}}),
          {.px = px(34), .second_px = px(24), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 58});
      y += px(110);
    }
  }
  const char* hint = ready                                                                ? "kiosk_case.ready_hint"
                     : c.state == S::supplement_requested                                 ? "kiosk_case.supplement_hint"
                     : c.state == S::returned_approved || c.state == S::returned_rejected ? "kiosk_case.returned_hint"
                                                                                          : nullptr;
  if (hint) {
    int nh = px(100);
    ui.fill({r.x, y, r.w, nh}, th().accent);
    say({r.x + th().px(16), y, r.w - th().px(32), nh}, hint,
        {.px = px(30), .second_px = px(20), .bold = true, .argb = th().on_accent, .split = 55});
  }
}

}  // namespace hallq::kiosk
