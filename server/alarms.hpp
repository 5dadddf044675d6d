#pragma once
// Alarms for guides: queues and waits over their thresholds, windows paused too
// long, terminals' device problems, kiosks calling for a guide. Alarms are
// derived state, evaluated from the engine, the books and the devices' last
// reports; refresh() says what changed since the last time, so only changes
// are pushed.
//
// Thread affinity: the event loop only.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/engine.hpp"
#include "core/protocol/admin.hpp"

namespace hallq::server {

class AlarmMonitor {
 public:
  // What a terminal last reported about its devices (op device_status).
  struct DeviceHealth {
    std::optional<protocol::PrinterState> printer;
    std::optional<protocol::CardReaderState> card_reader;
    std::string detail;
    bool connected = true;
  };

  // A device's report; returns the printer's previous state (for the log).
  std::optional<protocol::PrinterState> report(const std::string& device, const protocol::DeviceStatusRequest& r);
  // A device that reported before has (re)connected, or has gone.
  void connected(const std::string& device);
  void disconnected(const std::string& device);
  // A device that has gone on purpose (op bye): nothing about it until it reports again.
  void forget(const std::string& device) { devices_.erase(device); }
  // What `device` last reported; nothing when it never did.
  const DeviceHealth* health(const std::string& device) const {
    auto it = devices_.find(device);
    return it == devices_.end() ? nullptr : &it->second;
  }

  // PIN locks in force (clerks and devices), and kiosks refused for issuing
  // too fast lately: the dispatcher keeps these current.
  struct PinLock {
    bool clerk;
    std::string who, until;  // until: ISO local time
  };
  void set_pin_locks(std::vector<PinLock> locks) { pin_locks_ = std::move(locks); }
  void set_fast_devices(std::vector<std::string> devices) { fast_devices_ = std::move(devices); }
  // Cases to chase (催办): due soon or overdue.
  struct CaseDue {
    std::string number, service, due;
    bool overdue;
  };
  void set_cases_due(std::vector<CaseDue> cases) { cases_due_ = std::move(cases); }
  // 好差评: bad ratings just given (a guide may still find the citizen), and follow-ups past a date.
  struct BadRating {
    std::string ticket, service, level;
    int window;
  };
  struct LateFollowup {
    std::int64_t id;
    std::string ticket, due;
  };
  void set_ratings(std::vector<BadRating> bad, std::vector<LateFollowup> late) {
    bad_ratings_ = std::move(bad);
    late_followups_ = std::move(late);
  }

  // Kiosks' calls for a guide not taken yet (呼叫帮办).
  struct HelpCall {
    std::int64_t id;
    std::string device, since;  // since: ISO local time
  };
  void set_help_calls(std::vector<HelpCall> calls) { help_calls_ = std::move(calls); }
  // The database's disk below [server] disk_warn_mib (`warn_mib`): its free space; nothing: enough.
  void set_disk_low(std::optional<std::string> free, int warn_mib) {
    disk_low_ = std::move(free);
    disk_warn_mib_ = warn_mib;
  }

  // Fewer windows open now than the staffing advice for the next hour (server/planning.hpp).
  struct Understaffed {
    int open = 0, advised = 0;  // open: the windows the rota plans then (by_rota), else open now
    std::string from;           // the hour's start, ISO local time
    bool by_rota = false;
  };
  void set_understaffed(std::optional<Understaffed> u) { understaffed_ = std::move(u); }

  // Every alarm active now.
  std::vector<protocol::Alarm> current(const domain::Engine& engine) const;
  // What changed since the last refresh: new or changed alarms (active) and
  // cleared ones (active: false). New alarms are logged.
  std::vector<protocol::Alarm> refresh(const domain::Engine& engine);
  // Forget what was pushed (subscribers may have missed changes): the next
  // refresh reports every active alarm again.
  void reset() { pushed_.clear(); }

 private:
  std::map<std::string, DeviceHealth> devices_;
  std::vector<PinLock> pin_locks_;
  std::vector<std::string> fast_devices_;
  std::vector<CaseDue> cases_due_;
  std::vector<BadRating> bad_ratings_;
  std::vector<LateFollowup> late_followups_;
  std::vector<HelpCall> help_calls_;
  std::optional<std::string> disk_low_;
  int disk_warn_mib_ = 0;
  std::optional<Understaffed> understaffed_;
  std::map<std::string, protocol::Alarm> pushed_;  // by Alarm::id()
};

}  // namespace hallq::server
