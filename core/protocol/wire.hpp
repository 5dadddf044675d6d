#pragma once
// Envelopes of the wire contract (docs/protocol.md): requests, replies, events.
// Every builder returns one complete line including its '\n'.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/protocol/errc.hpp"

namespace hallq::protocol {

using json = nlohmann::json;

inline constexpr int kProtocolVersion = 1;
inline constexpr std::uint16_t kDefaultPort = 7700;

// Roles a device may hold; each role may use only its own operations.
enum class Role { kiosk, caller, display, guide, admin };
std::string_view to_string(Role r) noexcept;
std::optional<Role> role_from_string(std::string_view s) noexcept;

struct Request {
  std::int64_t id = 0;
  std::string op;
  json body;  // the whole object, "id" and "op" included
};

struct RequestError {
  std::optional<std::int64_t> id;  // null when the id itself was unusable
  Errc code = Errc::bad_request;
  std::string message;
};

// Parses one line. A line that is not a JSON object, or lacks an integer "id"
// or a string "op", is a RequestError with code bad_request.
struct ParsedRequest {
  std::optional<Request> request;
  RequestError error;
};
ParsedRequest parse_request(std::string_view line);

// {"id":id,"ok":true, ...fields}\n   (fields must be an object or null)
std::string reply_ok(std::int64_t id, const json& fields = nullptr);
// {"id":id|null,"ok":false,"error":{"code":..,"message":..}}\n
std::string reply_error(std::optional<std::int64_t> id, Errc code, std::string_view message);
// {"event":name,"seq":seq, ...fields}\n
std::string event_line(std::string_view name, std::uint64_t seq, const json& fields);

// Field helpers for request bodies: a missing field is nullopt; a present field
// of the wrong type is a bad_request with a message naming the field.
class Fields {
 public:
  explicit Fields(const json& body) : body_(body) {}
  std::optional<std::string> str(const char* name) const;
  std::optional<std::int64_t> integer(const char* name) const;
  std::optional<bool> boolean(const char* name) const;
  const json* object_or_array(const char* name) const;
  // Set when a field was present with the wrong type.
  const std::optional<std::string>& error() const { return error_; }

 private:
  const json& body_;
  mutable std::optional<std::string> error_;
};

}  // namespace hallq::protocol
