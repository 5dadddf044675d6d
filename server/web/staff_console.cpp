#include "server/web/staff_console.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/config/address_range.hpp"
#include "core/config/alarm_text.hpp"
#include "core/domain/crypto.hpp"
#include "server/log.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kSessionCookie = "hallq_staff";
constexpr std::string_view kLoginCookie = "hallq_login";  // the log-in form's CSRF token (a double submit)

std::string random_token() {
  return domain::to_hex(domain::random_bytes(16));
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         domain::constant_time_equal({reinterpret_cast<const std::uint8_t*>(a.data()), a.size()},
                                     {reinterpret_cast<const std::uint8_t*>(b.data()), b.size()});
}

std::string minutes(std::int64_t seconds) {
  return std::to_string((seconds + 59) / 60);
}

// A password check (Passwords::check's callback) to co_await. Not a coroutine
// itself: the strings travel as the initiation's arguments (GCC 12 corrupts a
// std::string parameter moved out of a coroutine's frame: a crash here).
auto checked(Passwords& passwords, std::string user, std::string password) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
      [&passwords](auto handler, std::string who, std::string secret) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        passwords.check(who, std::move(secret), [h](bool ok) { (*h)(ok); });
      },
      asio::use_awaitable, std::move(user), std::move(password));
}

// A report (Reports::run's callback) to co_await; not a coroutine, as above.
auto reported(Reports& reports, domain::LocalDate from, domain::LocalDate to, bool xlsx) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(std::variant<Report, std::string>)>(
      [&reports](auto handler, domain::LocalDate a, domain::LocalDate b, bool workbook) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        reports.run(a, b, workbook, [h](std::variant<Report, std::string> r) { (*h)(std::move(r)); });
      },
      asio::use_awaitable, from, to, xlsx);
}

// A report's times: minutes with one decimal ("2.5"), so that short waits do not read as whole minutes.
std::string minutes_1dp(std::int64_t seconds) {
  std::int64_t tenths = (seconds * 10 + 30) / 60;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string percent(const domain::StatsRow& row) {
  auto share = within_target_percent(row);
  return share ? std::to_string(*share) + "%" : "–";
}

}  // namespace

StaffConsole::StaffConsole(asio::any_io_executor loop, const config::Config& config, Dispatcher& dispatcher,
                           Passwords& passwords, const Words& words, LocalPeer& reader, const domain::Engine& engine,
                           std::string db_path)
    : loop_(std::move(loop)),
      config_(config),
      dispatcher_(dispatcher),
      passwords_(passwords),
      words_(words),
      reader_(reader),
      engine_(engine),
      guard_(config.settings),
      reports_(loop_, config, std::move(db_path)) {}

StaffConsole::~StaffConsole() {
  alive_.reset();
}

std::string StaffConsole::cookie(const Request& r, std::string_view name, std::string_view value, int max_age_s) const {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/staff; HttpOnly; SameSite=Strict";
  if (max_age_s >= 0) c += "; Max-Age=" + std::to_string(max_age_s);
  if (r.tls) c += "; Secure";
  return c;
}

StaffConsole::Session* StaffConsole::session_of(const Request& r) {
  auto c = r.cookies.find(std::string(kSessionCookie));
  if (c == r.cookies.end()) return nullptr;
  auto it = sessions_.find(c->second);
  if (it == sessions_.end()) return nullptr;
  Session& s = *it->second;
  auto now = Clock::now();
  if (now - s.last > kIdle || now - s.started > kLongest) {
    end(s.token);
    return nullptr;
  }
  s.last = now;
  return &s;
}

void StaffConsole::end(const std::string& token) {
  for (auto& w : watches_)
    if (w.token == token)
      if (auto s = w.stream.lock()) s->send("ended", "");
  watches_.remove_if([&](const Watch& w) { return w.token == token; });
  sessions_.erase(token);
}

bool StaffConsole::may_report(const Session& s) const {
  return s.user.role != config::StaffRole::clerk;
}

bool StaffConsole::may_act(const Session& s) const {
  return s.user.role == config::StaffRole::guide || s.user.role == config::StaffRole::admin;
}

