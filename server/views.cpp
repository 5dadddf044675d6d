#include "server/views.hpp"

namespace hallq::server {

using domain::format_iso;
using nlohmann::json;

protocol::Names names_view(const domain::Names& n) {
  return {n.zh, n.mn, n.en};
}

protocol::TicketInfo ticket_view(const domain::Engine& e, const domain::Ticket& t) {
  const domain::Visit& v = t.current();
  protocol::TicketInfo i;
  i.number = t.number;
  i.service = v.service;
  i.state = std::string(to_string(v.state));
  i.issued_at = format_iso(t.issued_at);
  i.priority = t.priority;
  i.channel = t.channel;
  if (v.state == domain::TicketState::waiting) {
    i.ahead = e.ahead(t);
    i.ewt_s = e.ewt_s(t);
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
    i.kind = std::string(to_string(cfg->kind));
  }
  i.state = std::string(e.window_status(w));
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

protocol::Snapshot snapshot_view(const domain::Engine& e, std::uint64_t seq) {
  protocol::Snapshot s;
  s.day = e.day().str();
  s.now = format_iso(e.now());
  s.seq = seq;
  for (const auto& l : e.loads()) s.services.push_back(service_view(l));
  for (const auto& w : e.config().windows)
    if (const domain::WindowState* st = e.window_state(w.number)) s.windows.push_back(window_view(e, *st));
  for (const auto& c : e.recent_calls(10)) s.recent_calls.push_back(call_view(e, c));
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

json hall_view(const domain::HallConfig& h) {
  auto intervals = [](const std::vector<domain::Interval>& v) {
    json a = json::array();
    for (const auto& i : v) a.push_back(domain::format_hhmm(i.from) + "-" + domain::format_hhmm(i.to));
    return a;
  };
  json j;
  j["id"] = h.id;
  j["names"] = names_view(h.names);
  j["hours"] = intervals(h.hours);
  j["categories"] = json::array();
  for (const auto& c : h.categories) j["categories"].push_back({{"id", c.id}, {"names", names_view(c.names)}});
  j["services"] = json::array();
  for (const auto& s : h.services) {
    json m = json::array();
    for (const auto& n : s.materials) m.push_back(names_view(n));
    j["services"].push_back({{"code", s.code},
                             {"names", names_view(s.names)},
                             {"category", s.category},
                             {"quota", s.quota},
                             {"per_person", s.per_person},
                             {"hours", intervals(s.hours.empty() ? h.hours : s.hours)},
                             {"extended_hours", intervals(s.extended_hours)},
                             {"real_name", s.real_name},
                             {"minutes", s.minutes},
                             {"materials", m}});
  }
  j["windows"] = json::array();
  for (const auto& w : h.windows) {
    json svc = json::object();
    for (const auto& [code, weight] : w.services) svc[code] = weight;
    j["windows"].push_back(
        {{"number", w.number}, {"names", names_view(w.names)}, {"kind", to_string(w.kind)}, {"services", svc}});
  }
  j["priorities"] = json::array();
  for (const auto& p : h.priorities)
    j["priorities"].push_back({{"id", p.id}, {"names", names_view(p.names)}, {"rank", p.rank}, {"min_age", p.min_age}});
  j["clerks"] = json::array();
  for (const auto& c : h.clerks) j["clerks"].push_back({{"id", c.id}, {"name", c.name}});
  j["appointments"] = {{"checkin_before_min", h.appointments.checkin_before_min},
                       {"checkin_after_min", h.appointments.checkin_after_min}};
  j["display"] = {{"notice", names_view(h.display.notice)},
                  {"announce_languages", h.display.announce_languages},
                  {"announce_repeat", h.display.announce_repeat},
                  {"blink_seconds", h.display.blink_seconds},
                  {"status_url", h.display.status_url}};
  j["alarms"] = {{"queue_length", h.alarms.queue_length},
                 {"wait_minutes", h.alarms.wait_minutes},
                 {"paused_minutes", h.alarms.paused_minutes}};
  return j;
}

}  // namespace hallq::server
