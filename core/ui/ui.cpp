#include "core/ui/ui.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace hallq::ui {
Ui::Ui(SDL_Renderer* renderer, TextCache& cache, Theme& theme) : r_(renderer), cache_(cache), theme_(theme) {}

void Ui::begin(const Input& input, double now_s, int width, int height) {
  list_.begin(width, height);
  input_ = input;
  tap_taken_ = false;
  now_ = now_s;
  width_ = width;
  height_ = height;
  last_buttons_ = std::move(buttons_);
  buttons_.clear();
  drawn_.clear();
  filled_.clear();
}

void Ui::clear(std::uint32_t argb) {
  list_.clear(argb);
}

std::vector<Rect> Ui::finish(bool whole) {
  return list_.play(r_, whole);
}

void Ui::fill(Rect r, std::uint32_t argb) {
  if (recording_) filled_.push_back({r, static_cast<int>(drawn_.size() + filled_.size())});
  list_.fill(r, argb);
}

void Ui::outline(Rect r, std::uint32_t argb, int t) {
  fill({r.x, r.y, r.w, t}, argb);
  fill({r.x, r.y + r.h - t, r.w, t}, argb);
  fill({r.x, r.y, t, r.h}, argb);
  fill({r.x + r.w - t, r.y, t, r.h}, argb);
}

void Ui::copy(const TextCache::Entry& e, int x, int y, int w, int h) {
  if (e.texture) list_.copy(e.texture, e.serial, {x, y, w, h});
}

TextSize Ui::measure(std::string_view s, int px, bool bold) {
  return cache_.size_of({std::string(s), snap_px(px), bold, 0xFFFFFFFF, 0});
}

void Ui::note(const TextKey& key, int x, int y, const TextCache::Entry& e) {
  if (recording_)
    drawn_.push_back({key.text,
                      key.px,
                      key.bold,
                      key.column > 0,
                      {x, y, e.width, e.height},
                      static_cast<int>(drawn_.size() + filled_.size())});
}

namespace {

// `s` in `n` lines broken at spaces (or before a full-width opening
// bracket, where Chinese may break: 预计等候 / （分钟）), each about as wide as
// the others (by character count, which is close enough to choose where to break).
std::vector<std::string> break_lines(std::string_view s, int n) {
  struct Word {
    std::string text;
    bool glued = false;  // follows the previous word without a space
  };
  static constexpr std::string_view kOpen = "\xEF\xBC\x88";  // （
  std::vector<Word> words;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t sp = s.find(' ', i);
    if (sp == std::string_view::npos) sp = s.size();
    std::string_view word = s.substr(i, sp - i);
    bool glued = false;
    for (std::size_t at; !word.empty(); glued = true) {
      at = word.find(kOpen, 1);
      if (at == std::string_view::npos) at = word.size();
      words.push_back({std::string(word.substr(0, at)), glued});
      word.remove_prefix(at);
    }
    i = sp + 1;
  }
  std::vector<std::string> lines;
  std::size_t total = s.size(), done = 0;
  for (const auto& w : words) {
    bool next = !lines.empty() && static_cast<int>(lines.size()) < n &&
                (done + w.text.size() / 2) * static_cast<std::size_t>(n) >= total * lines.size();
    if (lines.empty() || next)
      lines.push_back(w.text);
    else
      lines.back() += (w.glued ? "" : " ") + w.text;
    done += w.text.size() + (w.glued ? 0 : 1);
  }
  return lines;
}

}  // namespace

int Ui::fit(const std::vector<std::string>& lines, int px, int floor_px, bool bold, int w, int h) {
  for (px = snap_px(px);; px = smaller_px(px)) {
    int height = 0, width = 0;
    for (const auto& line : lines) {
      TextSize sz = cache_.size_of({line, px, bold, 0xFFFFFFFF, 0});
      width = std::max(width, sz.width);
      height += sz.height;
    }
    if (width <= w && height <= h) return px;
    if (px <= floor_px) return 0;
  }
}

