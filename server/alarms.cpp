#include "server/alarms.hpp"

#include <algorithm>
#include <array>

namespace hallq::server {
namespace {
constexpr std::array<const char*, 8> kPrinter = {"ready",   "paper_low", "paper_out", "cover_open",
                                                 "offline", "error",     "absent",    "unknown"};
constexpr std::array<const char*, 3> kReader = {"ok", "absent", "error"};

void add(AlarmSet& set, Alarm a) {
  std::string k = a.kind + "/" + a.key;
  set.emplace(std::move(k), std::move(a));
}
}  // namespace

bool printer_state_known(const std::string& s) {
  return std::find(kPrinter.begin(), kPrinter.end(), s) != kPrinter.end();
}
bool card_reader_state_known(const std::string& s) {
  return std::find(kReader.begin(), kReader.end(), s) != kReader.end();
}

AlarmSet evaluate_alarms(const domain::Engine& engine, const std::map<std::string, DeviceHealth>& devices) {
  AlarmSet out;
  const auto& th = engine.config().alarms;
  for (const auto& l : engine.loads()) {
    const std::string& code = l.service->code;
    if (l.waiting >= th.queue_length)
      add(out, {"queue_length",
                code,
                {{"service", code}, {"threshold", th.queue_length}},
                std::to_string(l.waiting) + " waiting for service " + code});
    // The threshold crossing, not the growing wait, is the alarm: data stays
    // stable so the alarm is pushed once.
    if (l.longest_wait_s >= th.wait_minutes * 60)
      add(out, {"wait_time",
                code,
                {{"service", code}, {"threshold_s", th.wait_minutes * 60}},
                "someone has waited over " + std::to_string(th.wait_minutes) + " min for service " + code});
  }
  auto now = engine.now();
  for (const auto& w : engine.config().windows) {
    const domain::WindowState* st = engine.window_state(w.number);
    if (st == nullptr || !st->paused || st->clerk.empty()) continue;
    if (domain::seconds_between(st->since, now) >= th.paused_minutes * 60)
      add(out, {"window_paused",
                std::to_string(w.number),
                {{"window", w.number}, {"since", domain::format_iso(st->since)}, {"reason", st->pause_reason}},
                "window " + std::to_string(w.number) + " paused over " + std::to_string(th.paused_minutes) + " min (" +
                    st->pause_reason + ")"});
  }
  for (const auto& [id, h] : devices) {
    if (!h.connected) {
      add(out, {"device_offline", id, {{"device", id}}, "device " + id + " is not connected"});
      continue;
    }
    if (!h.printer.empty() && h.printer != "ready" && h.printer != "unknown")
      add(out, {"printer",
                id,
                {{"device", id}, {"state", h.printer}, {"detail", h.detail}},
                "printer of " + id + ": " + h.printer});
    if (!h.card_reader.empty() && h.card_reader != "ok")
      add(out, {"card_reader",
                id,
                {{"device", id}, {"state", h.card_reader}},
                "card reader of " + id + ": " + h.card_reader});
  }
  return out;
}

nlohmann::json alarm_json(const Alarm& a, bool active) {
  nlohmann::json j = a.data;
  j["kind"] = a.kind;
  j["key"] = a.key;
  j["active"] = active;
  j["message"] = a.message;
  return j;
}

}  // namespace hallq::server
