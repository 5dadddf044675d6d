#pragma once
// The server's log: one line per event on stderr, "<local ISO time> <text>".
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
#include <string>
#include <string_view>

namespace hallq::server {

void log_line(std::string_view text);
// `text` as it may appear in a log line (what log_line does to a whole line).
std::string log_safe(std::string_view text, std::size_t max_bytes = 2000);

// Logs the first `burst` notes of each key (a kind and a source, e.g.
// "unauthorized from 10.0.3.7") in each window one by one; counts the rest
// and flush() writes one summary per key: "412 more unauthorized from 10.0.3.7
// in the last 10 s". At most `max_keys` keys are tracked in a window; notes
// for more are summed into one line.
class RefusalLog {
 public:
  using Clock = std::chrono::steady_clock;
  RefusalLog(int burst, std::chrono::seconds window, std::size_t max_keys = 256)
      : burst_(burst), window_(window), max_keys_(max_keys) {}

  void note(const std::string& key, std::string_view line, Clock::time_point now = Clock::now());
  // Writes the summaries of a window that has ended (call it once a second).
  void flush(Clock::time_point now = Clock::now());
  std::uint64_t suppressed() const { return suppressed_total_; }  // lines not written since start

 private:
  struct Count {
    int logged = 0;
    std::uint64_t more = 0;
  };
  int burst_;
  std::chrono::seconds window_;
  std::size_t max_keys_;
  Clock::time_point window_start_{};
  std::map<std::string, Count> counts_;
  std::uint64_t overflow_ = 0;
  std::uint64_t suppressed_total_ = 0;
};

}  // namespace hallq::server
