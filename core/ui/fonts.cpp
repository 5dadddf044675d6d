#include "core/ui/fonts.hpp"

#include <SDL_ttf.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <vector>

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

// 8 px, then ~8% steps to 600 px.
const std::vector<int>& ladder() {
  static const std::vector<int> sizes = [] {
    std::vector<int> v;
    for (double px = 8; px <= 600; px *= 1.08) {
      int n = static_cast<int>(px + 0.5);
      if (v.empty() || n > v.back()) v.push_back(n);
    }
    return v;
  }();
  return sizes;
}

}  // namespace

int snap_px(int px) {
  const auto& l = ladder();
  auto it = std::upper_bound(l.begin(), l.end(), px);
  return it == l.begin() ? l.front() : *(it - 1);
}

int smaller_px(int px) {
  const auto& l = ladder();
  auto it = std::lower_bound(l.begin(), l.end(), snap_px(px));
  return it == l.begin() ? l.front() : *(it - 1);
}

FontSet::FontSet() {
  if (!TTF_WasInit() && TTF_Init() != 0) throw std::runtime_error(std::string("SDL_ttf: ") + TTF_GetError());
  for (Script s : {Script::cjk, Script::mongolian, Script::latin}) require(file_for(s, false));
}

FontSet::~FontSet() {
  for (auto& [key, f] : open_) TTF_CloseFont(f.font);
  for (auto& [path, m] : mapped_) ::munmap(const_cast<void*>(m.first), m.second);
}

std::pair<const void*, std::size_t> FontSet::map_file(const std::string& path) {
  if (auto it = mapped_.find(path); it != mapped_.end()) return it->second;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open font " + path);
  struct stat st {};
  void* p = ::fstat(fd, &st) == 0 ? ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0)
                                  : MAP_FAILED;
  ::close(fd);
  if (p == MAP_FAILED) throw std::runtime_error("cannot map font " + path);
  return mapped_[path] = {p, static_cast<std::size_t>(st.st_size)};
}

TTF_Font* FontSet::font(Script script, int px, bool bold) {
  if (script == Script::mongolian) bold = false;  // no bold Mongolian face: the regular one
  px = snap_px(px);
  Face& face = open_[{script, bold}];
  if (face.font) {
    if (face.px != px) {
      if (TTF_SetFontSize(face.font, px) != 0) throw std::runtime_error(std::string("SDL_ttf: ") + TTF_GetError());
      face.px = px;
      ++resizes_;
    }
    return face.font;
  }
  FontFile f = file_for(script, bold);
  // From a mapping of the file: SDL's file streams are unbuffered, and FreeType
  // reads a face's tables (and later each glyph) in many small reads.
  auto [data, size] = map_file(f.path);
  TTF_Font* font = TTF_OpenFontIndexRW(SDL_RWFromConstMem(data, static_cast<int>(size)), 1, px, f.index);
  if (!font) {
    open_.erase({script, bold});
    throw std::runtime_error("cannot open font " + f.path + ": " + TTF_GetError());
  }
  if (script == Script::mongolian) {
    // HarfBuzz shapes Mongolian (joining forms, NNBSP, FVS) only with the script set.
    TTF_SetFontScriptName(font, "Mong");
    TTF_SetFontDirection(font, TTF_DIRECTION_LTR);
  }
  face = {font, px};
  return font;
}

}  // namespace hallq::ui
