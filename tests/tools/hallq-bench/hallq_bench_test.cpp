// hallq-bench's arguments: a value that is not a number in range is refused with the option named
// and exit status 2, before the bench writes anything (it used to abort on "x" and run with "nan").
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/support/process.hpp"

using namespace hallq::test;

TEST_CASE("hallq-bench refuses a value that is not a number in range, naming it, and writes nothing") {
  TempDir dir;
  const std::string out = dir.path("bench");
  struct Bad {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Bad> bad = {
      {{"startup", "--events", "nan"}, "--events nan: a whole number from 1 to 1000000000 is needed"},
      {{"startup", "--events", "1e6"}, "--events 1e6: a whole number from 1 to 1000000000 is needed"},
      {{"load", "--clients", "x"}, "--clients x: a whole number from 1 to 100000 is needed"},
      {{"load", "--clients", "0"}, "--clients 0: a whole number from 1 to 100000 is needed"},
      {{"load", "--seconds", "nan"}, "--seconds nan: a number from 0.1 to 86400 is needed"},
      {{"load", "--seconds", "10s"}, "--seconds 10s: a number from 0.1 to 86400 is needed"},
      {{"load", "--rate", "inf"}, "--rate inf: a number from 0 to 10000000 is needed"},
      {{"load", "--rate", "-5"}, "--rate -5: a number from 0 to 10000000 is needed"},
      {{"report", "--days", "99999999999999999999"},
       "--days 99999999999999999999: a whole number from 1 to 3660 is needed"},
      {{"web", "--phones", ""}, "--phones : a whole number from 1 to 100000 is needed"},
      {{"attack", "--attackers", "-1"}, "--attackers -1: a whole number from 0 to 100000 is needed"},
  };
  for (const auto& b : bad) {
    std::vector<std::string> args = {bin("hallq-bench"), "--dir", out};
    args.insert(args.end(), b.args.begin(), b.args.end());
    auto r = run(args);
    INFO(b.args[1] << " " << b.args[2] << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "hallq-bench: " + b.says + "\n"));
    CHECK(r.out.empty());
  }
  // A value missing at the end gets the usage.
  auto missing = run({bin("hallq-bench"), "--dir", out, "startup", "--events"});
  CHECK(missing.exit_code == 2);
  CHECK(has(missing.err, "usage: hallq-bench"));
  CHECK_FALSE(std::filesystem::exists(out));
}
