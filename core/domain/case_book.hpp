#pragma once
// The case book: every open case and hand-over sheet of the hall (and those
// ended recently), the rules of their states, and what changed for the store.
// Pure and deterministic like the queue engine: time from the Clock, no I/O,
// random codes and notice texts come from the caller.
//
// Thread affinity: not thread safe; one owner calls it (the server's event loop).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/case.hpp"
#include "core/domain/changes.hpp"
#include "core/domain/hall.hpp"
#include "core/domain/outcome.hpp"
#include "core/domain/ticket.hpp"
#include "core/domain/time.hpp"

namespace hallq::domain {

// Who does something: a clerk at a window, a guide's or admin's device, or a
// named person at a department's desk.
struct Actor {
  std::string who;
  int window = 0;
};

struct OpenCaseArgs {
  std::string service;  // empty: the ticket's current service
  std::string phone;    // for the pickup notice; optional
  std::string language = "zh";
  std::string company, company_code;  // optional; the code is checked (GB 32100)
  std::string request_key;            // "device/key"; optional: the same key the same day is the same case
};

struct ReturnResult {
  std::string case_number;
  bool approved = true;
  std::string note;  // required when refused
};

struct Agent {
  std::string id_hash, id_masked;
  std::string reason;  // required
};

// What a list asks for; empty fields match everything.
struct CaseFilter {
  std::optional<CaseState> state;
  std::string department;
  bool overdue = false;   // only cases past their promised date
  bool due_soon = false;  // only cases due within CaseRules::due_soon_days (overdue ones too)
  bool open_only = false;
};

struct DueStatus {
  int workdays_left = 0;  // meaningful when `due` is set
  bool due_soon = false;
  bool overdue = false;
};

struct CaseCounts {
  int open = 0, overdue = 0, due_soon = 0, ready = 0, handed_over = 0;
};

class CaseBook {
 public:
  // `config` and `clock` must outlive the book.
  CaseBook(const HallConfig& config, const Clock& clock);
  ~CaseBook();
  CaseBook(const CaseBook&) = delete;
  CaseBook& operator=(const CaseBook&) = delete;

  // Continues from persisted state: open cases and those ended recently, the
  // sheets, the recent and pending notices, and the highest notice id given so far.
  void restore(std::vector<Case> cases, std::vector<Handover> sheets, std::vector<Notification> notifications,
               std::int64_t last_notification);

  // ---- the window
  // Receives the application of `ticket` (the one being served at `by.window`).
  Outcome<const Case*> open(const Ticket& ticket, const OpenCaseArgs& args, const Actor& by);
  // Sets the materials' states, in the order of the case's checklist.
  Outcome<const Case*> set_materials(std::string_view number, const std::vector<MaterialState>& states,
                                     const Actor& by);
  // 补正: the one-time notice of what is missing, with the code the applicant returns with.
  Outcome<const Case*> request_supplement(std::string_view number, std::string code, const Actor& by);
  // The case whose notice carries `code`, while it waits for the supplement.
  const Case* find_by_code(std::string_view code) const;
  // The applicant came back with the code and took `ticket`: received again.
  Outcome<const Case*> supplement_returned(std::string_view code, const Ticket& ticket, const Actor& by);
  // 受理: every material seen; the promised date is set from the service's time limit.
  Outcome<const Case*> accept(std::string_view number, const Actor& by);
  // 即办件: decided and archived at the window.
  Outcome<const Case*> decide_at_window(std::string_view number, const Actor& by);
  Outcome<const Case*> withdraw(std::string_view number, std::string_view reason, const Actor& by);

  // ---- hand-over to departments
  Outcome<const Handover*> create_handover(std::string_view department, const std::vector<std::string>& cases,
                                           const Actor& by);
  // `department`: the receiving desk's department (empty: a guide or admin, any).
  Outcome<const Handover*> receive_handover(std::string_view sheet, std::string_view person,
                                            std::string_view department, const Actor& by);
  Outcome<const Handover*> return_handover(std::string_view sheet, const std::vector<ReturnResult>& results,
                                           std::string_view department, const Actor& by);

  // ---- pickup
  // The result is back in the hall: ready for pickup, and a notice to the
  // applicant (`notice_text`, in the applicant's language) when there is a phone.
  Outcome<const Case*> mark_ready(std::string_view number, std::string notice_text, const Actor& by);
  // The pickup ticket `ticket` was taken for this person's ready cases.
  int link_pickup_ticket(std::string_view id_hash, const Ticket& ticket);
  // Hands the result out: `presented_hash` is the keyed hash of the ID card
  // shown; it must be the applicant's, or `agent` names who collects and why.
  Outcome<const Case*> pick_up(std::string_view number, std::string_view presented_hash,
                               const std::optional<Agent>& agent, const Actor& by);
  // The gateway's verdict on a notice.
  void notification_sent(std::int64_t id, bool ok, std::string error);

  // ---- queries
  const Case* find(std::string_view number) const;
  const Case* find_request(std::string_view request_key) const;  // today's case opened under that key
  const Handover* find_sheet(std::string_view number) const;
  std::vector<const Case*> list(const CaseFilter& f) const;            // oldest first
  std::vector<const Case*> of_person(std::string_view id_hash) const;  // open ones, oldest first
  std::vector<const Case*> of_ticket(LocalDate day, std::string_view ticket) const;
  std::vector<const Case*> picked_up_on(LocalDate day) const;              // the day's pickup register
  std::vector<const Handover*> sheets(std::string_view department) const;  // newest first; empty: all
  std::vector<Notification> outbox(std::size_t max) const;                 // pending, oldest first
  const std::vector<Notification>& notifications() const;                  // recent, newest last
  DueStatus due_status(const Case& c) const;
  CaseCounts counts() const;
  LocalDate today() const;

  // What changed since the last call.
  Changes take_changes();

  struct Impl;

 private:
  const HallConfig& config_;
  const Clock& clock_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hallq::domain
