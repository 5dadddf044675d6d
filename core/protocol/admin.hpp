#pragma once
// Watching and running the hall on the wire: statistics, alarms, and the
// terminals' reports on their devices (the one list of printer and card-reader
// states: drivers, kiosks and the server all use these enums).

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/ratings.hpp"

namespace hallq::protocol {

// ------------------------------------------------------------------ statistics

// One row of a day's statistics (per service, per window or per clerk).
struct StatsRow {
  std::string key;  // service code, window number or clerk id; "" for the total
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
template <>
struct Wire<StatsRow> {
  using T = StatsRow;
  static constexpr auto fields = std::tuple{req("key", &T::key),
                                            opt("issued", &T::issued),
                                            opt("served", &T::served),
                                            opt("no_shows", &T::no_shows),
                                            opt("transferred", &T::transferred),
                                            opt("cancelled", &T::cancelled),
                                            opt("waiting", &T::waiting),
                                            opt("wait_mean_s", &T::wait_mean_s),
                                            opt("wait_p90_s", &T::wait_p90_s),
                                            opt("service_mean_s", &T::service_mean_s),
                                            opt("service_p90_s", &T::service_p90_s)};
};

// The day's 好差评 figures in `stats` (docs/ratings.md "Figures"): the rows
// of the `ratings` operation for that one day, per service, window and clerk.
struct StatsRatings {
  RatingRowInfo total;  // key "total"
  std::vector<RatingRowInfo> services;
  std::vector<RatingRowInfo> windows;
  std::vector<RatingRowInfo> clerks;
  bool operator==(const StatsRatings&) const = default;
};
template <>
struct Wire<StatsRatings> {
  using T = StatsRatings;
  static constexpr auto fields = std::tuple{req("total", &T::total), opt("services", &T::services),
                                            opt("windows", &T::windows), opt("clerks", &T::clerks)};
};

struct Stats {
  std::string day;
  StatsRow total;
  std::vector<StatsRow> services;
  std::vector<StatsRow> windows;
  std::vector<StatsRow> clerks;
  // Staff assessment data: for guides and admins only (absent for callers and displays).
  std::optional<StatsRatings> ratings;
  bool operator==(const Stats&) const = default;
};
template <>
struct Wire<Stats> {
  using T = Stats;
  static constexpr auto fields =
      std::tuple{req("day", &T::day),         req("total", &T::total),   opt("services", &T::services),
                 opt("windows", &T::windows), opt("clerks", &T::clerks), opt("ratings", &T::ratings)};
};

struct StatsRequest {
  static constexpr std::string_view kOp = "stats";
  using Reply = Stats;
  std::optional<std::string> day;  // default: today
};
template <>
struct Wire<StatsRequest> {
  static constexpr auto fields = std::tuple{opt("day", &StatsRequest::day)};
};

// ------------------------------------------------------------------ devices

enum class PrinterState { ready, paper_low, paper_out, cover_open, offline, error, absent, unknown };
template <>
struct EnumNames<PrinterState> {
  static constexpr std::array<std::string_view, 8> names{"ready",   "paper_low", "paper_out", "cover_open",
                                                         "offline", "error",     "absent",    "unknown"};
};
// Whether a job is worth trying: paper low still prints; a printer that does not
// answer status requests (unknown) is tried, and the job's outcome decides.
constexpr bool can_print(PrinterState s) {
  return s == PrinterState::ready || s == PrinterState::paper_low || s == PrinterState::unknown;
}

enum class CardReaderState { ok, absent, error };
template <>
struct EnumNames<CardReaderState> {
  static constexpr std::array<std::string_view, 3> names{"ok", "absent", "error"};
};

// device_status: a terminal reports its devices; problems become alarms.
struct DeviceStatusRequest {
  static constexpr std::string_view kOp = "device_status";
  using Reply = Empty;
  std::optional<PrinterState> printer;
  std::optional<CardReaderState> card_reader;
  std::optional<std::string> detail;  // free text for guides, at most 200 bytes kept
};
template <>
struct Wire<DeviceStatusRequest> {
  using T = DeviceStatusRequest;
  static constexpr auto fields =
      std::tuple{opt("printer", &T::printer), opt("card_reader", &T::card_reader), opt("detail", &T::detail)};
};

// ------------------------------------------------------------------ alarms

enum class AlarmKind {
  queue_length,
  wait_time,
  window_paused,
  printer,
  card_reader,
  device_offline,
  pin_locked,        // a clerk or a device locked after repeated wrong PINs
  issue_rate,        // a kiosk asked for tickets faster than a person could
  case_due_soon,     // an accepted case within [cases] due_soon_days working days of its promised date
  case_overdue,      // an accepted case past its promised date, not yet back in the hall
  bad_rating,        // a citizen rated a visit 不满意 or 非常不满意 in the last [ratings] alarm_minutes
  followup_overdue,  // a bad rating's follow-up is past its call-back or rectification date
  help_requested,    // a kiosk called for a guide (呼叫帮办) and no guide has taken the call yet
  disk_low,          // the database's file system has less free space than [server] disk_warn_mib
  understaffed,      // fewer windows open now than the staffing advice for the next hour
};
template <>
struct EnumNames<AlarmKind> {
  static constexpr std::array<std::string_view, 15> names{
      "queue_length",   "wait_time",        "window_paused",  "printer",       "card_reader",
      "device_offline", "pin_locked",       "issue_rate",     "case_due_soon", "case_overdue",
      "bad_rating",     "followup_overdue", "help_requested", "disk_low",      "understaffed"};
};

// One alarm for guides. `key` says what it is about (a service code, a window
// number, a device id); the other fields are set per kind:
//   queue_length {service, threshold}      wait_time {service, threshold_s}
//   window_paused {window, since, reason}  printer {device, state, detail}
//   card_reader {device, state}            device_offline {device}
//   pin_locked {clerk or device, until}    issue_rate {device}
//   case_due_soon, case_overdue {service, detail: the case number, until: the promised date}
//   bad_rating {service, window, detail: the ticket, reason: the level}
//   followup_overdue {detail: the ticket, until: the date passed} (key: the follow-up's id)
//   help_requested {device: the kiosk, since: when it called, detail: the call's id} (key: the kiosk)
//   disk_low {detail: the free space, "812 MiB", threshold: [server] disk_warn_mib} (key: "disk")
//   understaffed {threshold: the windows advised, detail: the windows open now, until: the hour's start}
//                (key: "staffing")
struct Alarm {
  AlarmKind kind = AlarmKind::queue_length;
  std::string key;
  bool active = true;   // false: the alarm has cleared
  std::string message;  // English, for logs and hallqctl; screens show their own words
  std::optional<std::string> service;
  std::optional<int> threshold;
  std::optional<std::int64_t> threshold_s;
  std::optional<int> window;
  std::optional<std::string> since;
  std::optional<std::string> reason;
  std::optional<std::string> device;
  std::optional<std::string> state;  // a PrinterState or CardReaderState name
  std::optional<std::string> detail;
  std::optional<std::string> clerk;
  std::optional<std::string> until;
  bool operator==(const Alarm&) const = default;
  // "kind/key": one alarm of a kind per key at a time.
  std::string id() const { return std::string(to_string(kind)) + "/" + key; }
};
template <>
struct Wire<Alarm> {
  using T = Alarm;
  static constexpr auto fields = std::tuple{req("kind", &T::kind),
                                            req("key", &T::key),
                                            opt("active", &T::active),
                                            opt("message", &T::message),
                                            opt("service", &T::service),
                                            opt("threshold", &T::threshold),
                                            opt("threshold_s", &T::threshold_s),
                                            opt("window", &T::window),
                                            opt("since", &T::since),
                                            opt("reason", &T::reason),
                                            opt("device", &T::device),
                                            opt("state", &T::state),
                                            opt("detail", &T::detail),
                                            opt("clerk", &T::clerk),
                                            opt("until", &T::until)};
};

struct AlarmsReply {
  std::vector<Alarm> alarms;
};
template <>
struct Wire<AlarmsReply> {
  static constexpr auto fields = std::tuple{req("alarms", &AlarmsReply::alarms)};
};

// alarms: the alarms active now.
using AlarmsRequest = BareRequest<"alarms", AlarmsReply>;

// ------------------------------------------------------------------ health

// What monitoring (hallqctl health) needs: one verdict per check and the worst of them.
enum class HealthStatus { ok, warning, critical };
template <>
struct EnumNames<HealthStatus> {
  static constexpr std::array<std::string_view, 3> names{"ok", "warning", "critical"};
};

// One check: "disk" (value: free MiB, limit: [server] disk_warn_mib), "commits" (value: the slowest
// commit of the last minute in µs, limit: commit_warn_ms in µs), "devices" (value: terminals offline
// or with a device problem), "alarms" (value: other alarms active). `message` says it in English.
struct HealthCheck {
  std::string name;
  HealthStatus status = HealthStatus::ok;
  std::string message;
  std::optional<std::int64_t> value;
  std::optional<std::int64_t> limit;
  bool operator==(const HealthCheck&) const = default;
};
template <>
struct Wire<HealthCheck> {
  using T = HealthCheck;
  static constexpr auto fields =
      std::tuple{req("name", &T::name), req("status", &T::status), req("message", &T::message), opt("value", &T::value),
                 opt("limit", &T::limit)};
};

struct HealthReply {
  HealthStatus status = HealthStatus::ok;  // the worst check's
  std::vector<HealthCheck> checks;
  std::string version;  // the server's release
  std::int64_t uptime_s = 0;
};
template <>
struct Wire<HealthReply> {
  using T = HealthReply;
  static constexpr auto fields = std::tuple{req("status", &T::status), req("checks", &T::checks),
                                            req("version", &T::version), req("uptime_s", &T::uptime_s)};
};

// health: how the server itself is doing.
using HealthRequest = BareRequest<"health", HealthReply>;

// unlock: an admin ends a PIN lock on a clerk or a device.
struct UnlockRequest {
  static constexpr std::string_view kOp = "unlock";
  using Reply = Empty;
  std::string who;  // a clerk id or a device id
};
template <>
struct Wire<UnlockRequest> {
  static constexpr auto fields = std::tuple{req("who", &UnlockRequest::who)};
};

// set_password: an admin sets the password a staff member logs in to the web
// console with (a [[clerk]] or a [[user]] of the configuration; docs/web.md).
// Kept as a PBKDF2 hash; never logged, never sent back.
struct SetPasswordRequest {
  static constexpr std::string_view kOp = "set_password";
  using Reply = Empty;
  std::string user;
  std::string password;
};
template <>
struct Wire<SetPasswordRequest> {
  static constexpr auto fields =
      std::tuple{req("user", &SetPasswordRequest::user), req("password", &SetPasswordRequest::password)};
};

// ------------------------------------------------------------------ devices and people

// One device of the configuration as guides watch it: connected or not, and what it last said of its
// printer and card reader. Never its token.
struct DeviceInfo {
  std::string id;
  Role role = Role::display;
  std::optional<int> window;              // a caller bound to one window
  std::optional<std::string> department;  // a department's desk
  int sessions = 0;                       // connections that said hello and are still open
  std::optional<PrinterState> printer;    // as last reported (device_status)
  std::optional<CardReaderState> card_reader;
  std::optional<std::string> detail;
  std::optional<std::string> locked_until;  // locked after wrong PINs: until when (ISO local time)
  bool operator==(const DeviceInfo&) const = default;
};
template <>
struct Wire<DeviceInfo> {
  using T = DeviceInfo;
  static constexpr auto fields = std::tuple{req("id", &T::id),
                                            req("role", &T::role),
                                            opt("window", &T::window),
                                            opt("department", &T::department),
                                            req("sessions", &T::sessions),
                                            opt("printer", &T::printer),
                                            opt("card_reader", &T::card_reader),
                                            opt("detail", &T::detail),
                                            opt("locked_until", &T::locked_until)};
};
struct DevicesReply {
  std::vector<DeviceInfo> devices;  // in the configuration's order
};
template <>
struct Wire<DevicesReply> {
  static constexpr auto fields = std::tuple{req("devices", &DevicesReply::devices)};
};
// devices: the configuration's devices and their health (guides, admins).
using DevicesRequest = BareRequest<"devices", DevicesReply>;

// One person who may log in: a clerk (at a caller with a PIN; at the console with a password) or a
// [[user]] (guide, manager, admin).
struct UserInfo {
  std::string id;
  std::string name;
  std::string role;                         // clerk, guide, manager, admin
  bool password = false;                    // has a console password
  std::optional<std::string> locked_until;  // a clerk locked after wrong PINs: until when (ISO local time)
  bool operator==(const UserInfo&) const = default;
};
template <>
struct Wire<UserInfo> {
  using T = UserInfo;
  static constexpr auto fields = std::tuple{req("id", &T::id), req("name", &T::name), req("role", &T::role),
                                            req("password", &T::password), opt("locked_until", &T::locked_until)};
};
struct UsersReply {
  std::vector<UserInfo> users;  // clerks, then [[user]]s, in the configuration's order
};
template <>
struct Wire<UsersReply> {
  static constexpr auto fields = std::tuple{req("users", &UsersReply::users)};
};
// users: who may log in, and whether they can (admins).
using UsersRequest = BareRequest<"users", UsersReply>;

// ------------------------------------------------------------------ backups

// A copy of the database taken while the hall runs (docs/operations.md, "Backups").
struct BackupReply {
  std::string file;        // where the server wrote it
  std::int64_t bytes = 0;  // its size
  int schema = 0;          // the database's schema version in it
  std::int64_t tickets = 0;
  std::int64_t ms = 0;   // how long the copy took
  std::string taken_at;  // local time
};
template <>
struct Wire<BackupReply> {
  static constexpr auto fields =
      std::tuple{req("file", &BackupReply::file),     req("bytes", &BackupReply::bytes),
                 req("schema", &BackupReply::schema), req("tickets", &BackupReply::tickets),
                 req("ms", &BackupReply::ms),         req("taken_at", &BackupReply::taken_at)};
};
// backup: `file` is an absolute path on the server's machine that does not exist yet; without it,
// the server names one in its backup folder.
struct BackupRequest {
  static constexpr std::string_view kOp = "backup";
  using Reply = BackupReply;
  std::optional<std::string> file;
};
template <>
struct Wire<BackupRequest> {
  static constexpr auto fields = std::tuple{opt("file", &BackupRequest::file)};
};

}  // namespace hallq::protocol
