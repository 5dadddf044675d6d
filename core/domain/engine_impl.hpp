#pragma once
// The queue engine's insides, shared by its parts (engine_day.cpp: the day, built,
// restored and closed; engine.cpp: windows, calling and queries; engine_take.cpp:
// taking tickets and check-in; engine_estimate.cpp: the wait estimate and a
// service's load). Not part of hallq_domain's
// interface: included by those files only.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

// Order-statistics tree from libstdc++: O(log n) insert, erase and rank, so
// "people ahead" stays cheap with tens of thousands waiting.
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include "core/domain/engine.hpp"

namespace hallq::domain {

struct QueueKey {
  int neg_rank = 0;
  std::int64_t order_ms = 0;
  std::uint64_t ordinal = 0;
  bool operator<(const QueueKey& o) const {
    return std::tie(neg_rank, order_ms, ordinal) < std::tie(o.neg_rank, o.order_ms, o.ordinal);
  }
};

using OrderedQueue = __gnu_pbds::tree<QueueKey, __gnu_pbds::null_type, std::less<QueueKey>, __gnu_pbds::rb_tree_tag,
                                      __gnu_pbds::tree_order_statistics_node_update>;

constexpr std::size_t kRecentCalls = 20;

// A refusal with its code and a message for the log and the operator.
inline Error err(Code c, std::string message) {
  return Error{c, std::move(message)};
}

// A window's planned working time today from the rota (Engine::set_rota): its shifts less their
// breaks, in order, ms since the epoch. Empty: the window is not in the rota.
struct PlannedWork {
  std::vector<std::pair<std::int64_t, std::int64_t>>
      spans;                // [from, to), merged where one shift hands over to the next
  bool serves_out = false;  // its last shift ends at closing: serves everyone left

  // The span that contains t or the first after it (spans.size(): none).
  std::size_t at_or_after(std::int64_t t) const {
    std::size_t i = 0;
    while (i < spans.size() && spans[i].second <= t) ++i;
    return i;
  }
};

// The recent days (RecentDays) speak for a service once they have this many calls of it, or this
// much waiting for it; and they weigh as that many calls, and that much waiting, against the day's
// own (docs/architecture.md, "Estimated wait").
constexpr int kUsualCalls = 30;
constexpr double kUsualExposureMs = 10 * 3'600'000.0;
// Today's visits rule the recent days' mean out when, at that mean, they would happen less than one
// time in ten thousand (ServiceRt::check_usual). Not one in twenty, as for the configured minutes:
// this is asked again as every visit ends, and at one in twenty a single window's exponential visits
// threw a right mean out several times a day (rush G: 0.78 of the naive error → 0.83; at one in a
// thousand, weekday G with seed 2: 0.80 → 0.84).
constexpr double kRuledOut = 0.0001;

// P(N ≤ k) and P(N ≥ k) for N ~ Poisson(lambda). Past 100, Wilson and Hilferty's cube-root
// approximation of P(Gamma(k + 1) > lambda), which is the same: within about 1% of the exact sum
// at the tails these are asked about (the plain normal one was off by half or twice).
inline double poisson_at_most(int k, double lambda) {
  if (k < 0) return 0;
  if (k > 100) {
    double a = k + 1.0;
    double z = (std::cbrt(lambda / a) - (1 - 1 / (9 * a))) * std::sqrt(9 * a);
    return 0.5 * std::erfc(z / std::sqrt(2.0));
  }
  double term = std::exp(-lambda), sum = term;
  for (int i = 1; i <= k; ++i) sum += term *= lambda / i;
  return std::min(1.0, sum);
}
inline double poisson_at_least(int k, double lambda) {
  return k <= 0 ? 1 : 1 - poisson_at_most(k - 1, lambda);
}

struct Engine::Impl {
  struct ServiceRt {
    const Service* cfg = nullptr;
    OrderedQueue queue;                                        // waiting, not bound to a window
    std::set<std::pair<std::int64_t, std::uint64_t>> by_time;  // all waiting: (enqueued, ordinal)
    int waiting = 0;
    int issued = 0;
    int next_seq = 1;
    // Visits ended at a window (done, no-show or transferred on): the time from the call to the end,
    // summed. What a call from this queue costs a window, on average (the wait estimate).
    std::int64_t served_ms = 0;
    int served_n = 0;
    // Of those, how many were done (served, not a no-show or a transfer): the measured mean counts
    // once three are; before, the ones done weigh against the configured minutes
    // (engine_estimate.cpp, early_means).
    int done_n = 0;
    // Calls from the queue, for the wait estimate (wait_estimate.hpp):
    std::int64_t last_wait_ms = -1;      // the last visit called from it today: its wait
    std::int64_t last_call_ms = -1;      // when that was
    bool left_waiting = false;           // someone was still waiting after that call
    std::array<std::int64_t, 5> gaps{};  // the latest gaps between calls with someone waiting all along
    int gaps_n = 0;                      // how many gaps were measured today (the latest are in gaps)
    // Who gives up waiting (a ticket cancelled while it waits, but for a kiosk's that never reached
    // the citizen): how many today, and the time waited today by everyone whose wait has ended
    // (called, cancelled or sent to another service). With the waits still going on
    // (enqueued_sum_ms), the rate of giving up per ms of waiting (give_up_per_ms).
    int gave_up = 0;
    std::int64_t waited_ms = 0;
    std::int64_t enqueued_sum_ms = 0;  // over by_time

