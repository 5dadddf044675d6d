// The hall board: the newest call, large and blinking; the recent calls; every
// window's number and state; waiting counts and estimates per service; the
// clock; the hall's notice. Chinese with a Mongolian line for every label.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/domain/time.hpp"
#include "display/display_app.hpp"

namespace hallq::display {

namespace {

std::uint32_t state_colour(const ui::Theme& th, protocol::WindowState state) {
  if (state == protocol::WindowState::serving) return th.good;
  if (state == protocol::WindowState::paused) return th.warn;
  if (state == protocol::WindowState::idle) return th.button_hot;
  return th.disabled;
}

// Every service as a table row: its name in both scripts, how many wait, the
// estimate in minutes; bilingual column headers. Rows share what height
// there is, up to a comfortable maximum.
void service_table(DisplayApp& app, ui::Ui& ui, ui::Rect r, int title_h) {
  const auto& th = ui.theme();
  const auto& hall = app.state().hall();
  const auto& ss = app.state().snapshot().services;
  const int pad = th.px(18);
  ui.fill(r, th.panel);
  // Columns: the name (a Mongolian name runs to 430 px at the smallest size), the count, the
  // estimate; the narrow columns' headers take two or three lines.
  const int inner_w = r.w - 2 * pad;
  const int name_w = inner_w * 65 / 100, count_w = inner_w * 16 / 100, ewt_w = inner_w - name_w - count_w;
  const int x_name = r.x + pad, x_count = x_name + name_w, x_ewt = x_count + count_w;
  app.bilingual(ui, {x_name, r.y + th.px(4), name_w - pad, th.px(90)}, app.t("display.services"),
                app.tm("display.services"), th.px(40), th.dim, ui::HAlign::left, true);
  app.bilingual(ui, {x_count, r.y + th.px(4), count_w - th.px(6), title_h}, app.t("display.waiting_people"),
                app.tm("display.waiting_people"), th.px(26), th.dim, ui::HAlign::center);
  app.bilingual(ui, {x_ewt, r.y + th.px(4), ewt_w, title_h}, app.t("display.ewt_minutes"),
                app.tm("display.ewt_minutes"), th.px(26), th.dim, ui::HAlign::center);
  const int top = r.y + title_h + th.px(10);
  const int n = std::max(1, static_cast<int>(ss.size()));
  const int gap = th.px(8);
  const int row_h = std::min(th.px(110), (r.y + r.h - pad - top + gap) / n - gap);
  for (int i = 0; i < static_cast<int>(ss.size()); ++i) {
    const auto& s = ss[static_cast<std::size_t>(i)];
    ui::Rect row{r.x + th.px(8), top + i * (row_h + gap), r.w - th.px(16), row_h};
    ui.fill(row, th.panel_alt);
    app.bilingual(ui, {x_name, row.y + th.px(2), name_w - pad, row.h - th.px(4)}, s.names.zh, s.names.mn, th.px(32),
                  th.text, ui::HAlign::left, true);
    bool over = s.waiting >= hall.alarms.queue_length;
    ui.text({x_count, row.y, count_w - th.px(6), row.h}, std::to_string(s.waiting),
            {th.px(56), true, over ? th.warn : th.accent, ui::HAlign::center, ui::VAlign::middle, th.px(30)});
    std::string ewt = s.waiting > 0 ? std::to_string((s.ewt_s + 59) / 60) : "—";
    ui.text({x_ewt, row.y, ewt_w, row.h}, ewt,
            {th.px(40), false, th.text, ui::HAlign::center, ui::VAlign::middle, th.px(30)});
  }
}

}  // namespace

void DisplayApp::board(ui::Ui& ui) {
  const auto& th = ui.theme();
  const auto& hall = state_.hall();
  const auto& snap = state_.snapshot();
  const int W = ui.width(), H = ui.height();
  const bool portrait = H > W;
  const int pad = th.px(18);
  const int big_min = th.px(30);  // digits are short: the smallest size for a number to stand 20 px tall
  ui.clear(th.background);

  // ---- header: hall name (both scripts) and the hall's clock
  const int header_h = th.px(120);
  ui.fill({0, 0, W, header_h}, th.panel);
  bilingual(ui, {pad, th.px(8), W * 70 / 100, header_h - th.px(16)}, hall.names.zh, hall.names.mn, th.px(52), th.text,
            ui::HAlign::left, true);
  auto now = clock_.local();
  ui.text({W - W * 26 / 100 - pad, th.px(4), W * 26 / 100, th.px(80)}, domain::format_hms(now),
          {th.px(72), true, th.accent, ui::HAlign::right, ui::VAlign::middle});
  ui.text({W - W * 26 / 100 - pad, th.px(82), W * 26 / 100, th.px(34)}, now.date.str(),
          {th.px(30), false, th.dim, ui::HAlign::right, ui::VAlign::middle, big_min});

  // Landscape: the calls, the windows and the services side by side. Portrait:
  // the calls, then the windows, then the services, top to bottom.
  const int ticker_h = th.px(64);
  const int body_y = header_h + pad;
  const int body_h = H - body_y - ticker_h - pad;
  const int title_h = th.px(90);  // a panel's title; its Mongolian (ᠴᠣᠩᠬᠣ: short letters) needs 30 px
  const int n_services = std::max(1, static_cast<int>(snap.services.size()));
  ui::Rect calls, wins, svc;
  if (portrait) {
    int svc_h = std::min(body_h * 40 / 100, title_h + th.px(30) + n_services * th.px(92));
    int rest = body_h - svc_h - 2 * pad;
    calls = {pad, body_y, W - 2 * pad, rest * 45 / 100};
    wins = {pad, calls.y + calls.h + pad, W - 2 * pad, rest - calls.h};
    svc = {pad, wins.y + wins.h + pad, W - 2 * pad, svc_h};
  } else {
    calls = {pad, body_y, W * 21 / 100 - pad, body_h};
    wins = {calls.x + calls.w + pad, body_y, W * 39 / 100 - pad, body_h};
    svc = {wins.x + wins.w + pad, body_y, W - wins.x - wins.w - 2 * pad, body_h};
  }

  // ---- calls: the newest one large (blinking for a few seconds), then the ones before
  ui.fill(calls, th.panel);
  bilingual(ui, {calls.x + pad, calls.y + th.px(4), calls.w - 2 * pad, title_h}, t("display.now_calling"),
            tm("display.now_calling"), th.px(40), th.dim, ui::HAlign::left, true);
  const auto& rc = snap.recent_calls;
  const int calls_bottom = calls.y + calls.h - pad;
  if (rc.empty()) {
    bilingual(ui, {calls.x + pad, calls.y + title_h, calls.w - 2 * pad, calls.h - title_h - pad}, t("display.no_calls"),
              tm("display.no_calls"), th.px(44), th.dim, ui::HAlign::center);
  } else {
    const auto& c = rc.front();
    int hero_h = (calls_bottom - calls.y - title_h) * (portrait ? 50 : 48) / 100;
    ui::Rect hero{calls.x + pad, calls.y + title_h + th.px(6), calls.w - 2 * pad, hero_h};
    bool blinking = c.number == newest_ && ui.now() - newest_since_ < hall.display.blink_seconds;
    bool lit = !blinking || std::fmod(ui.now() - newest_since_, 1.0) < 0.6;
    std::uint32_t bg = lit ? th.accent : th.panel_alt, fg = lit ? th.on_accent : th.accent;
    ui.fill(hero, bg);
    ui.text({hero.x, hero.y, hero.w, hero.h * 55 / 100}, c.number,
            {th.px(170), true, fg, ui::HAlign::center, ui::VAlign::middle});
    bilingual(ui, {hero.x + pad, hero.y + hero.h * 55 / 100, hero.w - 2 * pad, hero.h * 42 / 100},
              t("display.please_go", {{"window", window_name(c.window, c.window_names, false)}}),
              tm("display.please_go", {{"window", window_name(c.window, c.window_names, true)}}), th.px(48), fg,
              ui::HAlign::center, true);
    // The calls before it, newest first: the number, and the window in both scripts under it.
    int list_y = hero.y + hero.h + th.px(12);
    int max_rows = portrait ? 2 : 4;
    int rows = std::min<int>(static_cast<int>(rc.size()) - 1, max_rows);
    int row_h = std::min(th.px(100), (calls_bottom - list_y) / max_rows);
    for (int i = 0; i < rows; ++i) {
      const auto& r = rc[static_cast<std::size_t>(i) + 1];
      ui::Rect row{calls.x + pad, list_y + i * row_h, calls.w - 2 * pad, row_h - th.px(6)};
      ui.fill(row, th.panel_alt);
      ui.text({row.x + pad, row.y, row.w * 36 / 100, row.h}, r.number,
              {th.px(60), true, th.text, ui::HAlign::left, ui::VAlign::middle, big_min});
      bilingual(ui, {row.x + row.w * 38 / 100, row.y + th.px(2), row.w * 62 / 100 - pad, row.h - th.px(4)},
                window_name(r.window, r.window_names, false), window_name(r.window, r.window_names, true), th.px(34),
                th.text, ui::HAlign::right);
    }
  }

  // ---- windows: number, state, who is being served
  ui.fill(wins, th.panel);
  bilingual(ui, {wins.x + pad, wins.y + th.px(4), wins.w - 2 * pad, title_h}, t("display.windows"),
            tm("display.windows"), th.px(40), th.dim, ui::HAlign::left, true);
  const auto& ws = snap.windows;
  int n = static_cast<int>(ws.size());
  int cols = portrait ? (n > 9 ? 4 : 3) : (n > 10 ? 3 : 2);
  int grid_rows = std::max(1, (n + cols - 1) / cols);
  int gap = th.px(12);
  int cw = (wins.w - 2 * pad - (cols - 1) * gap) / cols;
  int ch = (wins.h - title_h - pad - th.px(10) - (grid_rows - 1) * gap) / grid_rows;
  for (int i = 0; i < n; ++i) {
    const auto& w = ws[static_cast<std::size_t>(i)];
    ui::Rect card{wins.x + pad + (i % cols) * (cw + gap), wins.y + title_h + th.px(10) + (i / cols) * (ch + gap), cw,
                  ch};
    std::uint32_t colour = state_colour(th, w.state);
    ui.fill(card, th.panel_alt);
    ui.fill({card.x, card.y, th.px(10), card.h}, colour);
    ui::Rect inner{card.x + th.px(16), card.y + th.px(4), card.w - th.px(20), card.h - th.px(8)};
    bilingual(ui, {inner.x, inner.y, inner.w, inner.h * 44 / 100}, w.names.zh, w.names.mn, th.px(30), th.text);
    ui::Rect big{inner.x, inner.y + inner.h * 46 / 100, inner.w, inner.h * 54 / 100};
    if (w.state == protocol::WindowState::serving && w.current) {
      ui.text(big, *w.current, {th.px(76), true, th.accent, ui::HAlign::center, ui::VAlign::middle, big_min});
    } else {
      std::string key = "display." + std::string(to_string(w.state));
      bilingual(ui, big.inset(th.px(4)), t(key), tm(key), th.px(36),
                w.state == protocol::WindowState::closed ? th.dim : colour, ui::HAlign::center, true);
    }
  }

  // ---- services: how many wait and the estimate
  service_table(*this, ui, svc, th.px(170));  // its headers' Mongolian takes two or three lines

  // ---- the notice, scrolling
  ui::Rect tick{0, H - ticker_h, W, ticker_h};
  ui.fill(tick, th.panel);
  std::string notice = hall.display.notice.zh.empty() ? hall.names.zh : hall.display.notice.zh;
  if (!hall.display.notice.mn.empty()) notice += "　　　" + hall.display.notice.mn;
  ui.ticker(tick, notice, {th.px(36), false, th.text}, 90.0 * th.scale);
}

}  // namespace hallq::display
