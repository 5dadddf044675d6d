#include "server/web/console/appointments_section.hpp"

#include <map>

#include <boost/asio/use_awaitable.hpp>

#include "core/protocol/appointments_csv.hpp"
#include "server/log.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

// The day asked for (today when none is given), or nothing when what was given is not a date:
// never silently today, which would list or import another day than the one asked for.
std::optional<std::string> day_of(const Request& r, const domain::Engine& engine) {
  const std::string* d = r.param("day");
  if (!d) return engine.day().str();
  if (!domain::LocalDate::parse(*d)) return std::nullopt;
  return *d;
}

// The number after `prefix` at the start of `text` ("line 3: …" → 3), or 0.
int numbered(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return 0;
  int n = 0;
  for (char ch : text.substr(prefix.size())) {
    if (ch < '0' || ch > '9' || n > 100000) return ch == ':' ? n : 0;
    n = n * 10 + (ch - '0');
  }
  return 0;
}

// Why a file was not imported, in the page's words: the line the reader stopped at, or the
// appointment the server refused, when they say which. Their English stays in the server's log.
std::string unreadable(const config::Translations& tr, const std::string& detail, const std::string& who) {
  log_line("web: " + who + ": the appointments file was not read: " + log_safe(detail, 300));
  int line = numbered(detail, "line ");
  return line > 0 ? tr.get("web.staff.appointments.bad_line", {{"n", std::to_string(line)}})
                  : tr.get("web.staff.appointments.unreadable");
}

std::string not_imported(const config::Translations& tr, const protocol::Failure& f, const std::string& who) {
  std::string why = refusal(tr, "import_appointments", f, who);
  int entry = f.code == protocol::Errc::bad_request ? numbered(f.message, "appointment ") : 0;
  return entry > 0 ? tr.get("web.staff.appointments.bad_entry", {{"n", std::to_string(entry)}}) : why;
}

}  // namespace

asio::awaitable<Response> AppointmentsSection::handle(const Request& r, Session& s) {
  if (r.path[1] != "appointments" || r.path.size() > 3) co_return text(404, "not found\n");
  const bool action_path = r.path.size() == 3 && (r.path[2] == "checkin" || r.path[2] == "import");
  if (r.method == "POST") {
    if (r.path.size() == 2) co_return not_allowed("GET, HEAD");
    if (!action_path) co_return text(404, "not found\n");
    co_return co_await act(r, s, r.path[2]);
  }
  if (action_path) co_return not_allowed("POST");
  if (r.path.size() != 2) co_return text(404, "not found\n");
  std::optional<std::string> day = day_of(r, c_.engine);
  if (!day) {  // said by the page in its words (a bad_request of the appointments op is a bad day)
    protocol::Failure why{protocol::Errc::bad_request, "not a day"};
    Response res = page(r, s, *r.param("day"), why, "");
    res.status = 400;
    co_return res;
  }
  protocol::AppointmentsRequest request{*day};  // named: GCC 12 frees a temporary kept across co_await
  auto list = co_await s.peer->ask(request, asio::use_awaitable);
  co_return page(r, s, *day, list, "");
}

