// The queue engine's windows and guides: login, pause, call, no-show, finish, transfer, requeue,
// cancel, reassign; and what it answers (queries, stats, the day's state). Its day (built,
// restored, closed) is engine_day.cpp's, taking tickets engine_take.cpp's, the wait estimate
// engine_estimate.cpp's; its insides are engine_impl.hpp's.
#include "core/domain/engine.hpp"

#include <algorithm>
#include <cassert>

#include "core/domain/engine_impl.hpp"
#include "core/domain/id_number.hpp"

namespace hallq::domain {

bool issuing_now(const HallConfig& c, const Service& s, TimePoint now) {
  LocalTime lt = to_local(now);
  return c.issues(s, lt.date, lt.minute);
}

// ---------------------------------------------------------------- windows

namespace {
std::string wname(int n) {
  return "window " + std::to_string(n);
}
}  // namespace

Outcome<Done> Engine::login(int window, std::string_view clerk_id) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(window);
  if (w == nullptr) return err(Code::not_found, "no " + wname(window));
  const Clerk* clerk = config_.clerk(clerk_id);
  if (clerk == nullptr) return err(Code::not_found, "no clerk \"" + std::string(clerk_id) + "\"");
  TimePoint now = clock_.now();
  if (!w->st.current.empty() && w->st.clerk != clerk->id)
    return err(Code::invalid_state, wname(window) + " is serving " + w->st.current + "; finish it first");
  for (auto& other : m.windows) {
    if (&other == w || other.st.clerk != clerk->id) continue;
    if (!other.st.current.empty())
      return err(Code::invalid_state,
                 "clerk " + clerk->id + " is serving " + other.st.current + " at " + wname(other.st.number));
    other.st = WindowState{other.st.number, {}, now, false, {}, {}};
    m.touch(other);
    m.changes.events.push_back({"logout", now, day_, {}, other.st.number, {}, clerk->id, "moved"});
  }
  if (w->st.clerk != clerk->id) {
    w->st.clerk = clerk->id;
    w->st.paused = false;
    w->st.pause_reason.clear();
    w->st.since = now;
  }
  m.touch(*w);
  m.changes.events.push_back({"login", now, day_, {}, window, {}, clerk->id, {}});
  return Done{};
}

Outcome<Done> Engine::logout(int window) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(window);
  if (w == nullptr) return err(Code::not_found, "no " + wname(window));
  if (w->st.clerk.empty()) return err(Code::invalid_state, "nobody is logged in at " + wname(window));
  if (!w->st.current.empty())
    return err(Code::invalid_state, wname(window) + " is serving " + w->st.current + "; finish it first");
  TimePoint now = clock_.now();
  std::string clerk = w->st.clerk;
  w->st = WindowState{window, {}, now, false, {}, {}};
  m.touch(*w);
  m.changes.events.push_back({"logout", now, day_, {}, window, {}, clerk, {}});
  return Done{};
}

namespace {
// The shared checks before a window may act.
template <typename W>
std::optional<Error> window_ready(W* w, int window, bool allow_paused) {
  if (w == nullptr) return Error{Code::not_found, "no " + wname(window)};
  if (w->st.clerk.empty()) return Error{Code::forbidden, "no clerk is logged in at " + wname(window)};
  if (w->st.paused && !allow_paused) return Error{Code::invalid_state, wname(window) + " is paused; resume first"};
  return std::nullopt;
}
}  // namespace

Outcome<Done> Engine::pause(int window, std::string_view reason) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(window);
  if (auto e = window_ready(w, window, true)) return *e;
  if (reason.empty() || reason.size() > 200) return err(Code::bad_request, "a pause needs a reason (1-200 bytes)");
  if (w->st.paused) return err(Code::invalid_state, wname(window) + " is already paused");
  if (!w->st.current.empty())
    return err(Code::invalid_state, wname(window) + " is serving " + w->st.current + "; finish it first");
  TimePoint now = clock_.now();
  w->st.paused = true;
  w->st.pause_reason = std::string(reason);
  w->st.since = now;
  m.touch(*w);
  m.changes.events.push_back({"paused", now, day_, {}, window, {}, w->st.clerk, std::string(reason)});
  return Done{};
}

Outcome<Done> Engine::resume(int window) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(window);
  if (auto e = window_ready(w, window, true)) return *e;
  if (!w->st.paused) return err(Code::invalid_state, wname(window) + " is not paused");
  TimePoint now = clock_.now();
  w->st.paused = false;
  w->st.pause_reason.clear();
  w->st.since = now;
  m.touch(*w);
  m.changes.events.push_back({"resumed", now, day_, {}, window, {}, w->st.clerk, {}});
  return Done{};
}

// ---------------------------------------------------------------- calling

