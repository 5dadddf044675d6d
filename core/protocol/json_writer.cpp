#include "core/protocol/json_writer.hpp"

#include <charconv>

namespace hallq::protocol {

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20) {
            out += "\\u00";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Validate one UTF-8 sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    std::size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    std::uint32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; ok && k < n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok)
      ok = (n == 2 && cp >= 0x80) || (n == 3 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) ||
           (n == 4 && cp >= 0x10000 && cp <= 0x10FFFF);
    if (ok) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      // One U+FFFD for the lead byte and the continuation bytes that followed it.
      out += "\xEF\xBF\xBD";
      std::size_t k = 1;
      while (n > 0 && k < n && i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80) ++k;
      i += k;
    }
  }
  out.push_back('"');
}

void JsonWriter::separate() {
  if (!first_) out_.push_back(',');
  first_ = false;
}

JsonWriter& JsonWriter::begin_object() {
  out_.push_back('{');
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_.push_back('}');
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  append_json_string(out_, k);
  out_.push_back(':');
  first_ = true;  // the value that follows needs no comma
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  separate();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t v) {
  separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(bool v) {
  separate();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::value(const Names& n) {
  separate();
  begin_object();
  // nlohmann objects are ordered by key: en, mn, zh.
  key("en").value(n.en).key("mn").value(n.mn).key("zh").value(n.zh);
  return end_object();
}

// Keys in lexicographic order, as nlohmann's std::map-based objects print them.
JsonWriter& JsonWriter::value(const TicketInfo& t) {
  separate();
  begin_object();
  key("ahead").value(t.ahead);
  key("appointment").value(t.appointment);
  key("called_at").value(t.called_at);
  key("channel").value(t.channel);
  key("clerk").value(t.clerk);
  key("ewt_s").value(t.ewt_s);
  key("finished_at").value(t.finished_at);
  key("id_masked").value(t.id_masked);
  key("issued_at").value(t.issued_at);
  key("name_masked").value(t.name_masked);
  key("number").value(t.number);
  key("priority").value(t.priority);
  key("reason").value(t.reason);
  key("recalls").value(t.recalls);
  key("service").value(t.service);
  key("state").value(t.state);
  key("target_window").value(t.target_window);
  key("waited_s").value(t.waited_s);
  key("window").value(t.window);
  return end_object();
}

JsonWriter& JsonWriter::value(const WindowInfo& w) {
  separate();
  begin_object();
  key("clerk").value(w.clerk);
  key("clerk_name").value(w.clerk_name);
  key("current").value(w.current);
  key("current_service").value(w.current_service);
  key("kind").value(w.kind);
  key("names").value(w.names);
  key("number").value(w.number);
  key("reason").value(w.reason);
  key("served").value(w.served);
  key("since").value(w.since);
  key("state").value(w.state);
  return end_object();
}

namespace {
template <typename T>
std::string reply_with(std::int64_t id, std::string_view k, const T& v) {
  std::string out;
  out.reserve(512);
  JsonWriter w(out);
  w.begin_object().key("id").value(id).key("ok").value(true).key(k).value(v).end_object();
  out.push_back('\n');
  return out;
}
}  // namespace

std::string reply_ok_with(std::int64_t id, std::string_view key, const TicketInfo& t) {
  return reply_with(id, key, t);
}
std::string reply_ok_with(std::int64_t id, std::string_view key, const WindowInfo& w) {
  return reply_with(id, key, w);
}

}  // namespace hallq::protocol
