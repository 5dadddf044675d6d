// The wait estimate (wait_estimate.hpp): what a waiting ticket's queue looks
// like now (queue_now), the replay of the hall's call order from now on, and
// each service's load with the estimate for a ticket taken now.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "core/domain/engine_impl.hpp"

namespace hallq::domain {

namespace {
// What the visits of the services with fewer than three done today (served, not a no-show or a
// transfer) are taken to last, ms. For each such service: the configured minutes, unless the one
// or two done make them implausible. With visits of the configured minutes, at least as many done in
// the time the service's visits have spent at the windows would happen less than one time in
// twenty (Poisson): with one done, while that time is under 0.051 of the configured minutes; with
// two, under 0.355. Then visits are far shorter than configured (a hall that serves in seconds,
// minutes set far off), and the mean is that time over the visits done: the mean of exponential
// visits, those under way and those that ended otherwise counted as time with nothing done in it.
// Without it the first tickets of such a day were told the configured minutes, hundreds of times
// their wait (docs/simulation.md). As the visits under way go on, their time counts for the
// configured minutes again. Made once per estimate or per loads(), and handed to what needs them, so
// that each step of the replay's loop stays a division (docs/performance.md).
struct EarlyMeans {
  std::vector<std::pair<const Engine::Impl::ServiceRt*, double>> of;