    // Giving up as a constant hazard (exponential patience), estimated as the cancels over the time
    // waited today; 0 until three have given up over two hours of waiting in all, so that a few
    // early cancels do not make every wait short.
    // Where the recent days waited long enough to say (usual_give_up_per_ms), their rate weighs as
    // kUsualExposureMs of waiting against today's.
    double give_up_per_ms(std::int64_t now_ms) const {
      constexpr std::int64_t kMinExposureMs = 2 * 3'600'000;
      // Never below nothing: a clock set back within the day puts `now_ms` before some tickets' issue.
      std::int64_t exposure =
          std::max<std::int64_t>(0, waited_ms + static_cast<std::int64_t>(by_time.size()) * now_ms - enqueued_sum_ms);
      if (usual_give_up_per_ms >= 0)
        return (gave_up + kUsualExposureMs * usual_give_up_per_ms) / (static_cast<double>(exposure) + kUsualExposureMs);
      return gave_up >= 3 && exposure >= kMinExposureMs ? gave_up / static_cast<double>(exposure) : 0;
    }
    // What the recent days say (RecentDays, set each day by apply_recent_days): the mean a call cost a
    // window (-1: too few calls to say), and the rate of giving up per ms of waiting (-1: too little
    // waiting to say).
    double usual_call_ms = -1;
    double usual_give_up_per_ms = -1;
    // Today's visits rule the recent days' mean out (check_usual): a hall that changed, a service now
    // far quicker or slower. Then the mean is today's own.
    bool usual_ruled_out = false;

    // At the recent mean, as many visits done in the time today's calls have taken, or today's calls
    // taking that long in all (fewer than them ending in it), would happen less than kRuledOut of
    // the time (Poisson, as for the configured minutes in engine_estimate.cpp's early_means, but
    // over the calls ended only).
    // Checked as each visit ends: visits of ten seconds where the recent days took ten minutes are
    // ruled out at the third, one of twenty minutes where they took two at the first.
    void check_usual() {
      usual_ruled_out = false;
      if (usual_call_ms < 0 || served_n == 0) return;
      if (usual_call_ms == 0) {  // the recent calls took no measurable time: any time today rules that out
        usual_ruled_out = served_ms > 0;
        return;
      }
      double expected = static_cast<double>(served_ms) / usual_call_ms;
      usual_ruled_out =
          poisson_at_least(done_n, expected) < kRuledOut || poisson_at_most(served_n - 1, expected) < kRuledOut;
    }
  };
  struct WindowRt {
    const Window* cfg = nullptr;
    int total_weight = 0;
    WindowState st;
    OrderedQueue targeted;  // waiting for this window only
    int served = 0;
    PlannedWork plan;  // from the rota (plan_rota)
  };

