#pragma once
// The fonts hallq draws with, from Debian's packages:
//   Chinese:   Noto Sans CJK, face 2 of the collection (Simplified Chinese;
//              face 0 is Japanese and gives Japanese glyph forms)
//   Mongolian: Noto Sans Mongolian, shaped with HarfBuzz as script "Mong"
//              (without it every letter comes out isolated)
//   Latin:     Noto Sans
// Fonts are opened per pixel size on first use and kept.
//
// Thread affinity: one thread (SDL_ttf is not thread safe).

#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "core/ui/script.hpp"

typedef struct _TTF_Font TTF_Font;

namespace hallq::ui {

// Pixel sizes come from a ladder about 8% apart (… 28, 30, 33, 36, 40, 44 …):
// opening a face of the CJK collection costs ~9 ms per size, so a screen
// that fits text to boxes would otherwise open dozens. snap_px gives the
// largest ladder size not above `px` (at least the smallest); smaller_px the
// next one down.
int snap_px(int px);
int smaller_px(int px);

class FontSet {
 public:
  // Starts SDL_ttf and checks the font files; throws std::runtime_error
  // naming a missing file and the package that provides it.
  FontSet();
  ~FontSet();
  FontSet(const FontSet&) = delete;
  FontSet& operator=(const FontSet&) = delete;

  // The face at snap_px(px).
  TTF_Font* font(Script script, int px, bool bold = false);
  std::size_t open_faces() const { return open_.size(); }

 private:
  std::pair<const void*, std::size_t> map_file(const std::string& path);
  std::map<std::tuple<Script, int, bool>, TTF_Font*> open_;
  std::map<std::string, std::pair<const void*, std::size_t>> mapped_;  // font files, mapped once
};

}  // namespace hallq::ui
