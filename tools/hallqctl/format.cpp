#include "tools/hallqctl/format.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

#include "core/domain/time.hpp"
#include "core/sim/report.hpp"
#include "tools/hallqctl/ratings.hpp"

namespace hallq::ctl {

using protocol::to_string;

namespace {
std::string hhmm(const std::string& iso) {
  return iso.size() >= 16 ? iso.substr(11, 5) : iso;
}
}  // namespace

std::string ordinal(int n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string format_duration(std::int64_t s) {
  if (s < 60) return std::to_string(s) + " s";
  std::int64_t m = (s + 30) / 60;
  if (m < 60) return std::to_string(m) + " min";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(m / 60), static_cast<long long>(m % 60));
  return buf;
}

std::string format_ticket(const protocol::TicketInfo& i, bool ahead) {
  std::ostringstream os;
  os << i.number << "  service " << i.service << "  " << to_string(i.state);
  if (i.state == protocol::TicketState::waiting) {
    if (ahead) os << "  " << i.ahead << " ahead";
    os << "  ~" << format_duration(i.ewt_s);
    if (i.target_window) os << "  for window " << *i.target_window;
  } else if (i.window) {
    os << "  window " << *i.window;
  }
  if (i.priority != "normal") os << "  priority " << i.priority;
  if (i.recalls) os << "  recalled " << i.recalls << "x";
  if (i.id_masked) os << "  ID " << *i.id_masked;
  if (i.appointment) os << "  appointment " << *i.appointment;
  os << "  issued " << hhmm(i.issued_at) << " via " << to_string(i.channel);
  if (i.issued_by) os << " (" << *i.issued_by << ")";
  return os.str();
}

std::string format_window(const protocol::WindowInfo& i) {
  std::ostringstream os;
  os << "window " << i.number << "  " << to_string(i.state);
  if (i.clerk) os << "  clerk " << i.clerk_name.value_or(*i.clerk);
  if (i.current) os << "  serving " << *i.current;
  if (i.reason) os << "  (" << *i.reason << ")";
  if (i.since) os << "  since " << hhmm(*i.since);
  return os.str();
}

std::string format_case_counts(const protocol::CaseCounts& k) {
  return std::to_string(k.open) + " open, " + std::to_string(k.handed_over) + " at departments, " +
         std::to_string(k.due_soon) + " due soon, " + std::to_string(k.overdue) + " overdue, " +
         std::to_string(k.ready) + " ready for pickup";
}

std::string format_snapshot(const protocol::Snapshot& s) {
  std::ostringstream os;
  os << "hall day " << s.day << ", " << hhmm(s.now) << "\n\n";
  os << pad("service", 9) << pad("name", 26) << pad("waiting", 9) << pad("wait est.", 11) << pad("longest", 10)
     << "issued\n";
  for (const auto& v : s.services)
    os << pad(v.code, 9) << pad(v.names.zh, 26) << pad(std::to_string(v.waiting), 9)
       << pad(format_duration(v.ewt_s), 11) << pad(format_duration(v.longest_wait_s), 10) << v.issued
       << (v.quota ? "/" + std::to_string(v.quota) : "") << (v.open ? "" : "  (not issuing)") << "\n";
  os << "\n" << pad("window", 8) << pad("name", 22) << pad("state", 9) << pad("clerk", 12) << "serving\n";
  for (const auto& w : s.windows)
    os << pad(std::to_string(w.number), 8) << pad(w.names.zh, 22) << pad(std::string(to_string(w.state)), 9)
       << pad(w.clerk_name.value_or("-"), 12) << w.current.value_or(w.reason ? "(" + *w.reason + ")" : "-") << "\n";
  os << "\nrecent calls:";
  if (s.recent_calls.empty()) os << " none";
  for (const auto& c : s.recent_calls) os << "  " << c.number << "→" << c.window << (c.recall ? "(recall)" : "");
  os << "\ncases: " << format_case_counts(s.cases) << "\n";
  return os.str();
}

std::string format_stats(const protocol::Stats& s, const std::vector<int>& windows) {
  std::ostringstream os;
  os << "statistics for " << s.day << "\n";
  // Tickets are issued for services and wait for services: windows and clerks have no
  // "issued" or "waiting" of their own, only what they called.
  auto durations = [&](const protocol::StatsRow& r) {
    os << pad(format_duration(r.wait_mean_s), 10) << pad(format_duration(r.wait_p90_s), 10)
       << pad(format_duration(r.service_mean_s), 10) << format_duration(r.service_p90_s) << "\n";
  };
  os << "\n"
     << pad("service", 10) << pad("issued", 8) << pad("served", 8) << pad("no-show", 9) << pad("waiting", 9)
     << pad("wait avg", 10) << pad("wait p90", 10) << pad("svc avg", 10) << "svc p90\n";
  auto service_row = [&](const protocol::StatsRow& r) {
    os << pad(r.key, 10) << pad(std::to_string(r.issued), 8) << pad(std::to_string(r.served), 8)
       << pad(std::to_string(r.no_shows), 9) << pad(std::to_string(r.waiting), 9);
    durations(r);
  };
  for (const auto& r : s.services) service_row(r);
  service_row(s.total);
  auto staff_header = [&](const char* what) {
    os << "\n"
       << pad(what, 10) << pad("served", 8) << pad("no-show", 9) << pad("transferred", 13) << pad("wait avg", 10)
       << pad("wait p90", 10) << pad("svc avg", 10) << "svc p90\n";
  };
  auto staff_row = [&](const protocol::StatsRow& r) {
    os << pad(r.key, 10) << pad(std::to_string(r.served), 8) << pad(std::to_string(r.no_shows), 9)
       << pad(std::to_string(r.transferred), 13);
    durations(r);
  };
  // Every window of the hall, those that called nobody too, then any the hall no longer has.
  std::vector<protocol::StatsRow> window_rows;
  for (int w : windows) {
    auto it = std::find_if(s.windows.begin(), s.windows.end(),
                           [&](const protocol::StatsRow& r) { return r.key == std::to_string(w); });
    window_rows.push_back(it == s.windows.end() ? protocol::StatsRow{std::to_string(w)} : *it);
  }
  for (const auto& r : s.windows)
    if (std::none_of(windows.begin(), windows.end(), [&](int w) { return r.key == std::to_string(w); }))
      window_rows.push_back(r);
  if (!window_rows.empty()) {
    staff_header("window");
    for (const auto& r : window_rows) staff_row(r);
  }
  if (!s.clerks.empty()) {
    staff_header("clerk");
    for (const auto& r : s.clerks) staff_row(r);
  }
  if (s.ratings) {  // guides and admins: the day's 好差评 (lv1 非常不满意 .. lv5 非常满意)
    os << "\nratings (好差评)\n";
    std::vector<protocol::RatingRowInfo> services = s.ratings->services;
    services.push_back(s.ratings->total);
    os << "\n" << format_rating_rows("service", services, nullptr);
    if (!s.ratings->windows.empty()) os << "\n" << format_rating_rows("window", s.ratings->windows, nullptr);
    if (!s.ratings->clerks.empty()) os << "\n" << format_rating_rows("clerk", s.ratings->clerks, nullptr);
  }
  return os.str();
}

std::string format_alarm(const protocol::Alarm& a) {
  return std::string(to_string(a.kind)) + ": " + a.message;
}

std::string format_health(const protocol::HealthReply& h) {
  auto upper = [](std::string_view s) {
    std::string u(s);
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  };
  std::ostringstream os;
  os << "hallq health: " << upper(to_string(h.status)) << " (hallq-server " << h.version << ", up "
     << format_duration(h.uptime_s) << ")\n";
  for (const auto& c : h.checks) {
    std::string status(to_string(c.status));
    os << "  " << status << std::string(10 - std::min<std::size_t>(status.size(), 9), ' ') << c.name
       << std::string(10 - std::min<std::size_t>(c.name.size(), 9), ' ') << c.message << "\n";
  }
  return os.str();
}

std::string format_staffing(const protocol::StaffingReply& r, const config::Translations& words) {
  sim::StaffingAdvice a;  // the simulator's own table, from the wire's figures
  a.date = domain::LocalDate::parse(r.date).value_or(domain::LocalDate{});
  a.goal.share = r.share;
  a.goal.target_s = r.target_minutes * 60;
  a.goal.replications = r.days_played;
  a.met = r.met;
  for (const auto& s : r.short_services) a.short_services.push_back({s.service, s.within_target});
  for (const auto& s : r.services) a.services.push_back({s.service, s.within_target});
  a.unserved = r.unserved_services;
  a.hall_windows = r.hall_windows;
  a.window_hours = r.window_hours;
  a.order = r.order;
  a.evaluations = 0;
  a.checked_days = r.checked_days;
  for (const auto& h : r.hours)
    a.hours.push_back({h.hour, h.arrivals, h.load, h.erlang_guess, h.windows, h.open, h.skills, h.called,
                       h.within_target, h.wait_mean_min * 60, h.wait_p90_min * 60, h.judged});
  return sim::format_staffing_text(a, words) +
         words.get("sim.staffing.fitted", {{"days", std::to_string(r.fitted_days)}}) + "\n";
}

std::string format_event(const protocol::EventMessage& m) {
  std::ostringstream os;
  os << "#" << m.seq << " ";
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        os << E::kEvent << ": ";
        if constexpr (std::is_same_v<E, protocol::CalledEvent>) {
          os << e.call.number << " → window " << e.call.window << (e.call.recall ? " (recall)" : "");
        } else if constexpr (std::is_same_v<E, protocol::TicketEvent>) {
          os << format_ticket(e.ticket);
        } else if constexpr (std::is_same_v<E, protocol::QueueEvent>) {
          os << "service " << e.service << ": " << e.waiting << " waiting, ~" << format_duration(e.ewt_s);
        } else if constexpr (std::is_same_v<E, protocol::WindowEvent>) {
          os << format_window(e.window);
        } else if constexpr (std::is_same_v<E, protocol::AlarmEvent>) {
          os << (e.alarm.active ? "RAISED " : "cleared ") << e.alarm.message;
        } else if constexpr (std::is_same_v<E, protocol::CasesEvent>) {
          os << format_case_counts(e.cases);
        } else if constexpr (std::is_same_v<E, protocol::RatingOfferEvent>) {
          os << "window " << e.offer.window << " offers " << e.offer.ticket << " for rating until "
             << hhmm(e.offer.until);
        } else if constexpr (std::is_same_v<E, protocol::RatingsEvent>) {
          os << e.ratings.rated << " of " << e.ratings.offered << " visits rated today, " << e.ratings.bad << " bad, "
             << e.ratings.open_followups << " follow-ups open";
        } else {
          os << "the hall day is now " << e.day << " (" << e.closed << " closed)";
        }
      },
      m.event);
  return os.str();
}

std::string format_hall(const protocol::HallInfo& h) {
  std::ostringstream os;
  os << h.names.zh << " / " << h.names.en << "\n\nservices:\n";
  for (const auto& s : h.services)
    os << "  " << pad(s.code, 5) << pad(s.names.zh, 26) << s.names.en << (s.real_name ? "  [real-name]" : "") << "\n";
  os << "windows:\n";
  for (const auto& w : h.windows) {
    os << "  " << pad(std::to_string(w.number), 5) << pad(w.names.zh, 22) << pad(std::string(to_string(w.kind)), 15);
    for (const auto& [code, weight] : w.services) os << code << "×" << weight << " ";
    os << "\n";
  }
  return os.str();
}

}  // namespace hallq::ctl
