// The kiosk's take/retry state machine against a fake server connection and a
// clock the test moves: what the server is asked, when, with which key, and
// what the citizen is told.
#include <doctest/doctest.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/issuer.hpp"

using namespace hallq;
using protocol::Errc;
using protocol::Failure;

namespace {

// What a kiosk's connection would send; replies come when the test says.
struct FakeService final : kiosk::TicketService {
  struct Call {
    std::string op;  // take, checkin, cancel
    protocol::TakeRequest take;
    protocol::CheckinRequest checkin;
    protocol::CancelRequest cancel;
    Done done;
  };
  bool up = true;
  std::vector<Call> sent;       // every request, in order (done moved out once answered)
  std::deque<std::size_t> out;  // indexes of requests not answered yet

  bool online() const override { return up; }
  void take(const protocol::TakeRequest& r, Done done) override { add({"take", r, {}, {}, std::move(done)}); }
  void checkin(const protocol::CheckinRequest& r, Done done) override { add({"checkin", {}, r, {}, std::move(done)}); }
  void cancel(const protocol::CancelRequest& r, Done done) override { add({"cancel", {}, {}, r, std::move(done)}); }

  void add(Call c) {
    out.push_back(sent.size());
    sent.push_back(std::move(c));
  }
  // Answers the oldest request still out.
  void answer(protocol::Result<protocol::TicketReply> reply) {
    REQUIRE_FALSE(out.empty());
    auto done = std::move(sent[out.front()].done);
    out.pop_front();
    done(std::move(reply));
  }
  std::string key(std::size_t i) const {
    const Call& c = sent.at(i);
    return c.op == "take" ? c.take.request_key.value_or("") : c.checkin.request_key.value_or("");
  }
};

protocol::TicketReply issued(const std::string& number) {
  protocol::TicketReply r;
  r.ticket.number = number;
  r.ticket.service = std::string(1, number[0]);
  return r;
}

// An Issuer with its fake connection and clock, and what it told the kiosk.
struct Rig {
  FakeService server;
  double now = 100;
  kiosk::Issuer issuer{server, [this] { return now; }, {15, 1}};
  std::vector<std::string> tickets;   // numbers issued
  std::vector<std::string> refusals;  // "op: code"
  int gave_up = 0;

  Rig() {
    issuer.on_issued = [this](const protocol::TicketInfo& t) { tickets.push_back(t.number); };
    issuer.on_refused = [this](std::string_view op, const Failure& f) {
      refusals.push_back(std::string(op) + ": " + std::string(to_string(f.code)));
    };
    issuer.on_gave_up = [this] { ++gave_up; };
  }
  void at(double t) {
    now = t;
    issuer.poll();
  }
  void take(const std::string& service, std::optional<std::string> id = {}, std::optional<std::string> name = {}) {
    protocol::TakeRequest r;
    r.service = service;
    r.id_number = std::move(id);
    r.name = std::move(name);
    issuer.take(std::move(r));
  }
};

}  // namespace

TEST_CASE("a take whose reply is lost is asked again with the same key, and the ticket it answers is the one shown") {
  Rig k;
  k.take("A");
  REQUIRE(k.server.sent.size() == 1);  // sent at once
  std::string key = k.server.key(0);
  CHECK(key.size() == 16);
  CHECK(k.issuer.pending_key() == key);

  k.server.answer(Failure{Errc::timeout, "no reply"});
  k.at(100.5);
  CHECK(k.server.sent.size() == 1);  // not yet: once a second
  k.at(101.0);
  REQUIRE(k.server.sent.size() == 2);
  CHECK(k.server.key(1) == key);  // the same key: the server answers with what it issued
  CHECK(k.server.sent[1].take.service == "A");

  // While the server is away nothing is sent; it is asked again when it is back.
  k.server.answer(Failure{Errc::offline, "lost"});
  k.server.up = false;
  k.at(103);
  CHECK(k.server.sent.size() == 2);
  k.server.up = true;
  k.at(104);
  REQUIRE(k.server.sent.size() == 3);
  CHECK(k.server.key(2) == key);
  // A busy server is asked again too: it has not answered the take.
  k.server.answer(Failure{Errc::busy, "busy"});
  k.at(105);
  REQUIRE(k.server.sent.size() == 4);
  CHECK(k.server.key(3) == key);
  CHECK(k.tickets.empty());

  k.server.answer(issued("A001"));
  CHECK(k.tickets == std::vector<std::string>{"A001"});
  CHECK_FALSE(k.issuer.pending());
  k.at(120);  // answered: never asked again, never given up
  CHECK(k.server.sent.size() == 4);
  CHECK(k.gave_up == 0);
  CHECK(k.issuer.undelivered() == 0);

  // The next citizen's take has a key of its own.
  k.take("A");
  CHECK(k.server.key(4) != key);
}

