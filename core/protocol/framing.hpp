#pragma once
// Line framing for the wire: one JSON object per '\n'-terminated line, at most
// kMaxLineBytes bytes including the '\n'. Pure: the caller reads bytes into
// prepare(), reports them with commit(), then pulls lines with next().
//
// Memory: an idle framer holds a small buffer; it grows only while a long line
// is arriving and never beyond the limit plus one read.

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace hallq::protocol {

inline constexpr std::size_t kMaxLineBytes = 65536;

class LineFramer {
 public:
  enum class Result { line, need_more, too_large };

  explicit LineFramer(std::size_t max_line = kMaxLineBytes);

  // Space to read into, at least one byte. Invalidates views returned by next().
  std::span<char> prepare();
  // Marks n bytes of the span from prepare() as filled.
  void commit(std::size_t n);

  // Next complete line without its '\n' (and without a trailing '\r').
  // The view stays valid until the next prepare(). too_large is sticky: the
  // stream can no longer be framed and the connection should be closed.
  Result next(std::string_view& line);

  // True when bytes of an unfinished line are buffered.
  bool partial() const { return end_ > begin_; }

 private:
  std::vector<char> buf_;
  std::size_t begin_ = 0;    // first unconsumed byte
  std::size_t end_ = 0;      // one past the last filled byte
  std::size_t scanned_ = 0;  // bytes in [begin_, scanned_) hold no '\n'
  std::size_t max_line_;
  bool broken_ = false;
};

}  // namespace hallq::protocol
