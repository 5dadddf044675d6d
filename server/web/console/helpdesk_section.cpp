#include "server/web/console/helpdesk_section.hpp"

#include <charconv>

#include <boost/asio/use_awaitable.hpp>

#include "server/log.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

// "2026-11-30T09:05:00+08:00" → "09:05"
std::string hhmm(std::string_view iso) {
  return iso.size() >= 16 ? std::string(iso.substr(11, 5)) : std::string(iso);
}

// "2026-11-30T09:05:00+08:00" → "2026-11-30 09:05"
std::string day_hhmm(std::string_view iso) {
  return iso.size() >= 16 ? std::string(iso.substr(0, 10)) + " " + std::string(iso.substr(11, 5)) : std::string(iso);
}

// Seconds as m:ss ("1:05"); "–" for none.
std::string min_sec(std::int64_t s) {
  if (s < 0) return "–";
  std::string ss = std::to_string(s % 60);
  return std::to_string(s / 60) + ":" + (ss.size() < 2 ? "0" : "") + ss;
}

std::int64_t id_param(const Request& r) {
  const std::string* text = r.param("id");
  std::int64_t id = 0;
  if (text) std::from_chars(text->data(), text->data() + text->size(), id);
  return id;
}

protocol::HelpdeskAddRequest add_request(const Request& r) {
  protocol::HelpdeskAddRequest req;
  req.topic = trimmed(r, "topic");
  req.answer = trimmed(r, "answer");
  if (std::string service = trimmed(r, "service"); !service.empty()) req.service = service;
  req.followup = trimmed(r, "followup") == "1";
  if (std::string phone = trimmed(r, "phone"); !phone.empty()) req.phone = phone;
  // The form's own key: sent twice (a double click, the browser's resend), it is one entry.
  if (std::string key = trimmed(r, "key"); key.size() == 32) req.request_key = key;
  return req;
}

}  // namespace

std::string HelpdeskSection::who(const std::string& device) const {
  if (device.rfind("web:", 0) == 0)
    if (auto u = c_.config.staff_user(std::string_view(device).substr(4))) return u->name;
  return device;
}

asio::awaitable<HelpdeskSection::View> HelpdeskSection::read(Session& s) {
  View v;
  auto calls = co_await s.peer->ask(protocol::HelpRequestsRequest{}, asio::use_awaitable);
  if (calls) v.calls = std::move(calls.value());
  auto entries = co_await s.peer->ask(protocol::HelpdeskListRequest{}, asio::use_awaitable);
  if (entries) v.entries = std::move(entries.value());
  auto figures = co_await s.peer->ask(protocol::HelpFiguresRequest{}, asio::use_awaitable);
  if (figures) v.figures = std::move(figures.value());
  co_return v;
}

// Coroutines here only wait; pages and notices are made by plain functions
// after the last co_await (GCC 12 and temporaries kept across a suspension).
asio::awaitable<Response> HelpdeskSection::handle(const Request& r, Session& s) {
  if (r.path[1] != "help" || r.path.size() > 3) co_return text(404, "not found\n");
  const std::string sub = r.path.size() == 3 ? r.path[2] : "";
  const bool action_path = sub == "take" || sub == "add" || sub == "done";
  if (r.method != "POST" && action_path) co_return not_allowed("POST");
  if (r.method == "POST") {
    if (sub.empty()) co_return not_allowed("GET, HEAD");
    if (!action_path) co_return text(404, "not found\n");
    if (!may_act(s.user)) {
      View v = co_await read(s);
      co_return refused(r, s, v);
    }
    if (sub == "take") co_return co_await take(r, s);
    if (sub == "add") co_return co_await add(r, s);
    co_return co_await done(r, s);
  }
  if (!sub.empty()) co_return text(404, "not found\n");
  View v = co_await read(s);
  co_return page(r, s, v, "");
}

asio::awaitable<Response> HelpdeskSection::take(const Request& r, Session& s) {
  protocol::HelpTakeRequest req;
  req.call = id_param(r);
  auto reply = co_await s.peer->ask(req, asio::use_awaitable);
  View v = co_await read(s);
  co_return took(r, s, v, reply, req.call);
}

Response HelpdeskSection::took(const Request& r, Session& s, const View& v,
                               const protocol::Result<protocol::HelpReply>& reply, std::int64_t id) const {
  const config::Translations& tr = c_.words.in(c_.lang(r, s));
  if (reply) {
    log_line("web: " + s.user.id + " took the call for a guide at " + reply->help.device);
    return page(r, s, v, tr.get("web.staff.help.took", {{"device", reply->help.device}}));
  }
  // Taken already: say by whom and when, in words (the list was read after the refusal).
  std::string why =
      tr.get("web.staff.help.refused", {{"reason", refusal(tr, "help_take", reply.failure(), s.user.id)}});
  if (v.calls)
    for (const auto& c : v.calls->requests)
      if (c.id == id && c.state == protocol::HelpState::taken)
        why = tr.get("web.staff.help.already",
                     {{"who", who(c.taken_by.value_or(""))}, {"at", hhmm(c.taken_at.value_or(""))}});
  return page(r, s, v, why, 409);
}

