#include "core/domain/stats.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace hallq::domain {

void StatsParts::add_visit(const Visit& v) {
  switch (v.state) {
    case TicketState::waiting:
      ++waiting;
      break;
    case TicketState::called:
      break;
    case TicketState::done:
      ++served;
      break;
    case TicketState::no_show:
      ++no_shows;
      break;
    case TicketState::transferred:
      ++transferred;
      break;
    case TicketState::cancelled:
      ++cancelled;
      break;
  }
  if (v.call_seq > 0) waits.push_back(seconds_between(v.enqueued_at, v.called_at));
  if (v.state == TicketState::done) services.push_back(seconds_between(v.called_at, v.ended_at));
}

void StatsParts::add(const StatsParts& o) {
  issued += o.issued;
  served += o.served;
  no_shows += o.no_shows;
  transferred += o.transferred;
  cancelled += o.cancelled;
  waiting += o.waiting;
  waits.insert(waits.end(), o.waits.begin(), o.waits.end());
  services.insert(services.end(), o.services.begin(), o.services.end());
}

StatsRow StatsParts::finish(std::string key, std::int64_t target_s) const {
  auto mean = [](const std::vector<std::int64_t>& xs) -> std::int64_t {
    if (xs.empty()) return 0;
    return std::accumulate(xs.begin(), xs.end(), std::int64_t{0}) / static_cast<std::int64_t>(xs.size());
  };
  StatsRow row;
  row.key = std::move(key);
  row.issued = issued;
  row.served = served;
  row.no_shows = no_shows;
  row.transferred = transferred;
  row.cancelled = cancelled;
  row.waiting = waiting;
  row.called = static_cast<int>(waits.size());
  row.within_target =
      static_cast<int>(std::count_if(waits.begin(), waits.end(), [&](auto w) { return w <= target_s; }));
  row.wait_mean_s = mean(waits);
  row.wait_p50_s = percentile(waits, 50);
  row.wait_p90_s = percentile(waits, 90);
  row.service_mean_s = mean(services);
  row.service_p90_s = percentile(services, 90);
  return row;
}

std::int64_t percentile(std::vector<std::int64_t> samples, int p) {
  if (samples.empty()) return 0;
  std::size_t n = samples.size();
  std::size_t rank = (n * static_cast<std::size_t>(p) + 99) / 100;  // ceil(p/100 · n)
  if (rank == 0) rank = 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(rank - 1), samples.end());
  return samples[rank - 1];
}

void StatsTable::add_ticket(const Ticket& t) {
  ++total.issued;
  ++services[t.origin].issued;
  for (const Visit& v : t.visits) {
    total.add_visit(v);
    services[v.service].add_visit(v);
    if (v.window > 0) windows[v.window].add_visit(v);
    if (!v.clerk.empty()) clerks[v.clerk].add_visit(v);
  }
}

void StatsTable::add(const StatsTable& o) {
  total.add(o.total);
  for (const auto& [k, p] : o.services) services[k].add(p);
  for (const auto& [k, p] : o.windows) windows[k].add(p);
  for (const auto& [k, p] : o.clerks) clerks[k].add(p);
}

Stats StatsTable::finish(LocalDate day, const HallConfig& config) const {
  const std::int64_t target_s = std::int64_t{config.alarms.wait_minutes} * 60;
  Stats out;
  out.day = day;
  out.total = total.finish("total", target_s);
  const StatsParts none;
  for (const auto& s : config.services) {
    auto it = services.find(s.code);
    out.services.push_back((it == services.end() ? none : it->second).finish(s.code, target_s));
  }
  for (const auto& [code, parts] : services)
    if (!config.service(code)) out.services.push_back(parts.finish(code, target_s));
  for (const auto& [number, parts] : windows) out.windows.push_back(parts.finish(std::to_string(number), target_s));
  for (const auto& [id, parts] : clerks) out.clerks.push_back(parts.finish(id, target_s));
  return out;
}

Stats compute_stats(LocalDate day, std::span<const Ticket* const> tickets, const HallConfig& config) {
  StatsTable table;
  for (const Ticket* t : tickets) table.add_ticket(*t);
  return table.finish(day, config);
}

}  // namespace hallq::domain
