#pragma once
// What the kiosk says, in the citizen's language and the second language that
// goes under it: Chinese pairs with Mongolian; Mongolian and English pair with
// Chinese. Words come from assets/i18n (zh, mn, en); names (the hall's,
// services', categories', materials') from the hall config.
//
// Thread affinity: any; not shared between threads.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config/i18n.hpp"
#include "core/protocol/common.hpp"
#include "core/protocol/tickets.hpp"

namespace hallq::kiosk {

class Words {
 public:
  static constexpr const char* kLangs[] = {"zh", "mn", "en"};

  // Loads <i18n_dir>/{zh,mn,en}.json; throws std::runtime_error as
  // config::Translations::load. Starts in `lang`.
  Words(const std::string& i18n_dir, std::string lang);

  // "zh", "mn" or "en" (anything else is taken as Chinese).
  void set_lang(std::string lang) { lang_ = std::move(lang); }
  const std::string& lang() const { return lang_; }
  const std::string& second() const;  // the language under it
  const config::Translations& in(std::string_view lang) const;

  std::string t(std::string_view key, config::Translations::Args args = {}) const { return in(lang_).get(key, args); }
  std::string t2(std::string_view key, config::Translations::Args args = {}) const {
    return in(second()).get(key, args);
  }
  std::string name(const protocol::Names& n) const { return n.in(lang_); }
  std::string name2(const protocol::Names& n) const { return n.in(second()); }

 private:
  std::vector<config::Translations> tr_;  // zh, mn, en
  std::string lang_;
};

// The estimated wait as the citizen is told it, in whole minutes: the range (low, high) when the
// reply that issued the ticket gave one that is wide (domain::wait_range_shown); nothing when
// one number (ewt_s) is told.
std::optional<std::pair<long long, long long>> wait_range_minutes(const protocol::TicketInfo& t);

}  // namespace hallq::kiosk