  std::deque<Ticket> tickets;  // index = ordinal - 1
  std::unordered_map<std::string, std::uint64_t> by_number;
  std::unordered_map<std::string, std::uint64_t> by_request;  // request_key → ordinal
  std::unordered_map<std::string, ServiceRt> services;
  std::vector<WindowRt> windows;
  std::unordered_map<std::string, int> per_person;  // id_hash + '/' + service → tickets today
  std::map<std::pair<LocalDate, std::string>, Appointment> appointments;
  std::deque<CallRecord> recent;  // newest first, one entry per number
  std::uint64_t call_seq = 0;
  std::vector<Shift> rota;  // today's planned shifts (Engine::set_rota)
  RecentDays recent_days;   // the days before today (Engine::remember_day, tick): not reset by a day
  // Whether a ticket issued is told its wait (Ticket::told). A replica's are not: nobody reads them,
  // and the simulator's oracle issues thousands on replicas for every ticket it measures; nor are
  // those of a staffing play (Engine::set_telling).
  bool tells = true;
  // The queue the last ticket issued was told its wait from (Engine::queue_at_issue).
  std::uint64_t told_ordinal = 0;
  QueueNow told_from;

  Changes changes;
  std::set<std::uint64_t> dirty_tickets;
  std::set<int> dirty_windows;
  std::set<std::pair<LocalDate, std::string>> dirty_appointments;
  std::set<std::string> dirty_services;

  WindowRt* window(int number) {
    for (auto& w : windows)
      if (w.st.number == number) return &w;
    return nullptr;
  }
  const WindowRt* window(int number) const { return const_cast<Impl*>(this)->window(number); }

  Ticket* ticket(std::string_view number) {
    auto it = by_number.find(std::string(number));
    return it == by_number.end() ? nullptr : &tickets[it->second - 1];
  }

  void touch(const Ticket& t) { dirty_tickets.insert(t.ordinal); }
  void touch(const WindowRt& w) { dirty_windows.insert(w.st.number); }

  QueueKey key_of(const Ticket& t, const HallConfig& cfg) const {
    const Visit& v = t.current();
    return {-cfg.rank_of(t.priority), to_unix_ms(v.order_at), t.ordinal};
  }

  // A waiting visit joins its queue. Visits for services or windows no longer
  // configured stay recorded but cannot be called (a guide may cancel them).
  void enqueue(const Ticket& t, const HallConfig& cfg) {
    const Visit& v = t.current();
    auto s = services.find(v.service);
    if (s == services.end()) return;
    QueueKey k = key_of(t, cfg);
    if (v.target_window > 0) {
      WindowRt* w = window(v.target_window);
      if (w == nullptr) return;
      w->targeted.insert(k);
    } else {
      s->second.queue.insert(k);
    }
    s->second.by_time.insert({to_unix_ms(v.enqueued_at), t.ordinal});
    s->second.enqueued_sum_ms += to_unix_ms(v.enqueued_at);
    ++s->second.waiting;
    dirty_services.insert(v.service);
  }

  void dequeue(const Ticket& t, const HallConfig& cfg) {
    const Visit& v = t.current();
    auto s = services.find(v.service);
    if (s == services.end()) return;
    QueueKey k = key_of(t, cfg);
    std::size_t erased = 0;
    if (v.target_window > 0) {
      if (WindowRt* w = window(v.target_window)) erased = w->targeted.erase(k);
    } else {
      erased = s->second.queue.erase(k);
    }
    if (erased == 0) return;
    s->second.by_time.erase({to_unix_ms(v.enqueued_at), t.ordinal});
    s->second.enqueued_sum_ms -= to_unix_ms(v.enqueued_at);
    --s->second.waiting;
    dirty_services.insert(v.service);
  }

  // A visit called: its wait counts to the time waited (ServiceRt::waited_ms). Called from its
  // service's queue (not one sent to a window), its wait is also the last-to-enter-service delay,
  // and the gap since the previous call measures the rate at which the queue is served when it
  // never ran empty between them.
  void note_call(const Ticket& t, TimePoint at) {
    const Visit& v = t.current();
    auto s = services.find(v.service);
    if (s == services.end()) return;
    ServiceRt& r = s->second;
    std::int64_t now = to_unix_ms(at);
    note_wait_end(v, at);
    if (v.target_window > 0) return;
    r.last_wait_ms = now - to_unix_ms(v.enqueued_at);
    if (r.left_waiting && r.last_call_ms >= 0) r.gaps[static_cast<std::size_t>(r.gaps_n++ % 5)] = now - r.last_call_ms;
    r.last_call_ms = now;
    r.left_waiting = !r.queue.empty();
  }

