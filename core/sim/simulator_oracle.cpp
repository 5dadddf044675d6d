// The oracle (Model::oracle_runs, EstimateErrors::oracle): at a take, replicas of the day played on with the
// future drawn afresh; the median of the ticket's waits over them.
#include "core/sim/simulator_impl.hpp"

namespace hallq::sim::detail {

double Sim::oracle(std::uint64_t ordinal, int s) {
  std::vector<double> waits;
  for (int r = 0; r < model_.oracle_runs; ++r) {
    Sim replica(*this);
    replica.engine_ = engine_->replica(replica.clock_);
    replica.sink_ = nullptr;
    replica.replica_ = true;
    replica.salt_ = splitmix(0x6f7261636c65ULL ^ static_cast<std::uint64_t>(dates_.size()) << 44 ^ ordinal << 16 ^
                             static_cast<std::uint64_t>(r)) |
                    1;
    replica.redraw_future();
    std::int64_t called = replica.play_until_called(ordinal, s);
    if (called >= 0) waits.push_back(static_cast<double>(called - now()) / 1000.0);
  }
  if (waits.empty()) return std::nan("");  // never called in any replica: no estimate
  std::sort(waits.begin(), waits.end());
  std::size_t n = waits.size();
  return n % 2 == 1 ? waits[n / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
}

void Sim::redraw_future() {
  arrivals_ = Rng(model_.seed ^ salt_, 1);
  times_ = Rng(model_.seed ^ salt_, 2);
  decisions_ = Rng(model_.seed ^ salt_, 3);
  patience_ = Rng(model_.seed ^ salt_, 4);
  std::int64_t t = now();
  std::vector<Ev> kept;
  std::vector<Ev> visit(wins_.size(), Ev{-1, 0, Kind::end});
  while (!heap_.empty()) {
    Ev e = heap_.top();
    heap_.pop();
    if (e.kind == Kind::end || e.kind == Kind::no_show)
      visit[static_cast<std::size_t>(e.a)] = e;
    else if (e.kind != Kind::give_up && !(e.kind == Kind::arrive && e.at > t))
      kept.push_back(e);
  }
  for (const Ev& e : kept) heap_.push(e);
  schedule_arrivals(t);
  for (std::size_t wi = 0; wi < wins_.size(); ++wi)
    if (visit[wi].at >= 0) redraw_visit(static_cast<int>(wi), visit[wi]);
  for (const domain::Ticket* k : engine_->tickets()) {
    if (k->state() != domain::TicketState::waiting || k->visits.size() != 1) continue;
    const ServiceModel* m = svcs_[static_cast<std::size_t>(service_index(k->current().service))].model;
    if (m->patience_s > 0)
      push(t + static_cast<std::int64_t>(patience_.exponential(m->patience_s) * 1000), Kind::give_up,
           static_cast<int>(k->ordinal));
  }
}

void Sim::redraw_visit(int wi, const Ev& was) {
  Win& w = wins_[static_cast<std::size_t>(wi)];
  const ServiceModel* m = svcs_[static_cast<std::size_t>(w.current_service)].model;
  std::int64_t lasted = now() - w.busy_since;
  for (int k = 0; k < 1000; ++k) {
    if (decisions_.chance(m->no_show)) {
      if (model_.no_show_wait_s * 1000LL <= lasted) continue;
      push(w.busy_since + model_.no_show_wait_s * 1000LL, Kind::no_show, wi);
      return;
    }
    auto d = std::max<std::int64_t>(1, static_cast<std::int64_t>(times_.service(m->time) * 1000.0));
    if (d <= lasted) continue;
    push(w.busy_since + d, Kind::end, wi);
    w.transfer_draw = decisions_.uniform();
    return;
  }
  push(was.at, was.kind, wi);
}

std::int64_t Sim::play_until_called(std::uint64_t ordinal, int s) {
  watch_ = ordinal;
  offer(s);
  while (watched_at_ < 0 && !heap_.empty()) step();
  return watched_at_;
}

}  // namespace hallq::sim::detail
