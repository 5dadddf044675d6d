#include "core/domain/hall.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace hallq::domain {
namespace {
constexpr std::array<std::string_view, 4> kKinds = {"comprehensive", "specialised", "pickup", "consult"};
}

std::string_view to_string(WindowKind k) {
  return kKinds[static_cast<std::size_t>(k)];
}

std::optional<WindowKind> window_kind_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kKinds.size(); ++i)
    if (kKinds[i] == s) return static_cast<WindowKind>(i);
  return std::nullopt;
}

int Window::weight_of(std::string_view service) const {
  for (const auto& [code, weight] : services)
    if (code == service) return weight;
  return 0;
}

const Service* HallConfig::service(std::string_view code) const {
  for (const auto& s : services)
    if (s.code == code) return &s;
  return nullptr;
}

const Window* HallConfig::window(int number) const {
  for (const auto& w : windows)
    if (w.number == number) return &w;
  return nullptr;
}

const Clerk* HallConfig::clerk(std::string_view clerk_id) const {
  for (const auto& c : clerks)
    if (c.id == clerk_id) return &c;
  return nullptr;
}

const PriorityClass* HallConfig::priority(std::string_view priority_id) const {
  for (const auto& p : priorities)
    if (p.id == priority_id) return &p;
  return nullptr;
}

const Department* HallConfig::department(std::string_view department_id) const {
  for (const auto& d : departments)
    if (d.id == department_id) return &d;
  return nullptr;
}

bool HallConfig::open_on(LocalDate d) const {
  auto has = [&](const std::vector<LocalDate>& v) { return std::find(v.begin(), v.end(), d) != v.end(); };
  if (has(closed_dates)) return false;
  if (has(extra_workdays)) return true;
  return std::find(open_weekdays.begin(), open_weekdays.end(), d.weekday()) != open_weekdays.end();
}

std::string HallConfig::closed_because(LocalDate d) const {
  if (open_on(d)) return "";
  if (std::find(closed_dates.begin(), closed_dates.end(), d) != closed_dates.end())
    return "a holiday or closing day: one of the hall's closed_dates";
  static constexpr const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  return std::string("a ") + kDays[static_cast<std::size_t>(d.weekday()) % 7] + ", not one of the hall's open_days";
}

std::vector<std::string> HallConfig::services_without_window() const {
  std::vector<std::string> out;
  for (const auto& s : services)
    if (std::none_of(windows.begin(), windows.end(), [&](const Window& w) { return w.weight_of(s.code) > 0; }))
      out.push_back(s.code);
  return out;
}

bool HallConfig::issues(const Service& s, LocalDate d, int minute) const {
  if (!open_on(d)) return false;
  auto in = [&](const std::vector<Interval>& v) {
    return std::any_of(v.begin(), v.end(), [&](const Interval& i) { return i.contains(minute); });
  };
  const auto& h = s.hours.empty() ? hours : s.hours;
  if (h.empty() && s.extended_hours.empty()) return true;
  return in(h) || in(s.extended_hours);
}

int HallConfig::rank_of(std::string_view priority_id) const {
  const PriorityClass* p = priority(priority_id);
  return p ? p->rank : 0;
}

std::vector<Shift> HallConfig::rota_on(LocalDate d) const {
  std::vector<Shift> out;
  if (!open_on(d)) return out;
  int wd = d.weekday();
  // A make-up working day (调休) on a weekday the hall is otherwise closed: its first open weekday's.
  if (std::find(open_weekdays.begin(), open_weekdays.end(), wd) == open_weekdays.end() && !open_weekdays.empty())
    wd = *std::min_element(open_weekdays.begin(), open_weekdays.end());
  for (const Shift& s : rota)
    if (s.on(wd)) out.push_back(s);
  return out;
}

namespace {
// The first minute (or, `last`, the end) of issuing over the hall's and its services' hours,
// extended hours included; the whole day's when a service issues all day or no hours are set.
int issuing_bound(const HallConfig& c, bool last) {
  const int all_day = last ? 1440 : 0;
  std::optional<int> bound;
  auto take = [&](const std::vector<Interval>& v) {
    for (const Interval& i : v)
      bound = last ? std::max(bound.value_or(0), i.to) : std::min(bound.value_or(1440), i.from);
  };
  take(c.hours);
  for (const Service& s : c.services) {
    if (s.hours.empty() && c.hours.empty()) return all_day;  // it issues all day
    take(s.hours);
    take(s.extended_hours);
  }
  return bound.value_or(all_day);
}
}  // namespace

int HallConfig::opening_minute() const {
  return issuing_bound(*this, false);
}

int HallConfig::closing_minute() const {
  return issuing_bound(*this, true);
}

}  // namespace hallq::domain
