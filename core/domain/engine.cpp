#include "core/domain/engine.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdio>
#include <functional>
#include <queue>
#include <tuple>

// Order-statistics tree from libstdc++: O(log n) insert, erase and rank, so
// "people ahead" stays cheap with tens of thousands waiting.
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include "core/domain/id_number.hpp"

namespace hallq::domain {
namespace {

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

std::string format_number(const Service& s, int seq) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%0*d", s.digits, seq);
  return s.code + digits;
}

Error err(Code c, std::string message) {
  return Error{c, std::move(message)};
}

}  // namespace

struct Engine::Impl {
  struct ServiceRt {
    const Service* cfg = nullptr;
    OrderedQueue queue;                                        // waiting, not bound to a window
    std::set<std::pair<std::int64_t, std::uint64_t>> by_time;  // all waiting: (enqueued, ordinal)
    int waiting = 0;
    int issued = 0;
    int next_seq = 1;
    std::int64_t served_ms = 0;  // sum of service times of done visits
    int served_n = 0;
    // Calls from the queue, for the wait estimate (wait_estimate.hpp):
    std::int64_t last_wait_ms = -1;      // the last visit called from it today: its wait
    std::int64_t last_call_ms = -1;      // when that was
    bool left_waiting = false;           // someone was still waiting after that call
    std::array<std::int64_t, 5> gaps{};  // the latest gaps between calls with someone waiting all along
    int gaps_n = 0;                      // how many gaps were measured today (the latest are in gaps)
  };
  struct WindowRt {
    const Window* cfg = nullptr;
    int total_weight = 0;
    WindowState st;
    OrderedQueue targeted;  // waiting for this window only
    int served = 0;
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
    --s->second.waiting;
    dirty_services.insert(v.service);
  }