Response StaffConsole::login_form(const Request& r, std::string_view lang, std::string_view error_key,
                                  int status) const {
  const config::Translations& tr = words_.in(lang);
  std::string error = error_key.empty() ? "" : tr.get(error_key);
  std::string csrf = random_token();
  Page p;
  p.lang = std::string(lang);
  p.title = tr.get("web.staff.title");
  p.body_class = "staff";
  p.body = language_links(words_, "/staff/login", lang) + "<main><h1>" + escape(tr.get("web.staff.login")) + "</h1>";
  if (!error.empty()) p.body += "<p class=\"error\" id=\"error\" role=\"alert\">" + escape(error) + "</p>";
  p.body += "<form method=\"post\" action=\"/staff/login?lang=" + std::string(lang) +
            "\" class=\"login\"><input type=\"hidden\" name=\"csrf\" value=\"" + csrf + "\"><label>" +
            escape(tr.get("web.staff.user")) +
            " <input name=\"user\" id=\"user\" autocomplete=\"username\" required maxlength=\"32\"></label><label>" +
            escape(tr.get("web.staff.password")) +
            " <input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" required "
            "maxlength=\"128\"></label><button type=\"submit\" id=\"login\">" +
            escape(tr.get("web.staff.login")) + "</button></form></main>";
  Response res;
  res.status = status;
  res.body = render(p);
  res.headers.emplace_back("Set-Cookie", cookie(r, kLoginCookie, csrf, 3600));
  return res;
}

// Coroutines here only wait; what comes after a co_await is made by plain
// functions (GCC 12 miscompiles some temporaries — a conditional of two string
// literals, an initializer list — kept across a suspension: a crash, found by
// web_test).
asio::awaitable<Response> StaffConsole::login(const Request& r) {
  std::string lang = Words::choose(r.param("lang"), r.accept_language, "zh");
  // The form's token must be the one its page set in a cookie: another site
  // cannot read the cookie, so it cannot log a browser in as someone else.
  auto c = r.cookies.find(std::string(kLoginCookie));
  const std::string* csrf = r.param("csrf");
  if (c == r.cookies.end() || !csrf || !same(c->second, *csrf)) co_return login_form(r, lang, "web.staff.expired", 403);
  const std::string* user = r.param("user");
  const std::string* password = r.param("password");
  if (!user || !password || user->empty() || user->size() > 32 || password->size() > Passwords::kMaxLength)
    co_return login_form(r, lang, "web.staff.wrong", 400);
  if (guard_.refusal(*user, r.remote, PinGuard::Clock::now())) co_return login_form(r, lang, "web.staff.locked", 429);
  guard_.begin(*user, r.remote);
  std::string who = *user;
  bool ok = co_await checked(passwords_, who, *password);
  co_return logged_in(r, lang, who, ok);
}

Response StaffConsole::logged_in(const Request& r, const std::string& lang, const std::string& who, bool ok) {
  if (!ok) {
    bool locked = guard_.failed(who, r.remote, PinGuard::Clock::now());
    log_line("web: wrong password for " + log_safe(who, 32) + " from " + r.remote + (locked ? " (now locked)" : ""));
    return login_form(r, lang, locked ? "web.staff.locked" : "web.staff.wrong", 401);
  }
  guard_.succeeded(who, r.remote);
  // Sessions nobody came back to end here (a session is otherwise ended when it is next used).
  auto now = Clock::now();
  std::vector<std::string> stale;
  for (const auto& [token, old] : sessions_)
    if (now - old->last > kIdle || now - old->started > kLongest) stale.push_back(token);
  for (const auto& token : stale) end(token);
  auto found = config_.staff_user(who);
  if (!found) return login_form(r, lang, "web.staff.wrong", 401);  // removed from the configuration meanwhile
  auto s = std::make_unique<Session>();
  s->token = random_token();
  s->csrf = random_token();
  s->user = *found;
  s->lang = lang;
  s->started = s->last = now;
  s->device.id = "web:" + found->id;
  s->device.role = found->role == config::StaffRole::admin ? protocol::Role::admin : protocol::Role::guide;
  s->peer = std::make_unique<LocalPeer>(loop_, dispatcher_, s->device);
  log_line("web: " + found->id + " (" + std::string(to_string(found->role)) + ") logged in from " + r.remote);
  Response res = redirect("/staff?lang=" + lang);
  res.headers.emplace_back("Set-Cookie", cookie(r, kSessionCookie, s->token, -1));
  res.headers.emplace_back("Set-Cookie", cookie(r, kLoginCookie, "", 0));
  sessions_[s->token] = std::move(s);
  return res;
}

