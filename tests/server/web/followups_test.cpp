// Follow-ups of bad ratings in the staff console (/staff/followups): a citizen
// rates a visit 非常不满意 by phone; the guide sees it with the reasons and the
// call-back number masked, records the call and closes it; a manager only looks.
#include "tests/server/web/web_fixture.hpp"

using namespace hallq::test;
using namespace hallq::test::web;

TEST_CASE("a guide follows up a bad rating step by step, with a note for each, and a manager only looks") {
  Staff s;
  auto [number, token] = s.take();
  s.call();
  s.finish();
  ok(s.admin.request({{"op", "rate_phone"},
                      {"token", token},
                      {"level", "very_dissatisfied"},
                      {"reasons", {"attitude", "waited_too_long"}},
                      {"phone", "13812345678"}}));
  json listed = ok(s.admin.request({{"op", "followups"}}))["followups"];
  REQUIRE(listed.size() == 1);
  const std::string id = std::to_string(listed[0]["id"].get<long long>());

  std::string guide = s.login("g1", "guide-password-1");
  HttpReply page = s.page(guide, "/staff/followups");
  REQUIRE(page.status == 200);
  CHECK(has(page.body, "<li data-followup=\"" + id + "\" data-state=\"open\""));
  CHECK(has(page.body, "非常不满意"));
  CHECK(has(page.body, "服务态度、等候太久"));
  CHECK(has(page.body, "1号窗口 · 王丽"));
  CHECK(has(page.body, "138****5678"));
  CHECK_FALSE(has(page.body, "13812345678"));
  std::string csrf = hidden(page.body, "csrf");

  // A step needs a note; with one it is recorded under the guide's terminal.
  HttpReply bare = s.send(guide, "/staff/followups/update", "csrf=" + csrf + "&followup=" + id + "&state=contacted");
  CHECK(bare.status == 400);
  CHECK(has(bare.body, "请填写情况说明"));
  HttpReply contacted = s.send(guide, "/staff/followups/update",
                               "csrf=" + csrf + "&followup=" + id + "&state=contacted&note=called+back%2C+apologised");
  CHECK(contacted.status == 200);
  CHECK(has(contacted.body, "已记为：已联系"));
  // People by name, not id: the guide who wrote the note, the clerk, the window.
  CHECK(has(contacted.body, "其其格 · 已联系：called back, apologised"));
  CHECK_FALSE(has(contacted.body, "web:g1"));
  CHECK_FALSE(has(contacted.body, " · c1<"));
  // English: a colon of its own, not the Chinese one.
  HttpReply english = s.page(guide, "/staff/followups?lang=en");
  CHECK(has(english.body, "Very dissatisfied: "));
  CHECK_FALSE(has(english.body, "Very dissatisfied："));
  CHECK(has(english.body, "Contacted: called back, apologised"));
  CHECK(has(english.body, ">1 follow-up.<"));  // not "1 follow-ups"
  s.page(guide, "/staff/followups?lang=zh");   // back to Chinese for the session
  json after = ok(s.admin.request({{"op", "followups"}}))["followups"][0];
  CHECK(after["state"] == "contacted");
  CHECK(after["notes"][0]["by"] == "web:g1");

  // The manager sees it but may not act.
  std::string manager = s.login("m1", "manager-password-1");
  HttpReply looked = s.page(manager, "/staff/followups");
  CHECK(has(looked.body, "data-state=\"contacted\""));
  CHECK_FALSE(has(looked.body, "/staff/followups/update"));
  CHECK(s.send(manager, "/staff/followups/update",
               "csrf=" + hidden(looked.body, "csrf") + "&followup=" + id + "&state=closed&note=x")
            .status == 403);

  // Only the steps that may follow are offered: after contacted, rectified or unreachable — not closed yet.
  CHECK(has(contacted.body, "<option value=\"rectified\">"));
  CHECK_FALSE(has(contacted.body, "<option value=\"closed\">"));
  HttpReply early =
      s.send(guide, "/staff/followups/update", "csrf=" + csrf + "&followup=" + id + "&state=closed&note=done");
  CHECK(early.status == 409);
  CHECK(has(early.body, "这条回访现在不能进入所选的一步"));
  CHECK_FALSE(has(early.body, "cannot become"));
  // Put right, then closed: gone from the open list, there with ?all=1.
  CHECK(s.send(guide, "/staff/followups/update",
               "csrf=" + csrf + "&followup=" + id + "&state=rectified&note=queue+rota+changed")
            .status == 200);
  HttpReply closed =
      s.send(guide, "/staff/followups/update", "csrf=" + csrf + "&followup=" + id + "&state=closed&note=done");
  CHECK(closed.status == 200);
  CHECK(has(s.page(guide, "/staff/followups").body, "data-total=\"0\""));
  CHECK(has(s.page(guide, "/staff/followups?all=1").body, "data-state=\"closed\""));
}

TEST_CASE("a follow-up note is counted as the wire counts it, never cut, and spaces alone are no note") {
  Staff s;
  auto [number, token] = s.take();
  s.call();
  s.finish();
  ok(s.admin.request({{"op", "rate_phone"}, {"token", token}, {"level", "dissatisfied"}, {"reasons", {"attitude"}}}));
  const std::string id =
      std::to_string(ok(s.admin.request({{"op", "followups"}}))["followups"][0]["id"].get<long long>());
  std::string guide = s.login("g1", "guide-password-1");
  HttpReply page = s.page(guide, "/staff/followups");
  std::string csrf = hidden(page.body, "csrf");
  // The form lets through no more characters than the wire's 500 bytes can hold in Chinese.
  CHECK(has(page.body, "<input name=\"note\" required maxlength=\"166\""));

  HttpReply blank =
      s.send(guide, "/staff/followups/update", "csrf=" + csrf + "&followup=" + id + "&state=contacted&note=+%20+");
  CHECK(blank.status == 400);
  CHECK(has(blank.body, "请填写情况说明"));

  // 200 Chinese characters (600 bytes): refused in words, what was typed shown again with its step.
  std::string note, sent;
  for (int i = 0; i < 200; ++i) {
    note += "话";
    sent += "%E8%AF%9D";
  }
  HttpReply too_long =
      s.send(guide, "/staff/followups/update", "csrf=" + csrf + "&followup=" + id + "&state=unreachable&note=" + sent);
  CHECK(too_long.status == 400);
  CHECK(has(too_long.body, "情况说明过长（最多 166 个字）"));
  CHECK(has(too_long.body, "value=\"" + note + "\""));
  CHECK(has(too_long.body, "<option value=\"unreachable\" selected>"));
  CHECK(ok(s.admin.request({{"op", "followups"}}))["followups"][0]["state"] == "open");

  // 166 characters fit, and are kept whole.
  HttpReply fits = s.send(guide, "/staff/followups/update",
                          "csrf=" + csrf + "&followup=" + id + "&state=contacted&note=" + sent.substr(0, 166 * 9));
  CHECK(fits.status == 200);
  json after = ok(s.admin.request({{"op", "followups"}}))["followups"][0];
  CHECK(after["state"] == "contacted");
  CHECK(after["notes"][0]["text"] == note.substr(0, 166 * 3));
}
