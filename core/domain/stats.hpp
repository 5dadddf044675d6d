#pragma once
// The day's statistics: issued, served, no-shows, and mean, median and
// 90th-percentile wait and service times, the share called within the hall's
// target, per service, window and clerk. A pure function of the tickets, so
// today's figures (from memory), a past day's and a report over any range of
// days (from the store) are computed the same way.

#include <cstdint>
#include <map>
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

// What a StatsRow is made of, in a form that adds up: the counts and every
// wait and service time. compute_stats adds each visit to one of these per
// row; a report over many days adds up the days' (server/day_figures.hpp), so
// a range's means and percentiles are exactly those of all its visits.
struct StatsParts {
  int issued = 0, served = 0, no_shows = 0, transferred = 0, cancelled = 0, waiting = 0;
  std::vector<std::int64_t> waits;     // seconds from enqueue to first call, one per called visit
  std::vector<std::int64_t> services;  // seconds from first call to done, one per done visit

  void add_visit(const Visit& v);
  void add(const StatsParts& other);
  // The row: means, percentiles, and the calls within `target_s` seconds.
  StatsRow finish(std::string key, std::int64_t target_s) const;
};

// The parts of every row of Stats: what compute_stats adds tickets into, and
// what adds up across days.
struct StatsTable {
  StatsParts total;
  std::map<std::string, StatsParts> services;  // tickets by the service issued for, visits by theirs
  std::map<int, StatsParts> windows;           // windows that had a visit
  std::map<std::string, StatsParts> clerks;    // clerks who had a visit

  void add_ticket(const Ticket& t);
  void add(const StatsTable& other);
  // The rows: services in `config`'s order (every one), then codes it does not have.
  Stats finish(LocalDate day, const HallConfig& config) const;
};

// Nearest-rank percentile of unsorted samples (p in (0, 100]); 0 for no samples.
std::int64_t percentile(std::vector<std::int64_t> samples, int p);

}  // namespace hallq::domain
