#pragma once
// What a terminal knows about the hall: the description (the hall reply) plus
// the live state (a snapshot, then events applied in order). Pure: messages in,
// state out; net::HallClient feeds it, screens read it.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/protocol/admin.hpp"
#include "core/protocol/events.hpp"
#include "core/protocol/hall.hpp"

namespace hallq::protocol {

class HallState {
 public:
  // A fresh picture after (re)connecting.
  void reset(HallInfo hall, Snapshot snapshot);
  // Applies one event; returns true if something on screen may change.
  bool apply(const Event& event);
  void set_alarms(const std::vector<Alarm>& alarms);

  const HallInfo& hall() const { return hall_; }
  const Snapshot& snapshot() const { return snap_; }
  const std::map<std::string, Alarm>& alarms() const { return alarms_; }  // by Alarm::id()
  const ServiceInfo* service(std::string_view code) const;
  const WindowInfo* window(int number) const;
  // The visit the pad of `window` may rate (its offer may have passed its `until`: check the time).
  const RatingOffer* rating_offer(int window) const;
  // Calls and recalls that arrived since the last take (for voice and blinking).
  std::vector<CallInfo> take_new_calls();
  std::uint64_t version() const { return version_; }  // grows with every change

 private:
  HallInfo hall_;
  Snapshot snap_;
  std::map<std::string, Alarm> alarms_;
  std::vector<CallInfo> new_calls_;
  std::uint64_t version_ = 0;
};

}  // namespace hallq::protocol
