#pragma once
// Staffing advice for guides, managers and admins (/staff/staffing, docs/web.md
// and docs/simulation.md "Staffing advice"): a day and a target share in a
// form; per hour the windows advised, which, and the waits they give, as a
// table (the page's content) and a chart of it (Chart.js, from #report-data).
// The advice is the `staffing` operation, asked through a terminal of its own
// (the session's other pages do not wait behind it).
//
//   GET /staff/staffing[?date=YYYY-MM-DD&share=0.8|0.9|0.95]

#include <string>

#include "core/protocol/planning.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server {
class Dispatcher;
}

namespace hallq::server::web {

class StaffingSection : public Section {
 public:
  // Days further than a year from today are refused (400): nobody plans them, and each costs a play.
  static constexpr int kStaffingRangeDays = 366;

  // `dispatcher` must outlive the section: the advice is asked through a terminal of its own.
  StaffingSection(const Console& console, Dispatcher& dispatcher) : c_(console), dispatcher_(dispatcher) {}

  std::string_view name() const override { return "staffing"; }
  std::string_view title_key() const override { return "web.staff.staffing.title"; }
  bool allows(const config::StaffUser& u) const override { return may_report(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

 private:
  // The advice, or (advice null) the page with the form and `refused`, the reason in its language.
  Response page(const Request& r, Session& s, const std::string& date, double share,
                const protocol::StaffingReply* advice, const std::string& refused) const;

  const Console& c_;
  Dispatcher& dispatcher_;
};

}  // namespace hallq::server::web
