// What the caller's main screen shows of the window's citizens: the ticket being served (and,
// without the server, the last one it said), and who waits for this window, with the clerk's day
// under them (caller_app.hpp). Laid out by draw_main (caller_app.cpp).
#include <algorithm>
#include <cstdio>

#include "caller/caller_app.hpp"
#include "core/ui/widgets.hpp"

namespace hallq::caller {

void CallerApp::draw_current(ui::Ui& ui, ui::Rect r, const protocol::WindowInfo& w) {
  const auto& th = ui.theme();
  ui.fill(r, th.panel);
  ui::Rect in = r.inset(th.px(16));
  ui.text({in.x, in.y, in.w, th.px(44)}, t("caller.current"),
          {th.px(30), true, th.dim, ui::HAlign::left, ui::VAlign::middle});
  if (!w.current) {
    ui.text({in.x, in.y + th.px(44), in.w, in.h - th.px(44)}, t("caller.none"),
            {th.px(40), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
    return;
  }
  // The number, big; the details beside it.
  ui::Rect num{in.x, in.y + th.px(44), in.w * 46 / 100, in.h - th.px(44)};
  ui.text(num, *w.current, {th.px(150), true, th.accent, ui::HAlign::left, ui::VAlign::middle});
  std::vector<std::pair<std::string, std::uint32_t>> lines;
  lines.push_back({service_name(w.current_service.value_or(current_ ? current_->service : "")), th.text});
  if (current_ && current_->number == *w.current) {
    const auto& c = *current_;
    lines.push_back({t("caller.waited", {{"t", config::elapsed_text(tr_, c.waited_s)}}), th.text});
    if (c.appointment)
      lines.push_back({t("caller.appointment", {{"code", *c.appointment}}), th.accent});
    else if (c.priority != "normal")
      if (const auto* p = state_.hall().priority(c.priority))
        lines.push_back({t("caller.priority", {{"name", name(p->names)}}), th.accent});
    if (c.target_window) lines.push_back({t("caller.transferred_here"), th.dim});
    if (c.name_masked) lines.push_back({t("caller.name", {{"name", *c.name_masked}}), th.text});
    if (c.id_masked) lines.push_back({t("caller.id", {{"id", *c.id_masked}}), th.text});
    if (c.recalls > 0) lines.push_back({t("caller.recalls", {{"n", std::to_string(c.recalls)}}), th.warn});
  }
  if (w.since)
    if (auto since = domain::parse_iso(*w.since)) {
      auto s = domain::seconds_between(*since, clock_.now());
      char mmss[48];
      std::snprintf(mmss, sizeof mmss, "%02lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
      lines.push_back({t("caller.serving_for", {{"t", mmss}}), th.dim});
    }
  int lx = num.x + num.w + th.px(10), lw = in.x + in.w - lx;
  int lh = std::min(th.px(52), (in.h - th.px(44)) / std::max<int>(1, static_cast<int>(lines.size())));
  int ly = in.y + th.px(44) + (in.h - th.px(44) - lh * static_cast<int>(lines.size())) / 2;
  for (std::size_t i = 0; i < lines.size(); ++i)
    ui.text({lx, ly + static_cast<int>(i) * lh, lw, lh}, lines[i].first,
            {i == 0 ? th.px(38) : th.px(30), i == 0, lines[i].second, ui::HAlign::left, ui::VAlign::middle});
}

void CallerApp::draw_offline_current(ui::Ui& ui) {
  // The citizen at the window is still there: who they are stays above the band (the last the
  // server said, under a label that says so), with nothing to press.
  const auto* w = window_ > 0 ? state_.window(window_) : nullptr;
  if (!w || !w->current || !current_ || current_->number != *w->current) return;
  const auto& th = ui.theme();
  const auto& c = *current_;
  const int W = ui.width(), top = ui.height() / 3;
  ui::Rect r{W / 20, th.px(12), W * 9 / 10, top - th.px(24)};
  ui.text({r.x, r.y, r.w, r.h * 24 / 100}, t("caller.offline_current"),
          {th.px(30), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  ui.text({r.x, r.y + r.h * 24 / 100, r.w, r.h * 46 / 100}, c.number + "  " + service_name(c.service),
          {th.px(72), true, th.accent, ui::HAlign::center, ui::VAlign::middle});
  std::string who;
  if (c.name_masked) who = t("caller.name", {{"name", *c.name_masked}});
  if (c.id_masked) who += (who.empty() ? "" : "　") + t("caller.id", {{"id", *c.id_masked}});
  if (!who.empty())
    ui.text({r.x, r.y + r.h * 70 / 100, r.w, r.h * 30 / 100}, who,
            {th.px(30), false, th.text, ui::HAlign::center, ui::VAlign::middle});
}

void CallerApp::draw_queue(ui::Ui& ui, ui::Rect r) {
  const auto& th = ui.theme();
  ui.fill(r, th.panel);
  ui::Rect in = r.inset(th.px(14));
  std::string count = std::to_string(waiting_.size()) + (waiting_more_ ? "+" : "");
  ui.text({in.x, in.y, in.w, th.px(50)}, t("caller.queue_count", {{"n", count}}),
          {th.px(32), true, th.dim, ui::HAlign::left, ui::VAlign::middle});
  const int day_h = th.px(70);
  int y = in.y + th.px(58);
  const int row_h = th.px(58);
  if (waiting_.empty())
    ui.text({in.x, y, in.w, row_h}, t("caller.nobody_waiting"),
            {th.px(30), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  auto now = clock_.now();
  for (std::size_t i = 0; i < waiting_.size() && y + row_h <= in.y + in.h - day_h; ++i, y += row_h) {
    const auto& tk = waiting_[i];
    ui.fill({in.x, y, in.w, row_h - th.px(6)}, i % 2 ? th.panel : th.panel_alt);
    bool special = tk.priority != "normal" || tk.target_window.has_value();
    ui.text({in.x + th.px(10), y, in.w * 30 / 100, row_h - th.px(6)}, tk.number,
            {th.px(34), true, special ? th.accent : th.text, ui::HAlign::left, ui::VAlign::middle});
    ui.text({in.x + in.w * 32 / 100, y, in.w * 44 / 100, row_h - th.px(6)}, service_name(tk.service),
            {th.px(26), false, th.text, ui::HAlign::left, ui::VAlign::middle});
    std::int64_t waited = 0;
    if (auto issued = domain::parse_iso(tk.issued_at)) waited = domain::seconds_between(*issued, now);
    ui.text({in.x + in.w * 76 / 100, y, in.w * 24 / 100 - th.px(10), row_h - th.px(6)},
            config::elapsed_text(tr_, waited), {th.px(26), false, th.dim, ui::HAlign::right, ui::VAlign::middle});
  }
  // The clerk's day.
  ui::Rect day{in.x, in.y + in.h - day_h, in.w, day_h};
  ui.fill(day, th.panel_alt);
  std::string text =
      served_today_ > 0
          ? t("caller.my_day", {{"served", std::to_string(served_today_)}, {"avg", duration(service_mean_s_)}})
          : t("caller.my_day_none");
  ui.text(day.inset(th.px(8)), text, {th.px(28), false, th.text, ui::HAlign::center, ui::VAlign::middle});
}

}  // namespace hallq::caller
