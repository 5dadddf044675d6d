#include "kiosk/words.hpp"

#include "core/domain/wait_estimate.hpp"

namespace hallq::kiosk {

Words::Words(const std::string& i18n_dir, std::string lang) : lang_(std::move(lang)) {
  for (const char* l : kLangs) tr_.push_back(config::Translations::load(i18n_dir, l));
}

const std::string& Words::second() const {
  static const std::string zh = "zh", mn = "mn";
  return lang_ == "zh" ? mn : zh;
}

const config::Translations& Words::in(std::string_view lang) const {
  for (std::size_t i = 0; i < tr_.size(); ++i)
    if (lang == kLangs[i]) return tr_[i];
  return tr_[0];
}

std::optional<std::pair<long long, long long>> wait_range_minutes(const protocol::TicketInfo& t) {
  if (!t.ewt_lo_s || !t.ewt_hi_s || !domain::wait_range_shown({t.ewt_s, *t.ewt_lo_s, *t.ewt_hi_s})) return std::nullopt;
  return std::pair{*t.ewt_lo_s / 60, (*t.ewt_hi_s + 59) / 60};
}

}  // namespace hallq::kiosk
