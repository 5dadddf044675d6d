#pragma once
// Colours and sizes: large type, high contrast (white and amber on deep
// navy, > 12:1), state colours that differ in lightness as well as hue.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace hallq::ui {

// WCAG's contrast ratio of two ARGB colours (alpha ignored): 1 (same) to 21 (black on white).
inline double contrast_ratio(std::uint32_t a, std::uint32_t b) {
  auto luminance = [](std::uint32_t c) {
    auto channel = [](std::uint32_t v) {
      double s = static_cast<double>(v & 0xFF) / 255.0;
      return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c >> 16) + 0.7152 * channel(c >> 8) + 0.0722 * channel(c);
  };
  double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Theme {
  std::uint32_t background = 0xFF0A1628;
  std::uint32_t panel = 0xFF13233F;
  std::uint32_t panel_alt = 0xFF1B2F52;
  std::uint32_t line = 0xFF2E4470;
  std::uint32_t text = 0xFFFFFFFF;
  std::uint32_t dim = 0xFFB9C6DA;
  std::uint32_t accent = 0xFFFFC61A;  // called numbers, highlights
  std::uint32_t on_accent = 0xFF000000;
  std::uint32_t good = 0xFF3DDC84;   // serving, ready
  std::uint32_t warn = 0xFFFFA24A;   // paused
  std::uint32_t alarm = 0xFFFF4D5E;  // alarms, errors
  std::uint32_t button = 0xFF2358B8;
  std::uint32_t go = 0xFF1C7F4A;  // the main action (call next), white text > 4.5:1
  std::uint32_t button_hot = 0xFF3B78E7;
  std::uint32_t button_text = 0xFFFFFFFF;
  std::uint32_t disabled = 0xFF3A465C;
  double scale = 1.0;  // window height / 1080

  int px(double base) const { return static_cast<int>(base * scale + 0.5); }

  // Black, white and yellow only, for low vision (> 15:1 for text).
  static Theme high_contrast() {
    Theme t;
    t.background = 0xFF000000;
    t.panel = 0xFF000000;
    t.panel_alt = 0xFF101010;
    t.line = 0xFFFFFFFF;
    t.text = 0xFFFFFFFF;
    t.dim = 0xFFFFFFFF;
    t.accent = 0xFFFFFF00;
    t.on_accent = 0xFF000000;
    t.good = 0xFF00FF66;
    t.warn = 0xFFFFFF00;
    t.alarm = 0xFFFF5050;
    t.button = 0xFF000000;
    t.go = 0xFF000000;
    t.button_hot = 0xFF333333;
    t.button_text = 0xFFFFFF00;
    t.disabled = 0xFF444444;
    return t;
  }
};

}  // namespace hallq::ui
