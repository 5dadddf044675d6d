// take, status, cancel, requeue, reassign: operations on one ticket; tickets: today's, found.
#include "core/protocol/utf8.hpp"
#include "server/ops.hpp"
#include "server/views.hpp"

namespace hallq::server {

using protocol::Errc;
using protocol::Role;

namespace {
constexpr std::size_t kMaxReason = 200;  // a cancellation's or a reassignment's reason (bytes)
}  // namespace

void TicketOps::register_ops(OpTable& t) {
  t.add<protocol::TakeRequest>(kTakers, [this](Call& c, const auto& r) { return take(c, r); });
  t.add<protocol::StatusRequest>(kAnyRole, [this](Call& c, const auto& r) { return status(c, r); });
  t.add<protocol::CancelRequest>(kGuides | role_bit(Role::kiosk),
                                 [this](Call& c, const auto& r) { return cancel(c, r); });
  t.add<protocol::RequeueRequest>(kGuides, [this](Call& c, const auto& r) { return requeue(c, r); });
  t.add<protocol::ReassignRequest>(kGuides, [this](Call& c, const auto& r) { return reassign(c, r); });
  t.add<protocol::TicketsRequest>(kGuides, [this](Call& c, const auto& r) { return tickets(c, r); });
}

Answer TicketOps::take(Call& c, const protocol::TakeRequest& r) {
  domain::TakeArgs a;
  if (auto e = scoped_key(c, r.request_key, a.by.request_key)) return *e;
  if (r.service.empty()) return c.fail(Errc::bad_request, "\"service\" is required");
  if (c.role() == Role::kiosk) {
    // A kiosk is a citizen's finger: who goes first is a guide's decision, and
    // a kiosk's tickets are the kiosk's.
    if (r.priority && !r.priority->empty() && *r.priority != "normal")
      return c.fail(Errc::forbidden, "a kiosk may not give a priority; a guide may");
    if (r.channel && *r.channel != protocol::Channel::kiosk)
      return c.fail(Errc::forbidden, "a kiosk's tickets are of channel kiosk");
  }
  if (auto e = check_issue_rate(c, hall_, a.by.request_key)) return *e;
  a.service = upper(r.service);
  a.id_number = r.id_number.value_or("");
  a.name = std::string(protocol::utf8_prefix(r.name.value_or(""), 64));
  a.priority = r.priority.value_or("");
  auto channel = r.channel.value_or(
      protocol::enum_from_string<protocol::Channel>(to_string(c.role())).value_or(protocol::Channel::kiosk));
  if (channel == protocol::Channel::appointment)
    return c.fail(Errc::bad_request, "\"channel\" appointment is given by checkin only");
  a.channel = std::string(to_string(channel));
  a.by.device = c.device().id;
  a.by.language = r.language.value_or("");
  if (const domain::Ticket* held = held_pickup_ticket(hall_, a)) return issued_answer(c, hall_, held);
  auto o = hall_.engine.take(a);
  if (o) link_pickup_ticket(hall_, *o.value());
  return issued_answer(c, hall_, o);
}

Answer TicketOps::status(Call& c, const protocol::StatusRequest& r) {
  std::string number = r.number;
  if (auto e = check_number(c, number)) return *e;
  const domain::Ticket* t = hall_.engine.find(number);
  if (t == nullptr) return c.fail(Errc::not_found, "no ticket " + number + " today");
  // Everything the reply names about this ticket is durable once its own newest
  // batch is; ahead/ewt are estimates and may count tickets still committing.
  Answer a = c.reply(protocol::TicketReply{ticket_view(hall_.engine, *t)});
  a.needs = hall_.changes.of(t->number).value_or(0);
  return a;
}

Answer TicketOps::cancel(Call& c, const protocol::CancelRequest& r) {
  // A kiosk may void only what it issued and could not deliver: by the key of
  // its own request.
  std::string key;
  if (auto e = scoped_key(c, r.request_key, key)) return *e;
  if (!key.empty()) {
    const domain::Ticket* t = hall_.engine.find_request(key);
    if (t == nullptr) return c.fail(Errc::not_found, "no ticket was issued for this request_key today");
    return ticket_answer(c, hall_.engine, hall_.engine.cancel(t->number, domain::Engine::kNotDelivered));
  }
  if (c.role() == Role::kiosk) return c.fail(Errc::forbidden, "a kiosk cancels by its request_key only");
  if (!r.number) return c.fail(Errc::bad_request, "\"number\" is required, e.g. \"A001\"");
  std::string number = *r.number;
  if (auto e = check_number(c, number)) return *e;
  std::string reason = r.reason.value_or("");
  if (auto e = check_text(c, "reason", reason, kMaxReason)) return *e;
  return ticket_answer(c, hall_.engine,
                       hall_.engine.cancel(number, reason.empty() ? "cancelled by " + c.device().id : reason));
}

Answer TicketOps::requeue(Call& c, const protocol::RequeueRequest& r) {
  std::string number = r.number;
  if (auto e = check_number(c, number)) return *e;
  return ticket_answer(c, hall_.engine, hall_.engine.requeue(number));
}

Answer TicketOps::reassign(Call& c, const protocol::ReassignRequest& r) {
  std::string number = r.number;
  if (auto e = check_number(c, number)) return *e;
  if (r.to_service.empty()) return c.fail(Errc::bad_request, "\"to_service\" is required, e.g. \"B\"");
  std::string reason = r.reason.value_or("");
  if (auto e = check_text(c, "reason", reason, kMaxReason)) return *e;
  // The reason names who sent it, as the log does: "by guide-1: wanted B".
  std::string why = "by " + c.device().id + (reason.empty() ? "" : ": " + reason);
  return ticket_answer(c, hall_.engine, hall_.engine.reassign(number, upper(r.to_service), why));
}

Answer TicketOps::tickets(Call& c, const protocol::TicketsRequest& r) {
  constexpr int kDefault = 50, kMost = 500;
  int limit = r.limit.value_or(kDefault);
  if (limit < 1 || limit > kMost) return c.fail(Errc::bad_request, "\"limit\" is 1 to 500");
  std::string part = upper(r.number.value_or(""));
  std::string service = upper(r.service.value_or(""));
  protocol::TicketsReply reply;
  std::uint64_t needs = 0;
  auto all = hall_.engine.tickets();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const domain::Ticket& t = **it;
    if (!part.empty() && t.number.find(part) == std::string::npos) continue;
    if (!service.empty() && t.current().service != service) continue;
    if (r.state && to_string(t.state()) != protocol::to_string(*r.state)) continue;
    ++reply.total;
    if (static_cast<int>(reply.tickets.size()) >= limit) continue;
    reply.tickets.push_back(ticket_view(hall_.engine, t));
    needs = std::max(needs, hall_.changes.of(t.number).value_or(0));
  }
  Answer a = c.reply(std::move(reply));
  a.needs = needs;  // what it shows is durable before it is sent, as for status
  return a;
}

}  // namespace hallq::server