Ui::Laid Ui::lay_out(Rect r, std::string_view s, const Label& l) {
  const int floor_px = snap_px(std::max(10, l.min_px));
  Laid out;
  out.px = std::max(snap_px(l.px), floor_px);
  TextKey key{std::string(s), out.px, l.bold, l.argb, 0};
  // Too big for its box: a smaller size rather than clipping or spilling onto
  // the neighbours. Sizes are tried by measuring (shaping only); the one kept
  // is the only one drawn. Size scales width and height almost linearly: one
  // jump to the estimate, then ladder steps down.
  TextSize sz = cache_.size_of(key);
  if ((sz.width > r.w || sz.height > r.h) && key.px > floor_px) {
    double ratio =
        std::min(static_cast<double>(r.w) / std::max(1, sz.width), static_cast<double>(r.h) / std::max(1, sz.height));
    key.px = std::max(floor_px, std::min(smaller_px(key.px), snap_px(static_cast<int>(key.px * ratio))));
    sz = cache_.size_of(key);
    while ((sz.width > r.w || sz.height > r.h) && key.px > floor_px) {
      key.px = smaller_px(key.px);
      sz = cache_.size_of(key);
    }
  }
  out.px = key.px;
  out.lines = {key.text};
  out.size = sz;
  // Still too wide at the smallest size allowed: lines broken at spaces.
  if (sz.width > r.w && l.min_px > 0 &&
      (s.find(' ') != std::string_view::npos || s.find("\xEF\xBC\x88", 1) != std::string_view::npos)) {
    for (int n = 2; n <= 3; ++n) {
      auto broken = break_lines(s, n);
      if (broken.size() < 2) break;
      if (int px = fit(broken, std::max(snap_px(l.px), floor_px), floor_px, l.bold, r.w, r.h)) {
        out.lines = std::move(broken);
        out.px = px;
        break;
      }
      if (n == 2) out.lines = std::move(broken);  // nothing fits: two lines at the smallest size, cut below
      out.px = floor_px;
    }
  }
  // Still too wide at the smallest size: each line too wide is cut short with "…" rather than drawn
  // over its neighbours (a long name in a list, a button, a board's tile).
  bool cut = false;
  if (out.size.width > r.w || out.lines.size() > 1)
    for (auto& line : out.lines)
      if (cache_.size_of({line, out.px, l.bold, l.argb, 0}).width > r.w) {
        line = shortened(line, {line, out.px, l.bold, l.argb, 0}, r.w);
        cut = true;
      }
  if (cut || out.lines.size() > 1) {
    out.size = {};
    for (const auto& line : out.lines) {
      TextSize ls = cache_.size_of({line, out.px, l.bold, l.argb, 0});
      out.size.width = std::max(out.size.width, ls.width);
      out.size.height += ls.height;
    }
  }
  return out;
}

