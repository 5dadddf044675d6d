#include "core/ui/widgets.hpp"

#include <SDL.h>

#include <algorithm>

namespace hallq::ui {

namespace {
Label first_label(const PairStyle& s) {
  return {s.px, s.bold, s.argb, s.h, s.together ? VAlign::bottom : VAlign::middle, s.min_px};
}
Label second_label(const PairStyle& s) {
  return {s.second_px > 0 ? s.second_px : s.px * 3 / 4,
          s.second_bold,
          s.second_argb.value_or(s.argb),
          s.h,
          s.together ? VAlign::top : VAlign::middle,
          std::max(s.min_px, s.second_min_px)};
}
}  // namespace

int bilingual_height(Ui& ui, int w, std::string_view first, std::string_view second, const PairStyle& s) {
  constexpr int kTall = 1 << 20;  // no limit but the width
  if (second.empty())
    return ui.fitted({0, 0, w, kTall}, first, {s.px, s.bold, s.argb, s.h, VAlign::middle, s.min_px}).height;
  const Label one = first_label(s), two = second_label(s);
  // Whether a box `h` tall holds both lines as bilingual() lays them out: the first fitted to its
  // share (smaller if need be, never below its least size), the second in what the first leaves.
  auto holds = [&](int h) {
    const int top = h * s.split / 100;
    const int h1 = ui.fitted({0, 0, w, top}, first, one).height;
    if (h1 > top) return false;
    const int rest = s.together ? h - h1 : h - top;
    return ui.fitted({0, 0, w, rest}, second, two).height <= rest;
  };
  // At the full sizes both lines fit one over the other in their shares of this height.
  const int h1 = ui.fitted({0, 0, w, kTall}, first, one).height;
  const int h2 = ui.fitted({0, 0, w, kTall}, second, two).height;
  const int split = std::clamp(s.split, 1, 99);
  int hi = std::max((h1 * 100 + split - 1) / split, (h2 * 100 + 99 - split) / (100 - split)) + h1 + h2;
  if (!holds(hi)) return hi;  // nothing fits (a line wider than the box at its least size): as tall as it is
  int lo = 0;                 // the least height that holds them, by bisection
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    (holds(mid) ? hi : lo) = mid;
  }
  return hi;
}

void bilingual(Ui& ui, Rect r, std::string_view first, std::string_view second, const PairStyle& s) {
  if (second.empty()) {
    ui.text(r, first, {s.px, s.bold, s.argb, s.h, VAlign::middle, s.min_px});
    return;
  }
  int top_h = r.h * s.split / 100;
  Label one = first_label(s);
  Label two = second_label(s);
  if (s.together) {
    // The pair as one block, centred: the second line takes what the first
    // leaves (it may need two lines at the smallest size allowed).
    int h1 = ui.fitted({r.x, r.y, r.w, top_h}, first, one).height;
    int h2 = ui.fitted({r.x, r.y, r.w, r.h - h1}, second, two).height;
    int y = r.y + std::max(0, (r.h - h1 - h2) / 2);
    ui.text({r.x, y, r.w, h1}, first, one);
    ui.text({r.x, y + h1, r.w, r.y + r.h - y - h1}, second, two);
    return;
  }
  ui.text({r.x, r.y, r.w, top_h}, first, one);
  ui.text({r.x, r.y + top_h, r.w, r.h - top_h}, second, two);
}

bool tile(Ui& ui, std::string_view id, Rect r, std::string_view title, std::string_view second, std::string_view note,
          int px, bool enabled) {
  const Theme& th = ui.theme();
  bool tapped = ui.button(id, r, "", {}, enabled);
  std::uint32_t fg = enabled ? th.button_text : th.dim;
  Rect in = r.inset(th.px(14));
  bilingual(ui, {in.x, in.y, in.w, in.h * 72 / 100}, title, second,
            {px, px * 32 / 46, true, fg, std::nullopt, HAlign::center, 62});
  if (!note.empty())
    ui.text({in.x, in.y + in.h * 72 / 100, in.w, in.h - in.h * 72 / 100}, note,
            {px * 28 / 46, true, enabled ? th.accent : th.dim, HAlign::center, VAlign::middle});
  return tapped;
}

int Grid::cell_w() const {
  return (area.w - gap * (columns - 1)) / std::max(1, columns);
}

int Grid::cell_h() const {
  int h = (area.h - gap * (rows - 1)) / std::max(1, rows);
  return max_h > 0 ? std::min(max_h, h) : h;
}

Rect Grid::cell(int i) const {
  int c = i % std::max(1, columns), row = i / std::max(1, columns);
  return {area.x + c * (cell_w() + gap), area.y + row * (cell_h() + gap), cell_w(), cell_h()};
}

Grid Grid::of(Rect area, int count, int columns, int gap, int max_h) {
  columns = std::max(1, columns);
  return {area, columns, std::max(1, (count + columns - 1) / columns), gap, max_h};
}

std::optional<std::string> keypad(Ui& ui, std::string_view id, Rect r, const std::vector<std::string>& keys,
                                  int columns, bool enabled) {
  Grid grid = Grid::of(r, static_cast<int>(keys.size()), columns, ui.theme().px(10));
  std::optional<std::string> tapped;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].empty()) continue;
    if (ui.button(std::string(id) + "." + keys[i], grid.cell(static_cast<int>(i)), keys[i], {}, enabled))
      tapped = keys[i];
  }
  return tapped;
}

void type_code(std::string& code, std::string_view chars, const CodeRules& rules) {
  for (char c : chars) {
    bool digit = c >= '0' && c <= '9';
    bool lower = c >= 'a' && c <= 'z';
    bool letter = lower || (c >= 'A' && c <= 'Z');
    bool allowed = digit || (rules.letters && letter) || (c != '\0' && rules.also.find(c) != std::string_view::npos);
    if (allowed && code.size() < rules.max_len) code.push_back(static_cast<char>(lower ? c - 'a' + 'A' : c));
  }
}

bool code_entry(Ui& ui, Rect r, std::string& code, const CodeRules& rules, int px,
                const std::optional<std::string>& pad_key, const CodeKeys& keys, bool enabled) {
  bool submit = false;
  if (enabled) {
    const Input& in = ui.input();
    type_code(code, in.text, rules);
    if (in.key(SDLK_BACKSPACE) && !code.empty()) code.pop_back();
    submit = in.key(SDLK_RETURN) || in.key(SDLK_KP_ENTER);
    if (pad_key) {
      if (!keys.erase.empty() && *pad_key == keys.erase) {
        if (!code.empty()) code.pop_back();
      } else if (!keys.clear.empty() && *pad_key == keys.clear) {
        code.clear();
      } else if (!keys.ok.empty() && *pad_key == keys.ok) {
        submit = true;
      } else {
        type_code(code, *pad_key, rules);
      }
    }
  }
  const Theme& th = ui.theme();
  ui.fill(r, th.panel_alt);
  ui.outline(r, th.accent, th.px(3));
  std::string shown;
  if (rules.secret)
    for (std::size_t i = 0; i < code.size(); ++i) shown += "● ";
  else
    shown = code;
  ui.text(r, shown, {px, true, th.accent, HAlign::center, VAlign::middle});
  return submit && !code.empty();
}

}  // namespace hallq::ui
