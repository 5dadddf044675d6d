// A day's appointments as a booking system or a spreadsheet writes them.
#include <doctest/doctest.h>

#include "core/protocol/appointments_csv.hpp"

using namespace hallq::protocol;

namespace {

std::vector<AppointmentEntry> read_ok(std::string_view text) {
  auto r = read_appointments(text);
  REQUIRE_MESSAGE(std::holds_alternative<std::vector<AppointmentEntry>>(r),
                  (std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : ""));
  return std::get<std::vector<AppointmentEntry>>(r);
}

std::string error_of(std::string_view text) {
  auto r = read_appointments(text);
  REQUIRE(std::holds_alternative<std::string>(r));
  return std::get<std::string>(r);
}

}  // namespace

TEST_CASE("appointments CSV: a spreadsheet's file with its byte-order mark, header, CRLF and quoted names") {
  auto list = read_ok(
      "\xEF\xBB\xBF"
      "code,service,time,id_number,name\r\n"
      "P1,A,09:30,,\"包, 巴特尔\"\r\n"
      "# a comment\r\n"
      "\r\n"
      "P2 , B ,10:00,150502199001011232\r\n"
      "P3,A,11:00,,\"say \"\"hi\"\"\"\r\n");
  REQUIRE(list.size() == 3);
  CHECK(list[0].code == "P1");
  CHECK(list[0].name == "包, 巴特尔");
  CHECK_FALSE(list[0].id_number);
  CHECK(list[1].code == "P2");
  CHECK(list[1].service == "B");
  CHECK(list[1].id_number == "150502199001011232");
  CHECK_FALSE(list[1].name);
  CHECK(list[2].name == "say \"hi\"");
}

TEST_CASE("appointments CSV: a short line or an open quote is refused with its line number") {
  CHECK(error_of("P1,A,09:30\nP2,B\n") == "line 2: need code,service,time");
  CHECK(error_of("P1,A,09:30,,\"open\n") == "line 1: a quoted field is not closed");
  CHECK(read_ok("").empty());
}

TEST_CASE("appointments as a JSON array read as the wire reads them") {
  auto list = read_ok(R"([{"code":"P1","service":"A","time":"09:30","name":"李四"}])");
  REQUIRE(list.size() == 1);
  CHECK(list[0].name == "李四");
  CHECK(error_of(R"([{"code":"P1"}])").find("service") != std::string::npos);
  CHECK(error_of("[1,") == "not a JSON array");
}
