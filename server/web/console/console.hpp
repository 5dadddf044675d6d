#pragma once
// The staff console's parts (docs/web.md). StaffConsole (staff_console.hpp)
// owns the sessions: it logs people in and out, checks the CSRF token of every
// form and a section's roles on every request, and hands the request to the
// section named by the path's second segment — /staff/<section>[/…], the hall
// at /staff itself. A section (one file each: hall, reports, …) is a set of
// pages over the server's operations, done through the session's own
// in-process terminal so that the server's log names the person.
//
// Thread affinity: the event loop only.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/config/config.hpp"
#include "core/config/i18n.hpp"
#include "core/domain/engine.hpp"
#include "server/web/html.hpp"
#include "server/web/http.hpp"
#include "server/web/local_peer.hpp"

namespace hallq::server::web {

struct Session {
  using Clock = std::chrono::steady_clock;
  std::string token, csrf;
  config::StaffUser user;
  std::string lang;
  Clock::time_point started, last;
  config::DeviceConfig device;      // "web:<user>": what the server's log names
  std::unique_ptr<LocalPeer> peer;  // acts for this user
};

// Who may do what (every section asks these, never the role itself).
bool may_act(const config::StaffUser& u);     // guide, admin: issue, move, cancel, take help requests
bool may_report(const config::StaffUser& u);  // guide, manager, admin: reports and registers
bool may_administer(const config::StaffUser& u);

// A refusal from the server in the page's words, never the wire's English: web.errors.<op>.<code>
// where the console asks differently from a terminal (a guide's take carries no ID card), else the
// terminals' own errors.<op>.<code> or errors.<code> (config::error_text). The server's detail
// goes to the log, with who was refused (`who`: a user id, or empty for a page's own reading).
std::string refusal(const config::Translations& tr, std::string_view op, const protocol::Failure& f,
                    std::string_view who = {});

// A form's text field with its surrounding blanks (and a browser's CR of CR LF) cut away: a value of
// only spaces is an empty one.
std::string trimmed(const Request& r, std::string_view name);
// How many characters (code points) UTF-8 `s` holds: a form's maxlength counts these.
std::size_t characters(std::string_view s);

// Words with a count: config::counted (core/config/i18n.hpp).
using config::counted;
// Who did something, as a person reads it: a console user's or clerk's name for "web:<user>" or a
// clerk id, a device's id otherwise.
std::string person(const config::Config& config, const std::string& who);
// A department by its name in the reader's language, its id when the hall has no such department.
std::string department_name(const config::Config& config, std::string_view lang, std::string_view id);
// A window by its name ("1号窗口"), its number when the hall has no such window.
std::string window_name(const config::Config& config, const config::Translations& tr, std::string_view lang, int n);

// A fresh random token (128 bits, hex): sessions, CSRF, form keys.
std::string random_token();
// Two secrets compared in constant time.
bool same_secret(std::string_view a, std::string_view b);

class Section;

// What every section shares: the hall, the words, a reader of the hall, and the frame of a page.
struct Console {
  boost::asio::any_io_executor loop;
  const config::Config& config;
  const Words& words;
  LocalPeer& reader;             // a guide's in-process terminal that reads the hall for every page
  const domain::Engine& engine;  // today's hall day
  std::string assets;            // the assets directory (the words of the papers)
  const std::vector<std::unique_ptr<Section>>& sections;  // for the navigation

  // The language a page is in: ?lang= when given (and then kept for the session), else the session's.
  std::string lang(const Request& r, Session& s) const;
  // A whole console page: the language links, the navigation (the sections `s` may open, `current`
  // marked), who is logged in, the log-out button, then `body`; `notice` above it when not empty.
  // `here` (here(r)): where the language links go, the page itself; empty: the section's own page.
  Response page(const Session& s, std::string_view lang, std::string_view current, std::string_view title,
                std::string body, std::string_view notice = "", std::vector<std::string> scripts = {},
                std::string_view here = {}) const;
  // A page's own address for its language links: a GET's target without its lang parameter, so
  // that another language shows the same case, report range or list; empty for a form's reply
  // (its links go to the section's page).
  static std::string here(const Request& r);
  // The hidden CSRF field every form of a session carries.
  static std::string csrf_field(const Session& s);
};

class Section {
 public:
  virtual ~Section() = default;
  // Its path segment ("reports" answers /staff/reports, /staff/reports.csv and /staff/reports/…); "" the hall.
  virtual std::string_view name() const = 0;
  // The words of its link in the navigation (a translation key).
  virtual std::string_view title_key() const = 0;
  // Whether `u` may open it at all (checked before every request).
  virtual bool allows(const config::StaffUser& u) const = 0;
  // A GET/HEAD or POST (CSRF checked) under the section; the path as the listener split it.
  virtual boost::asio::awaitable<Response> handle(const Request& r, Session& s) = 0;
  // Something durable changed in the hall (for live pages).
  virtual void refresh() {}
  // The session ended: its streams close.
  virtual void ended(const std::string& /*token*/) {}
};

}  // namespace hallq::server::web