  // A visit called from its service's queue (not one sent to a window): its wait is the
  // last-to-enter-service delay, and the gap since the previous call measures the rate
  // at which the queue is served when it never ran empty between them.
  void note_call(const Ticket& t, TimePoint at) {
    const Visit& v = t.current();
    if (v.target_window > 0) return;
    auto s = services.find(v.service);
    if (s == services.end()) return;
    ServiceRt& r = s->second;
    std::int64_t now = to_unix_ms(at);
    r.last_wait_ms = now - to_unix_ms(v.enqueued_at);
    if (r.left_waiting && r.last_call_ms >= 0) r.gaps[static_cast<std::size_t>(r.gaps_n++ % 5)] = now - r.last_call_ms;
    r.last_call_ms = now;
    r.left_waiting = !r.queue.empty();
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

  // Fresh per-day runtime for every configured service and window.
  void reset_day(const HallConfig& cfg) {
    tickets.clear();
    by_number.clear();
    by_request.clear();
    per_person.clear();
    recent.clear();
    call_seq = 0;
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
  }
};

Engine::Engine(const HallConfig& config, const Clock& clock, IdHasher hasher)
    : config_(config), clock_(clock), hasher_(std::move(hasher)), impl_(std::make_unique<Impl>()) {
  day_ = hall_day(clock_.now(), config_.rollover_minute);
  impl_->reset_day(config_);
}

Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::replica(const Clock& clock) const {
  auto r = std::make_unique<Engine>(config_, clock, hasher_);
  r->day_ = day_;
  *r->impl_ = *impl_;  // by value: tickets by ordinal, services and windows by code and number
  Impl& m = *r->impl_;
  m.changes = {};
  m.dirty_tickets.clear();
  m.dirty_windows.clear();
  m.dirty_appointments.clear();
  m.dirty_services.clear();
  return r;
}

void Engine::restore(DayState state) {
  Impl& m = *impl_;
  m.reset_day(config_);
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
      if (v.call_seq > 0 && v.target_window == 0)
        if (auto s = m.services.find(v.service);
            s != m.services.end() && to_unix_ms(v.called_at) > s->second.last_call_ms) {
          s->second.last_call_ms = to_unix_ms(v.called_at);
          s->second.last_wait_ms = s->second.last_call_ms - to_unix_ms(v.enqueued_at);
        }
      if (v.state == TicketState::done) {
        if (auto s = m.services.find(v.service); s != m.services.end()) {
          s->second.served_ms += (v.ended_at - v.called_at).count();
          ++s->second.served_n;
        }
        if (Impl::WindowRt* w = m.window(v.window)) ++w->served;
      }
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
  for (auto it = m.appointments.begin(); it != m.appointments.end();)
    it = it->first.first < today ? m.appointments.erase(it) : std::next(it);
  m.reset_day(config_);
  for (auto& w : m.windows) w.st.since = now;
  day_ = today;
}

namespace {
bool in_any(const std::vector<Interval>& v, int minute) {
  return std::any_of(v.begin(), v.end(), [&](const Interval& i) { return i.contains(minute); });
}

// Issuing hours: the service's (or the hall's) regular hours plus extended hours,
// on open days. A day boundary at the rollover, not midnight, decides "the day".
bool issuing_now(const HallConfig& c, const Service& s, TimePoint now) {
  LocalTime lt = to_local(now);
  if (!c.open_on(lt.date)) return false;
  const auto& hours = s.hours.empty() ? c.hours : s.hours;
  if (hours.empty() && s.extended_hours.empty()) return true;
  return in_any(hours, lt.minute) || in_any(s.extended_hours, lt.minute);
}

std::string describe_hours(const HallConfig& c, const Service& s) {
  std::string out;
  auto add = [&](const std::vector<Interval>& v) {
    for (const auto& i : v) out += (out.empty() ? "" : ", ") + format_hhmm(i.from) + "-" + format_hhmm(i.to);
  };
  add(s.hours.empty() ? c.hours : s.hours);
  add(s.extended_hours);
  return out.empty() ? "all day" : out;
}
}  // namespace

// ---------------------------------------------------------------- taking tickets

Outcome<const Ticket*> Engine::take(const TakeArgs& args) {
  tick();
  Impl& m = *impl_;
  TimePoint now = clock_.now();
  const Service* svc = config_.service(args.service);
  if (svc == nullptr) return err(Code::not_found, "no service \"" + args.service + "\"");
  if (const Ticket* again = find_request(args.by.request_key)) {
    if (again->origin != svc->code)
      return err(Code::bad_request, "request_key was already used for ticket " + again->number);
    return again;
  }
  if (!args.by.language.empty() && !known_language(args.by.language))
    return err(Code::bad_request, "language must be zh, mn or en");
  if (!issuing_now(config_, *svc, now))
    return err(Code::outside_hours,
               "service " + svc->code + " issues tickets on open days, " + describe_hours(config_, *svc));
  Impl::ServiceRt& rt = m.services[svc->code];
  if (svc->quota > 0 && rt.issued >= svc->quota)
    return err(Code::quota_exhausted,
               "today's " + std::to_string(svc->quota) + " tickets for service " + svc->code + " are all taken");
  if (!args.priority.empty() && args.priority != "normal" && config_.priority(args.priority) == nullptr)
    return err(Code::bad_request, "no priority class \"" + args.priority + "\"");
  std::string id_hash, id_masked;
  std::string priority = args.priority.empty() ? "normal" : args.priority;
  if (!args.id_number.empty()) {
    if (!valid_id_number(args.id_number))
      return err(Code::bad_request, "id_number is not a valid resident ID number (GB 11643)");
    std::string id = normalize_id_number(args.id_number);
    id_hash = hasher_(id);
    id_masked = mask_id_number(id);
    if (svc->per_person > 0 && m.per_person[id_hash + "/" + svc->code] >= svc->per_person)
      return err(Code::limit_exceeded, "this person already has " + std::to_string(svc->per_person) +
                                           " ticket(s) for service " + svc->code + " today");
    if (args.priority.empty()) {
      int age = age_on(*id_birth_date(id), to_local(now).date);
      int best = 0;
      for (const auto& p : config_.priorities)
        if (p.min_age > 0 && age >= p.min_age && p.rank > best) {
          best = p.rank;
          priority = p.id;
        }
    }
  } else if (!args.known_id_hash.empty()) {
    id_hash = args.known_id_hash;
    id_masked = args.known_id_masked;
  } else if (svc->real_name) {
    return err(Code::bad_request, "service " + svc->code + " requires an ID card (real-name ticket)");
  }
  Ticket t;
  t.priority = priority;
  t.channel = args.channel;
  t.id_hash = std::move(id_hash);
  t.id_masked = std::move(id_masked);
  if (!args.name.empty()) t.name_masked = mask_name(args.name);
  if (t.name_masked.empty()) t.name_masked = args.known_name_masked;
  t.request_key = args.by.request_key;
  t.issued_by = args.by.device;
  t.language = args.by.language;
  std::string detail = t.channel;
  return &issue(std::move(t), *svc, now, "issued", std::move(detail));
}

const Ticket& Engine::issue(Ticket t, const Service& svc, TimePoint now, const char* kind, std::string detail) {
  Impl& m = *impl_;
  Impl::ServiceRt& rt = m.services[svc.code];
  t.day = day_;
  t.seq = rt.next_seq++;
  t.number = format_number(svc, t.seq);
  t.origin = svc.code;
  t.ordinal = m.tickets.size() + 1;
  t.issued_at = now;
  Visit v;
  v.service = svc.code;
  v.enqueued_at = v.order_at = now;
  t.visits.assign(1, std::move(v));
  ++rt.issued;
  if (!t.id_hash.empty()) ++m.per_person[t.id_hash + "/" + svc.code];
  m.by_number[t.number] = t.ordinal;
  if (!t.request_key.empty()) m.by_request[t.request_key] = t.ordinal;
  m.tickets.push_back(std::move(t));
  const Ticket& issued = m.tickets.back();
  m.enqueue(issued, config_);
  m.touch(issued);
  m.changes.events.push_back({kind, now, day_, issued.number, 0, svc.code, {}, std::move(detail)});
  return issued;
}

namespace {
Outcome<const Ticket*> appointment_window_error(const Appointment& a, const AppointmentRules& r, TimePoint now) {
  TimePoint slot = from_local(a.day, a.slot_minute);
  TimePoint opens = slot - std::chrono::minutes{r.checkin_before_min};
  TimePoint closes = slot + std::chrono::minutes{r.checkin_after_min};
  if (now < opens)
    return Error{Code::outside_hours,
                 "check-in for appointment " + a.code + " opens at " + format_hhmm(to_local(opens).minute)};
  if (now > closes)
    return Error{Code::outside_hours,
                 "check-in for appointment " + a.code + " closed at " + format_hhmm(to_local(closes).minute)};
  return static_cast<const Ticket*>(nullptr);
}
}  // namespace

Outcome<const Ticket*> Engine::checkin_code(std::string_view code, const Issuer& by) {
  tick();
  Impl& m = *impl_;
  if (const Ticket* again = find_request(by.request_key)) return again;
  if (!by.language.empty() && !known_language(by.language))
    return err(Code::bad_request, "language must be zh, mn or en");
  auto it = m.appointments.find({day_, std::string(code)});
  if (it == m.appointments.end()) return err(Code::not_found, "no appointment \"" + std::string(code) + "\" today");
  Appointment& a = it->second;
  if (!a.ticket.empty())
    return err(Code::invalid_state, "appointment " + a.code + " is already checked in as " + a.ticket);
  TimePoint now = clock_.now();
  if (auto e = appointment_window_error(a, config_.appointments, now); !e) return e;
  const Service* svc = config_.service(a.service);
  if (svc == nullptr) return err(Code::not_found, "appointment " + a.code + " is for unknown service " + a.service);
  Ticket t;
  t.priority = config_.appointments.priority.empty() ? "normal" : config_.appointments.priority;
  t.channel = "appointment";
  t.id_hash = a.id_hash;
  t.id_masked = a.id_masked;
  t.name_masked = a.name_masked;
  t.appointment = a.code;
  t.request_key = by.request_key;
  t.issued_by = by.device;
  t.language = by.language;
  const Ticket& issued = issue(std::move(t), *svc, now, "checked_in", a.code);
  a.ticket = issued.number;
  m.dirty_appointments.insert(it->first);
  return &issued;
}

Outcome<const Ticket*> Engine::checkin_id(std::string_view id_number, const Issuer& by) {
  tick();
  if (const Ticket* again = find_request(by.request_key)) return again;
  if (!valid_id_number(id_number))
    return err(Code::bad_request, "id_number is not a valid resident ID number (GB 11643)");
  std::string hash = hasher_(normalize_id_number(id_number));
  TimePoint now = clock_.now();
  const Appointment* nearest = nullptr;
  std::int64_t nearest_gap = 0;
  for (const auto& [key, a] : impl_->appointments) {
    if (key.first != day_ || a.id_hash != hash || !a.ticket.empty()) continue;
    if (appointment_window_error(a, config_.appointments, now)) return checkin_code(a.code, by);
    std::int64_t gap = std::abs((from_local(a.day, a.slot_minute) - now).count());
    if (nearest == nullptr || gap < nearest_gap) {
      nearest = &a;
      nearest_gap = gap;
    }
  }
  if (nearest != nullptr) return appointment_window_error(*nearest, config_.appointments, now);
  return err(Code::not_found, "no appointment for this ID card today");
}

Outcome<int> Engine::import_appointments(LocalDate day, const std::vector<AppointmentArgs>& list) {
  tick();
  Impl& m = *impl_;
  if (day < day_) return err(Code::bad_request, "cannot import appointments for a past day (" + day.str() + ")");
  std::vector<Appointment> parsed;
  std::set<std::string> codes;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const AppointmentArgs& a = list[i];
    std::string where = "appointment " + std::to_string(i + 1);
    if (a.code.empty() || a.code.size() > 32) return err(Code::bad_request, where + ": code must be 1-32 characters");
    if (!codes.insert(a.code).second) return err(Code::bad_request, where + ": code " + a.code + " appears twice");
    if (config_.service(a.service) == nullptr)
      return err(Code::bad_request, where + ": no service \"" + a.service + "\"");
    auto minute = parse_hhmm(a.time);
    if (!minute || *minute >= 1440) return err(Code::bad_request, where + ": time must be HH:MM");
    Appointment ap;
    ap.code = a.code;
    ap.day = day;
    ap.service = a.service;
    ap.slot_minute = *minute;
    if (!a.id_number.empty()) {
      if (!valid_id_number(a.id_number)) return err(Code::bad_request, where + ": invalid ID number");
      std::string id = normalize_id_number(a.id_number);
      ap.id_hash = hasher_(id);
      ap.id_masked = mask_id_number(id);
    }
    if (!a.name.empty()) ap.name_masked = mask_name(a.name);
    if (auto it = m.appointments.find({day, a.code}); it != m.appointments.end() && !it->second.ticket.empty())
      return err(Code::invalid_state, where + ": " + a.code + " is already checked in");
    parsed.push_back(std::move(ap));
  }
  for (auto& a : parsed) {
    auto key = std::make_pair(day, a.code);
    m.appointments[key] = std::move(a);
    m.dirty_appointments.insert(key);
  }
  m.changes.events.push_back({"appointments_imported",
                              clock_.now(),
                              day_,
                              {},
                              0,
                              {},
                              {},
                              std::to_string(parsed.size()) + " for " + day.str()});
  return static_cast<int>(parsed.size());
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
  if (state == TicketState::done) {
    ++w.served;
    auto& s = m.services[v.service];
    s.served_ms += (v.ended_at - v.called_at).count();
    ++s.served_n;
  }
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
  v.reason = reason.empty() ? "cancelled" : std::string(reason.substr(0, 200));
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
  if (config_.service(to_service) == nullptr)
    return err(Code::not_found, "no service \"" + std::string(to_service) + "\"");
  if (t->current().service == to_service && t->current().target_window == 0)
    return err(Code::bad_request, t->number + " already waits for " + std::string(to_service));
  TimePoint now = clock_.now();
  m.dequeue(*t, config_);
  Visit& v = t->current();
  v.state = TicketState::transferred;
  v.ended_at = now;
  v.reason = std::string(reason.substr(0, 200));
  std::string from = v.service;
  Visit next;
  next.service = std::string(to_service);
  next.enqueued_at = now;
  next.order_at = t->issued_at;  // it has already waited
  t->visits.push_back(std::move(next));
  m.enqueue(*t, config_);
  m.touch(*t);
  m.changes.events.push_back(
      {"reassigned",
       now,
       day_,
       t->number,
       0,
       std::string(to_service),
       {},
       "from service " + from + (reason.empty() ? "" : ": " + std::string(reason.substr(0, 200)))});
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

namespace {
// A service's mean visit today (the configured minutes until three are done), ms.
double mean_service_ms(const Engine::Impl::ServiceRt& r) {
  return r.served_n >= 3 ? static_cast<double>(r.served_ms) / r.served_n : r.cfg->minutes * 60'000.0;
}

// The replay (QueueNow::replay_s): the windows open now go on calling in the call order, each
// visit lasting its service's mean (the one at a window now: what is left of its mean, and at
// least a third of it), nobody else arriving, and no window opening, pausing or closing. Plays on
// until each of `targets` (ordinals) is called: when, in seconds from now (-1: never so). `tails`:
// queues that get one more ticket at their end, of normal priority, taken now (the estimate of a
// service, Engine::loads); the one of tails[i] has the ordinal kTailOrdinal + i. A tail's visit
// takes no time, so that each is called when it would be if it were the only one.
constexpr std::uint64_t kTailOrdinal = std::uint64_t{1} << 62;

std::vector<double> replay_calls(const Engine::Impl& m, TimePoint now, const std::vector<std::uint64_t>& targets,
                                 const std::vector<const OrderedQueue*>& tails = {}) {
  std::int64_t now_ms = to_unix_ms(now);
  auto mean_of = [&](std::string_view service) {
    auto s = m.services.find(std::string(service));
    return s == m.services.end() ? 0.0 : mean_service_ms(s->second);
  };
  std::vector<CallOrder> orders;
  CallOrder::Cursors cursors;
  using Free = std::pair<double, std::size_t>;  // when a window is free (ms), its order
  std::priority_queue<Free, std::vector<Free>, std::greater<>> free;
  for (const auto& w : m.windows) {
    if (w.st.clerk.empty() || w.st.paused) continue;
    double free_ms = static_cast<double>(now_ms);
    if (const auto it = m.by_number.find(w.st.current); !w.st.current.empty() && it != m.by_number.end()) {
      const Visit& v = m.tickets[it->second - 1].current();
      double mean = mean_of(v.service);
      double lasted = static_cast<double>(now_ms - to_unix_ms(v.called_at));
      free_ms += std::max(mean - lasted, mean / 3);
    }
    free.emplace(free_ms, orders.size());
    orders.emplace_back(m, w, now, &cursors);
  }
  for (std::size_t i = 0; i < tails.size(); ++i)
    if (auto c = cursors.find(tails[i]); c != cursors.end()) c->second.tail = QueueKey{0, now_ms, kTailOrdinal + i};
  std::vector<double> called(targets.size(), -1);
  std::size_t left = targets.size();
  while (left > 0 && !free.empty()) {
    auto [free_ms, i] = free.top();
    free.pop();
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
    double mean = from != nullptr ? mean_service_ms(*from) : mean_of(m.tickets[k->ordinal - 1].current().service);
    free.emplace(free_ms + mean, i);
  }
  return called;
}

// What the wait estimate is made from (wait_estimate.hpp): the queue, the windows open for it
// now with their skill-weighted capacity, and the calls made from it today.
QueueNow queue_now(const Engine::Impl& m, std::string_view service, int target_window, int ahead, TimePoint now) {
  QueueNow q;
  q.ahead = ahead;
  auto s = m.services.find(std::string(service));
  if (s == m.services.end()) return q;
  const Engine::Impl::ServiceRt& r = s->second;
  q.mean_service_s = mean_service_ms(r) / 1000.0;
  // The windows open now; with none open, those configured (the hall before it opens).
  bool any_open = std::any_of(m.windows.begin(), m.windows.end(), [&](const Engine::Impl::WindowRt& w) {
    bool serves = target_window > 0 ? w.st.number == target_window : w.cfg->weight_of(service) > 0;
    return serves && !w.st.clerk.empty() && !w.st.paused;
  });
  q.closed = !any_open;
  for (const auto& w : m.windows) {
    if (target_window > 0 ? w.st.number != target_window : w.cfg->weight_of(service) == 0) continue;
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
  std::int64_t now_ms = to_unix_ms(now);
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
}  // namespace

QueueNow Engine::queue_now(const Ticket& t) const {
  if (t.state() != TicketState::waiting) return {};
  QueueNow q = domain::queue_now(*impl_, t.current().service, t.current().target_window, ahead(t), clock_.now());
  if (!q.closed) q.replay_s = replay_calls(*impl_, clock_.now(), {t.ordinal})[0];  // closed: no window to play
  return q;
}

WaitEstimate Engine::wait_estimate(const Ticket& t) const {
  if (t.state() != TicketState::waiting) return {};
  return estimate_wait(queue_now(t));
}

std::int64_t Engine::ewt_s(const Ticket& t) const {
  return wait_estimate(t).s;
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

std::vector<ServiceLoad> Engine::loads() const {
  const Impl& m = *impl_;
  TimePoint now = clock_.now();
  std::vector<ServiceLoad> out;
  // The estimate for a ticket taken now, as take gives it: one replay with such a ticket at the end
  // of each queue that an open window serves.
  std::vector<QueueNow> queues;
  std::vector<const OrderedQueue*> tails;
  std::vector<std::uint64_t> targets;
  for (const auto& svc : config_.services) {
    const Impl::ServiceRt& s = m.services.at(svc.code);
    queues.push_back(domain::queue_now(m, svc.code, 0, static_cast<int>(s.queue.size()), now));
    if (queues.back().closed) continue;
    targets.push_back(kTailOrdinal + tails.size());
    tails.push_back(&s.queue);
  }
  std::vector<double> replayed = replay_calls(m, now, targets, tails);
  std::size_t next_tail = 0;
  for (std::size_t i = 0; i < config_.services.size(); ++i) {
    const auto& svc = config_.services[i];
    const Impl::ServiceRt& s = m.services.at(svc.code);
    QueueNow& q = queues[i];
    if (!q.closed) q.replay_s = replayed[next_tail++];
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
