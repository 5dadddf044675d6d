#pragma once
// Guessing PINs: every wrong PIN counts against the clerk it was for and the
// device it came from. After `pin_failures` wrong PINs the next try must wait,
// the wait doubling each time from `pin_delay_s`; after `pin_lockout_after`
// the clerk (or device) is locked for `pin_lockout_minutes`, doubling with
// each lockout, or until an admin unlocks it. A good PIN clears the clerk's
// and the device's count. So a 4-digit PIN takes months, not seconds: see
// docs/security.md for the arithmetic.
//
// In memory only: a restart forgets counts and locks (an attacker cannot
// restart the server; an admin may, to end a lock).
//
// Thread affinity: the event loop only. Time from the steady clock.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.hpp"

namespace hallq::server {

class PinGuard {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PinGuard(const config::Settings& s) : s_(s) {}

  // Why `clerk` may not try a PIN from `device` now ("clerk c07 is locked for
  // 14 more minutes…"), or nothing. A clerk or device with a check under way
  // waits for it: guesses cannot be sent side by side to beat the count.
  std::optional<std::string> refusal(const std::string& clerk, const std::string& device, Clock::time_point now) const;
  // A check starts (call after refusal() said nothing); it ends with failed() or succeeded().
  void begin(const std::string& clerk, const std::string& device);
  // A wrong PIN. True when it locked the clerk or the device just now.
  bool failed(const std::string& clerk, const std::string& device, Clock::time_point now);
  void succeeded(const std::string& clerk, const std::string& device);
  // An admin ends a lock ("c07" or "caller-3"); false when nothing was locked.
  bool unlock(const std::string& clerk_or_device);

  struct Lock {
    bool clerk;       // a clerk; else a device
    std::string who;  // clerk id or device id
    Clock::time_point until;
  };
  // The locks in force at `now` (for alarms).
  std::vector<Lock> locks(Clock::time_point now) const;
  // Wrong PINs counted against a clerk or device (for tests and the log).
  int failures(const std::string& key) const;

 private:
  struct Record {
    int failures = 0;
    int lockouts = 0;
    Clock::time_point not_before{};
    Clock::time_point locked_until{};
  };
  std::optional<std::string> refusal_for(const std::string& key, const std::string& what, Clock::time_point now) const;
  bool count(Record& r, Clock::time_point now);

  void end(const std::string& clerk, const std::string& device);

  const config::Settings& s_;
  std::map<std::string, Record> records_;  // "clerk:c07", "device:caller-3"
  std::map<std::string, int> in_flight_;   // the same keys
};

}  // namespace hallq::server
