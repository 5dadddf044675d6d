#pragma once
// HTML for the web's pages: escaping (every value a page shows goes through
// it) and the page around a body, in the reader's language — Chinese,
// traditional Mongolian (laid out vertically: CSS writing-mode vertical-lr, in
// Noto Sans Mongolian served from the installed fonts) or English. Pages link
// their style and scripts from /static; none is inline (the CSP forbids it).

#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.hpp"
#include "core/config/i18n.hpp"

namespace hallq::server::web {

// Text and attribute values: & < > " ' escaped.
std::string escape(std::string_view s);
// JSON (already dumped) inside a <script type="application/json"> block: < > & as \u escapes, so
// nothing in it may close the element.
std::string json_for_html(std::string_view json);

// The three languages' words (assets/i18n) and which one a reader gets.
class Words {
 public:
  // Reads <assets>/i18n/{zh,mn,en}.json; throws std::runtime_error naming the file.
  explicit Words(const std::string& assets_dir);
  Words() = default;
  const config::Translations& in(std::string_view lang) const;
  // ?lang= when it is one of ours, else the first of ours in Accept-Language, else `fallback`.
  static std::string choose(const std::string* asked, std::string_view accept_language, std::string_view fallback);

 private:
  config::Translations zh_, mn_, en_;
};

struct Page {
  std::string lang = "zh";           // zh, mn, en
  std::string title;                 // escaped by render()
  std::string body;                  // HTML, escaped by its maker
  std::vector<std::string> scripts;  // "/static/visit.js", loaded deferred
  std::string body_class;
  std::string training;  // a training hall's banner (training_banner); empty: a real hall's page
};

// The banner every page of a training hall opens with (web.training in the
// page's language: 培训大厅 · 不办理真实业务), or nothing for a real hall.
std::string training_banner(const config::Config& config, const config::Translations& tr);

// A name in the reader's language, Chinese when it has none in that one (the
// hall's domain::Names or the wire's protocol::Names: both have zh, mn, en).
template <class Names>
std::string name_in(const Names& n, std::string_view lang) {
  const std::string& s = lang == "mn" ? n.mn : lang == "en" ? n.en : n.zh;
  return s.empty() ? n.zh : s;
}

// The whole document: doctype, lang, viewport for phones, the style sheet, the scripts.
std::string render(const Page& page);

// The page for an address nobody serves (404), in the reader's language.
std::string not_found_html(const config::Config& config, const Words& words, std::string_view lang);

// Links to the same page in the other languages ("中文 · ᠮᠣᠩᠭᠣᠯ · English"); `path` may carry a
// query (not escaped; without lang), which the links keep.
std::string language_links(const Words& words, std::string_view path, std::string_view current);

}  // namespace hallq::server::web
