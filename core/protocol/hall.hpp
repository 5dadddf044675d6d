#pragma once
// The hall on the wire: its public description (the `hall` operation, for
// menus and labels), and its live state (the `snapshot` operation: services'
// queues, windows, recent calls), which events then keep current.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"
#include "core/protocol/ratings.hpp"
#include "core/protocol/windows.hpp"

namespace hallq::protocol {

// ------------------------------------------------------------------ the description

struct HallService {
  std::string code;  // the ticket prefix, e.g. "A"
  Names names;
  std::vector<std::string> category;        // path of category ids for the kiosk menu, outermost first
  int quota = 0;                            // tickets per day, 0 = unlimited
  int per_person = 0;                       // tickets per ID number per day, 0 = unlimited
  std::vector<std::string> hours;           // issuing hours, "08:30-12:00"
  std::vector<std::string> extended_hours;  // 延时办理: extra issuing hours
  bool real_name = false;                   // an ID card is required
  int minutes = 10;                         // service time used for estimates until measured
  std::vector<Names> materials;             // required materials: the one-time notice
  int limit_days = 0;                       // cases: promised working days (0: decided on the spot)
  std::optional<std::string> department;    // cases: the department that decides them
};
template <>
struct Wire<HallService> {
  using T = HallService;
  static constexpr auto fields = std::tuple{req("code", &T::code),
                                            opt("names", &T::names),
                                            opt("category", &T::category),
                                            opt("quota", &T::quota),
                                            opt("per_person", &T::per_person),
                                            opt("hours", &T::hours),
                                            opt("extended_hours", &T::extended_hours),
                                            opt("real_name", &T::real_name),
                                            opt("minutes", &T::minutes),
                                            opt("materials", &T::materials),
                                            opt("limit_days", &T::limit_days),
                                            opt("department", &T::department)};
};

struct HallWindow {
  int number = 0;
  Names names;
  WindowKind kind = WindowKind::comprehensive;
  std::map<std::string, int> services;  // service code → weight
};
template <>
struct Wire<HallWindow> {
  using T = HallWindow;
  static constexpr auto fields = std::tuple{req("number", &T::number), opt("names", &T::names), opt("kind", &T::kind),
                                            opt("services", &T::services)};
};

struct HallCategory {
  std::string id;
  Names names;
};
template <>
struct Wire<HallCategory> {
  static constexpr auto fields = std::tuple{req("id", &HallCategory::id), opt("names", &HallCategory::names)};
};

struct HallPriority {
  std::string id;  // "elderly"; "normal" is implicit
  Names names;
  int rank = 1;     // higher is called first
  int min_age = 0;  // > 0: given to ID holders at least this old
};
template <>
struct Wire<HallPriority> {
  using T = HallPriority;
  static constexpr auto fields =
      std::tuple{req("id", &T::id), opt("names", &T::names), opt("rank", &T::rank), opt("min_age", &T::min_age)};
};

struct HallClerk {
  std::string id, name;  // never a PIN hash
};
template <>
struct Wire<HallClerk> {
  static constexpr auto fields = std::tuple{req("id", &HallClerk::id), opt("name", &HallClerk::name)};
};

struct HallAppointments {
  int checkin_before_min = 30;
  int checkin_after_min = 15;
};
template <>
struct Wire<HallAppointments> {
  static constexpr auto fields = std::tuple{opt("checkin_before_min", &HallAppointments::checkin_before_min),
                                            opt("checkin_after_min", &HallAppointments::checkin_after_min)};
};

struct HallDisplay {
  Names notice;  // the scrolling notice on the hall board
  std::vector<std::string> announce_languages{"zh", "mn"};
  int announce_repeat = 2;
  int blink_seconds = 8;
  std::string status_url;  // the hall's public base URL: QR codes link status_url + "/v/" + token
};
template <>
struct Wire<HallDisplay> {
  using T = HallDisplay;
  static constexpr auto fields =
      std::tuple{opt("notice", &T::notice), opt("announce_languages", &T::announce_languages),
                 opt("announce_repeat", &T::announce_repeat), opt("blink_seconds", &T::blink_seconds),
                 opt("status_url", &T::status_url)};
};

struct HallAlarms {
  int queue_length = 10;
  int wait_minutes = 15;
  int paused_minutes = 20;
};
template <>
struct Wire<HallAlarms> {
  using T = HallAlarms;
  static constexpr auto fields =
      std::tuple{opt("queue_length", &T::queue_length), opt("wait_minutes", &T::wait_minutes),
                 opt("paused_minutes", &T::paused_minutes)};
};

struct HallDepartment {
  std::string id;
  Names names;
  std::vector<std::string> services;
};
template <>
struct Wire<HallDepartment> {
  using T = HallDepartment;
  static constexpr auto fields = std::tuple{req("id", &T::id), opt("names", &T::names), opt("services", &T::services)};
};

// How the hall numbers and collects cases (docs/cases.md).
struct HallCases {
  std::string number_prefix = "F";
  int due_soon_days = 2;
  std::optional<std::string> pickup_service;  // the service of pickup tickets (领取办件结果)
};
template <>
struct Wire<HallCases> {
  using T = HallCases;
  static constexpr auto fields =
      std::tuple{opt("number_prefix", &T::number_prefix), opt("due_soon_days", &T::due_soon_days),
                 opt("pickup_service", &T::pickup_service)};
};

// How the window's pad offers a visit for rating (docs/ratings.md).
struct HallRatings {
  int pad_seconds = 30;              // the rating page without a touch: then "not rated"
  std::vector<std::string> reasons;  // ids a bad rating may give; words from rating.reasons.<id>
};
template <>
struct Wire<HallRatings> {
  using T = HallRatings;
  static constexpr auto fields = std::tuple{opt("pad_seconds", &T::pad_seconds), opt("reasons", &T::reasons)};
};

// The public description of the hall. PIN hashes and tokens are never in it.
struct HallInfo {
  std::string id;
  Names names;
  std::vector<std::string> hours;  // the hall's issuing hours
  std::vector<HallCategory> categories;
  std::vector<HallService> services;
  std::vector<HallWindow> windows;
  std::vector<HallPriority> priorities;
  std::vector<HallClerk> clerks;
  HallAppointments appointments;
  HallDisplay display;
  HallAlarms alarms;
  std::vector<HallDepartment> departments;
  HallCases cases;
  HallRatings ratings;
  bool training = false;  // a training hall's (as hello's): its papers say so

