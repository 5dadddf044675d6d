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

// ---------------------------------------------------------------- a scripted history

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdlib>

#include "core/config/config.hpp"
#include "core/domain/case_book.hpp"
#include "core/domain/rating_book.hpp"
#include "server/store.hpp"

namespace {

using hallq::domain::LocalDate;

// Two past days of the test hall, written by the server's own engine, case book, rating book and
// store at exact times (a ManualClock), so that every figure can be worked out by hand:
//
// Thursday 2026-11-26: c1 logs in at window 1 at 08:00; A001 taken 08:30, called 08:40, finished
//   08:50, rated 不满意 (waited too long); c1 logs out at 09:00.
// Friday 2026-11-27: c1 at window 1 and c2 at window 2 log in at 08:00. A001 taken 08:00, A002
//   08:05, B001 08:10. Window 1 calls A001 at 08:10 (its case received at 08:15, withdrawn), finishes
//   it at 08:20 (rated 非常满意), calls A002 at 08:20, no-show at 08:50; pauses 12:00–13:00, logs out
//   17:00. Window 2 calls B001 at 09:00 (a case received at 09:03, left open), finishes it at 09:06
//   (rated 满意) and never logs out: the day's close ends its session at midnight.
//
// Window 1: open 08:00–12:00 and 13:00–17:00 = 28,800 s, busy 600 + 1,800 = 2,400 s, idle 26,400 s,
//   paused 3,600 s, busy 8% (2,400 / 28,800 = 8.3%). Window 2: open 08:00–24:00 = 57,600 s, busy
//   360 s, idle 57,240 s, busy 1% (0.6%). On the 26th window 1 was open 3,600 s, busy 600 s.
void write_history(const std::string& config_path, const std::string& db_path) {
  using namespace hallq::domain;
  auto config = hallq::config::load_config(config_path);
  hallq::server::Store store(db_path, 1000);
  ManualClock clock(from_local({2026, 11, 26}, 7 * 60));
  Engine engine(config.hall, clock, IdHasher({1, 2, 3}));
  RatingBook ratings(config.hall, clock);
  CaseBook cases(config.hall, clock);
  std::vector<Changes> batch;
  auto at = [&](LocalDate d, int h, int m) {
    clock.set(from_local(d, h * 60 + m));
    engine.tick();
  };
  auto keep = [&] {
    batch.push_back(engine.take_changes());
    batch.push_back(ratings.take_changes());
    batch.push_back(cases.take_changes());
    REQUIRE_FALSE(store.commit(batch, engine.day()));
    batch.clear();
  };
  auto take = [&](const char* service) {
    TakeArgs a;
    a.service = service;
    auto t = engine.take(a);
    REQUIRE(t.ok());
    return t.value();
  };
  RatingAnswer bad;
  bad.level = RatingLevel::dissatisfied;
  bad.reasons = {"waited_too_long"};
  RatingAnswer very_good, good;
  very_good.level = RatingLevel::very_satisfied;
  good.level = RatingLevel::satisfied;

  LocalDate thu{2026, 11, 26}, fri{2026, 11, 27};
  at(thu, 8, 0);
  REQUIRE(engine.login(1, "c1").ok());
  at(thu, 8, 30);
  take("A");
  at(thu, 8, 40);
  REQUIRE(engine.call_next(1).ok());
  at(thu, 8, 50);
  auto done = engine.finish(1);
  REQUIRE(done.ok());
  ratings.offer(*done.value(), "");
  REQUIRE(ratings.rate_at_window(1, "A001", bad).ok());
  at(thu, 9, 0);
  REQUIRE(engine.logout(1).ok());
  keep();

  at(fri, 8, 0);
  REQUIRE(engine.login(1, "c1").ok());
  REQUIRE(engine.login(2, "c2").ok());
  take("A");
  at(fri, 8, 5);
  take("A");
  at(fri, 8, 10);
  take("B");
  auto a1 = engine.call_next(1);
  REQUIRE(a1.ok());
  REQUIRE(a1.value()->number == "A001");
  at(fri, 8, 15);
  auto case_a = cases.open(*a1.value(), {}, Actor{"c1", 1});
  REQUIRE(case_a.ok());
  REQUIRE(cases.withdraw(case_a.value()->number, "the applicant changed their mind", Actor{"c1", 1}).ok());
  at(fri, 8, 20);
  done = engine.finish(1);
  REQUIRE(done.ok());
  ratings.offer(*done.value(), "");
  REQUIRE(ratings.rate_at_window(1, "A001", very_good).ok());
  REQUIRE(engine.call_next(1).ok());
  keep();
  at(fri, 8, 50);
  REQUIRE(engine.no_show(1).ok());
  at(fri, 9, 0);
  auto b1 = engine.call_next(2);
  REQUIRE(b1.ok());
  REQUIRE(b1.value()->number == "B001");
  at(fri, 9, 3);
  REQUIRE(cases.open(*b1.value(), {}, Actor{"c2", 2}).ok());
  at(fri, 9, 6);
  done = engine.finish(2);
  REQUIRE(done.ok());
  ratings.offer(*done.value(), "");
  REQUIRE(ratings.rate_at_window(2, "B001", good).ok());
  keep();
  at(fri, 12, 0);
  REQUIRE(engine.pause(1, "lunch").ok());
  at(fri, 13, 0);
  REQUIRE(engine.resume(1).ok());
  at(fri, 17, 0);
  REQUIRE(engine.logout(1).ok());
  keep();
}

// The test hall on that history, its clock at Monday 2026-11-30 09:00, and a manager's session.
struct History {
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")));
  bool written;
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"}};
  LineClient admin{server.port()};
  std::string web = server.web_address();
  std::string session;
  // `untold_day`: that day's tickets as issued before the hall kept the wait it told (schema 11).
  explicit History(const std::string& untold_day = {}) : written(write(untold_day)) {
    REQUIRE(admin.hello("admin", "admin", "test-admin-token").value("ok", false));
    ok(admin.request({{"op", "set_password"}, {"user", "m1"}, {"password", "manager-password-1"}}, 20s));
    HttpReply form = http_get(web, "/staff/login");
    HttpReply in = http_post_form(web, "/staff/login",
                                  "csrf=" + hidden(form.body, "csrf") + "&user=m1&password=manager-password-1",
                                  {{"Cookie", "hallq_login=" + cookie_set(form, "hallq_login")}});
    session = cookie_set(in, "hallq_staff");
    REQUIRE(!session.empty());
  }
  HttpReply get(const std::string& target) { return http_get(web, target, {{"Cookie", "hallq_staff=" + session}}); }
  bool write(const std::string& untold_day) {  // before the server starts (it keeps figures from the rows)
    write_history(config, dir.path("hall.db"));
    if (!untold_day.empty()) {
      SQLite::Database raw(dir.path("hall.db"), SQLite::OPEN_READWRITE);
      raw.exec("UPDATE tickets SET told_s = -1, told_lo_s = -1, told_hi_s = -1, naive_s = -1 WHERE day = '" +
               untold_day + "'");
    }
    return true;
  }
};

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

// ---------------------------------------------------------------- the closed days' kept figures

#include <SQLiteCpp/SQLiteCpp.h>

#include "server/web/reports.hpp"

namespace {

namespace rpt = hallq::server::web;

// Every table of every period over from..to, from the kept figures (compute_report, what the server
// does) and from every row (compute_report_from_rows), in one read transaction: the same, byte for byte.
void same_both_ways(SQLite::Database& db, const hallq::config::Config& config, LocalDate from, LocalDate to,
                    hallq::domain::TimePoint now, int kept_days) {
  for (rpt::Period period : {rpt::Period::hour, rpt::Period::day, rpt::Period::week, rpt::Period::month}) {
    CAPTURE(from.str());
    CAPTURE(to.str());
    CAPTURE(rpt::to_string(period));
    rpt::Reports::Ask ask;
    ask.from = from;
    ask.to = to;
    ask.period = period;
    ask.now = now;
    db.exec("BEGIN");
    rpt::Report kept = rpt::compute_report(db, ask, config);
    rpt::Report rows = rpt::compute_report_from_rows(db, ask, config);
    db.exec("COMMIT");
    CHECK(kept.kept_days == kept_days);
    auto a = rpt::report_tables(kept, config), b = rpt::report_tables(rows, config);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CAPTURE(a[i].name);
      CHECK(rpt::table_csv(a[i]) == rpt::table_csv(b[i]));
    }
  }
}

int kept_rows(SQLite::Database& db, const std::string& day) {
  SQLite::Statement q(db, "SELECT count(*) FROM day_figures WHERE day = ?");
  q.bind(1, day);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

TEST_CASE(
    "reports add up the closed days' kept figures: the same tables as from every row, today's and changed days from "
    "their rows") {
  using namespace hallq::domain;
  TempDir dir;
  std::string config_path = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")));
  auto config = hallq::config::load_config(config_path);
  const std::string db_path = dir.path("hall.db");
  write_history(config_path, db_path);  // Thursday and Friday; the hall still in Friday

  // Monday: Friday closes at 08:00; c1 logs in at window 1, A001 is taken at 08:30, called 08:40 and
  // finished 08:50, A002 taken at 09:00 waits; c1 is still logged in at 10:00, when the reports are asked.
  hallq::server::Store store(db_path, 1000);
  ManualClock clock(from_local({2026, 11, 30}, 8 * 60));
  Engine engine(config.hall, clock, IdHasher({1, 2, 3}));
  engine.restore(std::move(*store.load_current()));
  RatingBook ratings(config.hall, clock);
  {
    hallq::server::RatingBookState s = store.ratings().load("2026-11-01", 0);
    ratings.restore(std::move(s.ratings), std::move(s.followups), s.last_rating, s.last_followup);
  }
  auto keep = [&] {
    std::vector<Changes> batch{engine.take_changes(), ratings.take_changes()};
    REQUIRE_FALSE(store.commit(batch, engine.day()));
  };
  auto at = [&](int h, int m) {
    clock.set(from_local({2026, 11, 30}, h * 60 + m));
    engine.tick();
  };
  TakeArgs a;
  a.service = "A";
  at(8, 0);
  REQUIRE(engine.day() == LocalDate{2026, 11, 30});
  REQUIRE(engine.login(1, "c1").ok());
  keep();
  at(8, 30);
  REQUIRE(engine.take(a).ok());
  at(8, 40);
  REQUIRE(engine.call_next(1).ok());
  at(8, 50);
  auto done = engine.finish(1);
  REQUIRE(done.ok());
  ratings.offer(*done.value(), "");
  at(9, 0);
  REQUIRE(engine.take(a).ok());
  keep();
  const TimePoint now = from_local({2026, 11, 30}, 10 * 60);
  const LocalDate wed{2026, 11, 25}, thu{2026, 11, 26}, fri{2026, 11, 27}, mon{2026, 11, 30}, tue{2026, 12, 1};

  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  // Nothing kept yet: every day from its rows.
  same_both_ways(db, config, thu, mon, now, 0);

  // The store keeps Thursday's and Friday's (the closed days), not Monday's.
  store.keep_figures(config.hall.rollover_minute);
  int made = 0;
  while (store.figures_wanted())
    if (store.make_figures()) ++made;
  CHECK(made == 2);
  CHECK(kept_rows(db, "2026-11-26") == 1);
  CHECK(kept_rows(db, "2026-11-27") == 1);
  CHECK(kept_rows(db, "2026-11-30") == 0);
  same_both_ways(db, config, thu, mon, now, 2);  // today included
  same_both_ways(db, config, wed, tue, now, 2);  // and days with nothing
  same_both_ways(db, config, fri, fri, now, 1);
  same_both_ways(db, config, mon, mon, now, 0);
  {
    rpt::Reports::Ask ask;
    ask.from = thu;
    ask.to = mon;
    ask.now = now;
    rpt::Report r = rpt::compute_report(db, ask, config);
    CHECK(r.stats.total.issued == 6);  // 1 + 3 + 2
    CHECK(r.satisfaction[0].rated == 3);
    REQUIRE(r.use.size() == 2);
    CHECK(r.use[0].open_s == 3600 + 28800 + 7200);  // Monday: logged in from 08:00 to now
    // Another rollover is another basis: nothing kept is used, the figures are still the rows'.
    auto other = config;
    other.hall.rollover_minute = 60;
    same_both_ways(db, other, thu, mon, now, 0);
  }

  // Friday changes after its figures were made (B001's rating rewritten 非常不满意 through the store,
  // as a late phone rating would be), and Thursday's follow-up is called back through the rating book
  // on Monday: each commit drops that day's figures in its own transaction, and the reports have the
  // new figures.
  {
    const Rating* b001 = ratings.find(fri, "B001");
    REQUIRE(b001);
    Rating changed = *b001;
    changed.level = RatingLevel::very_dissatisfied;
    std::vector<Changes> batch(1);
    batch[0].ratings.push_back(changed);
    REQUIRE_FALSE(store.commit(batch, engine.day()));
  }
  CHECK(kept_rows(db, "2026-11-27") == 0);
  CHECK(kept_rows(db, "2026-11-26") == 1);
  auto open = ratings.followups(true);
  REQUIRE(open.size() == 1);
  at(9, 30);
  REQUIRE(ratings.update_followup(open[0]->id, FollowupState::contacted, "called back", "g1").ok());
  keep();
  CHECK(kept_rows(db, "2026-11-26") == 0);
  same_both_ways(db, config, thu, mon, now, 0);
  {
    rpt::Reports::Ask ask;
    ask.from = fri;
    ask.to = fri;
    ask.now = now;
    rpt::Report r = rpt::compute_report(db, ask, config);
    REQUIRE(r.satisfaction.size() == 3);  // total, c1, c2
    CHECK(r.satisfaction[2].key == "c2");
    CHECK(r.satisfaction[2].levels[0] == 1);
    CHECK(rpt::satisfaction_percent(r.satisfaction[2]) == 0);
  }
  // The store wants them again and makes them from the new rows.
  made = 0;
  while (store.figures_wanted())
    if (store.make_figures()) ++made;
  CHECK(made == 2);
  same_both_ways(db, config, thu, mon, now, 2);
  same_both_ways(db, config, wed, tue, now, 2);

  // An upgrade: figures kept in the format before the waits told (basis "1 …") are not used, and
  // the store makes them again. Thursday's ticket as one issued before the hall kept what it told
  // (changed by hand, so its day's figures are deleted by hand too): counted apart, not measured.
  {
    SQLite::Database raw(db_path, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE day_figures SET basis = '1' || substr(basis, 2) WHERE day = '2026-11-27'");
    raw.exec("UPDATE tickets SET told_s = -1 WHERE day = '2026-11-26'");
    raw.exec("DELETE FROM day_figures WHERE day = '2026-11-26'");
  }
  same_both_ways(db, config, thu, mon, now, 0);
  store.keep_figures(config.hall.rollover_minute);  // as at the server's next start
  made = 0;
  while (store.figures_wanted())
    if (store.make_figures()) ++made;
  CHECK(made == 2);
  same_both_ways(db, config, thu, mon, now, 2);
  rpt::Reports::Ask ask;
  ask.from = thu;
  ask.to = mon;
  ask.now = now;
  rpt::Report r = rpt::compute_report(db, ask, config);
  CHECK(r.estimates_total.parts.told == 4);  // Friday's three, Monday's A001 (A002 still waits)
  CHECK(r.estimates_total.parts.untold == 1);
  REQUIRE(r.estimates.size() == 2);
  CHECK(r.estimates[0].key == "A");
  CHECK(r.estimates[0].parts.told == 3);
  CHECK(r.estimates[0].parts.wait_ms == (600 + 900 + 600) * 1000);  // Friday's A001, A002; Monday's A001
  CHECK(rpt::estimate_figures(r.estimates[0].parts).wait_mean_s == 700);
}

TEST_CASE(
    "the server keeps each closed day's figures, makes a changed day's again, and its files equal those from every "
    "row") {
  History h;  // the server at Monday 09:00 closed Friday when it started
  auto config = hallq::config::load_config(h.config);
  SQLite::Database db(h.dir.path("hall.db"), SQLite::OPEN_READONLY);
  auto made_at = [&](const std::string& day) -> std::int64_t {
    SQLite::Statement q(db, "SELECT made_at FROM day_figures WHERE day = ?");
    q.bind(1, day);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
  };
  auto eventually = [&](auto condition) {
    for (int i = 0; i < 200 && !condition(); ++i) std::this_thread::sleep_for(50ms);
    return condition();
  };
  // Made by the store thread when idle: Thursday (closed before the server ran) and Friday (closed at its start).
  REQUIRE(eventually([&] { return made_at("2026-11-26") > 0 && made_at("2026-11-27") > 0; }));
  std::int64_t thursday = made_at("2026-11-26");

  // Today: two tickets waiting. Thursday's follow-up called back: Thursday's figures are made again.
  ok(h.admin.request({{"op", "take"}, {"service", "A"}}));
  ok(h.admin.request({{"op", "take"}, {"service", "B"}}));
  json open = ok(h.admin.request({{"op", "followups"}}));
  REQUIRE(open["followups"].size() == 1);
  std::this_thread::sleep_for(10ms);
  ok(h.admin.request({{"op", "followup_update"},
                      {"followup", open["followups"][0]["id"]},
                      {"state", "contacted"},
                      {"note", "called back"}}));
  REQUIRE(eventually([&] { return made_at("2026-11-26") > thursday; }));

  // Every CSV of the range (Thursday to today) equals the table computed here from every row.
  for (rpt::Period period : {rpt::Period::hour, rpt::Period::day, rpt::Period::week, rpt::Period::month}) {
    rpt::Reports::Ask ask;
    ask.from = {2026, 11, 26};
    ask.to = {2026, 11, 30};
    ask.period = period;
    ask.now = hallq::domain::from_local({2026, 11, 30}, 12 * 60);  // no session open today: only cases' dates
    db.exec("BEGIN");
    rpt::Report rows = rpt::compute_report_from_rows(db, ask, config);
    db.exec("COMMIT");
    CHECK(rows.stats.total.issued == 6);
    for (const rpt::Table& t : rpt::report_tables(rows, config)) {
      CAPTURE(rpt::to_string(period));
      CAPTURE(t.name);
      std::string by = t.name == rpt::to_string(period) ? "period" : t.name;
      HttpReply csv =
          h.get("/staff/reports.csv?from=2026-11-26&to=2026-11-30&period=" + std::string(rpt::to_string(period)) +
                "&by=" + by);
      REQUIRE(csv.status == 200);
      CHECK(csv.body == rpt::table_csv(t));
    }
  }
}
