#include "core/protocol/wire.hpp"

#include <array>
#include <stdexcept>

namespace hallq::protocol {
namespace {
constexpr std::array<std::string_view, 5> kRoles = {"kiosk", "caller", "display", "guide", "admin"};

std::string finish_line(const json& j) {
  // Replacement instead of throwing: strings we send come from validated input,
  // config and the database, but a stray invalid byte must never kill a session.
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  s.push_back('\n');
  return s;
}
}  // namespace

std::string_view to_string(Role r) noexcept {
  return kRoles[static_cast<std::size_t>(r)];
}

std::optional<Role> role_from_string(std::string_view s) noexcept {
  for (std::size_t i = 0; i < kRoles.size(); ++i)
    if (kRoles[i] == s) return static_cast<Role>(i);
  return std::nullopt;
}

ParsedRequest parse_request(std::string_view line) {
  ParsedRequest out;
  json body = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    out.error = {std::nullopt, Errc::bad_request, "not valid JSON"};
    return out;
  }
  if (!body.is_object()) {
    out.error = {std::nullopt, Errc::bad_request, "a request must be a JSON object"};
    return out;
  }
  auto id = body.find("id");
  if (id == body.end() || !id->is_number_integer()) {
    out.error = {std::nullopt, Errc::bad_request, "\"id\" must be an integer"};
    return out;
  }
  std::int64_t id_value = id->get<std::int64_t>();
  auto op = body.find("op");
  if (op == body.end() || !op->is_string()) {
    out.error = {id_value, Errc::bad_request, "\"op\" must be a string"};
    return out;
  }
  out.request = Request{id_value, op->get<std::string>(), std::move(body)};
  return out;
}

namespace {
// {"id":..,"ok":true} or {"event":..,"seq":..} followed by the fields' members,
// spliced from their serialization rather than copied into a new object.
// The fields may not carry the envelope's own keys: a duplicate "id" would
// make the reply unmatchable (JSON readers keep the last one).
std::string envelope(std::string head, const json& fields, std::initializer_list<const char*> reserved) {
  for (const char* key : reserved)
    if (fields.is_object() && fields.contains(key))
      throw std::logic_error(std::string("reply fields may not contain \"") + key + "\"");
  if (fields.is_object() && !fields.empty()) {
    std::string body = fields.dump(-1, ' ', false, json::error_handler_t::replace);
    head.push_back(',');
    head.append(body, 1, std::string::npos);  // without its '{'
  } else {
    head.push_back('}');
  }
  head.push_back('\n');
  return head;
}
}  // namespace

std::string reply_ok(std::int64_t id, const json& fields) {
  return envelope("{\"id\":" + std::to_string(id) + ",\"ok\":true", fields, {"id", "ok"});
}

std::string reply_error(std::optional<std::int64_t> id, Errc code, std::string_view message) {
  json j = json::object();
  j["id"] = id ? json(*id) : json(nullptr);
  j["ok"] = false;
  j["error"] = {{"code", to_string(code)}, {"message", message}};
  return finish_line(j);
}

std::string event_line(std::string_view name, std::uint64_t seq, const json& fields) {
  return envelope("{\"event\":" + json(name).dump() + ",\"seq\":" + std::to_string(seq), fields, {"event", "seq"});
}

std::optional<std::string> Fields::str(const char* name) const {
  auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    error_ = std::string("\"") + name + "\" must be a string";
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<std::int64_t> Fields::integer(const char* name) const {
  auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    error_ = std::string("\"") + name + "\" must be an integer";
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

std::optional<bool> Fields::boolean(const char* name) const {
  auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    error_ = std::string("\"") + name + "\" must be true or false";
    return std::nullopt;
  }
  return it->get<bool>();
}

const json* Fields::object_or_array(const char* name) const {
  auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return nullptr;
  if (!it->is_object() && !it->is_array()) {
    error_ = std::string("\"") + name + "\" must be an object or an array";
    return nullptr;
  }
  return &*it;
}

}  // namespace hallq::protocol