  const HallService* service(std::string_view code) const;
  const HallWindow* window(int number) const;
  const HallClerk* clerk(std::string_view id) const;
  const HallPriority* priority(std::string_view id) const;
};
template <>
struct Wire<HallInfo> {
  using T = HallInfo;
  static constexpr auto fields = std::tuple{req("id", &T::id),
                                            opt("names", &T::names),
                                            opt("hours", &T::hours),
                                            opt("categories", &T::categories),
                                            opt("services", &T::services),
                                            opt("windows", &T::windows),
                                            opt("priorities", &T::priorities),
                                            opt("clerks", &T::clerks),
                                            opt("appointments", &T::appointments),
                                            opt("display", &T::display),
                                            opt("alarms", &T::alarms),
                                            opt("departments", &T::departments),
                                            opt("cases", &T::cases),
                                            opt("ratings", &T::ratings),
                                            opt("training", &T::training)};
};

struct HallReply {
  HallInfo hall;
};
template <>
struct Wire<HallReply> {
  static constexpr auto fields = std::tuple{req("hall", &HallReply::hall)};
};

using HallRequest = BareRequest<"hall", HallReply>;

// ------------------------------------------------------------------ the live state

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
template <>
struct Wire<ServiceInfo> {
  using T = ServiceInfo;
  static constexpr auto fields = std::tuple{req("code", &T::code),
                                            opt("names", &T::names),
                                            opt("waiting", &T::waiting),
                                            opt("ewt_s", &T::ewt_s),
                                            opt("longest_wait_s", &T::longest_wait_s),
                                            opt("issued", &T::issued),
                                            opt("quota", &T::quota),
                                            opt("open", &T::open)};
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
template <>
struct Wire<CallInfo> {
  using T = CallInfo;
  static constexpr auto fields = std::tuple{req("number", &T::number), opt("service", &T::service),
                                            req("window", &T::window), opt("window_names", &T::window_names),
                                            opt("at", &T::at),         opt("recall", &T::recall)};
};

// The hall's open cases (办件) by where they stand: for the guides' monitor
// and the pickup window. `open` counts every case not yet ended; the others
// are parts of it (a case may be both handed over and due soon).
struct CaseCounts {
  int open = 0;
  int handed_over = 0;  // at a department
  int due_soon = 0;     // within [cases] due_soon_days working days of the promised date
  int overdue = 0;      // past it
  int ready = 0;        // waiting at the pickup window
  bool operator==(const CaseCounts&) const = default;
};
template <>
struct Wire<CaseCounts> {
  using T = CaseCounts;
  static constexpr auto fields =
      std::tuple{opt("open", &T::open), opt("handed_over", &T::handed_over), opt("due_soon", &T::due_soon),
                 opt("overdue", &T::overdue), opt("ready", &T::ready)};
};

struct Snapshot {
  std::string day;
  std::string now;
  std::uint64_t seq = 0;  // events with seq <= this are already reflected
  std::vector<ServiceInfo> services;
  std::vector<WindowInfo> windows;
  std::vector<CallInfo> recent_calls;  // newest first, one per number
  CaseCounts cases;
  RatingCounts ratings;
  std::vector<RatingOffer> rating_offers;  // one per window whose pad may rate now
  bool operator==(const Snapshot&) const = default;
};
template <>
struct Wire<Snapshot> {
  using T = Snapshot;
  static constexpr auto fields =
      std::tuple{req("day", &T::day),           opt("now", &T::now),         req("seq", &T::seq),
                 opt("services", &T::services), opt("windows", &T::windows), opt("recent_calls", &T::recent_calls),
                 opt("cases", &T::cases),       opt("ratings", &T::ratings), opt("rating_offers", &T::rating_offers)};
};

using SnapshotRequest = BareRequest<"snapshot", Snapshot>;

// The citizen's page of a visit, for the QR code on a ticket or receipt: the
// hall's public base URL (status_url) + "/v/" + the visit's token (what the
// web listener serves, docs/web.md); empty when the hall has no status_url or
// there is no token. Never a ticket number: that would let anyone watch anyone.
std::string status_link(const HallInfo& hall, std::string_view token);
// The same from the base URL alone (a hall configuration's [display] status_url).
std::string status_link(std::string_view status_url, std::string_view token);

}  // namespace hallq::protocol
