// The staff console over the real server's web listener, asked as a browser
// asks: log-in, sessions, CSRF, roles, the live hall, [web] staff_addresses.
#include "tests/server/web/web_fixture.hpp"

#include <thread>

using namespace hallq::test;
using namespace hallq::test::web;

TEST_CASE("the staff console: an admin sets a password, the guide logs in, the cookie is HttpOnly and Strict") {
  Staff s;
  // Nobody gets in without a session; the page sends them to log in.
  HttpReply none = s.get("/staff");
  CHECK(none.status == 303);
  CHECK(none.header("Location") == "/staff/login");
  check_security_headers(none);
  // Passwords only for people in the configuration, and not weak ones.
  json unknown = s.admin.request({{"op", "set_password"}, {"user", "nobody"}, {"password", "long enough pass"}});
  CHECK(unknown["error"]["code"] == "not_found");
  json weak = s.admin.request({{"op", "set_password"}, {"user", "g1"}, {"password", "short"}});
  CHECK(weak["error"]["code"] == "bad_request");
  CHECK(has(weak["error"]["message"].get<std::string>(), "at least 10 characters"));
  // A guide may not set passwords: admins only.
  LineClient guide{s.server.port()};
  REQUIRE(guide.hello("guide", "guide-1", "test-guide-token").value("ok", false));
  CHECK(guide.request({{"op", "set_password"}, {"user", "g1"}, {"password", "another-password"}})["error"]["code"] ==
        "forbidden");

  CHECK(s.login("g1", "wrong-password-1").empty());
  CHECK(s.last.status == 401);
  CHECK(has(s.last.body, "用户名或密码错误"));
  CHECK(s.login("nobody", "guide-password-1").empty());
  CHECK(s.last.status == 401);

  std::string session = s.login("g1", "guide-password-1");
  REQUIRE(!session.empty());
  CHECK(s.last.status == 303);
  CHECK(s.last.header("Location").rfind("/staff", 0) == 0);
  std::string attributes;
  cookie_set(s.last, "hallq_staff", &attributes);
  CHECK(has(attributes, "HttpOnly"));
  CHECK(has(attributes, "SameSite=Strict"));
  CHECK(has(attributes, "Path=/staff"));
  CHECK_FALSE(has(attributes, "Secure"));  // plain HTTP here; on TLS the cookie is Secure
  CHECK(session.size() == 32);

  HttpReply hall = s.page(session);
  CHECK(hall.status == 200);
  check_security_headers(hall);
  CHECK(has(hall.body, "其其格"));
  CHECK(has(hall.body, "导办"));
  CHECK(has(hall.body, "id=\"take\""));  // a guide may issue tickets
  CHECK(waiting_in(hall.body, "A") == 0);
  CHECK(has(hall.body, "<script defer src=\"/static/staff.js\">"));
  CHECK(s.get("/static/staff.js").status == 200);
  // A made-up session is no session.
  CHECK(s.page(std::string(32, '0')).status == 303);
}

TEST_CASE(
    "the console's forms need the session's CSRF token, and with it a guide issues one ticket however often sent") {
  Staff s;
  std::string session = s.login("g1", "guide-password-1");
  REQUIRE(!session.empty());
  HttpReply hall = s.page(session);
  std::string csrf = hidden(hall.body, "csrf"), key = hidden(hall.body, "key");
  REQUIRE(csrf.size() == 32);
  REQUIRE(key.size() == 32);

  // Another site's form has the browser's cookie (were it sent) but not the token.
  CHECK(s.send(session, "/staff/take", "service=A&language=zh").status == 403);
  CHECK(s.send(session, "/staff/take", "service=A&csrf=" + std::string(32, 'a')).status == 403);
  CHECK(s.admin.request({{"op", "status"}, {"number", "A001"}})["error"]["code"] == "not_found");
  // Nor can it log a browser in: the log-in form's token must match its cookie.
  HttpReply forged = http_post_form(s.web, "/staff/login", "csrf=abc&user=g1&password=guide-password-1");
  CHECK(forged.status == 403);
  CHECK(cookie_set(forged, "hallq_staff").empty());

  HttpReply issued = s.send(session, "/staff/take", "csrf=" + csrf + "&key=" + key + "&service=A&language=mn");
  CHECK(issued.status == 200);
  CHECK(has(issued.body, "已取号：A001"));
  json status = ok(s.admin.request({{"op", "status"}, {"number", "A001"}}));
  CHECK(status["ticket"]["channel"] == "guide");
  // The same form sent again (a double tap, the browser's resend): the same ticket, not a second.
  HttpReply again = s.send(session, "/staff/take", "csrf=" + csrf + "&key=" + key + "&service=A&language=mn");
  CHECK(has(again.body, "已取号：A001"));
  CHECK(s.admin.request({{"op", "status"}, {"number", "A002"}})["error"]["code"] == "not_found");
  CHECK(waiting_in(again.body, "A") == 1);
  // A service that does not exist: the server's refusal, in the page.
  HttpReply bad = s.send(session, "/staff/take", "csrf=" + csrf + "&service=Q");
  CHECK(bad.status == 409);
  CHECK(has(bad.body, "未能取号"));

  // Logging out needs the token too, then the session is gone.
  CHECK(s.send(session, "/staff/logout", "").status == 403);
  HttpReply out = s.send(session, "/staff/logout", "csrf=" + csrf);
  CHECK(out.status == 303);
  CHECK(s.page(session).status == 303);
}

