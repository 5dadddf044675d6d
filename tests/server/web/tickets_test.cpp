// Tickets in the staff console (/staff/tickets) and the ops under it
// (`tickets`, `reassign`): a guide finds today's tickets, sends one to another
// service, cancels one with a reason, puts a no-show back; a manager only looks.
#include "tests/server/web/web_fixture.hpp"

using namespace hallq::test;
using namespace hallq::test::web;

namespace {

// The rows of the console's ticket table, in order: their numbers.
std::vector<std::string> numbers_in(const std::string& html) {
  std::vector<std::string> out;
  std::string marker = "<tr data-number=\"";
  for (auto at = html.find(marker); at != std::string::npos; at = html.find(marker, at + 1)) {
    auto start = at + marker.size();
    out.push_back(html.substr(start, html.find('"', start) - start));
  }
  return out;
}

}  // namespace

TEST_CASE("the tickets op finds today's tickets newest first by part of the number, service and state") {
  Web w;
  w.take();  // A001
  w.take();  // A002
  ok(w.admin.request({{"op", "take"}, {"service", "B"}}));
  json all = ok(w.admin.request({{"op", "tickets"}}));
  REQUIRE(all["tickets"].size() == 3);
  CHECK(all["total"] == 3);
  CHECK(all["tickets"][0]["number"] == "B001");
  CHECK(all["tickets"][2]["number"] == "A001");
  json part = ok(w.admin.request({{"op", "tickets"}, {"number", "a00"}, {"limit", 1}}));
  CHECK(part["total"] == 2);
  REQUIRE(part["tickets"].size() == 1);
  CHECK(part["tickets"][0]["number"] == "A002");
  CHECK(ok(w.admin.request({{"op", "tickets"}, {"service", "b"}}))["total"] == 1);
  CHECK(ok(w.admin.request({{"op", "tickets"}, {"state", "done"}}))["total"] == 0);
  CHECK(w.admin.request({{"op", "tickets"}, {"limit", 0}})["error"]["code"] == "bad_request");
  CHECK(w.admin.request({{"op", "tickets"}, {"state", "gone"}})["error"]["code"] == "bad_request");
  // Only guides and admins: a caller may not list the hall's tickets.
  CHECK(w.clerk.request({{"op", "tickets"}})["error"]["code"] == "forbidden");
  CHECK(w.clerk.request({{"op", "reassign"}, {"number", "A001"}, {"to_service", "B"}})["error"]["code"] == "forbidden");
}

TEST_CASE("a guide sends a ticket to another service, cancels one with a reason and puts a no-show back") {
  Staff s;
  s.take();  // A001
  s.take();  // A002
  ok(s.admin.request({{"op", "take"}, {"service", "B"}}));
  std::string guide = s.login("g1", "guide-password-1");
  REQUIRE(!guide.empty());

  HttpReply list = s.page(guide, "/staff/tickets");
  REQUIRE(list.status == 200);
  CHECK(numbers_in(list.body) == std::vector<std::string>{"B001", "A002", "A001"});
  CHECK(has(list.body, "id=\"nav-tickets\" aria-current=\"page\""));
  CHECK(has(list.body, "等候中"));
  // Waited so far as a clock counts it (rounded down), as the caller says it: not "1 分钟" yet.
  CHECK(has(list.body, "前面 0 人，已等 不到 1 分钟"));
  std::string csrf = hidden(list.body, "csrf");
  HttpReply found = s.page(guide, "/staff/tickets?number=a00&state=waiting");
  CHECK(numbers_in(found.body) == std::vector<std::string>{"A002", "A001"});
  CHECK(has(found.body, "data-total=\"2\""));

  // Sent to B: it keeps its number and waits by its issue time, ahead of B001.
  HttpReply sent =
      s.send(guide, "/staff/tickets/reassign?number=a00", "csrf=" + csrf + "&ticket=A001&to_service=B&reason=wanted+B");
  CHECK(sent.status == 200);
  CHECK(has(sent.body, "A001 已改到业务 B"));
  json a1 = ok(s.admin.request({{"op", "status"}, {"number", "A001"}}))["ticket"];
  CHECK(a1["service"] == "B");
  CHECK(a1["state"] == "waiting");
  CHECK(a1["ahead"] == 0);
  // The page after it keeps the search it was sent from.
  CHECK(numbers_in(sent.body) == std::vector<std::string>{"A002", "A001"});
  // Refused by the server in words: no such service.
  HttpReply wrong = s.send(guide, "/staff/tickets/reassign", "csrf=" + csrf + "&ticket=A002&to_service=Q");
  CHECK(wrong.status == 409);
  CHECK(has(wrong.body, "未能完成"));

  // A cancel needs a reason; with one, the ticket is cancelled and the reason kept.
  HttpReply bare = s.send(guide, "/staff/tickets/cancel", "csrf=" + csrf + "&ticket=A002");
  CHECK(bare.status == 400);
  CHECK(has(bare.body, "取消号票须填写原因"));
  CHECK(ok(s.admin.request({{"op", "status"}, {"number", "A002"}}))["ticket"]["state"] == "waiting");
  HttpReply cancelled = s.send(guide, "/staff/tickets/cancel", "csrf=" + csrf + "&ticket=A002&reason=left+the+hall");
  CHECK(cancelled.status == 200);
  CHECK(has(cancelled.body, "A002 已取消"));
  json a2 = ok(s.admin.request({{"op", "status"}, {"number", "A002"}}))["ticket"];
  CHECK(a2["state"] == "cancelled");
  CHECK(a2["reason"] == "left the hall");
  // Without the session's CSRF token nothing happens.
  CHECK(s.send(guide, "/staff/tickets/cancel", "ticket=B001&reason=x").status == 403);

  // A no-show goes back into the queue from the console.
  ok(s.clerk.request({{"op", "call_number"}, {"window", 1}, {"number", "B001"}}));
  ok(s.clerk.request({{"op", "no_show"}, {"window", 1}}));
  HttpReply shown = s.page(guide, "/staff/tickets?state=no_show");
  CHECK(numbers_in(shown.body) == std::vector<std::string>{"B001"});
  CHECK(has(shown.body, "action=\"/staff/tickets/requeue"));
  HttpReply back = s.send(guide, "/staff/tickets/requeue", "csrf=" + csrf + "&ticket=B001");
  CHECK(has(back.body, "B001 已重新排队"));
  CHECK(ok(s.admin.request({{"op", "status"}, {"number", "B001"}}))["ticket"]["state"] == "waiting");
}

