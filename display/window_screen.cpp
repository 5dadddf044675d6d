// A window's own screen: its name in both scripts (Mongolian as a column),
// the number being served, the service, the clerk, and "paused".
#include "display/display_app.hpp"

namespace hallq::display {

void DisplayApp::window_screen(ui::Ui& ui) {
  const auto& th = ui.theme();
  const int W = ui.width(), H = ui.height();
  const int pad = th.px(24);
  ui.clear(th.background);
  const auto* info = state_.hall().window(options_.window);
  const auto* w = state_.window(options_.window);
  if (!info || !w) {
    ui.text({0, 0, W, H}, t("common.window", {{"n", std::to_string(options_.window)}}) + " ?",
            {th.px(80), true, th.alarm, ui::HAlign::center, ui::VAlign::middle});
    return;
  }
  // Mongolian name, vertical, down the left side.
  const int col = W > H ? W / 7 : W / 5;
  ui.fill({0, 0, col, H}, th.panel);
  ui.vertical({pad / 2, pad, col - pad, H - 2 * pad}, info->names.mn,
              {th.px(150), false, th.text, ui::HAlign::center, ui::VAlign::top});
  const int x = col + pad, cw = W - col - 2 * pad;
  ui.text({x, pad, cw, H * 16 / 100}, info->names.zh,
          {th.px(110), true, th.text, ui::HAlign::center, ui::VAlign::middle});
  ui::Rect main{x, H * 20 / 100, cw, H * 52 / 100};
  if (w->state == protocol::WindowState::paused) {
    ui.fill(main, th.warn);
    bilingual(ui, {main.x, main.y + main.h / 8, main.w, main.h / 2}, t("display.paused"), tm("display.paused"),
              th.px(120), th.on_accent, ui::HAlign::center, true);
    if (w->reason)
      bilingual(ui, {main.x, main.y + main.h * 64 / 100, main.w, main.h * 32 / 100}, reason_text(*w->reason, false),
                reason_text(*w->reason, true), th.px(60), th.on_accent, ui::HAlign::center);
  } else if (w->state == protocol::WindowState::serving && w->current) {
    ui.fill(main, th.panel_alt);
    ui.text({main.x, main.y, main.w, main.h * 18 / 100}, t("display.now_serving") + " · " + tm("display.now_serving"),
            {th.px(44), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
    ui.text({main.x, main.y + main.h * 16 / 100, main.w, main.h * 62 / 100}, *w->current,
            {th.px(300), true, th.accent, ui::HAlign::center, ui::VAlign::middle});
    if (w->current_service)
      if (const auto* s = state_.hall().service(*w->current_service))
        bilingual(ui, {main.x, main.y + main.h * 76 / 100, main.w, main.h * 22 / 100}, s->names.zh, s->names.mn,
                  th.px(56), th.text, ui::HAlign::center);
  } else {
    // Open with nobody at it: framed in the board's and the monitor's idle colour, the words light
    // on dark as the number served is (blue letters on the dark panel read poorly); closed: dim.
    std::string key = "display." + std::string(to_string(w->state));
    bool idle = w->state == protocol::WindowState::idle;
    ui.fill(main, th.panel_alt);
    if (idle) ui.outline(main, state_colour(th, w->state), th.px(14));
    bilingual(ui, main.inset(main.h / 4), t(key), tm(key), th.px(130), idle ? th.text : th.dim, ui::HAlign::center,
              true);
  }
  if (w->clerk_name)
    bilingual(ui, {x, H * 76 / 100, cw, H * 18 / 100}, t("display.clerk", {{"name", *w->clerk_name}}),
              tm("display.clerk", {{"name", *w->clerk_name}}), th.px(64), th.text, ui::HAlign::center);
}

}  // namespace hallq::display
