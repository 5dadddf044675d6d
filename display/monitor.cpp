// The guides' monitor: every service (waiting, longest wait, estimate), every
// window (state, clerk, how long the current service has run), the hall's
// open cases (at departments, due soon, overdue, ready at the pickup window),
// today's 好差评 (satisfaction, rated of offered, bad ratings, follow-ups)
// and the alarms, highlighted (monitor_alarms.cpp). A table with more rows than
// fit shows them a page at a time. Landscape only: a portrait window gets a
// note saying so.
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

// Rows of the given heights packed into pages `room` tall, in order (a page holds at least one row,
// however tall): each row's page, how many pages, and which is up now.
struct Pages {
  std::vector<int> of;
  int count = 1, up = 0;
  bool shown(std::size_t row) const { return of[row] == up; }
};

Pages pack(const std::vector<int>& heights, int room, int turn) {
  Pages p;
  int page = 0, used = 0;
  for (int h : heights) {
    if (used > 0 && used + h > room) {
      ++page;
      used = 0;
    }
    p.of.push_back(page);
    used += h;
  }
  p.count = page + 1;
  p.up = turn % p.count;
  return p;
}

}  // namespace

void DisplayApp::monitor(ui::Ui& ui) {
  const auto& th = ui.theme();
  const auto& hall = state_.hall();
  const auto& snap = state_.snapshot();
  const int W = ui.width(), H = ui.height();
  const int pad = th.px(16);
  ui.clear(th.background);
  if (H > W) {
    // Two tables side by side and five figures to a strip: a guide's monitor is a landscape screen.
    // hallq-display refuses a portrait --size for it; this is a full-screen window on a portrait screen.
    if (!said_portrait_)
      std::fprintf(stderr, "hallq-display: the guides' monitor needs a landscape screen; this one is %dx%d\n", W, H);
    said_portrait_ = true;
    bilingual(ui, {pad, H / 3, W - 2 * pad, H / 3}, t("display.monitor_landscape"), tm("display.monitor_landscape"),
              th.px(40), th.warn, ui::HAlign::center, true);
    return;
  }
  // The title band as low as its two lines allow: the tables below get every pixel (with 8 services
  // and 8 windows, two pages each at 1080p and 720p, the demo hall's longest Mongolian names included).
  const int band_h = th.px(92);
  ui.fill({0, 0, W, band_h}, th.panel);
  bilingual(ui, {pad, th.px(4), W * 60 / 100, band_h - th.px(8)}, t("display.monitor_title") + " · " + hall.names.zh,
            tm("display.monitor_title"), th.px(44), th.text, ui::HAlign::left, true);
  auto now_tp = clock_.now();
  auto now = clock_.local();
  std::string clock = domain::format_hms(now);
  ui.text({W - th.px(320), 0, th.px(300), band_h}, clock,
          {th.px(56), true, th.accent, ui::HAlign::right, ui::VAlign::middle});

  const int row_h = th.px(76);      // a name and its Mongolian under it, each at least 25 px
  const int alarms_h = th.px(240);  // its title and count, and up to six alarms in two columns
  // Strips above the alarms: today's 好差评, and a hall that takes cases gets their counts.
  const bool cases = !hall.departments.empty() || snap.cases.open > 0;
  const int strip_h = th.px(96);
  const int strips = 1 + (cases ? 1 : 0);
  const int top = band_h + pad;
  const int table_h = H - top - alarms_h - 2 * pad - strips * (strip_h + pad);
  const int turn = page_now(ui, 1 << 20);  // pages turned so far; each table takes it modulo its own count
  const std::uint32_t over_fill = 0xFF5A1E28;

  ui::Rect sv{pad, top, W / 2 - 2 * pad, table_h};
  ui::Rect wv{W / 2 + pad, top, W / 2 - 2 * pad, table_h};
  Columns sc{sv, {0, 52, 65, 82}, pad};
  Columns wc{wv, {0, 28, 42, 54, 70, 86}, pad};
  const int page_w = th.px(100);  // a table's page, "1/2 页", right of its first header
  struct Header {
    const Columns* table;
    std::size_t column;
    const char* key;
  };
  const Header headers[] = {{&sc, 0, "display.services"}, {&sc, 1, "display.waiting"}, {&sc, 2, "display.longest"},
                            {&sc, 3, "display.ewt"},      {&wc, 0, "display.windows"}, {&wc, 1, "display.state"},
                            {&wc, 3, "display.current"},  {&wc, 4, "display.running"}, {&wc, 5, "display.served"}};
  // Mongolian headers are single short words (ᠴᠣᠩᠬᠣ): 30 px to stand 20 px tall. A narrow column's
  // takes two or three lines: the headers are as tall as the tallest needs.
  int head_h = th.px(106);
  for (const auto& h : headers) {
    int w = h.table->cell(h.column, 0, 0).w - (h.column == 0 ? page_w + pad : 0);
    head_h = std::max(head_h, bilingual_height(ui, w, t(h.key), tm(h.key), th.px(28), true, th.px(30)) + th.px(4));
  }
  const int hy = sv.y + th.px(4);
  const int rows_top = hy + head_h + th.px(6);
  const int room = sv.y + sv.h - rows_top;  // for the rows: four at 1080p, more a page at a time

  // A table's first header with its page ("1/2 页") at the right, in the alarm colour while a row on
  // a page not up is over its threshold; then the other headers.
  auto draw_headers = [&](const Columns* table, const Pages& p, const std::vector<bool>& over) {
    for (const auto& h : headers) {
      if (h.table != table) continue;
      ui::Rect cell = table->cell(h.column, hy, head_h);
      if (h.column == 0 && p.count > 1) {
        bool elsewhere = false;
        for (std::size_t i = 0; i < over.size(); ++i) elsewhere = elsewhere || (over[i] && !p.shown(i));
        ui.text({cell.x + cell.w - page_w, cell.y, page_w, cell.h},
                t("display.page", {{"page", std::to_string(p.up + 1)}, {"pages", std::to_string(p.count)}}),
                {th.px(28), true, elsewhere ? th.alarm : th.dim, ui::HAlign::right, ui::VAlign::middle});
        cell.w -= page_w + pad;
      }
      bilingual(ui, cell, t(h.key), tm(h.key), th.px(28), th.dim, ui::HAlign::left, true, th.px(30));
    }
  };
  auto cell_text = [&](ui::Rect r, const std::string& text, int px, bool bold, std::uint32_t colour) {
    ui.text(r, text, {th.px(px), bold, colour, ui::HAlign::left, ui::VAlign::middle});
  };
  // A row as tall as its name needs (a long Mongolian name takes two lines), at least row_h.
  auto name_row = [&](const Columns& table, const std::string& zh, const std::string& mn) {
    return std::max(row_h, bilingual_height(ui, table.cell(0, 0, 0).w, zh, mn, th.px(32)) + th.px(4));
  };

  // ---- services
  ui.fill(sv, th.panel);
  std::vector<int> heights;
  std::vector<bool> over;
  for (const auto& s : snap.services) {
    heights.push_back(name_row(sc, s.code + "  " + s.names.zh, s.names.mn));
    over.push_back(s.waiting >= hall.alarms.queue_length || s.longest_wait_s >= hall.alarms.wait_minutes * 60);
  }
  Pages pages = pack(heights, room, turn);
  draw_headers(&sc, pages, over);
  int y = rows_top;
  for (std::size_t i = 0; i < snap.services.size(); ++i) {
    if (!pages.shown(i)) continue;
    const auto& s = snap.services[i];
    const int h = heights[i];
    bool long_q = s.waiting >= hall.alarms.queue_length;
    bool long_w = s.longest_wait_s >= hall.alarms.wait_minutes * 60;
    ui.fill({sv.x + th.px(6), y, sv.w - th.px(12), h - th.px(4)}, over[i] ? over_fill : th.panel_alt);
    bilingual(ui, sc.cell(0, y, h), s.code + "  " + s.names.zh, s.names.mn, th.px(32), th.text);
    cell_text(sc.cell(1, y, h), std::to_string(s.waiting), 34, true, long_q ? th.alarm : th.text);
    cell_text(sc.cell(2, y, h), s.waiting ? elapsed(s.longest_wait_s) : "-", 32, long_w, long_w ? th.alarm : th.text);
    cell_text(sc.cell(3, y, h), duration(s.ewt_s), 32, false, th.text);
    y += h;
  }

  // ---- windows
  ui.fill(wv, th.panel);
  // How long the window's current service or pause has run, and whether it is paused too long.
  auto running = [&](const protocol::WindowInfo& w) -> std::pair<std::int64_t, bool> {
    if (!w.since) return {0, false};
    auto since = domain::parse_iso(*w.since);
    if (!since) return {0, false};
    std::int64_t ran = domain::seconds_between(*since, now_tp);
    return {ran, w.state == protocol::WindowState::paused && ran >= hall.alarms.paused_minutes * 60};
  };
  heights.clear();
  over.clear();
  for (const auto& w : snap.windows) {
    heights.push_back(name_row(wc, window_name(w.number, w.names, false), window_name(w.number, w.names, true)));
    over.push_back(running(w).second);
  }
  pages = pack(heights, room, turn);
  draw_headers(&wc, pages, over);
  y = rows_top;
  for (std::size_t i = 0; i < snap.windows.size(); ++i) {
    if (!pages.shown(i)) continue;
    const auto& w = snap.windows[i];
    const int h = heights[i];
    auto [ran, paused_long] = running(w);
    ui.fill({wv.x + th.px(6), y, wv.w - th.px(12), h - th.px(4)}, paused_long ? over_fill : th.panel_alt);
    bilingual(ui, wc.cell(0, y, h), window_name(w.number, w.names, false), window_name(w.number, w.names, true),
              th.px(32), th.text);
    // The state in the board's colours; a closed window's word is dim (the board's is too).
    std::uint32_t c = w.state == protocol::WindowState::closed ? th.dim : state_colour(th, w.state);
    cell_text(wc.cell(1, y, h), t("display." + std::string(to_string(w.state))), 32, true, c);
    cell_text(wc.cell(2, y, h), w.clerk_name.value_or("-"), 32, false, th.text);
    cell_text(
        wc.cell(3, y, h),
        w.current.value_or(w.state == protocol::WindowState::paused ? reason_text(w.reason.value_or(""), false) : "-"),
        34, true, th.accent);
    cell_text(
        wc.cell(4, y, h),
        (w.state == protocol::WindowState::serving || w.state == protocol::WindowState::paused) ? elapsed(ran) : "-",
        32, paused_long, paused_long ? th.alarm : th.text);
    cell_text(wc.cell(5, y, h), std::to_string(w.served), 32, false, th.text);
    y += h;
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
  monitor_alarms(ui, {pad, H - alarms_h - pad, W - 2 * pad, alarms_h});
}

}  // namespace hallq::display
