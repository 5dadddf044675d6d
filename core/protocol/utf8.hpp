#pragma once
// Reading one UTF-8 sequence, for the writers that must pass on only
// well-formed text (the JSON writer, the server's log), and cutting text to a
// size without splitting a character. Pure and header-only.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hallq::protocol {

// How many bytes a sequence starting with `lead` claims (1 for ASCII), or 0
// when `lead` cannot start one.
constexpr std::size_t utf8_claimed_length(unsigned char lead) {
  return lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 0;
}

struct Utf8Char {
  std::uint32_t code_point;
  std::size_t size;  // bytes
};

// The character whose sequence starts at s[i], or nothing when the bytes there
// are not one well-formed sequence (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
constexpr std::optional<Utf8Char> utf8_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return std::nullopt;
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = utf8_claimed_length(c);
  if (n == 1) return Utf8Char{c, 1};
  if (n == 0 || i + n > s.size()) return std::nullopt;
  std::uint32_t cp = n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (std::size_t k = 1; k < n; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (cc & 0x3Fu);
  }
  bool ok = (n == 2 && cp >= 0x80) || (n == 3 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) ||
            (n == 4 && cp >= 0x10000 && cp <= 0x10FFFF);
  if (!ok) return std::nullopt;
  return Utf8Char{cp, n};
}

// The longest start of `s` of at most `max_bytes` that ends between two
// characters: a name or a device's note kept to a size stays well-formed
// ("重新申请" cut at 10 bytes is "重新申", never "重新申\xE8").
constexpr std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;  // s[end] continues a character
  return s.substr(0, end);
}

}  // namespace hallq::protocol
