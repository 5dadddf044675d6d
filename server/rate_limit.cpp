#include "server/rate_limit.hpp"

#include <algorithm>

namespace hallq::server {

bool IssueLimiter::allow(const std::string& device, Clock::time_point now) {
  auto [it, fresh] = buckets_.try_emplace(device);
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = burst_;
    b.at = now;
  } else if (interval_.count() > 0) {
    double earned = std::chrono::duration<double>(now - b.at) / std::chrono::duration<double>(interval_);
    b.tokens = std::min<double>(burst_, b.tokens + earned);
    b.at = now;
  } else {
    b.tokens = burst_;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  b.refused_at = now;
  return false;
}

std::vector<std::string> IssueLimiter::refused_since(Clock::time_point since) const {
  std::vector<std::string> out;
  for (const auto& [device, b] : buckets_)
    if (b.refused_at != Clock::time_point{} && b.refused_at >= since) out.push_back(device);
  return out;
}

}  // namespace hallq::server
