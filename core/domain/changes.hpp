#pragma once
// What operations changed, for the store (one transaction) and the
// subscribers: the audit events and full copies of every ticket, window,
// appointment, case and hand-over sheet they touched. The queue engine and the
// case book each hand theirs over (take_changes()); the server merges them.

#include <optional>
#include <string>
#include <vector>

#include "core/domain/case.hpp"
#include "core/domain/help.hpp"
#include "core/domain/rating.hpp"
#include "core/domain/ticket.hpp"
#include "core/domain/time.hpp"

namespace hallq::domain {

// One line of the audit log. Kinds: issued, called, recalled, no_show, finished,
// transferred, requeued, cancelled, login, logout, paused, resumed,
// appointments_imported, checked_in, day_closed; and the cases' (case_received,
// case_materials, case_supplement, case_accepted, case_decided_at_window,
// case_withdrawn, case_handed_over, handover_received, case_returned,
// case_ready, case_picked_up, case_pickup_ticket: `number` is the case
// number, `clerk` who acted; docs/cases.md); and the ratings' (rated: `number`
// is the ticket, `detail` the level; followup_opened, followup_contacted,
// followup_rectified, followup_closed, followup_unreachable: `number` is the
// follow-up's id, `clerk` who acted; docs/ratings.md); and the guides' own
// (help_requested: `number` is the call's id, `clerk` the kiosk; help_taken:
// `clerk` who took it, `detail` the kiosk; helpdesk_added, helpdesk_done:
// `number` is the entry's id, `clerk` who acted; docs/web.md "Help desk").
struct Event {
  std::string kind;
  TimePoint at{};
  LocalDate day;
  std::string number;
  int window = 0;
  std::string service;
  std::string clerk;
  std::string detail;
};

struct CallRecord {
  std::string number;
  std::string service;
  int window = 0;
  TimePoint at{};
  bool recall = false;
};

// What one or more operations changed, for the store and the subscribers.
struct Changes {
  std::vector<Event> events;
  std::vector<Ticket> tickets;  // full copies of every ticket touched
  std::vector<WindowState> windows;
  std::vector<Appointment> appointments;
  std::vector<std::string> services;        // services whose queue changed
  std::vector<CallRecord> calls;            // calls and recalls, in order
  std::optional<LocalDate> closed_day;      // a day rollover happened
  std::vector<Case> cases;                  // full copies of every case touched (domain/case.hpp)
  std::vector<Handover> handovers;          // and of every hand-over sheet
  std::vector<Notification> notifications;  // new notices for the outbox
  std::vector<Rating> ratings;              // full copies of every rating touched (domain/rating.hpp)
  std::vector<Followup> followups;          // and of every follow-up
  std::vector<HelpRequest> help_requests;   // every kiosk's call for a guide touched (domain/help.hpp)
  std::vector<HelpdeskEntry> helpdesk;      // and every help-desk entry
  bool empty() const { return events.empty(); }
  // Appends `other`'s changes after these.
  void merge(Changes&& other);
};

}  // namespace hallq::domain
