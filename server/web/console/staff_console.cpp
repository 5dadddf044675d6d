#include "server/web/console/staff_console.hpp"

#include "server/web/console/admin_section.hpp"
#include "server/web/console/appointments_section.hpp"
#include "server/web/console/cases_section.hpp"
#include "server/web/console/followups_section.hpp"
#include "server/web/console/hall_section.hpp"
#include "server/web/console/helpdesk_section.hpp"
#include "server/web/console/reports_section.hpp"
#include "server/web/console/staffing_section.hpp"
#include "server/web/console/tickets_section.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/config/address_range.hpp"
#include "core/domain/crypto.hpp"
#include "server/log.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kSessionCookie = "hallq_staff";
constexpr std::string_view kLoginCookie = "hallq_login";  // the browser's id its log-in forms' tokens sign
constexpr std::int64_t kLoginFormMinutes = 60;            // how long a log-in form handed out is good

std::int64_t minute_now() {
  return std::chrono::duration_cast<std::chrono::minutes>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool browser_id(std::string_view s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
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

}  // namespace

StaffConsole::StaffConsole(asio::any_io_executor loop, const config::Config& config, Dispatcher& dispatcher,
                           Passwords& passwords, const Words& words, LocalPeer& reader, const domain::Engine& engine,
                           std::string db_path, std::string assets_dir)
    : dispatcher_(dispatcher),
      passwords_(passwords),
      guard_(config.settings),
      console_{.loop = std::move(loop),
               .config = config,
               .words = words,
               .reader = reader,
               .engine = engine,
               .assets = std::move(assets_dir),
               .sections = sections_} {
  // The navigation follows this order.
  sections_.push_back(std::make_unique<HallSection>(console_));
  sections_.push_back(std::make_unique<TicketsSection>(console_));
  sections_.push_back(std::make_unique<AppointmentsSection>(console_));
  sections_.push_back(std::make_unique<CasesSection>(console_));
  sections_.push_back(std::make_unique<FollowupsSection>(console_));
  sections_.push_back(std::make_unique<HelpdeskSection>(console_));
  sections_.push_back(std::make_unique<ReportsSection>(console_, std::move(db_path)));
  sections_.push_back(std::make_unique<StaffingSection>(console_, dispatcher_));
  sections_.push_back(std::make_unique<AdminSection>(console_));
}

StaffConsole::~StaffConsole() = default;

std::string StaffConsole::cookie(const Request& r, std::string_view name, std::string_view value, int max_age_s) const {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/staff; HttpOnly; SameSite=Strict";
  if (max_age_s >= 0) c += "; Max-Age=" + std::to_string(max_age_s);
  if (r.tls) c += "; Secure";
  return c;
}

std::shared_ptr<Session> StaffConsole::session_of(const Request& r) {
  auto c = r.cookies.find(std::string(kSessionCookie));
  if (c == r.cookies.end()) return nullptr;
  auto it = sessions_.find(c->second);
  if (it == sessions_.end()) return nullptr;
  std::shared_ptr<Session> s = it->second;
  auto now = Clock::now();
  if (now - s->last > kIdle || now - s->started > kLongest) {
    end(s->token);
    return nullptr;
  }
  s->last = now;
  return s;
}

void StaffConsole::end(const std::string& token) {
  for (auto& section : sections_) section->ended(token);
  sessions_.erase(token);
}

std::string StaffConsole::login_token(std::string_view browser, std::int64_t minute) const {
  std::string message = std::string(browser) + "|" + std::to_string(minute);
  domain::Digest mac =
      domain::hmac_sha256(login_key_, {reinterpret_cast<const std::uint8_t*>(message.data()), message.size()});
  return std::to_string(minute) + "-" + domain::to_hex(std::span(mac).first(16));
}

bool StaffConsole::login_token_good(std::string_view browser, std::string_view token) const {
  auto dash = token.find('-');
  if (!browser_id(browser) || dash == std::string_view::npos || dash == 0 || dash > 12) return false;
  std::int64_t minute = 0;
  for (char ch : token.substr(0, dash)) {
    if (ch < '0' || ch > '9') return false;
    minute = minute * 10 + (ch - '0');
  }
  std::int64_t age = minute_now() - minute;
  return age >= 0 && age <= kLoginFormMinutes && same_secret(login_token(browser, minute), token);
}

Response StaffConsole::login_form(const Request& r, std::string_view lang, std::string_view error_key,
                                  int status) const {
  const config::Translations& tr = console_.words.in(lang);
  std::string error = error_key.empty() ? "" : tr.get(error_key);
  // The browser's id: the one it has (another tab's form stays good), else a new one.
  auto had = r.cookies.find(std::string(kLoginCookie));
  std::string browser = had != r.cookies.end() && browser_id(had->second) ? had->second : random_token();
  std::string csrf = login_token(browser, minute_now());
  Page p;
  p.lang = std::string(lang);
  p.training = training_banner(console_.config, console_.words.in(p.lang));
  p.title = tr.get("web.staff.title");
  p.body_class = "staff";
  p.body =
      language_links(console_.words, "/staff/login", lang) + "<main><h1>" + escape(tr.get("web.staff.login")) + "</h1>";
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
  res.headers.emplace_back("Set-Cookie", cookie(r, kLoginCookie, browser, static_cast<int>(kLoginFormMinutes * 60)));
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
  if (c == r.cookies.end() || !csrf || !login_token_good(c->second, *csrf))
    co_return login_form(r, lang, "web.staff.expired", 403);
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
    log_line(LogLevel::warning,
             "web: wrong password for " + log_safe(who, 32) + " from " + r.remote + (locked ? " (now locked)" : ""));
    return login_form(r, lang, locked ? "web.staff.locked" : "web.staff.wrong", 401);
  }
  guard_.succeeded(who, r.remote);
  // Sessions nobody came back to end here (a session is otherwise ended when it is next used).
  auto now = Clock::now();
  std::vector<std::string> stale;
  for (const auto& [token, old] : sessions_)
    if (now - old->last > kIdle || now - old->started > kLongest) stale.push_back(token);
  for (const auto& token : stale) end(token);
  auto found = console_.config.staff_user(who);
  if (!found) return login_form(r, lang, "web.staff.wrong", 401);  // removed from the configuration meanwhile
  auto s = std::make_unique<Session>();
  s->token = random_token();
  s->csrf = random_token();
  s->user = *found;
  s->lang = lang;
  s->started = s->last = now;
  s->device.id = "web:" + found->id;
  s->device.role = found->role == config::StaffRole::admin ? protocol::Role::admin : protocol::Role::guide;
  s->peer = std::make_unique<LocalPeer>(console_.loop, dispatcher_, s->device);
  log_line("web: " + found->id + " (" + std::string(to_string(found->role)) + ") logged in from " + r.remote);
  Response res = redirect("/staff?lang=" + lang);
  res.headers.emplace_back("Set-Cookie", cookie(r, kSessionCookie, s->token, -1));
  res.headers.emplace_back("Set-Cookie", cookie(r, kLoginCookie, "", 0));
  sessions_[s->token] = std::move(s);
  return res;
}

