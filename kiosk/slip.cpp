#include "kiosk/slip.hpp"

#include "core/config/i18n.hpp"
#include "drivers/printer/preview.hpp"

namespace hallq::kiosk {

printer::TicketSlip make_slip(const protocol::TicketInfo& ticket, const protocol::HallInfo& hall,
                              const config::Translations& zh, ui::FontSet& fonts, const printer::Profile& profile,
                              const std::string& status_url, const std::string& issued) {
  printer::TicketSlip slip;
  slip.hall = hall.names.zh;
  slip.number_label = zh.get("ticket.number_label");
  slip.number = ticket.number;
  const auto* service = hall.service(ticket.service);
  slip.service = service ? service->names.zh : ticket.service;
  if (service && !service->names.mn.empty())
    slip.service_mongolian =
        printer::mongolian_raster(fonts, service->names.mn, 30, profile.width_dots >= 576 ? 220 : 180);
  if (ticket.name_masked) slip.info.push_back(zh.get("ticket.name", {{"name", *ticket.name_masked}}));
  if (ticket.appointment) slip.info.push_back(zh.get("ticket.appointment", {{"code", *ticket.appointment}}));
  slip.info.push_back(ticket.ahead == 0 ? zh.get("ticket.ahead_none")
                                        : zh.get("ticket.ahead", {{"n", std::to_string(ticket.ahead)}}));
  if (ticket.ewt_s > 0)
    slip.info.push_back(zh.get("ticket.ewt", {{"minutes", std::to_string((ticket.ewt_s + 59) / 60)}}));
  slip.info.push_back(zh.get("ticket.issued", {{"time", issued}}));
  if (service && !service->materials.empty()) {
    slip.materials_title = zh.get("ticket.materials_title");
    for (const auto& m : service->materials) slip.materials.push_back(m.zh);
  }
  slip.qr_payload = status_url;
  if (!status_url.empty()) slip.qr_caption = zh.get("ticket.qr_caption");
  slip.footer = zh.get("ticket.footer");
  return slip;
}

}  // namespace hallq::kiosk
