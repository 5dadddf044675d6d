// The durability gate on its own: no sockets, no disk. A recording sink shows
// what would have been sent, to whom, and in which order.
#include "server/durability_gate.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using hallq::server::DurabilityGate;

namespace {

struct Recorder final : DurabilityGate::Sink {
  std::vector<std::string> out;  // "to:line", "topics:line", "close:to"
  void send(DurabilityGate::ConnId to, const DurabilityGate::Line& line) override {
    out.push_back(std::to_string(to) + ":" + *line);
  }
  void broadcast(unsigned topics, const DurabilityGate::Line& line) override {
    out.push_back("t" + std::to_string(topics) + ":" + *line);
  }
  void close(DurabilityGate::ConnId to) override { out.push_back("close:" + std::to_string(to)); }
  std::vector<std::string> take() { return std::exchange(out, {}); }
};

DurabilityGate::Line line(const char* s) {
  return std::make_shared<const std::string>(s);
}

}  // namespace

TEST_CASE("nothing leaves before what it reflects is durable") {
  Recorder sink;
  DurabilityGate gate(sink);
  gate.reply(1, 1, line("ping"));  // nothing submitted: goes at once
  CHECK(sink.take() == std::vector<std::string>{"1:ping"});

  auto a = gate.next_id();  // a take's changes, on their way to disk
  gate.reply(1, 2, line("A001"));
  gate.event(4, line("queue A"));
  CHECK(sink.take().empty());
  CHECK_FALSE(gate.idle());
  gate.release(a);
  CHECK(sink.take() == std::vector<std::string>{"1:A001", "t4:queue A"});
  CHECK(gate.idle());
}

TEST_CASE("replies to one connection never overtake each other, and other connections are not held up") {
  Recorder sink;
  DurabilityGate gate(sink);
  auto a = gate.next_id();
  gate.reply(1, 1, line("take"));           // needs a
  gate.reply(1, 2, line("ping"), 0);        // needs nothing, but comes after "take"
  gate.reply(2, 1, line("other ping"), 0);  // another connection: at once
  CHECK(sink.take() == std::vector<std::string>{"2:other ping"});
  gate.release(a);
  CHECK(sink.take() == std::vector<std::string>{"1:take", "1:ping"});
}

TEST_CASE("a reply that needs only an older batch leaves as soon as that one is durable") {
  Recorder sink;
  DurabilityGate gate(sink);
  auto a = gate.next_id();
  auto b = gate.next_id();
  gate.reply(1, 1, line("status of a ticket last changed in a"), a);
  gate.reply(2, 1, line("take in b"));
  gate.release(a);
  CHECK(sink.take() == std::vector<std::string>{"1:status of a ticket last changed in a"});
  gate.release(b);
  CHECK(sink.take() == std::vector<std::string>{"2:take in b"});
}

TEST_CASE("a close waits for everything owed to the connection, then happens") {
  Recorder sink;
  DurabilityGate gate(sink);
  auto a = gate.next_id();
  gate.reply(3, 1, line("last reply"));
  gate.close_after(3);
  CHECK(sink.take().empty());
  gate.release(a);
  CHECK(sink.take() == std::vector<std::string>{"3:last reply", "close:3"});
  gate.close_after(4);  // nothing owed: at once
  CHECK(sink.take() == std::vector<std::string>{"close:4"});
}

TEST_CASE("a failed commit turns every waiting reply into an error, drops events and keeps closes") {
  Recorder sink;
  DurabilityGate gate(sink);
  auto a = gate.next_id();
  gate.reply(1, 7, line("A001"));
  gate.event(1, line("called A001"));
  gate.reply(2, 9, line("B001"));
  gate.close_after(2);
  auto turned =
      gate.fail([](std::optional<std::int64_t> id) { return "error for " + std::to_string(id.value_or(-1)); });
  CHECK(turned == 2);
  CHECK(sink.take() == std::vector<std::string>{"1:error for 7", "2:error for 9", "close:2"});
  CHECK(gate.idle());
  CHECK(gate.durable() == a);  // nothing is waiting any more
  gate.release(a);             // a late report changes nothing
  CHECK(sink.take().empty());
}

TEST_CASE("a connection that went away is forgotten: nothing is sent to it, others still are") {
  Recorder sink;
  DurabilityGate gate(sink);
  auto a = gate.next_id();
  gate.reply(1, 1, line("for 1"));
  gate.reply(2, 1, line("for 2"));
  gate.forget(1);
  gate.release(a);
  CHECK(sink.take() == std::vector<std::string>{"2:for 2"});
  gate.reply(1, 2, line("late"), 0);  // a reply after forget goes to the sink, which knows it is gone
  CHECK(sink.take() == std::vector<std::string>{"1:late"});
}

TEST_CASE("events keep their order with replies on the same FIFO") {
  Recorder sink;
  DurabilityGate gate(sink);
  auto a = gate.next_id();
  gate.event(1, line("e1"));
  auto b = gate.next_id();
  gate.reply(5, 1, line("r"));
  gate.event(1, line("e2"));
  gate.release(a);
  CHECK(sink.take() == std::vector<std::string>{"t1:e1"});
  gate.release(b);
  CHECK(sink.take() == std::vector<std::string>{"5:r", "t1:e2"});
}
