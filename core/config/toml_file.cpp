#include "core/config/toml_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

namespace hallq::config {
namespace {

// toml++ 3.3 (Debian 12) reaches __builtin_unreachable() — undefined behaviour,
// found by tests/fuzz — when it asks whether one of these characters is
// whitespace (upstream issues 190 and 295). It asks after a value ("200。"),
// at the start of a line continued in a """ string, and wherever its look-ahead
// goes; "。" and "·" are common in a Chinese hall's texts.
bool toml_cannot_classify(char32_t c) {
  if (c <= 0xA0 || c >= 0xFEFF || c == 0x3000) return false;
  auto block = (c - 0xA0) / 0x3FA;  // the blocks of its lookup table
  return block == 0 || block == 11 || block == 63;
}

// So toml++ never sees them: before parsing, each becomes a stand-in from
// plane 15 (private use, which toml++ reads safely and otherwise exactly
// alike); after, every string and every message gets its characters back.
// Plane 15 itself has no place in a configuration and is refused.
constexpr char32_t kStandIn = 0xF0000;

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// toml++ reads a dotted key ("a.b.c", or a table header "[a.b.c]") by recursion, a level a part:
// some 30,000 parts on one line overflow an 8 MiB stack. A hall has a handful; a line with more than
// this many dots between key characters is refused before toml++ sees it.
constexpr int kMaxDottedParts = 1000;

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '"' || c == '\'';
}

std::string hide_from_toml(std::string_view text, const std::string& path) {
  std::string out;
  out.reserve(text.size());
  std::size_t line = 1;
  // The dots of the current chain: key characters joined by dots, spaces and tabs around a dot
  // allowed ("a.b.c", "1.1.1", "a . b"). Anything else ends it: ",", "=", "]", a line's end, or a
  // word after a space ("1.5 2.5"), so a list of numbers or addresses is many short chains.
  int chain = 0;
  char before = '\n';   // the last character that was not a space or tab
  bool spaced = false;  // a space or tab since then
  for (std::size_t i = 0; i < text.size();) {
    const char ch = text[i];
    if (ch == ' ' || ch == '\t') {
      spaced = true;
    } else {
      if (ch == '.') {
        std::size_t r = i + 1;
        while (r < text.size() && (text[r] == ' ' || text[r] == '\t')) ++r;
        if (key_char(before) && r < text.size() && key_char(text[r]) && ++chain >= kMaxDottedParts)
          throw ConfigError(path + ":" + std::to_string(line) + ": a name of " + std::to_string(kMaxDottedParts) +
                            " or more dotted parts");
      } else if (!key_char(ch) || (spaced && before != '.')) {
        chain = 0;
      }
      before = ch;
      spaced = false;
    }
    auto at = [&](std::size_t k) -> char32_t {
      return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
    };
    auto cont = [&](std::size_t k) { return (at(k) & 0xC0) == 0x80; };
    // Only well-formed two- and three-byte sequences; anything else is toml++'s to judge.
    char32_t c = 0;
    std::size_t len = 1;
    if (at(0) >= 0xC2 && at(0) <= 0xDF && cont(1)) {
      c = ((at(0) & 0x1F) << 6) | (at(1) & 0x3F);
      len = 2;
    } else if ((at(0) & 0xF0) == 0xE0 && cont(1) && cont(2)) {
      c = ((at(0) & 0x0F) << 12) | ((at(1) & 0x3F) << 6) | (at(2) & 0x3F);
      len = c >= 0x800 ? 3 : 1;  // not an overlong form
    } else if (at(0) == 0xF3 && at(1) >= 0xB0 && at(1) <= 0xBF) {
      throw ConfigError(path + ":" + std::to_string(line) +
                        ": a private-use character of plane 15 (U+F0000-U+FFFFF) has no place here");
    }
    if (text[i] == '\n') ++line;
    if (len > 1 && toml_cannot_classify(c))
      append_utf8(out, kStandIn | c);
    else
      out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

void unhide_strings(toml::node& n) {
  if (auto* s = n.as_string()) {
    s->get() = unhide(s->get());
  } else if (auto* a = n.as_array()) {
    for (auto& e : *a) unhide_strings(e);
  } else if (auto* t = n.as_table()) {
    for (auto&& [k, v] : *t) unhide_strings(v);
  }
}

}  // namespace

std::string unhide(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = [&](std::size_t k) -> char32_t { return static_cast<unsigned char>(s[i + k]); };
    if (b(0) == 0xF3 && i + 3 < s.size() && b(1) >= 0xB0 && b(1) <= 0xBF) {
      append_utf8(out, ((b(1) & 0x0F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F));
      i += 4;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::string read_toml_file(const std::string& path) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) throw ConfigError(path + ": cannot open: " + ec.message());
  if (!std::filesystem::exists(st)) throw ConfigError(path + ": cannot open: no such file");
  if (std::filesystem::is_directory(st)) throw ConfigError(path + ": is a folder, not a file");
  if (!std::filesystem::is_regular_file(st)) throw ConfigError(path + ": is not a regular file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxTomlBytes)
    throw ConfigError(path + ": is " + std::to_string(size) + " bytes; a file here is at most " +
                      std::to_string(kMaxTomlBytes >> 20) + " MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

toml::table parse_toml(std::string_view text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(hide_from_toml(text, path), path);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    std::string what = unhide(e.description());
    std::replace(what.begin(), what.end(), '\n', ' ');  // toml++ quotes what it saw, a line break too
    os << path << ":" << e.source().begin.line << ": " << what;
    throw ConfigError(os.str());
  }
  unhide_strings(root);
  return root;
}

std::vector<domain::Interval> Reader::intervals(std::string_view key) {
  static const std::regex kRe(R"((\d\d:\d\d)-(\d\d:\d\d))");
  std::vector<domain::Interval> out;
  const toml::node* n = t_.get(key);
  for (const auto& s : strings(key)) {
    std::smatch m;
    std::optional<int> from, to;
    if (std::regex_match(s, m, kRe)) {
      from = domain::parse_hhmm(m[1].str());
      to = domain::parse_hhmm(m[2].str());
    }
    if (!from || !to || *from >= *to) fail(key, n, "\"" + s + "\" is not an interval like \"08:30-12:00\"");
    for (const auto& before : out)
      if (before.from < *to && *from < before.to)
        fail(key, n,
             "\"" + s + "\" overlaps \"" + domain::format_hhmm(before.from) + "-" + domain::format_hhmm(before.to) +
                 "\"");
    out.push_back({*from, *to});
  }
  return out;
}

// Iterates an array of tables ([[service]] …), giving each a Reader named "service[i]".
void each_table(Reader& parent, std::string_view key, const std::function<void(Reader&)>& fn) {
  const toml::array* a = parent.array(key);
  if (!a) return;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node& n = (*a)[i];
    std::string path = std::string(key) + "[" + std::to_string(i + 1) + "]";
    if (!n.is_table()) parent.fail(path, &n, "must be a table");
    Reader r(*n.as_table(), path, parent.file());
    fn(r);
    r.done();
  }
}

int weekday_of(std::string_view s) {
  static const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 7; ++i)
    if (s == kDays[i]) return i;
  return -1;
}

}  // namespace hallq::config
