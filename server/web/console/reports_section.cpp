#include "server/web/console/reports_section.hpp"

#include <algorithm>

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "server/web/console/report_text.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

// A report (Reports::run's callback) to co_await. Not a coroutine itself: the
// values travel as the initiation's arguments (GCC 12 corrupts some parameters
// moved out of a coroutine's frame).
auto reported(Reports& reports, Reports::Ask ask) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(std::variant<Report, std::string>)>(
      [&reports](auto handler, Reports::Ask a) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        reports.run(std::move(a), [h](std::variant<Report, std::string> r) { (*h)(std::move(r)); });
      },
      asio::use_awaitable, std::move(ask));
}

constexpr const char* kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string period_label(Period p, const std::string& key) {
  if (p != Period::hour) return key;
  int h = std::clamp(std::atoi(key.c_str()), 0, 23);
  auto two = [](int v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); };
  return two(h) + ":00–" + two(h + 1) + ":00";
}

double minutes_number(std::int64_t seconds) {
  return static_cast<double>(tenths_of_minute(seconds)) / 10.0;
}

// "2026-11" → its first and last day.
std::optional<std::pair<domain::LocalDate, domain::LocalDate>> month_range(const std::string& month) {
  if (month.size() != 7) return std::nullopt;
  auto first = domain::LocalDate::parse(month + "-01");
  if (!first) return std::nullopt;
  domain::LocalDate next = first->month == 12 ? domain::LocalDate{first->year + 1, 1, 1}
                                              : domain::LocalDate{first->year, first->month + 1, 1};
  return std::make_pair(*first, next.plus_days(-1));
}

// An HTML table of a report: a heading row, then rows of a label and cells, each cell classed by its
// CSV column (so that the page and the files can be compared cell by cell).
struct HtmlTable {
  std::string id;
  std::vector<std::pair<std::string, std::string>> columns;  // CSV column, heading
  std::string body;
  void row(const std::string& key, const std::string& label, const std::vector<std::string>& values,
           bool total = false) {
    body +=
        "<tr data-key=\"" + escape(key) + "\"" + (total ? " class=\"total\"" : "") + "><td>" + escape(label) + "</td>";
    for (std::size_t i = 0; i < values.size() && i < columns.size(); ++i)
      body += "<td class=\"" + columns[i].first + "\">" + escape(values[i]) + "</td>";
    body += "</tr>";
  }
  std::string html() const {
    std::string h = "<table class=\"report\" id=\"report-" + id + "\"><thead><tr><th></th>";
    for (const auto& [col, heading] : columns) h += "<th>" + escape(heading) + "</th>";
    return h + "</tr></thead><tbody>" + body + "</tbody></table>";
  }
};

}  // namespace

ReportsSection::ReportsSection(const Console& console, std::string db_path)
    : c_(console), reports_(console.loop, console.config, std::move(db_path)) {}

ReportsSection::Query ReportsSection::query(const Request& r) const {
  Query q;
  q.which = r.path[1];
  auto param = [&](const char* name) {
    const std::string* v = r.param(name);
    return v ? *v : std::string();
  };
  // Default: today (the hall day of the server's clock, as the engine has it), by day.
  std::string today = c_.engine.day().str();
  q.from = param("from").empty() ? today : param("from");
  q.to = param("to").empty() ? q.from : param("to");
  q.period = param("period").empty() ? "day" : param("period");
  q.month = param("month");
  if (q.which == "reports.pdf") {
    if (q.month.empty()) q.month = today.substr(0, 7);
    auto range = month_range(q.month);
    if (!range) {
      q.error = "web.staff.report_error.month";
      return q;
    }
    q.from = range->first.str();
    q.to = range->second.str();
    q.period = "day";
  }
  auto a = domain::LocalDate::parse(q.from), b = domain::LocalDate::parse(q.to);
  q.error = a && b ? Reports::check(*a, *b) : "web.staff.report_error.dates";
  if (q.error.empty() && !period_from_string(q.period)) q.error = "web.staff.report_error.period";
  return q;
}

