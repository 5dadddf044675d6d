// Users and devices for admins (/staff/admin) and the `users` and `devices`
// ops: who may log in and whether they can, a password set from the page, a
// clerk's PIN lock ended from it, the devices connected or not with their
// printers; the live hall shows the devices' health to every role.
#include "tests/server/web/web_fixture.hpp"

using namespace hallq::test;
using namespace hallq::test::web;

namespace {

// The test hall where one wrong PIN locks a clerk, with its web listener.
struct LockingHall {
  TempDir dir;
  std::string config = dir.write("hall.toml", [] {
    std::string text = read_file(source_path("tests/data/hall.toml"));
    auto at = text.find("[server]\n");
    REQUIRE(at != std::string::npos);
    return text.insert(at + 9, "pin_failures = 1\npin_delay_s = 0\npin_lockout_after = 1\n");
  }());
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"}};
  LineClient admin{server.port()}, clerk{server.port()};
  std::string web = server.web_address();
  LockingHall() {
    REQUIRE(admin.hello("admin", "admin", "test-admin-token").value("ok", false));
    REQUIRE(clerk.hello("caller", "caller-1", "test-caller-1-token").value("ok", false));
  }
  std::string login(const std::string& user, const std::string& password) {
    HttpReply form = http_get(web, "/staff/login");
    HttpReply in = http_post_form(web, "/staff/login",
                                  "csrf=" + hidden(form.body, "csrf") + "&user=" + user + "&password=" + password,
                                  {{"Cookie", "hallq_login=" + cookie_set(form, "hallq_login")}});
    return cookie_set(in, "hallq_staff");
  }
  HttpReply page(const std::string& session, const std::string& target) {
    return http_get(web, target, {{"Cookie", "hallq_staff=" + session}});
  }
  HttpReply send(const std::string& session, const std::string& target, const std::string& form) {
    return http_post_form(web, target, form, {{"Cookie", "hallq_staff=" + session}});
  }
};

}  // namespace

TEST_CASE("the users and devices ops: who may log in, a clerk's lock, devices connected and their printers") {
  LockingHall h;
  ok(h.admin.request({{"op", "set_password"}, {"user", "g1"}, {"password", "guide-password-1"}}, 20s));
  CHECK(h.clerk.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "9999"}}, 20s)["error"]["code"] ==
        "unauthorized");
  json users = ok(h.admin.request({{"op", "users"}}))["users"];
  REQUIRE(users.size() == 6);  // three clerks, then g1, m1, a1
  CHECK(users[0]["id"] == "c1");
  CHECK(users[0]["role"] == "clerk");
  CHECK(users[0]["locked_until"].is_string());
  CHECK(users[1]["locked_until"].is_null());
  CHECK(users[3]["id"] == "g1");
  CHECK(users[3]["password"] == true);
  CHECK(users[4]["password"] == false);
  CHECK_FALSE(users.dump().find("pbkdf2") != std::string::npos);

  ok(h.admin.request({{"op", "device_status"}, {"printer", "paper_out"}, {"detail", "roll empty"}}));
  json devices = ok(h.admin.request({{"op", "devices"}}))["devices"];
  auto find = [&](const std::string& id) {
    for (const auto& d : devices)
      if (d["id"] == id) return d;
    FAIL("no device " << id);
    return json();
  };
  CHECK(find("admin")["sessions"] == 1);
  CHECK(find("admin")["printer"] == "paper_out");
  CHECK(find("caller-1")["sessions"] == 1);
  CHECK(find("caller-1")["window"] == 1);
  CHECK(find("display-1")["sessions"] == 0);
  CHECK_FALSE(devices.dump().find("token") != std::string::npos);
  // Guides see devices; only admins see users.
  CHECK(h.clerk.request({{"op", "devices"}})["error"]["code"] == "forbidden");
  CHECK(h.clerk.request({{"op", "users"}})["error"]["code"] == "forbidden");
}

TEST_CASE("an admin sets a password and ends a clerk's lock from the console, and sees the devices") {
  LockingHall h;
  ok(h.admin.request({{"op", "set_password"}, {"user", "a1"}, {"password", "admin-password-1"}}, 20s));
  ok(h.admin.request({{"op", "set_password"}, {"user", "g1"}, {"password", "guide-password-1"}}, 20s));
  CHECK(h.clerk.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "9999"}}, 20s)["error"]["code"] ==
        "unauthorized");
  std::string admin = h.login("a1", "admin-password-1");
  REQUIRE(!admin.empty());
  HttpReply page = h.page(admin, "/staff/admin");
  REQUIRE(page.status == 200);
  CHECK(has(page.body, "id=\"nav-admin\" aria-current=\"page\""));
  CHECK(has(page.body, "<tr data-user=\"c1\">"));
  CHECK(has(page.body, "锁定至 "));
  CHECK(has(page.body, "<tr data-device=\"admin\" data-online=\"1\""));
  CHECK(has(page.body, "<tr data-device=\"display-1\" data-online=\"0\" class=\"problem\""));
  std::string csrf = hidden(page.body, "csrf");

  // The wrong PIN locked the clerk and the caller it came from; both end from here.
  CHECK(has(page.body, "<tr data-device=\"caller-1\" data-online=\"1\" class=\"problem\""));
  HttpReply unlocked = h.send(admin, "/staff/admin/unlock", "csrf=" + csrf + "&who=c1");
  CHECK(unlocked.status == 200);
  CHECK(has(unlocked.body, "c1 已解除锁定"));
  CHECK(has(h.send(admin, "/staff/admin/unlock", "csrf=" + csrf + "&who=caller-1").body, "caller-1 已解除锁定"));
  CHECK_FALSE(has(h.page(admin, "/staff/admin").body, "锁定至 "));
  CHECK(h.send(admin, "/staff/admin/unlock", "csrf=" + csrf + "&who=caller-1").status == 409);
  ok(h.clerk.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}}, 20s));

  HttpReply weak = h.send(admin, "/staff/admin/password", "csrf=" + csrf + "&user=c1&password=short");
  CHECK(weak.status == 400);
  HttpReply set = h.send(admin, "/staff/admin/password", "csrf=" + csrf + "&user=c1&password=clerk-password-1");
  CHECK(set.status == 200);
  CHECK(has(set.body, "已为 c1 设置密码"));
  CHECK_FALSE(h.login("c1", "clerk-password-1").empty());

  // A guide has no such page, but the live hall shows every role the devices' health.
  std::string guide = h.login("g1", "guide-password-1");
  CHECK(h.page(guide, "/staff/admin").status == 403);
  CHECK(
      h.send(guide, "/staff/admin/unlock", "csrf=" + hidden(h.page(guide, "/staff").body, "csrf") + "&who=c1").status ==
      403);
  HttpReply hall = h.page(guide, "/staff");
  CHECK(has(hall.body, "id=\"devices\""));
  CHECK(has(hall.body, "<tr data-device=\"caller-1\" data-online=\"1\""));
  CHECK_FALSE(has(hall.body, "nav-admin"));
}
