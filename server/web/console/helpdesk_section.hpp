#pragma once
// The help desk (/staff/help; docs/web.md "Help desk"): the guides' own work
// (咨询导办、帮办). Kiosks' calls for a guide — open ones with a button to take
// one (POST /staff/help/take), today's taken ones with who took them — and the
// help-desk register: a form for a question answered (POST /staff/help/add,
// idempotent by the form's key), today's entries newest first, earlier
// follow-ups still to do, and a follow-up marked done (POST /staff/help/done).
// Guides and admins act; managers read. Everything goes through the session's
// own terminal (help_*, helpdesk_* operations), so roles and durability are
// the server's.

#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/envelope.hpp"
#include "core/protocol/help.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server::web {

class HelpdeskSection : public Section {
 public:
  explicit HelpdeskSection(const Console& console) : c_(console) {}

  std::string_view name() const override { return "help"; }
  std::string_view title_key() const override { return "web.staff.help.title"; }
  bool allows(const config::StaffUser& u) const override { return may_report(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

 private:
  // What the page shows, as the server answered (nothing where it refused).
  struct View {
    std::optional<protocol::HelpRequestsReply> calls;
    std::optional<protocol::HelpdeskListReply> entries;
    std::optional<protocol::HelpFiguresReply> figures;
  };

  boost::asio::awaitable<View> read(Session& s);
  boost::asio::awaitable<Response> take(const Request& r, Session& s);
  boost::asio::awaitable<Response> add(const Request& r, Session& s);
  boost::asio::awaitable<Response> done(const Request& r, Session& s);

  Response page(const Request& r, Session& s, const View& v, std::string_view notice, int status = 200) const;
  // After an entry was added (or its follow-up marked `done`): the page with what happened.
  Response entered(const Request& r, Session& s, const View& v,
                   const protocol::Result<protocol::HelpdeskEntryReply>& reply, bool done) const;
  Response refused(const Request& r, Session& s, const View& v) const;  // a manager's form: 403
  std::string calls_html(const View& v, const Session& s, std::string_view lang) const;
  std::string form_html(const Session& s, std::string_view lang) const;
  std::string entries_html(const std::vector<protocol::HelpdeskEntryInfo>& entries, const Session& s,
                           std::string_view lang, std::string_view id) const;
  // The page after a take, saying where to go, or who has the call already (409).
  Response took(const Request& r, Session& s, const View& v, const protocol::Result<protocol::HelpReply>& reply,
                std::int64_t id) const;
  // A device as people know it: a console session's user by name ("web:g1" → 其其格), else its id.
  std::string who(const std::string& device) const;

  const Console& c_;
};

}  // namespace hallq::server::web