bool StaffConsole::answers(const std::string& remote) const {
  if (console_.config.web.staff_addresses.empty()) return true;
  boost::system::error_code ec;
  auto a = asio::ip::make_address(remote, ec);
  if (ec) return false;
  for (const auto& text : console_.config.web.staff_addresses)
    if (auto range = config::address_range(text); range && range->contains(a)) return true;
  return false;
}

Section& StaffConsole::section_for(const Request& r) const {
  if (r.path.size() >= 2) {
    std::string_view name = r.path[1];
    name = name.substr(0, name.find('.'));
    for (const auto& section : sections_)
      if (!name.empty() && section->name() == name) return *section;
  }
  return *sections_.front();  // the hall: /staff, /staff/take, /staff/events
}

asio::awaitable<Response> StaffConsole::handle(const Request& r) {
  // [web] staff_addresses: the console is not there at all for anyone else (the citizens' pages are).
  if (!answers(r.remote)) co_return text(403, "the staff console does not answer this address\n");
  const std::string sub = r.path.size() >= 2 ? r.path[1] : "";
  if (sub == "logout" && r.path.size() == 2 && r.method != "POST") co_return not_allowed("POST");
  if (sub == "login" && r.path.size() == 2) {
    if (r.method == "POST") co_return co_await login(r);
    if (r.method != "GET" && r.method != "HEAD") co_return not_allowed("GET, HEAD, POST");
    co_return login_form(r, Words::choose(r.param("lang"), r.accept_language, "zh"), "");
  }
  std::shared_ptr<Session> s = session_of(r);  // kept to the end of this request
  if (!s) {
    if (r.method == "GET" && sub.empty()) co_return redirect("/staff/login");
    const std::string lang = Words::choose(r.param("lang"), r.accept_language, "zh");
    co_return text(401, console_.words.in(lang).get("web.staff.login_first") + "\n");
  }
  if (r.method == "POST") {
    // Every form of a session carries its CSRF token: a page of another site cannot.
    const std::string* csrf = r.param("csrf");
    if (!csrf || !same_secret(*csrf, s->csrf))
      co_return text(403, console_.words.in(console_.lang(r, *s)).get("web.staff.form_expired") + "\n");
    if (sub == "logout" && r.path.size() == 2) {
      log_line("web: " + s->user.id + " logged out");
      Response res = redirect("/staff/login");
      res.headers.emplace_back("Set-Cookie", cookie(r, kSessionCookie, "", 0));
      end(s->token);
      co_return res;
    }
  } else if (r.method != "GET" && r.method != "HEAD") {
    co_return not_allowed("GET, HEAD, POST");
  }
  Section& section = section_for(r);
  if (!section.allows(s->user))
    co_return text(403, console_.words.in(console_.lang(r, *s)).get("web.staff.forbidden") + "\n");
  co_return co_await section.handle(r, *s);
}

void StaffConsole::refresh() {
  for (auto& section : sections_) section->refresh();
}

}  // namespace hallq::server::web
