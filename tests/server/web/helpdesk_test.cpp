// The help desk (/staff/help) over the real server's web listener, asked as a
// browser asks: a kiosk's call taken from the page (and refused to a second
// guide with who has it), the live hall's alarm linking here, the register's
// form with its refusals, a call-back number shown masked, a follow-up marked
// done, managers reading only, clerks kept out.
#include "tests/server/web/web_fixture.hpp"

using namespace hallq::test;
using namespace hallq::test::web;

namespace {

// application/x-www-form-urlencoded
std::string encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// The rows of table `id` in a page (the text between its <tbody> and </tbody>).
std::string table(const std::string& body, const std::string& id) {
  auto at = body.find("<table id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  auto from = body.find("<tbody>", at), to = body.find("</tbody>", at);
  return body.substr(from, to - from);
}

int count(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

// The test hall with a second guide (g2) and an admin (a1) who may log in.
struct Desk : Staff {
  LineClient kiosk{server.port()};
  Desk() {
    REQUIRE(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token").value("ok", false));
    ok(admin.request({{"op", "set_password"}, {"user", "a1"}, {"password", "admin-password-1"}}, 20s));
  }
};

}  // namespace

TEST_CASE("the help desk: a kiosk's call is taken from the page, a second taker is told who has it") {
  Desk d;
  std::string guide = d.login("g1", "guide-password-1");
  REQUIRE(!guide.empty());
  HttpReply empty = d.page(guide, "/staff/help");
  CHECK(empty.status == 200);
  check_security_headers(empty);
  CHECK(has(empty.body, "id=\"nav-help\""));
  CHECK(has(empty.body, "暂无呼叫"));

  std::int64_t call = ok(d.kiosk.request({{"op", "help_request"}}))["help"]["id"];
  std::string id = std::to_string(call);
  // The live hall shows the alarm, naming the kiosk, with a link to this page.
  HttpReply hall = d.page(guide);
  CHECK(has(hall.body, "data-kind=\"help_requested\""));
  CHECK(has(hall.body, "取号机 kiosk-1 呼叫帮办"));
  CHECK(has(hall.body, "href=\"/staff/help?lang=zh\""));

  HttpReply page = d.page(guide, "/staff/help");
  std::string calls = table(page.body, "help-calls");
  CHECK(has(calls, "kiosk-1"));
  CHECK(has(calls, "data-call=\"" + id + "\" class=\"open\""));
  CHECK(has(calls, "id=\"take-" + id + "\""));
  std::string csrf = hidden(page.body, "csrf");
  CHECK(d.send(guide, "/staff/help/take", "id=" + id).status == 403);  // no CSRF token: nothing done
  CHECK(ok(d.admin.request({{"op", "help_requests"}, {"open", true}}))["requests"].size() == 1);

  HttpReply took = d.send(guide, "/staff/help/take", "csrf=" + csrf + "&id=" + id);
  CHECK(took.status == 200);
  CHECK(has(took.body, "已接单：请前往取号机 kiosk-1"));
  CHECK(has(table(took.body, "help-calls"), "class=\"taken\""));
  CHECK(has(table(took.body, "help-calls"), "其其格 于"));  // taken by the guide, by name
  json listed = ok(d.admin.request({{"op", "help_requests"}}))["requests"][0];
  CHECK(listed["state"] == "taken");
  CHECK(listed["taken_by"] == "web:g1");
  // The alarm is gone from the live hall.
  CHECK_FALSE(has(d.page(guide).body, "data-kind=\"help_requested\""));

  // An admin a moment later: told who has it, in words; nothing changes.
  std::string admin = d.login("a1", "admin-password-1");
  REQUIRE(!admin.empty());
  HttpReply late =
      d.send(admin, "/staff/help/take", "csrf=" + hidden(d.page(admin, "/staff/help").body, "csrf") + "&id=" + id);
  CHECK(late.status == 409);
  CHECK(has(late.body, "该呼叫已由 其其格 于"));
  CHECK(ok(d.admin.request({{"op", "help_requests"}}))["requests"][0]["taken_by"] == "web:g1");
}

TEST_CASE("the help desk's register: an entry from the form once, refusals in words, masked number, follow-up done") {
  Desk d;
  std::string guide = d.login("g1", "guide-password-1");
  REQUIRE(!guide.empty());
  HttpReply page = d.page(guide, "/staff/help");
  CHECK(has(page.body, "id=\"helpdesk-add\""));
  CHECK(has(page.body, "<option value=\"A\">A "));  // the hall's services to choose from
  std::string csrf = hidden(page.body, "csrf"), key = hidden(page.body, "key");
  REQUIRE(key.size() == 32);
  std::string form = "csrf=" + csrf + "&key=" + key + "&topic=" + encode("营业执照遗失怎么补办") +
                     "&service=A&answer=" + encode("登报声明后到综合窗口补办 <带身份证>") +
                     "&followup=1&phone=13812345678";
  HttpReply added = d.send(guide, "/staff/help/add", form);
  CHECK(added.status == 200);
  CHECK(has(added.body, "已登记"));
  std::string today = table(added.body, "helpdesk-today");
  CHECK(has(today, "营业执照遗失怎么补办"));
  CHECK(has(today, "&lt;带身份证&gt;"));  // escaped
  CHECK(has(today, "138****5678"));
  CHECK_FALSE(has(added.body, "13812345678"));
  CHECK(has(today, "class=\"to-do\""));
  // Sent again (a double click, the browser's resend): one entry.
  HttpReply again = d.send(guide, "/staff/help/add", form);
  CHECK(count(table(again.body, "helpdesk-today"), "<tr data-entry=") == 1);
  json list = ok(d.admin.request({{"op", "helpdesk_list"}}));
  REQUIRE(list["entries"].size() == 1);
  json entry = list["entries"][0];
  CHECK(entry["by"] == "web:g1");
  CHECK(entry["service"] == "A");

  // A second entry comes first (newest first); a refused one says why and changes nothing.
  HttpReply second = d.send(
      guide, "/staff/help/add",
      "csrf=" + csrf + "&key=" + hidden(added.body, "key") + "&topic=" + encode("几点下班") + "&service=&answer=17:00");
  std::string rows = table(second.body, "helpdesk-today");
  CHECK(rows.find("几点下班") < rows.find("营业执照"));
  CHECK(has(rows, "无需跟进"));
  HttpReply refused =
      d.send(guide, "/staff/help/add", "csrf=" + csrf + "&topic=" + std::string(201, 'x') + "&answer=a");
  CHECK(refused.status == 400);
  CHECK(has(refused.body, "未能完成"));
  HttpReply no_answer = d.send(guide, "/staff/help/add", "csrf=" + csrf + "&topic=q&answer=+++");
  CHECK(no_answer.status == 400);
  CHECK(ok(d.admin.request({{"op", "helpdesk_list"}}))["entries"].size() == 2);

  // The follow-up done: by whom, the number gone.
  std::string id = std::to_string(entry["id"].get<std::int64_t>());
  HttpReply done = d.send(guide, "/staff/help/done", "csrf=" + csrf + "&id=" + id);
  CHECK(done.status == 200);
  CHECK(has(done.body, "已标记为已跟进"));
  CHECK(has(done.body, "已跟进（其其格，"));
  CHECK_FALSE(has(done.body, "138****5678"));
  CHECK(d.send(guide, "/staff/help/done", "csrf=" + csrf + "&id=" + id).status == 409);
  // The day's figures, at the top of the page.
  CHECK(has(done.body, "data-entries=\"2\""));
  CHECK(has(done.body, "今日：登记 2 条，需跟进 1 条（已跟进 1 条）"));
}

TEST_CASE("the help desk: a manager reads it and may not act, a clerk may not open it") {
  Desk d;
  ok(d.kiosk.request({{"op", "help_request"}}));
  std::string guide = d.login("g1", "guide-password-1");
  REQUIRE(!guide.empty());
  HttpReply page = d.page(guide, "/staff/help");
  ok(d.admin.request({{"op", "helpdesk_add"}, {"topic", "q"}, {"answer", "a"}, {"followup", true}}));

  std::string manager = d.login("m1", "manager-password-1");
  REQUIRE(!manager.empty());
  HttpReply read = d.page(manager, "/staff/help");
  CHECK(read.status == 200);
  CHECK(has(read.body, "id=\"read-only\""));
  CHECK(has(table(read.body, "help-calls"), "kiosk-1"));
  CHECK(has(table(read.body, "help-calls"), "待接单"));
  CHECK_FALSE(has(read.body, "id=\"take-"));
  CHECK_FALSE(has(read.body, "id=\"helpdesk-add\""));
  CHECK_FALSE(has(read.body, "id=\"done-"));
  std::string csrf = hidden(read.body, "csrf");
  CHECK(d.send(manager, "/staff/help/take", "csrf=" + csrf + "&id=1").status == 403);
  CHECK(d.send(manager, "/staff/help/add", "csrf=" + csrf + "&topic=q&answer=a").status == 403);
  CHECK(d.send(manager, "/staff/help/done", "csrf=" + csrf + "&id=1").status == 403);
  CHECK(ok(d.admin.request({{"op", "help_requests"}, {"open", true}}))["requests"].size() == 1);
  CHECK(ok(d.admin.request({{"op", "helpdesk_list"}}))["entries"].size() == 1);

  RunResult set = run({bin("hallqctl"), "passwd", "c1"},
                      {"HALLQ_SERVER=" + d.server.address(), "HALLQ_TOKEN=test-admin-token"}, "clerk-password-1\n");
  REQUIRE(set.exit_code == 0);
  std::string clerk = d.login("c1", "clerk-password-1");
  REQUIRE(!clerk.empty());
  CHECK(d.page(clerk, "/staff/help").status == 403);
  CHECK_FALSE(has(d.page(clerk).body, "id=\"nav-help\""));
  // English, when chosen.
  CHECK(has(d.page(guide, "/staff/help?lang=en").body, "Calls for a guide from kiosks"));
}