namespace {
// Ends the window's current visit (done / no_show / transferred).
void end_current(Engine::Impl& m, Engine::Impl::WindowRt& w, TicketState state, TimePoint now, const LocalDate& day,
                 const char* kind, std::string detail = {}) {
  Ticket* t = m.ticket(w.st.current);
  assert(t != nullptr);
  Visit& v = t->current();
  v.state = state;
  v.ended_at = now;
  if (state == TicketState::done) ++w.served;
  m.note_visit_end(v);
  m.touch(*t);
  w.st.current.clear();
  w.st.since = now;
  m.touch(w);
  m.changes.events.push_back({kind, now, day, t->number, w.st.number, v.service, w.st.clerk, std::move(detail)});
}

void start_call(Engine::Impl& m, Engine::Impl::WindowRt& w, Ticket& t, TimePoint now, const LocalDate& day) {
  Visit& v = t.current();
  v.state = TicketState::called;
  v.called_at = v.last_call_at = now;
  v.window = w.st.number;
  v.clerk = w.st.clerk;
  v.call_seq = ++m.call_seq;
  v.last_call_recall = false;
  w.st.current = t.number;
  w.st.since = now;
  m.touch(t);
  m.touch(w);
  m.remember_call(t, now, false);
  m.changes.events.push_back({"called", now, day, t.number, w.st.number, v.service, w.st.clerk, {}});
}
}  // namespace

Outcome<const Ticket*> Engine::call_next(int window) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(window);
  if (auto e = window_ready(w, window, false)) return *e;
  TimePoint now = clock_.now();
  if (!w->st.current.empty()) end_current(m, *w, TicketState::done, now, day_, "finished", "by call");
  std::optional<QueueKey> best = CallOrder(m, *w, now).next();
  if (!best) return err(Code::queue_empty, "nobody is waiting for " + wname(window));
  Ticket& t = m.tickets[best->ordinal - 1];
  m.dequeue(t, config_);
  m.note_call(t, now);
  start_call(m, *w, t, now, day_);
  return &t;
}

Outcome<const Ticket*> Engine::call_number(int window, std::string_view number) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(window);
  if (auto e = window_ready(w, window, false)) return *e;
  Ticket* t = m.ticket(number);
  if (t == nullptr) return err(Code::not_found, "no ticket " + std::string(number) + " today");
  if (w->st.current == t->number)
    return err(Code::invalid_state, t->number + " is already being served here; recall it instead");
  const Visit& v = t->current();
  TimePoint now = clock_.now();
  if (v.state == TicketState::waiting) {
    bool allowed = v.target_window == window || (v.target_window == 0 && w->cfg->weight_of(v.service) > 0);
    if (!allowed)
      return err(Code::invalid_state, t->number + " waits for " +
                                          (v.target_window ? wname(v.target_window) : "service " + v.service) +
                                          ", not served at " + wname(window));
  } else if (v.state == TicketState::no_show) {
    if (w->cfg->weight_of(v.service) == 0)
      return err(Code::invalid_state, "service " + v.service + " is not served at " + wname(window));
  } else {
    return err(Code::invalid_state, t->number + " is " + std::string(to_string(v.state)));
  }
  if (!w->st.current.empty()) end_current(m, *w, TicketState::done, now, day_, "finished", "by call");
  if (t->state() == TicketState::waiting) {
    m.dequeue(*t, config_);
    m.note_call(*t, now);
  } else {  // a late citizen after a no-show: a new visit, called at once
    Visit again;
    again.service = t->current().service;
    again.enqueued_at = now;
    again.order_at = t->issued_at;
    t->visits.push_back(std::move(again));
  }
  start_call(m, *w, *t, now, day_);
  return t;
}

Outcome<const Ticket*> Engine::recall(int window) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(window);
  if (auto e = window_ready(w, window, true)) return *e;
  if (w->st.current.empty()) return err(Code::invalid_state, "nobody is being served at " + wname(window));
  TimePoint now = clock_.now();
  Ticket* t = m.ticket(w->st.current);
  Visit& v = t->current();
  ++v.recalls;
  v.call_seq = ++m.call_seq;
  v.last_call_at = now;
  v.last_call_recall = true;
  m.touch(*t);
  m.remember_call(*t, now, true);
  m.changes.events.push_back(
      {"recalled", now, day_, t->number, window, v.service, w->st.clerk, std::to_string(v.recalls)});
  return t;
}

Outcome<const Ticket*> Engine::no_show(int window) {
  return end_serving(window, TicketState::no_show, "no_show");
}

Outcome<const Ticket*> Engine::finish(int window) {
  return end_serving(window, TicketState::done, "finished");
}

