#pragma once
// The ticket slip for an issued ticket, in the citizen's language first and
// Chinese second (Chinese citizens: Chinese, with the service's Mongolian name
// under it): Chinese and English as text (what printer fonts hold), Mongolian
// as rasters drawn by the UI toolkit with the screens' shaping; the one-time
// list of required materials and the status QR code.

#include <string>

#include "core/protocol/hall_state.hpp"
#include "core/ui/fonts.hpp"
#include "drivers/printer/ticket.hpp"
#include "kiosk/words.hpp"

namespace hallq::kiosk {

// `words`: the citizen's language (words.lang()) and the translations;
// `issued`: "2026-11-26 09:41"; `training`: a training hall's number, which the slip says first.
printer::TicketSlip make_slip(const protocol::TicketInfo& ticket, const protocol::HallInfo& hall, const Words& words,
                              ui::FontSet& fonts, const printer::Profile& profile, const std::string& status_url,
                              const std::string& issued, bool training = false);

}  // namespace hallq::kiosk
