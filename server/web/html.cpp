#include "server/web/html.hpp"

#include <algorithm>
#include <array>

namespace hallq::server::web {

std::string json_for_html(std::string_view json) {
  std::string out;
  for (char c : json) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Words::Words(const std::string& assets_dir)
    : zh_(config::Translations::load(assets_dir + "/i18n", "zh")),
      mn_(config::Translations::load(assets_dir + "/i18n", "mn")),
      en_(config::Translations::load(assets_dir + "/i18n", "en")) {}

const config::Translations& Words::in(std::string_view lang) const {
  if (lang == "mn") return mn_;
  if (lang == "en") return en_;
  return zh_;
}

std::string Words::choose(const std::string* asked, std::string_view accept_language, std::string_view fallback) {
  auto ours = [](std::string_view l) { return l == "zh" || l == "mn" || l == "en"; };
  if (asked && ours(*asked)) return *asked;
  // "mn-MN,mn;q=0.9,en;q=0.8": the first of ours, by its primary tag.
  while (!accept_language.empty()) {
    auto end = accept_language.find(',');
    std::string_view item = accept_language.substr(0, end);
    accept_language = end == std::string_view::npos ? std::string_view() : accept_language.substr(end + 1);
    while (item.starts_with(' ')) item.remove_prefix(1);
    std::string_view tag = item.substr(0, std::min(item.find(';'), item.find('-')));
    std::string lower(tag.substr(0, 2));
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (tag.size() == 2 && ours(lower)) return lower;
  }
  return std::string(fallback);
}

std::string render(const Page& page) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"";
  html += page.lang == "mn" ? "mn-Mong" : page.lang == "en" ? "en" : "zh-Hans";
  html +=
      "\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      escape(page.title) +
      "</title>"
      "<link rel=\"stylesheet\" href=\"/static/hallq.css\">";
  for (const auto& s : page.scripts) html += "<script defer src=\"" + escape(s) + "\"></script>";
  html += "</head><body class=\"lang-" + escape(page.lang) +
          (page.body_class.empty() ? "" : " " + escape(page.body_class)) + (page.training.empty() ? "" : " training") +
          "\">";
  if (!page.training.empty())
    html += "<p class=\"training-banner\" id=\"training\" role=\"note\">" + escape(page.training) + "</p>";
  html += page.body;
  html += "</body></html>\n";
  return html;
}

std::string training_banner(const config::Config& config, const config::Translations& tr) {
  return config.training ? tr.get("web.training") : std::string();
}

std::string not_found_html(const config::Config& config, const Words& words, std::string_view lang) {
  const config::Translations& tr = words.in(lang);
  Page p;
  p.lang = std::string(lang);
  p.training = training_banner(config, tr);
  p.title = tr.get("web.not_found.title");
  p.body = "<main><h1>" + escape(p.title) + "</h1><p>" + escape(tr.get("web.not_found.text")) + "</p></main>";
  return render(p);
}

std::string language_links(const Words& words, std::string_view path, std::string_view current) {
  std::string out = "<nav class=\"languages\">";
  for (std::string_view lang : std::array<std::string_view, 3>{"zh", "mn", "en"}) {
    std::string name = escape(words.in(lang).get("kiosk.language_name"));
    if (lang == current)
      out += "<span class=\"current lang-" + std::string(lang) + "\">" + name + "</span>";
    else
      out += "<a class=\"lang-" + std::string(lang) + "\" href=\"" + escape(path) +
             (path.find('?') == std::string_view::npos ? "?" : "&amp;") + "lang=" + std::string(lang) +
             "\" hreflang=\"" + std::string(lang) + "\">" + name + "</a>";
  }
  return out + "</nav>";
}

}  // namespace hallq::server::web
