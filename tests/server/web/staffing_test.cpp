// Staffing advice in the staff console (/staff/staffing) over the real
// server's web listener, on a hall database holding the four weeks before the
// hall's day: the advice per hour as a table with its chart's data, the target
// share chosen in the form, a date that is not one refused, in each language.
#include "tests/server/web/web_fixture.hpp"

#include <nlohmann/json.hpp>

using namespace hallq;
using namespace hallq::test;
using namespace hallq::test::web;

namespace {

// The JSON the page carries for its chart.
nlohmann::json report_data(const std::string& body) {
  std::string open = "<script type=\"application/json\" id=\"report-data\">";
  auto at = body.find(open);
  REQUIRE(at != std::string::npos);
  at += open.size();
  return nlohmann::json::parse(body.substr(at, body.find("</script>", at) - at));
}

}  // namespace

TEST_CASE("the console's staffing advice: windows per hour from the hall's history, as a table and a chart") {
  sim::Model month = test_hall_month();
  Staff st(&month);
  std::string guide = st.login("g1", "guide-password-1");
  REQUIRE(!guide.empty());

  HttpReply hall = st.page(guide);
  CHECK(has(hall.body, "href=\"/staff/staffing?lang=zh\" id=\"nav-staffing\""));  // in the navigation

  HttpReply page = st.page(guide, "/staff/staffing");
  INFO(page.body);
  REQUIRE(page.status == 200);
  check_security_headers(page);
  // Today (the hall's clock: Monday 2026-11-30), 90% within the test hall's 30 minutes.
  CHECK(has(page.body, "<input type=\"date\" name=\"date\" id=\"staffing-date\" value=\"2026-11-30\">"));
  CHECK(has(page.body, "<option value=\"0.90\" selected>90%</option>"));
  CHECK(has(page.body, "2026-11-30：90% 的群众在 30 分钟内被叫号"));
  CHECK(has(page.body, "依据最近 20 天的取号记录"));
  CHECK_FALSE(has(page.body, "id=\"staffing-not-met\""));
  CHECK_FALSE(has(page.body, "id=\"staffing-missed-hours\""));
  // How close each service came over the day, met or not.
  CHECK(has(page.body, "<p id=\"staffing-services\">各业务全天目标内叫号：A "));
  // One row per hour with citizens: 08:00 … 17:00, and 18:00, when nobody comes but a window stays
  // for those still waiting; Monday 09:00 is busier than 15:00.
  CHECK(has(page.body, "<tr data-hour=\"8\""));
  CHECK(has(page.body, "<tr data-hour=\"17\""));
  CHECK_FALSE(has(page.body, "<tr data-hour=\"3\""));
  nlohmann::json data = report_data(page.body);
  REQUIRE(data["staffing"].size() == 11);
  CHECK(data["staffing"][10]["label"] == "18:00");
  CHECK(data["staffing"][10]["arrivals"].get<double>() == 0);
  CHECK(data["staffing"][10]["windows"].get<int>() >= 1);
  CHECK_FALSE(has(page.body, "<tr data-hour=\"19\""));
  CHECK(data["staffing"][0]["label"] == "08:00");
  CHECK(data["staffing"][1]["arrivals"].get<double>() > data["staffing"][7]["arrivals"].get<double>());
  CHECK(data["staffing"][1]["windows"].get<int>() >= 1);
  CHECK(has(page.body, "src=\"/static/chart.min.js\""));
  CHECK(has(page.body, "src=\"/static/reports.js\""));

  // Another share and another day; the chosen share stays selected.
  HttpReply strict = st.page(guide, "/staff/staffing?date=2026-12-01&share=0.95");
  REQUIRE(strict.status == 200);
  CHECK(has(strict.body, "<option value=\"0.95\" selected>95%</option>"));
  CHECK(has(strict.body,
            "href=\"/staff/staffing?date=2026-12-01&amp;share=0.95&amp;lang=mn\""));  // kept in another language
  CHECK(has(strict.body, "2026-12-01：95% 的群众"));
  CHECK(has(strict.body, "<p id=\"staffing-services\">各业务全天目标内叫号：A "));
  // A date that is not one: the form again, with the server's reason.
  HttpReply bad = st.page(guide, "/staff/staffing?date=2026-02-30");
  CHECK(bad.status == 400);
  CHECK(has(bad.body, "id=\"staffing-error\""));
  CHECK(has(bad.body, "&quot;date&quot; must be a day like 2026-12-07"));
  // The words in Mongolian and English too.
  HttpReply en = st.page(guide, "/staff/staffing?lang=en");
  CHECK(has(en.body, "Staffing advice"));
  CHECK(has(en.body, "90% called within 30 min"));
  HttpReply mn = st.page(guide, "/staff/staffing?lang=mn");
  CHECK(mn.status == 200);
  CHECK(has(mn.body, "<html lang=\"mn-Mong\">"));
  CHECK(has(mn.body, "ᠴᠣᠩᠬᠣ ᠨᠡᠭᠡᠭᠡᠬᠦ ᠰᠠᠨᠠᠯ"));
  // Managers may read it too.
  std::string manager = st.login("m1", "manager-password-1");
  CHECK(st.page(manager, "/staff/staffing?lang=zh").status == 200);
}

TEST_CASE("the console's staffing advice without any history says so") {
  Staff st;
  std::string guide = st.login("g1", "guide-password-1");
  HttpReply page = st.page(guide, "/staff/staffing");
  CHECK(page.status == 409);
  CHECK(has(page.body, "id=\"staffing-error\""));
  CHECK(has(page.body, "no tickets recorded; nothing to fit"));
  CHECK(has(page.body, "id=\"staffing-form\""));
}
