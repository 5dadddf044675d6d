#pragma once
// What the simulator counts as it goes (simulator_impl.hpp): the waits of the visits that started
// waiting in one place (an hour of a service), and each wait estimate's error against the wait
// that followed. Plain accumulators, merged over hours, services and the hall for the Result.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/domain/wait_estimate.hpp"
#include "core/sim/simulator.hpp"

namespace hallq::sim::tally {

struct Waits {
  std::vector<double> s;  // seconds
  int waited = 0, within = 0, missed = 0;
  void add(double w, int target_s) {
    s.push_back(w);
    if (w > 0) ++waited;
    if (w <= target_s) ++within;
  }
  void merge(const Waits& o) {
    s.insert(s.end(), o.s.begin(), o.s.end());
    waited += o.waited;
    within += o.within;
    missed += o.missed;
  }
  WaitFigures figures() {
    WaitFigures f;
    f.called = static_cast<int>(s.size());
    f.missed = missed;
    if (s.empty()) return f;
    double sum = 0;
    for (double v : s) sum += v;
    f.mean_s = sum / f.called;
    auto k = static_cast<std::size_t>(std::ceil(0.9 * f.called)) - 1;
    std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(k), s.end());
    f.p90_s = s[k];
    f.within_target = static_cast<double>(within) / f.called;
    f.waited = static_cast<double>(waited) / f.called;
    return f;
  }
};

// The estimators compared (EstimateErrors): engine, naive, ql, les, hol, rate, replay, oracle.
constexpr int kEstimators = 8;
constexpr std::size_t kOracle = 7;
struct ErrAcc {
  int n = 0;
  double wait = 0;
  int within = 0, shown = 0;
  std::array<double, kEstimators> abs{}, sum{};
  std::array<int, kEstimators> counted{};  // an estimate that is NaN (none given) is left out of its own
  void add(double actual, const std::array<double, kEstimators>& est, const domain::WaitEstimate& range) {
    ++n;
    wait += actual;
    within += domain::wait_within_range(range, actual);
    shown += domain::wait_range_shown(range);
    for (std::size_t k = 0; k < kEstimators; ++k) {
      if (std::isnan(est[k])) continue;
      ++counted[k];
      abs[k] += std::abs(est[k] - actual);
      sum[k] += est[k] - actual;
    }
  }
  void merge(const ErrAcc& o) {
    n += o.n;
    wait += o.wait;
    within += o.within;
    shown += o.shown;
    for (std::size_t k = 0; k < kEstimators; ++k) {
      counted[k] += o.counted[k];
      abs[k] += o.abs[k];
      sum[k] += o.sum[k];
    }
  }
  EstimateErrors result() const {
    EstimateErrors r;
    r.n = n;
    if (n == 0) return r;
    r.mean_wait_s = wait / n;
    r.within_range = static_cast<double>(within) / n;
    r.range_shown = static_cast<double>(shown) / n;
    EstimatorError* out[] = {&r.engine, &r.naive, &r.ql, &r.les, &r.hol, &r.rate, &r.replay, &r.oracle};
    for (std::size_t k = 0; k < kEstimators; ++k)
      if (counted[k] > 0) *out[k] = {abs[k] / counted[k], sum[k] / counted[k]};
    return r;
  }
};

}  // namespace hallq::sim::tally
