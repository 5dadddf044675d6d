#pragma once
// Human-readable rendering of replies and events for hallqctl's default output.

#include <string>
#include <vector>

#include "core/config/i18n.hpp"
#include "core/protocol/messages.hpp"

namespace hallq::ctl {

// Terminal columns (a CJK character counts 2) and `s` padded to a width: core/config/i18n.hpp.
using config::columns;
using config::pad;
std::string format_duration(std::int64_t seconds);  // "7 min", "45 s", "1 h 05 min"
std::string ordinal(int n);                         // "1st", "2nd", "11th", "23rd"
// One line; `ahead`: with the number ahead of it in its service's queue.
std::string format_ticket(const protocol::TicketInfo& ticket, bool ahead = true);
std::string format_window(const protocol::WindowInfo& window);       // one line
std::string format_case_counts(const protocol::CaseCounts& counts);  // "3 open, 1 at departments, …"
std::string format_snapshot(const protocol::Snapshot& snapshot);     // a small report
// Tables per service, window and clerk; `windows`: the hall's, each shown even with nothing to count.
std::string format_stats(const protocol::Stats& stats, const std::vector<int>& windows = {});
std::string format_event(const protocol::EventMessage& event);  // one line
std::string format_hall(const protocol::HallInfo& hall);
std::string format_alarm(const protocol::Alarm& alarm);  // one line
// "hallq health: WARNING (hallq-server 0.1.0, up 2 h 05 min)", then one line per check.
std::string format_health(const protocol::HealthReply& health);
// The staffing advice as hallq-sim --staffing prints it: a line per hour.
std::string format_staffing(const protocol::StaffingReply& advice, const config::Translations& words);

}  // namespace hallq::ctl
