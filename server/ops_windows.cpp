// A clerk's operations at a window: login, logout, pause, resume, call,
// call_number, recall, no_show, finish, transfer; and waiting (what a window
// would call next).
#include <algorithm>

#include "server/log.hpp"
#include "server/ops.hpp"
#include "server/views.hpp"

namespace hallq::server {

using protocol::Errc;
using protocol::Role;

namespace {
constexpr unsigned kWindowRoles = role_bit(Role::caller) | role_bit(Role::admin);
constexpr unsigned kNotKiosk = kAnyRole & ~role_bit(Role::kiosk) & ~role_bit(Role::department);
constexpr int kMaxWindow = 1000000;
}  // namespace

template <protocol::WindowRequest Req, class F>
void WindowOps::add_window_op(OpTable& t, unsigned roles, F f) {
  t.add<Req>(roles, [this, f = std::move(f)](Call& c, const Req& r) -> Answer {
    if (r.window < 1 || r.window > kMaxWindow) return c.fail(Errc::not_found, "no window " + std::to_string(r.window));
    const config::DeviceConfig& d = c.device();
    if (d.role == Role::caller && d.window != 0 && d.window != r.window)
      return c.fail(Errc::forbidden, "this caller belongs to window " + std::to_string(d.window));
    return f(c, r, hall_.engine);
  });
}

void WindowOps::register_ops(OpTable& t) {
  using namespace protocol;
  add_window_op<LoginRequest>(t, kWindowRoles,
                              [this](Call& c, const LoginRequest& r, domain::Engine&) { return login(c, r); });
  add_window_op<LogoutRequest>(t, kWindowRoles, [this](Call& c, const LogoutRequest& r, domain::Engine& e) {
    return window(c, r.window, e.logout(r.window));
  });
  add_window_op<PauseRequest>(t, kWindowRoles, [this](Call& c, const PauseRequest& r, domain::Engine& e) {
    return window(c, r.window, e.pause(r.window, r.reason));
  });
  add_window_op<ResumeRequest>(t, kWindowRoles, [this](Call& c, const ResumeRequest& r, domain::Engine& e) {
    return window(c, r.window, e.resume(r.window));
  });
  add_window_op<CallRequest>(t, kWindowRoles, [this](Call& c, const CallRequest& r, domain::Engine& e) {
    return ticket(c, e.call_next(r.window));
  });
  add_window_op<CallNumberRequest>(t, kWindowRoles, [this](Call& c, const CallNumberRequest& r, domain::Engine& e) {
    std::string number = r.number;
    if (auto err = check_number(c, number)) return *err;
    return ticket(c, e.call_number(r.window, number));
  });
  add_window_op<RecallRequest>(t, kWindowRoles, [this](Call& c, const RecallRequest& r, domain::Engine& e) {
    return ticket(c, e.recall(r.window));
  });
  add_window_op<NoShowRequest>(t, kWindowRoles, [this](Call& c, const NoShowRequest& r, domain::Engine& e) {
    return ticket(c, e.no_show(r.window));
  });
  add_window_op<FinishRequest>(t, kWindowRoles, [this](Call& c, const FinishRequest& r, domain::Engine& e) {
    return ticket(c, e.finish(r.window));
  });
  add_window_op<TransferRequest>(t, kWindowRoles,
                                 [this](Call& c, const TransferRequest& r, domain::Engine&) { return transfer(c, r); });
  // Any window's list may be looked at, not only a caller's own.
  t.add<WaitingRequest>(kNotKiosk, [this](Call& c, const WaitingRequest& r) { return waiting(c, r); });
}

Answer WindowOps::ticket(Call& c, const domain::Outcome<const domain::Ticket*>& o) {
  return ticket_answer(c, hall_.engine, o);
}

Answer WindowOps::window(Call& c, int number, const domain::Outcome<domain::Done>& o) {
  if (!o) return c.fail(o.error());
  return c.reply(protocol::WindowReply{window_view(hall_.engine, *hall_.engine.window_state(number))});
}

Answer WindowOps::login(Call& c, const protocol::LoginRequest& r) {
  auto now = PinGuard::Clock::now();
  const std::string device = c.device().id;
  if (auto why = hall_.pin_guard.refusal(r.clerk, device, now)) return c.fail(Errc::locked, *why);
  if (!hall_.engine.window_state(r.window)) return c.fail(Errc::not_found, "no window " + std::to_string(r.window));
  hall_.pin_guard.begin(r.clerk, device);
  // The PIN is checked off the loop; the reply (and this connection's next
  // requests) wait for it, everyone else does not.
  hall_.pin_checker.check(
      r.clerk, r.pin,
      [this, peer = c.peer.id, peer_name = c.peer.name, id = c.id, window = r.window, clerk = r.clerk,
       device](bool ok) {
        auto& engine = hall_.engine;
        std::string line;
        if (!ok) {
          bool locked = hall_.pin_guard.failed(clerk, device, PinGuard::Clock::now());
          log_line(LogLevel::warning, peer_name + ": wrong PIN for clerk " + log_safe(clerk, 32) + " at window " +
                                          std::to_string(window) + (locked ? " (now locked)" : ""));
          if (locked) hall_.refresh_alarms();
          line = protocol::error_line(id, Errc::unauthorized, "clerk id or PIN is wrong");
        } else {
          hall_.pin_guard.succeeded(clerk, device);
          auto o = engine.login(window, clerk);
          line = o ? protocol::reply_line(id, protocol::WindowReply{window_view(engine, *engine.window_state(window))})
                   : protocol::error_line(id, wire_code(o.error().code), o.error().message);
          hall_.absorb();
        }
        hall_.reply_later(peer, id, std::move(line));
      });
  return {};
}

Answer WindowOps::transfer(Call& c, const protocol::TransferRequest& r) {
  domain::TransferArgs a;
  a.window = r.window;
  a.to_service = upper(r.to_service.value_or(""));
  a.to_window = std::clamp(r.to_window.value_or(0), -1, kMaxWindow);
  if (a.to_window < 0) return c.fail(Errc::not_found, "no window " + std::to_string(*r.to_window));
  return ticket(c, hall_.engine.transfer(a));
}

Answer WindowOps::waiting(Call& c, const protocol::WaitingRequest& r) {
  const auto& engine = hall_.engine;
  if (!engine.config().window(r.window)) return c.fail(Errc::not_found, "no window " + std::to_string(r.window));
  auto max = static_cast<std::size_t>(std::clamp(r.limit.value_or(20), 1, 200));
  protocol::WaitingReply reply;
  reply.window = r.window;
  for (const domain::Ticket* t : engine.waiting_for(r.window, max)) reply.tickets.push_back(ticket_view(engine, *t));
  return c.reply(reply);
}

}  // namespace hallq::server
