// stats, alarms, health, device_status, devices: watching the hall; unlock, set_password, users: its people;
// backup: a copy of its database.
#include <filesystem>

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
  t.add<protocol::HealthRequest>(role_bit(Role::guide) | role_bit(Role::admin),
                                 [this](Call& c, const auto&) { return health(c); });
  t.add<protocol::DeviceStatusRequest>(kAnyRole, [this](Call& c, const auto& r) { return device_status(c, r); });
  t.add<protocol::UnlockRequest>(role_bit(Role::admin), [this](Call& c, const auto& r) { return unlock(c, r); });
  t.add<protocol::SetPasswordRequest>(role_bit(Role::admin),
                                      [this](Call& c, const auto& r) { return set_password(c, r); });
  t.add<protocol::DevicesRequest>(role_bit(Role::guide) | role_bit(Role::admin),
                                  [this](Call& c, const auto&) { return devices(c); });
  t.add<protocol::UsersRequest>(role_bit(Role::admin), [this](Call& c, const auto&) { return users(c); });
  t.add<protocol::BackupRequest>(role_bit(Role::admin), [this](Call& c, const auto& r) { return backup(c, r); });
  t.add<protocol::StaffingRequest>(role_bit(Role::guide) | role_bit(Role::admin),
                                   [this](Call& c, const auto& r) { return staffing(c, r); });
}

namespace {
// A day's 好差评 figures per service, window and clerk (the store's, as the `ratings` operation reads them).
protocol::StatsRatings day_ratings(Store& s, const std::string& day) {
  protocol::StatsRatings out;
  auto rows = [&](const char* by, std::vector<protocol::RatingRowInfo>& into) {
    std::vector<RatingRow> got = s.ratings().figures(day, day, by);
    out.total = rating_row_view(got.front());  // the total comes first, always
    for (std::size_t i = 1; i < got.size(); ++i) into.push_back(rating_row_view(got[i]));
  };
  rows("service", out.services);
  rows("window", out.windows);
  rows("clerk", out.clerks);
  return out;
}
}  // namespace

