#pragma once
// Cases on the wire (docs/cases.md, docs/protocol.md "Cases"): the case, the
// hand-over sheet and the notice objects, and the operations on them — at the
// window (case_open … case_pickup), between the hall and its departments
// (handover_*), and the look-ups (case_status, case_lookup, cases, …).

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"
#include "core/protocol/tickets.hpp"

namespace hallq::protocol {

enum class CaseState {
  received,
  supplement_requested,
  accepted,
  handed_over,
  returned_approved,
  returned_rejected,
  ready_for_pickup,
  picked_up,
  decided_at_window,
  withdrawn
};
template <>
struct EnumNames<CaseState> {
  static constexpr std::array<std::string_view, 10> names{
      "received",          "supplement_requested", "accepted",  "handed_over",       "returned_approved",
      "returned_rejected", "ready_for_pickup",     "picked_up", "decided_at_window", "withdrawn"};
};

// A material as checked at the window.
enum class MaterialState { pending, original, copy, missing };
template <>
struct EnumNames<MaterialState> {
  static constexpr std::array<std::string_view, 4> names{"pending", "original", "copy", "missing"};
};

struct MaterialInfo {
  Names names;
  MaterialState state = MaterialState::pending;
  bool operator==(const MaterialInfo&) const = default;
};
template <>
struct Wire<MaterialInfo> {
  static constexpr auto fields = std::tuple{req("names", &MaterialInfo::names), req("state", &MaterialInfo::state)};
};

struct CaseInfo {
  std::string number;  // "F-20261130-0012"
  std::string service;
  std::optional<std::string> department;  // deciding department; none: decided at the window
  CaseState state = CaseState::received;
  std::optional<std::string> id_masked;
  std::optional<std::string> name_masked;
  std::optional<std::string> company;
  std::optional<std::string> company_code;
  std::optional<std::string> phone_masked;  // "138****5678"
  std::string language = "zh";
  std::optional<std::string> ticket;      // the ticket of the visit it came from (or came back with)
  std::optional<std::string> ticket_day;  // "2026-11-30"
  int window = 0;                         // the window that received it
  std::optional<std::string> clerk;
  std::vector<MaterialInfo> materials;
  std::optional<std::string> supplement_code;  // while supplement_requested; not shown to kiosks
  int supplements = 0;
  std::string received_at;
  std::optional<std::string> accepted_at;
  std::optional<std::string> due;  // promised date, "2026-12-09"
  std::optional<int> workdays_left;
  bool due_soon = false;
  bool overdue = false;
  std::optional<std::string> handover;
  std::optional<std::string> result_note;
  std::optional<std::string> ready_at;
  std::optional<std::string> pickup_ticket;  // "2026-12-09/H003"
  std::optional<std::string> picked_up_at;
  std::optional<int> pickup_window;
  std::optional<std::string> pickup_clerk;
  std::optional<std::string> agent_id_masked;  // collected by an agent: the agent's masked ID
  std::optional<std::string> agent_reason;
  std::string updated_at;
  // The visit token of `ticket` (its receipt's QR code, the phone's status and rating page): only in the
  // reply to the window's own case operations, never in lists, sheets or events.
  std::optional<std::string> token;
  bool operator==(const CaseInfo&) const = default;
};
template <>
struct Wire<CaseInfo> {
  using T = CaseInfo;
  static constexpr auto fields = std::tuple{req("number", &T::number),
                                            req("service", &T::service),
                                            opt("department", &T::department),
                                            req("state", &T::state),
                                            opt("id_masked", &T::id_masked),
                                            opt("name_masked", &T::name_masked),
                                            opt("company", &T::company),
                                            opt("company_code", &T::company_code),
                                            opt("phone_masked", &T::phone_masked),
                                            opt("language", &T::language),
                                            opt("ticket", &T::ticket),
                                            opt("ticket_day", &T::ticket_day),
                                            opt("window", &T::window),
                                            opt("clerk", &T::clerk),
                                            opt("materials", &T::materials),
                                            opt("supplement_code", &T::supplement_code),
                                            opt("supplements", &T::supplements),
                                            opt("received_at", &T::received_at),
                                            opt("accepted_at", &T::accepted_at),
                                            opt("due", &T::due),
                                            opt("workdays_left", &T::workdays_left),
                                            opt("due_soon", &T::due_soon),
                                            opt("overdue", &T::overdue),
                                            opt("handover", &T::handover),
                                            opt("result_note", &T::result_note),
                                            opt("ready_at", &T::ready_at),
                                            opt("pickup_ticket", &T::pickup_ticket),
                                            opt("picked_up_at", &T::picked_up_at),
                                            opt("pickup_window", &T::pickup_window),
                                            opt("pickup_clerk", &T::pickup_clerk),
                                            opt("agent_id_masked", &T::agent_id_masked),
                                            opt("agent_reason", &T::agent_reason),
                                            opt("updated_at", &T::updated_at),
                                            opt("token", &T::token)};
};

// {"case": {...}}: the reply of every operation on one case.
struct CaseReply {
  CaseInfo case_;
};
template <>
struct Wire<CaseReply> {
  static constexpr auto fields = std::tuple{req("case", &CaseReply::case_)};
};

// {"cases": [...]}: lists, oldest first.
struct CasesReply {
  std::vector<CaseInfo> cases;
};
template <>
struct Wire<CasesReply> {
  static constexpr auto fields = std::tuple{req("cases", &CasesReply::cases)};
};

enum class HandoverState { created, received, returned };
template <>
struct EnumNames<HandoverState> {
  static constexpr std::array<std::string_view, 3> names{"created", "received", "returned"};
};

struct HandoverInfo {
  std::string number;  // "L-20261130-01"
  std::string department;
  HandoverState state = HandoverState::created;
  std::vector<CaseInfo> cases;
  std::string created_at;
  std::string created_by;
  std::optional<std::string> received_at;
  std::optional<std::string> received_by;
  std::optional<std::string> returned_at;
  std::optional<std::string> returned_by;
  bool operator==(const HandoverInfo&) const = default;
};
template <>
struct Wire<HandoverInfo> {
  using T = HandoverInfo;
  static constexpr auto fields = std::tuple{req("number", &T::number),
                                            req("department", &T::department),
                                            req("state", &T::state),
                                            req("cases", &T::cases),
                                            opt("created_at", &T::created_at),
                                            opt("created_by", &T::created_by),
                                            opt("received_at", &T::received_at),
                                            opt("received_by", &T::received_by),
                                            opt("returned_at", &T::returned_at),
                                            opt("returned_by", &T::returned_by)};
};

struct HandoverReply {
  HandoverInfo handover;
};
template <>
struct Wire<HandoverReply> {
  static constexpr auto fields = std::tuple{req("handover", &HandoverReply::handover)};
};

struct HandoversReply {
  std::vector<HandoverInfo> handovers;  // newest first
};
template <>
struct Wire<HandoversReply> {
  static constexpr auto fields = std::tuple{req("handovers", &HandoversReply::handovers)};
};

struct NotificationInfo {
  std::int64_t id = 0;
  std::string case_number;
  std::string channel = "sms";
  std::string recipient_masked;
  std::string language;
  std::string text;
  std::string state = "pending";  // pending, sent, failed
  std::string created_at;
  std::optional<std::string> sent_at;
  std::optional<std::string> error;
  bool operator==(const NotificationInfo&) const = default;
};
template <>
struct Wire<NotificationInfo> {
  using T = NotificationInfo;
  static constexpr auto fields = std::tuple{req("id", &T::id),
                                            req("case", &T::case_number),
                                            req("channel", &T::channel),
                                            req("recipient", &T::recipient_masked),
                                            req("language", &T::language),
                                            req("text", &T::text),
                                            req("state", &T::state),
                                            opt("created_at", &T::created_at),
                                            opt("sent_at", &T::sent_at),
                                            opt("error", &T::error)};
};

struct NotificationsReply {
  std::vector<NotificationInfo> notifications;  // newest last
};
template <>
struct Wire<NotificationsReply> {
  static constexpr auto fields = std::tuple{req("notifications", &NotificationsReply::notifications)};
};

// ------------------------------------------------------------------ at the window
// Callers name their window (their own, with a clerk logged in); guides and
// admins may leave it out where noted.

// case_open: receives the application of the ticket being served at `window`.
// `request_key` (at most 64 characters) makes it safe to send again: the same
// key from the same device the same day answers with the case it opened.
struct CaseOpenRequest {
  static constexpr std::string_view kOp = "case_open";
  using Reply = CaseReply;
  int window = 0;
  std::optional<std::string> service;   // default: the ticket's service
  std::optional<std::string> phone;     // mobile number for the pickup notice
  std::optional<std::string> language;  // of the notices: zh (default), mn, en
  std::optional<std::string> company;
  std::optional<std::string> company_code;  // unified social credit code, checked
  std::optional<std::string> request_key;   // makes the open safe to repeat
};
template <>
struct Wire<CaseOpenRequest> {
  using T = CaseOpenRequest;
  static constexpr auto fields =
      std::tuple{req("window", &T::window),          opt("service", &T::service), opt("phone", &T::phone),
                 opt("language", &T::language),      opt("company", &T::company), opt("company_code", &T::company_code),
                 opt("request_key", &T::request_key)};
};

// case_materials: the state of each material, in the order of the case's list.
struct CaseMaterialsRequest {
  static constexpr std::string_view kOp = "case_materials";
  using Reply = CaseReply;
  int window = 0;
  std::string number;
  std::vector<MaterialState> materials;
};
template <>
struct Wire<CaseMaterialsRequest> {
  using T = CaseMaterialsRequest;
  static constexpr auto fields =
      std::tuple{req("window", &T::window), req("number", &T::number), req("materials", &T::materials)};
};

// An operation at a window on one case.
template <OpName Op>
struct CaseWindowRequest {
  static constexpr std::string_view kOp = Op.view();
  using Reply = CaseReply;
  int window = 0;
  std::string number;
};
template <OpName Op>
struct Wire<CaseWindowRequest<Op>> {
  static constexpr auto fields =
      std::tuple{req("window", &CaseWindowRequest<Op>::window), req("number", &CaseWindowRequest<Op>::number)};
};
// case_supplement: 补正 — the one-time notice of what is missing; the reply carries its code.
using CaseSupplementRequest = CaseWindowRequest<"case_supplement">;
// case_accept: 受理 — every material received; the promised date is set.
using CaseAcceptRequest = CaseWindowRequest<"case_accept">;
// case_decide: 即办件 — decided at the window.
using CaseDecideRequest = CaseWindowRequest<"case_decide">;

// case_withdraw: the applicant withdraws (or the hall refuses) before the end.
struct CaseWithdrawRequest {
  static constexpr std::string_view kOp = "case_withdraw";
  using Reply = CaseReply;
  std::optional<int> window;  // callers: required
  std::string number;
  std::string reason;
};
template <>
struct Wire<CaseWithdrawRequest> {
  using T = CaseWithdrawRequest;
  static constexpr auto fields =
      std::tuple{opt("window", &T::window), req("number", &T::number), req("reason", &T::reason)};
};

// case_ready: the result is back in the hall; the applicant is told.
struct CaseReadyRequest {
  static constexpr std::string_view kOp = "case_ready";
  using Reply = CaseReply;
  std::optional<int> window;  // callers: required
  std::string number;
};
template <>
struct Wire<CaseReadyRequest> {
  using T = CaseReadyRequest;
  static constexpr auto fields = std::tuple{opt("window", &T::window), req("number", &T::number)};
};

// case_pickup: hands the result out against the ID number shown — the
// applicant's, or with agent=true an agent's, recorded with the reason.
struct CasePickupRequest {
  static constexpr std::string_view kOp = "case_pickup";
  using Reply = CaseReply;
  int window = 0;
  std::string number;
  std::string id_number;  // raw, from the card reader or typed; never stored
  bool agent = false;
  std::optional<std::string> reason;  // required for an agent
};
template <>
struct Wire<CasePickupRequest> {
  using T = CasePickupRequest;
  static constexpr auto fields =
      std::tuple{req("window", &T::window), req("number", &T::number), req("id_number", &T::id_number),
                 opt("agent", &T::agent), opt("reason", &T::reason)};
};

// ------------------------------------------------------------------ look-ups

// case_status: one case by number.
struct CaseStatusRequest {
  static constexpr std::string_view kOp = "case_status";
  using Reply = CaseReply;
  std::string number;
};
template <>
struct Wire<CaseStatusRequest> {
  static constexpr auto fields = std::tuple{req("number", &CaseStatusRequest::number)};
};

// case_lookup: a person's open cases, by the ID number on their card.
struct CaseLookupRequest {
  static constexpr std::string_view kOp = "case_lookup";
  using Reply = CasesReply;
  std::string id_number;  // raw; hashed to find the cases, never stored
};
template <>
struct Wire<CaseLookupRequest> {
  static constexpr auto fields = std::tuple{req("id_number", &CaseLookupRequest::id_number)};
};

// cases: a list; every filter given must match. A department's desk sees its own only.
struct CasesRequest {
  static constexpr std::string_view kOp = "cases";
  using Reply = CasesReply;
  std::optional<CaseState> state;
  std::optional<std::string> department;
  bool overdue = false;
  bool due_soon = false;              // due soon or overdue
  bool open = false;                  // not yet ended
  std::optional<std::string> ticket;  // cases of one of today's tickets (received, or to be picked up with it)
};
template <>
struct Wire<CasesRequest> {
  using T = CasesRequest;
  static constexpr auto fields = std::tuple{opt("state", &T::state),     opt("department", &T::department),
                                            opt("overdue", &T::overdue), opt("due_soon", &T::due_soon),
                                            opt("open", &T::open),       opt("ticket", &T::ticket)};
};

// pickup_register: the results handed out on a day (default today), in order.
struct PickupRegisterRequest {
  static constexpr std::string_view kOp = "pickup_register";
  using Reply = CasesReply;
  std::optional<std::string> day;
};
template <>
struct Wire<PickupRegisterRequest> {
  static constexpr auto fields = std::tuple{opt("day", &PickupRegisterRequest::day)};
};

// notifications: the outbox, newest last.
struct NotificationsRequest {
  static constexpr std::string_view kOp = "notifications";
  using Reply = NotificationsReply;
};
template <>
struct Wire<NotificationsRequest> {
  static constexpr auto fields = std::tuple{};
};

// ------------------------------------------------------------------ hand-over sheets

// handover_create: accepted cases of one department go on a new sheet.
struct HandoverCreateRequest {
  static constexpr std::string_view kOp = "handover_create";
  using Reply = HandoverReply;
  std::string department;
  std::vector<std::string> cases;
};
template <>
struct Wire<HandoverCreateRequest> {
  using T = HandoverCreateRequest;
  static constexpr auto fields = std::tuple{req("department", &T::department), req("cases", &T::cases)};
};

// handover_receive: the named person at the department signs for the sheet.
struct HandoverReceiveRequest {
  static constexpr std::string_view kOp = "handover_receive";
  using Reply = HandoverReply;
  std::string sheet;
  std::string person;
};
template <>
struct Wire<HandoverReceiveRequest> {
  using T = HandoverReceiveRequest;
  static constexpr auto fields = std::tuple{req("sheet", &T::sheet), req("person", &T::person)};
};

struct CaseResult {
  std::string case_number;
  bool approved = true;
  std::optional<std::string> note;  // required when not approved: the reasons
};
template <>
struct Wire<CaseResult> {
  static constexpr auto fields = std::tuple{req("case", &CaseResult::case_number),
                                            req("approved", &CaseResult::approved), opt("note", &CaseResult::note)};
};

// handover_return: the department's decisions come back (all at once or some at a time).
struct HandoverReturnRequest {
  static constexpr std::string_view kOp = "handover_return";
  using Reply = HandoverReply;
  std::string sheet;
  std::vector<CaseResult> results;
};
template <>
struct Wire<HandoverReturnRequest> {
  using T = HandoverReturnRequest;
  static constexpr auto fields = std::tuple{req("sheet", &T::sheet), req("results", &T::results)};
};

// handover_show: one sheet with its cases.
struct HandoverShowRequest {
  static constexpr std::string_view kOp = "handover_show";
  using Reply = HandoverReply;
  std::string sheet;
};
template <>
struct Wire<HandoverShowRequest> {
  static constexpr auto fields = std::tuple{req("sheet", &HandoverShowRequest::sheet)};
};

// handovers: the sheets, newest first (a department's desk: its own).
struct HandoversRequest {
  static constexpr std::string_view kOp = "handovers";
  using Reply = HandoversReply;
  std::optional<std::string> department;
};
template <>
struct Wire<HandoversRequest> {
  static constexpr auto fields = std::tuple{opt("department", &HandoversRequest::department)};
};

}  // namespace hallq::protocol
