#include "core/config/alarm_text.hpp"

namespace hallq::config {

std::string alarm_text(const Translations& tr, const protocol::Alarm& a) {
  std::string state = a.state.value_or("");
  std::string state_text = state.empty() ? "" : tr.get("display.printer_state." + state);
  if (state_text.rfind("\u27E8", 0) == 0) state_text = state;  // a state without a translation
  std::string key = "display.alarm." + std::string(to_string(a.kind));
  if (a.kind == protocol::AlarmKind::understaffed && a.reason == "rota")
    key = "display.alarm.understaffed_rota";  // the rota's count, not who is in
  // A pause reason is a key each screen words in its own language ("lunch" → 午休); free text as typed.
  std::string reason = a.reason.value_or("");
  if (a.kind == protocol::AlarmKind::window_paused && !reason.empty() && tr.has("common.pause_reasons." + reason))
    reason = tr.get("common.pause_reasons." + reason);
  return tr.get(key, {{"service", a.service.value_or("")},
                      {"threshold", std::to_string(a.threshold.value_or(0))},
                      {"minutes", std::to_string(a.threshold_s.value_or(0) / 60)},
                      {"window", std::to_string(a.window.value_or(0))},
                      {"reason", reason},
                      {"device", a.device.value_or("")},
                      {"who", a.clerk.value_or(a.device.value_or(""))},
                      {"detail", a.detail.value_or("")},
                      // "2026-11-30T11:05:00+08:00" → "11:05"
                      {"until", a.until && a.until->size() >= 16 ? a.until->substr(11, 5) : a.until.value_or("")},
                      {"since", a.since && a.since->size() >= 16 ? a.since->substr(11, 5) : a.since.value_or("")},
                      {"state", state_text}});
}

}  // namespace hallq::config
