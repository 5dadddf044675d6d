#pragma once
// Translations: <assets>/i18n/{zh,mn,en}.json, nested objects of strings,
// looked up by dotted keys ("ticket.ahead") with {placeholders}. Every word a
// citizen or clerk reads comes from here; Mongolian strings live only in
// mn.json so a native reader can review them in one place. Programs find the
// assets directory with config::find_assets (core/config/paths.hpp).

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace hallq::config {

class Translations {
 public:
  // Loads <dir>/<lang>.json. Throws std::runtime_error naming the file and
  // the problem (missing, not JSON, a value that is not a string).
  static Translations load(const std::string& dir, const std::string& lang);

  using Args = std::initializer_list<std::pair<std::string_view, std::string>>;
  // The text for `key` with {name} replaced; a missing key gives "⟨key⟩" so
  // the gap is visible on screen (and tests catch it).
  std::string get(std::string_view key, Args args = {}) const;
  bool has(std::string_view key) const { return strings_.count(std::string(key)) != 0; }
  const std::string& lang() const { return lang_; }
  std::size_t size() const { return strings_.size(); }
  const std::map<std::string, std::string>& all() const { return strings_; }

 private:
  std::string lang_;
  std::map<std::string, std::string> strings_;
};

// Words with a count: `key`_one when n is 1 and the language has it (English "paused once", "1 working
// day left", not "1 … times", "1 … days"), else `key`. A `_one` key is in every language, like any other.
std::string counted(const Translations& tr, const std::string& key, long long n, Translations::Args args = {});

// "under 1 min", "15 min", "1 h 05 min" in the translations' language
// (common.under_minute, common.minutes, common.hours_minutes); minutes round up.
std::string duration_text(const Translations& tr, long long seconds);
// The same words for time that has passed (waited so far): whole minutes, rounded down, as a clock
// counts them, so 74 s is "1 min", as hallqctl and the web say, not "2 min".
std::string elapsed_text(const Translations& tr, long long seconds);

// Text in a terminal's columns, for the tables the command-line tools print
// in any of the three languages. columns: how many `s` takes — a wide (CJK)
// character 2, a combining or format one (Mongolian variation selectors, the
// zero-width joiner) 0, any other 1, as terminals count them (wcwidth); a byte
// that is not well-formed UTF-8 counts 1. pad: `s` then spaces to `width`
// columns (left-aligned); pad_left: the spaces first (right-aligned). Neither
// cuts a longer `s`.
std::size_t columns(std::string_view s);
std::string pad(std::string s, std::size_t width);
std::string pad_left(std::string s, std::size_t width);

}  // namespace hallq::config
