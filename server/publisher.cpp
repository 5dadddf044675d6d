#include "server/publisher.hpp"

#include <algorithm>

#include "server/views.hpp"

namespace hallq::server {

using protocol::Topic;
using protocol::topic_bit;

void Publisher::publish(const domain::Changes& c, const domain::Engine& engine) {
  if (c.closed_day) publish(protocol::DayEvent{engine.day().str(), c.closed_day->str()});
  if (wants(topic_bit(Topic::calls)))
    for (const auto& call : c.calls) publish(protocol::CalledEvent{call_view(engine, call)});
  if (wants(topic_bit(Topic::tickets)))
    for (const auto& t : c.tickets)
      if (t.day == engine.day()) publish(protocol::TicketEvent{ticket_view(engine, t)});
  if (wants(topic_bit(Topic::queues)) && !c.services.empty())
    for (const auto& l : engine.loads())
      if (std::find(c.services.begin(), c.services.end(), l.service->code) != c.services.end()) publish(queue_view(l));
  if (wants(topic_bit(Topic::windows)))
    for (const auto& w : c.windows) publish(protocol::WindowEvent{window_view(engine, w)});
}

}  // namespace hallq::server
