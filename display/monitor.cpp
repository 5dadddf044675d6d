// The guides' monitor: every service (waiting, longest wait, estimate), every
// window (state, clerk, how long the current service has run), the hall's
// open cases (at departments, due soon, overdue, ready at the pickup window),
// today's 好差评 (satisfaction, rated of offered, bad ratings, follow-ups)
// and the alarms, highlighted.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/config/alarm_text.hpp"
#include "core/domain/time.hpp"
#include "display/display_app.hpp"

namespace hallq::display {

namespace {
// A table's columns: where each starts, in percent of the panel, and the
// cell for a row (padded on the right so neighbours never touch).
struct Columns {
  ui::Rect panel;
  std::vector<int> starts;
  int pad;
  ui::Rect cell(std::size_t i, int y, int h) const {
    int x0 = panel.x + pad + (panel.w - 2 * pad) * starts[i] / 100;
    int x1 =
        i + 1 < starts.size() ? panel.x + pad + (panel.w - 2 * pad) * starts[i + 1] / 100 : panel.x + panel.w - pad;
    return {x0, y, x1 - x0 - pad, h};
  }
};

}  // namespace

void DisplayApp::monitor(ui::Ui& ui) {
  const auto& th = ui.theme();
  const auto& hall = state_.hall();
  const auto& snap = state_.snapshot();
  const int W = ui.width(), H = ui.height();
  const int pad = th.px(16);
  ui.clear(th.background);
  ui.fill({0, 0, W, th.px(100)}, th.panel);
  bilingual(ui, {pad, th.px(6), W * 60 / 100, th.px(88)}, t("display.monitor_title") + " · " + hall.names.zh,
            tm("display.monitor_title"), th.px(44), th.text, ui::HAlign::left, true);
  auto now_tp = clock_.now();
  auto now = clock_.local();
  std::string clock = domain::format_hms(now);
  ui.text({W - th.px(320), 0, th.px(300), th.px(100)}, clock,
          {th.px(56), true, th.accent, ui::HAlign::right, ui::VAlign::middle});

  const int row_h = th.px(76);      // a name and its Mongolian under it, each at least 25 px
  const int head_h = th.px(106);    // a header's Mongolian may take two lines
  const int alarms_h = th.px(240);  // its title and two alarms
  // Strips above the alarms: today's 好差评, and a hall that takes cases gets their counts.
  const bool cases = !hall.departments.empty() || snap.cases.open > 0;
  const int strip_h = th.px(96);
  const int strips = 1 + (cases ? 1 : 0);
  const int top = th.px(100) + pad;
  const int table_h = H - top - alarms_h - 2 * pad - strips * (strip_h + pad);

  // ---- services
  ui::Rect sv{pad, top, W / 2 - 2 * pad, table_h};
  ui.fill(sv, th.panel);
  auto header = [&](ui::Rect r, const char* key) {
    // Mongolian headers are single short words (ᠴᠣᠩᠬᠣ): 30 px to stand 20 px tall.
    bilingual(ui, r, t(key), tm(key), th.px(28), th.dim, ui::HAlign::left, true, th.px(30));
  };
  auto cell_text = [&](ui::Rect r, const std::string& text, int px, bool bold, std::uint32_t colour) {
    ui.text(r, text, {th.px(px), bold, colour, ui::HAlign::left, ui::VAlign::middle});
  };
  Columns sc{sv, {0, 46, 60, 80}, pad};
  int hy = sv.y + th.px(6);
  header(sc.cell(0, hy, head_h), "display.services");
  header(sc.cell(1, hy, head_h), "display.waiting");
  header(sc.cell(2, hy, head_h), "display.longest");
  header(sc.cell(3, hy, head_h), "display.ewt");
  int y = sv.y + head_h + th.px(14);
  for (const auto& s : snap.services) {
    if (y + row_h > sv.y + sv.h) break;
    bool long_q = s.waiting >= hall.alarms.queue_length;
    bool long_w = s.longest_wait_s >= hall.alarms.wait_minutes * 60;
    ui.fill({sv.x + th.px(6), y, sv.w - th.px(12), row_h - th.px(4)}, (long_q || long_w) ? 0xFF5A1E28 : th.panel_alt);
    bilingual(ui, sc.cell(0, y, row_h), s.code + "  " + s.names.zh, s.names.mn, th.px(32), th.text);
    cell_text(sc.cell(1, y, row_h), std::to_string(s.waiting), 34, true, long_q ? th.alarm : th.text);
    cell_text(sc.cell(2, y, row_h), s.waiting ? duration(s.longest_wait_s) : "-", 32, long_w,
              long_w ? th.alarm : th.text);
    cell_text(sc.cell(3, y, row_h), duration(s.ewt_s), 32, false, th.text);
    y += row_h;
  }

  // ---- windows
  ui::Rect wv{W / 2 + pad, top, W / 2 - 2 * pad, table_h};
  ui.fill(wv, th.panel);
  Columns wc{wv, {0, 28, 42, 54, 70, 86}, pad};
  header(wc.cell(0, hy, head_h), "display.windows");
  header(wc.cell(1, hy, head_h), "display.state");
  header(wc.cell(3, hy, head_h), "display.current");
  header(wc.cell(4, hy, head_h), "display.running");
  header(wc.cell(5, hy, head_h), "display.served");
  y = wv.y + head_h + th.px(14);
  for (const auto& w : snap.windows) {
    if (y + row_h > wv.y + wv.h) break;
    bool paused_long = false;
    std::int64_t running = 0;
    if (w.since)
      if (auto since = domain::parse_iso(*w.since)) {
        running = domain::seconds_between(*since, now_tp);
        paused_long = w.state == protocol::WindowState::paused && running >= hall.alarms.paused_minutes * 60;
      }
    ui.fill({wv.x + th.px(6), y, wv.w - th.px(12), row_h - th.px(4)}, paused_long ? 0xFF5A1E28 : th.panel_alt);
    bilingual(ui, wc.cell(0, y, row_h), w.names.zh, w.names.mn, th.px(32), th.text);
    // The state in the board's colours; a closed window's word is dim (the board's is too).
    std::uint32_t c = w.state == protocol::WindowState::closed ? th.dim : state_colour(th, w.state);
    cell_text(wc.cell(1, y, row_h), t("display." + std::string(to_string(w.state))), 32, true, c);
    cell_text(wc.cell(2, y, row_h), w.clerk_name.value_or("-"), 32, false, th.text);
    cell_text(
        wc.cell(3, y, row_h),
        w.current.value_or(w.state == protocol::WindowState::paused ? reason_text(w.reason.value_or(""), false) : "-"),
        34, true, th.accent);
    cell_text(wc.cell(4, y, row_h),
              (w.state == protocol::WindowState::serving || w.state == protocol::WindowState::paused)
                  ? duration(running)
                  : "-",
              32, paused_long, paused_long ? th.alarm : th.text);
    cell_text(wc.cell(5, y, row_h), std::to_string(w.served), 32, false, th.text);
    y += row_h;
  }

  // ---- strips: a title, then five figures with their words
  struct Count {
    const char* key;
    std::string n;
    std::uint32_t colour;
  };
  auto strip = [&](ui::Rect cv, const char* title, const std::vector<Count>& counts) {
    ui.fill(cv, th.panel);
    const int title_w = cv.w * 12 / 100, cell_w = (cv.w - title_w) / static_cast<int>(counts.size());
    bilingual(ui, {cv.x + pad, cv.y, title_w - pad, cv.h}, t(title), tm(title), th.px(32), th.dim, ui::HAlign::left,
              true);
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const auto& c = counts[i];
      int x = cv.x + title_w + static_cast<int>(i) * cell_w;
      int num_w = th.px(c.n.size() > 3 ? 150 : 90);
      bilingual(ui, {x, cv.y, cell_w - num_w - pad, cv.h}, t(c.key), tm(c.key), th.px(26), th.dim, ui::HAlign::right);
      ui.text({x + cell_w - num_w, cv.y, num_w - pad, cv.h}, c.n,
              {th.px(48), true, c.colour, ui::HAlign::left, ui::VAlign::middle});
    }
  };
  int strip_y = top + table_h + pad;
  {  // today's 好差评: satisfaction, rated of offered, bad ratings, follow-ups open and overdue
    const auto& r = snap.ratings;
    std::string rate = r.satisfaction_permille < 0 ? "—" : std::to_string((r.satisfaction_permille + 5) / 10) + "%";
    strip({pad, strip_y, W - 2 * pad, strip_h}, "display.ratings",
          {{"display.ratings_satisfaction", rate,
            r.satisfaction_permille >= 0 && r.satisfaction_permille < 900 ? th.warn : th.text},
           {"display.ratings_rated", std::to_string(r.rated) + "/" + std::to_string(r.offered), th.text},
           {"display.ratings_bad", std::to_string(r.bad), r.bad ? th.alarm : th.text},
           {"display.ratings_open_followups", std::to_string(r.open_followups), r.open_followups ? th.warn : th.text},
           {"display.ratings_overdue_followups", std::to_string(r.overdue_followups),
            r.overdue_followups ? th.alarm : th.text}});
    strip_y += strip_h + pad;
  }
  if (cases) {
    const auto& k = snap.cases;
    strip({pad, strip_y, W - 2 * pad, strip_h}, "display.cases",
          {{"display.cases_open", std::to_string(k.open), th.text},
           {"display.cases_handed_over", std::to_string(k.handed_over), th.text},
           {"display.cases_due_soon", std::to_string(k.due_soon), k.due_soon ? th.warn : th.text},
           {"display.cases_overdue", std::to_string(k.overdue), k.overdue ? th.alarm : th.text},
           {"display.cases_ready", std::to_string(k.ready), k.ready ? th.good : th.text}});
  }

