#pragma once
// What a hall's recent days say of each service, for the wait estimate: what a call from its queue
// cost a window, and how often its citizens gave up waiting. The engine keeps the last kDays days:
// a day is measured from its tickets when it closes (Engine::tick), and a server that starts is
// given the days before from its store (Engine::remember_day). Each day the wait estimate starts
// from these rather than from the configured minutes, and weighs the day's own measures against them
// as the day goes on (engine_estimate.cpp; docs/architecture.md, "Estimated wait").
// Pure: no clock, no I/O; any thread.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/domain/ticket.hpp"
#include "core/domain/time.hpp"

namespace hallq::domain {

// One service's measures, over a day or several. Counted as the engine counts its day (engine.cpp):
// each visit by its own service.
struct ServiceMeasure {
  std::int64_t call_ms = 0;    // visits ended at a window (done, no-show, sent on): call → end, summed
  int calls = 0;               // those visits
  std::int64_t waited_ms = 0;  // waits ended (called, given up, sent on before a call), not by the day's end
  int gave_up = 0;             // cancelled while waiting, but for the day's end and a kiosk's ticket never delivered

  void add(const ServiceMeasure& o);
  // Adds `t`'s visits, each to its service's measure in `into`.
  static void add_ticket(const Ticket& t, std::map<std::string, ServiceMeasure, std::less<>>& into);
  bool operator==(const ServiceMeasure&) const = default;
};

class RecentDays {
 public:
  static constexpr int kDays = 20;  // days kept: about a month of working days
  using Measures = std::map<std::string, ServiceMeasure, std::less<>>;

  // The day's measures (ServiceMeasure::add_ticket over its tickets); replaces what `day` had, and
  // keeps the newest kDays days. The engine gives only days with tickets: a closed day is not one
  // of the 20.
  void set_day(LocalDate day, Measures measures);
  // Summed over the days kept; zero for a service none of them had.
  ServiceMeasure of(std::string_view service) const;
  int days() const { return static_cast<int>(days_.size()); }

 private:
  std::map<LocalDate, Measures> days_;
};

}  // namespace hallq::domain
