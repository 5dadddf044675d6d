#include "server/web/console/staffing_section.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "core/sim/report.hpp"
#include "server/web/local_peer.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

constexpr double kShares[] = {0.8, 0.9, 0.95};

// Figures as hallq-sim and hallqctl print the same advice.
std::string fixed(double v, int digits) {
  return sim::fixed_text(v, digits);
}

std::string percent(double share) {  // rounded down to a tenth (sim::percent_shown), ".0" left off
  const double shown = sim::percent_shown(share);
  return fixed(shown, std::fabs(shown - std::round(shown)) < 1e-9 ? 0 : 1);
}

}  // namespace

asio::awaitable<Response> StaffingSection::handle(const Request& r, Session& s) {
  if (r.path[1] != "staffing" || r.path.size() != 2) co_return text(404, "not found\n");
  if (r.method == "POST") co_return not_allowed("GET, HEAD");
  const config::Translations& tr = c_.words.in(c_.lang(r, s));
  protocol::StaffingRequest request;
  double share = 0.9;
  // The day and the share are checked here, so that the reason is in the page's language (the
  // operation's own reasons are the wire's, in English).
  std::string refused;
  int status = 0;
  auto refuse = [&](std::string why, int code) {
    if (refused.empty()) std::tie(refused, status) = std::pair{std::move(why), code};
  };
  std::string date;
  if (auto d = r.param("date"); d && !d->empty()) {
    date = *d;
    auto day = domain::LocalDate::parse(date);
    const domain::LocalDate today = c_.engine.day();
    if (!day || !day->valid() || *day < today.plus_days(-kStaffingRangeDays) ||
        *day > today.plus_days(kStaffingRangeDays))
      refuse(tr.get("web.staff.staffing.bad_date", {{"today", today.str()}}), 400);
    else if (!c_.config.hall.open_on(*day))
      refuse(tr.get("web.staff.staffing.closed", {{"date", day->str()}}), 409);
    request.date = date;
  }
  if (auto p = r.param("share"); p && !p->empty()) {
    // One of the shares offered, as a number ("0.9", "0.90"; "1.0" is not 0.95 rounded).
    char* end = nullptr;
    const double asked = std::strtod(p->c_str(), &end);
    bool offered = false;
    for (double allowed : kShares)
      if (end == p->c_str() + p->size() && std::fabs(asked - allowed) < 1e-9) {
        share = allowed;
        offered = true;
      }
    if (!offered) refuse(tr.get("web.staff.staffing.bad_share"), 400);
  }
  request.share = share;
  if (!refused.empty()) {
    Response res = page(r, s, date, share, nullptr, refused);
    res.status = status;
    co_return res;
  }
  // Asked through a terminal of its own: the advice can take a minute when first asked, and a
  // terminal's replies keep the order of its requests, so the session's other pages (another tab)
  // would wait behind it on the session's.
  const config::DeviceConfig device = s.peer->device();
  LocalPeer asker(c_.loop, dispatcher_, device);
  auto advice = co_await asker.ask(request, asio::use_awaitable);
  if (advice) co_return page(r, s, date, share, &advice.value(), {});
  const protocol::Errc code = advice.failure().code;  // the operation logs why, where it is the server's
  Response res = page(r, s, date, share, nullptr,
                      code == protocol::Errc::busy ? tr.get("errors.busy")
                      : code == protocol::Errc::bad_request
                          ? tr.get("web.staff.staffing.bad_date", {{"today", c_.engine.day().str()}})
                          : tr.get("web.staff.staffing.no_advice"));
  res.status = code == protocol::Errc::bad_request ? 400 : code == protocol::Errc::busy ? 503 : 409;
  co_return res;
}

