#pragma once
// Widgets the terminals share, built on Ui (core/ui/ui.hpp) in the same
// immediate mode: each call draws this frame and returns what happened; what
// persists (the code being typed, which page is up) lives in the app.
//
//   bilingual   a line in the chosen language with the second language under it
//               (or any line with a smaller one under it: a clerk and their state)
//   tile        the kiosk's big menu tile: a name, its second language, a note
//   Grid        cells of equal size in rows, for pads, tiles and lists of buttons
//   keypad      a pad of keys, blank keys left out
//   code_entry  a field a code is typed into (check-in code, PIN, ticket number)
//
// Thread affinity: the renderer's thread, like Ui. Nothing here throws.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ui/ui.hpp"

namespace hallq::ui {

// How a bilingual label looks. The first line gets `split` percent of the
// box's height; the second line, under it, the rest.
struct PairStyle {
  int px = 32;                                              // the first line's size
  int second_px = 0;                                        // the second line's size; 0: three quarters of px
  bool bold = false;                                        // the first line
  std::uint32_t argb = 0xFFFFFFFF;                          // the first line
  std::optional<std::uint32_t> second_argb = std::nullopt;  // the second line; none: as the first
  HAlign h = HAlign::center;
  int split = 56;
  // The two lines as one block, centred in the box: the first fitted to its
  // part, the second under it in what the first leaves (room for a second
  // line broken at spaces); otherwise each is centred in its part.
  bool together = false;
  bool second_bold = false;
  int min_px = 0;         // neither line is fitted below this size (Label::min_px)
  int second_min_px = 0;  // the second line's, when larger
};

// `first` with `second` under it in `r`, each fitted to its part (drawn
// smaller if it does not fit, never clipped). An empty `second` leaves `first`
// alone, centred in the whole box.
void bilingual(Ui& ui, Rect r, std::string_view first, std::string_view second, const PairStyle& style);
// The least height of a box `w` wide that bilingual() fills with `first` and `second` at their
// sizes (or, where they do not fit the width, at the smaller size or in the lines they are broken
// into): for laying out rows by what they hold rather than clipping it. Measures only.
int bilingual_height(Ui& ui, int w, std::string_view first, std::string_view second, const PairStyle& style);

// A big tile: a button under `id` that shows `title` (bold, `px`), `second`
// under it (its second language) and `note` in the accent colour (how many
// wait; may be empty). Disabled tiles are greyed and never fire. True when
// tapped, as Ui::button.
bool tile(Ui& ui, std::string_view id, Rect r, std::string_view title, std::string_view second, std::string_view note,
          int px, bool enabled = true);

// Cells of equal size, `columns` to a row, `gap` apart, filling `area`
// (`rows` rows; each cell at most `max_h` high when given).
struct Grid {
  Rect area;
  int columns = 1;
  int rows = 1;
  int gap = 0;
  int max_h = 0;  // 0: as high as the area allows
  int cell_w() const;
  int cell_h() const;
  Rect cell(int i) const;  // the i-th cell, row by row
  // A grid with enough rows for `count` cells.
  static Grid of(Rect area, int count, int columns, int gap, int max_h = 0);
};

// A pad of keys, `columns` to a row, filling `r`: each key a button under
// "<id>.<key>". A blank key ("") leaves its cell empty (no button), so a row
// can end early. Returns the key tapped this frame; a disabled pad is drawn
// greyed and returns nothing.
std::optional<std::string> keypad(Ui& ui, std::string_view id, Rect r, const std::vector<std::string>& keys,
                                  int columns, bool enabled = true);

// What a code may hold. Digits are always allowed; typed lower-case letters
// are taken as upper case.
struct CodeRules {
  std::size_t max_len = 12;
  bool letters = false;        // A–Z
  std::string_view also = {};  // other characters allowed, e.g. "-"
  bool secret = false;         // shown as dots (a PIN), never as typed
};

// The labels of an on-screen pad's keys that edit the code rather than type
// into it (empty: the pad has no such key). Any other key types itself.
struct CodeKeys {
  std::string_view erase = {};  // removes the last character
  std::string_view clear = {};  // empties the code
  std::string_view ok = {};     // submits
};

// The label of a pad's erase key: "←", which the Chinese font draws (GB 2312 has the arrows; "⌫"
// is in none of the fonts and came out as an empty box).
inline constexpr std::string_view kEraseKey = "\u2190";

// Adds what `chars` holds that the rules allow to `code`, upper-cased, up to
// the maximum length. Pure.
void type_code(std::string& code, std::string_view chars, const CodeRules& rules);

// A field showing `code` in `r` (in the accent colour at `px`; dots when the
// code is secret), and this frame's typing applied to it: the keyboard's text
// and Backspace, and `pad_key` (the key an on-screen pad returned this frame).
// Returns true when the code is submitted (Enter or the ok key) and not empty.
// When not `enabled` (a request is out) the field is drawn and typing ignored.
bool code_entry(Ui& ui, Rect r, std::string& code, const CodeRules& rules, int px,
                const std::optional<std::string>& pad_key = std::nullopt, const CodeKeys& keys = {},
                bool enabled = true);

}  // namespace hallq::ui
