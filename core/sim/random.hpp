#pragma once
// The simulator's random streams. The distributions are written out (not
// std::*_distribution, whose algorithms differ between standard libraries) so
// a seed means the same draws everywhere mt19937_64 does. Shared by the
// simulator (simulator.cpp) and the live feeder (live.cpp); header-only and
// pure.

#include <cmath>
#include <cstdint>
#include <random>

#include "core/sim/model.hpp"

namespace hallq::sim {

inline std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// SplitMix64 as a generator: cheap to start, for one citizen's few draws (KeyedRng).
struct SplitMix64 {
  std::uint64_t s;
  explicit SplitMix64(std::uint64_t seed) : s(seed) {}
  std::uint64_t operator()() { return splitmix(s += 0x9e3779b97f4a7c15ULL); }
};

// One random stream.
template <class Generator>
class RngOf {
 public:
  RngOf(std::uint64_t seed, std::uint64_t stream) : g_(splitmix(seed ^ splitmix(stream))) {}
  double uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return p > 0 && uniform() < p; }
  double exponential(double mean) { return -std::log1p(-uniform()) * mean; }
  double normal() {  // Box-Muller
    double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }
  double service(const ServiceTime& t) {
    switch (t.kind) {
      case ServiceTime::Kind::exponential:
        return exponential(t.mean_s);
      case ServiceTime::Kind::fixed:
        return t.mean_s;
      case ServiceTime::Kind::empirical:
        return t.samples_s[static_cast<std::size_t>(uniform() * static_cast<double>(t.samples_s.size()))];
      case ServiceTime::Kind::lognormal: {
        if (t.cv <= 0) return t.mean_s;
        double s2 = std::log1p(t.cv * t.cv);
        return std::exp(std::log(t.mean_s) - s2 / 2 + std::sqrt(s2) * normal());
      }
    }
    return t.mean_s;
  }

 private:
  Generator g_;
};
using Rng = RngOf<std::mt19937_64>;
// The draws of one visit (no-show, service time, transfer) or one citizen's
// patience, from a stream of its own keyed by the day, the ticket and the
// visit: the same citizen needs the same whatever the staffing
// (Model::keyed_draws).
using KeyedRng = RngOf<SplitMix64>;

}  // namespace hallq::sim
