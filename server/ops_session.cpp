// hello, ping, bye, hall, subscribe, snapshot: a connection's own operations.
#include <algorithm>

#include "core/domain/crypto.hpp"
#include "server/ops.hpp"
#include "server/views.hpp"

namespace hallq::server {

using protocol::Errc;

void SessionOps::register_ops(OpTable& t) {
  t.add<protocol::HelloRequest>(kAnyRole, [this](Call& c, const auto& r) { return hello(c, r); });
  t.add<protocol::PingRequest>(kAnyRole, [this](Call& c, const auto&) {
    return c.reply(protocol::PingReply{domain::format_iso(hall_.engine.now())});
  });
  t.add<protocol::ByeRequest>(kAnyRole, [](Call& c, const auto&) {
    c.peer.said_bye = true;
    return c.reply(protocol::Empty{});
  });
  t.add<protocol::HallRequest>(kAnyRole, [this](Call& c, const auto&) {
    protocol::HallInfo info = hall_view(hall_.config.hall);
    info.training = hall_.config.training;
    return c.reply(protocol::HallReply{std::move(info)});
  });
  t.add<protocol::SubscribeRequest>(kAnyRole, [this](Call& c, const auto& r) { return subscribe(c, r); });
  t.add<protocol::SnapshotRequest>(kAnyRole, [this](Call& c, const auto&) {
    protocol::Snapshot s = snapshot_view(hall_.engine, hall_.cases, hall_.publisher.seq());
    s.ratings = rating_counts_view(hall_.ratings);
    for (const auto& w : hall_.config.hall.windows)
      if (const domain::Rating* r = hall_.ratings.offered_at(w.number)) {
        const domain::Ticket* ticket = hall_.engine.find(r->ticket);
        s.rating_offers.push_back(rating_offer_view(hall_.config.hall, *r, ticket ? ticket->language : std::string()));
      }
    return c.reply(s);
  });
}

Answer SessionOps::hello(Call& c, const protocol::HelloRequest& r) {
  if (c.peer.device) return c.fail(Errc::invalid_state, "hello was already accepted on this connection");
  const config::DeviceConfig* d = hall_.config.device(r.device);
  auto bytes = [](const std::string& s) {
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  bool good = d && r.role == d->role && domain::constant_time_equal(bytes(r.token), bytes(d->token));
  if (!good) {
    ++c.peer.failed_hellos;
    return c.fail(Errc::unauthorized, "unknown device, wrong role or wrong token");
  }
  // Checked after the credentials: a stranger learns nothing about this server.
  const protocol::ProtocolRange ours, theirs{r.protocol_min.value_or(r.protocol), r.protocol};
  auto version = protocol::negotiate(ours, theirs);
  if (!version) return protocol_mismatch(c, r, ours, theirs);
  // One terminal is one or two sessions; a stolen token must not open
  // hundreds (each subscriber costs a write per event). hallqctl opens one per
  // command, so an admin device has no limit.
  int& open = hall_.sessions[d];
  const int cap = hall_.config.settings.max_sessions_per_device;
  if (d->role != protocol::Role::admin && open >= cap) {
    ++c.peer.failed_hellos;  // asking again on this connection does not help
    return c.fail(Errc::busy, "device " + d->id + " already has " + std::to_string(open) +
                                  " sessions open (max_sessions_per_device)");
  }
  ++open;
  c.peer.device = d;
  c.peer.name = d->id + "@" + c.peer.name;
  if (auto conn = c.peer.conn.lock()) conn->set_max_outbox(hall_.config.settings.max_outbox_bytes);
  hall_.alarms.connected(d->id);
  protocol::HelloReply reply;
  reply.server = {"hallq-server", std::string(protocol::software_version())};
  reply.hall = {hall_.config.hall.id, names_view(hall_.config.hall.names)};
  reply.day = hall_.engine.day().str();
  reply.protocol = *version;
  reply.role = d->role;
  reply.device = d->id;
  if (d->window) reply.window = d->window;
  reply.training = hall_.config.training;
  return c.reply(reply);
}

Answer SessionOps::protocol_mismatch(Call& c, const protocol::HelloRequest& r, protocol::ProtocolRange ours,
                                     protocol::ProtocolRange theirs) {
  auto range = [](protocol::ProtocolRange p) {
    return p.min == p.max ? std::to_string(p.max) : std::to_string(p.min) + " to " + std::to_string(p.max);
  };
  std::string terminal =
      r.client ? log_safe(r.client->name, 64) + (r.client->version.empty() ? "" : " " + log_safe(r.client->version, 32))
               : "the terminal";
  std::string message = "hallq-server " + std::string(protocol::software_version()) + " speaks protocol " +
                        range(ours) + " and " + terminal + " speaks protocol " + range(theirs) + ": upgrade " +
                        (theirs.max < ours.min ? "the terminal" : "the server");
  c.refusals.note("protocol_mismatch", c.peer.address,
                  c.peer.name + ": protocol_mismatch (hello as " + r.device + "): " + message);
  return {protocol::error_line(c.id, Errc::protocol_mismatch, message, ours), std::nullopt};
}

Answer SessionOps::subscribe(Call& c, const protocol::SubscribeRequest& r) {
  unsigned mask = 0;
  if (!r.topics)
    mask = protocol::kAllTopics;
  else
    for (auto t : *r.topics) mask |= protocol::topic_bit(t);
  c.peer.topics = mask;
  hall_.subscriptions_changed();
  protocol::SubscribeReply reply;
  for (std::size_t i = 0; i < protocol::EnumNames<protocol::Topic>::names.size(); ++i)
    if (mask & (1u << i)) reply.topics.push_back(static_cast<protocol::Topic>(i));
  reply.seq = hall_.publisher.seq();
  return c.reply(reply);
}

}  // namespace hallq::server
