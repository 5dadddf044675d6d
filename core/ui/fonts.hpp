#pragma once
// The fonts hallq draws with, from Debian's packages:
//   Chinese:   Noto Sans CJK, face 2 of the collection (Simplified Chinese;
//              face 0 is Japanese and gives Japanese glyph forms)
//   Mongolian: Noto Sans Mongolian, shaped with HarfBuzz as script "Mong"
//              (without it every letter comes out isolated)
//   Latin:     Noto Sans
// Each face is opened once, on first use, and serves every pixel size
// (TTF_SetFontSize on the one FreeType face): a face of the CJK collection
// holds ~1.5 MiB of tables (FreeType's and HarfBuzz's copies), so one face per
// size cost the hall board ~60 MiB (docs/performance.md, "Screens").
//
// Thread affinity: one thread (SDL_ttf is not thread safe).

#include <map>
#include <string>
#include <utility>

#include "core/ui/script.hpp"

typedef struct _TTF_Font TTF_Font;

namespace hallq::ui {

// Pixel sizes come from a ladder about 8% apart (… 28, 30, 33, 36, 40, 44 …),
// so text fitted to boxes comes in few sizes (each a texture and glyphs
// rasterised once). snap_px gives the largest ladder size not above `px` (at
// least the smallest); smaller_px the next one down.
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

  // The face for `script`, set to snap_px(px). The pointer stays valid while
  // the FontSet lives, but the size it is set to only until the next font()
  // of the same script and weight at another size: use it before asking again.
  TTF_Font* font(Script script, int px, bool bold = false);
  std::size_t open_faces() const { return open_.size(); }
  std::size_t resizes() const { return resizes_; }  // size changes so far (each flushes SDL_ttf's glyph cache)

 private:
  struct Face {
    TTF_Font* font = nullptr;
    int px = 0;  // the size it is set to
  };
  std::pair<const void*, std::size_t> map_file(const std::string& path);
  std::map<std::pair<Script, bool>, Face> open_;
  std::size_t resizes_ = 0;
  std::map<std::string, std::pair<const void*, std::size_t>> mapped_;  // font files, mapped once
};

}  // namespace hallq::ui
