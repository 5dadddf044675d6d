#include "core/ui/ui.hpp"

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace hallq::ui {
namespace {
// Opaque colours are drawn without blending: the software renderer's blended
// fill reads and mixes every pixel (most of a 1080p frame's time before this).
void set_colour(SDL_Renderer* r, std::uint32_t argb) {
  SDL_SetRenderDrawBlendMode(r, (argb >> 24) == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(r, static_cast<Uint8>((argb >> 16) & 255), static_cast<Uint8>((argb >> 8) & 255),
                         static_cast<Uint8>(argb & 255), static_cast<Uint8>(argb >> 24));
}
}  // namespace

Ui::Ui(SDL_Renderer* renderer, TextCache& cache, Theme& theme) : r_(renderer), cache_(cache), theme_(theme) {}

void Ui::begin(const Input& input, double now_s, int width, int height) {
  input_ = input;
  now_ = now_s;
  width_ = width;
  height_ = height;
  last_buttons_ = std::move(buttons_);
  buttons_.clear();
}

void Ui::clear(std::uint32_t argb) {
  set_colour(r_, argb);
  SDL_RenderClear(r_);
}

void Ui::fill(Rect r, std::uint32_t argb) {
  set_colour(r_, argb);
  SDL_Rect s{r.x, r.y, r.w, r.h};
  SDL_RenderFillRect(r_, &s);
}

void Ui::outline(Rect r, std::uint32_t argb, int t) {
  fill({r.x, r.y, r.w, t}, argb);
  fill({r.x, r.y + r.h - t, r.w, t}, argb);
  fill({r.x, r.y, t, r.h}, argb);
  fill({r.x + r.w - t, r.y, t, r.h}, argb);
}

void Ui::copy(const TextCache::Entry& e, int x, int y, int w, int h) {
  if (!e.texture) return;
  SDL_Rect dst{x, y, w, h};
  SDL_RenderCopy(r_, e.texture, nullptr, &dst);
}

TextSize Ui::measure(std::string_view s, int px, bool bold) {
  const auto& e = cache_.get({std::string(s), snap_px(px), bold, 0xFFFFFFFF, 0});
  return {e.width, e.height};
}

TextSize Ui::text(Rect r, std::string_view s, const Label& l) {
  if (s.empty()) return {};
  int px = snap_px(l.px);
  const TextCache::Entry* e = &cache_.get({std::string(s), px, l.bold, l.argb, 0});
  // Too big for its box: a smaller size (cached as its own entry) rather than
  // clipping or spilling onto the neighbours. Size scales width and height
  // almost linearly: one jump to the estimate, then ladder steps down.
  if ((e->width > r.w || e->height > r.h) && px > snap_px(10)) {
    double ratio =
        std::min(static_cast<double>(r.w) / std::max(1, e->width), static_cast<double>(r.h) / std::max(1, e->height));
    px = std::max(snap_px(10), std::min(smaller_px(px), snap_px(static_cast<int>(px * ratio))));
    e = &cache_.get({std::string(s), px, l.bold, l.argb, 0});
    while ((e->width > r.w || e->height > r.h) && px > snap_px(10)) {
      px = smaller_px(px);
      e = &cache_.get({std::string(s), px, l.bold, l.argb, 0});
    }
  }
  int x = l.h == HAlign::left ? r.x : l.h == HAlign::center ? r.x + (r.w - e->width) / 2 : r.x + r.w - e->width;
  int y = l.v == VAlign::top ? r.y : l.v == VAlign::middle ? r.y + (r.h - e->height) / 2 : r.y + r.h - e->height;
  copy(*e, x, y, e->width, e->height);
  return {e->width, e->height};
}

TextSize Ui::vertical(Rect r, std::string_view s, const Label& l) {
  if (s.empty()) return {};
  int px = snap_px(l.px);
  const TextCache::Entry* e = &cache_.get({std::string(s), px, false, l.argb, r.h});
  while ((e->width > r.w || e->height > r.h) && px > snap_px(10)) {
    px = smaller_px(px);
    e = &cache_.get({std::string(s), px, false, l.argb, r.h});
  }
  int x = l.h == HAlign::left ? r.x : l.h == HAlign::center ? r.x + (r.w - e->width) / 2 : r.x + r.w - e->width;
  int y = l.v == VAlign::top ? r.y : l.v == VAlign::middle ? r.y + (r.h - e->height) / 2 : r.y + r.h - e->height;
  copy(*e, x, y, e->width, e->height);
  return {e->width, e->height};
}

bool Ui::button(std::string_view id, Rect r, std::string_view label, std::string_view sub, bool enabled,
                std::optional<std::uint32_t> colour) {
  buttons_[std::string(id)] = r;
  bool hot = enabled && input_.down && r.contains(input_.x, input_.y) && r.contains(input_.press_x, input_.press_y);
  std::uint32_t bg = !enabled ? theme_.disabled : hot ? theme_.button_hot : colour.value_or(theme_.button);
  fill(r, bg);
  outline(r, hot ? theme_.accent : theme_.line, theme_.px(3));
  std::uint32_t fg = enabled ? theme_.button_text : theme_.dim;
  // A light colour of the caller's (the selected language's amber): the dark text reads on it.
  if (enabled && !hot && colour && contrast_ratio(theme_.on_accent, bg) > contrast_ratio(theme_.button_text, bg))
    fg = theme_.on_accent;
  int main_px = std::min(theme_.px(40), r.h * (sub.empty() ? 45 : 36) / 100);
  if (sub.empty()) {
    text(r.inset(theme_.px(8)), label, {main_px, true, fg, HAlign::center, VAlign::middle});
  } else {
    Rect top{r.x + theme_.px(8), r.y + r.h / 10, r.w - theme_.px(16), r.h * 5 / 10};
    Rect bottom{r.x + theme_.px(8), r.y + r.h * 6 / 10, r.w - theme_.px(16), r.h * 3 / 10};
    text(top, label, {main_px, true, fg, HAlign::center, VAlign::middle});
    text(bottom, sub, {std::max(12, main_px * 55 / 100), false, fg, HAlign::center, VAlign::middle});
  }
  return enabled && input_.released && r.contains(input_.x, input_.y) && r.contains(input_.press_x, input_.press_y);
}

void Ui::ticker(Rect r, std::string_view s, const Label& l, double speed) {
  if (s.empty()) return;
  const auto& e = cache_.get({std::string(s), snap_px(l.px), l.bold, l.argb, 0});
  if (e.width <= r.w) {  // fits: no need to make people chase it
    copy(e, r.x + (r.w - e.width) / 2, r.y + (r.h - e.height) / 2, e.width, e.height);
    return;
  }
  // Starts with the text at the left edge (readable in the first frame), runs
  // off to the left, then comes in again from the right.
  int span = r.w + e.width;
  int offset = static_cast<int>(std::fmod(now_ * speed, static_cast<double>(span)));
  int x = r.x - offset;
  if (x + e.width < r.x) x += span;
  SDL_Rect clip{r.x, r.y, r.w, r.h};
  SDL_RenderSetClipRect(r_, &clip);
  copy(e, x, r.y + (r.h - e.height) / 2, e.width, e.height);
  SDL_RenderSetClipRect(r_, nullptr);
}

void draw_connection_lost(Ui& ui, std::string_view title, std::string_view title2, std::string_view hint,
                          std::string_view retrying) {
  const auto& th = ui.theme();
  ui.clear(th.background);
  int w = ui.width(), h = ui.height();
  Rect band{0, h / 3, w, h / 3};
  ui.fill(band, th.alarm);
  int top_h = title2.empty() ? band.h * 55 / 100 : band.h * 36 / 100;
  ui.text({w / 20, band.y + band.h / 14, w * 9 / 10, top_h}, title,
          {th.px(64), true, th.text, HAlign::center, VAlign::bottom});
  if (!title2.empty())
    ui.text({w / 20, band.y + band.h / 14 + top_h, w * 9 / 10, band.h * 26 / 100}, title2,
            {th.px(48), false, th.text, HAlign::center, VAlign::top});
  ui.text({w / 20, band.y + band.h * 72 / 100, w * 9 / 10, band.h * 22 / 100}, hint,
          {th.px(36), false, th.text, HAlign::center, VAlign::middle});
  // Moving dots: the screen is alive and retrying.
  std::string dots(static_cast<std::size_t>(static_cast<int>(ui.now() * 2) % 4), '.');
  ui.text({0, band.y + band.h + th.px(20), w, th.px(60)}, std::string(retrying) + dots,
          {th.px(32), false, th.dim, HAlign::center, VAlign::top});
}

}  // namespace hallq::ui
