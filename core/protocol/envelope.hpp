#pragma once
// The envelopes of the wire contract (docs/protocol.md): requests, replies and
// events, each one line of JSON. What goes inside them are the typed messages
// of the other protocol headers (session, tickets, windows, hall, admin,
// events); this header only wraps and unwraps.
//
//   request  {"id":7,"op":"take", ...fields of TakeRequest}
//   reply    {"id":7,"ok":true, ...fields of the reply type}
//            {"id":7,"ok":false,"error":{"code":"queue_empty","message":"..."}}
//   event    {"event":"called","seq":42, ...fields of the event type}
//
// Every builder returns one complete line including its '\n'. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/protocol/errc.hpp"
#include "core/protocol/schema.hpp"

namespace hallq::protocol {

// The protocol versions this build speaks: the newest (kProtocolVersion, what a client puts in
// hello's `protocol`) and the oldest (kProtocolMin). A release that changes the meaning of a message
// raises kProtocolVersion; one that can still serve the previous version's peers keeps kProtocolMin.
inline constexpr int kProtocolVersion = 1;
inline constexpr int kProtocolMin = 1;
inline constexpr std::uint16_t kDefaultPort = 7700;
// Request ids must survive a JSON client that keeps numbers as doubles.
inline constexpr std::int64_t kMaxRequestId = (std::int64_t{1} << 53) - 1;

// Roles a device may hold; each role may use only its own operations.
enum class Role { kiosk, caller, display, guide, admin, department };
template <>
struct EnumNames<Role> {
  static constexpr std::array<std::string_view, 6> names{"kiosk", "caller", "display", "guide", "admin", "department"};
};

// ------------------------------------------------------------------ the server's side

// A request whose envelope is read; its body (the whole object) is read by the
// operation's own type.
struct Request {
  std::int64_t id = 0;
  std::string op;
  json body;
};

struct RequestError {
  std::optional<std::int64_t> id;  // null when the id itself was unusable
  Errc code = Errc::bad_request;
  std::string message;
};

// Parses one line. A line that is not a JSON object, or lacks an integer "id"
// within ±kMaxRequestId or a string "op", is a RequestError with code bad_request.
std::variant<Request, RequestError> parse_request(std::string_view line);

// Reads the operation's fields from a request body (envelope keys are not
// fields); the error names the field.
template <WireObject Req>
std::optional<std::string> read_request(const json& body, Req& out, ReadOptions options = {}) {
  return read_body(body, out, {"id", "op"}, options);
}

template <WireObject Body>
std::string reply_line(std::int64_t id, const Body& body) {
  static_assert(!has_key<Body>("id") && !has_key<Body>("ok"), "a reply body may not shadow the envelope");
  std::string out;
  out.reserve(256);
  JsonWriter w(out);
  w.begin_object().key("id").value(id).key("ok").value(true);
  write_fields(w, body);
  w.end_object();
  out.push_back('\n');
  return out;
}

// The protocol versions one side speaks, oldest to newest.
struct ProtocolRange {
  int min = kProtocolMin;
  int max = kProtocolVersion;
  bool operator==(const ProtocolRange&) const = default;
};
// The version two sides both speak: the newest in both ranges, or nothing.
std::optional<int> negotiate(ProtocolRange a, ProtocolRange b);

// `protocols`: the server's versions, sent with protocol_mismatch so the peer can say which side
// must be upgraded ("error":{"code":…,"message":…,"protocols":{"min":1,"max":1}}).
std::string error_line(std::optional<std::int64_t> id, Errc code, std::string_view message,
                       std::optional<ProtocolRange> protocols = std::nullopt);

// Events name themselves: `static constexpr std::string_view kEvent = "called";`.
template <WireObject Event>
std::string event_line(std::uint64_t seq, const Event& event) {
  static_assert(!has_key<Event>("event") && !has_key<Event>("seq"), "an event may not shadow the envelope");
  std::string out;
  out.reserve(256);
  JsonWriter w(out);
  w.begin_object().key("event").value(Event::kEvent).key("seq").value_unsigned(seq);
  write_fields(w, event);
  w.end_object();
  out.push_back('\n');
  return out;
}

// ------------------------------------------------------------------ the clients' side

// Requests name their operation and their reply type:
//   struct TakeRequest { static constexpr std::string_view kOp = "take"; using Reply = TicketReply; ... };
template <class Req>
concept WireRequest = WireObject<Req> && requires {
  Req::kOp;
  typename Req::Reply;
};

template <WireRequest Req>
std::string request_line(std::int64_t id, const Req& r) {
  static_assert(!has_key<Req>("id") && !has_key<Req>("op"), "a request may not shadow the envelope");
  std::string out;
  out.reserve(128);
  JsonWriter w(out);
  w.begin_object().key("id").value(id).key("op").value(Req::kOp);
  write_fields(w, r);
  w.end_object();
  out.push_back('\n');
  return out;
}

// A refused or failed request: the server's error, or the client's own
// (offline, timeout).
struct Failure {
  Errc code = Errc::internal;
  std::string message;
  std::optional<ProtocolRange> protocols = std::nullopt;  // the server's versions, with protocol_mismatch
};

// The reply a client gets: the reply type, or a Failure.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Failure f) : v_(std::move(f)) {}    // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  const Failure& failure() const { return std::get<1>(v_); }
  // The error code, or nothing when it succeeded.
  std::optional<Errc> code() const { return ok() ? std::nullopt : std::optional(failure().code); }

 private:
  std::variant<T, Failure> v_;
};

// The failure a reply object reports (code unknown to this client: internal), or
// nothing when "ok" is true.
std::optional<Failure> reply_failure(const json& reply);

// Reads a reply object (parsed from a line) as `T`. An ok reply that does not
// fit `T` is a Failure with code bad_request naming the field.
template <WireObject T>
Result<T> read_reply(const json& reply) {
  if (auto f = reply_failure(reply)) return *f;
  T out{};
  if (auto e = read_body(reply, out, {"id", "ok"}))
    return Failure{Errc::bad_request, "the server's reply does not fit: " + *e};
  return out;
}

}  // namespace hallq::protocol
