#include "server/web/console/cases_section.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/domain/case.hpp"
#include "core/sheets/case_papers.hpp"
#include "server/log.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

// `work` (a PDF drawn) run on `pool`, its result — the bytes, or why not — back on `loop`, to
// co_await. Not a coroutine itself: the work travels as the initiation's argument (GCC 12).
template <class Work>
auto off_loop(asio::thread_pool& pool, asio::any_io_executor loop, Work work) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(std::string, std::string)>(
      [&pool, loop](auto handler, Work w) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        asio::post(pool, [h, loop, w = std::move(w)]() mutable {
          std::string out, error;
          try {
            out = w();
          } catch (const std::exception& e) {
            error = e.what();
          }
          asio::post(loop, [h, out = std::move(out), error = std::move(error)]() mutable {
            (*h)(std::move(out), std::move(error));
          });
        });
      },
      asio::use_awaitable, std::move(work));
}

Response pdf(std::string bytes, const std::string& error, const std::string& file_name) {
  if (!error.empty()) return text(500, "the PDF could not be drawn: " + error + "\n");
  Response res;
  res.content_type = "application/pdf";
  res.body = std::move(bytes);
  res.headers.emplace_back("Content-Disposition", "inline; filename=\"" + file_name + "\"");
  return res;
}

std::string date_of(const std::optional<std::string>& iso) {
  return iso ? iso->substr(0, 10) : "";
}

std::string minute_of(const std::optional<std::string>& iso) {
  return iso && iso->size() >= 16 ? iso->substr(0, 10) + " " + iso->substr(11, 5) : iso.value_or("");
}

// A case number or sheet number as the hall writes them: letters, digits, '-'.
bool plain(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  return true;
}

}  // namespace

CasesSection::~CasesSection() {
  pool_.join();
}

asio::awaitable<Response> CasesSection::handle(const Request& r, Session& s) {
  if (r.path[1] != "cases" || r.path.size() > 4) co_return text(404, "not found\n");
  if (r.method == "POST") co_return not_allowed("GET, HEAD");  // nothing here is changed from the web
  if (r.path.size() == 2) co_return co_await list(r, s);
  const std::string& what = r.path[2];
  if (what == "handovers" && r.path.size() == 3) co_return co_await handovers(r, s);
  if (what == "handovers" && r.path.size() == 4 && r.path[3].ends_with(".pdf")) {
    std::string sheet = r.path[3].substr(0, r.path[3].size() - 4);  // named: no temporary across co_await
    co_return co_await handover_pdf(s, sheet);
  }
  if (what == "register.pdf" && r.path.size() == 3) co_return co_await register_pdf(r, s);
  if (r.path.size() == 3 && plain(what)) co_return co_await one(r, s, what);
  co_return text(404, "not found\n");
}

asio::awaitable<Response> CasesSection::list(const Request& r, Session& s) {
  protocol::CasesRequest q;
  if (const std::string* state = r.param("state")) q.state = protocol::enum_from_string<protocol::CaseState>(*state);
  if (const std::string* d = r.param("department"); d && !d->empty() && d->size() <= 32) q.department = *d;
  const std::string* due = r.param("due");
  std::string flag = due ? *due : "open";
  // An ended state (collected, decided at the window, withdrawn) asked for: the default "not ended"
  // would hide every one of them, so it means all.
  if (q.state && flag == "open")
    if (auto st = domain::case_state_from_string(protocol::to_string(*q.state)); st && domain::ended(*st)) flag = "all";
  q.open = flag == "open";
  q.due_soon = flag == "due_soon";
  q.overdue = flag == "overdue";
  auto found = co_await s.peer->ask(q, asio::use_awaitable);
  co_return list_page(r, s, q, found);
}

asio::awaitable<Response> CasesSection::one(const Request& r, Session& s, std::string number) {
  protocol::CaseStatusRequest request{number};  // named: GCC 12 frees a temporary kept across co_await
  auto found = co_await s.peer->ask(request, asio::use_awaitable);
  // Behind a case are a person's papers: who looked, and when, is in the server's log.
  if (found) log_line("web: " + s.user.id + " (" + std::string(to_string(s.user.role)) + ") viewed case " + number);
  co_return case_page(r, s, found);
}

asio::awaitable<Response> CasesSection::handovers(const Request& r, Session& s) {
  protocol::HandoversRequest q;
  if (const std::string* d = r.param("department"); d && !d->empty() && d->size() <= 32) q.department = *d;
  auto found = co_await s.peer->ask(q, asio::use_awaitable);
  co_return handovers_page(r, s, found);
}

