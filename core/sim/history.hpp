#pragma once
// A model fitted from a hall's own history: the server's SQLite database,
// opened read only (the server may be running; nothing is written).
//
// From the last `days` recorded days (days with tickets): arrivals per
// service, weekday and 15-minute slot (tickets issued, by the service they
// were issued for, averaged over the recorded days of that weekday; a weekday
// never recorded gets the average of all days); service times per service
// (first call → finish of the visits that ended done: mean and coefficient of
// variation, played as lognormal); no-show and transfer shares per service
// from the audit log (no_show and transferred against called), with the
// service most transfers went to. Shifts are not fitted: every window is
// staffed through the hall's hours unless a scenario says otherwise.

#include <optional>
#include <string>

#include "core/domain/hall.hpp"
#include "core/sim/model.hpp"

namespace hallq::sim {

// Throws ModelError when the database cannot be read or holds no tickets.
// The model starts on the day after the last recorded one. `before`: only days
// before it (a running hall's today is not a whole day yet).
Model fit_history(const std::string& db_path, const domain::HallConfig& hall, int days,
                  std::optional<domain::LocalDate> before = std::nullopt);

}  // namespace hallq::sim
