#include "tools/hallq-sim/live_checks.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include <unistd.h>

namespace hallq::simtool {

namespace p = protocol;

// Whether `dir` is a folder the reports can be written to, or can be made one: it, or the nearest of its
// parents that exists, is a folder this user may write in. Makes nothing.
bool report_dir_possible(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path at = fs::absolute(dir, ec);
  if (ec) return false;
  while (!fs::exists(at, ec)) {
    if (ec || !at.has_relative_path()) return false;
    at = at.parent_path();
  }
  return fs::is_directory(at, ec) && ::access(at.c_str(), W_OK | X_OK) == 0;
}

// What the scenario names that the server's hall does not have: a service (a citizen's, one they need
// next, one of the [[service]] rates or its transfer_to) or a citizen's missing material. Empty: none.
std::vector<std::string> not_in_hall(const sim::Model& model, const p::HallInfo& hall) {
  std::vector<std::string> out;
  std::set<std::string> said;
  auto service = [&](const std::string& code, const std::string& where) {
    if (code.empty() || hall.service(code) != nullptr || !said.insert(code).second) return;
    out.push_back(where + ": service " + code);
  };
  for (const sim::ServiceModel& s : model.services) {
    service(s.code, "[[service]] " + s.code);
    service(s.transfer_to, "[[service]] " + s.code + " transfer_to");
  }
  for (std::size_t i = 0; i < model.live.citizens.size(); ++i) {
    const sim::LiveCitizen& c = model.live.citizens[i];
    std::string where = "citizen[" + std::to_string(i + 1) + "]";
    service(c.service, where + ".service");
    service(c.then, where + ".then");
    const p::HallService* s = hall.service(c.service);
    if (c.missing.empty() || s == nullptr) continue;
    bool listed = std::any_of(s->materials.begin(), s->materials.end(), [&](const p::Names& m) {
      return m.zh == c.missing || m.mn == c.missing || m.en == c.missing;
    });
    if (!listed) {
      std::string materials;
      for (const p::Names& m : s->materials) materials += (materials.empty() ? "" : ", ") + m.zh;
      out.push_back(where + ".missing: \"" + c.missing + "\" (its service " + c.service + " there lists " +
                    (materials.empty() ? std::string("no materials") : materials) + ")");
    }
  }
  return out;
}

Refusal refuse_hello(const p::HelloReply& hello, const std::string& config_hall, const LiveOptions& o) {
  if (!hello.training)
    return {5, "hallq-sim: " + o.server.str() +
                   " is not a training hall (its hello says training: false): simulated citizens are sent only to a "
                   "training hall (hallq-server --training, docs/training.md)\n"};
  if (hello.hall.id != config_hall)
    return {2, "hallq-sim: refusing to play: the server " + o.server.str() + " is hall \"" + hello.hall.id +
                   "\" but --config " + o.config + " is hall \"" + config_hall +
                   "\"; give --config the configuration of the training hall played\n"};
  return {};
}

Refusal refuse_scenario(const sim::Model& model, const p::HallInfo& hall, const LiveOptions& o) {
  auto missing = not_in_hall(model, hall);
  if (missing.empty()) return {};
  std::string message = "hallq-sim: " + o.scenario + ": the training hall at " + o.server.str() + " (hall \"" +
                        hall.id + "\") does not have what the scenario names (is its configuration older or newer " +
                        "than --config " + o.config + "?):\n";
  for (const std::string& m : missing) message += "  " + m + "\n";
  return {2, message};
}

std::string make_report_dir(const std::string& dir) {
  if (dir.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return ec.message();
  if (!std::filesystem::is_directory(dir)) return "not a folder";
  return {};
}

}  // namespace hallq::simtool
