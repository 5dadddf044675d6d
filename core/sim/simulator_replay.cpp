// A recorded day replayed (Model::replay, hallq-sim --replay-day): its citizens as they came, and
// what each did while waiting or after a no-show as they did it that day: gave up, was moved by a
// guide, came back. (Each visit at a window as it went is in Sim::call and Sim::end_service.)
#include "core/sim/simulator_impl.hpp"

namespace hallq::sim::detail {

void Sim::schedule_recorded() {
  const auto& citizens = model_.replay->citizens;
  for (std::size_t i = 0; i < citizens.size(); ++i) {
    const RecordedCitizen& c = citizens[i];
    int s = c.visits.empty() ? -1 : service_index(c.visits.front().service);
    if (s < 0) continue;  // a service the hall no longer has
    push(day0_ + c.at_ms, Kind::arrive, s, static_cast<int>(i));
  }
}

void Sim::expect_recorded(const domain::Ticket& t, std::int64_t from) {
  using End = RecordedVisit::End;
  const std::size_t visit = t.visits.size() - 1;
  const RecordedVisit* v = recorded_visit(t.ordinal, visit);
  if (v == nullptr || v->service != t.current().service) return;  // a "what if" that went otherwise
  const auto ordinal = static_cast<int>(t.ordinal);
  if (t.state() == domain::TicketState::no_show) {
    if (v->end == End::no_show && v->back_after_ms >= 0) push(from + v->back_after_ms, Kind::come_back, ordinal);
  } else if (t.state() == domain::TicketState::waiting && (v->end == End::left || v->end == End::moved)) {
    push(from + std::max<std::int64_t>(0, v->waited_ms), v->end == End::left ? Kind::give_up : Kind::move, ordinal,
         static_cast<int>(visit));
  }
}

void Sim::come_back(int ordinal) {
  const std::string& number = tickets_[static_cast<std::size_t>(ordinal - 1)].number;
  auto r = engine_->requeue(number);
  if (!r) return;
  const domain::Ticket& t = *r.value();
  int s = service_index(t.current().service);
  note_queue(svcs_[static_cast<std::size_t>(s)], +1);
  expect_recorded(t, now());
  offer(s);
}

void Sim::move(int ordinal, std::size_t visit) {
  const std::string& number = tickets_[static_cast<std::size_t>(ordinal - 1)].number;
  const domain::Ticket* t = engine_->find(number);
  const RecordedVisit* next = recorded_visit(static_cast<std::uint64_t>(ordinal), visit + 1);
  if (t == nullptr || next == nullptr || t->state() != domain::TicketState::waiting || t->visits.size() != visit + 1)
    return;
  int from = service_index(t->current().service), to = service_index(next->service);
  if (to < 0) return;
  auto r = engine_->reassign(number, next->service, "guide");
  if (!r) return;
  note_queue(svcs_[static_cast<std::size_t>(from)], -1);
  note_queue(svcs_[static_cast<std::size_t>(to)], +1);
  expect_recorded(*r.value(), now());
  offer(to);
}

}  // namespace hallq::sim::detail