asio::awaitable<Response> AppointmentsSection::act(const Request& r, Session& s, std::string action) {
  const config::Translations& tr = c_.words.in(c_.lang(r, s));
  std::optional<std::string> asked = day_of(r, c_.engine);
  std::string day = asked.value_or(c_.engine.day().str());
  std::string notice;
  int status = 200;
  if (!asked) {  // nothing is done on a day that is not one
    notice = tr.get("web.staff.bad_day");
    status = 400;
  } else if (action == "checkin") {
    protocol::CheckinRequest req;
    req.code = r.param("code") ? *r.param("code") : "";
    if (!may_act(s.user)) {
      notice = tr.get("web.staff.forbidden");
      status = 403;
    } else {
      auto reply = co_await s.peer->ask(req, asio::use_awaitable);
      if (reply) {
        log_line("web: " + s.user.id + " checked in " + log_safe(*req.code, 32) + " as " + reply->ticket.number);
        notice = tr.get("web.staff.appointments.checked_in",
                        {{"code", *req.code}, {"number", reply->ticket.number}, {"service", reply->ticket.service}});
      } else {
        notice = tr.get("web.staff.tickets.refused", {{"reason", refusal(tr, "checkin", reply.failure(), s.user.id)}});
        status = 409;
      }
    }
  } else if (!may_administer(s.user)) {
    notice = tr.get("web.staff.forbidden");
    status = 403;
  } else {
    auto read = protocol::read_appointments(r.param("csv") ? *r.param("csv") : "");
    if (const std::string* error = std::get_if<std::string>(&read)) {
      notice = tr.get("web.staff.appointments.bad_file", {{"reason", unreadable(tr, *error, s.user.id)}});
      status = 400;
    } else {
      protocol::ImportAppointmentsRequest req;
      req.day = day;
      req.appointments = std::get<std::vector<protocol::AppointmentEntry>>(std::move(read));
      auto reply = co_await s.peer->ask(req, asio::use_awaitable);
      if (reply) {
        log_line("web: " + s.user.id + " imported " + std::to_string(reply->imported) + " appointments for " + day);
        notice = counted(tr, "web.staff.appointments.imported", reply->imported,
                         {{"count", std::to_string(reply->imported)}, {"day", reply->day}});
      } else {
        notice = tr.get("web.staff.appointments.bad_file", {{"reason", not_imported(tr, reply.failure(), s.user.id)}});
        status = 409;
      }
    }
  }
  protocol::AppointmentsRequest request{day};  // named: GCC 12 frees a temporary kept across co_await
  auto list = co_await s.peer->ask(request, asio::use_awaitable);
  Response res = page(r, s, day, list, notice);
  res.status = status;
  co_return res;
}