asio::awaitable<Response> HelpdeskSection::add(const Request& r, Session& s) {
  protocol::HelpdeskAddRequest req = add_request(r);
  auto reply = co_await s.peer->ask(req, asio::use_awaitable);
  View v = co_await read(s);
  co_return entered(r, s, v, reply, false);
}

asio::awaitable<Response> HelpdeskSection::done(const Request& r, Session& s) {
  protocol::HelpdeskDoneRequest req;
  req.entry = id_param(r);
  auto reply = co_await s.peer->ask(req, asio::use_awaitable);
  View v = co_await read(s);
  co_return entered(r, s, v, reply, true);
}

Response HelpdeskSection::entered(const Request& r, Session& s, const View& v,
                                  const protocol::Result<protocol::HelpdeskEntryReply>& reply, bool done) const {
  const config::Translations& tr = c_.words.in(c_.lang(r, s));
  if (reply) return page(r, s, v, tr.get(done ? "web.staff.help.marked" : "web.staff.help.added"));
  std::string why = refusal(tr, done ? "helpdesk_done" : "helpdesk_add", reply.failure(), s.user.id);
  return page(r, s, v, tr.get("web.staff.help.refused", {{"reason", why}}), done ? 409 : 400);
}

Response HelpdeskSection::refused(const Request& r, Session& s, const View& v) const {
  return page(r, s, v, c_.words.in(c_.lang(r, s)).get("web.staff.forbidden"), 403);
}

// ---- the page ---------------------------------------------------------------------

Response HelpdeskSection::page(const Request& r, Session& s, const View& v, std::string_view notice, int status) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  std::string body;
  if (!may_act(s.user))
    body += "<p class=\"note\" id=\"read-only\">" + escape(tr.get("web.staff.help.read_only")) + "</p>";
  if (v.figures && !v.figures->days.empty()) {
    const protocol::HelpDayInfo& d = v.figures->days.back();
    body += "<p class=\"note\" id=\"help-figures\" data-entries=\"" + std::to_string(d.entries) +
            "\" data-requests=\"" + std::to_string(d.requests) + "\" data-taken=\"" + std::to_string(d.taken) + "\">" +
            escape(tr.get("web.staff.help.figures", {{"entries", std::to_string(d.entries)},
                                                     {"followups", std::to_string(d.followups)},
                                                     {"done", std::to_string(d.followups_done)},
                                                     {"requests", std::to_string(d.requests)},
                                                     {"taken", std::to_string(d.taken)},
                                                     {"median", min_sec(d.take_median_s)}})) +
            "</p>";
  }
  body += "<h2>" + escape(tr.get("web.staff.help.calls")) + "</h2>" + calls_html(v, s, lang);
  body += "<h2>" + escape(tr.get("web.staff.help.register")) + "</h2>";
  if (may_act(s.user)) body += form_html(s, lang);
  body += "<h2>" + escape(tr.get("web.staff.help.today")) + "</h2>";
  if (!v.entries || v.entries->entries.empty())
    body += "<p class=\"none\" id=\"helpdesk-none\">" + escape(tr.get("web.staff.help.none_today")) + "</p>";
  else
    body += entries_html(v.entries->entries, s, lang, "helpdesk-today");
  if (v.entries && !v.entries->open_followups.empty())
    body += "<h2>" + escape(tr.get("web.staff.help.earlier")) + "</h2>" +
            entries_html(v.entries->open_followups, s, lang, "helpdesk-earlier");
  Response res = c_.page(s, lang, "help", tr.get("web.staff.help.title"), std::move(body), notice, {}, c_.here(r));
  res.status = status;
  return res;
}

std::string HelpdeskSection::calls_html(const View& v, const Session& s, std::string_view lang) const {
  const config::Translations& tr = c_.words.in(lang);
  if (!v.calls || v.calls->requests.empty())
    return "<p class=\"none\" id=\"help-calls-none\">" + escape(tr.get("web.staff.help.no_calls")) + "</p>";
  std::string h = "<table id=\"help-calls\"><thead><tr><th>" + escape(tr.get("web.staff.help.kiosk")) + "</th><th>" +
                  escape(tr.get("web.staff.help.since")) + "</th><th>" + escape(tr.get("web.staff.help.waited")) +
                  "</th><th>" + escape(tr.get("web.staff.help.state")) + "</th></tr></thead><tbody>";
  // Open calls first (oldest first: the one waiting longest on top), then those taken.
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& c : v.calls->requests) {
      bool open = c.state == protocol::HelpState::open;
      if (open != (pass == 0)) continue;
      std::string id = std::to_string(c.id);
      h += "<tr data-call=\"" + id + "\" class=\"" + (open ? "open" : "taken") + "\"><td>" + escape(c.device) +
           "</td><td>" + hhmm(c.requested_at) + "</td><td>" + std::to_string(c.waited_s / 60) + "</td><td>";
      if (!open)
        h += escape(tr.get("web.staff.help.taken",
                           {{"who", who(c.taken_by.value_or(""))}, {"at", hhmm(c.taken_at.value_or(""))}}));
      else if (may_act(s.user))
        h += "<form method=\"post\" action=\"/staff/help/take?lang=" + std::string(lang) + "\" class=\"inline\">" +
             Console::csrf_field(s) + "<input type=\"hidden\" name=\"id\" value=\"" + id +
             "\"><button type=\"submit\" id=\"take-" + id + "\">" + escape(tr.get("web.staff.help.take")) +
             "</button></form>";
      else
        h += escape(tr.get("web.staff.help.open"));
      h += "</td></tr>";
    }
  return h + "</tbody></table>";
}

