#pragma once
// The queue engine: pure and deterministic. Every operation reads the time from
// the Clock given at construction, validates, changes the state, and records
// what changed (take_changes()) so the owner can persist it and tell others.
//
// Thread affinity: not thread safe; one owner calls it (the server's event loop).
//
// Call order (call_next), documented in docs/architecture.md:
//   1. tickets transferred to this window, in order of transfer;
//   2. otherwise, among the heads of the queues of the window's services,
//      the highest priority class rank;
//   3. then the longest weighted wait: (now − order_at) × the window's weight
//      for that service;
//   4. ties: the ticket issued first.
// order_at is the issue time; a ticket transferred to another service or put
// back after a no-show keeps its issue time (it has already waited), a ticket
// transferred to a window is ordered by the time of transfer.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/domain/changes.hpp"
#include "core/domain/crypto.hpp"
#include "core/domain/hall.hpp"
#include "core/domain/outcome.hpp"
#include "core/domain/recent_days.hpp"
#include "core/domain/stats.hpp"
#include "core/domain/ticket.hpp"
#include "core/domain/time.hpp"
#include "core/domain/wait_estimate.hpp"

namespace hallq::domain {

// Who asks for a ticket: the key that makes the request safe to repeat (a
// terminal that lost the reply asks again with the same key and gets the
// ticket already issued, not a second one), the issuing terminal's device id
// ("kiosk-1"), and the language the citizen chose there (zh, mn, en; empty:
// not known). All three are copied onto the ticket.
struct Issuer {
  std::string request_key;
  std::string device;
  std::string language;
};

struct TakeArgs {
  std::string service;
  std::string id_number;  // raw; validated, hashed and masked, never kept
  std::string name;       // raw; masked, never kept
  std::string priority;   // empty = by age where configured, else normal
  std::string channel = "kiosk";
  Issuer by;
  // A person already known by keyed hash and masks (a case's applicant back
  // with a supplement code), when there is no raw ID number to give.
  std::string known_id_hash, known_id_masked, known_name_masked;
};

struct TransferArgs {
  int window = 0;
  std::string to_service;  // exactly one of to_service / to_window
  int to_window = 0;
};

struct AppointmentArgs {
  std::string code;
  std::string service;
  std::string time;       // "09:30"
  std::string id_number;  // raw, optional
  std::string name;       // raw, optional
};

struct ServiceLoad {
  const Service* service = nullptr;
  int waiting = 0;
  std::int64_t ewt_s = 0;
  std::int64_t longest_wait_s = 0;
  int issued = 0;
  bool open = true;  // issuing now
};

class Engine {
 public:
  // `config` and `clock` must outlive the engine.
  Engine(const HallConfig& config, const Clock& clock, IdHasher hasher);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A replica of this engine as it is now, on another clock, over the same hall: it goes on
  // independently of this one (the simulator plays "what could happen next" on replicas; its
  // wait-estimate oracle). Changes not yet taken stay with this engine. `clock` must outlive the
  // replica, and this engine's config must too.
  std::unique_ptr<Engine> replica(const Clock& clock) const;

  // Continues a day from persisted state (a restart). Must be called before any
  // operation when there is state to restore.
  void restore(DayState state);
  // After a loss the database could not undo (its newest commits gone), the
  // numbers already handed out today (service → highest) are never issued
  // again: numbering continues after them.
  void skip_numbers(const std::map<std::string, int>& issued_up_to);
  // A day before today, from its tickets (a server starting gives the engine its recent days from
  // the store; the engine adds each day it closes itself): the wait estimate starts each day from
  // what the last RecentDays::kDays days' calls cost and how often citizens gave up, rather than
  // from the configured minutes (docs/architecture.md, "Estimated wait"). A day given again replaces
  // what it had.
  void remember_day(LocalDate day, const std::vector<Ticket>& tickets);
  // The same, measured already (ServiceMeasure::add_ticket over the day's tickets): a store that read
  // them, or a model fitted from a hall's history (hallq-sim --from-db). Empty measures are no day.
  void remember_day(LocalDate day, RecentDays::Measures measures);
  const RecentDays& recent_days() const;

