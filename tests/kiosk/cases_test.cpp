// The case pages' pure parts: a case number typed any way made whole, which
// cases can be collected, and which date goes with a case's state.
#include <doctest/doctest.h>

#include "kiosk/cases.hpp"

using namespace hallq;
using kiosk::normalize_case_number;
using S = protocol::CaseState;

TEST_CASE("a case number typed with or without dashes is made whole") {
  CHECK(normalize_case_number("F-20261130-0012") == "F-20261130-0012");
  CHECK(normalize_case_number("F202611300012") == "F-20261130-0012");
  CHECK(normalize_case_number("f 20261130 0012") == "F-20261130-0012");
  CHECK(normalize_case_number("F-2026-1130-0012") == "F-20261130-0012");
  CHECK(normalize_case_number("F2026113012") == "F-20261130-0012");        // a short sequence: the zeros are implied
  CHECK(normalize_case_number("F2026113012345") == "F-20261130-12345");    // past 9999 in a day
  CHECK(normalize_case_number("GA-20261130-0001") == "GA-20261130-0001");  // a longer prefix
  // Not a case number.
  CHECK_FALSE(normalize_case_number(""));
  CHECK_FALSE(normalize_case_number("20261130-0012"));       // no prefix
  CHECK_FALSE(normalize_case_number("F-20261130"));          // no sequence
  CHECK_FALSE(normalize_case_number("F-20261330-0012"));     // month 13
  CHECK_FALSE(normalize_case_number("F-20261100-0012"));     // day 0
  CHECK_FALSE(normalize_case_number("F-2026113A-0012"));     // a letter among the digits
  CHECK_FALSE(normalize_case_number("F-20261130-1234567"));  // too long
  CHECK_FALSE(normalize_case_number("F/20261130/0012"));
  CHECK_FALSE(normalize_case_number("12345678"));  // an appointment or supplement code is not a case number
}

TEST_CASE("the kiosk keeps what it shows of a case, masked, nothing more") {
  protocol::CaseInfo c;
  c.number = "F-20261130-0012";
  c.service = "F";
  c.state = S::handed_over;
  c.name_masked = "包**尔";
  c.phone_masked = "138****5678";
  c.company = "某某公司";
  c.clerk = "c01";
  c.supplement_code = "12345678";
  c.materials.push_back({{"身份证", "", ""}, protocol::MaterialState::original});
  c.due = "2026-12-21";
  auto k = kiosk::shown_case(c);
  CHECK(k.number == c.number);
  CHECK(k.name_masked == c.name_masked);
  CHECK(k.due == c.due);
  CHECK_FALSE(k.phone_masked);
  CHECK_FALSE(k.company);
  CHECK_FALSE(k.clerk);
  CHECK_FALSE(k.supplement_code);
  CHECK(k.materials.empty());
  // Waiting for a supplement: the materials missing, to say what to bring back; no others.
  c.state = S::supplement_requested;
  c.materials.push_back({{"购房合同", "", ""}, protocol::MaterialState::missing});
  auto s = kiosk::shown_case(c);
  REQUIRE(s.materials.size() == 1);
  CHECK(s.materials[0].names.zh == "购房合同");
  CHECK_FALSE(s.supplement_code);
}

TEST_CASE("ready cases, and the date that goes with each state") {
  std::vector<protocol::CaseInfo> list(3);
  list[0].number = "F-1";
  list[0].state = S::accepted;
  list[0].due = "2026-12-21";
  list[1].number = "F-2";
  list[1].state = S::ready_for_pickup;
  list[1].ready_at = "2026-12-01T10:00:00+08:00";
  list[2].number = "F-3";
  list[2].state = S::received;
  auto ready = kiosk::ready_cases(list);
  REQUIRE(ready.size() == 1);
  CHECK(ready[0].number == "F-2");

  CHECK(kiosk::case_date(list[0]).key == "due");
  CHECK(kiosk::case_date(list[0]).date == "2026-12-21");
  CHECK(kiosk::case_date(list[1]).key == "ready_on");
  CHECK(kiosk::case_date(list[1]).date == "2026-12-01");
  CHECK(kiosk::case_date(list[2]).key == "no_due");  // not accepted yet: no promise yet
  protocol::CaseInfo done;
  done.state = S::withdrawn;
  CHECK(kiosk::case_date(done).key.empty());
  // Decided by its department and back in the hall: the promise is kept or moot, so no date is shown.
  for (auto state : {S::returned_approved, S::returned_rejected}) {
    protocol::CaseInfo back = list[0];
    back.state = state;
    CHECK(kiosk::case_date(back).key.empty());
  }
}
