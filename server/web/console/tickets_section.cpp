#include "server/web/console/tickets_section.hpp"

#include <boost/asio/use_awaitable.hpp>

#include "core/protocol/utf8.hpp"
#include "server/log.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

constexpr int kShown = 100;
// A reason's limit on the wire, in bytes; the form's maxlength (characters, UTF-16 units: at most 3
// bytes each) is a third of it, so that a reason the form lets through is never refused for its length.
constexpr std::size_t kReasonMax = 200;
constexpr std::size_t kReasonChars = kReasonMax / 3;

// "09:05" of an ISO 8601 time ("2026-11-30T09:05:12+08:00").
std::string clock_of(const std::string& iso) {
  return iso.size() >= 16 ? iso.substr(11, 5) : iso;
}

std::string query_of(const std::string& number, const std::string& service, const std::string& state) {
  return "number=" + escape(number) + "&amp;service=" + escape(service) + "&amp;state=" + escape(state);
}

}  // namespace

TicketsSection::Search TicketsSection::search_of(const Request& r) {
  Search q;
  // What was typed stays in the form; a number or service longer than any can match nothing (never
  // "no filter": that would list every ticket as found).
  auto take = [&](std::string_view name, std::size_t most) {
    const std::string* v = r.param(name);
    std::string typed = v ? std::string(protocol::utf8_prefix(*v, 64)) : std::string();
    if (typed.size() > most) q.matches_none = true;
    return typed;
  };
  q.number = take("number", 8);
  q.service = take("service", 8);
  q.state = take("state", 16);
  if (!protocol::enum_from_string<protocol::TicketState>(q.state)) q.state.clear();
  return q;
}

asio::awaitable<Response> TicketsSection::handle(const Request& r, Session& s) {
  if (r.path[1] != "tickets" || r.path.size() > 3) co_return text(404, "not found\n");
  const bool action_path =
      r.path.size() == 3 && (r.path[2] == "reassign" || r.path[2] == "cancel" || r.path[2] == "requeue");
  if (r.method == "POST") {
    if (r.path.size() == 2) co_return not_allowed("GET, HEAD");
    if (!action_path) co_return text(404, "not found\n");
    std::string action = r.path[2];
    co_return co_await act(r, s, action);
  }
  if (action_path) co_return not_allowed("POST");
  if (r.path.size() != 2) co_return text(404, "not found\n");
  Search q = search_of(r);
  protocol::TicketsRequest req;
  if (!q.number.empty()) req.number = q.number;
  if (!q.service.empty()) req.service = q.service;
  req.state = protocol::enum_from_string<protocol::TicketState>(q.state);
  req.limit = kShown;
  protocol::Result<protocol::TicketsReply> found = protocol::TicketsReply{};
  if (!q.matches_none) found = co_await s.peer->ask(req, asio::use_awaitable);
  co_return page(r, s, q, found, "", Typed{});
}

asio::awaitable<Response> TicketsSection::act(const Request& r, Session& s, std::string action) {
  const config::Translations& tr = c_.words.in(c_.lang(r, s));
  Search q = search_of(r);
  std::string number = r.param("ticket") ? *r.param("ticket") : "";
  // Never cut: a reason too long is refused and shown again as typed (spaces alone are none).
  std::string reason = trimmed(r, "reason");
  Typed typed{number, action, reason};
  std::string notice;
  int status = 200;
  if (!may_act(s.user)) {
    notice = tr.get("web.staff.forbidden");
    status = 403;
  } else if (action == "cancel" && reason.empty()) {
    // A cancelled ticket is a citizen sent away: the register says why.
    notice = tr.get("web.staff.tickets.reason_required");
    status = 400;
  } else if (reason.size() > kReasonMax) {
    notice = tr.get("web.staff.tickets.reason_too_long", {{"n", std::to_string(kReasonChars)}});
    status = 400;
  } else {
    protocol::Result<protocol::TicketReply> reply = protocol::Failure{};
    if (action == "reassign") {
      protocol::ReassignRequest req;
      req.number = number;
      req.to_service = r.param("to_service") ? *r.param("to_service") : "";
      if (!reason.empty()) req.reason = reason;
      reply = co_await s.peer->ask(req, asio::use_awaitable);
    } else if (action == "cancel") {
      protocol::CancelRequest req;
      req.number = number;
      req.reason = reason;
      reply = co_await s.peer->ask(req, asio::use_awaitable);
    } else {
      protocol::RequeueRequest request{number};  // named: GCC 12 frees a temporary kept across co_await
      reply = co_await s.peer->ask(request, asio::use_awaitable);
    }
    notice = outcome(s, action, reply);
    if (!reply) status = 409;
    if (reply) typed = {};
  }
  protocol::TicketsRequest req;
  if (!q.number.empty()) req.number = q.number;
  if (!q.service.empty()) req.service = q.service;
  req.state = protocol::enum_from_string<protocol::TicketState>(q.state);
  req.limit = kShown;
  protocol::Result<protocol::TicketsReply> found = protocol::TicketsReply{};
  if (!q.matches_none) found = co_await s.peer->ask(req, asio::use_awaitable);
  Response res = page(r, s, q, found, notice, typed);
  res.status = status;
  co_return res;
}

