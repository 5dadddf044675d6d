// The guides' monitor: every service (waiting, longest wait, estimate), every
// window (state, clerk, how long the current service has run), and the
// alarms, highlighted.
#include <algorithm>
#include <cstdio>

#include "display/display_app.hpp"
#include "domain/time.hpp"

namespace hallq::display {

namespace {
std::string alarm_text(const DisplayApp& app, const nlohmann::json& a, bool mongolian) {
  auto get = [&](std::string_view k, ui::Translations::Args args) { return mongolian ? app.tm(k, args) : app.t(k, args); };
  std::string kind = a.value("kind", "");
  std::string state = a.value("state", "");
  std::string state_text = state.empty() ? "" : get("display.printer_state." + state, {});
  if (state_text.rfind("\u27E8", 0) == 0) state_text = state;  // a state without a translation
  return get("display.alarm." + kind,
             {{"service", a.value("service", "")},
              {"threshold", std::to_string(a.value("threshold", 0))},
              {"minutes", std::to_string(a.value("threshold_s", 0) / 60)},
              {"window", std::to_string(a.value("window", 0))},
              {"reason", a.value("reason", "")},
              {"device", a.value("device", "")},
              {"state", state_text}});
}
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
  ui.text({W - th.px(320), 0, th.px(300), th.px(100)}, clock, {th.px(56), true, th.accent, ui::HAlign::right, ui::VAlign::middle});

  const int row_h = th.px(62);
  const int alarms_h = th.px(260);
  const int top = th.px(100) + pad;
  const int table_h = H - top - alarms_h - 2 * pad;

  // ---- services
  ui::Rect sv{pad, top, W / 2 - 2 * pad, table_h};
  ui.fill(sv, th.panel);
  const int c0 = sv.x + pad, c1 = sv.x + sv.w * 50 / 100, c2 = sv.x + sv.w * 66 / 100, c3 = sv.x + sv.w * 83 / 100;
  auto header = [&](int x, int y, int w, const char* key) {
    bilingual(ui, {x, y, w, row_h}, t(key), tm(key), th.px(28), th.dim, ui::HAlign::left, true);
  };
  header(c0, sv.y + th.px(6), c1 - c0, "display.services");
  header(c1, sv.y + th.px(6), c2 - c1, "display.waiting");
  header(c2, sv.y + th.px(6), c3 - c2, "display.longest");
  header(c3, sv.y + th.px(6), sv.x + sv.w - c3, "display.ewt");
  int y = sv.y + row_h + th.px(14);
  for (const auto& s : snap.services) {
    if (y + row_h > sv.y + sv.h) break;
    bool long_q = s.waiting >= hall.alarm_queue_length;
    bool long_w = s.longest_wait_s >= hall.alarm_wait_minutes * 60;
    ui.fill({sv.x + th.px(6), y, sv.w - th.px(12), row_h - th.px(4)}, (long_q || long_w) ? 0xFF5A1E28 : th.panel_alt);
    bilingual(ui, {c0, y, c1 - c0 - pad, row_h}, s.code + "  " + s.names.zh, s.names.mn, th.px(28), th.text);
    ui.text({c1, y, c2 - c1, row_h}, std::to_string(s.waiting), {th.px(34), true, long_q ? th.alarm : th.text, ui::HAlign::left, ui::VAlign::middle});
    ui.text({c2, y, c3 - c2, row_h}, s.waiting ? duration(s.longest_wait_s) : "-",
            {th.px(28), long_w, long_w ? th.alarm : th.text, ui::HAlign::left, ui::VAlign::middle});
    ui.text({c3, y, sv.x + sv.w - c3, row_h}, duration(s.ewt_s), {th.px(28), false, th.text, ui::HAlign::left, ui::VAlign::middle});
    y += row_h;
  }

