#include "core/domain/stats.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace hallq::domain {
namespace {

struct Acc {
  StatsRow row;
  std::int64_t target_s = 0;
  std::vector<std::int64_t> waits, services;
  void add_visit(const Visit& v) {
    switch (v.state) {
      case TicketState::waiting:
        ++row.waiting;
        break;
      case TicketState::called:
        break;
      case TicketState::done:
        ++row.served;
        break;
      case TicketState::no_show:
        ++row.no_shows;
        break;
      case TicketState::transferred:
        ++row.transferred;
        break;
      case TicketState::cancelled:
        ++row.cancelled;
        break;
    }
    if (v.call_seq > 0) {
      waits.push_back(seconds_between(v.enqueued_at, v.called_at));
      ++row.called;
      if (waits.back() <= target_s) ++row.within_target;
    }
    if (v.state == TicketState::done) services.push_back(seconds_between(v.called_at, v.ended_at));
  }
  StatsRow finish() {
    auto mean = [](const std::vector<std::int64_t>& xs) -> std::int64_t {
      if (xs.empty()) return 0;
      return std::accumulate(xs.begin(), xs.end(), std::int64_t{0}) / static_cast<std::int64_t>(xs.size());
    };
    row.wait_mean_s = mean(waits);
    row.wait_p50_s = percentile(waits, 50);
    row.wait_p90_s = percentile(waits, 90);
    row.service_mean_s = mean(services);
    row.service_p90_s = percentile(services, 90);
    return row;
  }
};

}  // namespace

std::int64_t percentile(std::vector<std::int64_t> samples, int p) {
  if (samples.empty()) return 0;
  std::size_t n = samples.size();
  std::size_t rank = (n * static_cast<std::size_t>(p) + 99) / 100;  // ceil(p/100 · n)
  if (rank == 0) rank = 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(rank - 1), samples.end());
  return samples[rank - 1];
}

Stats compute_stats(LocalDate day, std::span<const Ticket* const> tickets, const HallConfig& config) {
  const std::int64_t target_s = std::int64_t{config.alarms.wait_minutes} * 60;
  auto fresh = [&] {
    Acc a;
    a.target_s = target_s;
    return a;
  };
  Acc total = fresh();
  std::map<std::string, Acc> services;
  std::map<int, Acc> windows;
  std::map<std::string, Acc> clerks;
  auto in = [&](auto& map, const auto& key) -> Acc& {
    auto it = map.find(key);
    return it != map.end() ? it->second : map.emplace(key, fresh()).first->second;
  };
  total.row.key = "total";
  for (const Ticket* t : tickets) {
    ++total.row.issued;
    ++in(services, t->origin).row.issued;
    for (const Visit& v : t->visits) {
      total.add_visit(v);
      in(services, v.service).add_visit(v);
      if (v.window > 0) in(windows, v.window).add_visit(v);
      if (!v.clerk.empty()) in(clerks, v.clerk).add_visit(v);
    }
  }
  Stats out;
  out.day = day;
  out.total = total.finish();
  for (const auto& s : config.services) {
    auto it = services.find(s.code);
    Acc acc = it == services.end() ? fresh() : std::move(it->second);
    if (it != services.end()) services.erase(it);
    acc.row.key = s.code;
    out.services.push_back(acc.finish());
  }
  for (auto& [code, acc] : services) {
    acc.row.key = code;
    out.services.push_back(acc.finish());
  }
  for (auto& [number, acc] : windows) {
    acc.row.key = std::to_string(number);
    out.windows.push_back(acc.finish());
  }
  for (auto& [id, acc] : clerks) {
    acc.row.key = id;
    out.clerks.push_back(acc.finish());
  }
  return out;
}

}  // namespace hallq::domain
