#include "core/protocol/framing.hpp"

#include <algorithm>
#include <cstring>

namespace hallq::protocol {
namespace {
constexpr std::size_t kInitialBuffer = 1024;
constexpr std::size_t kShrinkAbove = 16 * 1024;
}  // namespace

LineFramer::LineFramer(std::size_t max_line) : max_line_(max_line) {}

std::span<char> LineFramer::prepare() {
  if (begin_ == end_) {
    begin_ = end_ = scanned_ = 0;
    // A long line came and went: give the memory back (idle connections stay small).
    if (buf_.size() > kShrinkAbove) std::vector<char>(kInitialBuffer).swap(buf_);
  }
  if (buf_.empty()) buf_.resize(kInitialBuffer);
  if (end_ == buf_.size()) {
    if (begin_ > 0) {  // compact: move the unfinished line to the front
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      scanned_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buf_.size()) {
      // One byte beyond the limit is enough to know a line is too long.
      std::size_t cap = max_line_ + 1;
      buf_.resize(std::min(std::max(buf_.size() * 2, kInitialBuffer), std::max(cap, buf_.size() + 1)));
    }
  }
  return {buf_.data() + end_, buf_.size() - end_};
}

void LineFramer::commit(std::size_t n) {
  end_ += std::min(n, buf_.size() - end_);
}

LineFramer::Result LineFramer::next(std::string_view& line) {
  if (broken_) return Result::too_large;
  const char* base = buf_.data();
  const void* nl = scanned_ < end_ ? std::memchr(base + scanned_, '\n', end_ - scanned_) : nullptr;
  if (nl == nullptr) {
    scanned_ = end_;
    if (end_ - begin_ >= max_line_) {  // max_line_ bytes and still no '\n'
      broken_ = true;
      return Result::too_large;
    }
    return Result::need_more;
  }
  std::size_t pos = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
  if (pos + 1 - begin_ > max_line_) {
    broken_ = true;
    return Result::too_large;
  }
  std::size_t len = pos - begin_;
  if (len > 0 && base[pos - 1] == '\r') --len;
  line = std::string_view(base + begin_, len);
  begin_ = scanned_ = pos + 1;
  return Result::line;
}

}  // namespace hallq::protocol