std::string Ui::shortened(const std::string& line, TextKey key, int w) {
  static const std::string kEllipsis = "\u2026";
  // Code point boundaries; the longest prefix that fits with the ellipsis, by bisection.
  std::vector<std::size_t> ends;
  for (std::size_t i = 1; i <= line.size(); ++i)
    if (i == line.size() || (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ends.push_back(i);
  std::size_t lo = 0, hi = ends.size();  // prefixes of ends[0..lo) code points fit; hi does not
  while (lo < hi) {
    std::size_t mid = (lo + hi + 1) / 2;
    key.text = line.substr(0, ends[mid - 1]) + kEllipsis;
    if (cache_.size_of(key).width <= w)
      lo = mid;
    else
      hi = mid - 1;
  }
  std::string prefix = lo == 0 ? std::string() : line.substr(0, ends[lo - 1]);
  while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
  return prefix + kEllipsis;
}

TextSize Ui::fitted(Rect r, std::string_view s, const Label& l) {
  return s.empty() ? TextSize{} : lay_out(r, s, l).size;
}

TextSize Ui::text(Rect r, std::string_view s, const Label& l) {
  if (s.empty()) return {};
  Laid laid = lay_out(r, s, l);
  const TextSize& block = laid.size;
  int y = l.v == VAlign::top ? r.y : l.v == VAlign::middle ? r.y + (r.h - block.height) / 2 : r.y + r.h - block.height;
  for (auto& line : laid.lines) {
    TextKey key{std::move(line), laid.px, l.bold, l.argb, 0};
    const TextCache::Entry& e = cache_.get(key);
    int x = l.h == HAlign::left ? r.x : l.h == HAlign::center ? r.x + (r.w - e.width) / 2 : r.x + r.w - e.width;
    copy(e, x, y, e.width, e.height);
    note(key, x, y, e);
    y += e.height;
  }
  return block;
}

TextSize Ui::vertical(Rect r, std::string_view s, const Label& l) {
  if (s.empty()) return {};
  TextKey key{std::string(s), snap_px(l.px), false, l.argb, r.h};
  const TextCache::Entry* e = &cache_.get(key);
  while ((e->width > r.w || e->height > r.h) && key.px > snap_px(10)) {
    key.px = smaller_px(key.px);
    e = &cache_.get(key);
  }
  int x = l.h == HAlign::left ? r.x : l.h == HAlign::center ? r.x + (r.w - e->width) / 2 : r.x + r.w - e->width;
  int y = l.v == VAlign::top ? r.y : l.v == VAlign::middle ? r.y + (r.h - e->height) / 2 : r.y + r.h - e->height;
  copy(*e, x, y, e->width, e->height);
  note(key, x, y, *e);
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
  bool tapped = enabled && !tap_taken_ && input_.released && r.contains(input_.x, input_.y) &&
                r.contains(input_.press_x, input_.press_y);
  tap_taken_ = tap_taken_ || tapped;
  return tapped;
}

void Ui::ticker(Rect r, std::string_view s, const Label& l, double speed) {
  if (s.empty()) return;
  TextKey key{std::string(s), snap_px(l.px), l.bold, l.argb, 0};
  const auto& e = cache_.get(key);
  if (e.width <= r.w) {  // fits: no need to make people chase it
    copy(e, r.x + (r.w - e.width) / 2, r.y + (r.h - e.height) / 2, e.width, e.height);
    note(key, r.x + (r.w - e.width) / 2, r.y + (r.h - e.height) / 2, e);
    return;
  }
  // Starts with the text at the left edge (readable in the first frame), runs
  // off to the left, then comes in again from the right.
  int span = r.w + e.width;
  int offset = static_cast<int>(std::fmod(now_ * speed, static_cast<double>(span)));
  int x = r.x - offset;
  if (x + e.width < r.x) x += span;
  list_.clip(r);
  copy(e, x, r.y + (r.h - e.height) / 2, e.width, e.height);
  list_.unclip();
  note(key, x, r.y + (r.h - e.height) / 2, e);
}

void draw_connection_lost(Ui& ui, std::string_view title, std::string_view title2, std::string_view hint,
                          std::string_view retrying, std::string_view hint2, std::string_view retrying2) {
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
  if (hint2.empty()) {
    ui.text({w / 20, band.y + band.h * 72 / 100, w * 9 / 10, band.h * 22 / 100}, hint,
            {th.px(36), false, th.text, HAlign::center, VAlign::middle});
  } else {
    ui.text({w / 20, band.y + band.h * 68 / 100, w * 9 / 10, band.h * 15 / 100}, hint,
            {th.px(34), false, th.text, HAlign::center, VAlign::middle});
    ui.text({w / 20, band.y + band.h * 83 / 100, w * 9 / 10, band.h * 15 / 100}, hint2,
            {th.px(28), false, th.text, HAlign::center, VAlign::middle});
  }
  // Moving dots: the screen is alive and retrying.
  std::string dots(static_cast<std::size_t>(static_cast<int>(ui.now() * 2) % 4), '.');
  ui.text({0, band.y + band.h + th.px(20), w, th.px(60)}, std::string(retrying) + dots,
          {th.px(32), false, th.dim, HAlign::center, VAlign::top});
  if (!retrying2.empty())
    ui.text({0, band.y + band.h + th.px(84), w, th.px(50)}, retrying2,
            {th.px(26), false, th.dim, HAlign::center, VAlign::top});
}

Rect training_tab(const Ui& ui, bool two_lines) {
  const auto& th = ui.theme();
  // Sized like the screens' secondary labels: 20 px and more at 1080p for the second language.
  const int line = th.px(40), line2 = th.px(32);
  const int tab_w = std::max(ui.width() * 16 / 100, th.px(220));
  const int tab_h = two_lines ? (line + line2) * 5 / 4 : line * 3 / 2;
  return {ui.width() - tab_w, ui.height() - tab_h, tab_w, tab_h};
}

void draw_training_mark(Ui& ui, std::string_view word, std::string_view word2) {
  const auto& th = ui.theme();
  int w = ui.width(), h = ui.height();
  ui.outline({0, 0, w, h}, th.accent, std::max(4, std::min(w, h) / 150));
  if (word.empty()) return;
  const int line = th.px(40), line2 = th.px(32);
  const Rect tab = training_tab(ui, !word2.empty());
  ui.fill(tab, th.accent);
  if (word2.empty()) {
    ui.text(tab, word, {line, true, th.on_accent, HAlign::center, VAlign::middle});
    return;
  }
  ui.text({tab.x, tab.y, tab.w, tab.h * 52 / 100}, word, {line, true, th.on_accent, HAlign::center, VAlign::bottom});
  ui.text({tab.x, tab.y + tab.h * 52 / 100, tab.w, tab.h * 48 / 100}, word2,
          {line2, false, th.on_accent, HAlign::center, VAlign::top});
}

}  // namespace hallq::ui
