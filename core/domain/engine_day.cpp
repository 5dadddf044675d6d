// The engine's day: built, copied for the simulator (replica), restored from the store after a
// restart, told the days before and the rota, and closed at the rollover (tick). Part of the queue
// engine (engine.hpp); its insides are engine_impl.hpp's.
#include <algorithm>
#include <cassert>

#include "core/domain/engine.hpp"
#include "core/domain/engine_impl.hpp"

namespace hallq::domain {

Engine::Engine(const HallConfig& config, const Clock& clock, IdHasher hasher)
    : config_(config), clock_(clock), hasher_(std::move(hasher)), impl_(std::make_unique<Impl>()) {
  day_ = hall_day(clock_.now(), config_.rollover_minute);
  impl_->reset_day(config_, day_);
}

Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::replica(const Clock& clock) const {
  auto r = std::make_unique<Engine>(config_, clock, hasher_);
  r->day_ = day_;
  *r->impl_ = *impl_;  // by value: tickets by ordinal, services and windows by code and number
  Impl& m = *r->impl_;
  m.tells = false;
  m.changes = {};
  m.dirty_tickets.clear();
  m.dirty_windows.clear();
  m.dirty_appointments.clear();
  m.dirty_services.clear();
  return r;
}

void Engine::set_telling(bool on) {
  impl_->tells = on;
}

void Engine::restore(DayState state) {
  Impl& m = *impl_;
  m.reset_day(config_, state.day);
  day_ = state.day;
  // In issue order (sorting indices, not tickets: a busy day has many).
  std::vector<std::uint32_t> order(state.tickets.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return state.tickets[a].ordinal < state.tickets[b].ordinal; });
  m.by_number.reserve(order.size());
  for (std::uint32_t i : order) {
    Ticket& t = state.tickets[i];
    assert(!t.visits.empty());
    t.ordinal = m.tickets.size() + 1;  // dense again, in issue order
    m.by_number.emplace(t.number, t.ordinal);
    if (!t.request_key.empty()) m.by_request.emplace(t.request_key, t.ordinal);
    m.tickets.push_back(std::move(t));
  }
  state.tickets.clear();
  std::vector<const Ticket*> called;
  for (const Ticket& t : m.tickets) {
    if (auto s = m.services.find(t.origin); s != m.services.end()) {
      ++s->second.issued;
      s->second.next_seq = std::max(s->second.next_seq, t.seq + 1);
    }
    if (!t.id_hash.empty()) ++m.per_person[t.id_hash + "/" + t.origin];
    for (const Visit& v : t.visits) {
      m.call_seq = std::max(m.call_seq, v.call_seq);
      // The waits ended today, as note_call, note_cancel and reassign counted them.
      if (v.call_seq > 0) m.note_wait_end(v, v.called_at);
      if (v.call_seq == 0 && v.state == TicketState::cancelled) m.note_cancel(v, v.ended_at, v.reason);
      if (v.call_seq == 0 && v.state == TicketState::transferred) m.note_wait_end(v, v.ended_at);
      if (auto s = m.services.find(v.service); s != m.services.end() && v.call_seq > 0 && v.target_window == 0 &&
                                               to_unix_ms(v.called_at) > s->second.last_call_ms) {
        s->second.last_call_ms = to_unix_ms(v.called_at);
        s->second.last_wait_ms = s->second.last_call_ms - to_unix_ms(v.enqueued_at);
      }
      if (v.call_seq > 0 &&
          (v.state == TicketState::done || v.state == TicketState::no_show || v.state == TicketState::transferred))
        m.note_visit_end(v);
      if (v.state == TicketState::done)
        if (Impl::WindowRt* w = m.window(v.window)) ++w->served;
    }
    if (t.state() == TicketState::waiting) m.enqueue(t, config_);
    if (std::any_of(t.visits.begin(), t.visits.end(), [](const Visit& v) { return v.call_seq > 0; }))
      called.push_back(&t);
  }
  // Recent calls: each number once, by its latest call.
  auto latest = [](const Ticket* t) -> const Visit& {
    return *std::max_element(t->visits.begin(), t->visits.end(),
                             [](const Visit& a, const Visit& b) { return a.call_seq < b.call_seq; });
  };
  std::sort(called.begin(), called.end(),
            [&](const Ticket* a, const Ticket* b) { return latest(a).call_seq > latest(b).call_seq; });
  for (const Ticket* t : called) {
    if (m.recent.size() == kRecentCalls) break;
    const Visit& v = latest(t);
    m.recent.push_back({t->number, v.service, v.window, v.last_call_at, v.last_call_recall});
  }
  for (auto& w : state.windows)
    if (Impl::WindowRt* rt = m.window(w.number)) rt->st = std::move(w);
  m.appointments.clear();
  for (auto& a : state.appointments)
    if (a.day >= day_) m.appointments[{a.day, a.code}] = std::move(a);
  m.dirty_services.clear();
}

void Engine::skip_numbers(const std::map<std::string, int>& issued_up_to) {
  for (const auto& [code, seq] : issued_up_to)
    if (auto it = impl_->services.find(code); it != impl_->services.end())
      it->second.next_seq = std::max(it->second.next_seq, seq + 1);
}

// ---------------------------------------------------------------- the day

void Engine::remember_day(LocalDate day, const std::vector<Ticket>& tickets) {
  impl_->remember_day(day, tickets);
  impl_->apply_recent_days();
}

void Engine::remember_day(LocalDate day, RecentDays::Measures measures) {
  if (measures.empty()) return;
  impl_->recent_days.set_day(day, std::move(measures));
  impl_->apply_recent_days();
}

const RecentDays& Engine::recent_days() const {
  return impl_->recent_days;
}

void Engine::set_rota(std::vector<Shift> shifts) {
  impl_->rota = std::move(shifts);
  impl_->plan_rota(config_, day_);
}

const std::vector<Shift>& Engine::rota() const {
  return impl_->rota;
}

void Engine::tick() {
  TimePoint now = clock_.now();
  LocalDate today = hall_day(now, config_.rollover_minute);
  if (today == day_) return;
  Impl& m = *impl_;
  // Close what is still open and record it.
  int closed = 0;
  for (Ticket& t : m.tickets) {
    TicketState s = t.state();
    if (s != TicketState::waiting && s != TicketState::called) continue;
    if (s == TicketState::waiting) m.dequeue(t, config_);
    Visit& v = t.current();
    v.state = TicketState::cancelled;
    v.reason = "day_end";
    v.ended_at = now;
    m.touch(t);
    ++closed;
  }
  for (auto& w : m.windows) {
    if (w.st.clerk.empty() && !w.st.paused && w.st.current.empty()) continue;
    w.st = WindowState{w.st.number, {}, now, false, {}, {}};
    m.touch(w);
  }
  m.changes.events.push_back({"day_closed", now, day_, {}, 0, {}, {}, std::to_string(closed) + " closed at day end"});
  m.changes.closed_day = day_;
  m.flush_dirty();
  m.remember_day(day_, m.tickets);  // reset_day below applies it
  for (auto it = m.appointments.begin(); it != m.appointments.end();)
    it = it->first.first < today ? m.appointments.erase(it) : std::next(it);
  m.reset_day(config_, today);
  for (auto& w : m.windows) w.st.since = now;
  day_ = today;
}

}  // namespace hallq::domain
