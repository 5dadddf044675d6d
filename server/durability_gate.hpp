#pragma once
// The durability gate: a reply or event leaves only once every change it could
// reflect is on disk, so nobody ever sees a ticket that a crash could take back.
//
// Each batch of engine changes gets an increasing id (next_id()) and goes to the
// committer; the committer reports "durable up to N" (release(N)). Outgoing
// lines wait in one FIFO, each tagged with the newest id it depends on, and
// leave in order once that id is durable. Replies to one connection never
// overtake each other: a reply that needs nothing still waits behind an earlier
// reply to the same connection.
//
// If a commit fails, nothing after durable() will ever be durable: fail()
// turns every parked reply into an error line (still to its connection, in
// order), drops parked events (subscribers resynchronise), and keeps parked
// closes.
//
// Pure bookkeeping: the Sink does the sending, so the gate is tested without
// sockets. Thread affinity: the event loop only.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace hallq::server {

class DurabilityGate {
 public:
  using ConnId = std::uint64_t;
  using Line = std::shared_ptr<const std::string>;

  // Where released lines go. Called from release(), reply() and event().
  class Sink {
   public:
    virtual ~Sink() = default;
    virtual void send(ConnId to, const Line& line) = 0;
    // To every connection subscribed to any of `topics`.
    virtual void broadcast(unsigned topics, const Line& line) = 0;
    // Close once everything already sent to it is flushed.
    virtual void close(ConnId to) = 0;
  };

  // `sink` must outlive the gate.
  explicit DurabilityGate(Sink& sink) : sink_(sink) {}

  // The id for a new batch of changes (the batch is then submitted to the committer).
  std::uint64_t next_id() { return ++submitted_; }
  std::uint64_t submitted() const { return submitted_; }
  std::uint64_t durable() const { return durable_; }

  // A reply (`request_id` lets fail() answer it with an error instead) that may
  // leave once change `needed` is durable (default: everything submitted so far).
  void reply(ConnId to, std::optional<std::int64_t> request_id, Line line,
             std::optional<std::uint64_t> needed = std::nullopt);
  // An event for `topics`; it reflects everything submitted so far.
  void event(unsigned topics, Line line);
  // Closes `to` after everything owed to it.
  void close_after(ConnId to);
  // The committer's report: everything up to `upto` is on disk.
  void release(std::uint64_t upto);
  // A commit failed: parked replies become error_line(request id) lines, parked
  // events are dropped, parked closes stay; afterwards nothing is parked and
  // durable() == submitted(). Returns how many replies were turned into errors.
  std::size_t fail(const std::function<std::string(std::optional<std::int64_t>)>& error_line);
  // The connection is gone: nothing more is sent to it.
  void forget(ConnId to);

  // Nothing parked and everything submitted is durable.
  bool idle() const { return parked_.empty() && durable_ == submitted_; }
  std::size_t parked() const { return parked_.size(); }

 private:
  struct Parked {
    std::uint64_t needed;
    enum class Kind { reply, event, close } kind;
    ConnId to;                       // reply, close
    unsigned topics;                 // event
    std::optional<std::int64_t> id;  // reply
    Line line;                       // reply, event
  };
  void park(Parked p);
  void deliver(const Parked& p);

  Sink& sink_;
  std::uint64_t submitted_ = 0, durable_ = 0;
  std::deque<Parked> parked_;
  std::unordered_map<ConnId, std::size_t> owed_;  // parked replies and closes per connection
};

}  // namespace hallq::server
