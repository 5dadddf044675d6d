// Staffing advice in the staff console (/staff/staffing) over the real
// server's web listener, on a hall database holding the four weeks before the
// hall's day: the advice per hour as a table with its chart's data, the target
// share chosen in the form, a date that is not one refused, in each language.
#include "tests/server/web/web_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <vector>

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

// Whether the server closes a connection that sent `start` and nothing more within `ms`.
bool cut_within(int port, const std::string& start, int ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::send(fd, start.data(), start.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(start.size()));
  pollfd p{fd, POLLIN, 0};
  bool cut = false;
  char buf[256];
  while (!cut && ::poll(&p, 1, ms) == 1) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    cut = n <= 0;  // closed (an answer to a half request would be read and we wait on)
  }
  ::close(fd);
  return cut;
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
  // A date that is not one, or years away: the form again, with the reason in the page's language,
  // and the language links keep what was asked (an outside probe, 2026-12-04: they dropped it).
  for (std::string date : {"2026-02-30", "0001-01-01", "2031-12-01"}) {
    CAPTURE(date);
    HttpReply bad = st.page(guide, "/staff/staffing?date=" + date + "&share=0.95");
    CHECK(bad.status == 400);
    CHECK(has(bad.body, "id=\"staffing-error\""));
    CHECK(has(bad.body, "日期应为 2026-12-07 这样的一天，且在今天（2026-11-30）前后一年之内"));
    CHECK(has(bad.body, "href=\"/staff/staffing?date=" + date + "&amp;share=0.95&amp;lang=en\""));
  }
  CHECK(has(st.page(guide, "/staff/staffing?date=2026-02-30&lang=en").body,
            "The date must be a day like 2026-12-07, within a year of today (2026-11-30)"));
  // A share the form does not offer is refused, not silently taken as 90%.
  for (std::string share : {"0", "1", "1.0", "1.5", "-1", "0.85", "abc", "nan", "0.9x"}) {
    CAPTURE(share);
    HttpReply odd = st.page(guide, "/staff/staffing?share=" + share + "&lang=zh");
    CHECK(odd.status == 400);
    CHECK(has(odd.body, "目标比例只能是 80%、90% 或 95%"));
  }
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
  CHECK(has(page.body, "暂时无法给出排班建议，原因见服务器日志"));
  CHECK_FALSE(has(page.body, ".db"));  // the database's file is the server's business, said in its log
  CHECK(has(page.body, "id=\"staffing-form\""));
  CHECK(has(st.page(guide, "/staff/staffing?lang=mn").body, "ᠰᠧᠷᠸᠧᠷ ᠦᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ"));
}

TEST_CASE("the console's staffing advice is waited for however long it takes, not cut by the request timeout") {
  // An outside probe (2026-12-04): on a busy hall the advice took 47 s when first asked, and the page
  // was cut at [web] request_timeout_s (15 s) with no answer at all. Here the timeout is a second.
  sim::Model month = test_hall_month();
  Staff st(&month, "request_timeout_s = 1\n");
  std::string guide = st.login("g1", "guide-password-1");
  REQUIRE(!guide.empty());
  // Seven days asked at once: the advice works them out one at a time, so the last waits for the
  // others, seconds in all. Each is answered.
  std::vector<std::future<HttpReply>> asked;
  for (int day = 1; day <= 7; ++day)
    asked.push_back(std::async(std::launch::async, [&st, guide, day] {
      try {
        return st.page(guide, "/staff/staffing?date=2026-12-0" + std::to_string(day) + "&share=0.95&lang=zh");
      } catch (const std::exception&) {
        return HttpReply{};  // no answer: the connection closed
      }
    }));
  const auto started = std::chrono::steady_clock::now();
  for (auto& f : asked) {
    HttpReply page = f.get();
    CHECK(page.status == 200);
    CHECK(has(page.body, "id=\"staffing\""));
  }
  // The test means something only when the work outlasts the one-second timeout (3.5 s measured on
  // the 2-vCPU machine).
  const auto took = std::chrono::steady_clock::now() - started;
  INFO("all seven in " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
  CHECK(took > std::chrono::milliseconds(1500));
  // The second's limit still holds for the client: a request that never ends its headers is cut.
  CHECK(cut_within(st.server.web_port(), "GET /staff HTTP/1.1\r\nHost: hall\r\n", 5000));
}
