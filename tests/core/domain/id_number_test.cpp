#include "core/domain/id_number.hpp"

#include <doctest/doctest.h>

#include "core/domain/ticket.hpp"

using namespace hallq::domain;

TEST_CASE("GB 11643 check digits, including X for 10") {
  // Vectors from the reference, checked against the rule: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
  CHECK(id_check_char("11010519491231002") == 'X');
  CHECK(id_check_char("44052418800101001") == '4');
  CHECK(valid_id_number("11010519491231002X"));
  CHECK(valid_id_number("11010519491231002x"));
  CHECK(valid_id_number("440524188001010014"));
  CHECK_FALSE(valid_id_number("110105194912310021"));  // wrong check digit
  CHECK_FALSE(valid_id_number("11010519491331002X"));  // month 13 (and wrong digit)
  CHECK_FALSE(valid_id_number("1101051949123100"));    // too short
  CHECK_FALSE(valid_id_number("11010519491231002Y"));
  // A valid check digit with an impossible birth date is still not a real number.
  std::string body = "15050220260230123";
  CHECK_FALSE(valid_id_number(body + id_check_char(body)));
}

TEST_CASE("masks keep the region and the last four, hide the birth date") {
  CHECK(mask_id_number("150502199001011234") == "150502********1234");
  CHECK(mask_id_number("12345") == "*2345");
  CHECK(normalize_id_number("11010519491231002x") == "11010519491231002X");
  CHECK(mask_name("王小明") == "王*明");
  CHECK(mask_name("王明") == "王*");
  CHECK(mask_name("欧阳娜娜") == "欧**娜");
  CHECK(mask_name("") == "");
}

TEST_CASE("birth dates and ages come from the ID number") {
  auto b = id_birth_date("11010519491231002X");
  REQUIRE(b);
  CHECK(*b == LocalDate{1949, 12, 31});
  CHECK(age_on(*b, {2026, 12, 30}) == 76);
  CHECK(age_on(*b, {2026, 12, 31}) == 77);
}