std::string TicketsSection::outcome(const Session& s, std::string_view action,
                                    const protocol::Result<protocol::TicketReply>& reply) const {
  const config::Translations& tr = c_.words.in(s.lang);
  if (!reply) return tr.get("web.staff.tickets.refused", {{"reason", refusal(tr, action, reply.failure(), s.user.id)}});
  const protocol::TicketInfo& t = reply->ticket;
  log_line("web: " + s.user.id + " " + std::string(action) + " " + t.number);
  return tr.get("web.staff.tickets.done_" + std::string(action), {{"number", t.number}, {"service", t.service}});
}

Response TicketsSection::page(const Request& r, Session& s, const Search& q,
                              const protocol::Result<protocol::TicketsReply>& found, std::string_view notice,
                              const Typed& typed) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  std::string body = "<form method=\"get\" action=\"/staff/tickets\" class=\"search\" id=\"search\"><label>" +
                     escape(tr.get("web.staff.tickets.number")) +
                     " <input name=\"number\" id=\"search-number\" maxlength=\"8\" value=\"" + escape(q.number) +
                     "\"></label> <label>" + escape(tr.get("display.services")) +
                     " <select name=\"service\" id=\"search-service\"><option value=\"\">" +
                     escape(tr.get("web.staff.tickets.any")) + "</option>";
  for (const auto& svc : c_.config.hall.services)
    body += "<option value=\"" + escape(svc.code) + "\"" + (svc.code == q.service ? " selected" : "") + ">" +
            escape(svc.code) + " " + escape(name_in(svc.names, lang)) + "</option>";
  body += "</select></label> <label>" + escape(tr.get("display.state")) +
          " <select name=\"state\" id=\"search-state\"><option value=\"\">" + escape(tr.get("web.staff.tickets.any")) +
          "</option>";
  for (auto state : protocol::EnumNames<protocol::TicketState>::names)
    body += "<option value=\"" + std::string(state) + "\"" + (state == q.state ? " selected" : "") + ">" +
            escape(tr.get("ticket.states." + std::string(state))) + "</option>";
  body += "</select></label> <input type=\"hidden\" name=\"lang\" value=\"" + lang +
          "\"><button type=\"submit\" id=\"find\">" + escape(tr.get("web.staff.tickets.find")) + "</button></form>";
  if (!found) {
    body += "<p class=\"error\" role=\"alert\">" + escape(refusal(tr, "tickets", found.failure())) + "</p>";
  } else {
    const auto& list = found.value();
    body += "<p class=\"note\" id=\"found\" data-total=\"" + std::to_string(list.total) + "\">" +
            escape(tr.get("web.staff.tickets.found",
                          {{"total", std::to_string(list.total)}, {"shown", std::to_string(list.tickets.size())}})) +
            "</p>";
    if (!list.tickets.empty()) {
      body += "<table id=\"tickets\" class=\"tickets\"><thead><tr>";
      for (const char* k : {"number", "service", "state", "issued", "wait", "window", "person", "reason"})
        body += "<th>" + escape(tr.get(std::string("web.staff.tickets.col.") + k)) + "</th>";
      if (may_act(s.user)) body += "<th>" + escape(tr.get("web.staff.tickets.col.actions")) + "</th>";
      body += "</tr></thead><tbody>";
      for (const auto& t : list.tickets) body += row(s, lang, t, q, typed);
      body += "</tbody></table>";
    }
  }
  Response res =
      c_.page(s, lang, "tickets", tr.get("web.staff.tickets.title"), std::move(body), notice, {}, c_.here(r));
  return res;
}