Outcome<const Ticket*> Engine::end_serving(int window, TicketState state, const char* event) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(window);
  if (auto e = window_ready(w, window, true)) return *e;
  if (w->st.current.empty()) return err(Code::invalid_state, "nobody is being served at " + wname(window));
  Ticket* t = m.ticket(w->st.current);
  end_current(m, *w, state, clock_.now(), day_, event);
  return t;
}

Outcome<const Ticket*> Engine::transfer(const TransferArgs& args) {
  tick();
  Impl& m = *impl_;
  Impl::WindowRt* w = m.window(args.window);
  if (auto e = window_ready(w, args.window, true)) return *e;
  bool to_service = !args.to_service.empty();
  if (to_service == (args.to_window > 0)) return err(Code::bad_request, "give exactly one of to_service and to_window");
  if (to_service && config_.service(args.to_service) == nullptr)
    return err(Code::not_found, "no service \"" + args.to_service + "\"");
  if (!to_service && config_.window(args.to_window) == nullptr)
    return err(Code::not_found, "no " + wname(args.to_window));
  if (!to_service && args.to_window == args.window) return err(Code::bad_request, "cannot transfer to the same window");
  if (w->st.current.empty()) return err(Code::invalid_state, "nobody is being served at " + wname(args.window));
  TimePoint now = clock_.now();
  Ticket* t = m.ticket(w->st.current);
  // Back into its own queue would put it ahead of everyone by its issue time: not a transfer.
  if (to_service && args.to_service == t->current().service)
    return err(Code::invalid_state, t->number + " is already for service " + args.to_service +
                                        ": transfer it to another service, or to a window");
  std::string service = to_service ? args.to_service : t->current().service;
  end_current(m, *w, TicketState::transferred, now, day_, "transferred",
              to_service ? "to service " + service : "to " + wname(args.to_window));
  Visit next;
  next.service = service;
  next.target_window = to_service ? 0 : args.to_window;
  next.enqueued_at = now;
  next.order_at = to_service ? t->issued_at : now;
  t->visits.push_back(std::move(next));
  m.enqueue(*t, config_);
  return t;
}

Outcome<const Ticket*> Engine::requeue(std::string_view number) {
  tick();
  Impl& m = *impl_;
  Ticket* t = m.ticket(number);
  if (t == nullptr) return err(Code::not_found, "no ticket " + std::string(number) + " today");
  if (t->state() != TicketState::no_show)
    return err(Code::invalid_state, t->number + " is " + std::string(to_string(t->state())) + ", not a no-show");
  TimePoint now = clock_.now();
  Visit again;
  again.service = t->current().service;
  again.enqueued_at = now;
  again.order_at = t->issued_at;
  t->visits.push_back(std::move(again));
  m.enqueue(*t, config_);
  m.touch(*t);
  m.changes.events.push_back({"requeued", now, day_, t->number, 0, t->current().service, {}, {}});
  return t;
}

Outcome<const Ticket*> Engine::cancel(std::string_view number, std::string_view reason) {
  tick();
  Impl& m = *impl_;
  Ticket* t = m.ticket(number);
  if (t == nullptr) return err(Code::not_found, "no ticket " + std::string(number) + " today");
  if (t->state() != TicketState::waiting)
    return err(Code::invalid_state, t->number + " is " + std::string(to_string(t->state())) + ", not waiting");
  TimePoint now = clock_.now();
  m.dequeue(*t, config_);
  Visit& v = t->current();
  v.state = TicketState::cancelled;
  v.ended_at = now;
  v.reason = reason.empty() ? "cancelled" : std::string(reason);  // its length is the caller's rule
  m.note_cancel(v, now, v.reason);
  m.touch(*t);
  m.changes.events.push_back({"cancelled", now, day_, t->number, 0, v.service, {}, v.reason});
  return t;
}

Outcome<const Ticket*> Engine::reassign(std::string_view number, std::string_view to_service, std::string_view reason) {
  tick();
  Impl& m = *impl_;
  Ticket* t = m.ticket(number);
  if (t == nullptr) return err(Code::not_found, "no ticket " + std::string(number) + " today");
  if (t->state() != TicketState::waiting)
    return err(Code::invalid_state, t->number + " is " + std::string(to_string(t->state())) + ", not waiting");
  const Service* to = config_.service(to_service);
  if (to == nullptr) return err(Code::not_found, "no service \"" + std::string(to_service) + "\"");
  // Nobody has seen this citizen's ID card: a real-name service's tickets all carry one (its quota per
  // person, the pickup window's cases found by it). At a window the clerk can send them to take one.
  if (to->real_name && t->id_hash.empty())
    return err(Code::bad_request, "service " + to->code + " requires an ID card (real-name ticket): " + t->number +
                                      " was issued without one");
  if (t->current().service == to_service && t->current().target_window == 0)
    return err(Code::bad_request, t->number + " already waits for " + std::string(to_service));
  TimePoint now = clock_.now();
  m.dequeue(*t, config_);
  m.note_wait_end(t->current(), now);
  Visit& v = t->current();
  v.state = TicketState::transferred;
  v.ended_at = now;
  v.reason = std::string(reason);
  std::string from = v.service;
  Visit next;
  next.service = std::string(to_service);
  next.enqueued_at = now;
  next.order_at = t->issued_at;  // it has already waited
  t->visits.push_back(std::move(next));
  m.enqueue(*t, config_);
  m.touch(*t);
  m.changes.events.push_back({"reassigned",
                              now,
                              day_,
                              t->number,
                              0,
                              std::string(to_service),
                              {},
                              "from service " + from + (reason.empty() ? "" : ": " + std::string(reason))});
  return t;
}