TEST_CASE("a take given up on is voided by its key once the server answers again") {
  Rig k;
  k.take("A");
  std::string key = k.server.key(0);
  k.server.answer(Failure{Errc::timeout, "no reply"});
  k.server.up = false;  // the server is gone
  k.at(110);
  CHECK(k.gave_up == 0);
  k.at(115.5);  // out of patience (15 s after the first attempt)
  CHECK(k.gave_up == 1);
  CHECK_FALSE(k.issuer.pending());
  CHECK(k.issuer.undelivered() == 1);
  CHECK(k.server.sent.size() == 1);  // nothing sent while it is away

  // Back: the server may have issued A001 under that key; nobody holds it.
  k.server.up = true;
  k.at(200);
  REQUIRE(k.server.sent.size() == 2);
  const auto& cancel = k.server.sent[1];
  CHECK(cancel.op == "cancel");
  CHECK(cancel.cancel.request_key == key);
  CHECK_FALSE(cancel.cancel.number);
  k.at(200.1);
  CHECK(k.server.sent.size() == 2);  // one at a time
  // Not answered: kept, and asked again.
  k.server.answer(Failure{Errc::timeout, "no reply"});
  CHECK(k.issuer.undelivered() == 1);
  k.at(201);
  REQUIRE(k.server.sent.size() == 3);
  CHECK(k.server.sent[2].cancel.request_key == key);
  k.server.answer(issued("A001"));  // voided
  CHECK(k.issuer.undelivered() == 0);
  k.at(202);
  CHECK(k.server.sent.size() == 3);
  CHECK(k.tickets.empty());  // the voided ticket is never shown as the citizen's

  // Never issued (not_found) or already called (invalid_state): done with it too.
  for (Errc answer : {Errc::not_found, Errc::invalid_state}) {
    k.take("A");
    k.server.answer(Failure{Errc::offline, "lost"});
    k.server.up = false;
    k.at(k.now + 16);
    REQUIRE(k.issuer.undelivered() == 1);
    k.server.up = true;
    k.at(k.now + 1);
    REQUIRE(k.server.sent.back().op == "cancel");
    k.server.answer(Failure{answer, ""});
    CHECK(k.issuer.undelivered() == 0);
  }
}

TEST_CASE("a check-in given up on is not voided: a check-in issues nothing nobody asked for") {
  Rig k;
  protocol::CheckinRequest c;
  c.code = "P7";
  k.issuer.checkin(c);
  REQUIRE(k.server.sent.size() == 1);
  CHECK(k.server.sent[0].checkin.code == "P7");
  k.server.answer(Failure{Errc::timeout, "no reply"});
  k.server.up = false;
  k.at(116);
  CHECK(k.gave_up == 1);
  CHECK(k.issuer.undelivered() == 0);
  k.server.up = true;
  k.at(117);
  CHECK(k.server.sent.size() == 1);
}

TEST_CASE("refusals are passed on in the operation's own words, and not asked again") {
  Rig k;
  k.take("R", "150502198802151230", "包巴特尔");
  k.server.answer(Failure{Errc::limit_exceeded, "once a day"});
  protocol::CheckinRequest by_code;
  by_code.code = "ZZ9";
  k.issuer.checkin(by_code);
  k.server.answer(Failure{Errc::not_found, "no such appointment"});
  protocol::CheckinRequest by_card;
  by_card.id_number = "150502198802151230";
  k.issuer.checkin(by_card);
  k.server.answer(Failure{Errc::not_found, "no appointment today"});
  CHECK(k.refusals ==
        std::vector<std::string>{"take: limit_exceeded", "checkin: not_found", "checkin_card: not_found"});
  CHECK_FALSE(k.issuer.pending());
  k.at(130);
  CHECK(k.server.sent.size() == 3);
  CHECK(k.gave_up == 0);
  CHECK(k.tickets.empty());
}

TEST_CASE("the raw ID number and name are wiped once the server has answered, refused or been given up on") {
  Rig k;
  const std::string id = "150502198802151230", name = "包巴特尔";
  k.take("R", id, name);
  CHECK(k.issuer.personal_data().find(id) != std::string::npos);
  CHECK(k.issuer.personal_data().find(name) != std::string::npos);
  k.server.answer(Failure{Errc::timeout, ""});
  k.at(101);
  CHECK(k.server.sent[1].take.id_number == id);  // asked again whole
  CHECK(k.server.sent[1].take.name == name);
  k.server.answer(issued("R001"));
  CHECK(k.tickets == std::vector<std::string>{"R001"});
  CHECK(k.issuer.personal_data().empty());

  k.take("R", id, name);
  k.server.answer(Failure{Errc::limit_exceeded, ""});
  CHECK(k.issuer.personal_data().empty());

  protocol::CheckinRequest by_card;
  by_card.id_number = id;
  k.issuer.checkin(by_card);
  CHECK(k.issuer.personal_data() == id);
  k.server.answer(Failure{Errc::offline, ""});
  k.server.up = false;
  k.at(k.now + 16);
  CHECK(k.gave_up == 1);
  CHECK(k.issuer.personal_data().empty());
}

TEST_CASE("a reply that comes after the citizen went home changes nothing") {
  Rig k;
  k.take("A", "150502198802151230", "包巴特尔");
  k.issuer.forget();  // home
  CHECK_FALSE(k.issuer.pending());
  CHECK(k.issuer.personal_data().empty());
  k.server.answer(issued("A001"));
  CHECK(k.tickets.empty());
  k.at(120);
  CHECK(k.server.sent.size() == 1);
  CHECK(k.gave_up == 0);
}
