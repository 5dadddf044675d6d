#pragma once
// Rendered text as textures, kept between frames: SDL_ttf's own glyph cache is
// small and shaping is not free, so a board draws each label once and then
// only copies it (docs/performance.md). Least recently used entries go when
// the cache is full.
//
// Thread affinity: the renderer's thread.

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/ui/fonts.hpp"
#include "core/ui/text.hpp"

typedef struct SDL_Renderer SDL_Renderer;
typedef struct SDL_Texture SDL_Texture;

namespace hallq::ui {

struct TextKey {
  std::string text;
  int px = 0;
  bool bold = false;
  std::uint32_t argb = 0;
  int column = 0;  // > 0: vertical Mongolian with columns at most this tall
  bool operator==(const TextKey&) const = default;
};

class TextCache {
 public:
  struct Entry {
    SDL_Texture* texture = nullptr;
    int width = 0, height = 0;
    std::uint64_t serial = 0;  // this texture's alone: never given to another (DrawList compares by it)
  };

  TextCache(SDL_Renderer* renderer, FontSet& fonts, std::size_t capacity = 1024);
  ~TextCache();
  TextCache(const TextCache&) = delete;
  TextCache& operator=(const TextCache&) = delete;

  // The texture for `key`, rendered on first use. The entry is valid until the next get() that
  // evicts it; the texture until end_frame() after that (the frame's drawing is done at its end).
  const Entry& get(const TextKey& key);
  // Frees the textures evicted since the last call: the frame that may have used them is drawn.
  void end_frame();
  // The size get(key) would give, without drawing it when it is not cached
  // (one line: shaped and measured only; a column key is rendered). Fitting
  // text to a box tries sizes this way and renders only the one it keeps.
  TextSize size_of(const TextKey& key);

  std::size_t size() const { return entries_.size(); }
  std::size_t hits() const { return hits_; }
  std::size_t misses() const { return misses_; }
  FontSet& fonts() { return fonts_; }

 private:
  struct Hash {
    std::size_t operator()(const TextKey& k) const;
  };
  struct Node {
    TextKey key;
    Entry entry;
  };
  SDL_Renderer* renderer_;
  FontSet& fonts_;
  std::size_t capacity_;
  std::list<Node> lru_;  // most recent first
  std::unordered_map<TextKey, std::list<Node>::iterator, Hash> entries_;
  std::unordered_map<TextKey, TextSize, Hash> sizes_;  // measured, not drawn; emptied when it grows past capacity
  std::vector<SDL_Texture*> evicted_;                  // freed at end_frame()
  std::uint64_t serial_ = 0;
  std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace hallq::ui
