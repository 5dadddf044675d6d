// stats, alarms, device_status: watching the hall.
#include "server/log.hpp"
#include "server/ops.hpp"
#include "server/views.hpp"

namespace hallq::server {

using protocol::Errc;
using protocol::Role;

namespace {
constexpr unsigned kNotKiosk = kAnyRole & ~role_bit(Role::kiosk) & ~role_bit(Role::department);
}

void AdminOps::register_ops(OpTable& t) {
  t.add<protocol::StatsRequest>(kNotKiosk, [this](Call& c, const auto& r) { return stats(c, r); });
  t.add<protocol::AlarmsRequest>(kAnyRole, [this](Call& c, const auto&) {
    hall_.refresh_alarms();  // brings PIN locks and issuing rates up to date
    return c.reply(protocol::AlarmsReply{hall_.alarms.current(hall_.engine)});
  });
  t.add<protocol::DeviceStatusRequest>(kAnyRole, [this](Call& c, const auto& r) { return device_status(c, r); });
  t.add<protocol::UnlockRequest>(role_bit(Role::admin), [this](Call& c, const auto& r) { return unlock(c, r); });
}

Answer AdminOps::stats(Call& c, const protocol::StatsRequest& r) {
  auto& engine = hall_.engine;
  if (!r.day || *r.day == engine.day().str()) return c.reply(stats_view(engine.stats()));
  auto day = domain::LocalDate::parse(*r.day);
  if (!day) return c.fail(Errc::bad_request, "\"day\" must be a date like 2026-11-26");
  // A past day: read it on the store thread, reply when done.
  const domain::HallConfig* config = &hall_.config.hall;
  hall_.store.run(
      [day = *day, config](Store& s) -> std::optional<domain::Stats> {
        try {
          return s.day_stats(day, *config);
        } catch (const std::exception& e) {
          log_line(std::string("stats: ") + e.what());
          return std::nullopt;
        }
      },
      [this, peer = c.peer.id, id = c.id](std::optional<domain::Stats> stats) {
        hall_.reply_later(peer, id,
                          stats ? protocol::reply_line(id, stats_view(*stats))
                                : protocol::error_line(id, Errc::internal, "could not read that day's statistics"));
      });
  return {};
}

Answer AdminOps::device_status(Call& c, const protocol::DeviceStatusRequest& r) {
  auto before = hall_.alarms.report(c.device().id, r);
  if (r.printer && r.printer != before)
    log_line(c.peer.name + ": printer " + (before ? std::string(to_string(*before)) + " -> " : "") +
             std::string(to_string(*r.printer)));
  hall_.refresh_alarms();
  return c.reply(protocol::Empty{});
}

}  // namespace hallq::server

namespace hallq::server {

Answer AdminOps::unlock(Call& c, const protocol::UnlockRequest& r) {
  if (!hall_.pin_guard.unlock(r.who)) return c.fail(Errc::not_found, "no lock or wrong PINs recorded for " + r.who);
  log_line(c.peer.name + ": unlocked " + log_safe(r.who, 32));
  hall_.refresh_alarms();
  return c.reply(protocol::Empty{});
}

}  // namespace hallq::server
