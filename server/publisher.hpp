#pragma once
// Events for subscribers: turns what the engine changed into typed events
// (core/protocol/events.hpp), numbers them (seq) and hands them to the
// durability gate, which sends them once what they show is on disk. Events
// nobody subscribed to are not even built.
//
// Thread affinity: the event loop only.

#include <cstdint>
#include <memory>

#include "core/domain/engine.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/events.hpp"
#include "server/durability_gate.hpp"

namespace hallq::server {

class Publisher {
 public:
  // `gate` must outlive the publisher.
  explicit Publisher(DurabilityGate& gate) : gate_(gate) {}

  // The union of every connection's subscriptions (the dispatcher keeps it).
  void set_interest(unsigned topics) { interest_ = topics; }
  bool wants(unsigned topics) const { return (interest_ & topics) != 0; }

  template <class Event>
  void publish(const Event& e) {
    if (!wants(Event::kTopics)) return;
    gate_.event(Event::kTopics, std::make_shared<const std::string>(protocol::event_line(++seq_, e)));
  }
  // The events for one batch of engine changes: day, called, ticket, queue, window.
  void publish(const domain::Changes& c, const domain::Engine& engine);

  // The last event's seq (a snapshot says which events it already reflects).
  std::uint64_t seq() const { return seq_; }

 private:
  DurabilityGate& gate_;
  unsigned interest_ = 0;
  std::uint64_t seq_ = 0;
};

}  // namespace hallq::server
