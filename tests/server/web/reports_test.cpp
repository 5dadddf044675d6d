// Reports in the staff console: the page, CSV and XLSX over a range of days,
// checked against the server's own `stats`.
#include "tests/server/web/report_history.hpp"

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
  HttpReply refused = s.page(s.login("c1", "clerk-password-1"), "/staff/reports");
  CHECK(refused.status == 403);
  CHECK(has(refused.body, "您的角色不能执行此操作"));  // in the session's language (an outside probe: it was English)
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
  // A range the wrong way round, or over a year: refused in words, the page's own language.
  HttpReply backwards = s.page(manager, "/staff/reports?from=2026-11-30&to=2026-11-01&lang=zh");
  CHECK(backwards.status == 400);
  CHECK(has(backwards.body, "结束日期早于开始日期"));
  HttpReply long_csv = s.page(manager, "/staff/reports.csv?from=2025-01-01&to=2026-11-30");
  CHECK(long_csv.status == 400);
  CHECK(has(long_csv.body, "一份报表最多 366 天"));
  HttpReply not_a_day = s.page(manager, "/staff/reports?from=yesterday&lang=en");
  CHECK(not_a_day.status == 400);
  CHECK(has(not_a_day.body, "Dates must be like 2026-11-30"));
  CHECK(has(s.page(manager, "/staff/reports?period=year&lang=mn").body, "ᠬᠤᠭᠤᠴᠠᠭ᠎ᠠ᠄ ᠴᠠᠭ"));
  // Without a session: told to log in, in the language asked for.
  CHECK(has(s.get("/staff/reports?lang=zh").body, "请先登录：/staff/login"));
}

// ---------------------------------------------------------------- a scripted history

namespace {

using hallq::domain::LocalDate;

using Rows = std::map<std::string, std::map<std::string, std::string>>;

// A table of the page: row key → CSV column (the cell's first class) → the text shown.
Rows page_table(const std::string& html, const std::string& id) {
  Rows out;
  auto start = html.find("id=\"report-" + id + "\"");
  CAPTURE(id);
  REQUIRE(start != std::string::npos);
  auto end = html.find("</table>", start);
  for (auto tr = html.find("<tr data-key=\"", start); tr != std::string::npos && tr < end;
       tr = html.find("<tr data-key=\"", tr + 1)) {
    auto k = tr + 14;
    std::string key = html.substr(k, html.find('"', k) - k);
    auto row_end = html.find("</tr>", tr);
    for (auto td = html.find("<td class=\"", tr); td != std::string::npos && td < row_end;
         td = html.find("<td class=\"", td + 1)) {
      auto c = td + 11;
      std::string cls = html.substr(c, html.find('"', c) - c);
      cls = cls.substr(0, cls.find(' '));
      auto v = html.find('>', td) + 1;
      out[key][cls] = html.substr(v, html.find("</td>", v) - v);
    }
  }
  return out;
}

std::string tenths(std::int64_t value, std::int64_t unit) {
  std::int64_t t = (value * 10 + unit / 2) / unit;
  return std::to_string(t / 10) + "." + std::to_string(t % 10);
}

// What the page shows for a CSV cell: minutes (hours for the windows' use) with one decimal, percents.
std::string shown(const std::string& table, const std::string& column, const std::string& csv) {
  if (column == "ratio_percent") {  // the measure as it states its bar: "0.71"
    if (csv.empty()) return "–";
    int p = std::stoi(csv);
    return std::to_string(p / 100) + "." + (p % 100 < 10 ? "0" : "") + std::to_string(p % 100);
  }
  if (csv.empty()) return "–";  // nothing measured
  if (column.size() > 2 && column.substr(column.size() - 2) == "_s") {
    std::int64_t v = std::stoll(csv);
    std::string magnitude = tenths(v < 0 ? -v : v, table == "use" ? 3600 : 60);
    return v < 0 && magnitude != "0.0" ? "-" + magnitude : magnitude;  // a bias below zero
  }
  if (column.find("percent") != std::string::npos) return csv + "%";
  return csv;
}

// Every cell of the page's table equals the CSV's (converted as the page shows it).
void page_equals_csv(History& h, const std::string& html, const std::string& table, const std::string& query) {
  CAPTURE(table);
  HttpReply csv = h.get("/staff/reports.csv?" + query + "&by=" + table);
  REQUIRE(csv.status == 200);
  auto file = csv_rows(csv.body);
  auto page = page_table(html, table);
  REQUIRE(!page.empty());
  CHECK(page.size() == file.size());
  for (const auto& [key, cells] : page) {
    CAPTURE(key);
    REQUIRE(file.count(key));
    for (const auto& [column, text] : cells) {
      CAPTURE(column);
      if (table == "load") continue;  // compared below: its columns are weekdays
      REQUIRE(file[key].count(column));
      CHECK(text == shown(table, column, file[key][column]));
    }
  }
}

}  // namespace

