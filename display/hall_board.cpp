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

}  // namespace

void DisplayApp::board(ui::Ui& ui) {
  const auto& th = ui.theme();
  const auto& hall = state_.hall();
  const auto& snap = state_.snapshot();
  const int W = ui.width(), H = ui.height();
  const bool portrait = H > W;
  const int pad = th.px(18);
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
          {th.px(30), false, th.dim, ui::HAlign::right, ui::VAlign::middle});

  const int ticker_h = th.px(64);
  const int services_h = portrait ? th.px(520) : th.px(196);
  const int body_y = header_h + pad;
  const int body_h = H - body_y - services_h - ticker_h - 2 * pad;
  const int title_h = th.px(80);

  // ---- calls: the newest one large (blinking for a few seconds), then the ones before
  ui::Rect calls = portrait ? ui::Rect{pad, body_y, W - 2 * pad, body_h * 52 / 100}
                            : ui::Rect{pad, body_y, W * 40 / 100 - pad, body_h};
  ui.fill(calls, th.panel);
  bilingual(ui, {calls.x + pad, calls.y + th.px(4), calls.w - 2 * pad, title_h}, t("display.now_calling"),
            tm("display.now_calling"), th.px(36), th.dim, ui::HAlign::left, true);
  const auto& rc = snap.recent_calls;
  const int calls_bottom = calls.y + calls.h - pad;
  if (rc.empty()) {
    bilingual(ui, {calls.x + pad, calls.y + title_h, calls.w - 2 * pad, calls.h - title_h - pad}, t("display.no_calls"),
              tm("display.no_calls"), th.px(44), th.dim, ui::HAlign::center);
  } else {
    const auto& c = rc.front();
    int hero_h = (calls_bottom - calls.y - title_h) * (portrait ? 55 : 42) / 100;
    ui::Rect hero{calls.x + pad, calls.y + title_h + th.px(6), calls.w - 2 * pad, hero_h};
    bool blinking = c.number == newest_ && ui.now() - newest_since_ < hall.display.blink_seconds;
    bool lit = !blinking || std::fmod(ui.now() - newest_since_, 1.0) < 0.6;
    std::uint32_t bg = lit ? th.accent : th.panel_alt, fg = lit ? th.on_accent : th.accent;
    ui.fill(hero, bg);
    ui.text({hero.x, hero.y, hero.w, hero.h * 60 / 100}, c.number,
            {th.px(170), true, fg, ui::HAlign::center, ui::VAlign::middle});
    bilingual(ui, {hero.x + pad, hero.y + hero.h * 58 / 100, hero.w - 2 * pad, hero.h * 40 / 100},
              t("display.please_go", {{"window", window_name(c.window, c.window_names, false)}}),
              tm("display.please_go", {{"window", window_name(c.window, c.window_names, true)}}), th.px(48), fg,
              ui::HAlign::center, true);
    // The calls before it, newest first.
    int list_y = hero.y + hero.h + th.px(12);
    int max_rows = portrait ? 3 : 4;
    int rows = std::min<int>(static_cast<int>(rc.size()) - 1, max_rows);
    int row_h = std::min(th.px(90), (calls_bottom - list_y) / max_rows);
    for (int i = 0; i < rows; ++i) {
      const auto& r = rc[static_cast<std::size_t>(i) + 1];
      ui::Rect row{calls.x + pad, list_y + i * row_h, calls.w - 2 * pad, row_h - th.px(6)};
      ui.fill(row, th.panel_alt);
      ui.text({row.x + pad, row.y, row.w * 36 / 100, row.h}, r.number,
              {th.px(60), true, th.text, ui::HAlign::left, ui::VAlign::middle});
      bilingual(ui, {row.x + row.w * 38 / 100, row.y + th.px(2), row.w * 62 / 100 - pad, row.h - th.px(4)},
                window_name(r.window, r.window_names, false), window_name(r.window, r.window_names, true), th.px(38),
                th.text, ui::HAlign::right);
    }
  }

  // ---- windows: number, state, who is being served
  ui::Rect wins = portrait ? ui::Rect{pad, calls.y + calls.h + pad, W - 2 * pad, body_h - calls.h - pad}
                           : ui::Rect{calls.x + calls.w + pad, body_y, W - calls.w - 3 * pad, body_h};
  ui.fill(wins, th.panel);
  bilingual(ui, {wins.x + pad, wins.y + th.px(4), wins.w - 2 * pad, title_h}, t("display.windows"),
            tm("display.windows"), th.px(36), th.dim, ui::HAlign::left, true);
  const auto& ws = snap.windows;
  int n = static_cast<int>(ws.size());
  int cols = n > 9 ? 5 : n > 6 ? 4 : 3;
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
    ui::Rect inner{card.x + th.px(18), card.y + th.px(4), card.w - th.px(24), card.h - th.px(8)};
    bilingual(ui, {inner.x, inner.y, inner.w, inner.h * 38 / 100}, w.names.zh, w.names.mn, th.px(32), th.text);
    ui::Rect big{inner.x, inner.y + inner.h * 40 / 100, inner.w, inner.h * 60 / 100};
    if (w.state == protocol::WindowState::serving && w.current) {
      ui.text(big, *w.current, {th.px(76), true, th.accent, ui::HAlign::center, ui::VAlign::middle});
    } else {
      std::string key = "display." + std::string(to_string(w.state));
      bilingual(ui, big.inset(th.px(10)), t(key), tm(key), th.px(38),
                w.state == protocol::WindowState::closed ? th.dim : colour, ui::HAlign::center, true);
    }
  }

  // ---- services: how many wait and the estimate, under a bilingual legend
  ui::Rect svc{pad, H - ticker_h - services_h - pad, W - 2 * pad, services_h};
  ui.fill(svc, th.panel);
  const auto& ss = snap.services;
  int sn = std::max(1, static_cast<int>(ss.size()));
  int per_row = portrait ? 4 : sn;  // services per row, after the legend
  int srows = (sn + per_row - 1) / per_row;
  int sgap = th.px(10);
  int sw = (svc.w - sgap * (per_row + 2)) / (per_row + 1);
  int sh = (svc.h - sgap * (srows + 1)) / srows;
  for (int row = 0; row < srows; ++row) {
    ui::Rect legend{svc.x + sgap, svc.y + sgap + row * (sh + sgap), sw, sh};
    ui::Rect in = legend.inset(th.px(6));
    bilingual(ui, {in.x, in.y, in.w, in.h * 36 / 100}, t("display.services"), tm("display.services"), th.px(26), th.dim,
              ui::HAlign::right, true);
    bilingual(ui, {in.x, in.y + in.h * 38 / 100, in.w, in.h * 34 / 100}, t("display.waiting_people"),
              tm("display.waiting_people"), th.px(26), th.dim, ui::HAlign::right, true);
    bilingual(ui, {in.x, in.y + in.h * 74 / 100, in.w, in.h * 26 / 100}, t("display.ewt_minutes"),
              tm("display.ewt_minutes"), th.px(22), th.dim, ui::HAlign::right);
  }
  for (int i = 0; i < static_cast<int>(ss.size()); ++i) {
    const auto& s = ss[static_cast<std::size_t>(i)];
    int col = i % per_row + 1, row = i / per_row;
    ui::Rect cell{svc.x + sgap + col * (sw + sgap), svc.y + sgap + row * (sh + sgap), sw, sh};
    ui.fill(cell, th.panel_alt);
    ui::Rect in = cell.inset(th.px(6));
    bilingual(ui, {in.x, in.y, in.w, in.h * 36 / 100}, s.names.zh, s.names.mn, th.px(30), th.text, ui::HAlign::center,
              true);
    bool over = s.waiting >= hall.alarms.queue_length;
    ui.text({in.x, in.y + in.h * 38 / 100, in.w, in.h * 34 / 100}, std::to_string(s.waiting),
            {th.px(56), true, over ? th.warn : th.accent, ui::HAlign::center, ui::VAlign::middle});
    std::string ewt = s.waiting > 0 ? std::to_string((s.ewt_s + 59) / 60) : "—";
    ui.text({in.x, in.y + in.h * 74 / 100, in.w, in.h * 26 / 100}, ewt,
            {th.px(34), false, th.text, ui::HAlign::center, ui::VAlign::middle});
  }

  // ---- the notice, scrolling
  ui::Rect tick{0, H - ticker_h, W, ticker_h};
  ui.fill(tick, th.panel);
  std::string notice = hall.display.notice.zh.empty() ? hall.names.zh : hall.display.notice.zh;
  if (!hall.display.notice.mn.empty()) notice += "　　　" + hall.display.notice.mn;
  ui.ticker(tick, notice, {th.px(36), false, th.text}, 90.0 * th.scale);
}

}  // namespace hallq::display
