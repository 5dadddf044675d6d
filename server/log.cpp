#include "server/log.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/domain/time.hpp"
#include "core/protocol/utf8.hpp"

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
    auto ch = protocol::utf8_at(s, i);
    // Unicode line and paragraph separators and the like would break a line for some readers.
    if (ch && ch->code_point != 0x2028 && ch->code_point != 0x2029 && ch->code_point != 0x85) {
      out.append(s.data() + i, ch->size);
      i += ch->size;
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

namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::info)};

// systemd sets $JOURNAL_STREAM to "<device>:<inode>" of the stream it connects a service's stderr to;
// stderr is the journal when it is still that stream (not redirected since).
bool stderr_is_journal() {
  const char* js = std::getenv("JOURNAL_STREAM");
  if (!js) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(js, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (fstat(STDERR_FILENO, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev && static_cast<unsigned long long>(st.st_ino) == ino;
}

}  // namespace

std::optional<LogLevel> log_level_from(std::string_view name) {
  if (name == "error") return LogLevel::error;
  if (name == "warning") return LogLevel::warning;
  if (name == "notice") return LogLevel::notice;
  if (name == "info") return LogLevel::info;
  if (name == "debug") return LogLevel::debug;
  return std::nullopt;
}

void set_log_level(LogLevel level) {
  g_level = static_cast<int>(level);
}

bool log_enabled(LogLevel level) {
  return static_cast<int>(level) <= g_level.load(std::memory_order_relaxed);
}

void log_line(LogLevel level, std::string_view text) {
  if (!log_enabled(level)) return;
  static const bool journal = stderr_is_journal();
  std::string line;
  if (journal) {
    line = "<" + std::to_string(static_cast<int>(level)) + ">";
  } else {
    line = domain::format_iso(domain::SystemClock{}.now());
    line += level == LogLevel::error     ? " error: "
            : level == LogLevel::warning ? " warning: "
            : level == LogLevel::debug   ? " debug: "
                                         : " ";
  }
  line += log_safe(text);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);  // stderr is unbuffered: one write
}

void log_line(std::string_view text) {
  log_line(LogLevel::info, text);
}

void RefusalLog::note(const std::string& kind, const std::string& source, std::string_view line,
                      Clock::time_point now) {
  note(LogLevel::warning, kind, source, line, now);
}

void RefusalLog::note(LogLevel level, const std::string& kind, const std::string& source, std::string_view line,
                      Clock::time_point now) {
  if (window_start_ == Clock::time_point{}) window_start_ = now;
  flush(now);
  Count& c = counts_[kind];  // the kinds are the server's own few words
  c.level = level;
  if (c.logged < burst_) {
    ++c.logged;
    log_line(level, line);
    return;
  }
  ++c.more;
  ++suppressed_total_;
  if (source.empty()) return;
  if (auto it = c.sources.find(source); it != c.sources.end())
    ++it->second;
  else if (c.sources.size() < max_sources_)
    c.sources.emplace(source, 1);
  else
    ++c.other_sources;
}

void RefusalLog::flush(Clock::time_point now) {
  if (window_start_ == Clock::time_point{} || now - window_start_ < window_) return;
  summarise(window_);
  window_start_ = now;
}

void RefusalLog::flush_all(Clock::time_point now) {
  if (window_start_ == Clock::time_point{}) return;
  summarise(std::chrono::ceil<std::chrono::seconds>(now - window_start_));
  window_start_ = now;
}

void RefusalLog::summarise(std::chrono::seconds over) {
  for (const auto& [kind, c] : counts_) {
    if (c.more == 0) continue;
    std::string line = std::to_string(c.more) + " more " + kind + " in the last " + std::to_string(over.count()) + " s";
    if (!c.sources.empty()) {
      auto top = std::max_element(c.sources.begin(), c.sources.end(),
                                  [](const auto& a, const auto& b) { return a.second < b.second; });
      if (c.sources.size() == 1 && c.other_sources == 0)
        line += ", from " + top->first;
      else
        line += ", from " + std::to_string(c.sources.size()) + (c.other_sources > 0 ? "+" : "") +
                " addresses (most from " + top->first + ": " + std::to_string(top->second) + ")";
    }
    log_line(c.level, line);
  }
  counts_.clear();
}

}  // namespace hallq::server