TEST_CASE(
    "a scripted history: periods, the windows' busy and idle time, 好差评 and cases, on the page and in every file") {
  History h;
  const std::string range = "from=2026-11-26&to=2026-11-27";

  // The windows' use, worked out by hand above.
  auto use = csv_rows(h.get("/staff/reports.csv?" + range + "&by=use").body);
  CHECK(use["1"]["open_s"] == "32400");  // 3,600 on the 26th + 28,800 on the 27th
  CHECK(use["1"]["busy_s"] == "3000");   // 600 + 2,400
  CHECK(use["1"]["idle_s"] == "29400");
  CHECK(use["1"]["paused_s"] == "3600");
  CHECK(use["1"]["busy_percent"] == "9");  // 3,000 / 32,400 = 9.3%
  CHECK(use["1"]["idle_percent"] == "91");
  CHECK(use["2"]["open_s"] == "57600");
  CHECK(use["2"]["busy_s"] == "360");
  CHECK(use["2"]["idle_s"] == "57240");
  CHECK(use["2"]["busy_percent"] == "1");
  CHECK(use["total"]["open_s"] == "90000");
  CHECK(use["total"]["busy_s"] == "3360");
  auto friday = csv_rows(h.get("/staff/reports.csv?from=2026-11-27&to=2026-11-27&by=use").body);
  CHECK(friday["1"]["open_s"] == "28800");
  CHECK(friday["1"]["busy_s"] == "2400");
  CHECK(friday["1"]["idle_s"] == "26400");
  CHECK(friday["1"]["busy_percent"] == "8");

  // Periods: by hour of the day (every day together), day, ISO week and month.
  auto hours = csv_rows(h.get("/staff/reports.csv?" + range + "&period=hour&by=period").body);
  REQUIRE(hours.size() == 1);
  CHECK(hours["08"]["issued"] == "4");
  CHECK(hours["08"]["served"] == "3");  // A001 on both days, B001
  auto days = csv_rows(h.get("/staff/reports.csv?" + range + "&period=day&by=period").body);
  CHECK(days["2026-11-26"]["issued"] == "1");
  CHECK(days["2026-11-26"]["wait_mean_s"] == "600");
  CHECK(days["2026-11-26"]["satisfaction_percent"] == "0");
  CHECK(days["2026-11-27"]["issued"] == "3");
  CHECK(days["2026-11-27"]["no_shows"] == "1");
  CHECK(days["2026-11-27"]["rated"] == "2");
  CHECK(days["2026-11-27"]["satisfaction_percent"] == "100");
  auto weeks = csv_rows(h.get("/staff/reports.csv?from=2026-11-26&to=2026-11-30&period=week&by=period").body);
  CHECK(weeks["2026-W48"]["issued"] == "4");
  CHECK(weeks["2026-W48"]["rated"] == "3");
  CHECK(weeks["2026-W48"]["satisfaction_permille"] == "666");
  auto months = csv_rows(h.get("/staff/reports.csv?" + range + "&period=month&by=period").body);
  CHECK(months["2026-11"]["issued"] == "4");
  CHECK(months["2026-11"]["wait_p90_s"] == "3000");  // B001: 08:10 → 09:00

  // 好差评: exactly the `ratings` operation's figures, by clerk.
  json figures =
      ok(h.admin.request({{"op", "ratings"}, {"from", "2026-11-26"}, {"to", "2026-11-27"}, {"by", "clerk"}}));
  auto satisfaction = csv_rows(h.get("/staff/reports.csv?" + range + "&by=satisfaction").body);
  REQUIRE(figures["rows"].size() == 3);  // total, c1, c2
  for (const auto& row : figures["rows"]) {
    std::string key = row["key"];
    CAPTURE(key);
    CHECK(satisfaction[key]["offered"] == std::to_string(row["offered"].get<int>()));
    CHECK(satisfaction[key]["rated"] == std::to_string(row["rated"].get<int>()));
    CHECK(satisfaction[key]["satisfaction_permille"] == std::to_string(row["satisfaction_permille"].get<int>()));
    CHECK(satisfaction[key]["participation_permille"] == std::to_string(row["participation_permille"].get<int>()));
    CHECK(satisfaction[key]["followups"] == std::to_string(row["followups"].get<int>()));
  }
  CHECK(satisfaction["c1"]["satisfaction_percent"] == "50");
  CHECK(satisfaction["c2"]["satisfaction_percent"] == "100");
  CHECK(satisfaction["total"]["satisfaction_permille"] == "666");
  CHECK(satisfaction["total"]["satisfaction_percent"] == "67");

  // Cases received in the range, by state now.
  auto cases = csv_rows(h.get("/staff/reports.csv?" + range + "&by=cases").body);
  CHECK(cases["A"]["received"] == "1");
  CHECK(cases["A"]["withdrawn"] == "1");
  CHECK(cases["A"]["open"] == "0");
  CHECK(cases["B"]["received"] == "1");
  CHECK(cases["B"]["open"] == "1");
  CHECK(cases["total"]["received"] == "2");
  CHECK(cases["total"]["open"] == "1");

  // The waits told at take against those that followed. Waits by hand: Thursday's A001 10 min;
  // Friday's A001 10 min, A002 15 min (08:05 → 08:20), B001 50 min (08:10 → 09:00). Naive by hand:
  // people ahead × the configured minutes ÷ the windows open for the service: 0 but for Friday's
  // A002 (A001 ahead, only window 1 open for A: 600 s). The system's, as the database kept them.
  {
    SQLite::Database db(h.dir.path("hall.db"), SQLite::OPEN_READONLY);
    SQLite::Statement q(db,
                        "SELECT day, number, told_s, told_lo_s, told_hi_s, naive_s FROM tickets "
                        "WHERE day BETWEEN '2026-11-26' AND '2026-11-27' ORDER BY day, ordinal");
    std::map<std::string, std::int64_t> wait = {
        {"2026-11-26 A001", 600}, {"2026-11-27 A001", 600}, {"2026-11-27 A002", 900}, {"2026-11-27 B001", 3000}};
    std::map<std::string, std::int64_t> naive = {
        {"2026-11-26 A001", 0}, {"2026-11-27 A001", 0}, {"2026-11-27 A002", 600}, {"2026-11-27 B001", 0}};
    std::map<std::string, std::int64_t> system_abs, within;
    while (q.executeStep()) {
      std::string key = q.getColumn(0).getString() + " " + q.getColumn(1).getString();
      CAPTURE(key);
      REQUIRE(wait.count(key));
      CHECK(q.getColumn(5).getInt64() == naive[key]);
      std::int64_t told = q.getColumn(2).getInt64(), w = wait[key];
      REQUIRE(told >= 0);
      std::string service = key.substr(11, 1);
      for (const std::string& row : {service, std::string("total")}) {
        system_abs[row] += std::abs(told - w);
        within[row] += w >= q.getColumn(3).getInt64() && w <= q.getColumn(4).getInt64();
      }
    }
    auto estimates = csv_rows(h.get("/staff/reports.csv?" + range + "&by=estimates").body);
    REQUIRE(estimates.size() == 3);
    CHECK(estimates["A"]["tickets"] == "3");
    CHECK(estimates["A"]["untold"] == "0");
    CHECK(estimates["A"]["wait_mean_s"] == "700");
    CHECK(estimates["A"]["naive_mae_s"] == "500");  // (600 + 600 + 300) / 3
    CHECK(estimates["A"]["naive_bias_s"] == "-500");
    CHECK(estimates["A"]["system_mae_s"] == std::to_string(system_abs["A"] / 3));
    CHECK(estimates["A"]["ratio_percent"] == std::to_string((system_abs["A"] * 1000 / 1500 + 5) / 10));
    CHECK(estimates["A"]["within_range_percent"] == std::to_string((within["A"] * 1000 / 3 + 5) / 10));
    CHECK(estimates["B"]["tickets"] == "1");
    CHECK(estimates["B"]["wait_mean_s"] == "3000");
    CHECK(estimates["B"]["naive_mae_s"] == "3000");
    CHECK(estimates["total"]["tickets"] == "4");
    CHECK(estimates["total"]["wait_mean_s"] == "1275");
    CHECK(estimates["total"]["naive_mae_s"] == "1125");
    CHECK(estimates["total"]["naive_bias_s"] == "-1125");
    CHECK(estimates["total"]["system_mae_s"] == std::to_string(system_abs["total"] / 4));
  }

  // The load: by weekday of the hall day and hour of issue.
  auto load = csv_rows(h.get("/staff/reports.csv?" + range + "&by=load").body);
  // csv_rows keys rows by their third cell: here the hour.
  CHECK(load["08"]["thu"] == "1");
  CHECK(load["08"]["fri"] == "3");
  CHECK(load["08"]["all"] == "4");

  // Every table of the page equals its CSV file, cell by cell, for every period.
  for (const char* period : {"hour", "day", "week", "month"}) {
    CAPTURE(period);
    std::string query = range + "&period=" + period;
    HttpReply page = h.get("/staff/reports?" + query);
    REQUIRE(page.status == 200);
    for (const char* table : {"period", "service", "window", "clerk", "use", "satisfaction", "cases", "estimates"})
      page_equals_csv(h, page.body, table, query);
    auto heat = page_table(page.body, "load");
    CHECK(heat["08"]["thu"] == "1");
    CHECK(heat["08"]["fri"] == "3");
    CHECK(has(page.body, "class=\"fri heat-5\">3</td>"));
    // The charts' data: JSON in the page, with the table's numbers; no inline script.
    CHECK(has(page.body, "<script type=\"application/json\" id=\"report-data\">"));
    CHECK(has(page.body, "<canvas id=\"chart-waits\""));
    CHECK(has(page.body, "src=\"/static/chart.min.js\""));
  }
  HttpReply by_day = h.get("/staff/reports?" + range + "&period=day");
  // Another language keeps the range.
  CHECK(has(by_day.body, "href=\"/staff/reports?from=2026-11-26&amp;to=2026-11-27&amp;period=day&amp;lang=en\""));
  CHECK(has(by_day.body, "\"key\":\"2026-11-27\",\"label\":\"2026-11-27\",\"p50\":"));
  CHECK(has(by_day.body, "\"key\":\"c1\",\"name\":\"王丽\",\"satisfaction\":50,\"served\":2,\"service_mean\":10.0"));
  CHECK(h.get("/staff/reports?" + range + "&period=year").status == 400);
  CHECK(h.get("/staff/reports.csv?" + range + "&by=nothing").status == 400);

  // Chart.js from Debian, served here; the charts' own script.
  HttpReply chart = h.get("/static/chart.min.js");
  CHECK(chart.status == 200);
  CHECK(has(chart.body, "Chart.js v3"));
  CHECK(h.get("/static/reports.js").status == 200);

  // The workbook: a worksheet for every table.
  HttpReply xlsx = h.get("/staff/reports.xlsx?" + range + "&period=week");
  REQUIRE(xlsx.status == 200);
  RunResult book =
      run({"python3", "-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode())",
           h.dir.write("report.xlsx", xlsx.body)});
  REQUIRE(book.exit_code == 0);
  for (const char* sheet : {"service", "window", "clerk", "week", "use", "satisfaction", "cases", "load", "estimates"})
    CHECK(has(book.out, std::string("name=\"") + sheet + "\""));
}

