#include "ui/fonts.hpp"

#include <SDL_ttf.h>

#include <cstdlib>
#include <stdexcept>
#include <sys/stat.h>

namespace hallq::ui {
namespace {

std::string font_dir(const char* sub) {
  const char* root = std::getenv("HALLQ_FONT_ROOT");  // for unusual installs
  return std::string(root && *root ? root : "/usr/share/fonts") + sub;
}

struct FontFile {
  std::string path;
  long index;
  const char* package;
};

FontFile file_for(Script s, bool bold) {
  switch (s) {
    case Script::cjk:
      return {font_dir(bold ? "/opentype/noto/NotoSansCJK-Bold.ttc" : "/opentype/noto/NotoSansCJK-Regular.ttc"), 2,
              "fonts-noto-cjk"};
    case Script::mongolian:
      return {font_dir("/truetype/noto/NotoSansMongolian-Regular.ttf"), 0, "fonts-noto-core"};
    case Script::latin:
      break;
  }
  return {font_dir(bold ? "/truetype/noto/NotoSans-Bold.ttf" : "/truetype/noto/NotoSans-Regular.ttf"), 0,
          "fonts-noto-core"};
}

void require(const FontFile& f) {
  struct stat st {};
  if (::stat(f.path.c_str(), &st) != 0)
    throw std::runtime_error("font " + f.path + " is missing (install " + f.package + ")");
}

}  // namespace

FontSet::FontSet() {
  if (!TTF_WasInit() && TTF_Init() != 0) throw std::runtime_error(std::string("SDL_ttf: ") + TTF_GetError());
  for (Script s : {Script::cjk, Script::mongolian, Script::latin}) require(file_for(s, false));
}

FontSet::~FontSet() {
  for (auto& [key, f] : open_) TTF_CloseFont(f);
}

TTF_Font* FontSet::font(Script script, int px, bool bold) {
  if (script == Script::mongolian) bold = false;  // no bold Mongolian face: the regular one
  auto key = std::make_tuple(script, px, bold);
  if (auto it = open_.find(key); it != open_.end()) return it->second;
  FontFile f = file_for(script, bold);
  TTF_Font* font = TTF_OpenFontIndex(f.path.c_str(), px, f.index);
  if (!font) throw std::runtime_error("cannot open font " + f.path + ": " + TTF_GetError());
  if (script == Script::mongolian) {
    // HarfBuzz shapes Mongolian (joining forms, NNBSP, FVS) only with the script set.
    TTF_SetFontScriptName(font, "Mong");
    TTF_SetFontDirection(font, TTF_DIRECTION_LTR);
  }
  open_[key] = font;
  return font;
}

}  // namespace hallq::ui
