// The web listener of the real hallq-server over loopback (--web-listen
// 127.0.0.1:0), asked as a phone asks: a visit's page reached only by its
// token, live over server-sent events, the one-time rating page, three
// languages, the security headers, and the HTTP limits.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/http_client.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json ok(const json& reply) {
  REQUIRE_MESSAGE(reply.value("ok", false), reply.dump());
  return reply;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The test hall with its web listener on a free port and the hall's clock at 09:00.
struct Web {
  TempDir dir;
  std::string config =
      dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) + "\n[web]\nmax_body_kib = 16\n");
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"}};
  LineClient admin{server.port()}, clerk{server.port()};
  std::string web = server.web_address();
  Web() {
    REQUIRE(admin.hello("admin", "admin", "test-admin-token").value("ok", false));
    REQUIRE(clerk.hello("caller", "caller-1", "test-caller-1-token").value("ok", false));
    ok(clerk.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}}, 20s));
  }
  // A ticket for service A; its token (only the take reply has it).
  std::pair<std::string, std::string> take(const std::string& language = "") {
    json r = {{"op", "take"}, {"service", "A"}};
    if (!language.empty()) r["language"] = language;
    json t = ok(admin.request(r))["ticket"];
    return {t["number"], t["token"]};
  }
  HttpReply get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    return http_get(web, target, headers);
  }
  HttpReply post(const std::string& target, const std::string& form) { return http_post_form(web, target, form); }
  void call() { ok(clerk.request({{"op", "call"}, {"window", 1}})); }
  void finish() { ok(clerk.request({{"op", "finish"}, {"window", 1}})); }
};

// What every response must carry, whatever it is.
void check_security_headers(const HttpReply& r) {
  std::string csp = r.header("Content-Security-Policy");
  CHECK(has(csp, "default-src 'self'"));
  CHECK(has(csp, "script-src 'self'"));
  CHECK_FALSE(has(csp, "unsafe-inline"));
  CHECK(has(csp, "frame-ancestors 'none'"));
  CHECK(r.header("X-Frame-Options") == "DENY");
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK(r.header("Referrer-Policy") == "no-referrer");
}

}  // namespace

TEST_CASE("a visit's page is reached by its token alone: number, service, people ahead, wait") {
  Web w;
  auto [a1, t1] = w.take();
  auto [a2, t2] = w.take();
  CHECK(t2.rfind("20261130-" + a2 + "-", 0) == 0);

  HttpReply page = w.get("/v/" + t2);
  REQUIRE(page.status == 200);
  CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(page.header("Cache-Control") == "no-store");
  check_security_headers(page);
  CHECK(has(page.body, "<html lang=\"zh-Hans\">"));
  CHECK(has(page.body, "id=\"number\">" + a2 + "<"));
  CHECK(has(page.body, "data-ahead=\"1\""));
  CHECK(has(page.body, "前面还有 1 人"));
  CHECK(has(page.body, "企业开办"));  // service A's name
  CHECK(has(page.body, "/static/visit.js"));
  CHECK_FALSE(has(page.body, "<script>"));  // no inline script: the CSP would refuse it

  // Never by number, never with a token that is not the hall's: 404, saying what to do.
  for (std::string target :
       {"/v/" + a2, "/v/20261130-" + a2 + "-00000000000000000000",
        "/v/" + t2.substr(0, t2.size() - 1) + (t2.back() == '0' ? "1" : "0"), "/t/" + a2, "/v/" + t2 + "/nothing"}) {
    CAPTURE(target);
    HttpReply r = w.get(target);
    CHECK(r.status == 404);
    check_security_headers(r);
  }
  CHECK(has(w.get("/v/" + a2).body, "请扫描号票或回执上的二维码"));
}

