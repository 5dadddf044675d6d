#pragma once
// Cases (办件): the application behind a visit, from the window that receives
// it to the pickup window that hands out the result. The data the case book
// (case_book.hpp) keeps, the store persists and the wire shows. docs/cases.md
// has the model and its states.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/hall.hpp"
#include "core/domain/time.hpp"

namespace hallq::domain {

//   received → supplement_requested ⇄ received → accepted → handed_over
//     → returned_approved | returned_rejected → ready_for_pickup → picked_up
//   received | accepted → decided_at_window (即办件, archived at the window)
//   any state before picked_up → withdrawn
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
  withdrawn,
};
std::string_view to_string(CaseState s);
std::optional<CaseState> case_state_from_string(std::string_view s);
// picked_up, decided_at_window and withdrawn: nothing more happens to the case.
bool ended(CaseState s);

// A required material as checked at the window: not yet looked at, the
// original seen, a copy received, or missing (goes on the supplement notice).
enum class MaterialState { pending, original, copy, missing };
std::string_view to_string(MaterialState s);
std::optional<MaterialState> material_state_from_string(std::string_view s);

struct CaseMaterial {
  Names name;
  MaterialState state = MaterialState::pending;
  bool operator==(const CaseMaterial&) const = default;
};

// Who collected a result, checked against the applicant's ID number (or an
// agent's, with the reason the agent may).
struct PickupRecord {
  TimePoint at{};
  int window = 0;
  std::string clerk;
  bool agent = false;
  std::string agent_id_masked;
  std::string reason;
  bool operator==(const PickupRecord&) const = default;
};

struct Case {
  std::string number;      // "F-20261130-0012": prefix, hall day, sequence in the day
  std::string service;     // service code
  std::string department;  // deciding department; empty: decided at the window
  // The applicant: keyed hash of the ID number and masks, never the raw values.
  std::string id_hash, id_masked, name_masked;
  std::string company, company_code;  // a company's name and unified social credit code, when it applies
  // The mobile number the pickup notice goes to: kept only while the case is
  // open (cleared when it ends), shown masked (docs/cases.md).
  std::string phone;
  std::string language = "zh";  // of the applicant's notices: zh, mn or en
  LocalDate ticket_day;         // the visit it came from
  std::string ticket;
  int window = 0;     // the window that received it
  std::string clerk;  // and the clerk
  std::vector<CaseMaterial> materials;
  CaseState state = CaseState::received;
  std::string supplement_code;  // while supplement_requested: the code on the notice
  int supplements = 0;          // how many notices were given
  TimePoint received_at{}, accepted_at{}, returned_at{}, ready_at{}, updated_at{};
  std::optional<LocalDate> due;  // promised date (承诺时限) once accepted with a time limit
  std::string handover;          // the hand-over sheet it travelled on
  std::string result_note;       // the department's note (reasons of a refusal)
  std::string pickup_ticket;     // "2026-11-30/H003": the pickup ticket taken for it
  std::optional<PickupRecord> pickup;
  std::string request_key;  // "device/key" of the case_open that made it: a repeat that day gets this case
  bool operator==(const Case&) const = default;
};

enum class HandoverState { created, received, returned };
std::string_view to_string(HandoverState s);
std::optional<HandoverState> handover_state_from_string(std::string_view s);

// A hand-over sheet (流转单): accepted cases whose materials go together to the
// department that decides them, signed for by a named person there.
struct Handover {
  std::string number;  // "L-20261130-01"
  std::string department;
  std::vector<std::string> cases;
  HandoverState state = HandoverState::created;
  TimePoint created_at{};
  std::string created_by;  // clerk or device
  TimePoint received_at{};
  std::string received_by;  // the person at the department who signed
  TimePoint returned_at{};
  std::string returned_by;
  bool operator==(const Handover&) const = default;
};

// A notice to an applicant, waiting in the outbox for the gateway.
struct Notification {
  std::int64_t id = 0;  // 1, 2, … in the hall
  std::string case_number;
  std::string channel = "sms";
  std::string recipient_masked;  // "138****5678"
  std::string language;
  std::string text;
  TimePoint created_at{};
  std::string state = "pending";  // pending, sent, failed
  TimePoint sent_at{};
  std::string error;
  bool operator==(const Notification&) const = default;
};

// "13812345678" → "138****5678"; other lengths keep only the last four.
std::string mask_phone(std::string_view phone);
// A mainland mobile number: 11 digits starting with 1.
bool valid_phone(std::string_view phone);

}  // namespace hallq::domain
