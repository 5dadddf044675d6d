#include "tests/support/history.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "core/sim/simulator.hpp"
#include "server/store.hpp"

namespace hallq::test {

sim::Result write_history(const std::string& db, const domain::HallConfig& hall, const sim::Model& model) {
  server::Store store(db, 1000);
  std::vector<domain::Changes> batch;
  domain::LocalDate batch_day;
  auto commit = [&] {
    if (!batch.empty()) REQUIRE_FALSE(store.commit(batch, batch_day));
    batch.clear();
  };
  sim::Result r = sim::simulate(hall, model, [&](domain::Changes&& c, domain::LocalDate day) {
    if (c.empty()) return;
    if (day != batch_day) commit();
    batch_day = day;
    batch.push_back(std::move(c));
  });
  commit();
  return r;
}

sim::Model test_hall_month(bool all_day) {
  sim::Model m;
  sim::ServiceModel a, b;
  a.code = "A";
  b.code = "B";
  for (int wd = 0; wd < 7; ++wd)
    for (int slot = all_day ? 0 : 32; slot < (all_day ? 96 : 72); ++slot) {
      a.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = (wd == 1 && slot < 44) ? 8 : 4;
      b.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = 4;
    }
  a.time.mean_s = 600;
  b.time.mean_s = 360;
  m.services = {a, b};
  m.start = {2026, 11, 2};  // a Monday
  m.days = 28;
  m.seed = 3;
  return m;
}

}  // namespace hallq::test
