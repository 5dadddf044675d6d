#pragma once
// Reports (/staff/reports): figures over a range of days for guides, managers
// and admins — per period (hour, day, week, month), service, window, clerk, the
// windows' busy and idle time, 好差评, cases by state and deadline, the load by
// hour and weekday — with charts (Chart.js, drawn by /static/reports.js from
// the page's own JSON; every chart's numbers are also a table, and the page
// works without JavaScript). Files: /staff/reports.csv?by=… (one table),
// /staff/reports.xlsx (every table) and /staff/reports.pdf?month=YYYY-MM (the
// monthly report, core/sheets). server/web/reports.hpp computes them on a
// worker thread.

#include <string>
#include <variant>

#include "server/web/console/console.hpp"
#include "server/web/reports.hpp"

namespace hallq::server::web {

class ReportsSection : public Section {
 public:
  ReportsSection(const Console& console, std::string db_path);

  std::string_view name() const override { return "reports"; }
  std::string_view title_key() const override { return "web.staff.reports"; }
  bool allows(const config::StaffUser& u) const override { return may_report(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

  // What a request asks for, read from its query; `error` says why it cannot be a report.
  struct Query {
    std::string which;  // reports, reports.csv, reports.xlsx, reports.pdf
    std::string from, to, period, month;
    std::string error;
  };

 private:
  Query query(const Request& r) const;
  Reports::Ask ask(const Query& q) const;
  Response file(const Request& r, const Query& q, const std::variant<Report, std::string>& result) const;
  Response page(const Request& r, Session& s, const Query& q, const std::variant<Report, std::string>& result) const;
  // The monthly report as a PDF (on the worker: Pango and Cairo are per thread).
  std::string monthly_pdf(const Report& report) const;

  const Console& c_;
  Reports reports_;
};

}  // namespace hallq::server::web
