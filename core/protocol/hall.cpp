#include "core/protocol/hall.hpp"

#include <algorithm>

namespace hallq::protocol {
namespace {
template <class V, class Pred>
auto find_in(const V& v, Pred p) -> decltype(&*v.begin()) {
  auto it = std::find_if(v.begin(), v.end(), p);
  return it == v.end() ? nullptr : &*it;
}
}  // namespace

const HallService* HallInfo::service(std::string_view code) const {
  return find_in(services, [&](const HallService& s) { return s.code == code; });
}
const HallWindow* HallInfo::window(int number) const {
  return find_in(windows, [&](const HallWindow& w) { return w.number == number; });
}
const HallClerk* HallInfo::clerk(std::string_view clerk_id) const {
  return find_in(clerks, [&](const HallClerk& c) { return c.id == clerk_id; });
}
const HallPriority* HallInfo::priority(std::string_view priority_id) const {
  return find_in(priorities, [&](const HallPriority& p) { return p.id == priority_id; });
}

std::string status_link(const HallInfo& hall, std::string_view token) {
  return status_link(hall.display.status_url, token);
}

std::string status_link(std::string_view base, std::string_view token) {
  if (base.empty() || token.empty()) return {};
  while (base.ends_with('/')) base.remove_suffix(1);
  return std::string(base) + "/v/" + std::string(token);
}

}  // namespace hallq::protocol
