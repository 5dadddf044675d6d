#pragma once
// The reports' scripted history (reports_test.cpp, reports_kept_test.cpp): two past days of the test
// hall written by the server's own engine, case book, rating book and store at exact times, and the
// server on them with a manager's session in the staff console.

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "tests/server/web/web_fixture.hpp"

namespace hallq::test::web {

// Two past days of the test hall, written by the server's own engine, case book, rating book and
// store at exact times (a ManualClock), so that every figure can be worked out by hand:
//
// Thursday 2026-11-26: c1 logs in at window 1 at 08:00; A001 taken 08:30, called 08:40, finished
//   08:50, rated 不满意 (waited too long); c1 logs out at 09:00.
// Friday 2026-11-27: c1 at window 1 and c2 at window 2 log in at 08:00. A001 taken 08:00, A002
//   08:05, B001 08:10. Window 1 calls A001 at 08:10 (its case received at 08:15, withdrawn), finishes
//   it at 08:20 (rated 非常满意), calls A002 at 08:20, no-show at 08:50; pauses 12:00–13:00, logs out
//   17:00. Window 2 calls B001 at 09:00 (a case received at 09:03, left open), finishes it at 09:06
//   (rated 满意) and never logs out: the day's close ends its session at midnight.
//
// Window 1: open 08:00–12:00 and 13:00–17:00 = 28,800 s, busy 600 + 1,800 = 2,400 s, idle 26,400 s,
//   paused 3,600 s, busy 8% (2,400 / 28,800 = 8.3%). Window 2: open 08:00–24:00 = 57,600 s, busy
//   360 s, idle 57,240 s, busy 1% (0.6%). On the 26th window 1 was open 3,600 s, busy 600 s.
void write_history(const std::string& config_path, const std::string& db_path);

// The test hall on that history, its clock at Monday 2026-11-30 09:00, and a manager's session.
struct History {
  TempDir dir;
  std::string config = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")));
  bool written;
  ServerProcess server{config, dir.path("hall.db"), {"--time", "2026-11-30T09:00", "--web-listen", "127.0.0.1:0"}};
  LineClient admin{server.port()};
  std::string web = server.web_address();
  std::string session;
  // `untold_day`: that day's tickets as issued before the hall kept the wait it told (schema 11).
  explicit History(const std::string& untold_day = {}) : written(write(untold_day)) {
    REQUIRE(admin.hello("admin", "admin", "test-admin-token").value("ok", false));
    ok(admin.request({{"op", "set_password"}, {"user", "m1"}, {"password", "manager-password-1"}}, 20s));
    HttpReply form = http_get(web, "/staff/login");
    HttpReply in = http_post_form(web, "/staff/login",
                                  "csrf=" + hidden(form.body, "csrf") + "&user=m1&password=manager-password-1",
                                  {{"Cookie", "hallq_login=" + cookie_set(form, "hallq_login")}});
    session = cookie_set(in, "hallq_staff");
    REQUIRE(!session.empty());
  }
  HttpReply get(const std::string& target) { return http_get(web, target, {{"Cookie", "hallq_staff=" + session}}); }
  bool write(const std::string& untold_day) {  // before the server starts (it keeps figures from the rows)
    write_history(config, dir.path("hall.db"));
    if (!untold_day.empty()) {
      SQLite::Database raw(dir.path("hall.db"), SQLite::OPEN_READWRITE);
      raw.exec("UPDATE tickets SET told_s = -1, told_lo_s = -1, told_hi_s = -1, naive_s = -1 WHERE day = '" +
               untold_day + "'");
    }
    return true;
  }
};

}  // namespace hallq::test::web
