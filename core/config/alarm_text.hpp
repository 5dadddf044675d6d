#pragma once
// An alarm in a person's words (display.alarm.<kind> in the translation files),
// as the guides' monitor and the web's staff console show it, and the order a
// guide sees to alarms in.

#include <string>
#include <vector>

#include "core/config/i18n.hpp"
#include "core/protocol/admin.hpp"

namespace hallq::config {

// A pause reason in `tr`'s language: a key of common.pause_reasons ("lunch" → 午休), or the free
// text the clerk typed, as given.
std::string pause_reason_text(const Translations& tr, const std::string& reason);

// A window_paused alarm's reason is a pause reason's key (common.pause_reasons.<key>) in `tr`'s
// language, or the free text the clerk typed, as given.
std::string alarm_text(const Translations& tr, const protocol::Alarm& a);

// How soon a guide should see to an alarm of this kind, 0 first: a kiosk's call for a guide
// (someone is standing there); the hall's equipment (a kiosk that cannot print or read cards, a
// device gone, the server's disk, a kiosk issuing tickets faster than a person could); the queues
// (wait time, queue length, a window paused too long, too few windows open); a citizen who just
// rated badly; a locked clerk; late cases and follow-ups; last a case coming due.
int alarm_rank(protocol::AlarmKind kind);
// Something coming (a case due soon) rather than a problem now: shown as a warning, not an alarm.
bool alarm_is_warning(protocol::AlarmKind kind);
// `alarms` in the order a guide sees to them: by rank, then by subject (the alarm's key, runs of
// digits compared as numbers: window 4 before window 10, kiosk-2 before kiosk-10). The same set of
// alarms is always in the same order, however it arrived.
void sort_by_urgency(std::vector<protocol::Alarm>& alarms);

}  // namespace hallq::config