std::string HelpdeskSection::form_html(const Session& s, std::string_view lang) const {
  const config::Translations& tr = c_.words.in(lang);
  std::string h = "<form method=\"post\" action=\"/staff/help/add?lang=" + std::string(lang) +
                  "\" class=\"helpdesk\" id=\"helpdesk-add\">" + Console::csrf_field(s) +
                  "<input type=\"hidden\" name=\"key\" value=\"" + random_token() + "\"><label>" +
                  escape(tr.get("web.staff.help.topic")) +
                  " <input name=\"topic\" id=\"topic\" required maxlength=\"200\"></label><label>" +
                  escape(tr.get("web.staff.help.service")) +
                  " <select name=\"service\" id=\"service\"><option value=\"\">" +
                  escape(tr.get("web.staff.help.no_service")) + "</option>";
  for (const auto& svc : c_.config.hall.services)
    h += "<option value=\"" + escape(svc.code) + "\">" + escape(svc.code) + " " + escape(name_in(svc.names, lang)) +
         "</option>";
  h += "</select></label><label>" + escape(tr.get("web.staff.help.answer")) +
       " <textarea name=\"answer\" id=\"answer\" required maxlength=\"500\" rows=\"3\"></textarea></label>"
       "<label class=\"check\"><input type=\"checkbox\" name=\"followup\" value=\"1\" id=\"followup\"> " +
       escape(tr.get("web.staff.help.followup")) + "</label><label>" + escape(tr.get("web.staff.help.phone")) +
       " <input type=\"tel\" name=\"phone\" id=\"phone\" inputmode=\"numeric\" pattern=\"[0-9]{7,15}\" "
       "maxlength=\"15\" autocomplete=\"off\"></label><button type=\"submit\" id=\"add\">" +
       escape(tr.get("web.staff.help.add")) + "</button></form>";
  return h;
}

std::string HelpdeskSection::entries_html(const std::vector<protocol::HelpdeskEntryInfo>& entries, const Session& s,
                                          std::string_view lang, std::string_view id) const {
  const config::Translations& tr = c_.words.in(lang);
  const bool earlier = id == "helpdesk-earlier";
  std::string h = "<table id=\"" + std::string(id) + "\"><thead><tr><th>" + escape(tr.get("web.staff.help.time")) +
                  "</th><th>" + escape(tr.get("web.staff.help.by")) + "</th><th>" +
                  escape(tr.get("web.staff.help.topic")) + "</th><th>" + escape(tr.get("web.staff.help.service")) +
                  "</th><th>" + escape(tr.get("web.staff.help.answer")) + "</th><th>" +
                  escape(tr.get("web.staff.help.status")) + "</th></tr></thead><tbody>";
  for (const auto& e : entries) {
    std::string key = std::to_string(e.id);
    std::string service;
    if (e.service) {
      service = *e.service;
      if (const domain::Service* svc = c_.config.hall.service(*e.service)) service += " " + name_in(svc->names, lang);
    }
    bool to_do = e.followup && !e.done_at;
    h += "<tr data-entry=\"" + key + "\" class=\"" +
         (to_do        ? "to-do"
          : e.followup ? "done"
                       : "none") +
         "\"><td>" + (earlier ? day_hhmm(e.at) : hhmm(e.at)) + "</td><td>" + escape(who(e.by)) +
         "</td><td class=\"topic\">" + escape(e.topic) + "</td><td>" + escape(service) + "</td><td class=\"answer\">" +
         escape(e.answer) + "</td><td class=\"followup\">";
    if (!e.followup) {
      h += escape(tr.get("web.staff.help.not_needed"));
    } else if (e.done_at) {
      h += escape(tr.get("web.staff.help.done", {{"who", who(e.done_by.value_or(""))}, {"at", hhmm(*e.done_at)}}));
    } else {
      h += escape(tr.get("web.staff.help.to_do"));
      if (e.phone_masked) h += " <span class=\"phone\">" + escape(*e.phone_masked) + "</span>";
      if (may_act(s.user))
        h += "<form method=\"post\" action=\"/staff/help/done?lang=" + std::string(lang) + "\" class=\"inline\">" +
             Console::csrf_field(s) + "<input type=\"hidden\" name=\"id\" value=\"" + key +
             "\"><button type=\"submit\" id=\"done-" + key + "\">" + escape(tr.get("web.staff.help.mark_done")) +
             "</button></form>";
    }
    h += "</td></tr>";
  }
  return h + "</tbody></table>";
}

}  // namespace hallq::server::web
