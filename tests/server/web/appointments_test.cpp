// Appointments in the staff console (/staff/appointments) and the
// `appointments` op: an admin imports the booking system's CSV, everyone who
// may look sees the day's slots and the list masked, a guide checks a citizen in.
#include "tests/server/web/web_fixture.hpp"

using namespace hallq::test;
using namespace hallq::test::web;

TEST_CASE("an admin imports a day's appointments from CSV, the slots and list show them masked, a guide checks in") {
  Staff s;
  ok(s.admin.request({{"op", "set_password"}, {"user", "a1"}, {"password", "admin-password-1"}}, 20s));
  std::string admin = s.login("a1", "admin-password-1");
  std::string guide = s.login("g1", "guide-password-1");
  REQUIRE(!admin.empty());
  REQUIRE(!guide.empty());

  HttpReply empty = s.page(admin, "/staff/appointments");
  REQUIRE(empty.status == 200);
  CHECK(has(empty.body, "data-booked=\"0\""));
  CHECK(has(empty.body, "id=\"import\""));
  CHECK(has(empty.body, "<script defer src=\"/static/appointments.js\">"));
  CHECK(s.get("/static/appointments.js").status == 200);
  std::string csrf = hidden(empty.body, "csrf");

  // A spreadsheet's file: byte-order mark, header, a quoted name, CRLF (form-encoded as a browser sends it).
  std::string csv =
      "%EF%BB%BFcode%2Cservice%2Ctime%2Cid_number%2Cname%0D%0A"
      "AP-1%2CA%2C09%3A30%2C150502199001011232%2C%22%E5%8C%85%E5%B7%B4%E7%89%B9%E5%B0%94%22%0D%0A"
      "AP-2%2CB%2C09%3A30%2C%2C%0D%0A"
      "AP-3%2Ca%2C10%3A00%0D%0A";
  HttpReply imported = s.send(admin, "/staff/appointments/import", "csrf=" + csrf + "&day=2026-11-30&csv=" + csv);
  CHECK(imported.status == 200);
  CHECK(has(imported.body, "已导入 2026-11-30 的预约 3 条"));
  CHECK(has(imported.body, "data-booked=\"3\" data-checked-in=\"0\""));
  // The slots: two at 09:30 (A and B), one at 10:00.
  CHECK(has(imported.body, "<tr data-time=\"09:30\"><td>09:30</td><td class=\"booked\">2</td>"));
  CHECK(has(imported.body, "<tr data-time=\"10:00\"><td>10:00</td><td class=\"booked\">1</td>"));
  // Personal data only masked, on the page and over the wire.
  CHECK_FALSE(has(imported.body, "150502199001011232"));
  CHECK_FALSE(has(imported.body, "包巴特尔"));
  CHECK(has(imported.body, "150502********1232"));
  json wire = ok(s.admin.request({{"op", "appointments"}}));
  REQUIRE(wire["appointments"].size() == 3);
  CHECK(wire["appointments"][0]["code"] == "AP-1");
  CHECK(wire["appointments"][0]["id_masked"] == "150502********1232");
  CHECK(wire["appointments"][2]["time"] == "10:00");
  CHECK(wire["appointments"][2]["service"] == "A");

  // A bad file imports nothing and says which line, in the page's words (not the reader's English).
  HttpReply bad = s.send(admin, "/staff/appointments/import", "csrf=" + csrf + "&day=2026-11-30&csv=AP-9%2CA%0D%0A");
  CHECK(bad.status == 400);
  CHECK(has(bad.body, "第 1 行无法读取"));
  CHECK_FALSE(has(bad.body, "need code,service,time"));
  HttpReply refused = s.send(admin, "/staff/appointments/import",
                             "csrf=" + csrf + "&day=2026-11-30&csv=AP-8%2CA%2C09%3A00%0D%0AAP-9%2CQ%2C09%3A00");
  CHECK(refused.status == 409);
  CHECK(has(refused.body, "第 2 条预约有误"));
  CHECK_FALSE(has(refused.body, "no service"));
  HttpReply english =
      s.send(admin, "/staff/appointments/import?lang=en", "csrf=" + csrf + "&day=2026-11-30&csv=AP-9%2CQ%2C09%3A00");
  CHECK(has(english.body, "Appointment 1 is not valid"));
  CHECK(ok(s.admin.request({{"op", "appointments"}}))["appointments"].size() == 3);

  // A guide may not import but checks a citizen in; the ticket's number shows in the list.
  HttpReply list = s.page(guide, "/staff/appointments");
  CHECK_FALSE(has(list.body, "id=\"import\""));
  std::string guide_csrf = hidden(list.body, "csrf");
  CHECK(s.send(guide, "/staff/appointments/import", "csrf=" + guide_csrf + "&csv=AP-9%2CA%2C09%3A00").status == 403);
  HttpReply checked = s.send(guide, "/staff/appointments/checkin", "csrf=" + guide_csrf + "&code=AP-2");
  CHECK(checked.status == 200);
  CHECK(has(checked.body, "预约 AP-2 已签到：B001"));
  CHECK(has(checked.body, "data-booked=\"3\" data-checked-in=\"1\""));
  CHECK(has(checked.body, "<td class=\"ticket\">B001</td>"));
  CHECK(s.send(guide, "/staff/appointments/checkin", "csrf=" + guide_csrf + "&code=AP-2").status == 409);
  // Another day: nothing booked there, and the day is kept in the form.
  HttpReply tomorrow = s.page(guide, "/staff/appointments?day=2026-12-01");
  CHECK(has(tomorrow.body, "data-booked=\"0\""));
  CHECK(has(tomorrow.body, "value=\"2026-12-01\""));
}

TEST_CASE("a day that is not one is refused in words, never taken for today") {
  Staff s;
  ok(s.admin.request({{"op", "set_password"}, {"user", "a1"}, {"password", "admin-password-1"}}, 20s));
  std::string admin = s.login("a1", "admin-password-1");
  REQUIRE(!admin.empty());
  for (std::string day : {"2026-02-30", "x", "2026-13-45"}) {
    CAPTURE(day);
    HttpReply listed = s.page(admin, "/staff/appointments?day=" + day);
    CHECK(listed.status == 400);
    CHECK(has(listed.body, "日期无效"));
    CHECK_FALSE(has(listed.body, "data-booked="));  // no day's list, not today's either
  }
  std::string csrf = hidden(s.page(admin, "/staff/appointments").body, "csrf");
  HttpReply imported =
      s.send(admin, "/staff/appointments/import", "csrf=" + csrf + "&day=2026-13-45&csv=AP-1%2CA%2C09%3A30");
  CHECK(imported.status == 400);
  CHECK(has(imported.body, "日期无效"));
  CHECK(ok(s.admin.request({{"op", "appointments"}}))["appointments"].empty());  // nothing imported today
  HttpReply english = s.page(admin, "/staff/appointments?day=x&lang=en");
  CHECK(has(english.body, "Not a day"));

  HttpReply pdf = s.page(admin, "/staff/cases/register.pdf?day=bad&lang=zh");
  CHECK(pdf.status == 400);
  CHECK(has(pdf.body, "日期无效"));
  CHECK(pdf.header("Content-Type") != "application/pdf");
}
