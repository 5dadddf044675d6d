#pragma once
// Users and devices for admins (/staff/admin): who may log in (the `users` op —
// clerks and [[user]]s, whether a console password is set, a clerk's PIN lock)
// with a form to set a password (`set_password`) and a button to end a lock
// (`unlock`); the configuration's devices (the `devices` op — connected or not,
// printer, card reader). People and devices themselves are the hall's
// configuration file (docs/configuration.md): the console does not edit it.
//
//   GET  /staff/admin
//   POST /staff/admin/password   user, password
//   POST /staff/admin/unlock     who

#include <string>

#include "core/protocol/admin.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server::web {

class AdminSection : public Section {
 public:
  explicit AdminSection(const Console& console) : c_(console) {}

  std::string_view name() const override { return "admin"; }
  std::string_view title_key() const override { return "web.staff.admin.title"; }
  bool allows(const config::StaffUser& u) const override { return may_administer(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

 private:
  Response page(const Request& r, Session& s, const protocol::Result<protocol::UsersReply>& users,
                const protocol::Result<protocol::DevicesReply>& devices, std::string_view notice) const;

  const Console& c_;
};

// The devices table (also on the live hall, for guides): id, role, connected, printer, card reader, a PIN
// lock — with a button to end it when `admin` (an admin's session) is given.
std::string devices_table(const Words& words, const config::Config& config, std::string_view lang,
                          const std::vector<protocol::DeviceInfo>& devices, const Session* admin = nullptr);
// An "unlock" button for `who` (a clerk or a device).
std::string unlock_form(const Words& words, std::string_view lang, const Session& s, const std::string& who);

}  // namespace hallq::server::web