  // A waiting visit's wait ended at `at` (called, cancelled, sent to another service): it counts to
  // the time its service's citizens have waited today (ServiceRt::waited_ms).
  void note_wait_end(const Visit& v, TimePoint at) {
    if (auto s = services.find(v.service); s != services.end())
      s->second.waited_ms += to_unix_ms(at) - to_unix_ms(v.enqueued_at);
  }

  // A waiting visit cancelled for `reason`: the citizen gave up (or a guide or the citizen
  // cancelled it), unless it is a kiosk's ticket that never reached the citizen (Engine::kNotDelivered).
  void note_cancel(const Visit& v, TimePoint at, std::string_view reason) {
    note_wait_end(v, at);
    if (auto s = services.find(v.service); s != services.end() && reason != Engine::kNotDelivered) ++s->second.gave_up;
  }

  void note_visit_end(const Visit& v) {
    auto s = services.find(v.service);
    std::int64_t took = (v.ended_at - v.called_at).count();
    if (s == services.end() || took < 0) return;  // a visit whose time ran backwards (a clock set back): no measure
    s->second.served_ms += took;
    ++s->second.served_n;
    if (v.state == TicketState::done) ++s->second.done_n;
    s->second.check_usual();
  }

  void remember_call(const Ticket& t, TimePoint at, bool recall) {
    const Visit& v = t.current();
    std::erase_if(recent, [&](const CallRecord& c) { return c.number == t.number; });
    CallRecord rec{t.number, v.service, v.window, at, recall};
    recent.push_front(rec);
    if (recent.size() > kRecentCalls) recent.pop_back();
    changes.calls.push_back(std::move(rec));
  }

  void flush_dirty() {
    for (auto ord : dirty_tickets) changes.tickets.push_back(tickets[ord - 1]);
    for (int n : dirty_windows)
      if (const WindowRt* w = window(n)) changes.windows.push_back(w->st);
    for (const auto& k : dirty_appointments)
      if (auto it = appointments.find(k); it != appointments.end()) changes.appointments.push_back(it->second);
    for (const auto& s : dirty_services)
      if (std::find(changes.services.begin(), changes.services.end(), s) == changes.services.end())
        changes.services.push_back(s);
    dirty_tickets.clear();
    dirty_windows.clear();
    dirty_appointments.clear();
    dirty_services.clear();
  }

  // Each window's PlannedWork from `rota` (engine_estimate.cpp).
  void plan_rota(const HallConfig& cfg, LocalDate day);

  // Fresh per-day runtime for every configured service and window, and the day's rota.
  void reset_day(const HallConfig& cfg, LocalDate day) {
    rota = cfg.rota_on(day);
    tickets.clear();
    by_number.clear();
    by_request.clear();
    per_person.clear();
    recent.clear();
    call_seq = 0;
    told_ordinal = 0;
    services.clear();
    for (const auto& s : cfg.services) services[s.code].cfg = &s;
    windows.clear();
    for (const auto& w : cfg.windows) {
      WindowRt rt;
      rt.cfg = &w;
      rt.st.number = w.number;
      for (const auto& sw : w.services) rt.total_weight += sw.second;
      windows.push_back(std::move(rt));
    }
    plan_rota(cfg, day);
    apply_recent_days();
  }

  // Each service's usual_call_ms and usual_give_up_per_ms from the recent days.
  // A day's tickets into the recent days; a day the hall issued nothing is none of them.
  template <class Tickets>
  void remember_day(LocalDate day, const Tickets& day_tickets) {
    if (day_tickets.empty()) return;
    RecentDays::Measures measures;
    for (const Ticket& t : day_tickets) ServiceMeasure::add_ticket(t, measures);
    recent_days.set_day(day, std::move(measures));
  }