Reports::Ask ReportsSection::ask(const Query& q) const {
  Reports::Ask a;
  a.from = *domain::LocalDate::parse(q.from);
  a.to = *domain::LocalDate::parse(q.to);
  a.period = *period_from_string(q.period);
  a.now = c_.engine.now();
  if (q.which == "reports.xlsx") {
    const config::Config& config = c_.config;
    a.file = [&config](const Report& r) { return report_xlsx(r, config); };
  } else if (q.which == "reports.pdf") {
    a.file = [this](const Report& r) { return monthly_pdf(r); };
  }
  return a;
}

asio::awaitable<Response> ReportsSection::handle(const Request& r, Session& s) {
  if (r.path.size() > 2 || (r.path[1] != "reports" && r.path[1] != "reports.csv" && r.path[1] != "reports.xlsx" &&
                            r.path[1] != "reports.pdf"))
    co_return text(404, "not found\n");
  if (r.method == "POST") co_return not_allowed("GET, HEAD");
  Query q = query(r);
  if (!q.error.empty()) {  // a key: the reason in the page's language
    const std::string why = c_.words.in(c_.lang(r, s)).get(q.error, {{"days", std::to_string(Reports::kMaxDays)}});
    if (q.which != "reports") co_return text(400, why + "\n");
    Response res = page(r, s, q, why);
    res.status = 400;
    co_return res;
  }
  auto result = co_await reported(reports_, ask(q));
  co_return q.which == "reports" ? page(r, s, q, result) : file(r, q, result);
}

Response ReportsSection::file(const Request& r, const Query& q, const std::variant<Report, std::string>& result) const {
  if (const std::string* error = std::get_if<std::string>(&result)) return text(500, *error + "\n");
  const Report& report = std::get<Report>(result);
  const std::string range = report.from.str() + "-" + report.to.str();
  Response res;
  if (q.which == "reports.xlsx") {
    res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    res.body = report.file;
    res.headers.emplace_back("Content-Disposition", "attachment; filename=\"hallq-" + range + ".xlsx\"");
    return res;
  }
  if (q.which == "reports.pdf") {
    res.content_type = "application/pdf";
    res.body = report.file;
    res.headers.emplace_back("Content-Disposition", "inline; filename=\"hallq-" + q.month + ".pdf\"");
    return res;
  }
  const std::string* by_param = r.param("by");
  std::string by = by_param ? *by_param : "service";
  auto table = report_table(report, by, c_.config);
  if (!table) return text(400, "by is service, window, clerk, period, use, satisfaction, cases, load or estimates\n");
  res.content_type = "text/csv; charset=utf-8";
  res.body = table_csv(*table);
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"hallq-" + range + "-" + table->name + ".csv\"");
  return res;
}