asio::awaitable<StaffConsole::HallView> StaffConsole::read_hall() {
  HallView v;
  auto snap = co_await reader_.ask(protocol::SnapshotRequest{}, asio::use_awaitable);
  if (snap) v.snapshot = std::move(snap.value());
  auto alarms = co_await reader_.ask(protocol::AlarmsRequest{}, asio::use_awaitable);
  if (alarms) v.alarms = std::move(alarms.value().alarms);
  co_return v;
}

std::string StaffConsole::hall_html(const HallView& v, std::string_view lang) const {
  const config::Translations& tr = words_.in(lang);
  std::string h = "<section id=\"hall\"><h2>" + escape(tr.get("display.services")) + "</h2>";
  h += "<table id=\"queues\"><thead><tr><th>" + escape(tr.get("display.services")) + "</th><th>" +
       escape(tr.get("display.waiting_people")) + "</th><th>" + escape(tr.get("display.longest")) + "</th><th>" +
       escape(tr.get("display.ewt_minutes")) + "</th></tr></thead><tbody>";
  for (const auto& s : v.snapshot.services)
    h += "<tr data-service=\"" + escape(s.code) + "\"><td>" + escape(s.code) + " " + escape(name_in(s.names, lang)) +
         "</td><td class=\"waiting\">" + std::to_string(s.waiting) + "</td><td>" + minutes(s.longest_wait_s) +
         "</td><td>" + minutes(s.ewt_s) + "</td></tr>";
  h += "</tbody></table><h2>" + escape(tr.get("display.windows")) + "</h2>";
  h += "<table id=\"windows\"><thead><tr><th>" + escape(tr.get("display.windows")) + "</th><th>" +
       escape(tr.get("display.state")) + "</th><th>" + escape(tr.get("web.staff.clerk")) + "</th><th>" +
       escape(tr.get("display.current")) + "</th><th>" + escape(tr.get("display.served")) + "</th></tr></thead><tbody>";
  for (const auto& w : v.snapshot.windows) {
    std::string state(protocol::to_string(w.state));
    h += "<tr data-window=\"" + std::to_string(w.number) + "\" class=\"" + state + "\"><td>" +
         escape(name_in(w.names, lang)) + "</td><td>" + escape(tr.get("display." + state)) +
         (w.reason ? " · " + escape(*w.reason) : "") + "</td><td>" + escape(w.clerk_name.value_or("")) + "</td><td>" +
         escape(w.current.value_or("")) + "</td><td>" + std::to_string(w.served) + "</td></tr>";
  }
  h += "</tbody></table><h2>" + escape(tr.get("display.alarms")) + "</h2><ul id=\"alarms\">";
  if (v.alarms.empty()) h += "<li class=\"none\">" + escape(tr.get("display.no_alarms")) + "</li>";
  for (const auto& a : v.alarms)
    h += "<li class=\"alarm\" data-kind=\"" + std::string(protocol::to_string(a.kind)) + "\">" +
         escape(config::alarm_text(tr, a)) + "</li>";
  return h + "</ul></section>";
}

asio::awaitable<Response> StaffConsole::hall_page(const Request& r, Session& s, std::string notice) {
  HallView v = co_await read_hall();
  co_return hall_response(r, s, v, notice);
}