asio::awaitable<Response> CasesSection::handover_pdf(Session& s, std::string sheet) {
  if (!plain(sheet)) co_return text(404, "not found\n");
  protocol::HandoverShowRequest request{sheet};  // named: GCC 12 frees a temporary kept across co_await
  auto shown = co_await s.peer->ask(request, asio::use_awaitable);
  if (!shown)
    co_return text(shown.failure().code == protocol::Errc::not_found ? 404 : 409,
                   refusal(c_.words.in(s.lang), "handover_show", shown.failure(), s.user.id) + "\n");
  protocol::HallRequest hall_request;
  auto hall = co_await s.peer->ask(hall_request, asio::use_awaitable);
  if (!hall) co_return text(500, refusal(c_.words.in(s.lang), "hall", hall.failure(), s.user.id) + "\n");
  log_line("web: " + s.user.id + " printed hand-over sheet " + sheet);
  // Named, as the requests are (GCC 12 and temporaries across co_await).
  auto draw = [h = shown.value().handover, info = hall.value().hall, assets = c_.assets] {
    return sheets::handover_pdf(h, info, assets);
  };
  auto drawn = co_await off_loop(pool_, c_.loop, std::move(draw));
  co_return pdf(std::move(std::get<0>(drawn)), std::get<1>(drawn), "handover-" + sheet + ".pdf");
}

asio::awaitable<Response> CasesSection::register_pdf(const Request& r, Session& s) {
  protocol::PickupRegisterRequest q;
  const std::string* d = r.param("day");
  // A day that is not one is refused, never printed as today's.
  if (d && !domain::LocalDate::parse(*d))
    co_return text(400, c_.words.in(c_.lang(r, s)).get("web.staff.bad_day") + "\n");
  std::string day = d ? *d : c_.engine.day().str();
  q.day = day;
  auto reg = co_await s.peer->ask(q, asio::use_awaitable);
  if (!reg) co_return text(409, refusal(c_.words.in(s.lang), "pickup_register", reg.failure(), s.user.id) + "\n");
  protocol::HallRequest hall_request;
  auto hall = co_await s.peer->ask(hall_request, asio::use_awaitable);
  if (!hall) co_return text(500, refusal(c_.words.in(s.lang), "hall", hall.failure(), s.user.id) + "\n");
  log_line("web: " + s.user.id + " printed the pickup register of " + day);
  auto draw = [day, cases = reg.value().cases, info = hall.value().hall, assets = c_.assets] {
    return sheets::register_pdf(day, cases, info, assets);
  };
  auto drawn = co_await off_loop(pool_, c_.loop, std::move(draw));
  co_return pdf(std::move(std::get<0>(drawn)), std::get<1>(drawn), "register-" + day + ".pdf");
}

std::string CasesSection::state_words(std::string_view lang, protocol::CaseState state) const {
  return c_.words.in(lang).get("case.states." + std::string(protocol::to_string(state)));
}

std::string CasesSection::department_name(std::string_view lang, const std::string& id) const {
  for (const auto& d : c_.config.hall.departments)
    if (d.id == id) return name_in(d.names, lang);
  return id;
}