  void apply_recent_days() {
    for (auto& [code, r] : services) {
      ServiceMeasure u = recent_days.of(code);
      r.usual_call_ms = u.calls >= kUsualCalls ? static_cast<double>(u.call_ms) / u.calls : -1;
      r.usual_give_up_per_ms =
          static_cast<double>(u.waited_ms) >= kUsualExposureMs ? u.gave_up / static_cast<double>(u.waited_ms) : -1;
      r.check_usual();
    }
  }
};

// One window's call order (engine.hpp, steps 1-4) as a lazy merge of the queues
// it calls from: call_next takes the first ticket, waiting_for lists the first
// n. Both go through here so the list a clerk sees is the order they get.
// Valid while the queues are not changed.
class CallOrder {
 public:
  // How far a service's queue has been called: a window's own view (call_next, waiting_for), or
  // shared by several windows (a replay: every window calls a service's queue from its head, so
  // one place per queue serves them all). A replay may add a ticket after the queue's last (`tail`:
  // one taken now, for the estimate of a service, Engine::loads).
  struct Cursor {
    OrderedQueue::const_iterator it;
    std::optional<QueueKey> tail;
  };
  using Cursors = std::unordered_map<const OrderedQueue*, Cursor>;

  CallOrder(const Engine::Impl& m, const Engine::Impl::WindowRt& w, TimePoint now, Cursors* shared = nullptr)
      : targeted_(w.targeted.begin()), targeted_end_(w.targeted.end()), now_ms_(to_unix_ms(now)) {
    for (const auto& [code, weight] : w.cfg->services)
      if (auto s = m.services.find(code); s != m.services.end()) {
        const OrderedQueue& q = s->second.queue;
        Head h{{q.begin(), std::nullopt}, q.end(), nullptr, weight, &s->second};
        if (shared != nullptr) h.shared = &shared->try_emplace(&q, Cursor{q.begin(), std::nullopt}).first->second;
        heads_.push_back(h);  // (unordered_map nodes stay put)
      }
  }

  // The next ticket's queue key, or nullopt when nothing more waits; `from` (when given) gets the
  // service it waits for (null: sent to this window).
  std::optional<QueueKey> next(const Engine::Impl::ServiceRt** from = nullptr) {
    if (from != nullptr) *from = nullptr;
    if (targeted_ != targeted_end_) return *targeted_++;  // 1. transferred here, in order of transfer
    Head* best = nullptr;
    Score best_score{};
    for (Head& h : heads_) {
      const QueueKey* k = h.peek();
      if (k == nullptr) continue;
      Score sc = score(*k, h.weight);
      if (best == nullptr || sc > best_score) {
        best = &h;
        best_score = sc;
      }
    }
    if (best == nullptr) return std::nullopt;
    if (from != nullptr) *from = best->service;
    QueueKey k = *best->peek();
    best->advance();
    return k;
  }

  // The order as the time moves on (a replay): weighted waits grow with it.
  void at(std::int64_t now_ms) { now_ms_ = now_ms; }

 private:
  // 2. higher priority rank, 3. longer weighted wait, 4. issued first.
  using Score = std::tuple<int, std::int64_t, std::int64_t>;
  Score score(const QueueKey& k, int weight) const {
    return {-k.neg_rank, (now_ms_ - k.order_ms) * weight, -static_cast<std::int64_t>(k.ordinal)};
  }

  struct Head {
    Cursor own;
    OrderedQueue::const_iterator end;
    Cursor* shared = nullptr;  // set: the cursor shared with other windows
    int weight = 0;
    const Engine::Impl::ServiceRt* service = nullptr;
    Cursor& at() { return shared != nullptr ? *shared : own; }
    const QueueKey* peek() {
      Cursor& c = at();
      return c.it != end ? &*c.it : (c.tail ? &*c.tail : nullptr);
    }
    void advance() {
      Cursor& c = at();
      if (c.it != end)
        ++c.it;
      else
        c.tail.reset();
    }
  };
  OrderedQueue::const_iterator targeted_, targeted_end_;
  std::vector<Head> heads_;  // one per service of the window
  std::int64_t now_ms_;
};

// Issuing hours: the service's (or the hall's) regular hours plus extended hours,
// on open days. A day boundary at the rollover, not midnight, decides "the day".
bool issuing_now(const HallConfig& c, const Service& s, TimePoint now);

}  // namespace hallq::domain
