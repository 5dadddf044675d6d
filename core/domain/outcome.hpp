#pragma once
// Result of an engine operation: a value or a domain error. (std::expected is C++23.)

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace hallq::domain {

// Error codes of the domain; server/dispatcher maps each to the wire code of the same name.
enum class Code {
  bad_request,        // an argument is malformed (invalid ID number, empty reason…)
  not_found,          // unknown service, window, ticket, appointment
  unauthorized,       // wrong clerk id or PIN
  forbidden,          // no clerk is logged in at the window
  invalid_state,      // the operation does not fit the current state
  queue_empty,        // nothing to call
  quota_exhausted,    // the service's daily quota is used up
  outside_hours,      // outside issuing hours, or outside an appointment's check-in window
  limit_exceeded,     // the person's daily limit for the service is reached
  identity_mismatch,  // the ID card shown is not the one the operation needs (a case's applicant)
};

struct Error {
  Code code;
  std::string message;  // English, for logs and operators; terminals translate the code
};

template <typename T>
class [[nodiscard]] Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Outcome(Error e) : v_(std::move(e)) {}      // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const {
    assert(ok());
    return std::get<0>(v_);
  }
  T& value() {
    assert(ok());
    return std::get<0>(v_);
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

struct Done {};

}  // namespace hallq::domain
