#pragma once
// What hallq-sim --live checks before a session starts (docs/training.md): that its reports can be
// written, and that the server's hall has everything the scenario names. Nothing is sent or made.
#include <string>
#include <vector>

#include "core/protocol/hall.hpp"
#include "core/sim/model.hpp"

namespace hallq::simtool {

// Whether `dir` is a folder the reports can be written to, or can be made one: it, or the nearest of its
// parents that exists, is a folder this user may write in. Makes nothing.
bool report_dir_possible(const std::string& dir);

// What the scenario names that the server's hall does not have: a service (a citizen's, one they need
// next, one of the [[service]] rates or its transfer_to) or a citizen's missing material. Empty: none.
std::vector<std::string> not_in_hall(const sim::Model& model, const protocol::HallInfo& hall);

}  // namespace hallq::simtool
