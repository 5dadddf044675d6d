#include "core/config/i18n.hpp"

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

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

std::string duration_text(const Translations& tr, long long seconds) {
  if (seconds < 60) return tr.get("common.under_minute");
  long long m = (seconds + 59) / 60;
  if (m < 60) return tr.get("common.minutes", {{"n", std::to_string(m)}});
  char mm[24];
  std::snprintf(mm, sizeof mm, "%02lld", m % 60);
  return tr.get("common.hours_minutes", {{"h", std::to_string(m / 60)}, {"m", mm}});
}

}  // namespace hallq::config
