// hallqctl's tickets and windows: take, status, checkin, requeue, cancel; login, logout, call,
// recall, no-show, finish, transfer, pause, resume.
#include <type_traits>

#include "tools/hallqctl/command.hpp"
#include "tools/hallqctl/format.hpp"

namespace hallq::ctl {
namespace {

Action ticket_reply(Context& c, const auto& request) {
  return c.send(request, [&c](const protocol::TicketReply& r) { c.out << format_ticket(r.ticket) << "\n"; });
}
Action window_reply(Context& c, const auto& request) {
  return c.send(request, [&c](const protocol::WindowReply& r) { c.out << format_window(r.window) << "\n"; });
}
int window_of(const Context& c) {
  return to_int(c.a.pos[1], "window");
}
// A command that names only its window, answered with the ticket (recall, no-show, finish) or the
// window (logout, resume).
template <typename Req>
Command at_window() {
  return [](Context& c) {
    c.need(1, "a window number");
    if constexpr (std::is_same_v<typename Req::Reply, protocol::TicketReply>)
      return ticket_reply(c, Req{window_of(c)});
    else
      return window_reply(c, Req{window_of(c)});
  };
}

}  // namespace

void add_queue_commands(Commands& into) {
  into["take"] = [](Context& c) {
    c.need(1, "a service code");
    protocol::TakeRequest r;
    r.service = c.a.pos[1];
    if (c.a.has("--id")) r.id_number = c.a.flag("--id");
    if (c.a.has("--name")) r.name = c.a.flag("--name");
    if (c.a.has("--priority")) r.priority = c.a.flag("--priority");
    if (c.a.has("--language")) r.language = c.a.flag("--language");
    if (c.a.has("--channel")) {
      r.channel = protocol::enum_from_string<protocol::Channel>(c.a.flag("--channel"));
      if (!r.channel) throw UsageError("--channel must be one of " + protocol::enum_choices<protocol::Channel>());
    }
    return ticket_reply(c, r);
  };
  into["status"] = [](Context& c) {
    c.need(1, "a ticket number");
    return ticket_reply(c, protocol::StatusRequest{c.a.pos[1]});
  };
  into["requeue"] = [](Context& c) {
    c.need(1, "a ticket number");
    return ticket_reply(c, protocol::RequeueRequest{c.a.pos[1]});
  };
  into["cancel"] = [](Context& c) {
    c.need(1, "a ticket number");
    protocol::CancelRequest r;
    r.number = c.a.pos[1];
    if (c.a.pos.size() > 2) r.reason = c.a.pos[2];
    return ticket_reply(c, r);
  };
  into["checkin"] = [](Context& c) {
    protocol::CheckinRequest r;
    if (c.a.has("--id"))
      r.id_number = c.a.flag("--id");
    else if (c.a.pos.size() > 1)
      r.code = c.a.pos[1];
    else
      throw UsageError("checkin needs a code or --id");
    return ticket_reply(c, r);
  };

  into["login"] = [](Context& c) {
    c.need(2, "a window and a clerk id");
    return window_reply(c, protocol::LoginRequest{window_of(c), c.a.pos[2], read_pin(c.a, 3)});
  };
  into["logout"] = at_window<protocol::LogoutRequest>();
  into["resume"] = at_window<protocol::ResumeRequest>();
  into["pause"] = [](Context& c) {
    c.need(2, "a window number and a reason");
    std::string reason;
    for (std::size_t i = 2; i < c.a.pos.size(); ++i) reason += (i > 2 ? " " : "") + c.a.pos[i];
    return window_reply(c, protocol::PauseRequest{window_of(c), reason});
  };
  into["call"] = [](Context& c) {
    c.need(1, "a window number");
    auto show = [&c](const protocol::TicketReply& r) { c.out << "calling " << format_ticket(r.ticket) << "\n"; };
    if (c.a.pos.size() > 2) return c.send(protocol::CallNumberRequest{window_of(c), c.a.pos[2]}, show);
    return c.send(protocol::CallRequest{window_of(c)}, show);
  };
  into["recall"] = at_window<protocol::RecallRequest>();
  into["no-show"] = at_window<protocol::NoShowRequest>();
  into["finish"] = at_window<protocol::FinishRequest>();
  into["transfer"] = [](Context& c) {
    c.need(1, "a window number");
    protocol::TransferRequest r;
    r.window = window_of(c);
    if (c.a.has("--to-service")) r.to_service = c.a.flag("--to-service");
    if (c.a.has("--to-window")) r.to_window = to_int(c.a.flag("--to-window"), "--to-window");
    if (!c.a.has("--to-service") && !c.a.has("--to-window"))
      throw UsageError("transfer needs --to-service or --to-window");
    return ticket_reply(c, r);
  };
}

}  // namespace hallq::ctl
