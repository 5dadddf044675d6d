// Cases in the staff console (/staff/cases) on the demo hall: the list by
// state and deadline, one case's details (masked, and the view logged with
// who looked), the hand-over sheets and their PDF, the pickup register's PDF.
#include "tests/server/web/web_fixture.hpp"

using namespace hallq::test;
using namespace hallq::test::web;

namespace {

constexpr const char* kApplicant = "150502199001011232";

// The demo hall with its web listener, a case accepted at window 1 and handed over to the market bureau.
struct CaseHall {
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("assets/halls/demo.toml")));
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"}};
  LineClient admin{server.port()}, kiosk{server.port()}, clerk{server.port()};
  std::string web = server.web_address();
  std::string number, sheet;
  CaseHall() {
    REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
    REQUIRE(kiosk.hello("kiosk", "kiosk-1", "demo-kiosk-1-token").value("ok", false));
    REQUIRE(clerk.hello("caller", "caller-1", "demo-caller-1-token").value("ok", false));
    ok(clerk.request({{"op", "login"}, {"window", 1}, {"clerk", "c01"}, {"pin", "1001"}}, 20s));
    ok(kiosk.request({{"op", "take"}, {"service", "A"}, {"id_number", kApplicant}, {"name", "包巴特尔"}}));
    ok(clerk.request({{"op", "call"}, {"window", 1}}));
    number = ok(clerk.request({{"op", "case_open"}, {"window", 1}, {"phone", "13812345678"}}))["case"]["number"];
    ok(clerk.request({{"op", "case_materials"},
                      {"window", 1},
                      {"number", number},
                      {"materials", {"original", "copy", "original"}}}));
    ok(clerk.request({{"op", "case_accept"}, {"window", 1}, {"number", number}}));
    ok(clerk.request({{"op", "finish"}, {"window", 1}}));
    sheet = ok(admin.request(
        {{"op", "handover_create"}, {"department", "market"}, {"cases", {number}}}))["handover"]["number"];
    ok(admin.request({{"op", "set_password"}, {"user", "guide1"}, {"password", "guide-password-1"}}, 20s));
  }
  std::string login() {
    HttpReply form = http_get(web, "/staff/login");
    HttpReply in = http_post_form(web, "/staff/login",
                                  "csrf=" + hidden(form.body, "csrf") + "&user=guide1&password=guide-password-1",
                                  {{"Cookie", "hallq_login=" + cookie_set(form, "hallq_login")}});
    return cookie_set(in, "hallq_staff");
  }
  HttpReply page(const std::string& session, const std::string& target) {
    return http_get(web, target, {{"Cookie", "hallq_staff=" + session}});
  }
  // The text of a PDF (pdftotext, poppler-utils).
  std::string text_of(const std::string& pdf, const std::string& name) {
    RunResult r = run({"pdftotext", "-enc", "UTF-8", dir.write(name, pdf), "-"});
    REQUIRE(r.exit_code == 0);
    return r.out;
  }
};

}  // namespace

TEST_CASE("the console lists cases by deadline and state, and each view of a case's details is logged") {
  CaseHall h;
  std::string guide = h.login();
  REQUIRE(!guide.empty());
  HttpReply open = h.page(guide, "/staff/cases");
  REQUIRE(open.status == 200);
  CHECK(has(open.body, "<tr data-case=\"" + h.number + "\""));
  CHECK(has(open.body, "审批中"));  // handed over
  CHECK(has(open.body, "2026-12-03"));
  // Masked on the list: never the raw ID, name or phone.
  CHECK_FALSE(has(open.body, kApplicant));
  CHECK_FALSE(has(open.body, "包巴特尔"));
  CHECK(has(open.body, "150502********1232"));
  CHECK(has(h.page(guide, "/staff/cases?state=handed_over&due=all").body, "data-total=\"1\""));
  CHECK(has(h.page(guide, "/staff/cases?state=picked_up&due=all").body, "data-total=\"0\""));
  CHECK(has(h.page(guide, "/staff/cases?due=overdue").body, "data-total=\"0\""));

  // One case: its details masked, and who looked is in the server's log.
  CHECK_FALSE(h.server.logged("viewed case", std::chrono::milliseconds(0)));
  HttpReply one = h.page(guide, "/staff/cases/" + h.number);
  REQUIRE(one.status == 200);
  CHECK(has(one.body, "data-state=\"handed_over\""));
  CHECK(has(one.body, "138****5678"));
  CHECK_FALSE(has(one.body, "13812345678"));
  CHECK(has(one.body, "id=\"materials\""));
  CHECK(has(one.body, "居民身份证原件"));
  // Another language shows the same case, not the list (the lang asked for is not repeated).
  CHECK(has(one.body, "href=\"/staff/cases/" + h.number + "?lang=en\""));
  HttpReply english = h.page(guide, "/staff/cases/" + h.number + "?lang=en");
  CHECK(has(english.body, "href=\"/staff/cases/" + h.number + "?lang=mn\""));
  CHECK(h.server.logged("web: guide1 (guide) viewed case " + h.number));
  CHECK(h.page(guide, "/staff/cases/F-20990101-0001").status == 404);
  CHECK(h.page(guide, "/staff/cases/..%2Fetc").status == 404);
}