Response CasesSection::list_page(const Request& r, Session& s, const protocol::CasesRequest& q,
                                 const protocol::Result<protocol::CasesReply>& found) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  std::string flag = q.open ? "open" : q.due_soon ? "due_soon" : q.overdue ? "overdue" : "all";
  std::string body = "<p><a href=\"/staff/cases/handovers?lang=" + lang + "\" id=\"handovers\">" +
                     escape(tr.get("web.staff.cases.handovers")) + "</a> · <a href=\"/staff/cases/register.pdf\" " +
                     "id=\"register\">" + escape(tr.get("web.staff.cases.register")) + "</a></p>" +
                     "<form method=\"get\" action=\"/staff/cases\" class=\"search\" id=\"search\"><label>" +
                     escape(tr.get("display.state")) +
                     " <select name=\"state\" id=\"search-state\"><option value=\"\">" +
                     escape(tr.get("web.staff.tickets.any")) + "</option>";
  for (auto state : protocol::EnumNames<protocol::CaseState>::names)
    body += "<option value=\"" + std::string(state) + "\"" +
            (q.state && protocol::to_string(*q.state) == state ? " selected" : "") + ">" +
            escape(tr.get("case.states." + std::string(state))) + "</option>";
  body += "</select></label> <label>" + escape(tr.get("web.staff.cases.department")) +
          " <select name=\"department\" id=\"search-department\"><option value=\"\">" +
          escape(tr.get("web.staff.tickets.any")) + "</option>";
  for (const auto& d : c_.config.hall.departments)
    body += "<option value=\"" + escape(d.id) + "\"" + (q.department == d.id ? " selected" : "") + ">" +
            escape(name_in(d.names, lang)) + "</option>";
  body += "</select></label> <label>" + escape(tr.get("web.staff.cases.deadline")) +
          " <select name=\"due\" id=\"search-due\">";
  for (const char* f : {"open", "due_soon", "overdue", "all"})
    body += "<option value=\"" + std::string(f) + "\"" + (flag == f ? " selected" : "") + ">" +
            escape(tr.get(std::string("web.staff.cases.due_") + f)) + "</option>";
  body += "</select></label> <input type=\"hidden\" name=\"lang\" value=\"" + lang +
          "\"><button type=\"submit\" id=\"find\">" + escape(tr.get("web.staff.tickets.find")) + "</button></form>";
  if (!found) {
    body += "<p class=\"error\" role=\"alert\">" + escape(refusal(tr, "cases", found.failure())) + "</p>";
  } else {
    const auto& cases = found->cases;
    body += "<p class=\"note\" id=\"found\" data-total=\"" + std::to_string(cases.size()) + "\">" +
            escape(counted(tr, "web.staff.cases.found", static_cast<long long>(cases.size()),
                           {{"total", std::to_string(cases.size())}})) +
            "</p>";
    if (!cases.empty()) {
      body += "<table id=\"cases\"><thead><tr>";
      for (const char* k : {"number", "service", "department", "state", "applicant", "received", "due", "handover"})
        body += "<th>" + escape(tr.get(std::string("web.staff.cases.col.") + k)) + "</th>";
      body += "</tr></thead><tbody>";
      for (const auto& c : cases) {
        const auto* svc = c_.config.hall.service(c.service);
        std::string due = c.due.value_or("");
        if (c.overdue)
          due += " · " + tr.get("web.staff.cases.overdue");
        else if (c.workdays_left && c.due)  // as the case's own page says it
          due += " · " +
                 counted(tr, "web.staff.cases.days_left", *c.workdays_left, {{"n", std::to_string(*c.workdays_left)}});
        body += "<tr data-case=\"" + escape(c.number) + "\" class=\"" +
                std::string(c.overdue    ? "overdue"
                            : c.due_soon ? "due-soon"
                                         : "") +
                "\"><td><a href=\"/staff/cases/" + escape(c.number) + "?lang=" + lang + "\">" + escape(c.number) +
                "</a></td><td>" + escape(c.service) + (svc ? " " + escape(name_in(svc->names, lang)) : std::string()) +
                "</td><td>" + escape(c.department ? department_name(lang, *c.department) : "") +
                "</td><td class=\"state\">" + escape(state_words(lang, c.state)) + "</td><td>" +
                escape(sheets::applicant_of(c)) + "</td><td>" + escape(date_of(c.received_at)) +
                "</td><td class=\"due\">" + escape(due) + "</td><td>" +
                (c.handover ? "<a href=\"/staff/cases/handovers/" + escape(*c.handover) + ".pdf\">" +
                                  escape(*c.handover) + "</a>"
                            : std::string()) +
                "</td></tr>";
      }
      body += "</tbody></table>";
    }
  }
  return c_.page(s, lang, "cases", tr.get("web.staff.cases.title"), std::move(body), "", {}, c_.here(r));
}

