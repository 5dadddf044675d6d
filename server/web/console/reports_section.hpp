#pragma once
// Reports (/staff/reports): figures over a range of days by service, window and
// clerk for guides, managers and admins; /staff/reports.csv?by=… and
// /staff/reports.xlsx the same as files (server/web/reports.hpp computes them
// on a worker thread).

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

 private:
  Response file(const Request& r, std::string_view which, const std::variant<Report, std::string>& result) const;
  Response page(const Request& r, Session& s, const std::string& from, const std::string& to,
                const std::variant<Report, std::string>& result) const;

  const Console& c_;
  Reports reports_;
};

}  // namespace hallq::server::web
