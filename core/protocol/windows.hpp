#pragma once
// Windows on the wire: the window object, the clerk's operations at a window
// (login … resume) and what a window would call next (waiting).

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"
#include "core/protocol/tickets.hpp"

namespace hallq::protocol {

enum class WindowKind { comprehensive, specialised, pickup, consult };
template <>
struct EnumNames<WindowKind> {
  static constexpr std::array<std::string_view, 4> names{"comprehensive", "specialised", "pickup", "consult"};
};

enum class WindowState { closed, idle, serving, paused };
template <>
struct EnumNames<WindowState> {
  static constexpr std::array<std::string_view, 4> names{"closed", "idle", "serving", "paused"};
};

struct WindowInfo {
  int number = 0;
  Names names;
  WindowKind kind = WindowKind::comprehensive;
  WindowState state = WindowState::closed;  // closed: nobody logged in
  std::optional<std::string> clerk;         // clerk id
  std::optional<std::string> clerk_name;
  std::optional<std::string> current;  // the ticket being served
  std::optional<std::string> current_service;
  std::optional<std::string> since;   // when the state (or the current service) began
  std::optional<std::string> reason;  // why it is paused
  int served = 0;                     // tickets finished here today
  bool operator==(const WindowInfo&) const = default;
};
template <>
struct Wire<WindowInfo> {
  using T = WindowInfo;
  static constexpr auto fields = std::tuple{req("number", &T::number),   opt("names", &T::names),
                                            opt("kind", &T::kind),       req("state", &T::state),
                                            opt("clerk", &T::clerk),     opt("clerk_name", &T::clerk_name),
                                            opt("current", &T::current), opt("current_service", &T::current_service),
                                            opt("since", &T::since),     opt("reason", &T::reason),
                                            opt("served", &T::served)};
};

// {"window": {...}}: the reply of login, logout, pause and resume.
struct WindowReply {
  WindowInfo window;
};
template <>
struct Wire<WindowReply> {
  static constexpr auto fields = std::tuple{req("window", &WindowReply::window)};
};

// Every operation below acts for one window; a caller bound to a window may act
// for that window only.
template <class Req>
concept WindowRequest = requires(const Req& r) {
  { r.window } -> std::convertible_to<int>;
};

// login: a clerk sits down at the window (moving from another one if needed).
struct LoginRequest {
  static constexpr std::string_view kOp = "login";
  using Reply = WindowReply;
  int window = 0;
  std::string clerk;
  std::string pin;
};
template <>
struct Wire<LoginRequest> {
  using T = LoginRequest;
  static constexpr auto fields = std::tuple{req("window", &T::window), req("clerk", &T::clerk), req("pin", &T::pin)};
};

// An operation with nothing to say but the window it acts for.
template <OpName Op, class R>
struct WindowAction {
  static constexpr std::string_view kOp = Op.view();
  using Reply = R;
  int window = 0;
};
template <OpName Op, class R>
struct Wire<WindowAction<Op, R>> {
  static constexpr auto fields = std::tuple{req("window", &WindowAction<Op, R>::window)};
};

using LogoutRequest = WindowAction<"logout", WindowReply>;
using ResumeRequest = WindowAction<"resume", WindowReply>;
// call: the next ticket for the window (finishing the current one first).
using CallRequest = WindowAction<"call", TicketReply>;
using RecallRequest = WindowAction<"recall", TicketReply>;
using NoShowRequest = WindowAction<"no_show", TicketReply>;
using FinishRequest = WindowAction<"finish", TicketReply>;

struct PauseRequest {
  static constexpr std::string_view kOp = "pause";
  using Reply = WindowReply;
  int window = 0;
  std::string reason;
};
template <>
struct Wire<PauseRequest> {
  static constexpr auto fields = std::tuple{req("window", &PauseRequest::window), req("reason", &PauseRequest::reason)};
};

// call_number: a given ticket (a late citizen, or one picked from the list).
struct CallNumberRequest {
  static constexpr std::string_view kOp = "call_number";
  using Reply = TicketReply;
  int window = 0;
  std::string number;
};
template <>
struct Wire<CallNumberRequest> {
  static constexpr auto fields =
      std::tuple{req("window", &CallNumberRequest::window), req("number", &CallNumberRequest::number)};
};

// transfer: the current ticket waits again, for another service or window.
// Exactly one of to_service / to_window.
struct TransferRequest {
  static constexpr std::string_view kOp = "transfer";
  using Reply = TicketReply;
  int window = 0;
  std::optional<std::string> to_service;
  std::optional<int> to_window;
};
template <>
struct Wire<TransferRequest> {
  using T = TransferRequest;
  static constexpr auto fields =
      std::tuple{req("window", &T::window), opt("to_service", &T::to_service), opt("to_window", &T::to_window)};
};

struct WaitingReply {
  int window = 0;
  std::vector<TicketInfo> tickets;  // in the order the window would call them
};
template <>
struct Wire<WaitingReply> {
  static constexpr auto fields =
      std::tuple{req("window", &WaitingReply::window), req("tickets", &WaitingReply::tickets)};
};

// waiting: what the window would call next (not bound to the caller's window:
// any window may be looked at).
struct WaitingRequest {
  static constexpr std::string_view kOp = "waiting";
  using Reply = WaitingReply;
  int window = 0;
  std::optional<int> limit;  // default 20, at most 200
};
template <>
struct Wire<WaitingRequest> {
  static constexpr auto fields =
      std::tuple{req("window", &WaitingRequest::window), opt("limit", &WaitingRequest::limit)};
};

}  // namespace hallq::protocol
