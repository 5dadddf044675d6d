#pragma once
// Issuing at a person's pace: each kiosk may issue a burst of tickets, then
// one every `interval` (a token bucket per device). A kiosk that asks faster
// is refused (rate_limited) and raises an alarm for guides: a stuck button, a
// script, or someone emptying the queue of numbers.
//
// Thread affinity: the event loop only. Time from the steady clock.

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace hallq::server {

class IssueLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  IssueLimiter(int burst, std::chrono::seconds interval) : burst_(burst), interval_(interval) {}

  // Takes one ticket's allowance for `device`; false when it has none left now.
  bool allow(const std::string& device, Clock::time_point now = Clock::now());
  // Devices refused within the last `recent` (for the alarm).
  std::vector<std::string> refused_since(Clock::time_point since) const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point at{};
    Clock::time_point refused_at{};
  };
  int burst_;
  std::chrono::seconds interval_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace hallq::server
