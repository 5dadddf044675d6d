// The day's tallies made into the Result (simulator.hpp).
#include "core/sim/simulator_impl.hpp"

namespace hallq::sim::detail {

Result Sim::result() {
  Result r;
  r.seed = model_.seed;
  r.target_s = target_s_;
  Waits all;
  ErrAcc err;
  double days = std::max<double>(1, static_cast<double>(dates_.size()));
  std::array<Waits, 24> hall_waits;
  std::array<HourRow, 24> hall_hours{};
  for (auto& svc : svcs_) {
    ServiceResult sr;
    sr.code = svc.cfg->code;
    sr.issued = svc.issued;
    sr.refused = svc.refused;
    sr.served = svc.served;
    sr.no_shows = svc.no_shows;
    sr.transferred = svc.transferred;
    sr.abandoned = svc.abandoned;
    sr.unserved = svc.unserved;
    sr.by_day = svc.by_day;
    Waits merged;
    for (int h = 0; h < 24; ++h) {
      Waits& wh = svc.waits->at(static_cast<std::size_t>(h));
      merged.merge(wh);
      hall_waits[static_cast<std::size_t>(h)].merge(wh);
      hall_hours[static_cast<std::size_t>(h)].arrivals += svc.arrivals[static_cast<std::size_t>(h)];
      hall_hours[static_cast<std::size_t>(h)].queue_mean += svc.queue_area[static_cast<std::size_t>(h)] / 3600.0 / days;
      if (svc.arrivals[static_cast<std::size_t>(h)] == 0 && svc.queue_area[static_cast<std::size_t>(h)] == 0 &&
          wh.s.empty())
        continue;
      HourRow row;
      row.hour = h;
      row.arrivals = svc.arrivals[static_cast<std::size_t>(h)];
      row.queue_mean = svc.queue_area[static_cast<std::size_t>(h)] / 3600.0 / days;
      row.waits = wh.figures();
      sr.hours.push_back(row);
    }
    all.merge(merged);
    sr.waits = merged.figures();
    sr.estimate = svc.err.result();
    sr.estimate.oracle_measured = model_.oracle_runs > 0;
    err.merge(svc.err);
    r.tickets += svc.issued;
    r.services.push_back(std::move(sr));
  }
  for (int h = 0; h < 24; ++h) {
    HourRow row = hall_hours[static_cast<std::size_t>(h)];
    Waits& wh = hall_waits[static_cast<std::size_t>(h)];
    if (row.arrivals == 0 && row.queue_mean == 0 && wh.s.empty() && wh.missed == 0) continue;
    row.hour = h;
    row.waits = wh.figures();
    for (const auto& day : by_day_) row.by_day.push_back(day[static_cast<std::size_t>(h)]);
    r.hours.push_back(row);
  }
  r.waits = all.figures();
  r.estimate = err.result();
  r.estimate.oracle_measured = model_.oracle_runs > 0;
  for (auto& w : wins_) {
    WindowResult wr = w.out;
    wr.number = w.cfg->number;
    wr.staffed_s = wr.busy_s = 0;
    for (int h = 0; h < 24; ++h) {
      wr.staffed_s += wr.staffed_by_hour[static_cast<std::size_t>(h)];
      wr.busy_s += wr.busy_by_hour[static_cast<std::size_t>(h)];
    }
    r.windows.push_back(wr);
  }
  r.dates = dates_;
  return r;
}

}  // namespace hallq::sim::detail
