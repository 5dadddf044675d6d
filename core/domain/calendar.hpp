#pragma once
// Working days on the hall's calendar (限时办结): open weekdays, closed dates
// (public holidays) and make-up working days (调休), as HallConfig::open_on says.
// A time limit of n working days from an acceptance on day d ends on the n-th
// working day after d (d itself does not count, whether or not it is one).

#include "core/domain/hall.hpp"
#include "core/domain/time.hpp"

namespace hallq::domain {

// The n-th working day after `from` (n ≥ 0; 0 gives `from` itself).
LocalDate add_workdays(const HallConfig& hall, LocalDate from, int n);

// Working days from `today` to `due`: the number of working days after today up
// to and including due (0 on the due date itself or when due is today), and
// minus the working days after due up to and including today once it is past.
int workdays_left(const HallConfig& hall, LocalDate today, LocalDate due);

}  // namespace hallq::domain
