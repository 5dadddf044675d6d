#include "server/web/console/admin_section.hpp"

#include <boost/asio/use_awaitable.hpp>

#include "server/log.hpp"
#include "server/passwords.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

std::string unlock_form(const Words& words, std::string_view lang, const Session& s, const std::string& who) {
  return " <form method=\"post\" action=\"/staff/admin/unlock\" class=\"unlock\">" + Console::csrf_field(s) +
         "<input type=\"hidden\" name=\"who\" value=\"" + escape(who) + "\"><button type=\"submit\">" +
         escape(words.in(lang).get("web.staff.admin.unlock")) + "</button></form>";
}

std::string devices_table(const Words& words, const config::Config& config, std::string_view lang,
                          const std::vector<protocol::DeviceInfo>& devices, const Session* admin) {
  const config::Translations& tr = words.in(lang);
  std::string h = "<table id=\"devices\"><thead><tr>";
  for (const char* k : {"device", "role", "connection", "printer", "card_reader", "detail", "lock"})
    h += "<th>" + escape(tr.get(std::string("web.staff.admin.col.") + k)) + "</th>";
  h += "</tr></thead><tbody>";
  for (const auto& d : devices) {
    std::string role(protocol::to_string(d.role));
    bool problem = d.sessions == 0 || d.locked_until || (d.printer && !protocol::can_print(*d.printer)) ||
                   (d.card_reader && *d.card_reader == protocol::CardReaderState::error);
    h += "<tr data-device=\"" + escape(d.id) + "\" data-online=\"" + (d.sessions > 0 ? "1" : "0") + "\"" +
         (problem ? " class=\"problem\"" : "") + "><td>" + escape(d.id) + "</td><td>" +
         escape(tr.get("web.staff.admin.role." + role)) +
         (d.window ? " · " + escape(window_name(config, tr, lang, *d.window)) : "") +
         (d.department ? " · " + escape(department_name(config, lang, *d.department)) : "") + "</td><td>" +
         escape(tr.get(d.sessions > 0 ? "web.staff.admin.online" : "web.staff.admin.offline")) + "</td><td>" +
         (d.printer ? escape(tr.get("display.printer_state." + std::string(protocol::to_string(*d.printer)))) : "") +
         "</td><td>" +
         (d.card_reader ? escape(tr.get("web.staff.admin.reader." + std::string(protocol::to_string(*d.card_reader))))
                        : "") +
         "</td><td>" + escape(d.detail.value_or("")) + "</td><td>";
    if (d.locked_until) {
      h += escape(tr.get("web.staff.admin.locked_until", {{"until", d.locked_until->substr(11, 5)}}));
      if (admin) h += unlock_form(words, lang, *admin, d.id);
    }
    h += "</td></tr>";
  }
  return h + "</tbody></table>";
}

asio::awaitable<Response> AdminSection::handle(const Request& r, Session& s) {
  if (r.path[1] != "admin" || r.path.size() > 3) co_return text(404, "not found\n");
  const config::Translations& tr = c_.words.in(c_.lang(r, s));
  std::string notice;
  int status = 200;
  if (r.method == "POST") {
    if (r.path.size() != 3) co_return text(404, "not found\n");
    if (r.path[2] == "password") {
      protocol::SetPasswordRequest request;
      request.user = r.param("user") ? *r.param("user") : "";
      request.password = r.param("password") ? *r.param("password") : "";
      if (request.password.size() > Passwords::kMaxLength) {
        notice = tr.get("web.staff.admin.password_too_long", {{"max", std::to_string(Passwords::kMaxLength)}});
        status = 400;
      } else {
        auto reply = co_await s.peer->ask(request, asio::use_awaitable);
        notice = reply ? tr.get("web.staff.admin.password_set", {{"user", request.user}})
                       : tr.get("web.staff.tickets.refused",
                                {{"reason", refusal(tr, "set_password", reply.failure(), s.user.id)}});
        if (!reply) status = reply.failure().code == protocol::Errc::bad_request ? 400 : 409;
      }
    } else if (r.path[2] == "unlock") {
      protocol::UnlockRequest request;
      request.who = r.param("who") ? *r.param("who") : "";
      auto reply = co_await s.peer->ask(request, asio::use_awaitable);
      notice =
          reply ? tr.get("web.staff.admin.unlocked", {{"who", request.who}})
                : tr.get("web.staff.tickets.refused", {{"reason", refusal(tr, "unlock", reply.failure(), s.user.id)}});
      if (!reply) status = 409;
    } else {
      co_return text(404, "not found\n");
    }
  } else if (r.path.size() != 2) {
    co_return text(404, "not found\n");
  }
  protocol::UsersRequest users_request;
  auto users = co_await s.peer->ask(users_request, asio::use_awaitable);
  protocol::DevicesRequest devices_request;
  auto devices = co_await s.peer->ask(devices_request, asio::use_awaitable);
  Response res = page(r, s, users, devices, notice);
  res.status = status;
  co_return res;
}