Answer AdminOps::stats(Call& c, const protocol::StatsRequest& r) {
  auto& engine = hall_.engine;
  const bool today = !r.day || *r.day == engine.day().str();
  // The rating figures judge the staff: guides and admins see them, callers and displays do not.
  const bool with_ratings = c.role() == Role::guide || c.role() == Role::admin;
  if (today && !with_ratings) return c.reply(stats_view(engine.stats()));
  auto day = today ? std::optional(engine.day()) : domain::LocalDate::parse(*r.day);
  if (!day) return c.fail(Errc::bad_request, "\"day\" must be a date like 2026-11-26");
  // Today's queue figures now, from the engine; a past day's and the rating
  // figures on the store thread; the reply when both are there.
  std::optional<domain::Stats> now;
  if (today) now = engine.stats();
  const domain::HallConfig* config = &hall_.config.hall;
  hall_.store.run(
      [day = *day, config, now = std::move(now), with_ratings](Store& s) -> std::optional<protocol::Stats> {
        try {
          protocol::Stats out = stats_view(now ? *now : s.day_stats(day, *config));
          if (with_ratings) out.ratings = day_ratings(s, day.str());
          return out;
        } catch (const std::exception& e) {
          log_line(LogLevel::error, std::string("stats: ") + e.what());
          return std::nullopt;
        }
      },
      [this, peer = c.peer.id, id = c.id](std::optional<protocol::Stats> stats) {
        hall_.reply_later(peer, id,
                          stats ? protocol::reply_line(id, *stats)
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
  const auto& cfg = hall_.config;
  if (!cfg.hall.clerk(r.who) && !cfg.device(r.who) && !cfg.staff_user(r.who))
    return c.fail(Errc::not_found, "no clerk, user or device \"" + log_safe(r.who, 32) + "\"");
  if (!hall_.pin_guard.unlock(r.who))
    return c.fail(Errc::not_found, "no lock or wrong PINs recorded for " + log_safe(r.who, 32));
  log_line(c.peer.name + ": unlocked " + log_safe(r.who, 32));
  hall_.refresh_alarms();
  return c.reply(protocol::Empty{});
}

Answer AdminOps::set_password(Call& c, const protocol::SetPasswordRequest& r) {
  if (!hall_.config.staff_user(r.user))
    return c.fail(Errc::not_found, "no [[clerk]] or [[user]] \"" + log_safe(r.user, 32) + "\" in the configuration");
  if (auto why = Passwords::weakness(r.password)) return c.fail(Errc::bad_request, *why);
  // Hashed off the loop (PBKDF2 is slow on purpose); the reply waits for the disk.
  hall_.passwords.set(
      r.user, r.password,
      [this, peer = c.peer.id, peer_name = c.peer.name, id = c.id, user = r.user](std::optional<std::string> error) {
        if (!error) log_line(peer_name + ": set the web password of " + user);
        hall_.reply_later(
            peer, id,
            error ? protocol::error_line(id, Errc::internal, *error) : protocol::reply_line(id, protocol::Empty{}));
      });
  return {};
}

namespace {
// PIN locks in force, clerks' or devices', until when on the hall's clock (as the pin_locked alarm says it).
std::map<std::string, std::string> pin_locks(Hall& hall, bool clerks) {
  auto now = PinGuard::Clock::now();
  auto wall = hall.engine.now();
  std::map<std::string, std::string> locked;
  for (const auto& lock : hall.pin_guard.locks(now))
    if (lock.clerk == clerks)
      locked[lock.who] =
          domain::format_iso(wall + std::chrono::duration_cast<domain::TimePoint::duration>(lock.until - now));
  return locked;
}
}  // namespace

Answer AdminOps::devices(Call& c) {
  auto locked = pin_locks(hall_, false);
  protocol::DevicesReply reply;
  for (const auto& d : hall_.config.devices) {
    protocol::DeviceInfo info;
    info.id = d.id;
    info.role = d.role;
    if (d.window > 0) info.window = d.window;
    if (!d.department.empty()) info.department = d.department;
    if (auto it = hall_.sessions.find(&d); it != hall_.sessions.end()) info.sessions = it->second;
    if (const AlarmMonitor::DeviceHealth* h = hall_.alarms.health(d.id)) {
      info.printer = h->printer;
      info.card_reader = h->card_reader;
      if (!h->detail.empty()) info.detail = h->detail;
    }
    if (auto it = locked.find(d.id); it != locked.end()) info.locked_until = it->second;
    reply.devices.push_back(std::move(info));
  }
  return c.reply(std::move(reply));
}

Answer AdminOps::users(Call& c) {
  auto locked = pin_locks(hall_, true);
  protocol::UsersReply reply;
  auto add = [&](const std::string& id, const std::string& name, std::string role) {
    protocol::UserInfo u{id, name, std::move(role), hall_.passwords.has(id), std::nullopt};
    if (auto it = locked.find(id); it != locked.end()) u.locked_until = it->second;
    reply.users.push_back(std::move(u));
  };
  for (const auto& clerk : hall_.config.hall.clerks) add(clerk.id, clerk.name, "clerk");
  for (const auto& user : hall_.config.users) add(user.id, user.name, std::string(to_string(user.role)));
  return c.reply(std::move(reply));
}

Answer AdminOps::health(Call& c) {
  if (!hall_.health) return c.fail(Errc::internal, "this server has no health watch");
  hall_.refresh_alarms();
  return c.reply(hall_.health->report(hall_.store.commit_times(), hall_.alarms.current(hall_.engine),
                                      hall_.recovering && hall_.recovering(),
                                      hall_.backups ? &hall_.backups->state() : nullptr));
}

Answer AdminOps::backup(Call& c, const protocol::BackupRequest& r) {
  namespace fs = std::filesystem;
  if (!hall_.backups) return c.fail(Errc::invalid_state, "this server takes no backups");
  if (hall_.backups->running()) return c.fail(Errc::busy, "a backup is being taken; ask again when it is done");
  const domain::TimePoint taken = hall_.engine.now();  // one reading for the file's name and its stamp
  std::string target;
  std::error_code ec;
  if (r.file) {
    if (r.file->empty() || r.file->front() != '/')
      return c.fail(Errc::bad_request, "\"file\" must be an absolute path on the server's machine");
    target = *r.file;
    std::string folder = fs::path(target).parent_path().string();
    if (!fs::is_directory(folder.empty() ? "/" : folder, ec))
      return c.fail(Errc::not_found, "no folder " + log_safe(folder, 200) + " on the server's machine");
  } else {
    fs::create_directories(hall_.backups->dir(), ec);
    if (ec)
      return c.fail(Errc::internal, "cannot create the backup folder " + hall_.backups->dir() + ": " + ec.message());
    domain::LocalTime now = domain::to_local(taken);
    std::string hms = domain::format_hms(now);
    hms.erase(std::remove(hms.begin(), hms.end(), ':'), hms.end());
    // A training hall's is named as one: its backup folder may be the production hall's ([backup] dir).
    std::string kind = hall_.config.training ? "training-" : "hall-";
    const std::string base =
        (fs::path(hall_.backups->dir()) / (kind + hall_.config.hall.id + "-" + now.date.str() + "-" + hms)).string();
    target = base + ".db";
    for (int n = 2; fs::exists(target, ec) && n < 100; ++n)
      target = base + "-" + std::to_string(n) + ".db";  // same second
  }
  if (fs::exists(target, ec))
    return c.fail(Errc::invalid_state, log_safe(target, 200) + " exists already: a backup never replaces a file");
  log_line(c.peer.name + ": backup to " + log_safe(target, 200));
  hall_.backups->start(
      target,
      [this, peer = c.peer.id, peer_name = c.peer.name, id = c.id](const BackupInfo& info, const std::string& error) {
        if (!error.empty()) {
          log_line(LogLevel::error, peer_name + ": backup failed: " + error);
          hall_.reply_later(peer, id, protocol::error_line(id, Errc::internal, error));
          return;
        }
        log_line(peer_name + ": backup " + info.file + " (" + std::to_string(info.bytes) + " bytes, " +
                 std::to_string(info.tickets) + " tickets, " + std::to_string(info.ms) + " ms)");
        hall_.reply_later(peer, id,
                          protocol::reply_line(id, protocol::BackupReply{info.file, info.bytes, info.schema,
                                                                         info.tickets, info.ms, info.stamp.taken_at}));
      },
      domain::format_iso(taken).substr(0, 19));  // the hall's clock, as the name's
  return {};
}

Answer AdminOps::staffing(Call& c, const protocol::StaffingRequest& r) {
  if (!hall_.staffing) return c.fail(Errc::invalid_state, "this server gives no staffing advice");
  const domain::HallConfig& hall = hall_.config.hall;
  domain::LocalDate today = hall_.engine.day();
  domain::LocalDate date = today;
  if (r.date) {
    auto d = domain::LocalDate::parse(*r.date);
    if (!d || !d->valid()) return c.fail(Errc::bad_request, "\"date\" must be a day like 2026-12-07");
    date = *d;
    if (!hall.open_on(date))
      return c.fail(Errc::invalid_state,
                    "the hall is closed on " + date.str() + " (" + hall.closed_because(date) + ")");
  } else {
    for (int i = 0; i < 400 && !hall.open_on(date); ++i) date = date.plus_days(1);  // today, or the next open day
  }
  sim::StaffingGoal goal;
  if (r.share) {
    if (!(*r.share > 0 && *r.share < 1))
      return c.fail(Errc::bad_request, "\"share\" must be between 0 and 1 (0.9: 90% within the target)");
    goal.share = *r.share;
  }
  goal.target_s = hall.alarms.wait_minutes * 60;
  if (r.target_minutes) {
    if (*r.target_minutes < 1 || *r.target_minutes > 1440)
      return c.fail(Errc::bad_request, "\"target_minutes\" must be 1 to 1440");
    goal.target_s = *r.target_minutes * 60;
  }
  if (const protocol::StaffingReply* kept = hall_.staffing->kept(today, date, goal)) return c.reply(*kept);
  if (hall_.staffing->waiting() >= 8)
    return c.fail(Errc::busy, "staffing advice is being worked out; ask again in a moment");
  hall_.staffing->ask(
      today, date, goal,
      [this, id = c.id, peer = c.peer.id, peer_name = c.peer.name](const StaffingAdvisor::Result& result) {
        if (const auto* reply = std::get_if<protocol::StaffingReply>(&result)) {
          hall_.reply_later(peer, id, protocol::reply_line(id, *reply));
          return;
        }
        const std::string& why = std::get<std::string>(result);
        log_line(LogLevel::warning, peer_name + ": no staffing advice: " + why);
        hall_.reply_later(peer, id, protocol::error_line(id, Errc::invalid_state, "no staffing advice: " + why));
      });
  return {};
}

}  // namespace hallq::server
