#include "core/domain/time.hpp"

#include <doctest/doctest.h>

using namespace hallq::domain;

TEST_CASE("local dates parse, validate, step and know their weekday") {
  auto d = LocalDate::parse("2026-11-26");
  REQUIRE(d);
  CHECK(d->str() == "2026-11-26");
  CHECK(d->weekday() == 4);  // Thursday
  CHECK(d->plus_days(6).str() == "2026-12-02");
  CHECK(LocalDate::parse("2028-02-29"));
  CHECK_FALSE(LocalDate::parse("2026-02-29"));
  CHECK_FALSE(LocalDate::parse("2026-13-01"));
  CHECK_FALSE(LocalDate::parse("26-11-2026"));
}

TEST_CASE("times are shown in local time with the offset (tests run in Asia/Shanghai)") {
  TimePoint t = from_local({2026, 11, 26}, 9 * 60 + 5);
  CHECK(format_iso(t) == "2026-11-26T09:05:00+08:00");
  CHECK(to_unix_ms(t) == 1795655100000);
  CHECK(parse_iso("2026-11-26T09:05") == t);
  CHECK(parse_iso("2026-11-26T01:05:00Z") == t);
  CHECK(parse_iso("2026-11-26T09:05:00+08:00") == t);
  CHECK(parse_iso("2026-11-25T20:05:00-05:00") == t);
  CHECK_FALSE(parse_iso("2026-11-26 25:00"));
  CHECK_FALSE(parse_iso("yesterday"));
}

TEST_CASE("a terminal shows the hall's wall clock from the offset the server sends, not its own zone") {
  TimePoint t = *parse_iso("2026-11-26T09:05:07+08:00");
  CHECK(iso_utc_offset("2026-11-26T09:05:07+08:00") == 8 * 3600);
  CHECK(iso_utc_offset("2026-11-26T01:05:07Z") == 0);
  CHECK(iso_utc_offset("2026-11-25T20:05:07-05:00") == -5 * 3600);
  CHECK_FALSE(iso_utc_offset("2026-11-26T09:05:07"));  // local time, no offset
  CHECK_FALSE(iso_utc_offset("noon+08:00"));
  LocalTime beijing = to_local(t, 8 * 3600);
  CHECK(format_hms(beijing) == "09:05:07");
  CHECK(beijing.date.str() == "2026-11-26");
  LocalTime new_york = to_local(t, -5 * 3600);
  CHECK(format_hms(new_york) == "20:05:07");
  CHECK(new_york.date.str() == "2026-11-25");
}

TEST_CASE("a terminal's server clock runs on from the server's time, in the server's zone") {
  ServerClock c;
  CHECK_FALSE(c.sync("not a time"));
  CHECK_FALSE(c.sync("2020-01-01T08:00"));       // no offset: whose 08:00?
  REQUIRE(c.sync("2020-01-01T08:00:00+08:00"));  // a demo hall, years off our clock
  CHECK(c.utc_offset_s() == 8 * 3600);
  auto local = c.local();
  CHECK(local.date.str() == "2020-01-01");
  CHECK(local.minute == 8 * 60);  // the test takes well under a minute
  CHECK(std::chrono::abs(c.now() - *parse_iso("2020-01-01T00:00:00Z")) < std::chrono::seconds(60));
}

TEST_CASE("the hall day starts at the rollover time, not at midnight") {
  LocalDate thu{2026, 11, 26};
  CHECK(hall_day(from_local(thu.plus_days(1), 2 * 60 + 59), 180) == thu);
  CHECK(hall_day(from_local(thu.plus_days(1), 3 * 60), 180) == thu.plus_days(1));
  CHECK(hall_day(from_local(thu, 0), 0) == thu);
}

TEST_CASE("HH:MM parses with 24:00 as the end of the day") {
  CHECK(parse_hhmm("08:30") == 510);
  CHECK(parse_hhmm("24:00") == 1440);
  CHECK_FALSE(parse_hhmm("24:01"));
  CHECK_FALSE(parse_hhmm("8:30"));
  CHECK(format_hhmm(510) == "08:30");
}