Response AppointmentsSection::page(const Request& r, Session& s, const std::string& day,
                                   const protocol::Result<protocol::AppointmentsReply>& list,
                                   std::string_view notice) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  auto service_name = [&](const std::string& code) {
    const auto* svc = c_.config.hall.service(code);
    return escape(code) + (svc ? " " + escape(name_in(svc->names, lang)) : std::string());
  };
  std::string body = "<form method=\"get\" action=\"/staff/appointments\" class=\"range\"><label>" +
                     escape(tr.get("web.staff.appointments.day")) +
                     " <input type=\"date\" name=\"day\" id=\"day\" value=\"" + escape(day) +
                     "\"></label> <input type=\"hidden\" name=\"lang\" value=\"" + lang +
                     "\"><button type=\"submit\" id=\"show\">" + escape(tr.get("web.staff.show")) + "</button></form>";
  if (!list && list.failure().code == protocol::Errc::bad_request) {
    body += "<p class=\"error\" role=\"alert\" id=\"bad-day\">" + escape(tr.get("web.staff.bad_day")) + "</p>";
  } else if (!list) {
    body += "<p class=\"error\" role=\"alert\">" + escape(refusal(tr, "appointments", list.failure())) + "</p>";
  } else {
    const auto& all = list->appointments;
    // The day's slots: how many are booked at each time, and how many of them have checked in.
    struct Slot {
      int booked = 0, checked_in = 0;
      std::map<std::string, int> services;
    };
    std::map<std::string, Slot> slots;
    int checked_in = 0;
    for (const auto& a : all) {
      Slot& slot = slots[a.time];
      ++slot.booked;
      ++slot.services[a.service];
      if (a.ticket) {
        ++slot.checked_in;
        ++checked_in;
      }
    }
    body += "<p class=\"note\" id=\"summary\" data-booked=\"" + std::to_string(all.size()) + "\" data-checked-in=\"" +
            std::to_string(checked_in) + "\">" +
            escape(tr.get("web.staff.appointments.summary",
                          {{"booked", std::to_string(all.size())}, {"checked_in", std::to_string(checked_in)}})) +
            "</p>";
    if (!all.empty()) {
      body += "<h2>" + escape(tr.get("web.staff.appointments.slots")) + "</h2><table id=\"slots\"><thead><tr><th>" +
              escape(tr.get("web.staff.appointments.col.time")) + "</th><th>" +
              escape(tr.get("web.staff.appointments.col.booked")) + "</th><th>" +
              escape(tr.get("web.staff.appointments.col.checked_in")) + "</th><th>" +
              escape(tr.get("display.services")) + "</th></tr></thead><tbody>";
      for (const auto& [time, slot] : slots) {
        std::string services;
        for (const auto& [code, n] : slot.services)
          services += (services.empty() ? "" : " · ") + service_name(code) + " × " + std::to_string(n);
        body += "<tr data-time=\"" + escape(time) + "\"><td>" + escape(time) + "</td><td class=\"booked\">" +
                std::to_string(slot.booked) + "</td><td class=\"checked-in\">" + std::to_string(slot.checked_in) +
                "</td><td>" + services + "</td></tr>";
      }
      body += "</tbody></table><h2>" + escape(tr.get("web.staff.appointments.list")) +
              "</h2><table id=\"appointments\"><thead><tr>";
      for (const char* k : {"time", "code", "service", "person", "ticket"})
        body += "<th>" + escape(tr.get(std::string("web.staff.appointments.col.") + k)) + "</th>";
      body += "</tr></thead><tbody>";
      for (const auto& a : all) {
        std::string person = a.name_masked.value_or("");
        if (a.id_masked) person += (person.empty() ? "" : " ") + *a.id_masked;
        body += "<tr data-code=\"" + escape(a.code) + "\"><td>" + escape(a.time) + "</td><td>" + escape(a.code) +
                "</td><td>" + service_name(a.service) + "</td><td>" + escape(person) + "</td><td class=\"ticket\">";
        if (a.ticket) {
          body += escape(*a.ticket);
        } else if (may_act(s.user) && day == c_.engine.day().str()) {
          body += "<form method=\"post\" action=\"/staff/appointments/checkin\" class=\"checkin\">" +
                  Console::csrf_field(s) + "<input type=\"hidden\" name=\"day\" value=\"" + escape(day) +
                  "\"><input type=\"hidden\" name=\"code\" value=\"" + escape(a.code) + "\"><button type=\"submit\">" +
                  escape(tr.get("web.staff.appointments.checkin")) + "</button></form>";
        } else {
          body += escape(tr.get("web.staff.appointments.not_checked_in"));
        }
        body += "</td></tr>";
      }
      body += "</tbody></table>";
    }
  }
  std::vector<std::string> scripts;
  if (may_administer(s.user)) {
    scripts.push_back("/static/appointments.js");
    body += "<form method=\"post\" action=\"/staff/appointments/import\" class=\"import\" id=\"import\"><h2>" +
            escape(tr.get("web.staff.appointments.import")) + "</h2>" + Console::csrf_field(s) + "<p class=\"note\">" +
            escape(tr.get("web.staff.appointments.format")) + "</p><label>" +
            escape(tr.get("web.staff.appointments.day")) +
            " <input type=\"date\" name=\"day\" id=\"import-day\" required value=\"" + escape(day) +
            "\"></label><label>" + escape(tr.get("web.staff.appointments.file")) +
            " <input type=\"file\" id=\"import-file\" accept=\".csv,text/csv,.json,application/json\"></label><label>" +
            escape(tr.get("web.staff.appointments.csv")) +
            " <textarea name=\"csv\" id=\"import-csv\" rows=\"8\" cols=\"60\" required></textarea></label><button "
            "type=\"submit\" id=\"import-submit\">" +
            escape(tr.get("web.staff.appointments.import_button")) + "</button></form>";
  }
  return c_.page(s, lang, "appointments", tr.get("web.staff.appointments.title"), std::move(body), notice,
                 std::move(scripts), c_.here(r));
}

}  // namespace hallq::server::web