Response AdminSection::page(const Request& r, Session& s, const protocol::Result<protocol::UsersReply>& users,
                            const protocol::Result<protocol::DevicesReply>& devices, std::string_view notice) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  std::string body = "<p class=\"note\">" + escape(tr.get("web.staff.admin.note")) + "</p><h2>" +
                     escape(tr.get("web.staff.admin.users")) + "</h2>";
  if (!users) {
    body += "<p class=\"error\" role=\"alert\">" + escape(refusal(tr, "users", users.failure())) + "</p>";
  } else {
    body += "<table id=\"users\"><thead><tr>";
    for (const char* k : {"user", "name", "role", "password", "lock"})
      body += "<th>" + escape(tr.get(std::string("web.staff.admin.col.") + k)) + "</th>";
    body += "</tr></thead><tbody>";
    for (const auto& u : users->users) {
      body += "<tr data-user=\"" + escape(u.id) + "\"><td>" + escape(u.id) + "</td><td>" + escape(u.name) +
              "</td><td>" + escape(tr.get("web.staff.role." + u.role)) + "</td><td class=\"password\">" +
              escape(tr.get(u.password ? "web.staff.admin.password_yes" : "web.staff.admin.password_no")) + "</td><td>";
      if (u.locked_until)
        body += escape(tr.get("web.staff.admin.locked_until", {{"until", u.locked_until->substr(11, 5)}})) +
                unlock_form(c_.words, lang, s, u.id);
      body += "</td></tr>";
    }
    body +=
        "</tbody></table><form method=\"post\" action=\"/staff/admin/password\" class=\"password\" "
        "id=\"set-password\"><h2>" +
        escape(tr.get("web.staff.admin.set_password")) + "</h2>" + Console::csrf_field(s) + "<label>" +
        escape(tr.get("web.staff.admin.col.user")) + " <select name=\"user\" id=\"password-user\">";
    for (const auto& u : users->users)
      body += "<option value=\"" + escape(u.id) + "\">" + escape(u.id + " " + u.name) + "</option>";
    body += "</select></label><label>" + escape(tr.get("web.staff.password")) +
            " <input type=\"password\" name=\"password\" id=\"password-new\" autocomplete=\"new-password\" required "
            "minlength=\"10\" maxlength=\"128\"></label><button type=\"submit\" id=\"password-submit\">" +
            escape(tr.get("web.staff.admin.set_password")) + "</button></form>";
  }
  body += "<h2>" + escape(tr.get("web.staff.admin.devices")) + "</h2>";
  if (!devices)
    body += "<p class=\"error\" role=\"alert\">" + escape(refusal(tr, "devices", devices.failure())) + "</p>";
  else
    body += devices_table(c_.words, c_.config, lang, devices->devices, &s);
  return c_.page(s, lang, "admin", tr.get("web.staff.admin.title"), std::move(body), notice, {}, c_.here(r));
}

}  // namespace hallq::server::web
