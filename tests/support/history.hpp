#pragma once
// A hall's history for tests: simulated days written into a real database
// through the server's own store, as its committer writes them (a day's
// changes to a transaction), and the test hall's usual month.

#include <string>

#include "core/domain/hall.hpp"
#include "core/sim/model.hpp"
#include "core/sim/simulator.hpp"

namespace hallq::test {

// Plays `model` over `hall` and commits every change into the database at `db` (created if absent);
// what the simulator measured of the days written.
sim::Result write_history(const std::string& db, const domain::HallConfig& hall, const sim::Model& model);

// Four weeks from Monday 2026-11-02 in the test hall (tests/data/hall.toml): A (10 min) and B (6 min)
// from 08:00 to 18:00, A busier on Monday mornings (8 an hour before 11:00, else 4; B 4);
// `all_day`: the same around the clock, so that every hour asks for windows.
sim::Model test_hall_month(bool all_day = false);

}  // namespace hallq::test