TEST_CASE("a manager sees the hall but may not issue tickets, and a clerk logs in with the password an admin set") {
  Staff s;
  std::string manager = s.login("m1", "manager-password-1");
  REQUIRE(!manager.empty());
  HttpReply hall = s.page(manager);
  CHECK(has(hall.body, "管理人员"));
  CHECK_FALSE(has(hall.body, "id=\"take\""));
  HttpReply tried = s.send(manager, "/staff/take", "csrf=" + hidden(hall.body, "csrf") + "&service=A");
  CHECK(tried.status == 403);
  CHECK(has(tried.body, "您的角色不能执行此操作"));
  CHECK(s.admin.request({{"op", "status"}, {"number", "A001"}})["error"]["code"] == "not_found");

  // hallqctl passwd: the password from standard input, never the command line.
  RunResult set = run({bin("hallqctl"), "passwd", "c1"},
                      {"HALLQ_SERVER=" + s.server.address(), "HALLQ_TOKEN=test-admin-token"}, "clerk-password-1\n");
  CHECK(set.exit_code == 0);
  CHECK(has(set.out, "web password set for c1"));
  std::string clerk = s.login("c1", "clerk-password-1");
  REQUIRE(!clerk.empty());
  CHECK(has(s.page(clerk).body, "窗口工作人员"));
  CHECK(run({bin("hallqctl"), "passwd", "c1"}, {"HALLQ_SERVER=" + s.server.address(), "HALLQ_TOKEN=test-admin-token"},
            "short\n")
            .exit_code == 1);
}

TEST_CASE("wrong passwords count as wrong PINs do: after three, even the right one must wait") {
  Staff s;
  for (int i = 0; i < 3; ++i) {
    CHECK(s.login("g1", "not-the-password").empty());
    CHECK(s.last.status == 401);
  }
  CHECK(s.login("g1", "guide-password-1").empty());
  CHECK(s.last.status == 429);
  CHECK(has(s.last.body, "密码错误次数过多"));
}

TEST_CASE("the live hall over server-sent events: a ticket taken at a kiosk shows without a reload") {
  Staff s;
  std::string session = s.login("g1", "guide-password-1");
  REQUIRE(!session.empty());
  EventReader events(s.web, "/staff/events", {{"Cookie", "hallq_staff=" + session}});
  REQUIRE(events.status() == 200);
  auto first = events.next();
  REQUIRE(first);
  CHECK(waiting_in(*first, "A") == 0);
  s.take();
  std::optional<std::string> next;
  for (int i = 0; i < 5 && (!next || waiting_in(*next, "A") != 1); ++i) next = events.next();
  REQUIRE(next);
  CHECK(waiting_in(*next, "A") == 1);
  // Without a session, no stream.
  EventReader stranger(s.web, "/staff/events");
  CHECK(stranger.status() == 401);
}

TEST_CASE("[web] staff_addresses keeps the console to the staff's network, the citizens' pages open to all") {
  TempDir dir;
  std::string base = read_file(source_path("tests/data/hall.toml"));
  {
    std::string config = dir.write("elsewhere.toml", base + "\n[web]\nstaff_addresses = [\"10.9.9.0/24\"]\n");
    ServerProcess server{config, dir.path("a.db"), {"--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"}};
    HttpReply console = http_get(server.web_address(), "/staff/login");
    CHECK(console.status == 403);
    CHECK(has(console.body, "does not answer this address"));
    CHECK(http_post_form(server.web_address(), "/staff/login", "user=g1&password=x").status == 403);
    CHECK(http_get(server.web_address(), "/").status == 200);  // the citizens' side is unaffected
  }
  {
    std::string config = dir.write("here.toml", base + "\n[web]\nstaff_addresses = [\"10.9.9.0/24\", \"127.0.0.1\"]\n");
    ServerProcess server{config, dir.path("b.db"), {"--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"}};
    CHECK(http_get(server.web_address(), "/staff/login").status == 200);
  }
}

