#pragma once
// What hallq-sim prints: the model (as fitted or read), and a run's result as
// a text table for people or JSON for programs. Pure: strings out.

#include <string>

#include "core/domain/hall.hpp"
#include "core/sim/model.hpp"
#include "core/sim/simulator.hpp"

namespace hallq::sim {

// Per service: service time, no-shows, transfers, arrivals a day by weekday
// and per hour on the busiest weekday; the shifts.
std::string describe_model(const Model& m, const domain::HallConfig& hall);

// Per service: counts, waits (mean, p90, share within target), and per hour
// arrivals, waits and the time-averaged queue; each window's busy share; the
// wait estimates' errors.
std::string format_text(const Result& r, const domain::HallConfig& hall);

// The same as one JSON object (docs/simulation.md names its fields).
std::string format_json(const Result& r);

}  // namespace hallq::sim