Response ReportsSection::page(const Request& r, Session& s, const Query& q,
                              const std::variant<Report, std::string>& result) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  auto word = [&](const std::string& key) { return tr.get(key); };
  std::string body = "<form method=\"get\" action=\"/staff/reports\" class=\"range\"><label>" +
                     escape(word("web.staff.from")) + " <input type=\"date\" name=\"from\" id=\"from\" value=\"" +
                     escape(q.from) + "\"></label> <label>" + escape(word("web.staff.to")) +
                     " <input type=\"date\" name=\"to\" id=\"to\" value=\"" + escape(q.to) + "\"></label> <label>" +
                     escape(word("web.staff.period")) + " <select name=\"period\" id=\"period\">";
  for (Period p : {Period::hour, Period::day, Period::week, Period::month}) {
    std::string name(to_string(p));
    body += "<option value=\"" + name + "\"" + (name == q.period ? " selected" : "") + ">" +
            escape(word("web.staff.periods." + name)) + "</option>";
  }
  body += "</select></label> <input type=\"hidden\" name=\"lang\" value=\"" + lang +
          "\"><button type=\"submit\" id=\"show\">" + escape(word("web.staff.show")) + "</button></form>";
  if (const std::string* error = std::get_if<std::string>(&result)) {
    body += "<p class=\"error\" role=\"alert\">" + escape(*error) + "</p>";
    return c_.page(s, lang, "reports", word("web.staff.reports"), std::move(body));
  }
  const Report& report = std::get<Report>(result);
  const std::string range = "from=" + report.from.str() + "&amp;to=" + report.to.str() +
                            "&amp;period=" + std::string(to_string(report.period));
  const std::string month = report.from.str().substr(0, 7);
  body += "<p class=\"files\"><a class=\"xlsx\" id=\"xlsx\" href=\"/staff/reports.xlsx?" + range + "\">XLSX</a> · " +
          "<a class=\"pdf\" id=\"pdf\" href=\"/staff/reports.pdf?month=" + month + "\">" +
          escape(tr.get("web.staff.monthly_pdf", {{"month", month}})) + "</a></p>";
  body += "<p class=\"note\">" +
          escape(counted(tr, "web.staff.report_note", report.days,
                         {{"days", std::to_string(report.days)},
                          {"minutes", std::to_string(c_.config.hall.alarms.wait_minutes)}})) +
          "</p>";
  auto section = [&](const std::string& by, const std::string& heading, const std::string& table_html,
                     const std::string& before = "", const std::string& after = "") {
    return "<section id=\"section-" + by + "\"><h2>" + escape(heading) +
           "</h2><p class=\"files\"><a class=\"csv\" id=\"csv-" + by + "\" href=\"/staff/reports.csv?" + range +
           "&amp;by=" + by + "\">CSV</a></p>" + before + table_html + after + "</section>";
  };
  auto columns = [&](std::initializer_list<std::pair<const char*, const char*>> list) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [col, key] : list) out.emplace_back(col, word(key));
    return out;
  };
  auto stats_columns = [&] {
    return columns({{"issued", "web.staff.col.issued"},
                    {"served", "web.staff.col.served"},
                    {"no_shows", "web.staff.col.no_shows"},
                    {"transferred", "web.staff.col.transferred"},
                    {"wait_mean_s", "web.staff.col.wait_mean"},
                    {"wait_p50_s", "web.staff.col.wait_p50"},
                    {"wait_p90_s", "web.staff.col.wait_p90"},
                    {"within_target_percent", "web.staff.col.within_target"},
                    {"service_mean_s", "web.staff.col.service_mean"}});
  };
  nlohmann::json data;
  data["target"] = c_.config.hall.alarms.wait_minutes;
  data["period"] = std::string(to_string(report.period));
  data["words"] = {{"p50", word("web.staff.col.wait_p50")},
                   {"p90", word("web.staff.col.wait_p90")},
                   {"target", word("web.staff.target")},
                   {"minutes", word("web.staff.minutes")},
                   {"served", word("web.staff.col.served")},
                   {"service_mean", word("web.staff.col.service_mean")},
                   {"satisfaction", word("web.staff.col.satisfaction")}};

  // Per period, and the waits against the target (a chart of this table's medians and 90th percentiles).
  {
    HtmlTable t{"period", stats_columns(), ""};
    const bool rated = report.period != Period::hour;
    if (rated) {
      t.columns.emplace_back("rated", word("web.staff.col.rated"));
      t.columns.emplace_back("satisfaction_percent", word("web.staff.col.satisfaction"));
    }
    data["periods"] = nlohmann::json::array();
    for (const auto& p : report.periods) {
      auto values = stats_values(p.stats);
      if (rated && p.ratings) {
        values.push_back(std::to_string(p.ratings->rated));
        values.push_back(pct(satisfaction_percent(*p.ratings)));
      }
      std::string label = period_label(report.period, p.key);
      t.row(p.key, label, values);
      data["periods"].push_back({{"key", p.key},
                                 {"label", label},
                                 {"p50", minutes_number(p.stats.wait_p50_s)},
                                 {"p90", minutes_number(p.stats.wait_p90_s)},
                                 {"called", p.stats.called}});
    }
    std::string chart =
        "<figure class=\"chart\" id=\"figure-waits\" hidden><div class=\"chart-box tall\"><canvas "
        "id=\"chart-waits\" role=\"img\" aria-label=\"" +
        escape(word("web.staff.waits_chart")) + "\"></canvas></div><figcaption>" +
        escape(word("web.staff.waits_chart")) + "</figcaption></figure>";
    body += section("period", word("web.staff.by_period." + std::string(to_string(report.period))), t.html(), chart);
  }

  // The load: tickets issued by hour of the day and weekday, a heat map (CSS classes; no script needed).
  {
    int max = 0;
    for (const auto& day : report.load) max = std::max(max, *std::max_element(day.begin(), day.end()));
    std::string h =
        "<table class=\"report heat\" id=\"report-load\"><thead><tr><th>" + escape(word("web.staff.hour")) + "</th>";
    for (const char* d : kWeekdays) h += "<th>" + escape(word(std::string("web.staff.weekdays.") + d)) + "</th>";
    h += "<th>" + escape(word("web.staff.total")) + "</th></tr></thead><tbody>";
    for (int hour = 0; hour < 24; ++hour) {
      int all = 0;
      for (const auto& day : report.load) all += day[static_cast<std::size_t>(hour)];
      if (all == 0) continue;
      std::string key = std::string(1, static_cast<char>('0' + hour / 10)) + static_cast<char>('0' + hour % 10);
      h += "<tr data-key=\"" + key + "\"><td>" + escape(period_label(Period::hour, key)) + "</td>";
      for (std::size_t d = 0; d < 7; ++d) {
        int n = report.load[d][static_cast<std::size_t>(hour)];
        int level = n == 0 || max == 0 ? 0 : (n * 5 + max - 1) / max;  // 1..5 by fifths of the busiest cell
        h += "<td class=\"" + std::string(kWeekdays[d]) + " heat-" + std::to_string(level) + "\">" + std::to_string(n) +
             "</td>";
      }
      h += "<td class=\"all\">" + std::to_string(all) + "</td></tr>";
    }
    h += "</tbody></table>";
    body +=
        section("load", word("web.staff.load"), h, "<p class=\"note\">" + escape(word("web.staff.load_note")) + "</p>");
  }

  auto stats_section = [&](const std::string& by, const std::vector<domain::StatsRow>& rows,
                           const std::string& heading) {
    HtmlTable t{by, stats_columns(), ""};
    for (const auto& row : rows) {
      // A service by its code and name ("A 企业开办"), a window or clerk by name (else its key).
      std::string name = row_name(by, row.key, c_.config, lang);
      std::string label = by == "service" ? row.key + (name.empty() ? "" : " " + name) : name.empty() ? row.key : name;
      t.row(row.key, label, stats_values(row));
    }
    t.row("total", word("web.staff.total"), stats_values(report.stats.total), true);
    return section(by, heading, t.html());
  };
  body += stats_section("service", report.stats.services, word("display.services"));
  body += stats_section("window", report.stats.windows, word("display.windows"));

  // The windows' use.
  {
    HtmlTable t{"use",
                columns({{"open_s", "web.staff.col.open_h"},
                         {"busy_s", "web.staff.col.busy_h"},
                         {"idle_s", "web.staff.col.idle_h"},
                         {"paused_s", "web.staff.col.paused_h"},
                         {"busy_percent", "web.staff.col.busy_share"},
                         {"idle_percent", "web.staff.col.idle_share"}}),
                ""};
    auto values = [&](const WindowUse& u) {
      auto busy = busy_percent(u);
      return std::vector<std::string>{hours_1dp(u.open_s), hours_1dp(u.busy_s),
                                      hours_1dp(u.idle_s), hours_1dp(u.paused_s),
                                      pct(busy),           pct(busy ? std::optional<int>(100 - *busy) : std::nullopt)};
    };
    for (const auto& u : report.use) {
      std::string name = row_name("window", u.key, c_.config, lang);
      t.row(u.key, name.empty() ? u.key : name, values(u));
    }
    t.row("total", word("web.staff.total"), values(report.use_total), true);
    body += section("use", word("web.staff.use"), t.html(),
                    "<p class=\"note\">" + escape(word("web.staff.use_note")) + "</p>");
  }

  body += stats_section("clerk", report.stats.clerks, word("web.staff.clerk"));

  // 好差评 by clerk, as the `ratings` operation gives it.
  std::map<std::string, std::optional<int>> satisfaction_of;
  {
    HtmlTable t{"satisfaction",
                columns({{"offered", "web.staff.col.offered"},
                         {"rated", "web.staff.col.rated"},
                         {"very_satisfied", "rating.levels.very_satisfied"},
                         {"satisfied", "rating.levels.satisfied"},
                         {"basically_satisfied", "rating.levels.basically_satisfied"},
                         {"dissatisfied", "rating.levels.dissatisfied"},
                         {"very_dissatisfied", "rating.levels.very_dissatisfied"},
                         {"satisfaction_percent", "web.staff.col.satisfaction"},
                         {"followups", "web.staff.col.followups"},
                         {"followups_on_time", "web.staff.col.followups_on_time"}}),
                ""};
    auto values = [&](const RatingRow& row) {
      return std::vector<std::string>{std::to_string(row.offered),   std::to_string(row.rated),
                                      std::to_string(row.levels[4]), std::to_string(row.levels[3]),
                                      std::to_string(row.levels[2]), std::to_string(row.levels[1]),
                                      std::to_string(row.levels[0]), pct(satisfaction_percent(row)),
                                      std::to_string(row.followups), std::to_string(row.followups_on_time)};
    };
    for (std::size_t i = 1; i < report.satisfaction.size(); ++i) {
      const RatingRow& row = report.satisfaction[i];
      std::string name = row_name("clerk", row.key, c_.config, lang);
      t.row(row.key, name.empty() ? row.key : name, values(row));
      satisfaction_of[row.key] = satisfaction_percent(row);
    }
    if (!report.satisfaction.empty())
      t.row("total", word("web.staff.total"), values(report.satisfaction.front()), true);
    body += section("satisfaction", word("web.staff.satisfaction"), t.html(),
                    "<p class=\"note\">" + escape(word("web.staff.satisfaction_note")) + "</p>");
  }

  // The clerks compared: served, mean service time, satisfaction (the two tables above).
  data["clerks"] = nlohmann::json::array();
  for (const auto& row : report.stats.clerks) {
    std::string name = row_name("clerk", row.key, c_.config, lang);
    auto sat = satisfaction_of.find(row.key);
    nlohmann::json j = {{"key", row.key},
                        {"name", name.empty() ? row.key : name},
                        {"served", row.served},
                        {"service_mean", minutes_number(row.service_mean_s)},
                        {"satisfaction", nullptr}};
    if (sat != satisfaction_of.end() && sat->second) j["satisfaction"] = *sat->second;
    data["clerks"].push_back(std::move(j));
  }
  auto chart_box = [&](const char* id, const std::string& label) {
    return "<div class=\"chart-box\"><canvas id=\"" + std::string(id) + "\" role=\"img\" aria-label=\"" +
           escape(label) + "\"></canvas></div>";
  };
  body += "<figure class=\"chart\" id=\"figure-clerks\" hidden><div class=\"charts\">" +
          chart_box("chart-clerks-served", word("web.staff.col.served")) +
          chart_box("chart-clerks-service", word("web.staff.col.service_mean")) +
          chart_box("chart-clerks-satisfaction", word("web.staff.col.satisfaction")) + "</div><figcaption>" +
          escape(word("web.staff.clerks_chart")) + "</figcaption></figure>";

  // Cases received in the range, by state now and by deadline.
  {
    HtmlTable t{"cases",
                columns({{"received", "web.staff.col.received"},
                         {"open", "web.staff.col.open_cases"},
                         {"handed_over", "display.cases_handed_over"},
                         {"ready", "display.cases_ready"},
                         {"overdue", "display.cases_overdue"},
                         {"due_soon", "display.cases_due_soon"},
                         {"decided_at_window", "case.states.decided_at_window"},
                         {"picked_up", "case.states.picked_up"},
                         {"withdrawn", "case.states.withdrawn"},
                         {"with_limit", "web.staff.col.with_limit"},
                         {"back_on_time", "web.staff.col.back_on_time"},
                         {"back_late", "web.staff.col.back_late"}}),
                ""};
    auto values = [](const CaseRow& c) {
      std::vector<std::string> v;
      for (int x : {c.received, c.open, c.handed_over, c.ready, c.overdue, c.due_soon, c.decided_at_window, c.picked_up,
                    c.withdrawn, c.with_limit, c.back_on_time, c.back_late})
        v.push_back(std::to_string(x));
      return v;
    };
    for (const auto& c : report.cases) {
      std::string name = row_name("service", c.key, c_.config, lang);
      t.row(c.key, c.key + (name.empty() ? "" : " " + name), values(c));
    }
    t.row("total", word("web.staff.total"), values(report.cases_total), true);
    body += section("cases", word("web.staff.cases.by_state"), t.html(),
                    "<p class=\"note\">" + escape(word("web.staff.cases_note")) + "</p>");
  }

  // The waits told at take against those that followed (docs/simulation.md, "Recorded days").
  {
    HtmlTable t{"estimates",
                columns({{"tickets", "web.staff.col.measured_tickets"},
                         {"wait_mean_s", "web.staff.col.wait_mean"},
                         {"system_mae_s", "web.staff.col.system_error"},
                         {"system_bias_s", "web.staff.col.system_bias"},
                         {"naive_mae_s", "web.staff.col.naive_error"},
                         {"naive_bias_s", "web.staff.col.naive_bias"},
                         {"ratio_percent", "web.staff.col.error_ratio"},
                         {"within_range_percent", "web.staff.col.in_range"},
                         {"range_shown_percent", "web.staff.col.range_shown"}}),
                ""};
    auto values = [](const EstimateRow& e) {
      EstimateFigures f = estimate_figures(e.parts);
      return std::vector<std::string>{
          std::to_string(e.parts.told),  told_minutes(f.wait_mean_s), told_minutes(f.system_mae_s),
          told_minutes(f.system_bias_s), told_minutes(f.naive_mae_s), told_minutes(f.naive_bias_s),
          ratio_text(f.ratio_percent),   pct(f.within_range_percent), pct(f.range_shown_percent)};
    };
    for (const auto& e : report.estimates) {
      std::string name = row_name("service", e.key, c_.config, lang);
      t.row(e.key, e.key + (name.empty() ? "" : " " + name), values(e));
    }
    t.row("total", word("web.staff.total"), values(report.estimates_total), true);
    std::string notes = "<p class=\"note\">" + escape(word("web.staff.estimates_note")) + "</p>";
    if (report.estimates_total.parts.untold > 0)
      notes +=
          "<p class=\"note\" id=\"estimates-untold\">" +
          escape(tr.get("web.staff.estimates_untold", {{"n", std::to_string(report.estimates_total.parts.untold)}})) +
          "</p>";
    body += section("estimates", word("web.staff.estimates"), t.html(), notes);
  }

  body += "<script type=\"application/json\" id=\"report-data\">" + json_for_html(data.dump()) + "</script>";
  return c_.page(s, lang, "reports", word("web.staff.reports"), std::move(body), "",
                 {"/static/chart.min.js", "/static/reports.js"}, c_.here(r));
}

}  // namespace hallq::server::web
