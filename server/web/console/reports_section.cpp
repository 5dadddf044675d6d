#include "server/web/console/reports_section.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

// A report (Reports::run's callback) to co_await. Not a coroutine itself: the
// values travel as the initiation's arguments (GCC 12 corrupts some parameters
// moved out of a coroutine's frame).
auto reported(Reports& reports, domain::LocalDate from, domain::LocalDate to, bool xlsx) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(std::variant<Report, std::string>)>(
      [&reports](auto handler, domain::LocalDate a, domain::LocalDate b, bool workbook) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        reports.run(a, b, workbook, [h](std::variant<Report, std::string> r) { (*h)(std::move(r)); });
      },
      asio::use_awaitable, from, to, xlsx);
}

// A report's times: minutes with one decimal ("2.5"), so that short waits do not read as whole minutes.
std::string minutes_1dp(std::int64_t seconds) {
  std::int64_t tenths = (seconds * 10 + 30) / 60;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string percent(const domain::StatsRow& row) {
  auto share = within_target_percent(row);
  return share ? std::to_string(*share) + "%" : "–";
}

}  // namespace

ReportsSection::ReportsSection(const Console& console, std::string db_path)
    : c_(console), reports_(console.loop, console.config, std::move(db_path)) {}

asio::awaitable<Response> ReportsSection::handle(const Request& r, Session& s) {
  const std::string which = r.path[1];
  if (r.path.size() > 2 || (which != "reports" && which != "reports.csv" && which != "reports.xlsx") ||
      r.method == "POST")
    co_return text(404, "not found\n");
  const bool is_file = which != "reports";
  // Default: today (the hall day of the server's clock, as the engine has it).
  auto today = c_.engine.day();
  const std::string* from_text = r.param("from");
  const std::string* to_text = r.param("to");
  std::string from = from_text && !from_text->empty() ? *from_text : today.str();
  std::string to = to_text && !to_text->empty() ? *to_text : from;
  auto a = domain::LocalDate::parse(from), b = domain::LocalDate::parse(to);
  std::string why = a && b ? Reports::check(*a, *b) : "dates are YYYY-MM-DD";
  if (!why.empty()) {
    if (is_file) co_return text(400, why + "\n");
    Response res = page(r, s, from, to, why);
    res.status = 400;
    co_return res;
  }
  auto result = co_await reported(reports_, *a, *b, which == "reports.xlsx");
  co_return is_file ? file(r, which, result) : page(r, s, from, to, result);
}

Response ReportsSection::file(const Request& r, std::string_view which,
                              const std::variant<Report, std::string>& result) const {
  if (const std::string* error = std::get_if<std::string>(&result)) return text(500, *error + "\n");
  const Report& report = std::get<Report>(result);
  if (which == "reports.xlsx") {
    Response res;
    res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    res.body = report.xlsx;
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"hallq-" + report.from.str() + "-" + report.to.str() + ".xlsx\"");
    return res;
  }
  const std::string* by_param = r.param("by");
  std::string by = by_param && (*by_param == "window" || *by_param == "clerk") ? *by_param : "service";
  Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.body = report_csv(report, by, c_.config);
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"hallq-" + report.from.str() + "-" +
                                                      report.to.str() + "-" + by + ".csv\"");
  return res;
}

Response ReportsSection::page(const Request& r, Session& s, const std::string& from, const std::string& to,
                              const std::variant<Report, std::string>& result) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  std::string body = "<form method=\"get\" action=\"/staff/reports\" class=\"range\"><label>" +
                     escape(tr.get("web.staff.from")) + " <input type=\"date\" name=\"from\" id=\"from\" value=\"" +
                     escape(from) + "\"></label> <label>" + escape(tr.get("web.staff.to")) +
                     " <input type=\"date\" name=\"to\" id=\"to\" value=\"" + escape(to) +
                     "\"></label> <input type=\"hidden\" name=\"lang\" value=\"" + lang +
                     "\"><button type=\"submit\" id=\"show\">" + escape(tr.get("web.staff.show")) + "</button></form>";
  if (const std::string* error = std::get_if<std::string>(&result)) {
    body += "<p class=\"error\" role=\"alert\">" + escape(*error) + "</p>";
    return c_.page(s, lang, "reports", tr.get("web.staff.reports"), std::move(body));
  }
  const Report& report = std::get<Report>(result);
  auto table = [&](std::string_view by, const std::vector<domain::StatsRow>& rows, const std::string& heading) {
    std::string h = "<h2>" + escape(heading) + "</h2><p><a class=\"csv\" id=\"csv-" + std::string(by) +
                    "\" href=\"/staff/reports.csv?from=" + report.from.str() + "&amp;to=" + report.to.str() +
                    "&amp;by=" + std::string(by) +
                    "\">CSV</a> · <a class=\"xlsx\" href=\"/staff/reports.xlsx?from=" + report.from.str() +
                    "&amp;to=" + report.to.str() + "\">XLSX</a></p><table class=\"report\" id=\"report-" +
                    std::string(by) + "\"><thead><tr><th></th>";
    for (const char* k : {"issued", "served", "no_shows", "transferred", "wait_mean", "wait_p50", "wait_p90",
                          "within_target", "service_mean"})
      h += "<th>" + escape(tr.get(std::string("web.staff.col.") + k)) + "</th>";
    h += "</tr></thead><tbody>";
    auto row_html = [&](const domain::StatsRow& row, const std::string& label) {
      return "<tr data-key=\"" + escape(row.key) + "\"><td>" + escape(label) + "</td><td class=\"issued\">" +
             std::to_string(row.issued) + "</td><td class=\"served\">" + std::to_string(row.served) + "</td><td>" +
             std::to_string(row.no_shows) + "</td><td>" + std::to_string(row.transferred) + "</td><td>" +
             minutes_1dp(row.wait_mean_s) + "</td><td>" + minutes_1dp(row.wait_p50_s) + "</td><td>" +
             minutes_1dp(row.wait_p90_s) + "</td><td>" + percent(row) + "</td><td>" + minutes_1dp(row.service_mean_s) +
             "</td></tr>";
    };
    for (const auto& row : rows) {
      // A service by its code and name ("A 企业开办"), a window or clerk by name (else its key).
      std::string name = row_name(by, row.key, c_.config, lang);
      std::string label = by == "service" ? row.key + (name.empty() ? "" : " " + name) : name.empty() ? row.key : name;
      h += row_html(row, label);
    }
    h += row_html(report.stats.total, tr.get("web.staff.total"));
    return h + "</tbody></table>";
  };
  body += "<p class=\"note\">" +
          escape(tr.get("web.staff.report_note", {{"days", std::to_string(report.days)},
                                                  {"minutes", std::to_string(c_.config.hall.alarms.wait_minutes)}})) +
          "</p>";
  body += table("service", report.stats.services, tr.get("display.services"));
  body += table("window", report.stats.windows, tr.get("display.windows"));
  body += table("clerk", report.stats.clerks, tr.get("web.staff.clerk"));
  return c_.page(s, lang, "reports", tr.get("web.staff.reports"), std::move(body));
}

}  // namespace hallq::server::web