TEST_CASE("a manager may look at the tickets but not act on them, and a clerk may not open them") {
  Staff s;
  s.take();
  std::string manager = s.login("m1", "manager-password-1");
  HttpReply list = s.page(manager, "/staff/tickets");
  REQUIRE(list.status == 200);
  CHECK(numbers_in(list.body) == std::vector<std::string>{"A001"});
  CHECK_FALSE(has(list.body, "/staff/tickets/cancel"));
  HttpReply tried =
      s.send(manager, "/staff/tickets/cancel", "csrf=" + hidden(list.body, "csrf") + "&ticket=A001&reason=x");
  CHECK(tried.status == 403);
  CHECK(ok(s.admin.request({{"op", "status"}, {"number", "A001"}}))["ticket"]["state"] == "waiting");
  ok(s.admin.request({{"op", "set_password"}, {"user", "c1"}, {"password", "clerk-password-1"}}, 20s));
  std::string clerk = s.login("c1", "clerk-password-1");
  REQUIRE(!clerk.empty());
  CHECK(s.page(clerk, "/staff/tickets").status == 403);
  CHECK_FALSE(has(s.page(clerk).body, "nav-tickets"));
}

TEST_CASE("the console says the server's refusals in the page's language, never the wire's English") {
  Staff s;
  s.take();  // A001
  ok(s.admin.request({{"op", "cancel"}, {"number", "A001"}, {"reason", "left"}}));
  std::string guide = s.login("g1", "guide-password-1");
  REQUIRE(!guide.empty());
  HttpReply hall = s.page(guide);
  std::string csrf = hidden(hall.body, "csrf");

  // A real-name service asked from the guide's form, which has no ID card.
  HttpReply real = s.send(guide, "/staff/take", "csrf=" + csrf + "&service=R&key=" + hidden(hall.body, "key"));
  CHECK(real.status == 409);
  CHECK(has(real.body, "未能取号：该业务须凭身份证实名取号"));
  CHECK_FALSE(has(real.body, "requires an ID card"));

  // A ticket no longer waiting, and a number nobody has: the terminals' words, in each language.
  HttpReply ended = s.send(guide, "/staff/tickets/cancel", "csrf=" + csrf + "&ticket=A001&reason=again");
  CHECK(ended.status == 409);
  CHECK(has(ended.body, "未能完成：该号已不在等候"));
  CHECK_FALSE(has(ended.body, "not waiting"));
  HttpReply none = s.send(guide, "/staff/tickets/requeue", "csrf=" + csrf + "&ticket=ZZZ9");
  CHECK(has(none.body, "今日没有这个号码"));
  CHECK_FALSE(has(none.body, "no ticket"));
  HttpReply mongolian = s.send(guide, "/staff/tickets/cancel?lang=mn", "csrf=" + csrf + "&ticket=ZZZ9&reason=x");
  CHECK(has(mongolian.body, "lang=\"mn-Mong\""));
  CHECK(has(mongolian.body, "ᠥᠨᠥᠳᠥᠷ ᠡᠢᠮᠦ ᠳ᠋ᠤᠭᠠᠷ ᠦᠭᠡᠢ"));
  CHECK_FALSE(has(mongolian.body, "no ticket"));
  HttpReply english = s.send(guide, "/staff/tickets/cancel?lang=en", "csrf=" + csrf + "&ticket=ZZZ9&reason=x");
  CHECK(has(english.body, "Not done: No such ticket today"));

  // A case nobody has, and a call for a guide nobody made.
  HttpReply no_case = s.page(guide, "/staff/cases/NOPE?lang=zh");
  CHECK(no_case.status == 404);
  CHECK(has(no_case.body, "没有这个办件"));
  CHECK_FALSE(has(no_case.body, "no case"));
  HttpReply no_call = s.send(guide, "/staff/help/take", "csrf=" + csrf + "&id=999");
  CHECK(no_call.status == 409);
  CHECK(has(no_call.body, "今日没有这个呼叫"));
  CHECK_FALSE(has(no_call.body, "no call for a guide"));
}

