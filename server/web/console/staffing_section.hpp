#pragma once
// Staffing advice for guides, managers and admins (/staff/staffing, docs/web.md
// and docs/simulation.md "Staffing advice"): a day and a target share in a
// form; per hour the windows advised, which, and the waits they give, as a
// table (the page's content) and a chart of it (Chart.js, from #report-data).
// The advice is the `staffing` operation, asked through the session's own
// terminal.
//
//   GET /staff/staffing[?date=YYYY-MM-DD&share=0.8|0.9|0.95]

#include <string>

#include "core/protocol/planning.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server::web {

class StaffingSection : public Section {
 public:
  explicit StaffingSection(const Console& console) : c_(console) {}

  std::string_view name() const override { return "staffing"; }
  std::string_view title_key() const override { return "web.staff.staffing.title"; }
  bool allows(const config::StaffUser& u) const override { return may_report(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

 private:
  Response page(const Request& r, Session& s, const std::string& date, double share,
                const protocol::Result<protocol::StaffingReply>& advice) const;

  const Console& c_;
};

}  // namespace hallq::server::web