  // ---- operations (each starts with tick()) ----
  Outcome<const Ticket*> take(const TakeArgs& args);
  Outcome<const Ticket*> checkin_code(std::string_view code, const Issuer& by = {});
  Outcome<const Ticket*> checkin_id(std::string_view id_number, const Issuer& by = {});
  // A clerk sits down at the window. The clerk's PIN must already have been
  // checked by the caller (the server does it off its event loop: PBKDF2 is
  // slow on purpose); an unknown clerk id is not_found.
  Outcome<Done> login(int window, std::string_view clerk);
  Outcome<Done> logout(int window);
  Outcome<const Ticket*> call_next(int window);
  Outcome<const Ticket*> call_number(int window, std::string_view number);
  Outcome<const Ticket*> recall(int window);
  Outcome<const Ticket*> no_show(int window);
  Outcome<const Ticket*> finish(int window);
  Outcome<const Ticket*> transfer(const TransferArgs& args);
  Outcome<Done> pause(int window, std::string_view reason);
  Outcome<Done> resume(int window);
  Outcome<const Ticket*> requeue(std::string_view number);  // a late citizen, after a no-show
  // A waiting ticket cancelled counts as a citizen who gave up (the wait estimate), unless `reason`
  // is kNotDelivered: a kiosk's ticket that never reached the citizen.
  Outcome<const Ticket*> cancel(std::string_view number, std::string_view reason);
  static constexpr std::string_view kNotDelivered = "not_delivered";
  // A waiting ticket sent to another service by a guide (it took the wrong one): its visit ends as
  // transferred with `reason`, and it waits for `to_service` by its issue time, keeping its number.
  Outcome<const Ticket*> reassign(std::string_view number, std::string_view to_service, std::string_view reason);
  // Replaces the not-yet-checked-in appointments of `day` (today or later).
  Outcome<int> import_appointments(LocalDate day, const std::vector<AppointmentArgs>& list);
  // Rolls the day over when the hall day has changed; cheap otherwise.
  void tick();

  // ---- queries (no side effects) ----
  // The keyed hash of a valid ID number (as tickets keep it); empty if it is not one.
  std::string hash_id(std::string_view id_number) const;
  LocalDate day() const { return day_; }
  const Ticket* find(std::string_view number) const;
  const Ticket* find_request(std::string_view request_key) const;  // today's ticket issued under that key
  int ahead(const Ticket& t) const;                                // 0 unless waiting
  std::int64_t ewt_s(const Ticket& t) const;                       // 0 unless waiting
  // The estimate with its range (wait_estimate.hpp), and what it is made from; zero unless waiting.
  WaitEstimate wait_estimate(const Ticket& t) const;
  QueueNow queue_now(const Ticket& t) const;
  // What the wait `t` was told at issue (Ticket::told) was made from, while `t` is the ticket issued
  // last; null for any other, and on a replica. The simulator measures every estimator on it
  // without playing the queue again.
  const QueueNow* queue_at_issue(const Ticket& t) const;
  const WindowState* window_state(int number) const;
  std::string_view window_status(const WindowState& w) const;  // closed|idle|serving|paused
  int served_at(int window) const;
  std::vector<ServiceLoad> loads() const;                                     // in config order
  std::vector<CallRecord> recent_calls(std::size_t n) const;                  // newest first
  std::vector<const Ticket*> waiting_for(int window, std::size_t max) const;  // in call order
  std::vector<const Ticket*> tickets() const;                                 // today's, in issue order
  std::vector<const Appointment*> appointments(LocalDate day) const;          // by slot, then code
  Stats stats() const;
  DayState state() const;  // what restore() would need
  std::size_t ticket_count() const;
  const HallConfig& config() const { return config_; }
  TimePoint now() const { return clock_.now(); }

  // Today's planned shifts: the hall's rota for the day (HallConfig::rota_on) until set otherwise
  // (the simulator sets the staffing it plays). The wait estimate plays the windows' planned breaks,
  // openings and closings from it (docs/architecture.md, "Estimated wait"). A new day starts from
  // the hall's rota again.
  void set_rota(std::vector<Shift> shifts);
  const std::vector<Shift>& rota() const;
  // Whether a ticket issued is told its wait (Ticket::told, the take reply's estimate): on unless
  // set off. Off, a take makes no estimate (told stays zero) and nothing else changes: the
  // simulator's staffing plays, which count waits only, run twice as fast.
  void set_telling(bool on);

  // What changed since the last call.
  Changes take_changes();

  struct Impl;  // opaque; defined in engine_impl.hpp

 private:
  // The one way a ticket comes into being (take, check-in). The caller fills in
  // who and how (priority, channel, personal data, appointment, request key,
  // issuing device); this numbers it in `svc`, gives it its first visit,
  // appends it in issue order, indexes and queues it, and records the event
  // `kind` with `detail`.
  const Ticket& issue(Ticket t, const Service& svc, TimePoint now, const char* kind, std::string detail);
  // no_show and finish: the ticket served at `window` ends in `state`, event `event`.
  Outcome<const Ticket*> end_serving(int window, TicketState state, const char* event);

  const HallConfig& config_;
  const Clock& clock_;
  IdHasher hasher_;
  LocalDate day_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hallq::domain
