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
