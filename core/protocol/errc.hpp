#pragma once
// Error codes: the fixed `error.code` vocabulary of the wire contract, one enum
// for the server and every client. Exposed as std::error_code through
// hallq::protocol::category(); on the wire as the snake_case name.

#include <array>
#include <string_view>
#include <system_error>

#include "core/protocol/enums.hpp"

namespace hallq::protocol {

enum class Errc {
  bad_request = 1,    // not JSON, not an object, missing or ill-typed field
  unknown_op,         // "op" names no operation
  unauthorized,       // no successful hello yet, or bad credentials
  forbidden,          // the role or device may not do this
  not_found,          // unknown ticket, window, service, clerk, appointment
  invalid_state,      // the operation does not fit the current state
  queue_empty,        // call: nothing waiting for this window
  quota_exhausted,    // take: the service's daily quota is used up
  outside_hours,      // take/checkin: outside issuing hours or the check-in window
  limit_exceeded,     // take: the person's daily limit for the service is reached
  too_large,          // a line longer than the limit; the server closes the connection
  busy,               // storage locked or server shutting down; retry later
  internal,           // storage failure (disk full) or a bug; nothing was changed
  locked,             // login: too many wrong PINs for this clerk or from this device; wait or ask an admin
  rate_limited,       // take: this device issues faster than a person could; wait a moment
  identity_mismatch,  // case_pickup: the ID number shown is not the applicant's (record an agent instead)
  protocol_mismatch,  // hello: no protocol version both sides speak; the error carries the server's range
  // Never sent by the server: a client's own verdicts on a request.
  offline,  // not connected, or the connection was lost before the reply came
  timeout,  // no reply in time (the request may or may not have been carried out)
};

template <>
struct EnumNames<Errc> {
  static constexpr int first = 1;
  static constexpr std::array<std::string_view, 19> names{
      "bad_request", "unknown_op",      "unauthorized",  "forbidden",         "not_found",         "invalid_state",
      "queue_empty", "quota_exhausted", "outside_hours", "limit_exceeded",    "too_large",         "busy",
      "internal",    "locked",          "rate_limited",  "identity_mismatch", "protocol_mismatch", "offline",
      "timeout"};
};

const std::error_category& category() noexcept;
std::error_code make_error_code(Errc e) noexcept;

}  // namespace hallq::protocol

template <>
struct std::is_error_code_enum<hallq::protocol::Errc> : std::true_type {};
