#pragma once
// The staff console (docs/web.md): guides, managers, admins and clerks log in
// with a password (`hallqctl passwd`) and see the hall live.
//
//   GET  /staff/login     the log-in form
//   POST /staff/login     user, password → a session cookie, or why not
//   POST /staff/logout
//   GET  /staff           the live hall: queues, windows, alarms (every role);
//                         "issue a ticket" for a guide or admin
//   GET  /staff/events    the same as server-sent events
//   POST /staff/take      issue a ticket for someone without a phone (guide, admin)
//   GET  /staff/reports   figures over a range of days by service, window and
//                         clerk (guide, manager, admin); reports.csv and
//                         reports.xlsx the same as files (reports.hpp)
//
// A session is a random token in a cookie (HttpOnly, SameSite=Strict, Secure
// on TLS, Path=/staff) that ends after 30 idle minutes, 12 hours or a restart.
// Every form carries the session's CSRF token (the log-in form a cookie's: a
// double submit), and a POST without it is refused with 403. Wrong passwords
// count as wrong PINs do (PinGuard: per user and per address, delays, then a
// lock). Roles are checked on every request. A session acts through its own
// in-process terminal ("web:<user>"), so the server's log names who did what.
//
// Thread affinity: the event loop only.

#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/config/config.hpp"
#include "core/domain/engine.hpp"
#include "core/protocol/admin.hpp"
#include "core/protocol/hall.hpp"
#include "core/protocol/tickets.hpp"
#include "server/dispatcher.hpp"
#include "server/passwords.hpp"
#include "server/pin_guard.hpp"
#include "server/web/html.hpp"
#include "server/web/http.hpp"
#include "server/web/local_peer.hpp"
#include "server/web/reports.hpp"

namespace hallq::server::web {

class StaffConsole {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kIdle = std::chrono::minutes(30);
  static constexpr auto kLongest = std::chrono::hours(12);

  // Everything given must outlive the console; `reader` (a guide's in-process
  // terminal) reads the hall for every page.
  StaffConsole(boost::asio::any_io_executor loop, const config::Config& config, Dispatcher& dispatcher,
               Passwords& passwords, const Words& words, LocalPeer& reader, const domain::Engine& engine,
               std::string db_path);
  ~StaffConsole();

  // A request under /staff (Request::path[0] == "staff").
  boost::asio::awaitable<Response> handle(const Request& r);
  // Something durable changed: every open stream gets the hall again when it differs.
  void refresh();
  std::size_t sessions() const { return sessions_.size(); }

 private:
  struct Session {
    std::string token, csrf;
    config::StaffUser user;
    std::string lang;
    Clock::time_point started, last;
    config::DeviceConfig device;      // "web:<user>": what the server's log names
    std::unique_ptr<LocalPeer> peer;  // acts for this user
  };
  struct Watch {
    std::weak_ptr<EventStream> stream;
    std::string token;  // the session it belongs to (ended with it)
    std::string lang;
    std::string last;  // what it was sent last
  };
  struct HallView {
    protocol::Snapshot snapshot;
    std::vector<protocol::Alarm> alarms;
  };

  Session* session_of(const Request& r);
  boost::asio::awaitable<Response> login(const Request& r);
  // The log-in page, with the words of `error_key` above the form ("": none).
  Response login_form(const Request& r, std::string_view lang, std::string_view error_key, int status = 200) const;
  Response logged_in(const Request& r, const std::string& lang, const std::string& who, bool ok);
  boost::asio::awaitable<Response> hall_page(const Request& r, Session& s, std::string notice);
  Response hall_response(const Request& r, Session& s, const HallView& v, std::string_view notice);
  boost::asio::awaitable<Response> take(const Request& r, Session& s);
  // The words after a take: the ticket issued, or the server's refusal.
  std::string issued(const Session& s, const protocol::Result<protocol::TicketReply>& reply) const;
  boost::asio::awaitable<HallView> read_hall();
  std::string hall_html(const HallView& v, std::string_view lang) const;
  std::string cookie(const Request& r, std::string_view name, std::string_view value, int max_age_s) const;
  bool may_act(const Session& s) const;
  bool answers(const std::string& remote) const;  // [web] staff_addresses
  bool may_report(const Session& s) const;
  // `which`: "reports" (the page), "reports.csv" or "reports.xlsx".
  boost::asio::awaitable<Response> reports(const Request& r, Session& s, std::string which);
  Response report_file(const Request& r, std::string_view which, const std::variant<Report, std::string>& result) const;
  Response report_page(const Request& r, const Session& s, const std::string& from, const std::string& to,
                       const std::variant<Report, std::string>& result) const;
  void end(const std::string& token);

  boost::asio::any_io_executor loop_;
  const config::Config& config_;
  Dispatcher& dispatcher_;
  Passwords& passwords_;
  const Words& words_;
  LocalPeer& reader_;
  const domain::Engine& engine_;  // today's hall day, for reports
  PinGuard guard_;
  Reports reports_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;  // by token
  std::list<Watch> watches_;
  bool refreshing_ = false, again_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace hallq::server::web
