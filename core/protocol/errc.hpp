#pragma once
// Protocol error codes: the fixed `error.code` vocabulary of the wire contract.
// Exposed as std::error_code through hallq::protocol::category().

#include <optional>
#include <string_view>
#include <system_error>

namespace hallq::protocol {

enum class Errc {
  bad_request = 1,  // not JSON, not an object, missing or ill-typed field
  unknown_op,       // "op" names no operation
  unauthorized,     // no successful hello yet, or bad credentials
  forbidden,        // the role or device may not do this
  not_found,        // unknown ticket, window, service, clerk, appointment
  invalid_state,    // the operation does not fit the current state
  queue_empty,      // call: nothing waiting for this window
  quota_exhausted,  // take: the service's daily quota is used up
  outside_hours,    // take/checkin: outside issuing hours or the check-in window
  limit_exceeded,   // take: the person's daily limit for the service is reached
  too_large,        // a line longer than the limit; the server closes the connection
  busy,             // storage locked or server shutting down; retry later
  internal,         // storage failure (disk full) or a bug; nothing was changed
};

const std::error_category& category() noexcept;
std::error_code make_error_code(Errc e) noexcept;

// snake_case name as sent on the wire, e.g. "queue_empty".
std::string_view to_string(Errc e) noexcept;
std::optional<Errc> errc_from_string(std::string_view name) noexcept;

}  // namespace hallq::protocol

template <>
struct std::is_error_code_enum<hallq::protocol::Errc> : std::true_type {};
