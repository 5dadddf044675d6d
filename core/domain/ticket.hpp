#pragma once
// Tickets, their visits, windows and appointments: the engine's state, also the
// rows the store persists (server/store) and restores after a restart.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/time.hpp"

namespace hallq::domain {

enum class TicketState { waiting, called, done, no_show, transferred, cancelled };
std::string_view to_string(TicketState s);
std::optional<TicketState> ticket_state_from_string(std::string_view s);

// One stay in one queue. A ticket gets a new visit when it is transferred, put
// back after a no-show, or called again by number after a no-show.
struct Visit {
  std::string service;
  int target_window = 0;  // > 0: waits for this window only (transfer to a window)
  TicketState state = TicketState::waiting;
  TimePoint enqueued_at{};   // entered this queue: waits are measured from here
  TimePoint order_at{};      // position in the queue (see Engine::call_next)
  TimePoint called_at{};     // first call of this visit
  TimePoint last_call_at{};  // latest call or recall
  TimePoint ended_at{};      // done / no_show / transferred / cancelled
  int window = 0;            // window that called it
  std::string clerk;
  int recalls = 0;
  std::uint64_t call_seq = 0;  // order of its latest call in the day; 0 = never called
  bool last_call_recall = false;
  std::string reason;  // why cancelled ("day_end", "guide", …)
  bool operator==(const Visit&) const = default;
};

// What the citizen was told when the ticket was issued: the engine's wait estimate then, with its
// range (what the take reply, the slip and the kiosk gave), and the issue 14 baseline then, "naive":
// people ahead × the service's configured minutes ÷ the open windows serving it
// (docs/simulation.md). Seconds; -1: not recorded (a ticket issued before they were kept). Kept
// with the ticket so that a hall's recorded days measure the estimates it gave (hallq-sim --from-db).
struct ToldWait {
  std::int64_t s = -1, lo_s = -1, hi_s = -1;
  std::int64_t naive_s = -1;
  bool recorded() const { return s >= 0; }
  bool operator==(const ToldWait&) const = default;
};

struct Ticket {
  LocalDate day;              // the hall day it was issued on
  std::string number;         // "A001"
  std::string origin;         // service it was issued for (its prefix)
  int seq = 0;                // per service per day
  std::uint64_t ordinal = 0;  // issue order in the day, 1-based; ties in queues break on it
  std::string priority = "normal";
  std::string channel = "kiosk";
  TimePoint issued_at{};
  std::string id_hash;      // IdHasher of the ID number; empty when anonymous
  std::string id_masked;    // "150502********1234"
  std::string name_masked;  // "王*明"
  std::string appointment;  // appointment code when checked in
  std::string request_key;  // "device/key" of the request that issued it (repeats get this ticket)
  // Device id of the terminal that issued it ("kiosk-1"); empty for tickets
  // issued before this field existed.
  std::string issued_by;
  std::string language;       // the citizen's choice at the kiosk: zh, mn, en; empty: not known
  ToldWait told;              // what the citizen was told at issue; -1: not kept
  std::vector<Visit> visits;  // never empty; back() is the current visit

  const Visit& current() const { return visits.back(); }
  Visit& current() { return visits.back(); }
  TicketState state() const { return visits.back().state; }
  bool operator==(const Ticket&) const = default;
};

struct WindowState {
  int number = 0;
  std::string clerk;  // empty: closed
  TimePoint since{};  // when the window's state last changed
  bool paused = false;
  std::string pause_reason;
  std::string current;  // number of the ticket being served; empty if none
  bool operator==(const WindowState&) const = default;
};

struct Appointment {
  std::string code;
  LocalDate day;
  std::string service;
  int slot_minute = 0;  // local time of the slot
  std::string id_hash;
  std::string id_masked;
  std::string name_masked;
  std::string ticket;  // number issued at check-in; empty until then
  bool operator==(const Appointment&) const = default;
};

// Everything the engine needs to continue a day after a restart.
struct DayState {
  LocalDate day;
  std::vector<Ticket> tickets;
  std::vector<WindowState> windows;
  std::vector<Appointment> appointments;  // this day and later days
};

// Personal data helpers: raw names and numbers are masked before they are kept.
std::string mask_name(std::string_view utf8_name);  // "王小明" → "王*明", "王明" → "王*"
// The languages a citizen may choose: zh, mn (traditional Mongolian), en.
inline bool known_language(std::string_view l) {
  return l == "zh" || l == "mn" || l == "en";
}

}  // namespace hallq::domain
