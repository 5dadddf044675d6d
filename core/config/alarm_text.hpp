#pragma once
// An alarm in a person's words (display.alarm.<kind> in the translation files),
// as the guides' monitor and the web's staff console show it.

#include <string>

#include "core/config/i18n.hpp"
#include "core/protocol/admin.hpp"

namespace hallq::config {

// A window_paused alarm's reason is a pause reason's key (common.pause_reasons.<key>) in `tr`'s
// language, or the free text the clerk typed, as given.
std::string alarm_text(const Translations& tr, const protocol::Alarm& a);

}  // namespace hallq::config
