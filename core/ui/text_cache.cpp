#include "core/ui/text_cache.hpp"

#include <SDL.h>

#include <algorithm>
#include <functional>

namespace hallq::ui {

std::size_t TextCache::Hash::operator()(const TextKey& k) const {
  std::size_t h = std::hash<std::string>{}(k.text);
  h ^= std::hash<int>{}(k.px) + 0x9e3779b9 + (h << 6) + (h >> 2);
  h ^= std::hash<std::uint32_t>{}(k.argb) + 0x9e3779b9 + (h << 6) + (h >> 2);
  h ^= std::hash<int>{}(k.column * 2 + (k.bold ? 1 : 0)) + (h << 6) + (h >> 2);
  return h;
}

TextCache::TextCache(SDL_Renderer* renderer, FontSet& fonts, std::size_t capacity)
    : renderer_(renderer), fonts_(fonts), capacity_(capacity) {}

TextCache::~TextCache() {
  end_frame();
  for (auto& n : lru_)
    if (n.entry.texture) SDL_DestroyTexture(n.entry.texture);
}

void TextCache::end_frame() {
  for (SDL_Texture* t : evicted_) SDL_DestroyTexture(t);
  evicted_.clear();
}

TextSize TextCache::size_of(const TextKey& key) {
  if (key.column > 0) {
    const Entry& e = get(key);
    return {e.width, e.height};
  }
  if (auto it = entries_.find(key); it != entries_.end()) return {it->second->entry.width, it->second->entry.height};
  if (auto it = sizes_.find(key); it != sizes_.end()) return it->second;
  if (sizes_.size() >= capacity_) sizes_.clear();
  TextStyle style;
  style.px = key.px;
  style.bold = key.bold;
  TextSize s = measure_line(fonts_, key.text, style);
  s.width = std::max(1, s.width);  // as render_line's surface
  sizes_.emplace(key, s);
  return s;
}

const TextCache::Entry& TextCache::get(const TextKey& key) {
  if (auto it = entries_.find(key); it != entries_.end()) {
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->entry;
  }
  ++misses_;
  TextStyle style;
  style.px = key.px;
  style.bold = key.bold;
  style.argb = key.argb;
  Surface s =
      key.column > 0 ? render_vertical(fonts_, key.text, style, key.column) : render_line(fonts_, key.text, style);
  Entry e;
  e.serial = ++serial_;
  if (s) {
    e.texture = SDL_CreateTextureFromSurface(renderer_, s.get());
    SDL_SetTextureBlendMode(e.texture, SDL_BLENDMODE_BLEND);
    e.width = s->w;
    e.height = s->h;
  }
  lru_.push_front({key, e});
  entries_[key] = lru_.begin();
  while (lru_.size() > capacity_) {
    auto& old = lru_.back();
    if (old.entry.texture) evicted_.push_back(old.entry.texture);
    entries_.erase(old.key);
    lru_.pop_back();
  }
  return lru_.front().entry;
}

}  // namespace hallq::ui