// ---------------------------------------------------------------- queries

std::vector<const Appointment*> Engine::appointments(LocalDate day) const {
  std::vector<const Appointment*> out;
  for (auto it = impl_->appointments.lower_bound({day, std::string()});
       it != impl_->appointments.end() && it->first.first == day; ++it)
    out.push_back(&it->second);
  std::stable_sort(out.begin(), out.end(),
                   [](const Appointment* a, const Appointment* b) { return a->slot_minute < b->slot_minute; });
  return out;
}

std::vector<const Ticket*> Engine::tickets() const {
  std::vector<const Ticket*> all;
  all.reserve(impl_->tickets.size());
  for (const Ticket& t : impl_->tickets) all.push_back(&t);
  return all;
}

const Ticket* Engine::find(std::string_view number) const {
  return impl_->ticket(number);
}

const Ticket* Engine::find_request(std::string_view request_key) const {
  if (request_key.empty()) return nullptr;
  auto it = impl_->by_request.find(std::string(request_key));
  return it == impl_->by_request.end() ? nullptr : &impl_->tickets[it->second - 1];
}

int Engine::ahead(const Ticket& t) const {
  if (t.state() != TicketState::waiting) return 0;
  const Impl& m = *impl_;
  const Visit& v = t.current();
  QueueKey k = m.key_of(t, config_);
  if (v.target_window > 0) {
    const Impl::WindowRt* w = m.window(v.target_window);
    return w ? static_cast<int>(w->targeted.order_of_key(k)) : 0;
  }
  auto s = m.services.find(v.service);
  return s == m.services.end() ? 0 : static_cast<int>(s->second.queue.order_of_key(k));
}

const WindowState* Engine::window_state(int number) const {
  const Impl::WindowRt* w = impl_->window(number);
  return w ? &w->st : nullptr;
}

std::string_view Engine::window_status(const WindowState& w) const {
  if (w.clerk.empty()) return "closed";
  if (w.paused) return "paused";
  return w.current.empty() ? "idle" : "serving";
}

int Engine::served_at(int window) const {
  const Impl::WindowRt* w = impl_->window(window);
  return w ? w->served : 0;
}

std::vector<CallRecord> Engine::recent_calls(std::size_t n) const {
  const auto& r = impl_->recent;
  return {r.begin(), r.begin() + static_cast<std::ptrdiff_t>(std::min(n, r.size()))};
}

std::vector<const Ticket*> Engine::waiting_for(int window, std::size_t max) const {
  const Impl& m = *impl_;
  std::vector<const Ticket*> out;
  const Impl::WindowRt* w = m.window(window);
  if (w == nullptr) return out;
  CallOrder order(m, *w, clock_.now());
  while (out.size() < max) {
    std::optional<QueueKey> k = order.next();
    if (!k) break;
    out.push_back(&m.tickets[k->ordinal - 1]);
  }
  return out;
}

Stats Engine::stats() const {
  std::vector<const Ticket*> all;
  all.reserve(impl_->tickets.size());
  for (const Ticket& t : impl_->tickets) all.push_back(&t);
  return compute_stats(day_, all, config_);
}

DayState Engine::state() const {
  DayState s;
  s.day = day_;
  s.tickets.assign(impl_->tickets.begin(), impl_->tickets.end());
  for (const auto& w : impl_->windows) s.windows.push_back(w.st);
  for (const auto& [k, a] : impl_->appointments) s.appointments.push_back(a);
  return s;
}

std::size_t Engine::ticket_count() const {
  return impl_->tickets.size();
}

std::string Engine::hash_id(std::string_view id_number) const {
  if (!valid_id_number(id_number)) return {};
  return hasher_(normalize_id_number(id_number));
}

Changes Engine::take_changes() {
  impl_->flush_dirty();
  Changes out = std::move(impl_->changes);
  impl_->changes = Changes{};
  return out;
}

}  // namespace hallq::domain
