#include "core/domain/recent_days.hpp"

#include <utility>

#include "core/domain/engine.hpp"

namespace hallq::domain {

void ServiceMeasure::add(const ServiceMeasure& o) {
  call_ms += o.call_ms;
  calls += o.calls;
  waited_ms += o.waited_ms;
  gave_up += o.gave_up;
}

// As Engine::restore counts a day's tickets into its services (note_wait_end, note_cancel,
// note_visit_end). A wait the day's end cut short is left out: it ended when the day was closed (at
// the rollover, or when a server that was down started again), not when the hall closed. A time
// that runs backwards (a row written by hand, a clock set back) is left out too.
void ServiceMeasure::add_ticket(const Ticket& t, std::map<std::string, ServiceMeasure, std::less<>>& into) {
  for (const Visit& v : t.visits) {
    auto it = into.find(v.service);
    if (it == into.end()) it = into.emplace(v.service, ServiceMeasure{}).first;
    ServiceMeasure& m = it->second;
    std::int64_t enqueued = to_unix_ms(v.enqueued_at);
    if (v.call_seq > 0) {
      if (std::int64_t waited = to_unix_ms(v.called_at) - enqueued; waited >= 0) m.waited_ms += waited;
      if (v.state == TicketState::done || v.state == TicketState::no_show || v.state == TicketState::transferred) {
        if (std::int64_t took = to_unix_ms(v.ended_at) - to_unix_ms(v.called_at); took >= 0) {
          m.call_ms += took;
          ++m.calls;
        }
      }
    } else if ((v.state == TicketState::cancelled && v.reason != "day_end") || v.state == TicketState::transferred) {
      if (std::int64_t waited = to_unix_ms(v.ended_at) - enqueued; waited >= 0) m.waited_ms += waited;
      if (v.state == TicketState::cancelled && v.reason != Engine::kNotDelivered) ++m.gave_up;
    }
  }
}

void RecentDays::set_day(LocalDate day, Measures measures) {
  days_[day] = std::move(measures);
  while (days_.size() > static_cast<std::size_t>(kDays)) days_.erase(days_.begin());
}

ServiceMeasure RecentDays::of(std::string_view service) const {
  ServiceMeasure sum;
  for (const auto& [day, measures] : days_)
    if (auto it = measures.find(service); it != measures.end()) sum.add(it->second);
  return sum;
}

}  // namespace hallq::domain
