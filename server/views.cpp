#include "server/views.hpp"

namespace hallq::server {

using domain::format_iso;

namespace {
std::vector<std::string> intervals(const std::vector<domain::Interval>& v) {
  std::vector<std::string> out;
  for (const auto& i : v) out.push_back(domain::format_hhmm(i.from) + "-" + domain::format_hhmm(i.to));
  return out;
}
}  // namespace

protocol::Names names_view(const domain::Names& n) {
  return {n.zh, n.mn, n.en};
}

protocol::TicketInfo ticket_view(const domain::Engine& e, const domain::Ticket& t, bool as_issued) {
  const domain::Visit& v = t.current();
  protocol::TicketInfo i;
  i.number = t.number;
  i.service = v.service;
  i.state = wire_enum(v.state, protocol::TicketState::waiting);
  i.issued_at = format_iso(t.issued_at);
  i.priority = t.priority;
  i.channel = protocol::enum_from_string<protocol::Channel>(t.channel).value_or(protocol::Channel::kiosk);
  if (!t.issued_by.empty()) i.issued_by = t.issued_by;
  if (v.state == domain::TicketState::waiting) {
    i.ahead = e.ahead(t);
    domain::WaitEstimate w;
    if (as_issued && t.told.recorded() && t.visits.size() == 1)
      w = {t.told.s, t.told.lo_s, t.told.hi_s};
    else
      w = e.wait_estimate(t);  // one replay of the queue: ewt_s and its range
    i.ewt_s = w.s;
    if (as_issued) {
      i.ewt_lo_s = w.lo_s;
      i.ewt_hi_s = w.hi_s;
    }
    i.waited_s = domain::seconds_between(v.enqueued_at, e.now());
    if (v.target_window > 0) i.target_window = v.target_window;
  } else if (v.call_seq > 0) {
    i.waited_s = domain::seconds_between(v.enqueued_at, v.called_at);
  }
  if (v.window > 0) i.window = v.window;
  if (v.call_seq > 0) {
    i.called_at = format_iso(v.called_at);
    i.recalls = v.recalls;
    i.clerk = v.clerk;
  }
  if (v.ended_at.time_since_epoch().count() != 0) i.finished_at = format_iso(v.ended_at);
  if (!t.id_masked.empty()) i.id_masked = t.id_masked;
  if (!t.name_masked.empty()) i.name_masked = t.name_masked;
  if (!t.appointment.empty()) i.appointment = t.appointment;
  if (!v.reason.empty()) i.reason = v.reason;
  return i;
}

protocol::WindowInfo window_view(const domain::Engine& e, const domain::WindowState& w) {
  protocol::WindowInfo i;
  i.number = w.number;
  if (const domain::Window* cfg = e.config().window(w.number)) {
    i.names = names_view(cfg->names);
    i.kind = wire_enum(cfg->kind, protocol::WindowKind::comprehensive);
  }
  i.state =
      protocol::enum_from_string<protocol::WindowState>(e.window_status(w)).value_or(protocol::WindowState::closed);
  if (!w.clerk.empty()) {
    i.clerk = w.clerk;
    if (const domain::Clerk* c = e.config().clerk(w.clerk)) i.clerk_name = c->name;
  }
  if (!w.current.empty()) {
    i.current = w.current;
    if (const domain::Ticket* t = e.find(w.current)) i.current_service = t->current().service;
  }
  if (w.since.time_since_epoch().count() != 0) i.since = format_iso(w.since);
  if (w.paused) i.reason = w.pause_reason;
  i.served = e.served_at(w.number);
  return i;
}

protocol::ServiceInfo service_view(const domain::ServiceLoad& l) {
  protocol::ServiceInfo i;
  i.code = l.service->code;
  i.names = names_view(l.service->names);
  i.waiting = l.waiting;
  i.ewt_s = l.ewt_s;
  i.longest_wait_s = l.longest_wait_s;
  i.issued = l.issued;
  i.quota = l.service->quota;
  i.open = l.open;
  return i;
}

protocol::QueueEvent queue_view(const domain::ServiceLoad& l) {
  return {l.service->code, l.waiting, l.ewt_s, l.longest_wait_s, l.issued, l.open};
}

protocol::CallInfo call_view(const domain::Engine& e, const domain::CallRecord& c) {
  protocol::CallInfo i;
  i.number = c.number;
  i.service = c.service;
  i.window = c.window;
  if (const domain::Window* w = e.config().window(c.window)) i.window_names = names_view(w->names);
  i.at = format_iso(c.at);
  i.recall = c.recall;
  return i;
}

protocol::CaseCounts counts_view(const domain::CaseCounts& k) {
  return {k.open, k.handed_over, k.due_soon, k.overdue, k.ready};
}

protocol::Snapshot snapshot_view(const domain::Engine& e, const domain::CaseBook& cases, std::uint64_t seq) {
  protocol::Snapshot s;
  s.day = e.day().str();
  s.now = format_iso(e.now());
  s.seq = seq;
  for (const auto& l : e.loads()) s.services.push_back(service_view(l));
  for (const auto& w : e.config().windows)
    if (const domain::WindowState* st = e.window_state(w.number)) s.windows.push_back(window_view(e, *st));
  for (const auto& c : e.recent_calls(10)) s.recent_calls.push_back(call_view(e, c));
  s.cases = counts_view(cases.counts());
  return s;
}

namespace {
protocol::StatsRow row_view(const domain::StatsRow& r) {
  return {r.key,     r.issued,      r.served,     r.no_shows,       r.transferred,  r.cancelled,
          r.waiting, r.wait_mean_s, r.wait_p90_s, r.service_mean_s, r.service_p90_s};
}
}  // namespace

protocol::Stats stats_view(const domain::Stats& s) {
  protocol::Stats out;
  out.day = s.day.str();
  out.total = row_view(s.total);
  for (const auto& r : s.services) out.services.push_back(row_view(r));
  for (const auto& r : s.windows) out.windows.push_back(row_view(r));
  for (const auto& r : s.clerks) out.clerks.push_back(row_view(r));
  return out;
}

protocol::RatingRowInfo rating_row_view(const RatingRow& row) {
  protocol::RatingRowInfo v;
  v.key = row.key;
  v.offered = row.offered;
  v.rated = row.rated;
  v.participation_permille = row.offered ? row.rated * 1000 / row.offered : 0;
  v.levels.assign(std::begin(row.levels), std::end(row.levels));
  v.satisfaction_permille = row.rated ? (row.levels[2] + row.levels[3] + row.levels[4]) * 1000 / row.rated : -1;
  v.followups = row.followups;
  v.followups_on_time = row.followups_on_time;
  return v;
}

protocol::HallInfo hall_view(const domain::HallConfig& h) {
  protocol::HallInfo j;
  j.id = h.id;
  j.names = names_view(h.names);
  j.hours = intervals(h.hours);
  for (const auto& c : h.categories) j.categories.push_back({c.id, names_view(c.names)});
  for (const auto& s : h.services) {
    protocol::HallService v;
    v.code = s.code;
    v.names = names_view(s.names);
    v.category = s.category;
    v.quota = s.quota;
    v.per_person = s.per_person;
    v.hours = intervals(s.hours.empty() ? h.hours : s.hours);
    v.extended_hours = intervals(s.extended_hours);
    v.real_name = s.real_name;
    v.minutes = s.minutes;
    for (const auto& n : s.materials) v.materials.push_back(names_view(n));
    v.limit_days = s.limit_days;
    if (!s.department.empty()) v.department = s.department;
    j.services.push_back(std::move(v));
  }
  for (const auto& w : h.windows) {
    protocol::HallWindow v;
    v.number = w.number;
    v.names = names_view(w.names);
    v.kind = wire_enum(w.kind, protocol::WindowKind::comprehensive);
    for (const auto& [code, weight] : w.services) v.services[code] = weight;
    j.windows.push_back(std::move(v));
  }
  for (const auto& p : h.priorities) j.priorities.push_back({p.id, names_view(p.names), p.rank, p.min_age});
  for (const auto& c : h.clerks) j.clerks.push_back({c.id, c.name});
  j.appointments = {h.appointments.checkin_before_min, h.appointments.checkin_after_min};
  j.display = {names_view(h.display.notice), h.display.announce_languages, h.display.announce_repeat,
               h.display.blink_seconds, h.display.status_url};
  j.alarms = {h.alarms.queue_length, h.alarms.wait_minutes, h.alarms.paused_minutes};
  for (const auto& d : h.departments) j.departments.push_back({d.id, names_view(d.names), d.services});
  j.cases.number_prefix = h.cases.number_prefix;
  j.cases.due_soon_days = h.cases.due_soon_days;
  if (!h.cases.pickup_service.empty()) j.cases.pickup_service = h.cases.pickup_service;
  j.ratings.pad_seconds = h.ratings.pad_seconds;
  j.ratings.reasons = h.ratings.reasons;
  return j;
}

}  // namespace hallq::server