Response StaffingSection::page(const Request& r, Session& s, const std::string& date, double share,
                               const protocol::StaffingReply* advice, const std::string& refused) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  auto w = [&](const std::string& key) { return escape(tr.get("web.staff.staffing." + key)); };
  std::string shown_date = advice ? advice->date : date;
  std::string body = "<p class=\"note\">" + w("note") + "</p>";
  body += "<form method=\"get\" action=\"/staff/staffing\" class=\"report-form\" id=\"staffing-form\"><label>" +
          w("date") + " <input type=\"date\" name=\"date\" id=\"staffing-date\" value=\"" + escape(shown_date) +
          "\"></label><label>" + w("share") + " <select name=\"share\" id=\"staffing-share\">";
  for (double v : kShares)
    body += "<option value=\"" + fixed(v, 2) + "\"" + (v == share ? " selected" : "") + ">" + percent(v) + "%</option>";
  body += "</select></label><button type=\"submit\" id=\"staffing-show\">" + escape(tr.get("web.staff.show")) +
          "</button></form>";
  if (!advice) {  // the language links keep the day and the share asked for
    body += "<p class=\"error\" role=\"alert\" id=\"staffing-error\">" + escape(refused) + "</p>";
    return c_.page(s, lang, "staffing", tr.get("web.staff.staffing.title"), std::move(body), "", {}, c_.here(r));
  }
  const protocol::StaffingReply& a = *advice;
  const std::string hours = fixed(a.window_hours, 1);
  body += "<p id=\"staffing-summary\">" +
          escape(tr.get("web.staff.staffing.summary", {{"date", a.date},
                                                       {"share", percent(a.share)},
                                                       {"minutes", std::to_string(a.target_minutes)},
                                                       {"window_hours", hours},
                                                       {"days", std::to_string(a.fitted_days)}})) +
          "</p>";
  // An hour held to the target that misses it: judged (enough citizens started waiting in it),
  // whether or not any of them was called (none: 0%).
  auto missed = [&](const protocol::StaffingHour& h) { return h.judged && sim::misses_goal(h.within_target, a.share); };
  bool hour_missed = std::any_of(a.hours.begin(), a.hours.end(), missed);
  if (hour_missed) {
    body += "<p class=\"error\" role=\"alert\" id=\"staffing-not-met\">" + w("not_met") + "</p>";
    std::string list;  // which hours (hallq-sim's and hallqctl's words)
    for (const auto& h : a.hours)
      if (missed(h)) list += std::string(list.empty() ? "" : " ") + (h.hour < 10 ? "0" : "") + std::to_string(h.hour);
    body +=
        "<p id=\"staffing-missed-hours\">" + escape(tr.get("sim.staffing.missed_hours", {{"hours", list}})) + "</p>";
  }
  if (!a.services.empty()) {  // how close each service came over the day, met or not
    std::string list;
    for (const auto& sv : a.services)
      list += (list.empty() ? "" : "  ") + sv.service + " " + percent(sv.within_target) + "%";
    body += "<p id=\"staffing-services\">" + escape(tr.get("sim.staffing.services_day", {{"list", list}})) + "</p>";
  }
  for (const auto& sh : a.short_services)
    body += "<p class=\"error\" role=\"alert\" data-service=\"" + escape(sh.service) + "\">" +
            escape(tr.get("web.staff.staffing.service_short",
                          {{"service", sh.service}, {"share", percent(sh.within_target)}})) +
            "</p>";
  for (const auto& code : a.unserved_services)  // no window takes it (hallq-sim's and hallqctl's words)
    body += "<p class=\"error\" role=\"alert\" data-service=\"" + escape(code) + "\">" +
            escape(tr.get("sim.staffing.service_unserved", {{"service", code}})) + "</p>";
  body +=
      "<figure class=\"chart\" id=\"figure-staffing\" hidden><div class=\"chart-box tall\"><canvas "
      "id=\"chart-staffing\" role=\"img\" aria-label=\"" +
      w("chart") + "\"></canvas></div><figcaption>" + w("chart") + "</figcaption></figure>";
  body += "<table id=\"staffing\"><thead><tr>";
  for (const char* k : {"hour", "arrivals", "load", "erlang", "windows", "open", "within", "wait_mean", "wait_p90"})
    body += "<th>" + w(std::string("col.") + k) + "</th>";
  body += "</tr></thead><tbody>";
  nlohmann::json rows = nlohmann::json::array();
  bool unjudged = false, beyond = false;
  for (const auto& h : a.hours) {
    if (h.arrivals <= 0 && h.windows == 0) continue;  // the hall is empty then
    std::string open;
    for (int n : h.open) open += (open.empty() ? "" : " ") + std::to_string(n);
    std::string skills;
    for (const auto& k : h.skills) skills += (skills.empty() ? "" : " ") + k;
    bool shown = h.called > 0 || h.judged;  // the share where citizens started waiting
    unjudged = unjudged || (h.called > 0 && !h.judged);
    std::string within = percent(h.within_target) + "%";
    if (!h.judged) within = "(" + within + ")";
    char label[8];
    std::snprintf(label, sizeof label, "%02d:00", h.hour);
    bool over = a.hall_windows > 0 && h.erlang_guess > a.hall_windows;  // more than the hall has: marked
    beyond = beyond || over;
    body += "<tr data-hour=\"" + std::to_string(h.hour) + "\"" + (missed(h) ? " class=\"problem\"" : "") + "><td>" +
            label + "</td><td>" + fixed(h.arrivals, 1) + "</td><td>" + fixed(h.load, 1) + "</td><td>" +
            std::to_string(h.erlang_guess) + (over ? "*" : "") + "</td><td class=\"windows\">" +
            std::to_string(h.windows) + "</td><td>" + escape(open) +
            (skills.empty() ? "" : " (" + escape(skills) + ")") + "</td><td>" + (shown ? within : "–") + "</td><td>" +
            (h.called > 0 ? fixed(h.wait_mean_min, 1) : "–") + "</td><td>" +
            (h.called > 0 ? fixed(h.wait_p90_min, 1) : "–") + "</td></tr>";
    rows.push_back({{"label", label}, {"windows", h.windows}, {"arrivals", std::round(h.arrivals * 10) / 10}});
  }
  body += "</tbody></table>";
  if (unjudged) body += "<p class=\"note\" id=\"staffing-unjudged\">" + w("unjudged") + "</p>";
  if (beyond)
    body += "<p class=\"note\" id=\"staffing-erlang-over\">" +
            escape(tr.get("sim.staffing.erlang_over", {{"windows", std::to_string(a.hall_windows)}})) + "</p>";
  nlohmann::json data{{"staffing", rows},
                      {"words",
                       {{"windows", tr.get("web.staff.staffing.col.windows")},
                        {"arrivals", tr.get("web.staff.staffing.col.arrivals")}}}};
  body += "<script type=\"application/json\" id=\"report-data\">" + json_for_html(data.dump()) + "</script>";
  return c_.page(s, lang, "staffing", tr.get("web.staff.staffing.title"), std::move(body), "",
                 {"/static/chart.min.js", "/static/reports.js"}, c_.here(r));
}

}  // namespace hallq::server::web