TEST_CASE("the visit's events push people ahead, then the call to its window, then the rating link") {
  Web w;
  w.take();
  auto [a2, t2] = w.take();
  EventReader events(w.web, "/v/" + t2 + "/events");
  REQUIRE(events.status() == 200);
  auto first = events.next();
  REQUIRE(first);
  CHECK(has(*first, "data-ahead=\"1\""));

  w.call();  // A001 to window 1: one fewer ahead of A002
  auto next = events.next();
  REQUIRE(next);
  CHECK(has(*next, "data-ahead=\"0\""));
  CHECK(has(*next, "您是下一位"));

  w.finish();
  w.call();  // A002's turn
  std::optional<std::string> turn;
  while ((turn = events.next()) && !has(*turn, "data-state=\"called\"")) {
  }
  REQUIRE(turn);
  CHECK(has(*turn, "data-window=\"1\""));
  CHECK(has(*turn, "轮到您了"));

  w.finish();
  std::optional<std::string> done;
  while ((done = events.next()) && !has(*done, "id=\"rate\"")) {
  }
  REQUIRE_MESSAGE(done, "no rating link after the finish");
  CHECK(has(*done, "data-state=\"done\""));
  CHECK(has(*done, "/v/" + t2 + "/rate"));
}

TEST_CASE("the phone's rating page rates the visit once, bad ratings with their reasons and call-back number") {
  Web w;
  auto [a1, t1] = w.take("en");
  // Not finished yet: nothing to rate.
  CHECK(w.get("/v/" + t1 + "/rate").status == 404);
  w.call();
  w.finish();

  HttpReply form = w.get("/v/" + t1 + "/rate");
  REQUIRE(form.status == 200);
  CHECK(has(form.body, "<html lang=\"en\">"));  // the language chosen at the kiosk
  CHECK(has(form.body, "Very dissatisfied"));
  CHECK(has(form.body, "value=\"waited_too_long\""));
  check_security_headers(form);

  // No level chosen, a number that is not one: the form again, saying why; nothing rated.
  HttpReply none = w.post("/v/" + t1 + "/rate", "reason=attitude");
  CHECK(has(none.body, "id=\"error\""));
  CHECK(has(none.body, "Please choose one of the five ratings."));
  HttpReply bad_phone = w.post("/v/" + t1 + "/rate", "level=very_dissatisfied&reason=attitude&callback=yes&phone=12ab");
  CHECK(has(bad_phone.body, "The mobile number must be 7 to 15 digits."));
  CHECK(ok(w.admin.request({{"op", "followups"}}))["followups"].empty());

  HttpReply rated =
      w.post("/v/" + t1 + "/rate?lang=zh",
             "level=very_dissatisfied&reason=attitude&reason=waited_too_long&callback=yes&phone=13812345678");
  REQUIRE(rated.status == 200);
  CHECK(has(rated.body, "感谢您的评价"));
  json f = ok(w.admin.request({{"op", "followups"}}))["followups"];
  REQUIRE(f.size() == 1);
  CHECK(f[0]["rating"]["ticket"] == a1);
  CHECK(f[0]["rating"]["channel"] == "phone");
  CHECK(f[0]["rating"]["level"] == "very_dissatisfied");
  CHECK(f[0]["rating"]["reasons"] == json::array({"attitude", "waited_too_long"}));
  CHECK(f[0]["phone_masked"] == "138****5678");

  // Once only: the form says so, and a second post is refused.
  CHECK(has(w.get("/v/" + t1 + "/rate").body, "This visit has already been rated."));
  HttpReply again = w.post("/v/" + t1 + "/rate", "level=very_satisfied");
  CHECK(again.status == 409);
  CHECK(ok(w.admin.request({{"op", "followups"}}))["followups"].size() == 1);
  CHECK(has(w.get("/v/" + t1).body, "You have rated this visit."));
}

