// Reports in the staff console: the page, CSV and XLSX over a range of days,
// checked against the server's own `stats`.
#include "tests/server/web/web_fixture.hpp"

#include <thread>

using namespace hallq::test;
using namespace hallq::test::web;

namespace {
// A CSV report's rows: key → column → value (the header names the columns).
std::map<std::string, std::map<std::string, std::string>> csv_rows(std::string body) {
  if (body.rfind("\xEF\xBB\xBF", 0) == 0) body.erase(0, 3);
  std::vector<std::vector<std::string>> lines;
  std::stringstream in(body);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream cs(line);
    for (std::string cell; std::getline(cs, cell, ',');) cells.push_back(cell);
    lines.push_back(cells);
  }
  std::map<std::string, std::map<std::string, std::string>> out;
  if (lines.empty()) return out;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < lines[0].size() && c < lines[i].size(); ++c) row[lines[0][c]] = lines[i][c];
    out[lines[i].size() > 2 && !lines[i][2].empty() ? lines[i][2] : "total"] = row;
  }
  return out;
}
}  // namespace

TEST_CASE("a report over a range of days has the server's own figures, in the page and as CSV") {
  Staff s;
  s.take();
  s.take();
  s.take();
  ok(s.admin.request({{"op", "take"}, {"service", "B"}}));
  s.call();
  std::this_thread::sleep_for(1100ms);
  s.finish();
  s.call();
  s.finish();
  s.call();
  ok(s.clerk.request({{"op", "no_show"}, {"window", 1}}));
  json stats = ok(s.admin.request({{"op", "stats"}}));

  // Clerks do not read reports; a manager does.
  ok(s.admin.request({{"op", "set_password"}, {"user", "c1"}, {"password", "clerk-password-1"}}, 20s));
  CHECK(s.page(s.login("c1", "clerk-password-1"), "/staff/reports").status == 403);
  std::string manager = s.login("m1", "manager-password-1");
  REQUIRE(!manager.empty());

  HttpReply csv = s.page(manager, "/staff/reports.csv?from=2026-11-30&to=2026-11-30&by=service");
  REQUIRE(csv.status == 200);
  CHECK(csv.header("Content-Type") == "text/csv; charset=utf-8");
  CHECK(has(csv.header("Content-Disposition"), "hallq-2026-11-30-2026-11-30-service.csv"));
  auto rows = csv_rows(csv.body);
  REQUIRE(rows.count("A"));
  REQUIRE(rows.count("total"));
  const json& a = stats["services"][0];
  REQUIRE(a["key"] == "A");
  for (const char* k : {"issued", "served", "no_shows", "transferred", "waiting", "wait_mean_s", "wait_p90_s",
                        "service_mean_s", "service_p90_s"}) {
    CAPTURE(k);
    CHECK(rows["A"][k] == std::to_string(a[k].get<std::int64_t>()));
    CHECK(rows["total"][k] == std::to_string(stats["total"][k].get<std::int64_t>()));
  }
  CHECK(rows["A"]["issued"] == "3");
  CHECK(rows["A"]["served"] == "2");
  CHECK(rows["A"]["no_shows"] == "1");
  CHECK(rows["B"]["issued"] == "1");
  CHECK(rows["A"]["name"] == "企业开办");
  CHECK(rows["A"]["called"] == "3");
  CHECK(rows["A"]["within_target"] == "3");  // seconds, against a target of minutes
  CHECK(rows["A"]["within_target_percent"] == "100");
  // By clerk: c1 did all three calls.
  auto clerks = csv_rows(s.page(manager, "/staff/reports.csv?from=2026-11-30&to=2026-11-30&by=clerk").body);
  CHECK(clerks["c1"]["served"] == "2");
  CHECK(clerks["c1"]["name"] == "王丽");

  // The page: the same figures, three tables, links to the CSV files.
  HttpReply page = s.page(manager, "/staff/reports?from=2026-11-29&to=2026-11-30");
  CHECK(page.status == 200);
  CHECK(has(page.body, "id=\"report-service\""));
  CHECK(has(page.body, "id=\"report-window\""));
  CHECK(has(page.body, "id=\"report-clerk\""));
  CHECK(has(page.body, "<tr data-key=\"A\"><td>A 企业开办</td><td class=\"issued\">3</td><td class=\"served\">2</td>"));
  CHECK(has(page.body, "共 2 天"));
  // The workbook: an XLSX file (a zip) named for the range; its numbers are read back by the browser test.
  HttpReply xlsx = s.page(manager, "/staff/reports.xlsx?from=2026-11-30&to=2026-11-30");
  CHECK(xlsx.status == 200);
  CHECK(xlsx.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(has(xlsx.header("Content-Disposition"), "hallq-2026-11-30-2026-11-30.xlsx"));
  CHECK(xlsx.body.rfind("PK\x03\x04", 0) == 0);
  CHECK(has(page.body, "/staff/reports.xlsx?from=2026-11-29&amp;to=2026-11-30"));
  // A range the wrong way round, or over a year: refused in words.
  CHECK(s.page(manager, "/staff/reports?from=2026-11-30&to=2026-11-01").status == 400);
  CHECK(s.page(manager, "/staff/reports.csv?from=2025-01-01&to=2026-11-30").status == 400);
  CHECK(s.page(manager, "/staff/reports?from=yesterday").status == 400);
}
