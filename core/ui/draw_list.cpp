#include "core/ui/draw_list.hpp"

#include <SDL.h>

#include <algorithm>
#include <utility>

namespace hallq::ui {
namespace {
// Opaque colours are drawn without blending: the software renderer's blended
// fill reads and mixes every pixel (most of a 1080p frame's time before this).
void set_colour(SDL_Renderer* r, std::uint32_t argb, bool replace = false) {
  SDL_SetRenderDrawBlendMode(r, replace || (argb >> 24) == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(r, static_cast<Uint8>((argb >> 16) & 255), static_cast<Uint8>((argb >> 8) & 255),
                         static_cast<Uint8>(argb & 255), static_cast<Uint8>(argb >> 24));
}

SDL_Rect sdl(Rect r) {
  return {r.x, r.y, r.w, r.h};
}

// `a` less `b`, as up to four rectangles appended to `out`.
void subtract(Rect a, Rect b, std::vector<Rect>& out) {
  Rect o = intersect(a, b);
  if (o.empty()) {
    out.push_back(a);
    return;
  }
  if (o.y > a.y) out.push_back({a.x, a.y, a.w, o.y - a.y});
  if (o.y + o.h < a.y + a.h) out.push_back({a.x, o.y + o.h, a.w, a.y + a.h - o.y - o.h});
  if (o.x > a.x) out.push_back({a.x, o.y, o.x - a.x, o.h});
  if (o.x + o.w < a.x + a.w) out.push_back({o.x + o.w, o.y, a.x + a.w - o.x - o.w, o.h});
}

// A fill left in more pieces than this by what covers it is drawn whole.
constexpr std::size_t kMaxPieces = 32;

// Adds `r` to `places`, joining the places it overlaps or touches.
void add_place(std::vector<Rect>& places, Rect r) {
  if (r.empty()) return;
  for (bool joined = true; joined;) {
    joined = false;
    for (auto it = places.begin(); it != places.end(); ++it) {
      if (intersect(Rect{it->x - 1, it->y - 1, it->w + 2, it->h + 2}, r).empty()) continue;
      r = unite(r, *it);
      places.erase(it);
      joined = true;
      break;
    }
  }
  places.push_back(r);
}
}  // namespace

void DrawList::begin(int width, int height) {
  steps_.clear();
  screen_ = {0, 0, width, height};
  played_ = false;
}

void DrawList::clear(std::uint32_t argb) {
  steps_.push_back({Step::Kind::clear, screen_, argb, 0, nullptr});
}

void DrawList::fill(Rect r, std::uint32_t argb) {
  steps_.push_back({Step::Kind::fill, r, argb, 0, nullptr});
}

void DrawList::copy(SDL_Texture* texture, std::uint64_t serial, Rect dst) {
  steps_.push_back({Step::Kind::copy, dst, 0, serial, texture});
}

void DrawList::clip(Rect r) {
  steps_.push_back({Step::Kind::clip, r, 0, 0, nullptr});
}

void DrawList::unclip() {
  steps_.push_back({Step::Kind::unclip, {}, 0, 0, nullptr});
}

std::vector<Rect> DrawList::changes() const {
  if (steps_.size() != shown_.size() || !(screen_ == shown_screen_)) return {screen_};
  std::vector<Rect> places;
  // Each step reaches only as far as the clip it is drawn under: a clip that changed changes what
  // the steps under it show, so the old and the new clip are both places to draw again.
  Rect clip_now = screen_, clip_before = screen_;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    const Step &now = steps_[i], &before = shown_[i];
    bool same = now.same(before);
    if (!same && (now.kind == Step::Kind::clear || before.kind == Step::Kind::clear)) return {screen_};
    if (now.kind == Step::Kind::clip || now.kind == Step::Kind::unclip)
      clip_now = now.kind == Step::Kind::clip ? intersect(now.r, screen_) : screen_;
    if (before.kind == Step::Kind::clip || before.kind == Step::Kind::unclip)
      clip_before = before.kind == Step::Kind::clip ? intersect(before.r, screen_) : screen_;
    if (same) continue;
    bool clips = now.kind == Step::Kind::clip || now.kind == Step::Kind::unclip || before.kind == Step::Kind::clip ||
                 before.kind == Step::Kind::unclip;
    if (clips) {
      add_place(places, clip_now);
      add_place(places, clip_before);
    } else {
      add_place(places, intersect(now.r, clip_now));
      add_place(places, intersect(before.r, clip_before));
    }
  }
  if (places.size() > kMaxPlaces) {
    Rect all;
    for (const auto& p : places) all = unite(all, p);
    places = {all};
  }
  return places;
}

void DrawList::draw(SDL_Renderer* renderer, Rect place) const {
  // Where each step paints in this place (under its clip), and the steps that hide what lies under
  // them (a clear, an opaque fill: both replace the pixels). A fill is drawn only where no later
  // one of those covers it: a screen's background and panels lie mostly under other panels, and
  // filling memory is most of what a whole frame costs (docs/performance.md, "Screens").
  std::vector<Rect> reach(steps_.size());
  std::vector<std::size_t> covers;  // in order
  Rect active = place;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    const Step& s = steps_[i];
    switch (s.kind) {
      case Step::Kind::clear:
        reach[i] = place;
        covers.push_back(i);
        break;
      case Step::Kind::fill:
      case Step::Kind::copy:
        reach[i] = active.empty() ? Rect{} : intersect(s.r, active);
        if (s.kind == Step::Kind::fill && (s.argb >> 24) == 255 && !reach[i].empty()) covers.push_back(i);
        break;
      case Step::Kind::clip:
        active = intersect(s.r, place);
        break;
      case Step::Kind::unclip:
        active = place;
        break;
    }
  }
  std::vector<Rect> pieces, rest;
  // What of step i's reach no later cover hides: into `pieces` (all of it when that would take
  // more than kMaxPieces rectangles).
  auto uncovered = [&](std::size_t i) {
    pieces.assign(1, reach[i]);
    for (auto j = std::upper_bound(covers.begin(), covers.end(), i); j != covers.end() && !pieces.empty(); ++j) {
      const Rect& c = reach[*j];
      if (intersect(c, reach[i]).empty()) continue;
      rest.clear();
      for (const Rect& p : pieces) subtract(p, c, rest);
      pieces.swap(rest);
      if (pieces.size() > kMaxPieces) {
        pieces.assign(1, reach[i]);
        return;
      }
    }
  };

