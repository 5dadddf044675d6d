// Erlang C against textbook values and its own defining sum.
#include "core/sim/erlang.hpp"

#include <doctest/doctest.h>

#include <cmath>

using hallq::sim::erlang_c;
using hallq::sim::erlang_c_mean_wait;
using hallq::sim::erlang_c_within;

namespace {
// The textbook form: (a^c / c!) · c/(c − a) over Σ_{k<c} a^k/k! plus the same.
double by_the_sum(int c, double a) {
  double term = 1, sum = 0;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  double top = term * c / (c - a);
  return top / (sum + top);
}
}  // namespace

TEST_CASE("Erlang C gives the textbook probabilities of waiting") {
  CHECK(erlang_c(1, 0.5) == doctest::Approx(0.5));                     // M/M/1: the utilisation
  CHECK(erlang_c(2, 1.0) == doctest::Approx(1.0 / 3));                 // M/M/2 at ρ = ½: 2ρ²/(1 + ρ)
  CHECK(erlang_c(10, 8.0) == doctest::Approx(0.4092).epsilon(1e-3));   // 10 agents, 8 erlangs
  CHECK(erlang_c(12, 10.0) == doctest::Approx(0.4494).epsilon(1e-3));  // the call-centre example, 12 agents, 10 erlangs
  for (int c : {1, 3, 7, 25, 60})
    for (double rho : {0.3, 0.7, 0.95}) CHECK(erlang_c(c, rho * c) == doctest::Approx(by_the_sum(c, rho * c)));
  CHECK(erlang_c(4, 4.0) == 1.0);  // overloaded: everyone waits
  CHECK(erlang_c(4, 0.0) == 0.0);
}

TEST_CASE("Erlang C's mean wait and service level follow from the probability of waiting") {
  // M/M/1, λ = 1/120 s, S = 60 s: Wq = ρ·S/(1 − ρ) = 60 s.
  CHECK(erlang_c_mean_wait(1, 1.0 / 120, 60) == doctest::Approx(60));
  // M/M/2, λ = 1/60, S = 60 (a = 1): Wq = C·S/(c − a) = ⅓ · 60 = 20 s.
  CHECK(erlang_c_mean_wait(2, 1.0 / 60, 60) == doctest::Approx(20));
  CHECK(std::isinf(erlang_c_mean_wait(2, 2.0 / 60, 60)));
  CHECK(erlang_c_within(2, 1.0 / 60, 60, 0) == doctest::Approx(1 - 1.0 / 3));
  CHECK(erlang_c_within(2, 1.0 / 60, 60, 60) == doctest::Approx(1 - std::exp(-1.0) / 3));
}
