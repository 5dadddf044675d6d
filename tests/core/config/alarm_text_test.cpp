// Alarms as guides read them (core/config/alarm_text): a paused window's reason in the reader's
// language, and the order a guide sees to alarms in — the most urgent first, the same order however
// the alarms arrived.
#include "core/config/alarm_text.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

using namespace hallq;

namespace {

protocol::Alarm alarm_of(protocol::AlarmKind kind, std::string key) {
  protocol::Alarm a;
  a.kind = kind;
  a.key = std::move(key);
  return a;
}

protocol::Alarm paused_alarm(int window, std::string reason) {
  protocol::Alarm a = alarm_of(protocol::AlarmKind::window_paused, std::to_string(window));
  a.window = window;
  a.since = "2026-11-30T09:00:00+08:00";
  a.reason = std::move(reason);
  return a;
}

std::vector<std::string> ids(const std::vector<protocol::Alarm>& alarms) {
  std::vector<std::string> out;
  for (const auto& a : alarms) out.push_back(a.id());
  return out;
}

}  // namespace

TEST_CASE("a paused window's alarm words its reason key in each language, and free text as typed") {
  std::string dir = test::source_path("assets/i18n");
  auto zh = config::Translations::load(dir, "zh");
  auto mn = config::Translations::load(dir, "mn");
  auto en = config::Translations::load(dir, "en");
  CHECK(config::alarm_text(zh, paused_alarm(4, "lunch")) == "4号窗口暂停超过时限（午休）");
  CHECK(config::alarm_text(en, paused_alarm(4, "lunch")) == "Window 4 paused too long (Lunch)");
  std::string mongolian = config::alarm_text(mn, paused_alarm(4, "lunch"));
  CHECK(mongolian.find(mn.get("common.pause_reasons.lunch")) != std::string::npos);
  CHECK(mongolian.find("lunch") == std::string::npos);
  for (const char* key : {"lunch", "meeting", "break", "training", "other"}) {
    CAPTURE(key);
    CHECK(config::alarm_text(zh, paused_alarm(2, key)).find(zh.get("common.pause_reasons." + std::string(key))) !=
          std::string::npos);
  }
  // A reason the clerk typed is no key: shown as given, in every language.
  CHECK(config::alarm_text(zh, paused_alarm(5, "整理材料")) == "5号窗口暂停超过时限（整理材料）");
  CHECK(config::alarm_text(en, paused_alarm(5, "整理材料")) == "Window 5 paused too long (整理材料)");
}

TEST_CASE("alarms by urgency: a call for a guide first, equipment, queues, … a case coming due last") {
  using K = protocol::AlarmKind;
  std::vector<protocol::Alarm> alarms = {
      alarm_of(K::case_due_soon, "F20261130001"),
      alarm_of(K::window_paused, "10"),
      alarm_of(K::queue_length, "B"),
      alarm_of(K::case_overdue, "F20261125003"),
      alarm_of(K::window_paused, "4"),
      alarm_of(K::wait_time, "A"),
      alarm_of(K::device_offline, "kiosk-10"),
      alarm_of(K::help_requested, "kiosk-2"),
      alarm_of(K::device_offline, "kiosk-2"),
      alarm_of(K::printer, "kiosk-1"),
      alarm_of(K::understaffed, "staffing"),
      alarm_of(K::queue_length, "A"),
  };
  const std::vector<std::string> expected = {"help_requested/kiosk-2",
                                             "printer/kiosk-1",
                                             "device_offline/kiosk-2",
                                             "device_offline/kiosk-10",
                                             "wait_time/A",
                                             "queue_length/A",
                                             "queue_length/B",
                                             "window_paused/4",
                                             "window_paused/10",
                                             "understaffed/staffing",
                                             "case_overdue/F20261125003",
                                             "case_due_soon/F20261130001"};
  config::sort_by_urgency(alarms);
  CHECK(ids(alarms) == expected);
  // However they arrive (a snapshot, events, a reconnect), the same alarms come out in the same order.
  std::reverse(alarms.begin(), alarms.end());
  config::sort_by_urgency(alarms);
  CHECK(ids(alarms) == expected);
  std::rotate(alarms.begin(), alarms.begin() + 5, alarms.end());
  config::sort_by_urgency(alarms);
  CHECK(ids(alarms) == expected);
  // Every kind has its own rank; only a case coming due is a warning.
  std::vector<int> ranks;
  for (std::string_view name : protocol::EnumNames<K>::names) {
    auto kind = protocol::enum_from_string<K>(name);
    REQUIRE(kind);
    ranks.push_back(config::alarm_rank(*kind));
    CHECK(config::alarm_is_warning(*kind) == (*kind == K::case_due_soon));
  }
  std::sort(ranks.begin(), ranks.end());
  CHECK(std::adjacent_find(ranks.begin(), ranks.end()) == ranks.end());
  CHECK(config::alarm_rank(K::help_requested) == 0);
  CHECK(config::alarm_rank(K::case_overdue) < config::alarm_rank(K::case_due_soon));
}
