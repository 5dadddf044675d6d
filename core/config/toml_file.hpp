#pragma once
// Reading a TOML file so that every error names the file, the line (but for something missing
// from the top level, which has none) and the field (the hall's configuration, config.cpp):
// parse_toml parses past a toml++ bug, and Reader walks a table, refusing keys nobody read.
// Internal to hallq_config and its users that link toml++ (the simulator's scenarios).

#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/config/config.hpp"
#include "core/domain/hall.hpp"

namespace hallq::config {

// Parses `text`, read from `path`. A syntax error is a ConfigError "path:line: message". Strings
// come back exactly as written (see toml_file.cpp for what toml++ must not see).
toml::table parse_toml(std::string_view text, const std::string& path);

// The text of the TOML file at `path`, for parse_toml: a ConfigError "path: …" unless it is a regular
// file of at most kMaxTomlBytes (a FIFO or /dev/zero would block or fill memory).
inline constexpr std::size_t kMaxTomlBytes = 16u << 20;
std::string read_toml_file(const std::string& path);

// A message about the text parse_toml read, with the characters it hid given back (a key quoted
// in an error keeps its stand-ins until then).
std::string unhide(std::string_view s);

// Walks one TOML table, remembering which keys were read so unknown keys
// (usually typos) can be reported. Every error names file, line and field (no
// line for a key missing from the top level).
class Reader {
 public:
  Reader(const toml::table& t, std::string path, const std::string& file)
      : t_(t), path_(std::move(path)), file_(file) {}

  [[noreturn]] void fail(std::string_view key, const toml::node* at, const std::string& msg) const {
    // Point at the offending value when there is one, else at its table; something missing from
    // the file's top level has no line to point at ("hall.toml: device: at least one ...").
    if (at == nullptr && !key.empty()) at = t_.get(key);
    if (at == nullptr && key.find('.') != std::string_view::npos)
      at = t_.at_path(key).node();  // "appointments.priority"
    std::ostringstream os;
    os << file_;
    if (at || !path_.empty()) os << ":" << (at ? at->source() : t_.source()).begin.line;
    os << ": " << field(key) << ": " << msg;
    throw ConfigError(os.str());
  }

  std::string field(std::string_view key) const {
    if (key.empty()) return path_.empty() ? std::string("(top level)") : path_;
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  const toml::node* node(std::string_view key) {
    used_.insert(std::string(key));
    return t_.get(key);
  }

  template <typename T>
  std::optional<T> opt(std::string_view key, const char* what) {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    // Exactly that type: toml++'s value<T>() would read true as the integer 1 and 2 as true.
    auto v = n->value_exact<T>();
    if (!v) fail(key, n, std::string("must be ") + what);
    return *v;
  }

  std::string str(std::string_view key, std::string def = {}) {
    return opt<std::string>(key, "a string").value_or(std::move(def));
  }
  std::string req_str(std::string_view key) {
    auto v = opt<std::string>(key, "a string");
    if (!v || v->empty()) fail(key, nullptr, "is required");
    return *v;
  }
  std::int64_t integer(std::string_view key, std::int64_t def, std::int64_t lo, std::int64_t hi) {
    const toml::node* n = t_.get(key);
    auto v = opt<std::int64_t>(key, "an integer").value_or(def);
    if (v < lo || v > hi) fail(key, n, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return v;
  }
  bool boolean(std::string_view key, bool def) { return opt<bool>(key, "true or false").value_or(def); }

  const toml::table* table(std::string_view key, bool required) {
    const toml::node* n = node(key);
    if (!n) {
      if (required) fail(key, nullptr, "is required");
      return nullptr;
    }
    if (!n->is_table()) fail(key, n, "must be a table");
    return n->as_table();
  }

  const toml::array* array(std::string_view key) {
    const toml::node* n = node(key);
    if (!n) return nullptr;
    if (!n->is_array()) fail(key, n, "must be an array");
    return n->as_array();
  }

  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    if (const toml::array* a = array(key))
      for (const auto& e : *a) {
        auto v = e.value<std::string>();
        if (!v) fail(key, &e, "must be an array of strings");
        out.push_back(*v);
      }
    return out;
  }

  domain::Names names(std::string_view key, bool required = true) {
    const toml::table* t = table(key, required);
    domain::Names n;
    if (!t) return n;
    Reader r(*t, field(key), file_);
    n.zh = r.req_str("zh");
    n.mn = r.req_str("mn");
    n.en = r.str("en");
    r.done();
    return n;
  }

  // ["08:30-12:00", …]: each an interval of minutes; the first bad one is an error.
  std::vector<domain::Interval> intervals(std::string_view key);

  int minute(std::string_view key, int def) {
    const toml::node* n = t_.get(key);
    auto s = opt<std::string>(key, "a time like \"02:00\"");
    if (!s) return def;
    auto m = domain::parse_hhmm(*s);
    if (!m || *m >= 1440) fail(key, n, "\"" + *s + "\" is not a time like \"02:00\"");
    return *m;
  }

  // Unknown keys are errors: a misspelt "qouta" must not silently mean "no quota".
  void done() const {
    for (const auto& [k, v] : t_)
      if (!used_.count(std::string(k.str()))) fail(k.str(), &v, "unknown setting (misspelt?)");
  }

  const std::string& file() const { return file_; }

 private:
  const toml::table& t_;
  std::string path_;
  const std::string& file_;
  std::set<std::string> used_;
};

// Iterates an array of tables ([[service]] …), giving each a Reader named "service[i]".
void each_table(Reader& parent, std::string_view key, const std::function<void(Reader&)>& fn);

// "sun" … "sat" → 0 … 6; -1 for anything else.
int weekday_of(std::string_view s);

}  // namespace hallq::config
