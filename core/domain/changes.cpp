#include "core/domain/changes.hpp"

#include <iterator>

namespace hallq::domain {
namespace {
template <class T>
void append(std::vector<T>& to, std::vector<T>&& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}
}  // namespace

void Changes::merge(Changes&& other) {
  append(events, std::move(other.events));
  append(tickets, std::move(other.tickets));
  append(windows, std::move(other.windows));
  append(appointments, std::move(other.appointments));
  append(services, std::move(other.services));
  append(calls, std::move(other.calls));
  if (other.closed_day) closed_day = other.closed_day;
  append(cases, std::move(other.cases));
  append(handovers, std::move(other.handovers));
  append(notifications, std::move(other.notifications));
  append(ratings, std::move(other.ratings));
  append(followups, std::move(other.followups));
  append(help_requests, std::move(other.help_requests));
  append(helpdesk, std::move(other.helpdesk));
}

}  // namespace hallq::domain