Response StaffConsole::hall_response(const Request& r, Session& s, const HallView& v, std::string_view notice) {
  std::string lang = Words::choose(r.param("lang"), "", s.lang);
  s.lang = lang;
  const config::Translations& tr = words_.in(lang);
  Page p;
  p.lang = lang;
  p.title = tr.get("web.staff.title");
  p.body_class = "staff";
  p.scripts.push_back("/static/staff.js");
  p.body = language_links(words_, "/staff", lang) + "<header><h1>" + escape(tr.get("web.staff.title")) +
           "</h1><p class=\"who\" id=\"who\">" + escape(s.user.name) + " · " +
           escape(tr.get("web.staff.role." + std::string(to_string(s.user.role)))) + "</p>" +
           (may_report(s) ? "<a href=\"/staff/reports?lang=" + lang + "\" id=\"reports\">" +
                                escape(tr.get("web.staff.reports")) + "</a>"
                          : std::string()) +
           "<form method=\"post\" action=\"/staff/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" + s.csrf +
           "\"><button type=\"submit\" id=\"logout\">" + escape(tr.get("web.staff.logout")) +
           "</button></form></header><main>";
  if (!notice.empty()) p.body += "<p class=\"notice\" id=\"notice\" role=\"status\">" + escape(notice) + "</p>";
  if (may_act(s)) {
    p.body += "<form method=\"post\" action=\"/staff/take\" class=\"take\" id=\"take\"><h2>" +
              escape(tr.get("web.staff.take")) + "</h2><input type=\"hidden\" name=\"csrf\" value=\"" + s.csrf +
              "\"><input type=\"hidden\" name=\"key\" value=\"" + random_token() + "\"><label>" +
              escape(tr.get("display.services")) + " <select name=\"service\" id=\"take-service\">";
    for (const auto& svc : v.snapshot.services)
      p.body += "<option value=\"" + escape(svc.code) + "\">" + escape(svc.code) + " " +
                escape(name_in(svc.names, lang)) + "</option>";
    p.body += "</select></label><label>" + escape(tr.get("web.staff.citizen_language")) +
              " <select name=\"language\"><option value=\"zh\">中文</option><option value=\"mn\">" +
              escape(words_.in("mn").get("kiosk.language_name")) +
              "</option><option value=\"en\">English</option></select></label><button type=\"submit\" "
              "id=\"take-submit\">" +
              escape(tr.get("web.staff.take_button")) + "</button></form>";
  }
  p.body += "<div id=\"live\" data-events=\"/staff/events?lang=" + lang + "\">" + hall_html(v, lang) + "</div></main>";
  Response res;
  res.body = render(p);
  return res;
}

asio::awaitable<Response> StaffConsole::take(const Request& r, Session& s) {
  const config::Translations& tr = words_.in(s.lang);
  if (!may_act(s)) {
    std::string why = tr.get("web.staff.forbidden");
    Response res = co_await hall_page(r, s, why);
    res.status = 403;
    co_return res;
  }
  protocol::TakeRequest req;
  const std::string* service = r.param("service");
  req.service = service ? *service : "";
  req.channel = protocol::Channel::guide;
  // The form's own key: pressed twice (or sent again by the browser), it is one ticket.
  if (const std::string* key = r.param("key"); key && key->size() == 32) req.request_key = *key;
  if (const std::string* l = r.param("language"); l && (*l == "zh" || *l == "mn" || *l == "en")) req.language = *l;
  auto reply = co_await s.peer->ask(req, asio::use_awaitable);
  std::string notice = issued(s, reply);
  Response res = co_await hall_page(r, s, notice);
  if (!reply) res.status = 409;
  co_return res;
}

std::string StaffConsole::issued(const Session& s, const protocol::Result<protocol::TicketReply>& reply) const {
  const config::Translations& tr = words_.in(s.lang);
  if (!reply) return tr.get("web.staff.refused", {{"reason", reply.failure().message}});
  log_line("web: " + s.user.id + " issued " + reply->ticket.number);
  return tr.get("web.staff.issued", {{"number", reply->ticket.number}, {"service", reply->ticket.service}});
}

bool StaffConsole::answers(const std::string& remote) const {
  if (config_.web.staff_addresses.empty()) return true;
  boost::system::error_code ec;
  auto a = asio::ip::make_address(remote, ec);
  if (ec) return false;
  for (const auto& text : config_.web.staff_addresses)
    if (auto range = config::address_range(text); range && range->contains(a)) return true;
  return false;
}

