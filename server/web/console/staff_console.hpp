#pragma once
// The staff console (docs/web.md): guides, managers, admins and clerks log in
// with a password (`hallqctl passwd`) and work in sections (console.hpp):
//
//   GET  /staff/login     the log-in form
//   POST /staff/login     user, password → a session cookie, or why not
//   POST /staff/logout
//   /staff, /staff/take, /staff/events     the live hall (hall_section.hpp)
//   /staff/help, help/take, add, done      the help desk (helpdesk_section.hpp)
//   /staff/reports, reports.csv, .xlsx     reports (reports_section.hpp)
//
// A session is a random token in a cookie (HttpOnly, SameSite=Strict, Secure
// on TLS, Path=/staff) that ends after 30 idle minutes, 12 hours or a restart.
// Every form carries the session's CSRF token (the log-in form a cookie's: a
// double submit), and a POST without it is refused with 403 before any section
// sees it. Wrong passwords count as wrong PINs do (PinGuard: per user and per
// address, delays, then a lock). A section's roles are checked on every
// request. A session acts through its own in-process terminal ("web:<user>"),
// so the server's log names who did what.
//
// Thread affinity: the event loop only.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/config/config.hpp"
#include "core/domain/crypto.hpp"
#include "core/domain/engine.hpp"
#include "server/dispatcher.hpp"
#include "server/passwords.hpp"
#include "server/pin_guard.hpp"
#include "server/web/console/console.hpp"
#include "server/web/html.hpp"
#include "server/web/http.hpp"
#include "server/web/local_peer.hpp"

namespace hallq::server::web {

class StaffConsole {
 public:
  using Clock = Session::Clock;
  static constexpr auto kIdle = std::chrono::minutes(30);
  static constexpr auto kLongest = std::chrono::hours(12);

  // Everything given must outlive the console; `reader` (a guide's in-process
  // terminal) reads the hall for every page.
  StaffConsole(boost::asio::any_io_executor loop, const config::Config& config, Dispatcher& dispatcher,
               Passwords& passwords, const Words& words, LocalPeer& reader, const domain::Engine& engine,
               std::string db_path, std::string assets_dir);
  ~StaffConsole();

  // A request under /staff (Request::path[0] == "staff").
  boost::asio::awaitable<Response> handle(const Request& r);
  // Something durable changed: live pages get the hall again when it differs.
  void refresh();
  std::size_t sessions() const { return sessions_.size(); }

 private:
  // Shared: a page being answered keeps its session alive across its co_awaits, even if the
  // session ends meanwhile (a log-out in another tab).
  std::shared_ptr<Session> session_of(const Request& r);
  boost::asio::awaitable<Response> login(const Request& r);
  // The log-in page, with the words of `error_key` above the form ("": none).
  Response login_form(const Request& r, std::string_view lang, std::string_view error_key, int status = 200) const;
  Response logged_in(const Request& r, const std::string& lang, const std::string& who, bool ok);
  std::string cookie(const Request& r, std::string_view name, std::string_view value, int max_age_s) const;
  // The log-in form's CSRF token: the browser's own id (the hallq_login cookie, kept while it
  // lives, so that every tab's form shares it) signed with the console's key and the minute it
  // was handed out — any log-in form of this browser from the last hour is good, and a token
  // fetched by another site's server is not (it has another id).
  std::string login_token(std::string_view browser, std::int64_t minute) const;
  bool login_token_good(std::string_view browser, std::string_view token) const;
  bool answers(const std::string& remote) const;  // [web] staff_addresses
  // The section a path's second segment names (up to a '.': "reports.csv" → reports); the hall otherwise.
  Section& section_for(const Request& r) const;
  void end(const std::string& token);

  Dispatcher& dispatcher_;
  Passwords& passwords_;
  PinGuard guard_;
  std::vector<std::unique_ptr<Section>> sections_;
  Console console_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;        // by token
  std::vector<std::uint8_t> login_key_ = domain::random_bytes(32);  // signs log-in forms' tokens
};

}  // namespace hallq::server::web