TEST_CASE("the pages speak Chinese, Mongolian (vertical, shaped by the browser's font) or English") {
  Web w;
  auto [a1, t1] = w.take("mn");
  HttpReply mn = w.get("/v/" + t1);  // chosen at the kiosk
  CHECK(has(mn.body, "<html lang=\"mn-Mong\">"));
  CHECK(has(mn.body, "class=\"lang-mn\""));
  CHECK(has(mn.body, "ᠲᠠ ᠳᠠᠷᠠᠭ\u180eᠠ\u202fᠶᠢᠨ ᠬᠦᠮᠦᠨ"));  // "you are next", from mn.json
  HttpReply zh = w.get("/v/" + t1 + "?lang=zh");
  CHECK(has(zh.body, "<html lang=\"zh-Hans\">"));
  HttpReply en = w.get("/v/" + t1 + "?lang=en");
  CHECK(has(en.body, "You are next"));
  // The home page follows the phone's own language.
  CHECK(has(w.get("/", {{"Accept-Language", "mn-MN,mn;q=0.9,zh;q=0.5"}}).body, "<html lang=\"mn-Mong\">"));
  CHECK(has(w.get("/", {{"Accept-Language", "en-GB,en;q=0.9"}}).body, "<html lang=\"en\">"));
  CHECK(has(w.get("/").body, "<html lang=\"zh-Hans\">"));

  // The style sheet writes Mongolian vertically, in the font the server itself serves.
  HttpReply css = w.get("/static/hallq.css");
  REQUIRE(css.status == 200);
  CHECK(has(css.body, "writing-mode: vertical-lr"));
  CHECK(has(css.body, "/fonts/NotoSansMongolian-Regular.ttf"));
  HttpReply font = w.get("/fonts/NotoSansMongolian-Regular.ttf");
  REQUIRE(font.status == 200);
  CHECK(font.header("Content-Type") == "font/ttf");
  CHECK(font.body.size() > 100000);
  CHECK(font.body.compare(0, 4, std::string("\0\1\0\0", 4)) == 0);  // a TrueType file
}

TEST_CASE("the web listener refuses what is too large or malformed, in words, and goes on") {
  Web w;
  auto [a1, t1] = w.take();
  HttpReply big_header = w.get("/v/" + t1, {{"X-Filler", std::string(9000, 'a')}});
  CHECK(big_header.status == 431);
  HttpReply big_body = w.post("/v/" + t1 + "/rate", std::string(64 << 10, 'a'));  // max_body_kib = 16
  CHECK(big_body.status == 413);
  HttpReply garbled = http_raw(w.web, "GET /v/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(garbled.status == 400);
  HttpReply not_http = http_raw(w.web, "HELLO\r\n\r\n");
  CHECK(not_http.status == 400);
  CHECK(w.post("/v/" + t1, "a=b").status == 405);
  // Still serving.
  CHECK(w.get("/v/" + t1).status == 200);
}

// ---- the staff console ---------------------------------------------------------------------

namespace {

// The value cookie `name` is set to in a reply ("" when not set), and the attributes it came with.
std::string cookie_set(const HttpReply& r, const std::string& name, std::string* attributes = nullptr) {
  for (const auto& c : r.set_cookies)
    if (c.rfind(name + "=", 0) == 0) {
      auto end = c.find(';');
      if (attributes) *attributes = end == std::string::npos ? "" : c.substr(end);
      return c.substr(name.size() + 1, end == std::string::npos ? std::string::npos : end - name.size() - 1);
    }
  return "";
}

// A hidden form field's value in a page.
std::string hidden(const std::string& body, const std::string& field) {
  std::string marker = "name=\"" + field + "\" value=\"";
  auto at = body.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return body.substr(at, body.find('"', at) - at);
}

// The number waiting for `service` in the console's queue table.
int waiting_in(const std::string& html, const std::string& service) {
  auto row = html.find("data-service=\"" + service + "\"");
  if (row == std::string::npos) return -1;
  std::string marker = "class=\"waiting\">";
  auto at = html.find(marker, row);
  return at == std::string::npos ? -1 : std::stoi(html.substr(at + marker.size()));
}

struct Staff : Web {
  HttpReply last;
  Staff() {
    ok(admin.request({{"op", "set_password"}, {"user", "g1"}, {"password", "guide-password-1"}}, 20s));
    ok(admin.request({{"op", "set_password"}, {"user", "m1"}, {"password", "manager-password-1"}}, 20s));
  }
  // Opens the log-in page and sends it; the session cookie, or "" when refused (the reply in `last`).
  std::string login(const std::string& user, const std::string& password) {
    HttpReply form = get("/staff/login");
    std::string token = cookie_set(form, "hallq_login");
    last = http_post_form(web, "/staff/login",
                          "csrf=" + hidden(form.body, "csrf") + "&user=" + user + "&password=" + password,
                          {{"Cookie", "hallq_login=" + token}});
    return cookie_set(last, "hallq_staff");
  }
  HttpReply page(const std::string& session, const std::string& target = "/staff") {
    return get(target, {{"Cookie", "hallq_staff=" + session}});
  }
  HttpReply send(const std::string& session, const std::string& target, const std::string& form) {
    return http_post_form(web, target, form, {{"Cookie", "hallq_staff=" + session}});
  }
};

}  // namespace

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