asio::awaitable<Response> StaffConsole::handle(const Request& r) {
  // [web] staff_addresses: the console is not there at all for anyone else (the citizens' pages are).
  if (!answers(r.remote)) co_return text(403, "the staff console does not answer this address\n");
  const std::string sub = r.path.size() >= 2 ? r.path[1] : "";
  if (r.path.size() > 2) co_return text(404, "not found\n");
  if (sub == "login") {
    if (r.method == "POST") co_return co_await login(r);
    co_return login_form(r, Words::choose(r.param("lang"), r.accept_language, "zh"), "");
  }
  Session* s = session_of(r);
  if (!s) {
    if (r.method == "GET" && sub.empty()) co_return redirect("/staff/login");
    co_return text(401, "log in first: /staff/login\n");
  }
  if (r.method == "POST") {
    // Every form of a session carries its CSRF token: a page of another site cannot.
    const std::string* csrf = r.param("csrf");
    if (!csrf || !same(*csrf, s->csrf)) co_return text(403, "this form has expired; open the page again\n");
    if (sub == "logout") {
      log_line("web: " + s->user.id + " logged out");
      Response res = redirect("/staff/login");
      res.headers.emplace_back("Set-Cookie", cookie(r, kSessionCookie, "", 0));
      end(s->token);
      co_return res;
    }
    if (sub == "take") co_return co_await take(r, *s);
    co_return text(404, "not found\n");
  }
  if (r.method != "GET" && r.method != "HEAD") co_return text(405, "GET or POST\n");
  if (sub.empty()) co_return co_await hall_page(r, *s, "");
  if (sub == "reports" || sub == "reports.csv" || sub == "reports.xlsx") co_return co_await reports(r, *s, sub);
  if (sub == "events") {
    std::string lang = Words::choose(r.param("lang"), "", s->lang);
    std::string first = hall_html(co_await read_hall(), lang);
    Response res;
    res.stream = [this, token = s->token, lang, first](std::shared_ptr<EventStream> stream) {
      stream->send("hall", first);
      watches_.push_back({stream, token, lang, first});
    };
    co_return res;
  }
  co_return text(404, "not found\n");
}

asio::awaitable<Response> StaffConsole::reports(const Request& r, Session& s, std::string which) {
  const bool file = which != "reports";
  if (!may_report(s)) co_return text(403, "your role may not read reports\n");
  // Default: today (the hall day of the server's clock, as the engine has it).
  auto today = engine_.day();
  const std::string* from_text = r.param("from");
  const std::string* to_text = r.param("to");
  std::string from = from_text && !from_text->empty() ? *from_text : today.str();
  std::string to = to_text && !to_text->empty() ? *to_text : from;
  auto a = domain::LocalDate::parse(from), b = domain::LocalDate::parse(to);
  std::string why = a && b ? Reports::check(*a, *b) : "dates are YYYY-MM-DD";
  if (!why.empty()) {
    if (file) co_return text(400, why + "\n");
    Response res = report_page(r, s, from, to, why);
    res.status = 400;
    co_return res;
  }
  auto result = co_await reported(reports_, *a, *b, which == "reports.xlsx");
  co_return file ? report_file(r, which, result) : report_page(r, s, from, to, result);
}

Response StaffConsole::report_file(const Request& r, std::string_view which,
                                   const std::variant<Report, std::string>& result) const {
  if (const std::string* error = std::get_if<std::string>(&result)) return text(500, *error + "\n");
  const Report& report = std::get<Report>(result);
  if (which == "reports.xlsx") {
    Response res;
    res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    res.body = report.xlsx;
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"hallq-" + report.from.str() + "-" + report.to.str() + ".xlsx\"");
    return res;
  }
  const std::string* by_param = r.param("by");
  std::string by = by_param && (*by_param == "window" || *by_param == "clerk") ? *by_param : "service";
  Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.body = report_csv(report, by, config_);
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"hallq-" + report.from.str() + "-" +
                                                      report.to.str() + "-" + by + ".csv\"");
  return res;
}