Response CasesSection::case_page(const Request& r, Session& s,
                                 const protocol::Result<protocol::CaseReply>& found) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  if (!found) {
    Response res = c_.page(s, lang, "cases", tr.get("web.staff.cases.title"),
                           "<p class=\"error\" role=\"alert\" id=\"error\">" +
                               escape(refusal(tr, "case_status", found.failure(), s.user.id)) + "</p>");
    res.status = found.failure().code == protocol::Errc::not_found ? 404 : 409;
    return res;
  }
  const protocol::CaseInfo& c = found->case_;
  const auto* svc = c_.config.hall.service(c.service);
  std::string body = "<p><a href=\"/staff/cases?lang=" + lang + "\">" + escape(tr.get("web.staff.cases.title")) +
                     "</a></p><dl class=\"case\" id=\"case\" data-case=\"" + escape(c.number) + "\" data-state=\"" +
                     std::string(protocol::to_string(c.state)) + "\">";
  auto field = [&](const char* key, const std::string& value) {
    if (!value.empty())
      body += "<dt>" + escape(tr.get(std::string("web.staff.cases.col.") + key)) + "</dt><dd id=\"case-" + key + "\">" +
              escape(value) + "</dd>";
  };
  field("number", c.number);
  field("state", state_words(lang, c.state));
  field("service", c.service + (svc ? " " + name_in(svc->names, lang) : std::string()));
  field("department", c.department ? department_name(lang, *c.department) : "");
  field("applicant", sheets::applicant_of(c));
  field("company_code", c.company_code.value_or(""));
  field("phone", c.phone_masked.value_or(""));
  field("received", minute_of(c.received_at) + (c.window ? " · " + window_name(c_.config, tr, lang, c.window) +
                                                               (c.clerk ? " · " + person(c_.config, *c.clerk) : "")
                                                         : std::string()));
  field("accepted", minute_of(c.accepted_at));
  std::string due = c.due.value_or("");
  if (!due.empty() && c.overdue) due += " · " + tr.get("web.staff.cases.overdue");
  if (!due.empty() && !c.overdue && c.workdays_left)
    due +=
        " · " + counted(tr, "web.staff.cases.days_left", *c.workdays_left, {{"n", std::to_string(*c.workdays_left)}});
  field("due", due);
  field("handover", c.handover.value_or(""));
  field("result", c.result_note.value_or(""));
  field("ready", minute_of(c.ready_at));
  std::string picked;
  if (c.picked_up_at) {
    picked = minute_of(c.picked_up_at);
    if (c.agent_id_masked) picked += " · " + tr.get("web.staff.cases.agent") + " " + *c.agent_id_masked;
  }
  field("picked_up", picked);
  field("supplements", c.supplements ? std::to_string(c.supplements) : "");
  body += "</dl><h2>" + escape(tr.get("web.staff.cases.col.materials")) + "</h2><ul id=\"materials\">";
  for (const auto& m : c.materials)
    body += "<li data-state=\"" + std::string(protocol::to_string(m.state)) + "\">" + escape(name_in(m.names, lang)) +
            " · " + escape(tr.get("case.materials." + std::string(protocol::to_string(m.state)))) + "</li>";
  body += "</ul>";
  return c_.page(s, lang, "cases", c.number, std::move(body), "", {}, c_.here(r));
}

Response CasesSection::handovers_page(const Request& r, Session& s,
                                      const protocol::Result<protocol::HandoversReply>& found) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  std::string body =
      "<p><a href=\"/staff/cases?lang=" + lang + "\">" + escape(tr.get("web.staff.cases.title")) + "</a></p>";
  if (!found) {
    body += "<p class=\"error\" role=\"alert\">" + escape(refusal(tr, "handovers", found.failure())) + "</p>";
  } else if (found->handovers.empty()) {
    body +=
        "<p class=\"note\" id=\"found\" data-total=\"0\">" + escape(tr.get("web.staff.cases.no_handovers")) + "</p>";
  } else {
    body += "<table id=\"sheets\"><thead><tr>";
    for (const char* k : {"sheet", "department", "sheet_state", "count", "created", "received_by"})
      body += "<th>" + escape(tr.get(std::string("web.staff.cases.col.") + k)) + "</th>";
    body += "</tr></thead><tbody>";
    for (const auto& h : found->handovers)
      body += "<tr data-sheet=\"" + escape(h.number) + "\"><td><a href=\"/staff/cases/handovers/" + escape(h.number) +
              ".pdf\">" + escape(h.number) + "</a></td><td>" + escape(department_name(lang, h.department)) +
              "</td><td>" + escape(tr.get("web.staff.cases.sheet." + std::string(protocol::to_string(h.state)))) +
              "</td><td>" + std::to_string(h.cases.size()) + "</td><td>" + escape(minute_of(h.created_at)) + " " +
              escape(person(c_.config, h.created_by)) + "</td><td>" +
              escape(h.received_by ? person(c_.config, *h.received_by) : "") + "</td></tr>";
    body += "</tbody></table>";
  }
  return c_.page(s, lang, "cases", tr.get("web.staff.cases.handovers"), std::move(body), "", {}, c_.here(r));
}

}  // namespace hallq::server::web
