#include "core/config/alarm_text.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace hallq::config {

std::string pause_reason_text(const Translations& tr, const std::string& reason) {
  if (reason.empty() || !tr.has("common.pause_reasons." + reason)) return reason;
  return tr.get("common.pause_reasons." + reason);
}

std::string alarm_text(const Translations& tr, const protocol::Alarm& a) {
  std::string state = a.state.value_or("");
  std::string state_text = state.empty() ? "" : tr.get("display.printer_state." + state);
  if (state_text.rfind("\u27E8", 0) == 0) state_text = state;  // a state without a translation
  std::string key = "display.alarm." + std::string(to_string(a.kind));
  if (a.kind == protocol::AlarmKind::understaffed && a.reason == "rota")
    key = "display.alarm.understaffed_rota";  // the rota's count, not who is in
  // A pause reason is a key each screen words in its own language ("lunch" → 午休); free text as typed.
  std::string reason = a.reason.value_or("");
  if (a.kind == protocol::AlarmKind::window_paused) reason = pause_reason_text(tr, reason);
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

int alarm_rank(protocol::AlarmKind kind) {
  using K = protocol::AlarmKind;
  static constexpr std::array order{K::help_requested, K::printer,          K::card_reader,  K::device_offline,
                                    K::disk_low,       K::issue_rate,       K::wait_time,    K::queue_length,
                                    K::window_paused,  K::understaffed,     K::bad_rating,   K::pin_locked,
                                    K::case_overdue,   K::followup_overdue, K::case_due_soon};
  static_assert(order.size() == protocol::EnumNames<K>::names.size(), "every kind of alarm has its rank");
  auto it = std::find(order.begin(), order.end(), kind);
  return static_cast<int>(it - order.begin());
}

bool alarm_is_warning(protocol::AlarmKind kind) {
  return kind == protocol::AlarmKind::case_due_soon;
}

namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// <0, 0, >0 as `a` sorts before, with or after `b`, runs of digits taken as numbers ("kiosk-2" before
// "kiosk-10"); equal numbers written differently ("07", "7") are told apart as text.
int natural_compare(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i_end = i, j_end = j;
      while (i_end < a.size() && digit(a[i_end])) ++i_end;
      while (j_end < b.size() && digit(b[j_end])) ++j_end;
      std::string_view x = a.substr(i, i_end - i), y = b.substr(j, j_end - j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      if (int c = x.compare(y); c != 0) return c;
      i = i_end;
      j = j_end;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
    ++i;
    ++j;
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j ? -1 : 1;
  return a.compare(b);
}

}  // namespace

void sort_by_urgency(std::vector<protocol::Alarm>& alarms) {
  std::stable_sort(alarms.begin(), alarms.end(), [](const protocol::Alarm& x, const protocol::Alarm& y) {
    if (int rx = alarm_rank(x.kind), ry = alarm_rank(y.kind); rx != ry) return rx < ry;
    return natural_compare(x.key, y.key) < 0;
  });
}

}  // namespace hallq::config
