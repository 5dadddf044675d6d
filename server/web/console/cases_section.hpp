#pragma once
// Cases (/staff/cases): the hall's cases (the `cases` op) by state, department
// and deadline; one case's details (`case_status`) — every view of them logged
// with who looked, as personal data is behind them (shown masked); the
// hand-over sheets (`handovers`) and, as the same A4 PDF hallqctl prints
// (core/sheets/case_papers), a sheet and a day's pickup register. PDFs are
// drawn on a worker thread of the section's own, never on the event loop.
// Guides, managers and admins.
//
//   GET /staff/cases?state=&department=&due=open|due_soon|overdue|all
//   GET /staff/cases/<number>               one case (logged)
//   GET /staff/cases/handovers?department=  the hand-over sheets, newest first
//   GET /staff/cases/handovers/<sheet>.pdf  a sheet as PDF
//   GET /staff/cases/register.pdf?day=      the pickup register of a day as PDF

#include <string>

#include <boost/asio/thread_pool.hpp>

#include "core/protocol/cases.hpp"
#include "core/protocol/hall.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server::web {

class CasesSection : public Section {
 public:
  explicit CasesSection(const Console& console) : c_(console) {}
  ~CasesSection() override;  // waits for a PDF being drawn

  std::string_view name() const override { return "cases"; }
  std::string_view title_key() const override { return "web.staff.cases.title"; }
  bool allows(const config::StaffUser& u) const override { return may_report(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

 private:
  boost::asio::awaitable<Response> list(const Request& r, Session& s);
  boost::asio::awaitable<Response> one(const Request& r, Session& s, std::string number);
  boost::asio::awaitable<Response> handovers(const Request& r, Session& s);
  boost::asio::awaitable<Response> handover_pdf(Session& s, std::string sheet);
  boost::asio::awaitable<Response> register_pdf(const Request& r, Session& s);

  Response list_page(const Request& r, Session& s, const protocol::CasesRequest& q,
                     const protocol::Result<protocol::CasesReply>& found) const;
  Response case_page(const Request& r, Session& s, const protocol::Result<protocol::CaseReply>& found) const;
  Response handovers_page(const Request& r, Session& s, const protocol::Result<protocol::HandoversReply>& found) const;
  std::string state_words(std::string_view lang, protocol::CaseState state) const;
  std::string department_name(std::string_view lang, const std::string& id) const;

  const Console& c_;
  boost::asio::thread_pool pool_{1};
};

}  // namespace hallq::server::web
