// The hall board: the newest call, large and blinking; the recent calls; every
// window's number and state; waiting counts and estimates per service; the
// clock; the hall's notice. Chinese with a Mongolian line for every label.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "core/domain/time.hpp"
#include "display/display_app.hpp"

namespace hallq::display {

namespace {

// The services' table's columns: the name (a Mongolian name runs to 430 px at the smallest size),
// the count, the estimate. The narrow columns' headers take two or three lines; a portrait board,
// with the whole width for the table, gives them more of it.
struct ServiceColumns {
  int x_name, name_w, x_count, count_w, x_ewt, ewt_w;
};

ServiceColumns service_columns(const ui::Theme& th, ui::Rect r, bool portrait) {
  const int pad = th.px(18);
  const int inner_w = r.w - 2 * pad;
  const int name_w = inner_w * (portrait ? 50 : 65) / 100, count_w = inner_w * (portrait ? 23 : 16) / 100;
  const int x_name = r.x + pad, x_count = x_name + name_w, x_ewt = x_count + count_w;
  return {x_name, name_w, x_count, count_w, x_ewt, inner_w - name_w - count_w};
}

// The height of the table's headers and of one row: as much as their words need.
std::pair<int, int> service_table_heights(DisplayApp& app, ui::Ui& ui, ui::Rect r, bool portrait) {
  const auto& th = ui.theme();
  const ServiceColumns c = service_columns(th, r, portrait);
  const int pad = th.px(18);
  int head = std::max(
      {app.bilingual_height(ui, c.name_w - pad, app.t("display.services"), app.tm("display.services"), th.px(40), true,
                            th.px(30)),
       app.bilingual_height(ui, c.count_w - th.px(6), app.t("display.waiting_people"), app.tm("display.waiting_people"),
                            th.px(26)),
       app.bilingual_height(ui, c.ewt_w, app.t("display.ewt_minutes"), app.tm("display.ewt_minutes"), th.px(26))});
  int row = 0;
  for (const auto& s : app.state().snapshot().services)
    row = std::max(row, app.bilingual_height(ui, c.name_w - pad, s.names.zh, s.names.mn, th.px(32), true));
  return {head + th.px(4), row + th.px(4)};
}

// Every service as a table row: its name in both scripts, how many wait, the
// estimate in minutes; bilingual column headers `title_h` tall. Rows share what
// height there is, up to a comfortable maximum, never less than `row_min`.
void service_table(DisplayApp& app, ui::Ui& ui, ui::Rect r, int title_h, bool portrait, int row_min = 0) {
  const auto& th = ui.theme();
  const auto& hall = app.state().hall();
  const auto& ss = app.state().snapshot().services;
  const int pad = th.px(18);
  ui.fill(r, th.panel);
  const ServiceColumns c = service_columns(th, r, portrait);
  app.bilingual(ui, {c.x_name, r.y + th.px(4), c.name_w - pad, portrait ? title_h : std::min(title_h, th.px(90))},
                app.t("display.services"), app.tm("display.services"), th.px(40), th.dim, ui::HAlign::left, true,
                th.px(30));
  app.bilingual(ui, {c.x_count, r.y + th.px(4), c.count_w - th.px(6), title_h}, app.t("display.waiting_people"),
                app.tm("display.waiting_people"), th.px(26), th.dim, ui::HAlign::center);
  app.bilingual(ui, {c.x_ewt, r.y + th.px(4), c.ewt_w, title_h}, app.t("display.ewt_minutes"),
                app.tm("display.ewt_minutes"), th.px(26), th.dim, ui::HAlign::center);
  const int top = r.y + title_h + th.px(10);
  const int n = std::max(1, static_cast<int>(ss.size()));
  const int gap = th.px(portrait ? 6 : 8);
  const int row_h = std::max(row_min, std::min(th.px(110), (r.y + r.h - pad - top + gap) / n - gap));
  for (int i = 0; i < static_cast<int>(ss.size()); ++i) {
    const auto& s = ss[static_cast<std::size_t>(i)];
    ui::Rect row{r.x + th.px(8), top + i * (row_h + gap), r.w - th.px(16), row_h};
    ui.fill(row, th.panel_alt);
    app.bilingual(ui, {c.x_name, row.y + th.px(2), c.name_w - pad, row.h - th.px(4)}, s.names.zh, s.names.mn, th.px(32),
                  th.text, ui::HAlign::left, true);
    bool over = s.waiting >= hall.alarms.queue_length;
    ui.text({c.x_count, row.y, c.count_w - th.px(6), row.h}, std::to_string(s.waiting),
            {th.px(56), true, over ? th.warn : th.accent, ui::HAlign::center, ui::VAlign::middle, th.px(30)});
    std::string ewt = s.waiting > 0 ? std::to_string((s.ewt_s + 59) / 60) : "—";
    ui.text({c.x_ewt, row.y, c.ewt_w, row.h}, ewt,
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
  // the calls, then the windows, then the services, top to bottom — the windows
  // and the services as tall as their words need, the calls in what is left.
  const int ticker_h = th.px(64);
  const int body_y = header_h + pad;
  const int body_h = H - body_y - ticker_h - pad;
  // A panel's title; its Mongolian (ᠴᠣᠩᠬᠣ: short letters) needs 30 px. Portrait: as tall as the words.
  int title_h = th.px(90);
  if (portrait) {
    title_h = 0;
    for (const char* key : {"display.now_calling", "display.windows"})
      title_h = std::max(title_h, bilingual_height(ui, W / 2, t(key), tm(key), th.px(40), true, th.px(30)) + th.px(4));
  }
  const int gap = th.px(12);
  const auto& ws = snap.windows;
  const int n = static_cast<int>(ws.size());
  const int cols = portrait ? (n > 6 ? 4 : 3) : (n > 10 ? 3 : 2);
  const int grid_rows = std::max(1, (n + cols - 1) / cols);
  // A window's card: its name in both scripts over its number or its state in both scripts.
  auto card_inner_w = [&](int card_w) { return card_w - th.px(20); };
  auto name_height = [&](const protocol::WindowInfo& w, int inner_w) {
    return bilingual_height(ui, inner_w, w.names.zh, w.names.mn, th.px(30));
  };
  auto state_height = [&](int inner_w) {  // the number served is fitted to what the states need
    int h = 0;
    for (const char* key : {"display.idle", "display.paused", "display.closed"})
      h = std::max(h, bilingual_height(ui, inner_w - th.px(8), t(key), tm(key), th.px(36), true) + th.px(8));
    return h;
  };
  ui::Rect calls, wins, svc;
  int svc_title = th.px(170), svc_row = 0;  // landscape: its headers' Mongolian takes two or three lines
  if (portrait) {
    const int full_w = W - 2 * pad;
    std::tie(svc_title, svc_row) = service_table_heights(*this, ui, {pad, 0, full_w, 0}, true);
    const int n_services = std::max(1, static_cast<int>(snap.services.size()));
    const int svc_h = svc_title + th.px(10) + n_services * (svc_row + th.px(6)) - th.px(6) + pad + th.px(4);
    const int cw = (full_w - 2 * pad - (cols - 1) * gap) / cols;
    int card_h = 0;
    const int state_h = state_height(card_inner_w(cw));
    for (const auto& w : ws) card_h = std::max(card_h, name_height(w, card_inner_w(cw)) + th.px(6) + state_h);
    card_h += th.px(8);
    const int wins_h = title_h + th.px(10) + grid_rows * (card_h + gap) - gap + pad;
    // The calls take what is left, up to a comfortable height (the newest call and four before it,
    // 100 px a row); a small hall's windows and services share the rest.
    const int rest = body_h - wins_h - svc_h - 2 * pad;
    const int calls_h = std::min(rest, title_h + th.px(6) + 4 * th.px(100) + pad);
    const int spare = rest - calls_h;
    const int wins_more = std::min(spare / 2, grid_rows * std::max(0, th.px(240) - card_h));
    calls = {pad, body_y, full_w, calls_h};
    wins = {pad, calls.y + calls.h + pad, full_w, wins_h + wins_more};
    svc = {pad, wins.y + wins.h + pad, full_w, svc_h + spare - wins_more};
  } else {
    calls = {pad, body_y, W * 21 / 100 - pad, body_h};
    wins = {calls.x + calls.w + pad, body_y, W * 39 / 100 - pad, body_h};
    svc = {wins.x + wins.w + pad, body_y, W - wins.x - wins.w - 2 * pad, body_h};
  }

  // ---- calls: the newest one large (blinking for a few seconds), then the four before it
  ui.fill(calls, th.panel);
  bilingual(ui, {calls.x + pad, calls.y + th.px(4), calls.w - 2 * pad, title_h}, t("display.now_calling"),
            tm("display.now_calling"), th.px(40), th.dim, ui::HAlign::left, true, th.px(30));
  const auto& rc = snap.recent_calls;
  const int calls_bottom = calls.y + calls.h - pad;
  if (rc.empty()) {
    bilingual(ui, {calls.x + pad, calls.y + title_h, calls.w - 2 * pad, calls.h - title_h - pad}, t("display.no_calls"),
              tm("display.no_calls"), th.px(44), th.dim, ui::HAlign::center);
  } else {
    const auto& c = rc.front();
    const int top = calls.y + title_h + th.px(6);
    // Landscape: the newest call over the list. Portrait: the newest call on the left, the list
    // beside it on the right (the width is there, the height is the windows' and services').
    ui::Rect hero =
        portrait ? ui::Rect{calls.x + pad, top, (calls.w - 2 * pad) * 54 / 100, calls_bottom - top}
                 : ui::Rect{calls.x + pad, top, calls.w - 2 * pad, (calls_bottom - calls.y - title_h) * 48 / 100};
    ui::Rect list =
        portrait
            ? ui::Rect{hero.x + hero.w + gap, top, calls.x + calls.w - pad - hero.x - hero.w - gap, calls_bottom - top}
            : ui::Rect{hero.x, hero.y + hero.h + th.px(12), hero.w, calls_bottom - hero.y - hero.h - th.px(12)};
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
    // The calls before it, newest first: the number, and the window in both scripts beside it.
    constexpr int kEarlier = 4;
    int rows = std::min<int>(static_cast<int>(rc.size()) - 1, kEarlier);
    int row_h = std::min(th.px(100), list.h / kEarlier);
    for (int i = 0; i < rows; ++i) {
      const auto& r = rc[static_cast<std::size_t>(i) + 1];
      ui::Rect row{list.x, list.y + i * row_h, list.w, row_h - th.px(6)};
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
            tm("display.windows"), th.px(40), th.dim, ui::HAlign::left, true, th.px(30));
  const int cw = (wins.w - 2 * pad - (cols - 1) * gap) / cols;
  // A big hall's windows do not all fit with their names over their numbers: they are shown a page
  // at a time (turning as the monitor's do), never squeezed until the number covers the name.
  const int grid_h = wins.h - title_h - pad - th.px(10);
  int card_need = 0;
  for (const auto& w : ws) card_need = std::max(card_need, name_height(w, card_inner_w(cw)));
  card_need += th.px(6) + std::max(th.px(44), state_height(card_inner_w(cw))) + th.px(8);
  const int rows = std::clamp((grid_h + gap) / (card_need + gap), 1, grid_rows);
  const int per_page = rows * cols, pages = (n + per_page - 1) / per_page;
  const int page = page_now(ui, pages);
  if (pages > 1)
    ui.text({wins.x + pad, wins.y + th.px(4), wins.w - 2 * pad, th.px(40)},
            t("display.page", {{"page", std::to_string(page + 1)}, {"pages", std::to_string(pages)}}),
            {th.px(28), false, th.dim, ui::HAlign::right, ui::VAlign::middle});
  const int ch = (grid_h - (rows - 1) * gap) / rows;
  for (int k = 0; k < per_page && page * per_page + k < n; ++k) {
    const auto& w = ws[static_cast<std::size_t>(page * per_page + k)];
    ui::Rect card{wins.x + pad + (k % cols) * (cw + gap), wins.y + title_h + th.px(10) + (k / cols) * (ch + gap), cw,
                  ch};
    std::uint32_t colour = state_colour(th, w.state);
    ui.fill(card, th.panel_alt);
    ui.fill({card.x, card.y, th.px(10), card.h}, colour);
    ui::Rect inner{card.x + th.px(16), card.y + th.px(4), card_inner_w(card.w), card.h - th.px(8)};
    // The name as tall as it needs (a long Mongolian name takes two lines), the state under it; a
    // card too short for both (a big hall's many windows) has the number or state beside the name,
    // never drawn over it.
    const int name_h = std::max(inner.h * 44 / 100, name_height(w, inner.w));
    ui::Rect big{inner.x, inner.y + name_h + th.px(6), inner.w, inner.h - name_h - th.px(6)};
    if (big.h >= th.px(44)) {
      bilingual(ui, {inner.x, inner.y, inner.w, name_h}, w.names.zh, w.names.mn, th.px(30), th.text);
    } else {
      const int name_w = inner.w * 54 / 100;
      bilingual(ui, {inner.x, inner.y, name_w, inner.h}, w.names.zh, w.names.mn, th.px(30), th.text);
      big = {inner.x + name_w + th.px(6), inner.y, inner.w - name_w - th.px(6), inner.h};
    }
    if (w.state == protocol::WindowState::serving && w.current) {
      ui.text(big, *w.current, {th.px(76), true, th.accent, ui::HAlign::center, ui::VAlign::middle, big_min});
    } else {
      std::string key = "display." + std::string(to_string(w.state));
      bilingual(ui, big.inset(th.px(4)), t(key), tm(key), th.px(36),
                w.state == protocol::WindowState::closed ? th.dim : colour, ui::HAlign::center, true);
    }
  }

  // ---- services: how many wait and the estimate
  service_table(*this, ui, svc, svc_title, portrait, svc_row);

  // ---- the notice, scrolling
  ui::Rect tick{0, H - ticker_h, W, ticker_h};
  if (training_) tick.w = ui::training_tab(ui, true).x;  // the notice scrolls clear of the 培训 tab
  ui.fill(tick, th.panel);
  std::string notice = hall.display.notice.zh.empty() ? hall.names.zh : hall.display.notice.zh;
  if (!hall.display.notice.mn.empty()) notice += "　　　" + hall.display.notice.mn;
  ui.ticker(tick, notice, {th.px(36), false, th.text}, 90.0 * th.scale);
}

}  // namespace hallq::display
