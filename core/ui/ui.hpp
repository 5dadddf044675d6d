#pragma once
// Immediate-mode drawing and the basic widgets for hallq's screens (after Dear ImGui's
// model, drawn our way): each frame the app calls the widgets it wants;
// widgets draw and return what happened (a button returns true when tapped).
// State lives in the app, not in the widgets. Widgets made of these (labels
// in two languages, tiles, pads, code fields) are in core/ui/widgets.hpp.
//
// Buttons register their rectangle under an id for the frame, so tests (and
// accessibility tools) can find them: buttons() is the previous frame's map.
//
// Thread affinity: the renderer's thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ui/draw_list.hpp"
#include "core/ui/rect.hpp"
#include "core/ui/text_cache.hpp"
#include "core/ui/theme.hpp"
#include "core/ui/window.hpp"

typedef struct SDL_Renderer SDL_Renderer;

namespace hallq::ui {

enum class HAlign { left, center, right };

// A text drawn this frame, as drawn: its size after fitting, where (with
// Ui::record_texts on; for tests that check what people can read).
struct DrawnText {
  std::string text;
  int px = 0;
  bool bold = false;
  bool vertical = false;  // traditional Mongolian in columns
  Rect at;                // the texture's rectangle (a scrolling notice: where it was this frame)
  int order = 0;          // when, among the texts and fills of the frame
};
// A rectangle filled this frame (with Ui::record_texts on): what was drawn after a text over its
// place covers it.
struct DrawnFill {
  Rect at;
  int order = 0;
};
enum class VAlign { top, middle, bottom };

struct Label {
  int px = 32;
  bool bold = false;
  std::uint32_t argb = 0xFFFFFFFF;
  HAlign h = HAlign::left;
  VAlign v = VAlign::middle;
  // Text that does not fit is drawn smaller, but never below this size (0:
  // 10 px): it is broken into lines at spaces (or before a "（") instead (two, then three). A line
  // still too wide at the smallest size is cut short with "…", never drawn past the box's sides.
  int min_px = 0;
};

class Ui {
 public:
  Ui(SDL_Renderer* renderer, TextCache& cache, Theme& theme);

  // Starts a frame: input of this frame, the time in seconds (for blinking,
  // scrolling), the window size.
  void begin(const Input& input, double now_s, int width, int height);

  const Theme& theme() const { return theme_; }
  // Changes the colours (high contrast), keeping the scale.
  void set_colours(const Theme& colours) {
    double scale = theme_.scale;
    theme_ = colours;
    theme_.scale = scale;
  }
  FontSet& fonts() { return cache_.fonts(); }
  double now() const { return now_; }
  const Input& input() const { return input_; }  // this frame's
  int width() const { return width_; }
  int height() const { return height_; }

  // Drawing is written down (DrawList) and done when the frame is finished: finish().
  void clear(std::uint32_t argb);
  void fill(Rect r, std::uint32_t argb);
  void outline(Rect r, std::uint32_t argb, int thickness = 2);

  // One line of text placed in `r` by the label's alignment, at `l.px` or
  // smaller if that does not fit the box (see Label::min_px). Returns the
  // drawn size.
  TextSize text(Rect r, std::string_view s, const Label& l);
  // The size text() would draw `s` at in `r`, without drawing it.
  TextSize fitted(Rect r, std::string_view s, const Label& l);
  // Traditional Mongolian in columns (top to bottom, left to right) fitted in `r`.
  TextSize vertical(Rect r, std::string_view mongolian, const Label& l);
  // The width `s` needs at `px` (from the cache).
  TextSize measure(std::string_view s, int px, bool bold = false);

  // A button: true when a press that started inside ends inside, for the first button of the frame
  // only: a tap acts once, so a dialog or keypad drawn in the frame the tap opened it does not take
  // the same tap on a button that lies under the finger. `sub` is a
  // second, smaller line (the Mongolian or English label). `colour` fills it
  // instead of the theme's; its text is then the theme's button text or, when
  // that reads better on it (an amber "selected"), the dark on_accent.
  bool button(std::string_view id, Rect r, std::string_view label, std::string_view sub = {}, bool enabled = true,
              std::optional<std::uint32_t> colour = std::nullopt);
  // A notice: centred if it fits, else scrolling right to left at `speed` pixels per second.
  void ticker(Rect r, std::string_view s, const Label& l, double speed);

  // Last frame's buttons: id → rectangle.
  const std::map<std::string, Rect>& buttons() const { return last_buttons_; }

  // Draws the frame begun last into the renderer: all of it when `whole`, else only where it
  // differs from the frame finished before (DrawList::play). Returns the places drawn; none when
  // the screen already shows it. A second call before the next begin() draws nothing.
  std::vector<Rect> finish(bool whole = false);

  // Off by default. When on, every text drawn is noted, and every rectangle
  // filled; drawn() and filled() are those of the frame drawn last (emptied
  // when the next begins).
  void record_texts(bool on) { recording_ = on; }
  const std::vector<DrawnText>& drawn() const { return drawn_; }
  const std::vector<DrawnFill>& filled() const { return filled_; }

 private:
  void copy(const TextCache::Entry& e, int x, int y, int w, int h);
  void note(const TextKey& key, int x, int y, const TextCache::Entry& e);
  // The largest ladder size from `px` down to `floor_px` at which every line fits `w` and all of them `h` (stacked);
  // 0 if none does.
  int fit(const std::vector<std::string>& lines, int px, int floor_px, bool bold, int w, int h);
  struct Laid {
    std::vector<std::string> lines;  // one, or more when broken at spaces
    int px = 0;
    TextSize size;  // of all the lines, stacked
  };
  Laid lay_out(Rect r, std::string_view s, const Label& l);
  // The longest start of `line` that fits `w` with "…" after it, drawn as `key` (its size and style).
  std::string shortened(const std::string& line, TextKey key, int w);
  SDL_Renderer* r_;
  DrawList list_;
  TextCache& cache_;
  Theme& theme_;
  Input input_;
  bool tap_taken_ = false;  // a button has acted on this frame's release
  double now_ = 0;
  int width_ = 0, height_ = 0;
  std::map<std::string, Rect> buttons_, last_buttons_;
  bool recording_ = false;
  std::vector<DrawnText> drawn_;
  std::vector<DrawnFill> filled_;
};

// The whole screen says the terminal has lost the server, so nothing stale is
// shown as if it were current: `title` (and `title2`, the second language)
// on an alarm band, `hint` under it, `retrying` with moving dots below; `hint2` and `retrying2`
// (the second language, when the screen is bilingual) each under its first.
void draw_connection_lost(Ui& ui, std::string_view title, std::string_view title2, std::string_view hint,
                          std::string_view retrying, std::string_view hint2 = {}, std::string_view retrying2 = {});

// A training hall's screen: an accent-coloured frame round the whole screen and a tab in its
// bottom-right corner saying `word` (培训), with `word2` (its second language) under it, drawn over
// whatever the screen shows, so that nobody takes a training screen or number for a real one. An
// empty `word`: the frame only (the screen says it in a place of its own).
void draw_training_mark(Ui& ui, std::string_view word, std::string_view word2);
// Where draw_training_mark puts its tab (with `word2`: `two_lines`), so that a screen keeps what
// moves or must stay readable (the hall board's scrolling notice) out from under it.
Rect training_tab(const Ui& ui, bool two_lines);

}  // namespace hallq::ui
