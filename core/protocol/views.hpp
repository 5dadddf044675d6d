#pragma once
// Wire objects shared by the server (which builds them from the domain) and
// every client (hallqctl, kiosk, caller, display), with their JSON mapping.
// Field names are the wire contract; docs/protocol.md lists them with examples.
// Decoding is lenient: missing fields take their defaults, so newer servers may add fields.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

template <typename T>
struct nlohmann::adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& v) {
    if (v)
      j = *v;
    else
      j = nullptr;
  }
  static void from_json(const json& j, std::optional<T>& v) {
    if (j.is_null())
      v.reset();
    else
      v = j.template get<T>();
  }
};

namespace hallq::protocol {

// A text in the hall's three languages.
struct Names {
  std::string zh, mn, en;
  // The text in `lang` ("zh", "mn", "en"), falling back to Chinese.
  const std::string& in(std::string_view lang) const;
  bool operator==(const Names&) const = default;
};

// Ticket states on the wire.
inline constexpr const char* kStates[] = {"waiting", "called", "done", "no_show", "transferred", "cancelled"};

struct TicketInfo {
  std::string number;   // "A001"
  std::string service;  // service it waits for now (after a transfer: the new one)
  std::string state = "waiting";
  std::string issued_at;      // ISO 8601 with offset
  int ahead = 0;              // people called before this ticket (0 unless waiting)
  std::int64_t ewt_s = 0;     // estimated seconds until called (0 unless waiting)
  std::optional<int> window;  // window that called it
  std::string priority = "normal";
  std::string channel = "kiosk";
  // Extensions beyond the minimal contract.
  std::optional<int> target_window;  // waiting for this window after a transfer
  std::optional<std::string> called_at;
  std::optional<std::string> finished_at;
  int recalls = 0;
  std::int64_t waited_s = 0;               // current visit: seconds waited (so far, or until called)
  std::optional<std::string> clerk;        // clerk id that called it
  std::optional<std::string> id_masked;    // real-name tickets: "150502********1234"
  std::optional<std::string> name_masked;  // when a name was given: "包**尔"
  std::optional<std::string> appointment;  // appointment code it was checked in with
  std::optional<std::string> reason;       // why it ended, e.g. "day_end"
  bool operator==(const TicketInfo&) const = default;
};

struct ServiceInfo {
  std::string code;
  Names names;
  int waiting = 0;
  std::int64_t ewt_s = 0;  // estimate for a ticket taken now
  std::int64_t longest_wait_s = 0;
  int issued = 0;
  int quota = 0;     // 0 = unlimited
  bool open = true;  // issuing now (hours, quota)
  bool operator==(const ServiceInfo&) const = default;
};

struct WindowInfo {
  int number = 0;
  Names names;
  std::string kind;                  // comprehensive | specialised | pickup | consult
  std::string state = "closed";      // closed | idle | serving | paused
  std::optional<std::string> clerk;  // clerk id
  std::optional<std::string> clerk_name;
  std::optional<std::string> current;  // ticket number being served
  std::optional<std::string> current_service;
  std::optional<std::string> since;   // when the state (or the current service) began
  std::optional<std::string> reason;  // pause reason
  int served = 0;                     // tickets finished here today
  bool operator==(const WindowInfo&) const = default;
};

struct CallInfo {
  std::string number;
  std::string service;
  int window = 0;
  Names window_names;
  std::string at;
  bool recall = false;  // the latest call of this number was a recall
  bool operator==(const CallInfo&) const = default;
};

struct Snapshot {
  std::string day;
  std::string now;
  std::uint64_t seq = 0;  // events with seq <= this are already reflected
  std::vector<ServiceInfo> services;
  std::vector<WindowInfo> windows;
  std::vector<CallInfo> recent_calls;  // newest first
  bool operator==(const Snapshot&) const = default;
};

// One row of the day's statistics (per service, per window or per clerk).
struct StatsRow {
  std::string key;  // service code, window number or clerk id
  int issued = 0;
  int served = 0;
  int no_shows = 0;
  int transferred = 0;
  int cancelled = 0;
  int waiting = 0;
  std::int64_t wait_mean_s = 0;
  std::int64_t wait_p90_s = 0;
  std::int64_t service_mean_s = 0;
  std::int64_t service_p90_s = 0;
  bool operator==(const StatsRow&) const = default;
};

struct Stats {
  std::string day;
  StatsRow total;
  std::vector<StatsRow> services;
  std::vector<StatsRow> windows;
  std::vector<StatsRow> clerks;
  bool operator==(const Stats&) const = default;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Names, zh, mn, en)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TicketInfo, number, service, state, issued_at, ahead, ewt_s, window,
                                                priority, channel, target_window, called_at, finished_at, recalls,
                                                waited_s, clerk, id_masked, name_masked, appointment, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ServiceInfo, code, names, waiting, ewt_s, longest_wait_s, issued, quota,
                                                open)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(WindowInfo, number, names, kind, state, clerk, clerk_name, current,
                                                current_service, since, reason, served)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CallInfo, number, service, window, window_names, at, recall)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Snapshot, day, now, seq, services, windows, recent_calls)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(StatsRow, key, issued, served, no_shows, transferred, cancelled,
                                                waiting, wait_mean_s, wait_p90_s, service_mean_s, service_p90_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Stats, day, total, services, windows, clerks)

}  // namespace hallq::protocol
