#pragma once
// What a terminal knows about the hall: the description (hall op) plus the
// live state (snapshot, then events applied in order). Pure: JSON in, state
// out; HallClient feeds it, screens read it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/protocol/views.hpp"

namespace hallq::protocol {

struct HallInfo {
  struct Service {
    std::string code;
    Names names;
    std::vector<std::string> category;
    int quota = 0;
    bool real_name = false;
    int minutes = 10;
    std::vector<Names> materials;
  };
  struct Window {
    int number = 0;
    Names names;
    std::string kind;
    std::map<std::string, int> services;
  };
  struct Clerk {
    std::string id, name;
  };
  struct Priority {
    std::string id;
    Names names;
    int rank = 0;
  };
  struct Category {
    std::string id;
    Names names;
  };
  std::string id;
  Names names;
  std::vector<Service> services;
  std::vector<Window> windows;
  std::vector<Clerk> clerks;
  std::vector<Priority> priorities;
  std::vector<Category> categories;
  Names notice;
  std::vector<std::string> announce_languages{"zh", "mn"};
  int announce_repeat = 2;
  int blink_seconds = 8;
  std::string status_url;
  int alarm_queue_length = 10, alarm_wait_minutes = 15, alarm_paused_minutes = 20;

  const Service* service(const std::string& code) const;
  const Window* window(int number) const;
  const Clerk* clerk(const std::string& id) const;
  const Priority* priority(const std::string& id) const;
};

HallInfo parse_hall(const nlohmann::json& hall);  // the "hall" member of the hall reply

class HallState {
 public:
  // A fresh picture after (re)connecting.
  void reset(const nlohmann::json& hall_reply, const nlohmann::json& snapshot_reply);
  // Applies one event; returns true if something on screen may change.
  bool apply(const nlohmann::json& event);
  void set_alarms(const nlohmann::json& alarms_reply);

  const HallInfo& hall() const { return hall_; }
  const Snapshot& snapshot() const { return snap_; }
  const std::map<std::string, nlohmann::json>& alarms() const { return alarms_; }  // kind/key → alarm
  const ServiceInfo* service(const std::string& code) const;
  const WindowInfo* window(int number) const;
  // Calls and recalls that arrived since the last take (for voice and blinking).
  std::vector<CallInfo> take_new_calls();
  std::uint64_t version() const { return version_; }  // grows with every change

 private:
  HallInfo hall_;
  Snapshot snap_;
  std::map<std::string, nlohmann::json> alarms_;
  std::vector<CallInfo> new_calls_;
  std::uint64_t version_ = 0;
};

}  // namespace hallq::protocol
