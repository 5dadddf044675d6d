#pragma once
// A direct JSON writer: appends to one string, no DOM. The wire types' one
// writer (core/protocol/schema.hpp) is built on it, so replies and events on the
// hot path cost one allocation.
//
// The caller keeps the structure right (keys inside objects, matching
// begin/end); commas are placed by the writer. Strings are escaped as RFC 8259
// asks, and bytes that are not valid UTF-8 become U+FFFD (a stray byte from a
// card reader or a file must never produce a line a client cannot parse).

#include <cstdint>
#include <string>
#include <string_view>

namespace hallq::protocol {

class JsonWriter {
 public:
  // `out` must outlive the writer; text is appended to it.
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t v);
  JsonWriter& value(bool v);
  JsonWriter& value_unsigned(std::uint64_t v);
  JsonWriter& value_double(double v);  // null for NaN and infinities (JSON has neither)
  JsonWriter& null();
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

}  // namespace hallq::protocol
