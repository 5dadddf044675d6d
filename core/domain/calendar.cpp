#include "core/domain/calendar.hpp"

namespace hallq::domain {
namespace {
// A calendar with no working day at all would never end a time limit; the
// configuration refuses one (no open weekday), this bounds a search anyway.
constexpr int kMaxSearchDays = 3660;
}  // namespace

LocalDate add_workdays(const HallConfig& hall, LocalDate from, int n) {
  LocalDate d = from;
  for (int found = 0, step = 0; found < n && step < kMaxSearchDays; ++step) {
    d = d.plus_days(1);
    if (hall.open_on(d)) ++found;
  }
  return d;
}

int workdays_left(const HallConfig& hall, LocalDate today, LocalDate due) {
  int count = 0;
  if (today < due) {
    for (LocalDate d = today.plus_days(1); d <= due && count < kMaxSearchDays; d = d.plus_days(1))
      if (hall.open_on(d)) ++count;
    return count;
  }
  for (LocalDate d = due.plus_days(1); d <= today && count < kMaxSearchDays; d = d.plus_days(1))
    if (hall.open_on(d)) ++count;
  return -count;
}

}  // namespace hallq::domain
