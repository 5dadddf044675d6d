#include "core/protocol/hall_state.hpp"

#include <algorithm>

namespace hallq::protocol {

using nlohmann::json;

const HallInfo::Service* HallInfo::service(const std::string& code) const {
  for (const auto& s : services)
    if (s.code == code) return &s;
  return nullptr;
}
const HallInfo::Window* HallInfo::window(int number) const {
  for (const auto& w : windows)
    if (w.number == number) return &w;
  return nullptr;
}
const HallInfo::Clerk* HallInfo::clerk(const std::string& clerk_id) const {
  for (const auto& c : clerks)
    if (c.id == clerk_id) return &c;
  return nullptr;
}
const HallInfo::Priority* HallInfo::priority(const std::string& priority_id) const {
  for (const auto& p : priorities)
    if (p.id == priority_id) return &p;
  return nullptr;
}

HallInfo parse_hall(const json& j) {
  HallInfo h;
  h.id = j.value("id", "");
  h.names = j.value("names", Names{});
  for (const auto& s : j.value("services", json::array())) {
    HallInfo::Service sv;
    sv.code = s.value("code", "");
    sv.names = s.value("names", Names{});
    sv.category = s.value("category", std::vector<std::string>{});
    sv.quota = s.value("quota", 0);
    sv.real_name = s.value("real_name", false);
    sv.minutes = s.value("minutes", 10);
    sv.materials = s.value("materials", std::vector<Names>{});
    h.services.push_back(std::move(sv));
  }
  for (const auto& w : j.value("windows", json::array())) {
    HallInfo::Window win;
    win.number = w.value("number", 0);
    win.names = w.value("names", Names{});
    win.kind = w.value("kind", "");
    win.services = w.value("services", std::map<std::string, int>{});
    h.windows.push_back(std::move(win));
  }
  for (const auto& c : j.value("clerks", json::array())) h.clerks.push_back({c.value("id", ""), c.value("name", "")});
  for (const auto& p : j.value("priorities", json::array()))
    h.priorities.push_back({p.value("id", ""), p.value("names", Names{}), p.value("rank", 0)});
  for (const auto& c : j.value("categories", json::array()))
    h.categories.push_back({c.value("id", ""), c.value("names", Names{})});
  if (j.contains("display")) {
    const json& d = j["display"];
    h.notice = d.value("notice", Names{});
    h.announce_languages = d.value("announce_languages", h.announce_languages);
    h.announce_repeat = d.value("announce_repeat", h.announce_repeat);
    h.blink_seconds = d.value("blink_seconds", h.blink_seconds);
    h.status_url = d.value("status_url", "");
  }
  if (j.contains("alarms")) {
    h.alarm_queue_length = j["alarms"].value("queue_length", 10);
    h.alarm_wait_minutes = j["alarms"].value("wait_minutes", 15);
    h.alarm_paused_minutes = j["alarms"].value("paused_minutes", 20);
  }
  return h;
}

void HallState::reset(const json& hall_reply, const json& snapshot_reply) {
  hall_ = parse_hall(hall_reply.value("hall", json::object()));
  snap_ = snapshot_reply.get<Snapshot>();
  new_calls_.clear();
  ++version_;
}

void HallState::set_alarms(const json& reply) {
  alarms_.clear();
  for (const auto& a : reply.value("alarms", json::array()))
    alarms_[a.value("kind", "") + "/" + a.value("key", "")] = a;
  ++version_;
}

const ServiceInfo* HallState::service(const std::string& code) const {
  for (const auto& s : snap_.services)
    if (s.code == code) return &s;
  return nullptr;
}

const WindowInfo* HallState::window(int number) const {
  for (const auto& w : snap_.windows)
    if (w.number == number) return &w;
  return nullptr;
}

std::vector<CallInfo> HallState::take_new_calls() {
  return std::exchange(new_calls_, {});
}

bool HallState::apply(const json& e) {
  const std::string name = e.value("event", "");
  if (name == "called") {
    CallInfo c;
    c.number = e.value("number", "");
    c.service = e.value("service", "");
    c.window = e.value("window", 0);
    c.window_names = e.value("window_names", Names{});
    c.at = e.value("at", "");
    c.recall = e.value("recall", false);
    auto& rc = snap_.recent_calls;
    rc.erase(std::remove_if(rc.begin(), rc.end(), [&](const CallInfo& x) { return x.number == c.number; }), rc.end());
    rc.insert(rc.begin(), c);
    if (rc.size() > 10) rc.resize(10);
    new_calls_.push_back(c);
  } else if (name == "queue") {
    std::string code = e.value("service", "");
    for (auto& s : snap_.services)
      if (s.code == code) {
        s.waiting = e.value("waiting", s.waiting);
        s.ewt_s = e.value("ewt_s", s.ewt_s);
        s.longest_wait_s = e.value("longest_wait_s", s.longest_wait_s);
        s.issued = e.value("issued", s.issued);
        s.open = e.value("open", s.open);
      }
  } else if (name == "window") {
    WindowInfo w = e.get<WindowInfo>();
    bool found = false;
    for (auto& x : snap_.windows)
      if (x.number == w.number) {
        x = w;
        found = true;
      }
    if (!found) snap_.windows.push_back(w);
  } else if (name == "alarm") {
    std::string key = e.value("kind", "") + "/" + e.value("key", "");
    if (e.value("active", false))
      alarms_[key] = e;
    else
      alarms_.erase(key);
  } else if (name == "day") {
    snap_.day = e.value("day", snap_.day);
    snap_.recent_calls.clear();
  } else {
    return false;  // tickets and others: screens do not show them
  }
  ++version_;
  return true;
}

}  // namespace hallq::protocol