TEST_CASE("the monthly report as a PDF has the server's own figures for the month") {
  History h("2026-11-26");  // its ticket issued before the hall kept what it told
  HttpReply pdf = h.get("/staff/reports.pdf?month=2026-11");
  REQUIRE(pdf.status == 200);
  CHECK(pdf.header("Content-Type") == "application/pdf");
  CHECK(pdf.body.rfind("%PDF-", 0) == 0);
  std::string path = h.dir.write("month.pdf", pdf.body);
  RunResult text = run({"pdftotext", "-layout", path, "-"});
  REQUIRE(text.exit_code == 0);
  const std::string& t = text.out;
  CHECK(has(t, "测试大厅"));
  CHECK(has(t, "政务服务月度报告"));
  CHECK(has(t, "Monthly service report"));
  CHECK(has(t, "2026-11-01 – 2026-11-30"));
  CHECK(has(t, "第 1 页 共"));

  // The numbers of a row: the line that begins with `label`, its whole numbers and percents in order.
  auto numbers = [&](const std::string& label, std::size_t from = 0) {
    std::vector<std::string> out;
    // The label at the start of a line (after pdftotext's spaces).
    auto at = t.find(label, from);
    while (at != std::string::npos && t.find_last_not_of(' ', at - 1) != std::string::npos &&
           t[t.find_last_not_of(' ', at - 1)] != '\n')
      at = t.find(label, at + 1);
    CAPTURE(label);
    CAPTURE(t);
    REQUIRE(at != std::string::npos);
    std::string line = t.substr(at + label.size(), t.find('\n', at) - at - label.size());
    std::stringstream in(line);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
  };
  // By service: issued, served, no-shows, transferred summed over the month's days of `stats`.
  int issued = 0, served = 0, no_shows = 0;
  for (const char* day : {"2026-11-26", "2026-11-27", "2026-11-30"}) {
    json stats = ok(h.admin.request({{"op", "stats"}, {"day", day}}));
    issued += stats["services"][0]["issued"].get<int>();
    served += stats["services"][0]["served"].get<int>();
    no_shows += stats["services"][0]["no_shows"].get<int>();
  }
  auto a = numbers("A 企业开办");
  REQUIRE(a.size() >= 4);
  CHECK(a[0] == std::to_string(issued));
  CHECK(a[1] == std::to_string(served));
  CHECK(a[2] == std::to_string(no_shows));
  // By window with the busy share: window 1 was 9% busy over the month.
  auto w1 = numbers("1号窗口");
  REQUIRE(w1.size() == 7);
  CHECK(w1[4] == "0.8");  // busy: 3,000 s
  CHECK(w1[6] == "9%");
  // 好差评 of the month: the `ratings` operation's.
  json figures =
      ok(h.admin.request({{"op", "ratings"}, {"from", "2026-11-01"}, {"to", "2026-11-30"}, {"by", "clerk"}}));
  const json& c1 = figures["rows"][1];
  REQUIRE(c1["key"] == "c1");
  auto satisfaction = numbers("王丽 (c1)", t.find("好差评"));
  REQUIRE(satisfaction.size() == 8);
  CHECK(satisfaction[0] == std::to_string(c1["offered"].get<int>()));
  CHECK(satisfaction[1] == std::to_string(c1["rated"].get<int>()));
  CHECK(satisfaction[7] == std::to_string((c1["satisfaction_permille"].get<int>() + 5) / 10) + "%");
  // Cases of the month by state.
  auto b = numbers("B 税务办理", t.find("办件（"));
  REQUIRE(b.size() >= 2);
  CHECK(b[0] == "1");  // received
  CHECK(b[1] == "1");  // open
  // The waits told at take: the CSV's figures of the month, in minutes.
  auto told = csv_rows(h.get("/staff/reports.csv?from=2026-11-01&to=2026-11-30&by=estimates").body);
  REQUIRE(told.count("A"));
  auto minutes = [](const std::string& seconds) {
    std::int64_t s = std::stoll(seconds), tenths = (std::abs(s) * 10 + 30) / 60;
    return std::string(s < 0 && tenths > 0 ? "-" : "") + std::to_string(tenths / 10) + "." +
           std::to_string(tenths % 10);
  };
  auto told_a = numbers("A 企业开办", t.find("取号时告知的等候"));
  REQUIRE(told_a.size() == 9);
  CHECK(told_a[0] == told["A"]["tickets"]);
  CHECK(told_a[1] == minutes(told["A"]["wait_mean_s"]));
  CHECK(told_a[2] == minutes(told["A"]["system_mae_s"]));
  CHECK(told_a[4] == minutes(told["A"]["naive_mae_s"]));
  CHECK(told_a[5] == minutes(told["A"]["naive_bias_s"]));
  const int ratio = std::stoi(told["A"]["ratio_percent"]);
  CHECK(told_a[6] == std::to_string(ratio / 100) + "." + (ratio % 100 < 10 ? "0" : "") + std::to_string(ratio % 100));
  CHECK(told_a[7] == told["A"]["within_range_percent"] + "%");
  CHECK(numbers("合计", t.find("取号时告知的等候"))[0] == told["total"]["tickets"]);
  // Those issued before the hall kept what it told are counted apart, as the page's note says.
  REQUIRE(told["total"]["untold"] == "1");
  CHECK(has(t, "1 张叫过号的号票签发于开始记录告知等候之前"));
  CHECK(h.get("/staff/reports.pdf?month=2026-13").status == 400);
}