  // ---- windows
  ui::Rect wv{W / 2 + pad, top, W / 2 - 2 * pad, table_h};
  ui.fill(wv, th.panel);
  const int d0 = wv.x + pad, d1 = wv.x + wv.w * 30 / 100, d2 = wv.x + wv.w * 45 / 100, d3 = wv.x + wv.w * 59 / 100,
            d4 = wv.x + wv.w * 73 / 100, d5 = wv.x + wv.w * 87 / 100;
  header(d0, wv.y + th.px(6), d1 - d0, "display.windows");
  header(d1, wv.y + th.px(6), d2 - d1, "display.state");
  header(d3, wv.y + th.px(6), d4 - d3, "display.current");
  header(d4, wv.y + th.px(6), d5 - d4, "display.running");
  header(d5, wv.y + th.px(6), wv.x + wv.w - d5, "display.served");
  y = wv.y + row_h + th.px(14);
  for (const auto& w : snap.windows) {
    if (y + row_h > wv.y + wv.h) break;
    bool paused_long = false;
    std::int64_t running = 0;
    if (w.since)
      if (auto since = domain::parse_iso(*w.since)) {
        running = domain::seconds_between(*since, now_tp);
        paused_long = w.state == "paused" && running >= hall.alarm_paused_minutes * 60;
      }
    ui.fill({wv.x + th.px(6), y, wv.w - th.px(12), row_h - th.px(4)}, paused_long ? 0xFF5A1E28 : th.panel_alt);
    bilingual(ui, {d0, y, d1 - d0 - pad, row_h}, w.names.zh, w.names.mn, th.px(28), th.text);
    std::string key = "display." + w.state;
    std::uint32_t c = w.state == "serving" ? th.good : w.state == "paused" ? th.warn : w.state == "idle" ? th.text : th.dim;
    ui.text({d1, y, d2 - d1, row_h}, t(key), {th.px(28), true, c, ui::HAlign::left, ui::VAlign::middle});
    ui.text({d2, y, d3 - d2, row_h}, w.clerk_name.value_or("-"), {th.px(28), false, th.text, ui::HAlign::left, ui::VAlign::middle});
    ui.text({d3, y, d4 - d3 - pad, row_h}, w.current.value_or(w.state == "paused" ? reason_text(w.reason.value_or(""), false) : "-"),
            {th.px(30), true, th.accent, ui::HAlign::left, ui::VAlign::middle});
    ui.text({d4, y, d5 - d4, row_h}, (w.state == "serving" || w.state == "paused") ? duration(running) : "-",
            {th.px(28), paused_long, paused_long ? th.alarm : th.text, ui::HAlign::left, ui::VAlign::middle});
    ui.text({d5, y, wv.x + wv.w - d5, row_h}, std::to_string(w.served),
            {th.px(28), false, th.text, ui::HAlign::left, ui::VAlign::middle});
    y += row_h;
  }

  // ---- alarms
  ui::Rect al{pad, H - alarms_h - pad, W - 2 * pad, alarms_h};
  const auto& alarms = state_.alarms();
  ui.fill(al, alarms.empty() ? th.panel : 0xFF4A0F18);
  bilingual(ui, {al.x + pad, al.y + th.px(4), al.w / 3, row_h}, t("display.alarms"), tm("display.alarms"), th.px(32),
            alarms.empty() ? th.dim : th.alarm, ui::HAlign::left, true);
  if (alarms.empty()) {
    ui.text({al.x, al.y, al.w, al.h}, t("display.no_alarms"), {th.px(32), false, th.good, ui::HAlign::center, ui::VAlign::middle});
    return;
  }
  y = al.y + row_h + th.px(8);
  for (const auto& [key, a] : alarms) {
    if (y + row_h > al.y + al.h) break;
    bool on = static_cast<int>(ui.now() * 2) % 2 == 0;
    ui.fill({al.x + pad, y, th.px(14), row_h - th.px(10)}, on ? th.alarm : th.warn);
    bilingual(ui, {al.x + pad + th.px(30), y, al.w - 2 * pad - th.px(30), row_h}, alarm_text(*this, a, false),
              alarm_text(*this, a, true), th.px(28), th.text);
    y += row_h;
  }
}

}  // namespace hallq::display