  double of_service(const Engine::Impl::ServiceRt& r) const {
    for (const auto& [service, ms] : of)
      if (service == &r) return ms;
    return r.cfg->minutes * 60'000.0;
  }
};

EarlyMeans early_means(const Engine::Impl& m, std::int64_t now_ms) {
  EarlyMeans e;
  for (const auto& [code, r] : m.services) {
    if (r.done_n >= 3 || r.usual_call_ms >= 0) continue;
    double configured = r.cfg->minutes * 60'000.0;
    double mean = configured;
    if (r.done_n > 0 && configured > 0) {
      double at_windows = static_cast<double>(r.served_ms);  // done, no-shows, transfers
      for (const Engine::Impl::WindowRt& w : m.windows) {
        if (w.st.current.empty()) continue;
        auto it = m.by_number.find(w.st.current);
        if (it == m.by_number.end()) continue;
        const Visit& v = m.tickets[it->second - 1].current();
        if (v.service == code) at_windows += static_cast<double>(now_ms - to_unix_ms(v.called_at));
      }
      double expected = at_windows / configured;  // visits that would have been done at the configured minutes
      if (poisson_at_least(r.done_n, expected) < 0.05) mean = at_windows / r.done_n;
    }
    e.of.emplace_back(&r, mean);
  }
  return e;
}

// What a call from a service's queue costs a window today, ms: the mean from the call to its end over
// the visits ended (done, no-show or transferred on: each cost the window its time). Where the recent
// days have enough calls of the service (kUsualCalls), their mean counts as that many calls more,
// unless today's visits rule it out (ServiceRt::check_usual: then today's alone); otherwise the day's
// own mean once three visits are done, and before, the early mean. A no-show or a transfer in the
// first minutes, quick by nature, is no measure of a visit on its own.
double mean_service_ms(const Engine::Impl::ServiceRt& r, const EarlyMeans& early) {
  if (r.usual_call_ms >= 0) {
    if (r.usual_ruled_out) return static_cast<double>(r.served_ms) / r.served_n;
    return (static_cast<double>(r.served_ms) + kUsualCalls * r.usual_call_ms) / (r.served_n + kUsualCalls);
  }
  return r.done_n >= 3 ? static_cast<double>(r.served_ms) / r.served_n : early.of_service(r);
}

}  // namespace

// The rota as the replay reads it: each window's shifts less their breaks (PlannedWork).
void Engine::Impl::plan_rota(const HallConfig& cfg, LocalDate day) {
  // Minutes from the day's midnight, as the simulator counts them (no daylight saving in a hall's year).
  std::int64_t midnight = to_unix_ms(from_local(day, 0));
  auto at = [&](int minute) { return midnight + minute * std::int64_t{60'000}; };
  for (WindowRt& w : windows) {
    PlannedWork& p = w.plan;
    p = {};
    int last_end = 0;
    for (const Shift& sh : rota) {
      if (sh.window != w.st.number) continue;
      last_end = std::max(last_end, sh.to);
      int from = sh.from;
      std::vector<Interval> breaks = sh.breaks;
      std::sort(breaks.begin(), breaks.end(), [](const Interval& x, const Interval& y) { return x.from < y.from; });
      for (const Interval& b : breaks) {
        if (b.from > from) p.spans.emplace_back(at(from), at(std::min(b.from, sh.to)));
        from = std::max(from, b.to);
      }
      if (from < sh.to) p.spans.emplace_back(at(from), at(sh.to));
    }
    std::sort(p.spans.begin(), p.spans.end());
    std::vector<std::pair<std::int64_t, std::int64_t>> merged;
    for (const auto& sp : p.spans)
      if (!merged.empty() && sp.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, sp.second);
      else
        merged.push_back(sp);
    p.spans = std::move(merged);
    p.serves_out = !p.spans.empty() && last_end >= cfg.closing_minute();
  }
}

namespace {
// A window open now whose rota says otherwise for longer than this is off the plan (a clerk who
// stayed, swapped a break or came without one planned): it plays on as open.
constexpr std::int64_t kOffPlanMs = 15 * 60'000;
// A window closed now although the rota has had it working, and closed, for longer than this is not
// coming in this span: it plays from its next one (the end of its next break, or its next shift).
constexpr std::int64_t kLateMs = 15 * 60'000;

// The replay (QueueNow::replay_s): the windows go on calling in the call order from now, each visit
// lasting its service's mean (the one at a window now: what is left of its mean, and at least a
// third of it), nobody else arriving. A window in the day's rota (Engine::set_rota) keeps to it: it
// takes no one in its planned breaks or after its shifts (at closing it serves everyone left), and
// one closed now opens when its next shift or the end of its break is due; the others play as they
// are now (open ones on and on, closed ones not at all). Where citizens of a service have given up
// waiting today, each one ahead costs its mean times the chance that it is still there when called
// (ServiceRt::give_up_per_ms). Plays on until each of `targets`
// (ordinals) is called: when, in seconds from now (-1: never so). `tails`: queues that get one more
// ticket at their end, of normal priority, taken now (the estimate of a service, Engine::loads);
// the one of tails[i] has the ordinal kTailOrdinal + i. A tail's visit takes no time, so that each
// is called when it would be if it were the only one. `early`: the early means now (early_means).
constexpr std::uint64_t kTailOrdinal = std::uint64_t{1} << 62;

std::vector<double> replay_calls(const Engine::Impl& m, TimePoint now, const EarlyMeans& early,
                                 const std::vector<std::uint64_t>& targets,
                                 const std::vector<const OrderedQueue*>& tails = {}) {
  std::int64_t now_ms = to_unix_ms(now);
  auto service_of = [&](std::string_view service) -> const Engine::Impl::ServiceRt* {
    auto s = m.services.find(std::string(service));
    return s == m.services.end() ? nullptr : &s->second;
  };
  std::vector<CallOrder> orders;
  // Each window's plan (null: not in the rota) and, off it, until when it works regardless.
  struct Planned {
    const PlannedWork* plan = nullptr;
    std::int64_t off_plan_until = std::numeric_limits<std::int64_t>::min();
  };
  std::vector<Planned> plans;
  CallOrder::Cursors cursors;
  using Free = std::pair<double, std::size_t>;  // when a window is free (ms), its order
  std::priority_queue<Free, std::vector<Free>, std::greater<>> free;
  for (const auto& w : m.windows) {
    Planned planned;
    if (!w.plan.spans.empty()) planned.plan = &w.plan;
    bool open = !w.st.clerk.empty() && !w.st.paused;
    double free_ms = static_cast<double>(now_ms);
    if (planned.plan != nullptr) {
      const PlannedWork& plan = *planned.plan;
      std::size_t i = plan.at_or_after(now_ms);
      bool working = i < plan.spans.size() && plan.spans[i].first <= now_ms;
      if (open && !working) {
        // Open where the rota has it off: finishing a visit before a break or the end of its shift,
        // or, for longer than kOffPlanMs (or before its first shift), working off the plan: then it
        // works on until its next span.
        if (i == 0 || now_ms - plan.spans[i - 1].second > kOffPlanMs)
          planned.off_plan_until =
              i < plan.spans.size() ? plan.spans[i].first : std::numeric_limits<std::int64_t>::max();
      } else if (!open) {
        // Due since its span began or it closed, whichever is later (a handover within a merged
        // span, a short pause): not there for longer than kLateMs, it plays from its next span.
        std::int64_t due = i < plan.spans.size() ? std::max(plan.spans[i].first, to_unix_ms(w.st.since)) : 0;
        if (working && now_ms - due > kLateMs) ++i;
        if (i == plan.spans.size()) continue;  // no more work today
        free_ms = static_cast<double>(std::max(now_ms, plan.spans[i].first));
      }
    } else if (!open) {
      continue;
    }
    if (const auto it = m.by_number.find(w.st.current); open && !w.st.current.empty() && it != m.by_number.end()) {
      const Engine::Impl::ServiceRt* r = service_of(m.tickets[it->second - 1].current().service);
      const Visit& v = m.tickets[it->second - 1].current();
      double mean = r != nullptr ? mean_service_ms(*r, early) : 0.0;
      double lasted = static_cast<double>(now_ms - to_unix_ms(v.called_at));
      free_ms += std::max(mean - lasted, mean / 3);
    }
    free.emplace(free_ms, orders.size());
    orders.emplace_back(m, w, now, &cursors);
    plans.push_back(planned);
  }
  for (std::size_t i = 0; i < tails.size(); ++i)
    if (auto c = cursors.find(tails[i]); c != cursors.end()) c->second.tail = QueueKey{0, now_ms, kTailOrdinal + i};
  // The chance that a citizen of `s` waiting now is still there at `t` (ServiceRt::give_up_per_ms).
  // A lambda on purpose: written inline in the loop below, GCC 12 compiled the whole loop worse and
  // every estimate cost 21 µs instead of 13, even with nobody given up (docs/performance.md).
  auto stays = [now_ms](const Engine::Impl::ServiceRt& s, double t) {
    return std::exp(-s.give_up_per_ms(now_ms) * (t - static_cast<double>(now_ms)));
  };
  std::vector<double> called(targets.size(), -1);
  std::size_t left = targets.size();
  while (left > 0 && !free.empty()) {
    auto [free_ms, i] = free.top();
    free.pop();
    if (const auto& [plan, off_plan_until] = plans[i];
        plan != nullptr && free_ms >= static_cast<double>(off_plan_until)) {
      std::size_t at = plan->at_or_after(static_cast<std::int64_t>(free_ms));
      if (at == plan->spans.size() && !plan->serves_out) continue;  // its last shift is over
      if (at < plan->spans.size() && static_cast<double>(plan->spans[at].first) > free_ms) {
        free.emplace(static_cast<double>(plan->spans[at].first), i);  // a break, or the next shift
        continue;
      }
    }
    CallOrder& order = orders[i];
    order.at(static_cast<std::int64_t>(free_ms));
    const Engine::Impl::ServiceRt* from = nullptr;
    std::optional<QueueKey> k = order.next(&from);
    if (!k) continue;  // nothing more for this window: it drops out
    for (std::size_t j = 0; j < targets.size(); ++j)
      if (targets[j] == k->ordinal && called[j] < 0) {
        called[j] = (free_ms - static_cast<double>(now_ms)) / 1000.0;
        --left;
      }
    if (k->ordinal >= kTailOrdinal) {  // takes no time: each tail is called as if it were the only one
      free.emplace(free_ms, i);
      continue;
    }
    if (from == nullptr) from = service_of(m.tickets[k->ordinal - 1].current().service);
    double cost = from != nullptr ? mean_service_ms(*from, early) : 0;
    if (from != nullptr && (from->gave_up > 0 || from->usual_give_up_per_ms > 0)) cost *= stays(*from, free_ms);
    free.emplace(free_ms + cost, i);
  }
  return called;
}

// What the wait estimate is made from (wait_estimate.hpp): the queue, the windows open for it
// now with their skill-weighted capacity, and the calls made from it today. `early` as replay_calls.
QueueNow queue_now(const Engine::Impl& m, std::string_view service, int target_window, int ahead, TimePoint now,
                   const EarlyMeans& early) {
  QueueNow q;
  q.ahead = ahead;
  auto s = m.services.find(std::string(service));
  if (s == m.services.end()) return q;
  const Engine::Impl::ServiceRt& r = s->second;
  std::int64_t now_ms = to_unix_ms(now);
  q.mean_service_s = mean_service_ms(r, early) / 1000.0;
  // The windows open now; with none open, those configured (the hall before it opens).
  bool any_open = std::any_of(m.windows.begin(), m.windows.end(), [&](const Engine::Impl::WindowRt& w) {
    bool serves = target_window > 0 ? w.st.number == target_window : w.cfg->weight_of(service) > 0;
    return serves && !w.st.clerk.empty() && !w.st.paused;
  });
  q.closed = !any_open;
  for (const auto& w : m.windows) {
    if (target_window > 0 ? w.st.number != target_window : w.cfg->weight_of(service) == 0) continue;
    if (!w.plan.spans.empty()) q.planned = true;  // the rota says when it works
    if (any_open && (w.st.clerk.empty() || w.st.paused)) continue;
    ++q.open_windows;
    if (any_open && w.st.current.empty()) q.idle_window = true;
    if (target_window > 0) {
      q.capacity += 1;  // it serves the ticket sent to it next (call order, step 1)
      continue;
    }
    // Its weight for this service among its services with someone waiting (this one counts).
    int mine = 0, total = 0;
    for (const auto& [code, weight] : w.cfg->services) {
      bool counts = code == service;
      if (!counts) {
        auto o = m.services.find(code);
        counts = o != m.services.end() && !o->second.queue.empty();
      }
      if (code == service) mine = weight;
      if (counts) total += weight;
    }
    if (total > 0) q.capacity += static_cast<double>(mine) / total;
  }
  if (target_window > 0) return q;
  if (!r.by_time.empty()) q.head_wait_s = (now_ms - r.by_time.begin()->first) / 1000;
  if (r.last_wait_ms >= 0) q.last_wait_s = r.last_wait_ms / 1000;
  int n = std::min(r.gaps_n, static_cast<int>(r.gaps.size()));
  if (n >= 3) {
    std::int64_t sum = 0;
    for (int i = 0; i < n; ++i) sum += r.gaps[static_cast<std::size_t>(i)];
    q.call_gap_s = static_cast<double>(sum) / n / 1000.0;
  }
  return q;
}

// Whether a replay can say anything: a window serving the queue is open now, or the rota says
// when one will be (a replay where neither holds would play the hall's other queues for nothing).
bool replayed(const QueueNow& q) {
  return !q.closed || q.planned;
}
}  // namespace

QueueNow Engine::queue_now(const Ticket& t) const {
  if (t.state() != TicketState::waiting) return {};
  TimePoint now = clock_.now();
  EarlyMeans early = early_means(*impl_, to_unix_ms(now));
  QueueNow q = domain::queue_now(*impl_, t.current().service, t.current().target_window, ahead(t), now, early);
  if (replayed(q)) q.replay_s = replay_calls(*impl_, now, early, {t.ordinal})[0];
  return q;
}

WaitEstimate Engine::wait_estimate(const Ticket& t) const {
  if (t.state() != TicketState::waiting) return {};
  return estimate_wait(queue_now(t));
}

const QueueNow* Engine::queue_at_issue(const Ticket& t) const {
  const Impl& m = *impl_;
  return m.tells && m.told_ordinal == t.ordinal ? &m.told_from : nullptr;
}

std::int64_t Engine::ewt_s(const Ticket& t) const {
  return wait_estimate(t).s;
}

std::vector<ServiceLoad> Engine::loads() const {
  const Impl& m = *impl_;
  TimePoint now = clock_.now();
  std::vector<ServiceLoad> out;
  EarlyMeans early = early_means(m, to_unix_ms(now));
  // The estimate for a ticket taken now, as take gives it: one replay with such a ticket at the end
  // of each queue that an open window serves, or the rota says one will.
  std::vector<QueueNow> queues;
  std::vector<const OrderedQueue*> tails;
  std::vector<std::uint64_t> targets;
  for (const auto& svc : config_.services) {
    const Impl::ServiceRt& s = m.services.at(svc.code);
    queues.push_back(domain::queue_now(m, svc.code, 0, static_cast<int>(s.queue.size()), now, early));
    if (!replayed(queues.back())) continue;
    targets.push_back(kTailOrdinal + tails.size());
    tails.push_back(&s.queue);
  }
  std::vector<double> replayed_s = replay_calls(m, now, early, targets, tails);
  std::size_t next_tail = 0;
  for (std::size_t i = 0; i < config_.services.size(); ++i) {
    const auto& svc = config_.services[i];
    const Impl::ServiceRt& s = m.services.at(svc.code);
    QueueNow& q = queues[i];
    if (replayed(q)) q.replay_s = replayed_s[next_tail++];
    ServiceLoad l;
    l.service = &svc;
    l.waiting = s.waiting;
    l.issued = s.issued;
    l.ewt_s = estimate_wait(q).s;
    l.longest_wait_s = s.by_time.empty() ? 0 : seconds_between(from_unix_ms(s.by_time.begin()->first), now);
    l.open = issuing_now(config_, svc, now) && (svc.quota == 0 || s.issued < svc.quota);
    out.push_back(l);
  }
  return out;
}

}  // namespace hallq::domain