  // ---- alarms
  ui::Rect al{pad, H - alarms_h - pad, W - 2 * pad, alarms_h};
  const auto& alarms = state_.alarms();
  ui.fill(al, alarms.empty() ? th.panel : 0xFF4A0F18);
  bilingual(ui, {al.x + pad, al.y + th.px(4), al.w / 3, row_h}, t("display.alarms"), tm("display.alarms"), th.px(32),
            alarms.empty() ? th.dim : th.alarm, ui::HAlign::left, true);
  if (alarms.empty()) {
    ui.text({al.x, al.y, al.w, al.h}, t("display.no_alarms"),
            {th.px(32), false, th.good, ui::HAlign::center, ui::VAlign::middle});
    return;
  }
  y = al.y + row_h + th.px(8);
  // A kiosk's call for a guide first: someone is standing there (the rest by kind and key).
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& [key, a] : alarms) {
      if ((a.kind == protocol::AlarmKind::help_requested) != (pass == 0)) continue;
      if (y + row_h > al.y + al.h) break;
      bool on = static_cast<int>(ui.now() * 2) % 2 == 0;
      ui.fill({al.x + pad, y, th.px(14), row_h - th.px(10)}, on ? th.alarm : th.warn);
      bilingual(ui, {al.x + pad + th.px(30), y, al.w - 2 * pad - th.px(30), row_h}, config::alarm_text(words("zh"), a),
                config::alarm_text(words("mn"), a), th.px(32), th.text);
      y += row_h;
    }
}

}  // namespace hallq::display
