#pragma once
// What the fuzz targets share: a property check that stops the run with a
// message libFuzzer keeps next to the input that broke it (a failed check is a
// crash, like a sanitizer report).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace hallq::fuzz {

[[noreturn]] inline void fail(const char* target, const char* what, std::string_view a = {}, std::string_view b = {}) {
  std::fprintf(stderr, "\n%s: property violated: %s\n", target, what);
  if (!a.empty()) std::fprintf(stderr, "  first:  %.*s\n", static_cast<int>(a.size()), a.data());
  if (!b.empty()) std::fprintf(stderr, "  second: %.*s\n", static_cast<int>(b.size()), b.data());
  std::abort();
}

// Whether `s` is a sequence of UTF-8-shaped characters (lead byte and its
// continuation bytes), as decoders must hand on text.
inline bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// A cheap deterministic generator (xorshift), seeded from the input, so that
// choices a harness makes (chunk sizes, limits) are the same when a crash is
// reproduced from its file.
class Rng {
 public:
  explicit Rng(const unsigned char* data, std::size_t size) {
    std::uint64_t h = 1469598103934665603ull ^ size;  // FNV-1a
    for (std::size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 1099511628211ull;
    s_ = h | 1;
  }
  std::uint64_t next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return s_;
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t s_;
};

}  // namespace hallq::fuzz