  SDL_Rect limit = sdl(place);
  SDL_RenderSetClipRect(renderer, &limit);
  active = place;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    const Step& s = steps_[i];
    switch (s.kind) {
      case Step::Kind::clear:  // the whole place, whatever the clip (as SDL_RenderClear, which ignores it)
        uncovered(i);
        if (pieces.empty()) break;
        set_colour(renderer, s.argb, true);
        SDL_RenderSetClipRect(renderer, &limit);
        for (const Rect& p : pieces) {
          SDL_Rect r = sdl(p);
          SDL_RenderFillRect(renderer, &r);
        }
        if (!(active == place) && !active.empty()) {
          SDL_Rect c = sdl(active);
          SDL_RenderSetClipRect(renderer, &c);
        }
        break;
      case Step::Kind::fill:
        if (reach[i].empty()) break;
        uncovered(i);
        if (pieces.empty()) break;
        set_colour(renderer, s.argb);
        for (const Rect& p : pieces) {
          SDL_Rect r = sdl(p);
          SDL_RenderFillRect(renderer, &r);
        }
        break;
      case Step::Kind::copy:
        if (!s.texture || reach[i].empty()) break;
        {
          SDL_Rect dst = sdl(s.r);
          SDL_RenderCopy(renderer, s.texture, nullptr, &dst);
        }
        break;
      case Step::Kind::clip:
        active = intersect(s.r, place);
        if (!active.empty()) {
          SDL_Rect c = sdl(active);
          SDL_RenderSetClipRect(renderer, &c);
        }  // else every step up to the unclip is skipped above
        break;
      case Step::Kind::unclip:
        active = place;
        SDL_RenderSetClipRect(renderer, &limit);
        break;
    }
  }
  SDL_RenderSetClipRect(renderer, nullptr);
}

std::vector<Rect> DrawList::play(SDL_Renderer* renderer, bool whole) {
  if (played_) return {};
  std::vector<Rect> places = whole || shown_screen_.empty() ? std::vector<Rect>{screen_} : changes();
  for (const auto& p : places) draw(renderer, p);
  shown_.swap(steps_);
  steps_.clear();
  shown_screen_ = screen_;
  played_ = true;
  return places;
}

}  // namespace hallq::ui
