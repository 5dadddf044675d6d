// Alarms as guides read them (core/config/alarm_text): a paused window's reason in the reader's
// language.
#include "core/config/alarm_text.hpp"

#include <doctest/doctest.h>

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
