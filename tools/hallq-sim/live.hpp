#pragma once
// hallq-sim --live: a training session. Simulated citizens take tickets at a
// training hall through the wire protocol, as a kiosk does; the trainees serve
// them with the real caller; the session ends with a report per trainee
// (docs/training.md, "Simulated citizens").
//
// Two connections: the kiosk's (take, device_status; cut and restored for a
// network_cut incident) and a guide's (subscribed to tickets and windows: who
// called whom and how each visit ended; rate_phone for the citizens' ratings;
// cases, for the materials they lacked). Refuses any hall whose hello does not
// say `training`: simulated citizens never reach a production hall.

#include <string>

#include "core/config/config.hpp"
#include "core/net/endpoint.hpp"
#include "core/sim/model.hpp"

namespace hallq::simtool {

struct LiveOptions {
  net::HostPort server;
  std::string tls_ca;
  std::string kiosk = "kiosk-1", kiosk_token;
  std::string guide = "guide-1", guide_token;
  double speed = 0;             // > 0: instead of the scenario's [live] speed
  std::string config;           // the hall configuration's file name, for the messages
  std::string scenario;         // its file name, for the report and the messages
  std::string report_dir;       // a PDF per trainee written here (training-<clerk>.pdf)
  std::string assets;           // the translations (the console's words and the report's)
  std::string language = "zh";  // the console's
  bool json = false;            // the report as JSON on stdout (the console lines then go to stderr)
  double max_minutes = 0;       // > 0: end after this many real minutes even with citizens still waiting
};

// Plays the session; returns the exit status: 0 the session ran (its report
// printed), 2 a --report folder that cannot be made, or a hall that is not the
// configuration's (another hall id, or without a service or material the
// scenario names), 3 the server could not be reached or refused the devices, 5
// the server is not a training hall. Every refusal comes before the kiosk
// connects (no citizen is sent) and before the --report folder is made.
int run_live(const config::Config& config, const sim::Model& model, const LiveOptions& options);

}  // namespace hallq::simtool
