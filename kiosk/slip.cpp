#include "kiosk/slip.hpp"

#include "core/config/i18n.hpp"
#include "drivers/printer/preview.hpp"

namespace hallq::kiosk {
namespace {

// Traditional Mongolian letters (U+1800–U+18AF: UTF-8 E1 A0 80 – E1 A2 AF).
bool has_mongolian(const std::string& s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) == 0xE1) {
      auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0xA0 && next <= 0xA2) return true;
    }
  return false;
}

// Lines of the slip: the citizen's language first, Chinese second.
class Lines {
 public:
  Lines(const Words& words, ui::FontSet& fonts, const printer::Profile& profile)
      : zh_(words.in("zh")), first_(words.in(words.lang())), lang_(words.lang()), fonts_(fonts), profile_(profile) {}

  // `px` and `tall`: the Mongolian letters' size and its columns' height on 58 mm paper.
  printer::SlipText text(const std::string& zh, const std::string& first, int px = 24, int tall = 120) const {
    printer::SlipText t(zh);
    if (lang_ == "mn" && has_mongolian(first)) {
      // 80 mm paper: taller columns; never wider than the paper.
      int columns = profile_.width_dots >= 576 ? tall * 5 / 4 : tall;
      t.image = printer::mongolian_raster(fonts_, first, px, columns, profile_.width_dots - 16);
    } else if (lang_ == "en" && !first.empty() && first != zh) {
      t.text = first;
    }
    return t;
  }
  printer::SlipText key(std::string_view key, config::Translations::Args args = {}) const {
    return text(zh_.get(key, args), first_.get(key, args));
  }
  printer::SlipText name(const protocol::Names& n, int px = 24, int tall = 120) const {
    return text(n.zh, n.in(lang_), px, tall);
  }

 private:
  const config::Translations& zh_;
  const config::Translations& first_;
  std::string lang_;
  ui::FontSet& fonts_;
  const printer::Profile& profile_;
};

}  // namespace

printer::TicketSlip make_slip(const protocol::TicketInfo& ticket, const protocol::HallInfo& hall, const Words& words,
                              ui::FontSet& fonts, const printer::Profile& profile, const std::string& status_url,
                              const std::string& issued, bool training) {
  Lines lines(words, fonts, profile);
  printer::TicketSlip slip;
  slip.hall = lines.name(hall.names, 26);
  slip.number_label = lines.key("ticket.number_label");
  slip.number = ticket.number;
  const auto* service = hall.service(ticket.service);
  slip.service = service ? lines.name(service->names, 30, 180) : printer::SlipText(ticket.service);
  // A Chinese slip still names the service in Mongolian, under the Chinese.
  if (words.lang() == "zh" && service && !service->names.mn.empty())
    slip.service_mongolian =
        printer::mongolian_raster(fonts, service->names.mn, 30, profile.width_dots >= 576 ? 220 : 180);
  if (training) slip.info.push_back(lines.key("ticket.training"));
  if (ticket.name_masked) slip.info.push_back(lines.key("ticket.name", {{"name", *ticket.name_masked}}));
  if (ticket.appointment) slip.info.push_back(lines.key("ticket.appointment", {{"code", *ticket.appointment}}));
  slip.info.push_back(ticket.ahead == 0   ? lines.key("ticket.ahead_none")
                      : ticket.ahead == 1 ? lines.key("ticket.ahead_one")  // "1 person", not "1 people"
                                          : lines.key("ticket.ahead", {{"n", std::to_string(ticket.ahead)}}));
  if (auto range = wait_range_minutes(ticket))  // wide: "约 10–15 分钟"
    slip.info.push_back(lines.key("ticket.ewt_range",
                                  {{"low", std::to_string(range->first)}, {"high", std::to_string(range->second)}}));
  else if (ticket.ewt_s > 0 && ticket.ewt_s < 60)  // as the screen says it: "不到 1 分钟", not "约 1 分钟"
    slip.info.push_back(lines.key("ticket.ewt_soon"));
  else if (ticket.ewt_s > 0)
    slip.info.push_back(lines.key("ticket.ewt", {{"minutes", std::to_string((ticket.ewt_s + 59) / 60)}}));
  slip.info.push_back(lines.key("ticket.issued", {{"time", issued}}));
  if (service && !service->materials.empty()) {
    slip.materials_title = lines.key("ticket.materials_title");
    for (const auto& m : service->materials) slip.materials.push_back(lines.name(m));
  }
  slip.qr_payload = status_url;
  if (!status_url.empty()) slip.qr_caption = lines.key("ticket.qr_caption");
  slip.footer = lines.key("ticket.footer");
  return slip;
}

}  // namespace hallq::kiosk
