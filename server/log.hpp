#pragma once
// The server's log: one line per event on stderr, "<local ISO time> <text>", with "warning: ",
// "error: " or "debug: " before the text of such lines. Under systemd, when stderr is the journal
// ($JOURNAL_STREAM names it), a line is "<N>text" instead: journald takes N as the line's syslog
// priority (journalctl -p warning shows warnings and errors) and stamps the time itself.
// Lines below the level set by set_log_level ([server] log_level, default info) are not written.
//
// Nothing a client sends can forge or break a line: log_line() escapes control
// characters (a "\n" in an op name becomes the four characters \u000a) and
// bytes that are not UTF-8 (\xff), and cuts a line at 2,000 bytes. Personal
// data never reaches the log: callers log masked forms and codes, never a raw
// ID number or name.
//
// Refusals are rate-limited (RefusalLog): an attacker sending thousands of bad
// requests costs a few lines per window, not one per request.
//
// Thread affinity: log_line from any thread (one write per line); RefusalLog
// on the event loop only.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hallq::server {

// Syslog priorities (sd-daemon.h's SD_ERR … SD_DEBUG).
enum class LogLevel { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };
// "error", "warning", "notice", "info", "debug"; nothing for another word.
std::optional<LogLevel> log_level_from(std::string_view name);
// Lines less important than `level` are dropped from now on. Call at start-up, before threads log.
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);

// One event at `level` (info when not given).
void log_line(LogLevel level, std::string_view text);
void log_line(std::string_view text);
// `text` as it may appear in a log line (what log_line does to a whole line).
std::string log_safe(std::string_view text, std::size_t max_bytes = 2000);

// Logs the first `burst` refusals of each kind ("unauthorized", "bad_request",
// "connections refused (per-address limit)") in each window one by one,
// whatever their source; counts the rest, and flush() writes one summary per
// kind: "412 more unauthorized in the last 60 s, from 20 addresses (most from
// 10.0.3.7: 40)". So a flood costs a few lines per kind and window however
// many addresses it comes from. At most `max_sources` addresses are told apart
// per kind; the rest are counted, not named.
class RefusalLog {
 public:
  using Clock = std::chrono::steady_clock;
  RefusalLog(int burst, std::chrono::seconds window, std::size_t max_sources = 1024)
      : burst_(burst), window_(window), max_sources_(max_sources) {}

  // `source`: the peer's address ("" for none).
  void note(const std::string& kind, const std::string& source, std::string_view line,
            Clock::time_point now = Clock::now());
  // The same at another level than warning (a connection that ended is info).
  void note(LogLevel level, const std::string& kind, const std::string& source, std::string_view line,
            Clock::time_point now = Clock::now());
  // Writes the summaries of a window that has ended (call it once a second).
  void flush(Clock::time_point now = Clock::now());
  // Writes the summaries of the window under way, however short (at shutdown).
  void flush_all(Clock::time_point now = Clock::now());
  std::uint64_t suppressed() const { return suppressed_total_; }  // lines not written since start

 private:
  struct Count {
    int logged = 0;
    std::uint64_t more = 0;
    std::map<std::string, std::uint64_t> sources;  // of the suppressed ones
    std::uint64_t other_sources = 0;               // suppressed from sources beyond max_sources_
    LogLevel level = LogLevel::warning;
  };
  void summarise(std::chrono::seconds over);

  int burst_;
  std::chrono::seconds window_;
  std::size_t max_sources_;
  Clock::time_point window_start_{};
  std::map<std::string, Count> counts_;
  std::uint64_t suppressed_total_ = 0;
};

}  // namespace hallq::server