TEST_CASE("a cancel reason is counted as the wire counts it, never cut, and spaces alone are no reason") {
  Staff s;
  s.take();  // A001
  std::string guide = s.login("g1", "guide-password-1");
  HttpReply list = s.page(guide, "/staff/tickets");
  std::string csrf = hidden(list.body, "csrf");
  // The form lets through no more characters than the wire's 200 bytes can hold in Chinese.
  CHECK(has(list.body, "<input name=\"reason\" required maxlength=\"66\""));
  CHECK_FALSE(has(list.body, "maxlength=\"160\""));

  // Blanks only: the reason is missing, and nothing changes.
  HttpReply blank = s.send(guide, "/staff/tickets/cancel", "csrf=" + csrf + "&ticket=A001&reason=+++");
  CHECK(blank.status == 400);
  CHECK(has(blank.body, "取消号票须填写原因"));
  CHECK(ok(s.admin.request({{"op", "status"}, {"number", "A001"}}))["ticket"]["state"] == "waiting");

  // 67 Chinese characters (201 bytes): refused in words, the text shown again whole, nothing cut.
  std::string long_reason, sent_reason;
  for (int i = 0; i < 67; ++i) {
    long_reason += "离";
    sent_reason += "%E7%A6%BB";
  }
  HttpReply too_long = s.send(guide, "/staff/tickets/cancel", "csrf=" + csrf + "&ticket=A001&reason=" + sent_reason);
  CHECK(too_long.status == 400);
  CHECK(has(too_long.body, "原因过长（最多 66 个字）"));
  CHECK(has(too_long.body, "value=\"" + long_reason + "\""));
  CHECK(ok(s.admin.request({{"op", "status"}, {"number", "A001"}}))["ticket"]["state"] == "waiting");

  // 66 characters fit, kept whole (and the blanks around a reason are not kept).
  std::string fits = long_reason.substr(3);
  HttpReply done =
      s.send(guide, "/staff/tickets/cancel", "csrf=" + csrf + "&ticket=A001&reason=++" + sent_reason.substr(9) + "+");
  CHECK(done.status == 200);
  json a1 = ok(s.admin.request({{"op", "status"}, {"number", "A001"}}))["ticket"];
  CHECK(a1["state"] == "cancelled");
  CHECK(a1["reason"] == fits);
}

TEST_CASE("real-name services are not offered where no ID card is at hand: the guide's take, a reassign without one") {
  Staff s;
  s.take();  // A001, without an ID card
  ok(s.admin.request({{"op", "take"}, {"service", "A"}, {"id_number", "150502199001011232"}}));  // A002, with one
  std::string guide = s.login("g1", "guide-password-1");
  // The take form has no ID field: R (real_name in the test hall) is left out, and said where it is taken.
  HttpReply hall = s.page(guide);
  std::string form = between(hall.body, "id=\"take\"", "</form>");
  CHECK(has(form, "<option value=\"A\">"));
  CHECK_FALSE(has(form, "<option value=\"R\">"));
  CHECK(has(form, "id=\"take-real-name\""));
  CHECK(has(form, "须凭身份证实名取号"));

  // The reassign menu: R only for the ticket issued with an ID card.
  HttpReply list = s.page(guide, "/staff/tickets");
  auto row_of = [&](const std::string& number) {
    return between(list.body, "<tr data-number=\"" + number + "\"", "</tr>");
  };
  CHECK(has(row_of("A001"), "<option value=\"B\">"));
  CHECK_FALSE(has(row_of("A001"), "<option value=\"R\">"));
  CHECK(has(row_of("A002"), "<option value=\"R\">"));
}

TEST_CASE("a ticket number longer than any finds none, and stays in the search box") {
  Staff s;
  s.take();
  s.take();
  std::string guide = s.login("g1", "guide-password-1");
  HttpReply found = s.page(guide, "/staff/tickets?number=A0011111111&state=");
  REQUIRE(found.status == 200);
  CHECK(has(found.body, "data-total=\"0\""));
  CHECK(numbers_in(found.body).empty());
  CHECK(has(found.body, "id=\"search-number\" maxlength=\"8\" value=\"A0011111111\""));
  // Eight characters are still a search.
  CHECK(numbers_in(s.page(guide, "/staff/tickets?number=A001").body) == std::vector<std::string>{"A001"});
}
