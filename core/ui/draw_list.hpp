#pragma once
// A frame's drawing, written down before it is drawn: the widgets add to it (Ui), and the frame
// loop plays it once the frame is complete. Played against the frame shown before, only the places
// where the two differ are drawn again: a board whose one moving part is its scrolling notice draws
// the notice's strip, and a screen with nothing new draws nothing (docs/performance.md, "Idle
// screens"). The renderer's target must keep its pixels between frames (SDL's software renderer,
// the one hallq uses, draws into the window's own surface).
//
// Two frames are compared step by step: the same number of steps, each the same kind, place,
// colour and texture (by serial: a texture freed and another made at its address is not the same).
// A frame with a different number of steps, or a different clear, is drawn whole.
//
// Thread affinity: the renderer's thread.

#include <cstdint>
#include <vector>

#include "core/ui/rect.hpp"

typedef struct SDL_Renderer SDL_Renderer;
typedef struct SDL_Texture SDL_Texture;

namespace hallq::ui {

class DrawList {
 public:
  // At most this many separate places are drawn in a frame; more are drawn as the one rectangle
  // round them all.
  static constexpr std::size_t kMaxPlaces = 4;

  // A new frame `width` × `height`, with nothing in it yet.
  void begin(int width, int height);
  // The whole screen in one colour, whatever the clip.
  void clear(std::uint32_t argb);
  void fill(Rect r, std::uint32_t argb);
  // `texture` (alive until play()) into `dst`; `serial` names what it shows.
  void copy(SDL_Texture* texture, std::uint64_t serial, Rect dst);
  // Later steps are drawn only inside `r`, until unclip().
  void clip(Rect r);
  void unclip();

  // Draws the frame into `renderer`: all of it when `whole` (or nothing has been shown yet), else
  // only where it differs from the frame shown last. Returns the places drawn (none: the screen
  // already shows this frame). Afterwards this frame is the one shown; play() again without a
  // begin() draws nothing.
  std::vector<Rect> play(SDL_Renderer* renderer, bool whole);

 private:
  struct Step {
    enum class Kind : std::uint8_t { clear, fill, copy, clip, unclip };
    Kind kind = Kind::fill;
    Rect r;
    std::uint32_t argb = 0;
    std::uint64_t serial = 0;
    SDL_Texture* texture = nullptr;  // not compared: serial says what it shows
    bool same(const Step& o) const { return kind == o.kind && r == o.r && argb == o.argb && serial == o.serial; }
  };
  // Where the frame differs from the one shown (empty: nowhere), at most kMaxPlaces rectangles.
  std::vector<Rect> changes() const;
  void draw(SDL_Renderer* renderer, Rect place) const;

  std::vector<Step> steps_, shown_;
  Rect screen_, shown_screen_;
  bool played_ = false;  // this frame was played (and is now shown_)
};

}  // namespace hallq::ui
