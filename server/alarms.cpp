#include "server/alarms.hpp"

#include "core/protocol/utf8.hpp"
#include "server/log.hpp"

namespace hallq::server {

using protocol::Alarm;
using protocol::AlarmKind;

std::optional<protocol::PrinterState> AlarmMonitor::report(const std::string& device,
                                                           const protocol::DeviceStatusRequest& r) {
  DeviceHealth& h = devices_[device];
  auto before = h.printer;
  if (r.printer) h.printer = r.printer;
  if (r.card_reader) h.card_reader = r.card_reader;
  h.detail = std::string(protocol::utf8_prefix(r.detail.value_or(""), 200));
  h.connected = true;
  return before;
}

void AlarmMonitor::connected(const std::string& device) {
  if (auto it = devices_.find(device); it != devices_.end()) it->second.connected = true;
}

void AlarmMonitor::disconnected(const std::string& device) {
  if (auto it = devices_.find(device); it != devices_.end()) it->second.connected = false;
}

std::vector<Alarm> AlarmMonitor::current(const domain::Engine& engine) const {
  std::vector<Alarm> out;
  auto add = [&](AlarmKind kind, std::string key, std::string message) -> Alarm& {
    Alarm& a = out.emplace_back();
    a.kind = kind;
    a.key = std::move(key);
    a.message = std::move(message);
    return a;
  };
  const auto& th = engine.config().alarms;
  for (const auto& l : engine.loads()) {
    const std::string& code = l.service->code;
    if (l.waiting >= th.queue_length) {
      Alarm& a = add(AlarmKind::queue_length, code, std::to_string(l.waiting) + " waiting for service " + code);
      a.service = code;
      a.threshold = th.queue_length;
    }
    // The threshold crossing, not the growing wait, is the alarm: its fields
    // stay the same so it is pushed once.
    if (l.longest_wait_s >= th.wait_minutes * 60) {
      Alarm& a = add(AlarmKind::wait_time, code,
                     "someone has waited over " + std::to_string(th.wait_minutes) + " min for service " + code);
      a.service = code;
      a.threshold_s = th.wait_minutes * 60;
    }
  }
  auto now = engine.now();
  for (const auto& w : engine.config().windows) {
    const domain::WindowState* st = engine.window_state(w.number);
    if (st == nullptr || !st->paused || st->clerk.empty()) continue;
    if (domain::seconds_between(st->since, now) < th.paused_minutes * 60) continue;
    Alarm& a = add(AlarmKind::window_paused, std::to_string(w.number),
                   "window " + std::to_string(w.number) + " paused over " + std::to_string(th.paused_minutes) +
                       " min (" + st->pause_reason + ")");
    a.window = w.number;
    a.since = domain::format_iso(st->since);
    a.reason = st->pause_reason;
  }
  for (const auto& [id, h] : devices_) {
    if (!h.connected) {
      add(AlarmKind::device_offline, id, "device " + id + " is not connected").device = id;
      continue;
    }
    if (h.printer && *h.printer != protocol::PrinterState::ready && *h.printer != protocol::PrinterState::unknown) {
      Alarm& a = add(AlarmKind::printer, id, "printer of " + id + ": " + std::string(to_string(*h.printer)));
      a.device = id;
      a.state = std::string(to_string(*h.printer));
      a.detail = h.detail;
    }
    if (h.card_reader && *h.card_reader != protocol::CardReaderState::ok) {
      Alarm& a =
          add(AlarmKind::card_reader, id, "card reader of " + id + ": " + std::string(to_string(*h.card_reader)));
      a.device = id;
      a.state = std::string(to_string(*h.card_reader));
    }
  }
  for (const auto& l : pin_locks_) {
    std::string key = (l.clerk ? "clerk:" : "device:") + l.who;
    Alarm& a = add(AlarmKind::pin_locked, key,
                   (l.clerk ? "clerk " : "device ") + l.who + " locked after repeated wrong PINs until " + l.until);
    (l.clerk ? a.clerk : a.device) = l.who;
    a.until = l.until;
  }
  for (const auto& d : fast_devices_)
    add(AlarmKind::issue_rate, d, "kiosk " + d + " asked for tickets faster than a person could").device = d;
  for (const auto& c : cases_due_) {
    Alarm& a = add(c.overdue ? AlarmKind::case_overdue : AlarmKind::case_due_soon, c.number,
                   "case " + c.number + (c.overdue ? " is past its promised date " : " is due on ") + c.due);
    a.service = c.service;
    a.detail = c.number;
    a.until = c.due;
  }
  for (const auto& b : bad_ratings_) {
    Alarm& a = add(AlarmKind::bad_rating, b.ticket,
                   "visit " + b.ticket + " at window " + std::to_string(b.window) + " was rated " + b.level);
    a.service = b.service;
    a.window = b.window;
    a.detail = b.ticket;
    a.reason = b.level;
  }
  for (const auto& f : late_followups_) {
    Alarm& a = add(AlarmKind::followup_overdue, std::to_string(f.id),
                   "follow-up " + std::to_string(f.id) + " of visit " + f.ticket + " is past its date " + f.due);
    a.detail = f.ticket;
    a.until = f.due;
  }
  for (const auto& h : help_calls_) {
    std::string at = h.since.size() >= 16 ? h.since.substr(11, 5) : h.since;
    Alarm& a = add(AlarmKind::help_requested, h.device, "kiosk " + h.device + " calls for a guide (since " + at + ")");
    a.device = h.device;
    a.since = h.since;
    a.detail = std::to_string(h.id);
  }
  if (disk_low_) {
    Alarm& a = add(
        AlarmKind::disk_low, "disk",
        "the server's disk is nearly full: " + *disk_low_ + " free (below " + std::to_string(disk_warn_mib_) + " MiB)");
    a.detail = *disk_low_;
    a.threshold = disk_warn_mib_;
  }
  if (understaffed_) {
    const Understaffed& u = *understaffed_;
    std::string at = u.from.size() >= 16 ? u.from.substr(11, 5) : u.from;
    Alarm& a =
        add(AlarmKind::understaffed, "staffing",
            "the staffing advice is " + std::to_string(u.advised) + " windows open from " + at + "; " +
                (u.by_rota ? "the rota plans " + std::to_string(u.open) : "open now: " + std::to_string(u.open)));
    a.threshold = u.advised;
    a.detail = std::to_string(u.open);
    a.reason = u.by_rota ? "rota" : "open";
    a.until = u.from;
  }
  return out;
}

namespace {
// The same alarm, as far as subscribers care: a message that only counts up
// (queue length) is not a change worth pushing.
bool same(Alarm a, Alarm b) {
  a.message.clear();
  b.message.clear();
  return a == b;
}
}  // namespace

std::vector<Alarm> AlarmMonitor::refresh(const domain::Engine& engine) {
  std::map<std::string, Alarm> now;
  for (auto& a : current(engine)) now.emplace(a.id(), std::move(a));
  std::vector<Alarm> changes;
  for (const auto& [k, a] : now) {
    auto it = pushed_.find(k);
    if (it == pushed_.end() || !same(it->second, a)) {
      if (it == pushed_.end()) log_line(LogLevel::warning, "alarm: " + a.message);
      changes.push_back(a);
    }
  }
  for (const auto& [k, a] : pushed_)
    if (!now.count(k)) {
      Alarm cleared = a;
      cleared.active = false;
      changes.push_back(std::move(cleared));
    }
  pushed_ = std::move(now);
  return changes;
}

}  // namespace hallq::server
