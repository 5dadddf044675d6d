#include "server/web/console/console.hpp"

#include "core/config/error_text.hpp"
#include "core/domain/crypto.hpp"
#include "server/log.hpp"

namespace hallq::server::web {

bool may_act(const config::StaffUser& u) {
  return u.role == config::StaffRole::guide || u.role == config::StaffRole::admin;
}

bool may_report(const config::StaffUser& u) {
  return u.role != config::StaffRole::clerk;
}

bool may_administer(const config::StaffUser& u) {
  return u.role == config::StaffRole::admin;
}

std::string refusal(const config::Translations& tr, std::string_view op, const protocol::Failure& f,
                    std::string_view who) {
  const std::string code(protocol::to_string(f.code));
  log_line("web: " + (who.empty() ? std::string("the console") : std::string(who)) + ": " + std::string(op) +
           " refused (" + code + "): " + log_safe(f.message, 300));
  if (std::string own = "web.errors." + std::string(op) + "." + code; tr.has(own)) return tr.get(own);
  return config::error_text(tr, op, code);
}

std::string trimmed(const Request& r, std::string_view name) {
  const std::string* v = r.param(name);
  if (!v) return {};
  std::string s;
  for (char ch : *v)
    if (ch != '\r') s += ch;
  auto first = s.find_first_not_of(" \t\n"), last = s.find_last_not_of(" \t\n");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

std::string person(const config::Config& config, const std::string& who) {
  std::string_view id = who;
  if (id.starts_with("web:")) id.remove_prefix(4);
  if (auto u = config.staff_user(id)) return u->name;
  if (const auto* c = config.hall.clerk(id)) return c->name;
  return who;
}

std::string department_name(const config::Config& config, std::string_view lang, std::string_view id) {
  for (const auto& d : config.hall.departments)
    if (d.id == id) return name_in(d.names, lang);
  return std::string(id);
}

std::string window_name(const config::Config& config, const config::Translations& tr, std::string_view lang, int n) {
  if (const domain::Window* w = config.hall.window(n)) return name_in(w->names, lang);
  return tr.get("common.window", {{"n", std::to_string(n)}});
}

std::string random_token() {
  return domain::to_hex(domain::random_bytes(16));
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         domain::constant_time_equal({reinterpret_cast<const std::uint8_t*>(a.data()), a.size()},
                                     {reinterpret_cast<const std::uint8_t*>(b.data()), b.size()});
}

std::string Console::lang(const Request& r, Session& s) const {
  s.lang = Words::choose(r.param("lang"), "", s.lang);
  return s.lang;
}

std::string Console::csrf_field(const Session& s) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + s.csrf + "\">";
}

std::string Console::here(const Request& r) {
  if (r.method != "GET") return {};
  auto q = r.target.find('?');
  std::string out = r.target.substr(0, q);
  if (q == std::string::npos) return out;
  std::string_view rest = std::string_view(r.target).substr(q + 1);
  std::string kept;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    if (!part.empty() && part != "lang" && !part.starts_with("lang="))
      kept += (kept.empty() ? "" : "&") + std::string(part);
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return kept.empty() ? out : out + "?" + kept;
}

Response Console::page(const Session& s, std::string_view lang, std::string_view current, std::string_view title,
                       std::string body, std::string_view notice, std::vector<std::string> scripts,
                       std::string_view here) const {
  const config::Translations& tr = words.in(lang);
  const std::string l(lang);
  Page p;
  p.lang = l;
  p.training = training_banner(config, words.in(p.lang));
  p.title = std::string(title);
  p.body_class = "staff";
  p.scripts = std::move(scripts);
  std::string path = current.empty() ? "/staff" : "/staff/" + std::string(current);
  p.body = language_links(words, here.empty() ? path : std::string(here), lang) + "<header><h1>" + escape(title) +
           "</h1><p class=\"who\" id=\"who\">" + escape(s.user.name) + " · " +
           escape(tr.get("web.staff.role." + std::string(to_string(s.user.role)))) + "</p><nav id=\"nav\">";
  for (const auto& section : sections) {
    if (!section->allows(s.user)) continue;
    std::string name(section->name());
    std::string id = name.empty() ? "hall" : name;
    p.body += "<a href=\"/staff" + (name.empty() ? "" : "/" + name) + "?lang=" + l + "\" id=\"nav-" + id + "\"" +
              (name == current ? " aria-current=\"page\"" : "") + ">" +
              escape(tr.get(std::string(section->title_key()))) + "</a>";
  }
  p.body += "</nav><form method=\"post\" action=\"/staff/logout\">" + csrf_field(s) +
            "<button type=\"submit\" id=\"logout\">" + escape(tr.get("web.staff.logout")) +
            "</button></form></header><main>";
  if (!notice.empty()) p.body += "<p class=\"notice\" id=\"notice\" role=\"status\">" + escape(notice) + "</p>";
  p.body += body + "</main>";
  Response res;
  res.body = render(p);
  return res;
}

}  // namespace hallq::server::web
