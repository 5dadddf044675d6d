#pragma once
// Alarms for guides: queues and waits over their thresholds, windows paused too
// long, and kiosk device problems. Alarms are derived state, re-evaluated after
// every change and on a timer; the dispatcher pushes only what changed.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/engine.hpp"

namespace hallq::server {

// What a terminal last reported about its devices (op device_status).
struct DeviceHealth {
  std::string printer;      // ready | paper_low | paper_out | cover_open | offline | error | absent | ""
  std::string card_reader;  // ok | absent | error | ""
  std::string detail;
  bool connected = true;
};

struct Alarm {
  std::string kind;     // queue_length | wait_time | window_paused | printer | card_reader | device_offline
  std::string key;      // what it is about: service code, window number or device id
  nlohmann::json data;  // kind-specific fields, merged into the alarm event
  std::string message;  // English, for logs and hallqctl
  bool operator==(const Alarm& o) const { return kind == o.kind && key == o.key && data == o.data; }
};

using AlarmSet = std::map<std::string, Alarm>;  // by kind + "/" + key

AlarmSet evaluate_alarms(const domain::Engine& engine, const std::map<std::string, DeviceHealth>& devices);

// The alarm event body: {kind, key, active, message, ...data}.
nlohmann::json alarm_json(const Alarm& a, bool active);

bool printer_state_known(const std::string& s);
bool card_reader_state_known(const std::string& s);

}  // namespace hallq::server