Response StaffConsole::report_page(const Request& r, const Session& s, const std::string& from, const std::string& to,
                                   const std::variant<Report, std::string>& result) const {
  std::string lang = Words::choose(r.param("lang"), "", s.lang);
  const config::Translations& tr = words_.in(lang);
  Page p;
  p.lang = lang;
  p.title = tr.get("web.staff.reports");
  p.body_class = "staff";
  p.body = language_links(words_, "/staff/reports", lang) + "<header><h1>" + escape(tr.get("web.staff.reports")) +
           "</h1><p><a href=\"/staff?lang=" + lang + "\">" + escape(tr.get("web.staff.title")) +
           "</a></p></header><main><form method=\"get\" action=\"/staff/reports\" class=\"range\"><label>" +
           escape(tr.get("web.staff.from")) + " <input type=\"date\" name=\"from\" id=\"from\" value=\"" +
           escape(from) + "\"></label> <label>" + escape(tr.get("web.staff.to")) +
           " <input type=\"date\" name=\"to\" id=\"to\" value=\"" + escape(to) +
           "\"></label> <input type=\"hidden\" name=\"lang\" value=\"" + lang +
           "\"><button type=\"submit\" id=\"show\">" + escape(tr.get("web.staff.show")) + "</button></form>";
  if (const std::string* error = std::get_if<std::string>(&result)) {
    p.body += "<p class=\"error\" role=\"alert\">" + escape(*error) + "</p></main>";
    Response res;
    res.body = render(p);
    return res;
  }
  const Report& report = std::get<Report>(result);
  auto table = [&](std::string_view by, const std::vector<domain::StatsRow>& rows, const std::string& heading) {
    std::string h = "<h2>" + escape(heading) + "</h2><p><a class=\"csv\" id=\"csv-" + std::string(by) +
                    "\" href=\"/staff/reports.csv?from=" + report.from.str() + "&amp;to=" + report.to.str() +
                    "&amp;by=" + std::string(by) +
                    "\">CSV</a> · <a class=\"xlsx\" href=\"/staff/reports.xlsx?from=" + report.from.str() +
                    "&amp;to=" + report.to.str() + "\">XLSX</a></p><table class=\"report\" id=\"report-" +
                    std::string(by) + "\"><thead><tr><th></th>";
    for (const char* k : {"issued", "served", "no_shows", "transferred", "wait_mean", "wait_p50", "wait_p90",
                          "within_target", "service_mean"})
      h += "<th>" + escape(tr.get(std::string("web.staff.col.") + k)) + "</th>";
    h += "</tr></thead><tbody>";
    auto row_html = [&](const domain::StatsRow& row, const std::string& label) {
      return "<tr data-key=\"" + escape(row.key) + "\"><td>" + escape(label) + "</td><td class=\"issued\">" +
             std::to_string(row.issued) + "</td><td class=\"served\">" + std::to_string(row.served) + "</td><td>" +
             std::to_string(row.no_shows) + "</td><td>" + std::to_string(row.transferred) + "</td><td>" +
             minutes_1dp(row.wait_mean_s) + "</td><td>" + minutes_1dp(row.wait_p50_s) + "</td><td>" +
             minutes_1dp(row.wait_p90_s) + "</td><td>" + percent(row) + "</td><td>" + minutes_1dp(row.service_mean_s) +
             "</td></tr>";
    };
    for (const auto& row : rows) {
      // A service by its code and name ("A 企业开办"), a window or clerk by name (else its key).
      std::string name = row_name(by, row.key, config_, lang);
      std::string label = by == "service" ? row.key + (name.empty() ? "" : " " + name) : name.empty() ? row.key : name;
      h += row_html(row, label);
    }
    h += row_html(report.stats.total, tr.get("web.staff.total"));
    return h + "</tbody></table>";
  };
  p.body += "<p class=\"note\">" +
            escape(tr.get("web.staff.report_note", {{"days", std::to_string(report.days)},
                                                    {"minutes", std::to_string(config_.hall.alarms.wait_minutes)}})) +
            "</p>";
  p.body += table("service", report.stats.services, tr.get("display.services"));
  p.body += table("window", report.stats.windows, tr.get("display.windows"));
  p.body += table("clerk", report.stats.clerks, tr.get("web.staff.clerk"));
  p.body += "</main>";
  Response res;
  res.body = render(p);
  return res;
}

void StaffConsole::refresh() {
  if (watches_.empty()) return;
  if (refreshing_) {  // one at a time; a change meanwhile asks for one more
    again_ = true;
    return;
  }
  refreshing_ = true;
  asio::co_spawn(
      loop_,
      [this, alive = std::weak_ptr<bool>(alive_)]() -> asio::awaitable<void> {
        do {
          again_ = false;
          HallView v = co_await read_hall();
          if (alive.expired()) co_return;
          std::map<std::string, std::string> by_lang;
          for (auto it = watches_.begin(); it != watches_.end();) {
            auto s = it->stream.lock();
            if (!s || !s->open()) {
              it = watches_.erase(it);
              continue;
            }
            auto [html, fresh] = by_lang.try_emplace(it->lang);
            if (fresh) html->second = hall_html(v, it->lang);
            if (html->second != it->last) {
              s->send("hall", html->second);
              it->last = html->second;
            }
            ++it;
          }
        } while (again_);
        refreshing_ = false;
      },
      asio::detached);
}

}  // namespace hallq::server::web
