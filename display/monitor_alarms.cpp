// The guides' monitor's alarms: every alarm the server has, the most urgent first
// (config::sort_by_urgency: a kiosk's call for a guide, then the hall's
// equipment, the queues, … a case coming due last), each in Chinese with its
// Mongolian line, in two columns as tall as their words need. The title says how
// many there are; when they do not all fit, they are shown a page at a time
// ("1/2 页"), each page options_.page_seconds, so a guide sees every one within
// a few pages' time.
#include <algorithm>
#include <string>
#include <vector>

#include "core/config/alarm_text.hpp"
#include "display/display_app.hpp"

namespace hallq::display {

namespace {

// One alarm as laid out: which page and column, where, how tall.
struct Placed {
  std::string zh, mn;
  bool warning = false;
  int page = 0, column = 0, y = 0, h = 0;
};

}  // namespace

void DisplayApp::monitor_alarms(ui::Ui& ui, ui::Rect al) {
  const auto& th = ui.theme();
  const int pad = th.px(16);
  const int line_h = th.px(76);  // a title and its Mongolian under it
  std::vector<protocol::Alarm> alarms;
  for (const auto& [id, a] : state_.alarms()) alarms.push_back(a);
  config::sort_by_urgency(alarms);
  ui.fill(al, alarms.empty() ? th.panel : 0xFF4A0F18);
  const int title_w = al.w * 14 / 100;
  bilingual(ui, {al.x + pad, al.y + th.px(4), title_w - pad, line_h}, t("display.alarms"), tm("display.alarms"),
            th.px(32), alarms.empty() ? th.dim : th.alarm, ui::HAlign::left, true);
  if (alarms.empty()) {
    ui.text({al.x, al.y, al.w, al.h}, t("display.no_alarms"),
            {th.px(32), false, th.good, ui::HAlign::center, ui::VAlign::middle});
    return;
  }
  const std::string n = std::to_string(alarms.size());
  bilingual(ui, {al.x + pad, al.y + th.px(4) + line_h, title_w - pad, line_h}, t("display.alarm_count", {{"n", n}}),
            tm("display.alarm_count", {{"n", n}}), th.px(32), th.text, ui::HAlign::left, true);

  // Two columns right of the title, filled top to bottom, left column first; a page when both are full.
  const int columns = 2, marker_w = th.px(14), gap = th.px(8);
  const int x0 = al.x + title_w + pad;
  const int column_w = (al.x + al.w - pad - x0 - (columns - 1) * 2 * pad) / columns;
  const int text_w = column_w - marker_w - th.px(16);
  const int col_top = al.y + th.px(6), col_bottom = al.y + al.h - th.px(4);
  std::vector<Placed> placed;
  int page = 0, column = 0, y = col_top;
  for (const auto& a : alarms) {
    Placed p{config::alarm_text(words("zh"), a), config::alarm_text(words("mn"), a), config::alarm_is_warning(a.kind)};
    p.h = std::max(line_h - gap, bilingual_height(ui, text_w, p.zh, p.mn, th.px(32)));
    if (y > col_top && y + p.h > col_bottom) {  // a column holds at least one, however tall
      y = col_top;
      if (++column == columns) {
        column = 0;
        ++page;
      }
    }
    p.page = page;
    p.column = column;
    p.y = y;
    y += p.h + gap;
    placed.push_back(std::move(p));
  }
  const int pages = page + 1;
  const int up = page_now(ui, pages);
  if (pages > 1)
    ui.text({al.x + pad, al.y + th.px(4) + 2 * line_h, title_w - pad, al.h - 2 * line_h - th.px(8)},
            t("display.page", {{"page", std::to_string(up + 1)}, {"pages", std::to_string(pages)}}),
            {th.px(32), true, th.dim, ui::HAlign::left, ui::VAlign::middle});
  const bool on = static_cast<int>(ui.now() * 2) % 2 == 0;
  for (const auto& p : placed) {
    if (p.page != up) continue;
    const int x = x0 + p.column * (column_w + 2 * pad);
    // An alarm's marker blinks; a warning's (a case coming due) stays amber.
    ui.fill({x, p.y + th.px(5), marker_w, p.h - th.px(10)}, p.warning ? th.warn : on ? th.alarm : th.warn);
    bilingual(ui, {x + marker_w + th.px(16), p.y, text_w, p.h}, p.zh, p.mn, th.px(32), th.text);
  }
}

}  // namespace hallq::display
