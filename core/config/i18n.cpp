#include "core/config/i18n.hpp"

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/protocol/utf8.hpp"

namespace hallq::config {

Translations Translations::load(const std::string& dir, const std::string& lang) {
  std::string path = dir + "/" + lang + ".json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the translation file");
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error(path + ": not a JSON object");
  Translations t;
  t.lang_ = lang;
  std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& node,
                                                                            const std::string& prefix) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
      if (it->is_object())
        walk(*it, key);
      else if (it->is_string())
        t.strings_[key] = it->get<std::string>();
      else
        throw std::runtime_error(path + ": \"" + key + "\" must be a string");
    }
  };
  walk(j, "");
  return t;
}

std::string Translations::get(std::string_view key, Args args) const {
  auto it = strings_.find(std::string(key));
  if (it == strings_.end()) return "\u27E8" + std::string(key) + "\u27E9";
  std::string s = it->second;
  for (const auto& [name, value] : args) {
    std::string pat = "{" + std::string(name) + "}";
    for (std::size_t p = s.find(pat); p != std::string::npos; p = s.find(pat, p + value.size()))
      s.replace(p, pat.size(), value);
  }
  return s;
}

std::string counted(const Translations& tr, const std::string& key, long long n, Translations::Args args) {
  if (n == 1 && tr.has(key + "_one")) return tr.get(key + "_one", args);
  return tr.get(key, args);
}

namespace {
std::string minutes_text(const Translations& tr, long long m) {
  if (m < 60) return tr.get("common.minutes", {{"n", std::to_string(m)}});
  char mm[24];
  std::snprintf(mm, sizeof mm, "%02lld", m % 60);
  return tr.get("common.hours_minutes", {{"h", std::to_string(m / 60)}, {"m", mm}});
}
}  // namespace

std::string duration_text(const Translations& tr, long long seconds) {
  if (seconds < 60) return tr.get("common.under_minute");
  return minutes_text(tr, (seconds + 59) / 60);
}

std::string elapsed_text(const Translations& tr, long long seconds) {
  if (seconds < 60) return tr.get("common.under_minute");
  return minutes_text(tr, seconds / 60);
}

namespace {

// The columns a terminal gives a code point (Markus Kuhn's wcwidth, near enough: Unicode's East
// Asian Wide and Fullwidth ranges are 2, combining marks and zero-width format characters 0).
std::size_t code_point_columns(std::uint32_t c) {
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) ||
      (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF)
    return 0;
  bool wide = (c >= 0x1100 && c <= 0x115F) || c == 0x2329 || c == 0x232A || (c >= 0x2E80 && c <= 0x303E) ||
              (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
              (c >= 0xA000 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
              (c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF60) ||
              (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) ||
              (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

}  // namespace

std::size_t columns(std::string_view s) {
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto ch = protocol::utf8_at(s, i);
    cols += ch ? code_point_columns(ch->code_point) : 1;
    i += ch ? ch->size : 1;
  }
  return cols;
}

std::string pad(std::string s, std::size_t width) {
  if (std::size_t cols = columns(s); cols < width) s.append(width - cols, ' ');
  return s;
}

std::string pad_left(std::string s, std::size_t width) {
  if (std::size_t cols = columns(s); cols < width) s.insert(0, width - cols, ' ');
  return s;
}

}  // namespace hallq::config
