#include "core/ui/script.hpp"

namespace hallq::ui {

char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

Script script_of(char32_t c, bool& neutral) {
  neutral = false;
  if ((c >= 0x1800 && c <= 0x18AF) || (c >= 0x11660 && c <= 0x1167F) || c == 0x202F) return Script::mongolian;
  if ((c >= 0x2E80 && c <= 0x2FFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0x3040 && c <= 0x312F) ||
      (c >= 0x3190 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
      (c >= 0x20000 && c <= 0x3134F))
    return Script::cjk;
  // Arrows, geometric shapes and miscellaneous symbols (a transfer's →, the rating
  // pad's ★ ☆, ○ ●, ■ □): the CJK font has them (GB 2312), Noto Sans does not.
  if ((c >= 0x2190 && c <= 0x21FF) || (c >= 0x25A0 && c <= 0x25FF) || (c >= 0x2600 && c <= 0x26FF)) return Script::cjk;
  // Spaces, ASCII punctuation and general punctuation take the script around them.
  if (c == ' ' || c == '\t' || c == 0xA0 || (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
      (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E) || (c >= 0x2000 && c <= 0x206F))
    neutral = true;
  return Script::latin;
}

// Neutral characters Noto Sans Mongolian has a glyph for (fc-query charset);
// any other (":", ",", "…") inside Mongolian text is drawn with the Latin
// font rather than as a missing-glyph box.
bool in_mongolian_font(char32_t c) {
  switch (c) {
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x28:
    case 0x29:
    case 0x2D:
    case 0x3F:
    case 0xA0:
    case 0x200C:
    case 0x200D:
    case 0x2013:
    case 0x2014:
    case 0x201C:
    case 0x201D:
    case 0x2048:
    case 0x2049:
      return true;
    default:
      return false;
  }
}

std::vector<Run> split_runs(std::string_view s) {
  std::vector<Run> runs;
  std::size_t start = 0;
  bool have = false;
  Script current = Script::latin;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t at = i;
    bool neutral = false;
    char32_t cp = next_code_point(s, i);
    Script sc = script_of(cp, neutral);
    if (neutral && !(have && current == Script::mongolian && !in_mongolian_font(cp)))
      continue;  // stays with the run before it (or the first run)
    if (!have) {
      current = sc;
      have = true;
      continue;
    }
    if (sc != current) {
      runs.push_back({current, s.substr(start, at - start)});
      start = at;
      current = sc;
    }
  }
  if (start < s.size()) runs.push_back({have ? current : Script::latin, s.substr(start)});
  return runs;
}

}  // namespace hallq::ui
