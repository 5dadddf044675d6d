#pragma once
// The day's statistics: issued, served, no-shows, and mean, median and
// 90th-percentile wait and service times, the share called within the hall's
// target, per service, window and clerk. A pure function of the tickets, so
// today's figures (from memory), a past day's and a report over any range of
// days (from the store) are computed the same way.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/domain/hall.hpp"
#include "core/domain/ticket.hpp"

namespace hallq::domain {

struct StatsRow {
  std::string key;  // service code, window number, clerk id, or "total"
  int issued = 0;   // tickets issued (per service: by the service they were issued for)
  int served = 0;   // visits finished as done
  int no_shows = 0;
  int transferred = 0;  // visits transferred away
  int cancelled = 0;
  int waiting = 0;               // visits still waiting
  std::int64_t wait_mean_s = 0;  // enqueue → first call, over called visits
  std::int64_t wait_p50_s = 0;
  std::int64_t wait_p90_s = 0;
  int called = 0;                   // visits called (the waits above are theirs)
  int within_target = 0;            // of those, called within the hall's target ([alarms] wait_minutes)
  std::int64_t service_mean_s = 0;  // first call → done, over done visits
  std::int64_t service_p90_s = 0;
};

struct Stats {
  LocalDate day;
  StatsRow total;
  std::vector<StatsRow> services;  // config order, then unknown codes
  std::vector<StatsRow> windows;   // ascending number, windows that called at least once
  std::vector<StatsRow> clerks;    // clerks that called at least once
};

Stats compute_stats(LocalDate day, std::span<const Ticket* const> tickets, const HallConfig& config);

// Nearest-rank percentile of unsorted samples (p in (0, 100]); 0 for no samples.
std::int64_t percentile(std::vector<std::int64_t> samples, int p);

}  // namespace hallq::domain
