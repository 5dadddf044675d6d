#include "server/log.hpp"

#include <cstdio>
#include <string>

#include "core/domain/time.hpp"

namespace hallq::server {

std::string log_safe(std::string_view s, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(s.size(), max_bytes) + 8);
  for (std::size_t i = 0; i < s.size() && out.size() < max_bytes;) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // One UTF-8 sequence, checked; anything else is shown byte by byte.
    std::size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    std::uint32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; ok && k < n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3F);
    }
    ok = ok && ((n == 2 && cp >= 0x80) || (n == 3 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) ||
                (n == 4 && cp >= 0x10000 && cp <= 0x10FFFF));
    // Unicode line and paragraph separators and the like would break a line for some readers.
    ok = ok && cp != 0x2028 && cp != 0x2029 && cp != 0x85;
    if (ok) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
    }
  }
  if (out.size() >= max_bytes) out += "…";
  return out;
}

void log_line(std::string_view text) {
  std::string line = domain::format_iso(domain::SystemClock{}.now());
  line += ' ';
  line += log_safe(text);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);  // stderr is unbuffered: one write
}

void RefusalLog::note(const std::string& key, std::string_view line, Clock::time_point now) {
  if (window_start_ == Clock::time_point{}) window_start_ = now;
  flush(now);
  auto it = counts_.find(key);
  if (it == counts_.end()) {
    if (counts_.size() >= max_keys_) {
      ++overflow_;
      ++suppressed_total_;
      return;
    }
    it = counts_.emplace(key, Count{}).first;
  }
  if (it->second.logged < burst_) {
    ++it->second.logged;
    log_line(line);
  } else {
    ++it->second.more;
    ++suppressed_total_;
  }
}

void RefusalLog::flush(Clock::time_point now) {
  if (window_start_ == Clock::time_point{} || now - window_start_ < window_) return;
  auto secs = std::to_string(window_.count());
  for (const auto& [key, c] : counts_)
    if (c.more > 0) log_line(std::to_string(c.more) + " more " + key + " in the last " + secs + " s");
  if (overflow_ > 0)
    log_line(std::to_string(overflow_) + " more refusals from other sources in the last " + secs + " s");
  counts_.clear();
  overflow_ = 0;
  window_start_ = now;
}

}  // namespace hallq::server
