#include "core/sim/erlang.hpp"

#include <cmath>
#include <limits>

namespace hallq::sim {

double erlang_c(int c, double a) {
  if (c <= 0 || a >= c) return 1.0;
  if (a <= 0) return 0.0;
  // Erlang B by its recurrence B(k) = a·B(k−1) / (k + a·B(k−1)), stable for any c,
  // then C = c·B / (c − a·(1 − B)).
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return c * b / (c - a * (1 - b));
}

double erlang_c_mean_wait(int c, double arrivals_per_s, double mean_service_s) {
  double a = arrivals_per_s * mean_service_s;
  if (a >= c) return std::numeric_limits<double>::infinity();
  return erlang_c(c, a) * mean_service_s / (c - a);
}

double erlang_c_within(int c, double arrivals_per_s, double mean_service_s, double t_s) {
  double a = arrivals_per_s * mean_service_s;
  if (a >= c) return 0.0;
  return 1.0 - erlang_c(c, a) * std::exp(-(c - a) * t_s / mean_service_s);
}

}  // namespace hallq::sim
