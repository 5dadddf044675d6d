#pragma once
// What the web's tests share: the real hallq-server with its web listener on a
// free port (the test hall, its clock at 09:00), a kiosk-like admin terminal and
// a clerk at window 1, and a staff member's browser (log-in, cookies, forms).

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/config/config.hpp"
#include "tests/support/history.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

namespace hallq::test::web {

using namespace std::chrono_literals;

using test::read_file;  // tests/support/process.hpp

using test::ok;  // tests/support/line_client.hpp

using test::has;  // tests/support/process.hpp

// The test hall with its web listener on a free port and the hall's clock at 09:00 on Monday
// 2026-11-30; `history`: days played into its database first (test_hall_month(): the four weeks before);
// `web_settings`: more lines of its [web] section.
struct Web {
  TempDir dir;
  std::string config;
  bool has_history;
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"}};
  LineClient admin{server.port()}, clerk{server.port()};
  std::string web = server.web_address();
  explicit Web(const sim::Model* history = nullptr, const std::string& web_settings = "")
      : config(dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")) + "\n[web]\nmax_body_kib = 16\n" +
                                          web_settings)),
        has_history(history != nullptr &&
                    (write_history(dir.path("hall.db"), config::load_config(config).hall, *history), true)) {
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
inline void check_security_headers(const HttpReply& r) {
  std::string csp = r.header("Content-Security-Policy");
  CHECK(has(csp, "default-src 'self'"));
  CHECK(has(csp, "script-src 'self'"));
  CHECK_FALSE(has(csp, "unsafe-inline"));
  CHECK(has(csp, "frame-ancestors 'none'"));
  CHECK(r.header("X-Frame-Options") == "DENY");
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK(r.header("Referrer-Policy") == "no-referrer");
}

// The value cookie `name` is set to in a reply ("" when not set), and the attributes it came with.
inline std::string cookie_set(const HttpReply& r, const std::string& name, std::string* attributes = nullptr) {
  for (const auto& c : r.set_cookies)
    if (c.rfind(name + "=", 0) == 0) {
      auto end = c.find(';');
      if (attributes) *attributes = end == std::string::npos ? "" : c.substr(end);
      return c.substr(name.size() + 1, end == std::string::npos ? std::string::npos : end - name.size() - 1);
    }
  return "";
}

// A hidden form field's value in a page.
inline std::string hidden(const std::string& body, const std::string& field) {
  std::string marker = "name=\"" + field + "\" value=\"";
  auto at = body.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return body.substr(at, body.find('"', at) - at);
}

// The part of a page from `start` up to the next `end` ("" when `start` is not there).
inline std::string between(const std::string& body, const std::string& start, const std::string& end) {
  auto at = body.find(start);
  if (at == std::string::npos) return "";
  return body.substr(at, body.find(end, at) - at);
}

// The number waiting for `service` in the console's queue table.
inline int waiting_in(const std::string& html, const std::string& service) {
  auto row = html.find("data-service=\"" + service + "\"");
  if (row == std::string::npos) return -1;
  std::string marker = "class=\"waiting\">";
  auto at = html.find(marker, row);
  return at == std::string::npos ? -1 : std::stoi(html.substr(at + marker.size()));
}

struct Staff : Web {
  HttpReply last;
  explicit Staff(const sim::Model* history = nullptr, const std::string& web_settings = "")
      : Web(history, web_settings) {
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

}  // namespace hallq::test::web
