#pragma once
// What hallq-sim --live checks before a session starts (docs/training.md): that its reports can be
// written, that the server is a training hall, the configuration's, and that its hall has everything
// the scenario names. Nothing is sent; only make_report_dir makes anything.
#include <string>
#include <vector>

#include "core/protocol/hall.hpp"
#include "core/protocol/session.hpp"
#include "core/sim/model.hpp"
#include "tools/hallq-sim/live.hpp"

namespace hallq::simtool {

// Whether `dir` is a folder the reports can be written to, or can be made one: it, or the nearest of its
// parents that exists, is a folder this user may write in. Makes nothing.
bool report_dir_possible(const std::string& dir);

// What the scenario names that the server's hall does not have: a service (a citizen's, one they need
// next, one of the [[service]] rates or its transfer_to) or a citizen's missing material. Empty: none.
std::vector<std::string> not_in_hall(const sim::Model& model, const protocol::HallInfo& hall);

// A session refused: the exit status (docs/training.md) and what it says on standard error, whole
// lines. Status 0: not refused.
struct Refusal {
  int status = 0;
  std::string message;
};

// Refuses a server whose hello is not a training hall's (5), or another hall's than --config's,
// `config_hall` (2): the console names the configuration's services and materials, and the trainees'
// case panels list the server's.
Refusal refuse_hello(const protocol::HelloReply& hello, const std::string& config_hall, const LiveOptions& o);
// Refuses a hall without what the scenario names (2; not_in_hall).
Refusal refuse_scenario(const sim::Model& model, const protocol::HallInfo& hall, const LiveOptions& o);

// Makes the --report folder `dir` (nothing when empty). Returns why it cannot be, or empty.
std::string make_report_dir(const std::string& dir);

}  // namespace hallq::simtool
