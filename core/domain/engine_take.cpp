// Taking tickets: at the kiosk by service (take), by an appointment's code or the
// citizen's ID card (check-in), and the day's appointments imported. Part of the
// queue engine (engine.hpp); its insides are engine_impl.hpp's.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/domain/engine.hpp"
#include "core/domain/engine_impl.hpp"
#include "core/domain/id_number.hpp"

namespace hallq::domain {
namespace {

std::string format_number(const Service& s, int seq) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%0*d", s.digits, seq);
  return s.code + digits;
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
  Ticket& issued = m.tickets.back();
  m.enqueue(issued, config_);
  if (m.tells) {
    m.told_from = queue_now(issued);
    m.told_ordinal = issued.ordinal;
    WaitEstimate w = estimate_wait(m.told_from);
    // The naive baseline (ToldWait): the windows open are those logged in and not paused.
    int open = 0;
    for (const Impl::WindowRt& win : m.windows)
      open += !win.st.clerk.empty() && !win.st.paused && win.cfg->weight_of(svc.code) > 0;
    double naive_s = m.told_from.ahead * svc.minutes * 60.0 / std::max(1, open);
    issued.told = {w.s, w.lo_s, w.hi_s, std::llround(naive_s)};
  }
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

}  // namespace hallq::domain
