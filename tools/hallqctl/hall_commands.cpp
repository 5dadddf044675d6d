// hallqctl and the hall as a whole: snapshot, waiting, stats, alarms, health, hall, ping, watch;
// an admin's unlock, passwd, backup and import-appointments; the staffing advice.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <variant>

#include "core/config/i18n.hpp"
#include "core/config/paths.hpp"
#include "core/protocol/appointments_csv.hpp"
#include "tools/hallqctl/command.hpp"
#include "tools/hallqctl/format.hpp"
#include "tools/hallqctl/secrets.hpp"

namespace hallq::ctl {
namespace {

std::vector<protocol::AppointmentEntry> read_appointments(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto read = protocol::read_appointments(ss.str());
  if (const std::string* error = std::get_if<std::string>(&read)) throw UsageError(path + ": " + *error);
  return std::get<std::vector<protocol::AppointmentEntry>>(std::move(read));
}

// Events as they come, each on a line; `limit` of them (-1: until stopped).
int watch(Context& c, net::SyncClient& client, const protocol::SubscribeRequest& r, long limit) {
  auto reply = client.call(r, c.timeout);
  if (!reply) return c.refused(reply.failure());
  if (!c.as_json) {
    c.out << "watching";
    for (auto t : reply->topics) c.out << " " << to_string(t);
    c.out << " (Ctrl-C to stop)\n" << std::flush;
  }
  for (long n = 0; limit < 0 || n < limit;) {
    auto ev = client.next_event(std::chrono::seconds(30));
    if (!ev) {
      (void)client.call(protocol::PingRequest{}, c.timeout);  // keep the connection alive
      continue;
    }
    if (c.as_json) {
      c.out << ev->dump() << "\n" << std::flush;
    } else if (auto m = protocol::parse_event(*ev)) {
      c.out << format_event(*m) << "\n" << std::flush;
    } else {
      c.out << ev->dump() << "\n" << std::flush;  // an event this hallqctl does not know
    }
    ++n;
  }
  return 0;
}

}  // namespace

void add_hall_commands(Commands& into) {
  into["snapshot"] = [](Context& c) {
    return c.send(protocol::SnapshotRequest{}, [&c](const protocol::Snapshot& r) { c.out << format_snapshot(r); });
  };
  into["waiting"] = [](Context& c) {
    c.need(1, "a window number");
    return c.send(protocol::WaitingRequest{to_int(c.a.pos[1], "window"), std::nullopt},
                  [&c](const protocol::WaitingReply& r) {
                    if (r.tickets.empty()) c.out << "nobody is waiting for window " << r.window << "\n";
                    // The window's own order; a ticket's "ahead" counts its service's queue, not this window's.
                    int position = 0;
                    for (const auto& t : r.tickets)
                      c.out << pad(ordinal(++position), 6) << format_ticket(t, false) << "\n";
                  });
  };
  into["stats"] = [](Context& c) -> Action {
    protocol::StatsRequest r;
    if (c.a.pos.size() > 1) r.day = c.a.pos[1];
    return [&c, r](net::SyncClient& client) -> int {
      auto raw = client.request_object(r, c.timeout);
      if (c.as_json) c.out << raw.dump() << "\n";
      auto stats = protocol::read_reply<protocol::Stats>(raw);
      if (!stats) return c.refused(stats.failure());
      if (c.as_json) return 0;
      std::vector<int> windows;  // the hall's windows, so that those that called nobody show too
      if (auto hall = client.call(protocol::HallRequest{}, c.timeout))
        for (const auto& w : hall->hall.windows) windows.push_back(w.number);
      c.out << format_stats(stats.value(), windows);
      return 0;
    };
  };
  into["alarms"] = [](Context& c) {
    return c.send(protocol::AlarmsRequest{}, [&c](const protocol::AlarmsReply& r) {
      if (r.alarms.empty()) c.out << "no alarms\n";
      for (const auto& al : r.alarms) c.out << format_alarm(al) << "\n";
    });
  };
  into["health"] = [](Context& c) -> Action {
    return [&c](net::SyncClient& client) -> int {
      auto raw = client.request_object(protocol::HealthRequest{}, c.timeout);
      if (c.as_json) c.out << raw.dump() << "\n";
      auto reply = protocol::read_reply<protocol::HealthReply>(raw);
      if (!reply) {
        c.refused(reply.failure());
        return kHealthUnknown;
      }
      if (!c.as_json) c.out << format_health(reply.value());
      return static_cast<int>(reply->status);  // ok 0, warning 1, critical 2: as monitoring expects
    };
  };
  into["hall"] = [](Context& c) {
    return c.send(protocol::HallRequest{}, [&c](const protocol::HallReply& r) { c.out << format_hall(r.hall); });
  };
  into["ping"] = [](Context& c) {
    return c.send(protocol::PingRequest{}, [&c](const protocol::PingReply& r) { c.out << "pong " << r.now << "\n"; });
  };
  into["watch"] = [](Context& c) -> Action {
    protocol::SubscribeRequest r;
    if (c.a.pos.size() > 1) {
      r.topics.emplace();
      for (std::size_t i = 1; i < c.a.pos.size(); ++i) {
        auto t = protocol::enum_from_string<protocol::Topic>(c.a.pos[i]);
        if (!t) throw UsageError("topics are " + protocol::enum_choices<protocol::Topic>());
        r.topics->push_back(*t);
      }
    }
    long limit = c.a.has("--count") ? to_int(c.a.flag("--count"), "--count") : -1;
    if (c.a.has("--count") && limit < 1)
      throw UsageError("--count must be 1 or more (leave it out to watch until stopped)");
    return [&c, r, limit](net::SyncClient& client) { return watch(c, client, r, limit); };
  };

  into["unlock"] = [](Context& c) {
    c.need(1, "a clerk id or a device id");
    return c.send(protocol::UnlockRequest{c.a.pos[1]},
                  [&c](const protocol::Empty&) { c.out << "unlocked " << c.a.pos[1] << "\n"; });
  };
  into["passwd"] = [](Context& c) {
    c.need(1, "a clerk id or a [[user]] id");
    auto password = read_new_password(c.a.pos[1]);
    if (!password) throw UsageError("the two passwords differ; nothing was changed");
    return c.send(protocol::SetPasswordRequest{c.a.pos[1], std::move(*password)},
                  [&c](const protocol::Empty&) { c.out << "web password set for " << c.a.pos[1] << "\n"; });
  };
  into["backup"] = [](Context& c) {
    protocol::BackupRequest r;
    if (c.a.pos.size() > 1) r.file = std::filesystem::absolute(c.a.pos[1]).lexically_normal().string();
    if (!c.a.has("--timeout")) c.timeout = std::chrono::minutes(10);  // a year's database takes a while
    return c.send(r, [&c](const protocol::BackupReply& rep) {
      c.out << "backup " << rep.file << ": " << rep.bytes << " bytes, schema " << rep.schema << ", " << rep.tickets
            << " tickets, taken " << rep.taken_at << " in " << rep.ms << " ms\n";
    });
  };
  into["import-appointments"] = [](Context& c) {
    c.need(1, "a file");
    protocol::ImportAppointmentsRequest r;
    r.appointments = read_appointments(c.a.pos[1]);
    if (c.a.has("--day")) r.day = c.a.flag("--day");
    return c.send(r, [&c](const protocol::ImportAppointmentsReply& rep) {
      c.out << "imported " << rep.imported << " appointments for " << rep.day << "\n";
    });
  };
  into["staffing"] = [](Context& c) {
    protocol::StaffingRequest r;
    if (c.a.has("--date")) r.date = c.a.flag("--date");
    if (c.a.has("--share")) {
      std::string v = c.a.flag("--share");
      char* end = nullptr;
      double share = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end != 0 || !(share > 0 && share < 1))  // nan too
        throw UsageError("--share must be a share above 0 and below 1, like 0.9");
      r.share = share;
    }
    if (c.a.has("--target-minutes")) r.target_minutes = to_int(c.a.flag("--target-minutes"), "--target-minutes");
    if (!c.a.has("--timeout")) c.timeout = std::chrono::minutes(5);  // a busy hall's day played many times
    std::string language = c.a.flag("--language", "en");
    if (language != "zh" && language != "mn" && language != "en") throw UsageError("--language must be zh, mn or en");
    auto words = std::make_shared<config::Translations>();  // the table's words (not needed for --json)
    if (!c.as_json)
      *words = config::Translations::load(config::find_assets(c.a.flag("--assets", "")) + "/i18n", language);
    return c.send(r, [&c, words](const protocol::StaffingReply& rep) { c.out << format_staffing(rep, *words); });
  };
}

}  // namespace hallq::ctl
