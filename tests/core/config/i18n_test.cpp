// The translations (assets/i18n): every key in every language with the same placeholders, every
// key the sources name, words for every error and alarm, a refusal's words; and text for a
// terminal: how many columns a string takes and padding to a width, as the command-line tools'
// tables use them (a Chinese heading over figures stays aligned). That the Mongolian strings are
// in the Mongolian script is checked where the script runs are: tests/core/ui/toolkit_test.cpp.
#include "core/config/i18n.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/config/error_text.hpp"
#include "core/protocol/admin.hpp"
#include "core/protocol/errc.hpp"
#include "tests/support/process.hpp"

using namespace hallq;

TEST_CASE("columns: a Chinese character takes two, Latin and Mongolian letters one, variation selectors none") {
  CHECK(config::columns("") == 0);
  CHECK(config::columns("window") == 6);
  CHECK(config::columns("窗口") == 4);
  CHECK(config::columns("90%等候") == 7);
  CHECK(config::columns("业务 A（企业开办）") == 18);  // full-width brackets are wide too
  CHECK(config::columns("ᠴᠣᠩᠬᠣ") == 5);
  CHECK(config::columns("ᠮᠢᠨᠦ᠋ᠲ") == 5);  // with a free variation selector (U+180B)
  CHECK(config::columns("ᠰᠠᠷ᠎ᠠ") == 4);               // with a vowel separator (U+180E)
  CHECK(config::columns("–×") == 2);
  CHECK(config::columns("\xff\xfe") == 2);  // not UTF-8: a column a byte
}

TEST_CASE("pad and pad_left: to a width in columns, never cutting") {
  CHECK(config::pad("窗口", 6) == "窗口  ");
  CHECK(config::pad_left("窗口", 6) == "  窗口");
  CHECK(config::pad_left("12.5", 6) == "  12.5");
  CHECK(config::pad("window", 3) == "window");
  CHECK(config::pad_left("平均等候", 4) == "平均等候");
}

TEST_CASE("translations: every error code and every alarm kind has words, in every language") {
  std::string dir = hallq::test::source_path("assets/i18n");
  for (const char* lang : {"zh", "mn", "en"}) {
    auto tr = config::Translations::load(dir, lang);
    for (std::string_view code : hallq::protocol::EnumNames<hallq::protocol::Errc>::names) {
      INFO(lang << " errors." << code);
      CHECK(tr.has("errors." + std::string(code)));
    }
    for (std::string_view kind : hallq::protocol::EnumNames<hallq::protocol::AlarmKind>::names) {
      INFO(lang << " display.alarm." << kind);
      CHECK(tr.has("display.alarm." + std::string(kind)));
    }
  }
}

TEST_CASE("translations: the three languages have the same keys and the same placeholders") {
  std::string dir = hallq::test::source_path("assets/i18n");
  auto zh = config::Translations::load(dir, "zh");
  auto mn = config::Translations::load(dir, "mn");
  auto en = config::Translations::load(dir, "en");
  auto placeholders = [](const std::string& s) {
    std::string out;
    for (std::size_t i = s.find('{'); i != std::string::npos; i = s.find('{', i + 1))
      out += s.substr(i, s.find('}', i) - i + 1);
    return out;
  };
  for (const auto* other : {&mn, &en}) {
    for (const auto& [key, text] : zh.all()) {
      INFO(other->lang() << " " << key);
      REQUIRE(other->has(key));
      std::string a = placeholders(text), b = placeholders(other->get(key));
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      CHECK(a == b);
    }
    CHECK(other->size() == zh.size());
  }
  CHECK(zh.get("no.such.key") == "⟨no.such.key⟩");  // visible, never blank
  CHECK(zh.get("common.minutes", {{"n", "5"}}) == "5 分钟");
  CHECK(config::duration_text(zh, 30) == "不到 1 分钟");
  CHECK(config::duration_text(zh, 61) == "2 分钟");
  CHECK(config::duration_text(en, 3600 + 5 * 60) == "1 h 05 min");
  // Time already passed counts whole minutes, as a clock does: waited 74 s is 1 minute.
  CHECK(config::elapsed_text(zh, 30) == "不到 1 分钟");
  CHECK(config::elapsed_text(zh, 74) == "1 分钟");
  CHECK(config::elapsed_text(zh, 119) == "1 分钟");
  CHECK(config::elapsed_text(zh, 120) == "2 分钟");
  CHECK(config::elapsed_text(en, 3600 + 5 * 60 + 59) == "1 h 05 min");
}

// A key that a merge turned from a group into a single string left a whole page showing ⟨keys⟩: every
// key the sources spell out whole must be there, in every language. (Keys built at run time, from a
// prefix ending in '.' or '_', are checked where they are built, as the errors and alarms above.)
TEST_CASE("translations: every key the sources name is there, in every language") {
  namespace fs = std::filesystem;
  std::string dir = hallq::test::source_path("assets/i18n");
  std::vector<config::Translations> langs;
  for (const char* lang : {"zh", "mn", "en"}) langs.push_back(config::Translations::load(dir, lang));
  std::set<std::string> groups;  // the top-level groups: "web", "kiosk", ...
  for (const auto& [key, text] : langs[0].all()) groups.insert(key.substr(0, key.find('.')));
  // A quoted dotted name; a button's id (ui.button("case.ok", ...)) is a name, not a key.
  const std::regex literal(R"re((button\(\s*)?"([a-z][a-z0-9_]*(\.[a-z0-9_]+)+)")re");
  int named = 0;
  for (const char* top : {"core", "server", "kiosk", "caller", "display", "drivers", "tools"}) {
    for (const auto& entry : fs::recursive_directory_iterator(hallq::test::source_path(top))) {
      auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      std::ifstream in(entry.path());
      std::string src((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      for (std::sregex_iterator m(src.begin(), src.end(), literal), end; m != end; ++m) {
        std::string key = (*m)[2];
        if ((*m)[1].matched || !groups.count(key.substr(0, key.find('.'))) || key.back() == '_') continue;
        ++named;
        for (const auto& tr : langs) {
          INFO(tr.lang() << ": " << key << " named in " << fs::relative(entry.path(), hallq::test::source_path("")));
          CHECK(tr.has(key));
        }
      }
    }
  }
  CHECK(named > 500);  // the scan saw the sources
}

TEST_CASE("a refusal in plain words: the operation's own, else the code's, else a general one") {
  std::string dir = hallq::test::source_path("assets/i18n");
  auto zh = config::Translations::load(dir, "zh");
  REQUIRE(zh.has("errors.call.queue_empty"));
  REQUIRE(zh.get("errors.call.queue_empty") != zh.get("errors.queue_empty"));
  CHECK(config::error_text(zh, "call", "queue_empty") == zh.get("errors.call.queue_empty"));
  CHECK(config::error_text(zh, "recall", "queue_empty") == zh.get("errors.queue_empty"));  // no words of its own
  CHECK(config::error_text(zh, "take", "no_such_code") == zh.get("errors.internal"));
  CHECK(config::error_text(zh, "take", "no_such_code").find("errors") == std::string::npos);  // never a raw key
  auto mn = config::Translations::load(dir, "mn");
  CHECK(config::error_text(mn, "checkin_card", "not_found") == mn.get("errors.checkin_card.not_found"));
}
