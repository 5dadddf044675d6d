#pragma once
// A direct JSON writer for the wire objects sent most often (tickets and
// windows, in replies and events). It produces exactly what the nlohmann
// mapping in views.hpp produces (a test checks field by field) without
// building a DOM first: the hot path allocates one string.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/views.hpp"

namespace hallq::protocol {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t v);
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(bool v);
  JsonWriter& null();
  template <typename T>
  JsonWriter& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  JsonWriter& value(const Names& n);
  JsonWriter& value(const TicketInfo& t);
  JsonWriter& value(const WindowInfo& w);
  // Already-serialized JSON, inserted as is.
  JsonWriter& raw(std::string_view json);

 private:
  void separate();
  std::string& out_;
  bool first_ = true;
};

// Escapes a UTF-8 string as a JSON string literal (with quotes). Bytes that are
// not valid UTF-8 become U+FFFD, as nlohmann's dump(…, replace) does.
void append_json_string(std::string& out, std::string_view s);

// {"id":id,"ok":true,"<key>":<object>}\n with the object written directly.
std::string reply_ok_with(std::int64_t id, std::string_view key, const TicketInfo& t);
std::string reply_ok_with(std::int64_t id, std::string_view key, const WindowInfo& w);

}  // namespace hallq::protocol
