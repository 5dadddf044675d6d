#pragma once
// Appointments on the wire: importing a day's appointments, and checking in
// (by the appointment's code or the citizen's ID card) for a ticket.

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/tickets.hpp"

namespace hallq::protocol {

// checkin: a ticket for an imported appointment, within its check-in window.
// Exactly one of code / id_number.
struct CheckinRequest {
  static constexpr std::string_view kOp = "checkin";
  using Reply = TicketReply;
  std::optional<std::string> code;
  std::optional<std::string> id_number;    // raw; hashed to find the appointment, never stored
  std::optional<std::string> request_key;  // makes the check-in safe to repeat
  std::optional<std::string> language;     // the citizen's choice: zh, mn, en
};
template <>
struct Wire<CheckinRequest> {
  using T = CheckinRequest;
  static constexpr auto fields = std::tuple{opt("code", &T::code), opt("id_number", &T::id_number),
                                            opt("request_key", &T::request_key), opt("language", &T::language)};
};

struct AppointmentEntry {
  std::string code;
  std::string service;
  std::string time;                      // "09:30"
  std::optional<std::string> id_number;  // raw; kept hashed and masked
  std::optional<std::string> name;       // raw; kept masked
};
template <>
struct Wire<AppointmentEntry> {
  using T = AppointmentEntry;
  static constexpr auto fields = std::tuple{req("code", &T::code), req("service", &T::service), req("time", &T::time),
                                            opt("id_number", &T::id_number), opt("name", &T::name)};
};

struct ImportAppointmentsReply {
  int imported = 0;
  std::string day;
};
template <>
struct Wire<ImportAppointmentsReply> {
  static constexpr auto fields =
      std::tuple{req("imported", &ImportAppointmentsReply::imported), req("day", &ImportAppointmentsReply::day)};
};

// import_appointments: replaces the not-yet-checked-in appointments of a day
// (today or later). All or nothing.
struct ImportAppointmentsRequest {
  static constexpr std::string_view kOp = "import_appointments";
  using Reply = ImportAppointmentsReply;
  std::optional<std::string> day;  // default: today
  std::vector<AppointmentEntry> appointments;
};
template <>
struct Wire<ImportAppointmentsRequest> {
  using T = ImportAppointmentsRequest;
  static constexpr auto fields = std::tuple{opt("day", &T::day), req("appointments", &T::appointments)};
};

// One appointment as guides see it: personal data masked.
struct AppointmentInfo {
  std::string code;
  std::string service;
  std::string time;  // "09:30"
  std::optional<std::string> id_masked;
  std::optional<std::string> name_masked;
  std::optional<std::string> ticket;  // the number issued at check-in; null until then
  bool operator==(const AppointmentInfo&) const = default;
};
template <>
struct Wire<AppointmentInfo> {
  using T = AppointmentInfo;
  static constexpr auto fields =
      std::tuple{req("code", &T::code),           req("service", &T::service),         req("time", &T::time),
                 opt("id_masked", &T::id_masked), opt("name_masked", &T::name_masked), opt("ticket", &T::ticket)};
};

struct AppointmentsReply {
  std::string day;
  std::vector<AppointmentInfo> appointments;  // by time, then code
};
template <>
struct Wire<AppointmentsReply> {
  static constexpr auto fields =
      std::tuple{req("day", &AppointmentsReply::day), req("appointments", &AppointmentsReply::appointments)};
};

// appointments: a day's imported appointments (default today), for guides.
struct AppointmentsRequest {
  static constexpr std::string_view kOp = "appointments";
  using Reply = AppointmentsReply;
  std::optional<std::string> day;
};
template <>
struct Wire<AppointmentsRequest> {
  static constexpr auto fields = std::tuple{opt("day", &AppointmentsRequest::day)};
};

}  // namespace hallq::protocol
