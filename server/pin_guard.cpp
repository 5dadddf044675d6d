#include "server/pin_guard.hpp"

#include <algorithm>

namespace hallq::server {

namespace {
std::string clerk_key(const std::string& c) {
  return "clerk:" + c;
}
std::string device_key(const std::string& d) {
  return "device:" + d;
}

std::string wait_text(std::chrono::steady_clock::duration d) {
  auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count() + 1;
  if (s < 120) return std::to_string(s) + " s";
  return std::to_string((s + 59) / 60) + " min";
}

// 2^n, capped so a long attack cannot overflow the wait.
long long doubling(int n) {
  return 1LL << std::clamp(n, 0, 20);
}
}  // namespace

std::optional<std::string> PinGuard::refusal_for(const std::string& key, const std::string& what,
                                                 Clock::time_point now) const {
  auto it = records_.find(key);
  if (it == records_.end()) return std::nullopt;
  const Record& r = it->second;
  if (now < r.locked_until)
    return what + " is locked after repeated wrong PINs for " + wait_text(r.locked_until - now) +
           " more, or until an admin unlocks it";
  if (now < r.not_before) return "too many wrong PINs for " + what + ": try again in " + wait_text(r.not_before - now);
  return std::nullopt;
}

std::optional<std::string> PinGuard::refusal(const std::string& clerk, const std::string& device,
                                             Clock::time_point now) const {
  if (auto r = refusal_for(clerk_key(clerk), "clerk " + clerk, now)) return r;
  if (auto r = refusal_for(device_key(device), "device " + device, now)) return r;
  for (const auto& key : {clerk_key(clerk), device_key(device)})
    if (auto it = in_flight_.find(key); it != in_flight_.end() && it->second > 0)
      return "a PIN check for this " + std::string(key[0] == 'c' ? "clerk" : "device") +
             " is under way; try again when it has answered";
  return std::nullopt;
}

void PinGuard::begin(const std::string& clerk, const std::string& device) {
  ++in_flight_[clerk_key(clerk)];
  ++in_flight_[device_key(device)];
}

void PinGuard::end(const std::string& clerk, const std::string& device) {
  for (const auto& key : {clerk_key(clerk), device_key(device)})
    if (auto it = in_flight_.find(key); it != in_flight_.end() && --it->second <= 0) in_flight_.erase(it);
}

bool PinGuard::count(Record& r, Clock::time_point now) {
  ++r.failures;
  if (r.failures >= s_.pin_lockout_after) {
    r.locked_until = now + std::chrono::minutes(s_.pin_lockout_minutes) * doubling(r.lockouts);
    ++r.lockouts;
    r.failures = 0;
    return true;
  }
  if (r.failures >= s_.pin_failures)
    r.not_before = now + std::chrono::seconds(s_.pin_delay_s) * doubling(r.failures - s_.pin_failures);
  return false;
}

bool PinGuard::failed(const std::string& clerk, const std::string& device, Clock::time_point now) {
  end(clerk, device);
  bool locked = count(records_[clerk_key(clerk)], now);
  return count(records_[device_key(device)], now) || locked;
}

void PinGuard::succeeded(const std::string& clerk, const std::string& device) {
  end(clerk, device);
  for (const auto& key : {clerk_key(clerk), device_key(device)}) {
    auto it = records_.find(key);
    if (it == records_.end()) continue;
    // The count goes; the number of lockouts stays, so a later attack on the
    // same clerk meets the longer lock at once.
    it->second.failures = 0;
    it->second.not_before = {};
  }
}

bool PinGuard::unlock(const std::string& who) {
  bool any = false;
  for (const auto& key : {clerk_key(who), device_key(who)}) {
    auto it = records_.find(key);
    if (it == records_.end()) continue;
    any = any || it->second.locked_until != Clock::time_point{} || it->second.failures > 0;
    it->second = Record{};
  }
  return any;
}

std::vector<PinGuard::Lock> PinGuard::locks(Clock::time_point now) const {
  std::vector<Lock> out;
  for (const auto& [key, r] : records_)
    if (now < r.locked_until) {
      bool clerk = key.rfind("clerk:", 0) == 0;
      out.push_back({clerk, key.substr(key.find(':') + 1), r.locked_until});
    }
  return out;
}

int PinGuard::failures(const std::string& key) const {
  auto it = records_.find(key);
  return it == records_.end() ? 0 : it->second.failures;
}

}  // namespace hallq::server
