#pragma once
// The ticket slip for an issued ticket: Chinese text (what printer fonts
// hold), the service's Mongolian name as a raster drawn by the UI toolkit,
// the one-time list of required materials and the status QR code.

#include <string>

#include "core/config/i18n.hpp"
#include "core/protocol/hall_state.hpp"
#include "core/ui/fonts.hpp"
#include "drivers/printer/ticket.hpp"

namespace hallq::kiosk {

// `zh`: the Chinese translations; `issued`: "2026-11-26 09:41".
printer::TicketSlip make_slip(const protocol::TicketInfo& ticket, const protocol::HallInfo& hall,
                              const config::Translations& zh, ui::FontSet& fonts, const printer::Profile& profile,
                              const std::string& status_url, const std::string& issued);

}  // namespace hallq::kiosk