std::string TicketsSection::row(const Session& s, std::string_view lang, const protocol::TicketInfo& t, const Search& q,
                                const Typed& typed) const {
  const config::Translations& tr = c_.words.in(lang);
  const std::string state(protocol::to_string(t.state));
  const auto* svc = c_.config.hall.service(t.service);
  std::string person = t.name_masked.value_or("");
  if (t.id_masked) person += (person.empty() ? "" : " ") + *t.id_masked;
  // Time waited, as a clock counts it (whole minutes, rounded down), as the caller and hallqctl say it.
  std::string wait = t.state == protocol::TicketState::waiting
                         ? tr.get("web.staff.tickets.ahead",
                                  {{"n", std::to_string(t.ahead)}, {"waited", config::elapsed_text(tr, t.waited_s)}})
                         : std::to_string(t.waited_s / 60) + "′";
  std::string h = "<tr data-number=\"" + escape(t.number) + "\" data-state=\"" + state + "\"><td class=\"number\">" +
                  escape(t.number) + "</td><td>" + escape(t.service) +
                  (svc ? " " + escape(name_in(svc->names, lang)) : std::string()) + "</td><td class=\"state\">" +
                  escape(tr.get("ticket.states." + state)) + "</td><td>" + escape(clock_of(t.issued_at)) + "</td><td>" +
                  escape(wait) + "</td><td>" + (t.window ? std::to_string(*t.window) : "") + "</td><td>" +
                  escape(person) + "</td><td>" + escape(t.reason.value_or("")) + "</td>";
  if (!may_act(s.user)) return h + "</tr>";
  // The search rides along, so the page after an action shows the same list.
  std::string keep = "<input type=\"hidden\" name=\"ticket\" value=\"" + escape(t.number) + "\">" +
                     Console::csrf_field(s) + "<input type=\"hidden\" name=\"lang\" value=\"" + std::string(lang) +
                     "\">";
  std::string action_url = "?" + query_of(q.number, q.service, q.state);
  // The reason typed into this row's form, when it was refused: kept.
  auto typed_for = [&](std::string_view action) {
    return typed.number == t.number && typed.action == action ? " value=\"" + escape(typed.reason) + "\""
                                                              : std::string();
  };
  const std::string max = " maxlength=\"" + std::to_string(kReasonChars) + "\"";
  h += "<td class=\"actions\">";
  if (t.state == protocol::TicketState::waiting) {
    h += "<form method=\"post\" action=\"/staff/tickets/reassign" + action_url + "\" class=\"reassign\">" + keep +
         "<select name=\"to_service\" aria-label=\"" + escape(tr.get("web.staff.tickets.send_to")) + "\">";
    // A real-name service needs the ticket's ID card: not offered for a ticket issued without one.
    for (const auto& other : c_.config.hall.services)
      if (other.code != t.service && (!other.real_name || t.id_masked))
        h += "<option value=\"" + escape(other.code) + "\">" + escape(other.code) + " " +
             escape(name_in(other.names, lang)) + "</option>";
    h += "</select><input name=\"reason\"" + max + typed_for("reassign") + " placeholder=\"" +
         escape(tr.get("web.staff.tickets.reason")) + "\" aria-label=\"" + escape(tr.get("web.staff.tickets.reason")) +
         "\"><button type=\"submit\">" + escape(tr.get("web.staff.tickets.send")) + "</button></form>";
    h += "<form method=\"post\" action=\"/staff/tickets/cancel" + action_url + "\" class=\"cancel\">" + keep +
         "<input name=\"reason\" required" + max + typed_for("cancel") + " placeholder=\"" +
         escape(tr.get("web.staff.tickets.cancel_reason")) + "\" aria-label=\"" +
         escape(tr.get("web.staff.tickets.cancel_reason")) + "\"><button type=\"submit\">" +
         escape(tr.get("web.staff.tickets.cancel")) + "</button></form>";
  } else if (t.state == protocol::TicketState::no_show) {
    h += "<form method=\"post\" action=\"/staff/tickets/requeue" + action_url + "\" class=\"requeue\">" + keep +
         "<button type=\"submit\">" + escape(tr.get("web.staff.tickets.requeue")) + "</button></form>";
  }
  return h + "</td></tr>";
}

}  // namespace hallq::server::web