TEST_CASE("a method a page does not answer is 405 with the methods it does, not its page or a 404") {
  Staff s;
  auto [a1, t1] = s.take();
  for (std::string method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    CAPTURE(method);
    HttpReply home = http_raw(s.web, method + " / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    CHECK(home.status == 405);
    CHECK(home.header("Allow") == "GET, HEAD");
    CHECK_FALSE(has(home.body, "<html"));
  }
  HttpReply visit = s.post("/v/" + t1, "a=b");
  CHECK(visit.status == 405);
  CHECK(visit.header("Allow") == "GET, HEAD");
  CHECK(s.post("/static/hallq.css", "a=b").header("Allow") == "GET, HEAD");

  std::string guide = s.login("g1", "guide-password-1");
  REQUIRE(!guide.empty());
  std::string csrf = hidden(s.page(guide).body, "csrf");
  struct Case {
    std::string method, target, allow;
  };
  for (const Case& c : std::vector<Case>{{"GET", "/staff/logout", "POST"},
                                         {"GET", "/staff/take", "POST"},
                                         {"POST", "/staff/tickets", "GET, HEAD"},
                                         {"GET", "/staff/tickets/cancel", "POST"},
                                         {"POST", "/staff/appointments", "GET, HEAD"},
                                         {"GET", "/staff/followups/update", "POST"},
                                         {"GET", "/staff/help/add", "POST"},
                                         {"POST", "/staff/cases", "GET, HEAD"},
                                         {"POST", "/staff/reports", "GET, HEAD"}}) {
    CAPTURE(c.method + " " + c.target);
    HttpReply r = c.method == "GET" ? s.page(guide, c.target) : s.send(guide, c.target, "csrf=" + csrf);
    CHECK(r.status == 405);
    CHECK(r.header("Allow") == c.allow);
  }
  // Still logged in: GET /staff/logout did not log out.
  CHECK(s.page(guide).status == 200);
  HttpReply put = http_raw(s.web, "PUT /staff/tickets HTTP/1.1\r\nHost: x\r\nCookie: hallq_staff=" + guide +
                                      "\r\nContent-Length: 0\r\n\r\n");
  CHECK(put.status == 405);
  CHECK(put.header("Allow") == "GET, HEAD, POST");
}

TEST_CASE("a log-in form opened in two tabs works from either, and a form of another browser does not") {
  Staff s;
  HttpReply first = s.get("/staff/login");
  std::string browser = cookie_set(first, "hallq_login");
  REQUIRE(browser.size() == 32);
  // The second tab sends the cookie the first set: the browser keeps its id, each form its own token.
  HttpReply second = s.get("/staff/login", {{"Cookie", "hallq_login=" + browser}});
  CHECK(cookie_set(second, "hallq_login") == browser);
  // A form another browser was handed (another site's server fetched it) is no good with this browser's cookie.
  HttpReply elsewhere = s.get("/staff/login");
  HttpReply forged = http_post_form(s.web, "/staff/login",
                                    "csrf=" + hidden(elsewhere.body, "csrf") + "&user=g1&password=guide-password-1",
                                    {{"Cookie", "hallq_login=" + browser}});
  CHECK(forged.status == 403);
  CHECK(cookie_set(forged, "hallq_staff").empty());
  // The first tab's form, sent after the second was opened: logged in.
  HttpReply in =
      http_post_form(s.web, "/staff/login", "csrf=" + hidden(first.body, "csrf") + "&user=g1&password=guide-password-1",
                     {{"Cookie", "hallq_login=" + browser}});
  CHECK(in.status == 303);
  CHECK_FALSE(cookie_set(in, "hallq_staff").empty());
}

TEST_CASE("the console lists alarms in the monitor's order, and a paused window's reason in the reader's words") {
  Staff s;
  std::string session = s.login("g1", "guide-password-1");
  REQUIRE(!session.empty());
  for (int i = 0; i < 4; ++i) s.take();  // over queue_length = 3: a queue alarm
  LineClient kiosk{s.server.port()};
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token").value("ok", false));
  ok(kiosk.request({{"op", "help_request"}}));  // raised after the queue's, seen to first
  ok(s.clerk.request({{"op", "pause"}, {"window", 1}, {"reason", "lunch"}}));

  HttpReply zh = s.page(session, "/staff?lang=zh");
  REQUIRE(zh.status == 200);
  std::string list = between(zh.body, "<ul id=\"alarms\">", "</ul>");
  auto help = list.find("data-kind=\"help_requested\""), queue = list.find("data-kind=\"queue_length\"");
  REQUIRE(help != std::string::npos);
  REQUIRE(queue != std::string::npos);
  CHECK(help < queue);
  std::string window = between(zh.body, "<tr data-window=\"1\"", "</tr>");
  CHECK(has(window, "午休"));
  CHECK_FALSE(has(window, "lunch"));
  CHECK(has(between(s.page(session, "/staff?lang=en").body, "<tr data-window=\"1\"", "</tr>"), "Lunch"));
}
