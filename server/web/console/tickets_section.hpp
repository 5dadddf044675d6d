#pragma once
// Tickets (/staff/tickets): today's tickets found by a part of the number, a
// service and a state (the `tickets` op), newest first, personal data masked;
// a guide or admin sends a waiting ticket to another service (`reassign`),
// cancels one with a reason (`cancel`) or puts a no-show back (`requeue`).
// Managers may look. Every action is a POST (CSRF) that answers with the same
// search and a notice saying what happened, in words.
//
//   GET  /staff/tickets?number=&service=&state=
//   POST /staff/tickets/reassign   number, to_service, reason
//   POST /staff/tickets/cancel     number, reason (required)
//   POST /staff/tickets/requeue    number

#include <string>

#include "core/protocol/tickets.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server::web {

class TicketsSection : public Section {
 public:
  explicit TicketsSection(const Console& console) : c_(console) {}

  std::string_view name() const override { return "tickets"; }
  std::string_view title_key() const override { return "web.staff.tickets.title"; }
  bool allows(const config::StaffUser& u) const override { return may_report(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

 private:
  struct Search {
    std::string number, service, state;  // as typed (shown again in the form)
    bool matches_none = false;           // a number or service longer than any: nothing is found
  };
  // What a guide typed into a row's form that was refused: shown again in that form.
  struct Typed {
    std::string number, action, reason;
  };
  static Search search_of(const Request& r);
  boost::asio::awaitable<Response> act(const Request& r, Session& s, std::string action);
  // The words after an action: what was done to which ticket, or the server's refusal.
  std::string outcome(const Session& s, std::string_view action,
                      const protocol::Result<protocol::TicketReply>& reply) const;
  Response page(const Request& r, Session& s, const Search& q, const protocol::Result<protocol::TicketsReply>& found,
                std::string_view notice, const Typed& typed) const;
  std::string row(const Session& s, std::string_view lang, const protocol::TicketInfo& t, const Search& q,
                  const Typed& typed) const;

  const Console& c_;
};

}  // namespace hallq::server::web
