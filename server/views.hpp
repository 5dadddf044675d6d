#pragma once
// Domain state → wire objects (core/protocol). The only place that knows both.

#include "core/domain/case_book.hpp"
#include "core/domain/engine.hpp"
#include "core/protocol/messages.hpp"
#include "server/store_ratings.hpp"

namespace hallq::server {

// A domain enum as the wire's enum of the same names (by name, so neither order matters).
template <class E, class D>
E wire_enum(D d, E fallback) {
  return protocol::enum_from_string<E>(domain::to_string(d)).value_or(fallback);
}

protocol::Names names_view(const domain::Names& n);
// `as_issued` (the reply that issued it): the estimate as the ticket was told it at issue
// (Ticket::told), with ewt_lo_s and ewt_hi_s, while it waits in its first queue; else the estimate now.
protocol::TicketInfo ticket_view(const domain::Engine& e, const domain::Ticket& t, bool as_issued = false);
protocol::WindowInfo window_view(const domain::Engine& e, const domain::WindowState& w);
protocol::ServiceInfo service_view(const domain::ServiceLoad& l);
protocol::QueueEvent queue_view(const domain::ServiceLoad& l);
protocol::CallInfo call_view(const domain::Engine& e, const domain::CallRecord& c);
protocol::CaseCounts counts_view(const domain::CaseCounts& k);
protocol::Snapshot snapshot_view(const domain::Engine& e, const domain::CaseBook& cases, std::uint64_t seq);
protocol::Stats stats_view(const domain::Stats& s);
// One row of the 好差评 figures (the `ratings` operation, `stats`): the rates in ‰ are worked out here only.
protocol::RatingRowInfo rating_row_view(const RatingRow& row);
// The public description of the hall for terminals: services with their menu
// categories, hours and required materials; windows; priority classes; clerk
// names (never PIN hashes).
protocol::HallInfo hall_view(const domain::HallConfig& h);

}  // namespace hallq::server