TEST_CASE("the console prints a hand-over sheet and the day's pickup register as the PDF hallqctl prints") {
  CaseHall h;
  std::string guide = h.login();
  HttpReply sheets = h.page(guide, "/staff/cases/handovers");
  REQUIRE(sheets.status == 200);
  CHECK(has(sheets.body, "<tr data-sheet=\"" + h.sheet + "\""));
  HttpReply pdf = h.page(guide, "/staff/cases/handovers/" + h.sheet + ".pdf");
  REQUIRE(pdf.status == 200);
  CHECK(pdf.header("Content-Type") == "application/pdf");
  REQUIRE(pdf.body.rfind("%PDF-", 0) == 0);
  std::string words = h.text_of(pdf.body, "sheet.pdf");
  CHECK(has(words, h.sheet));
  CHECK(has(words, h.number));
  CHECK(has(words, "材料流转单"));
  CHECK(h.server.logged("web: guide1 printed hand-over sheet " + h.sheet));
  CHECK(h.page(guide, "/staff/cases/handovers/L-20990101-01.pdf").status == 404);
  HttpReply reg = h.page(guide, "/staff/cases/register.pdf?day=2026-11-30");
  REQUIRE(reg.status == 200);
  CHECK(has(h.text_of(reg.body, "register.pdf"), "出件登记簿"));
  // Without a session, nothing.
  CHECK(http_get(h.web, "/staff/cases/handovers/" + h.sheet + ".pdf").status == 401);
}

TEST_CASE("an ended state asked for is found: the default deadline filter (not ended) does not hide it") {
  CaseHall h;
  ok(h.admin.request({{"op", "case_withdraw"}, {"number", h.number}, {"reason", "the applicant withdrew"}}));
  std::string guide = h.login();
  REQUIRE(!guide.empty());
  CHECK(has(h.page(guide, "/staff/cases").body, "data-total=\"0\""));  // not ended: none
  // Asked by state alone, or as the form sends it (its deadline left at 未办结).
  for (std::string target : {"/staff/cases?state=withdrawn", "/staff/cases?state=withdrawn&department=&due=open"}) {
    CAPTURE(target);
    HttpReply found = h.page(guide, target);
    CHECK(has(found.body, "data-total=\"1\""));
    CHECK(has(found.body, "<tr data-case=\"" + h.number + "\""));
    CHECK(has(found.body, "<option value=\"all\" selected>"));
  }
  // A state still open keeps the default.
  CHECK(has(h.page(guide, "/staff/cases?state=handed_over").body, "<option value=\"open\" selected>"));
}

TEST_CASE("the cases list says the working days left as the case's page does, and pages name people, not ids") {
  CaseHall h;
  std::string guide = h.login();
  REQUIRE(!guide.empty());
  HttpReply open = h.page(guide, "/staff/cases");
  HttpReply one = h.page(guide, "/staff/cases/" + h.number);
  std::string due = one.body.substr(one.body.find("id=\"case-due\">"));
  due = due.substr(0, due.find("</dd>"));
  REQUIRE(has(due, "个工作日"));
  CHECK(has(open.body, "<td class=\"due\">" + due.substr(due.find('>') + 1) + "</td>"));
  // The clerk who received it by name, at the window by its name.
  CHECK(has(one.body, "王丽"));
  CHECK_FALSE(has(one.body, " c01<"));
  // English: one working day is not "1 … days".
  CHECK_FALSE(has(h.page(guide, "/staff/cases?lang=en").body, " 1 working days"));
  // A department's desk on the live hall: the department's name, not its id.
  HttpReply hall = h.page(guide, "/staff");
  CHECK_FALSE(has(hall.body, " · market<"));
}
