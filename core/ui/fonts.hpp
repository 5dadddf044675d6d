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

#include "ui/script.hpp"

typedef struct _TTF_Font TTF_Font;

namespace hallq::ui {

class FontSet {
 public:
  // Starts SDL_ttf and checks the font files; throws std::runtime_error
  // naming a missing file and the package that provides it.
  FontSet();
  ~FontSet();
  FontSet(const FontSet&) = delete;
  FontSet& operator=(const FontSet&) = delete;

  TTF_Font* font(Script script, int px, bool bold = false);

 private:
  std::map<std::tuple<Script, int, bool>, TTF_Font*> open_;
};

}  // namespace hallq::ui
