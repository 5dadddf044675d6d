#include "core/domain/stats.hpp"

#include <doctest/doctest.h>

using namespace hallq::domain;

TEST_CASE("the 90th percentile is the nearest rank") {
  CHECK(percentile({}, 90) == 0);
  CHECK(percentile({5}, 90) == 5);
  CHECK(percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90) == 9);
  CHECK(percentile({10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11}, 90) == 10);  // rank ceil(9.9) = 10
  CHECK(percentile({3, 1, 2}, 100) == 3);
}
