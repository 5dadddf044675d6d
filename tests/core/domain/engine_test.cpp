#include "core/domain/engine.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "core/domain/crypto.hpp"
#include "core/domain/id_number.hpp"
#include "tests/core/domain/engine_fixture.hpp"

using namespace hallq::domain;
using namespace std::chrono_literals;
using namespace hallq::domain::test;

namespace {

constexpr const char* kElderId = "11010519491231002X";  // born 1949-12-31: 76 in 2026
constexpr const char* kYoungId = "150502199001011232";  // born 1990-01-01

std::string valid_id(const std::string& first17) {
  return first17 + id_check_char(first17);
}

}  // namespace

TEST_CASE("tickets are numbered per service per day: A001, A002, B001") {
  Hall h;
  CHECK(h.take("A")->number == "A001");
  CHECK(h.take("A")->number == "A002");
  CHECK(h.take("B")->number == "B001");
  const Ticket* t = h.engine.find("A002");
  REQUIRE(t);
  CHECK(t->state() == TicketState::waiting);
  CHECK(t->issued_at == at(9, 0));
  CHECK(t->channel == "kiosk");
  CHECK(h.engine.ahead(*t) == 1);
}

TEST_CASE("take refuses with a distinct code for each rule") {
  Hall h;
  SUBCASE("unknown service") {
    auto o = h.engine.take(ta("Z"));
    REQUIRE_FALSE(o);
    CHECK(o.error().code == Code::not_found);
  }
  SUBCASE("outside issuing hours, on closed days, in extended hours") {
    h.clock.set(at(8, 29));
    CHECK(h.engine.take(ta("A")).error().code == Code::outside_hours);
    h.clock.set(at(8, 30));
    CHECK(h.engine.take(ta("A")).ok());
    h.clock.set(at(12, 30));  // lunch: A has extended hours, B has none
    CHECK(h.engine.take(ta("A")).ok());
    CHECK(h.engine.take(ta("B")).error().code == Code::outside_hours);
    h.clock.set(at(17, 30));
    CHECK(h.engine.take(ta("A")).error().code == Code::outside_hours);
    h.clock.set(at(10, 0, LocalDate{2026, 11, 28}));  // Saturday
    CHECK(h.engine.take(ta("A")).error().code == Code::outside_hours);
    h.clock.set(at(10, 0, LocalDate{2026, 12, 1}));  // a closed Tuesday
    CHECK(h.engine.take(ta("A")).error().code == Code::outside_hours);
  }
  SUBCASE("daily quota") {
    for (int i = 0; i < 3; ++i) h.take("B");
    (void)h.engine.take_changes();
    auto o = h.engine.take(ta("B"));
    REQUIRE_FALSE(o);
    CHECK(o.error().code == Code::quota_exhausted);
    CHECK(h.engine.take_changes().empty());  // a refusal changes nothing
    CHECK(h.engine.take(ta("A")).ok());      // other services unaffected
  }
  SUBCASE("real-name services need a valid ID number") {
    CHECK(h.engine.take(ta("R")).error().code == Code::bad_request);
    CHECK(h.engine.take(ta("R", "110105194912310021")).error().code == Code::bad_request);  // bad check digit
    CHECK(h.engine.take(ta("R", kElderId)).ok());
  }
  SUBCASE("per-person daily limit, by ID number") {
    CHECK(h.engine.take(ta("R", kYoungId)).ok());
    auto o = h.engine.take(ta("R", kYoungId));
    REQUIRE_FALSE(o);
    CHECK(o.error().code == Code::limit_exceeded);
    CHECK(h.engine.take(ta("R", kElderId)).ok());  // another person
  }
  SUBCASE("unknown priority class") {
    TakeArgs a = ta("A");
    a.priority = "vip";
    CHECK(h.engine.take(a).error().code == Code::bad_request);
  }
}

TEST_CASE("ID numbers are kept only as a keyed hash and a masked form") {
  Hall h;
  TakeArgs a = ta("R", kElderId, "王小明");
  const Ticket* t = h.engine.take(a).value();
  CHECK(t->id_masked == "110105********002X");
  CHECK(t->id_hash.size() == 64);
  CHECK(t->id_hash == IdHasher({1, 2, 3, 4})(kElderId));
  CHECK(t->id_hash != IdHasher({9})(kElderId));  // keyed
  CHECK(t->name_masked == "王*明");
  auto changes = h.engine.take_changes();
  for (const auto& tk : changes.tickets) {
    CHECK(tk.id_hash.find(kElderId) == std::string::npos);
    CHECK(tk.id_masked.find("19491231") == std::string::npos);
  }
  for (const auto& e : changes.events) CHECK(e.detail.find(kElderId) == std::string::npos);
}

TEST_CASE("priority by age is given automatically — an explicit class wins") {
  Hall h;
  CHECK(h.take("A", kElderId)->priority == "elderly");
  CHECK(h.take("A", valid_id("15050219900101123"))->priority == "normal");
  TakeArgs a = ta("A");
  a.priority = "disabled";
  CHECK(h.engine.take(a).value()->priority == "disabled");
}

TEST_CASE("windows act only with a clerk logged in") {
  Hall h;
  h.take("A");
  CHECK(h.error_of_call(1) == Code::forbidden);
  CHECK(h.engine.login(1, "nobody").error().code == Code::not_found);
  CHECK(h.engine.login(9, "c1").error().code == Code::not_found);
  h.open(1, "c1", "1111");
  CHECK(h.engine.window_status(*h.engine.window_state(1)) == "idle");
  CHECK(h.call(1) == "A001");
  CHECK(h.engine.window_status(*h.engine.window_state(1)) == "serving");
  SUBCASE("logout needs the current ticket finished") {
    CHECK(h.engine.logout(1).error().code == Code::invalid_state);
    REQUIRE(h.engine.finish(1).ok());
    CHECK(h.engine.logout(1).ok());
    CHECK(h.engine.window_status(*h.engine.window_state(1)) == "closed");
    CHECK(h.engine.logout(1).error().code == Code::invalid_state);
  }
  SUBCASE("a clerk moves: logging in elsewhere logs out here, unless serving") {
    CHECK(h.engine.login(2, "c1").error().code == Code::invalid_state);
    REQUIRE(h.engine.finish(1).ok());
    h.open(2, "c1", "1111");
    CHECK(h.engine.window_state(1)->clerk.empty());
    CHECK(h.engine.window_state(2)->clerk == "c1");
  }
}

TEST_CASE("call next: transferred-to-window first, then priority, then longest weighted wait") {
  Hall h;
  h.open(1, "c1", "1111");
  h.open(2, "c2", "2222");
  SUBCASE("weighted wait across the window's services") {
    h.take("B");  // 09:00 B001
    h.clock.set(at(9, 4));
    h.take("A");  // 09:04 A001
    h.clock.set(at(9, 10));
    // B001 waited 10 min × 1 = 10; A001 waited 6 min × 2 = 12: A first at window 1.
    CHECK(h.call(1) == "A001");
    CHECK(h.call(1) == "B001");
    CHECK(h.error_of_call(1) == Code::queue_empty);
  }
  SUBCASE("with equal weight the longer wait wins, ties go to the earlier ticket") {
    h.take("B");
    h.take("R", kYoungId);
    CHECK(h.call(2) == "B001");  // same time: B001 was issued first
    h.clock.advance(1min);
    CHECK(h.call(2) == "R001");
  }
  SUBCASE("a higher priority class goes before any wait") {
    h.take("A");
    h.clock.advance(30min);
    h.take("B", kElderId);  // elderly, just arrived
    CHECK(h.call(1) == "B001");
  }
  SUBCASE("a ticket transferred to this window comes first") {
    h.take("B");  // B001
    h.take("B");  // B002
    REQUIRE(h.call(1) == "B001");
    TransferArgs t{1, "", 2};
    auto o = h.engine.transfer(t);
    REQUIRE(o.ok());
    CHECK(o.value()->state() == TicketState::waiting);
    CHECK(o.value()->current().target_window == 2);
    CHECK(h.engine.ahead(*o.value()) == 0);
    h.clock.advance(1min);
    h.take("B", kElderId);  // priority — but the transfer still goes first
    CHECK(h.call(2) == "B001");
    CHECK(h.call(2) == "B003");
  }
}

TEST_CASE("calling again finishes the current ticket — a paused window does not call") {
  Hall h;
  h.open(1, "c1", "1111");
  h.take("A");
  h.take("A");
  CHECK(h.call(1) == "A001");
  h.clock.advance(5min);
  CHECK(h.call(1) == "A002");
  CHECK(h.engine.find("A001")->state() == TicketState::done);
  CHECK(h.engine.find("A001")->current().ended_at == at(9, 5));
  REQUIRE(h.engine.finish(1).ok());
  CHECK(h.engine.pause(1, "").error().code == Code::bad_request);
  REQUIRE(h.engine.pause(1, "lunch").ok());
  CHECK(h.engine.window_status(*h.engine.window_state(1)) == "paused");
  CHECK(h.engine.window_state(1)->pause_reason == "lunch");
  CHECK(h.engine.pause(1, "again").error().code == Code::invalid_state);
  h.take("A");
  CHECK(h.error_of_call(1) == Code::invalid_state);
  REQUIRE(h.engine.resume(1).ok());
  CHECK(h.engine.resume(1).error().code == Code::invalid_state);
  CHECK(h.call(1) == "A003");
  CHECK(h.engine.pause(1, "break").error().code == Code::invalid_state);  // serving
}

TEST_CASE("recall counts — no-show ends the call — a guide can put the late citizen back") {
  Hall h;
  h.open(1, "c1", "1111");
  h.take("A");
  h.clock.set(at(9, 20));
  h.take("A");
  CHECK(h.engine.recall(1).error().code == Code::invalid_state);
  REQUIRE(h.call(1) == "A001");
  h.clock.advance(30s);
  auto r = h.engine.recall(1);
  REQUIRE(r.ok());
  CHECK(r.value()->current().recalls == 1);
  REQUIRE(h.engine.recall(1).ok());
  CHECK(h.engine.find("A001")->current().recalls == 2);
  auto calls = h.engine.take_changes().calls;
  REQUIRE(calls.size() == 3);
  CHECK_FALSE(calls[0].recall);
  CHECK(calls[2].recall);

  REQUIRE(h.engine.no_show(1).ok());
  CHECK(h.engine.find("A001")->state() == TicketState::no_show);
  CHECK(h.engine.no_show(1).error().code == Code::invalid_state);
  CHECK(h.engine.requeue("A002").error().code == Code::invalid_state);  // not a no-show
  CHECK(h.engine.requeue("A999").error().code == Code::not_found);
  auto back = h.engine.requeue("A001");
  REQUIRE(back.ok());
  CHECK(back.value()->state() == TicketState::waiting);
  CHECK(back.value()->visits.size() == 2);
  // Put back by its issue time: ahead of A002 who came later.
  CHECK(h.engine.ahead(*back.value()) == 0);
  CHECK(h.call(1) == "A001");
}

TEST_CASE("call a given number: waiting tickets of this window's services, or a no-show") {
  Hall h;
  h.open(1, "c1", "1111");
  h.open(2, "c2", "2222");
  h.take("A");
  h.take("A");
  h.take("R", kYoungId);
  CHECK(h.engine.call_number(1, "A009").error().code == Code::not_found);
  CHECK(h.engine.call_number(1, "R001").error().code == Code::invalid_state);  // not served at 1
  auto o = h.engine.call_number(1, "A002");
  REQUIRE(o.ok());
  CHECK(o.value()->state() == TicketState::called);
  CHECK(h.engine.call_number(1, "A002").error().code == Code::invalid_state);
  REQUIRE(h.engine.no_show(1).ok());
  REQUIRE(h.engine.call_number(1, "A002").ok());  // the late citizen turns up
  CHECK(h.engine.find("A002")->visits.size() == 2);
  REQUIRE(h.engine.finish(1).ok());
  CHECK(h.engine.call_number(1, "A002").error().code == Code::invalid_state);  // done
  CHECK(h.engine.call_number(2, "A001").error().code == Code::invalid_state);
}

TEST_CASE("transfer to another service keeps the ticket's place by issue time") {
  Hall h;
  h.open(1, "c1", "1111");
  h.open(2, "c2", "2222");
  h.take("A");  // 09:00
  h.clock.set(at(9, 5));
  h.take("B");  // 09:05
  REQUIRE(h.call(1) == "A001");
  CHECK(h.engine.transfer({1, "B", 2}).error().code == Code::bad_request);
  CHECK(h.engine.transfer({1, "", 0}).error().code == Code::bad_request);
  CHECK(h.engine.transfer({1, "Z", 0}).error().code == Code::not_found);
  CHECK(h.engine.transfer({1, "", 9}).error().code == Code::not_found);
  CHECK(h.engine.transfer({1, "", 1}).error().code == Code::bad_request);
  CHECK(h.engine.transfer({2, "A", 0}).error().code == Code::invalid_state);  // nobody at 2
  // To its own service it would only jump the queue by its issue time.
  auto own = h.engine.transfer({1, "A", 0});
  REQUIRE_FALSE(own.ok());
  CHECK(own.error().code == Code::invalid_state);
  CHECK(own.error().message.find("already for service A") != std::string::npos);
  CHECK(h.engine.window_state(1)->current == "A001");  // still being served
  auto o = h.engine.transfer({1, "B", 0});
  REQUIRE(o.ok());
  const Ticket* t = o.value();
  CHECK(t->number == "A001");
  CHECK(t->visits.front().state == TicketState::transferred);
  CHECK(t->current().service == "B");
  CHECK(h.engine.ahead(*t) == 0);  // issued before B001
  CHECK(h.call(2) == "A001");
  auto st = h.engine.stats();
  CHECK(st.services[0].transferred == 1);
}

TEST_CASE("guides cancel waiting tickets only") {
  Hall h;
  h.take("A");
  auto o = h.engine.cancel("A001", "left the hall");
  REQUIRE(o.ok());
  CHECK(o.value()->state() == TicketState::cancelled);
  CHECK(o.value()->current().reason == "left the hall");
  CHECK(h.engine.cancel("A001", "").error().code == Code::invalid_state);
  CHECK(h.engine.cancel("X1", "").error().code == Code::not_found);
  CHECK(h.engine.loads()[0].waiting == 0);
}

TEST_CASE("a guide sends a waiting ticket to another service: it keeps its number and its place by issue time") {
  Hall h;
  h.take("A");              // A001 at 09:00
  h.clock.advance(60s);     //
  h.take("B");              // B001 at 09:01
  h.open(2, "c2", "2222");  // B and R
  auto o = h.engine.reassign("A001", "B", "wanted B");
  REQUIRE(o.ok());
  const Ticket& t = *o.value();
  CHECK(t.number == "A001");
  CHECK(t.state() == TicketState::waiting);
  CHECK(t.current().service == "B");
  REQUIRE(t.visits.size() == 2);
  CHECK(t.visits[0].state == TicketState::transferred);
  CHECK(t.visits[0].reason == "wanted B");
  CHECK(h.engine.ahead(t) == 0);  // issued before B001: it waited already
  CHECK(h.engine.loads()[0].waiting == 0);
  CHECK(h.engine.loads()[1].waiting == 2);
  auto changes = h.engine.take_changes();
  REQUIRE_FALSE(changes.events.empty());
  CHECK(changes.events.back().kind == "reassigned");
  CHECK(changes.events.back().detail == "from service A: wanted B");
  CHECK(h.call(2) == "A001");
  // Only waiting tickets, only to a service the hall has, not to the one it waits for.
  CHECK(h.engine.reassign("A001", "R", "").error().code == Code::invalid_state);
  CHECK(h.engine.reassign("B001", "Q", "").error().code == Code::not_found);
  CHECK(h.engine.reassign("B001", "B", "").error().code == Code::bad_request);
  CHECK(h.engine.reassign("A404", "B", "").error().code == Code::not_found);
  REQUIRE(h.engine.tickets().size() == 2);
  CHECK(h.engine.tickets()[0]->number == "A001");
  CHECK(h.engine.tickets()[1]->number == "B001");
  // A real-name service (R) takes only tickets issued with an ID card: nobody saw B001's.
  auto anonymous = h.engine.reassign("B001", "R", "");
  REQUIRE_FALSE(anonymous.ok());
  CHECK(anonymous.error().code == Code::bad_request);
  CHECK(anonymous.error().message == "service R requires an ID card (real-name ticket): B001 was issued without one");
  h.take("B", "150502199001011232");  // B002, with the card
  CHECK(h.engine.reassign("B002", "R", "").ok());
}

TEST_CASE("appointments: import, check in by code or ID within the window, get priority") {
  Hall h;
  std::vector<AppointmentArgs> list = {{"P1", "A", "09:30", "", "李四"}, {"P2", "B", "11:00", kYoungId, ""}};
  auto imported = h.engine.import_appointments(kThursday, list);
  REQUIRE(imported.ok());
  CHECK(imported.value() == 2);
  CHECK(h.engine.import_appointments(LocalDate{2026, 11, 25}, list).error().code == Code::bad_request);
  CHECK(h.engine.import_appointments(kThursday, {{"P3", "Z", "10:00", "", ""}}).error().code == Code::bad_request);
  CHECK(h.engine.import_appointments(kThursday, {{"P3", "A", "25:00", "", ""}}).error().code == Code::bad_request);
  CHECK(h.engine.import_appointments(kThursday, {{"P3", "A", "10:00", "", ""}, {"P3", "A", "11:00", "", ""}})
            .error()
            .code == Code::bad_request);

  h.clock.set(at(8, 59));  // 31 minutes before 09:30
  CHECK(h.engine.checkin_code("P1").error().code == Code::outside_hours);
  h.clock.set(at(9, 0));
  CHECK(h.engine.checkin_code("NOPE").error().code == Code::not_found);
  h.take("A");
  auto t = h.engine.checkin_code("P1");
  REQUIRE(t.ok());
  CHECK(t.value()->number == "A002");
  CHECK(t.value()->priority == "appointment");
  CHECK(t.value()->channel == "appointment");
  CHECK(t.value()->appointment == "P1");
  CHECK(t.value()->name_masked == "李*");
  CHECK(h.engine.ahead(*t.value()) == 0);  // ahead of the walk-in A001
  CHECK(h.engine.checkin_code("P1").error().code == Code::invalid_state);

  h.clock.set(at(11, 16));  // 16 minutes after 11:00
  CHECK(h.engine.checkin_id(kYoungId).error().code == Code::outside_hours);
  h.clock.set(at(10, 45));
  CHECK(h.engine.checkin_id(kElderId).error().code == Code::not_found);
  auto by_id = h.engine.checkin_id(kYoungId);
  REQUIRE(by_id.ok());
  CHECK(by_id.value()->appointment == "P2");
  CHECK(by_id.value()->id_masked == "150502********1232");
}

TEST_CASE("walk-ins and check-ins share one numbering and queue, and each records its own event") {
  Hall h;
  REQUIRE(h.engine.import_appointments(kThursday, {{"P1", "A", "09:15", kYoungId, "李四"}}).ok());
  h.take("A");
  (void)h.engine.take_changes();
  auto in = h.engine.checkin_code("P1", {.request_key = "kiosk-1/r1", .device = {}, .language = {}});
  REQUIRE(in.ok());
  const Ticket* t = in.value();
  CHECK(t->number == "A002");
  CHECK(t->ordinal == 2);
  CHECK(t->issued_at == at(9, 0));
  REQUIRE(t->visits.size() == 1);
  CHECK(t->current().service == "A");
  CHECK(t->current().order_at == at(9, 0));
  CHECK(h.engine.find("A002") == t);
  CHECK(h.engine.find_request("kiosk-1/r1") == t);
  auto c = h.engine.take_changes();
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].kind == "checked_in");
  CHECK(c.events[0].number == "A002");
  CHECK(c.events[0].service == "A");
  CHECK(c.events[0].detail == "P1");
  REQUIRE(c.tickets.size() == 1);
  CHECK(c.tickets[0] == *t);
  REQUIRE(c.appointments.size() == 1);
  CHECK(c.appointments[0].ticket == "A002");
  CHECK(c.services == std::vector<std::string>{"A"});
  CHECK(h.engine.loads()[0].issued == 2);
  CHECK(h.engine.loads()[0].waiting == 2);

  TakeArgs walk_in = ta("A");
  walk_in.channel = "counter";
  CHECK(h.engine.take(walk_in).value()->number == "A003");
  c = h.engine.take_changes();
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].kind == "issued");
  CHECK(c.events[0].detail == "counter");
}

TEST_CASE("a ticket records the device that issued it") {
  Hall h;
  REQUIRE(
      h.engine.import_appointments(kThursday, {{"P1", "A", "09:15", "", ""}, {"P2", "B", "09:20", kYoungId, ""}}).ok());
  TakeArgs a = ta("A");
  a.by.device = "kiosk-1";
  a.by.request_key = "kiosk-1/r1";
  const Ticket* walk_in = h.engine.take(a).value();
  CHECK(walk_in->issued_by == "kiosk-1");
  CHECK(h.take("A")->issued_by.empty());  // a caller that does not say stays anonymous
  auto by_code = h.engine.checkin_code("P1", {.request_key = "kiosk-2/r1", .device = "kiosk-2", .language = {}});
  REQUIRE(by_code.ok());
  CHECK(by_code.value()->issued_by == "kiosk-2");
  auto by_id = h.engine.checkin_id(kYoungId, {.request_key = {}, .device = "kiosk-1", .language = {}});
  REQUIRE(by_id.ok());
  CHECK(by_id.value()->issued_by == "kiosk-1");
  // What the store is given carries it, and a restart keeps it.
  auto c = h.engine.take_changes();
  REQUIRE(c.tickets.size() == 4);
  CHECK(c.tickets[0].issued_by == "kiosk-1");
  CHECK(c.tickets[2].issued_by == "kiosk-2");
  Engine copy(h.config, h.clock, IdHasher({1, 2, 3, 4}));
  copy.restore(h.engine.state());
  CHECK(copy.find(by_code.value()->number)->issued_by == "kiosk-2");
  // A repeated request gets the ticket as first issued, whoever asks again.
  a.by.device = "kiosk-9";
  CHECK(h.engine.take(a).value()->issued_by == "kiosk-1");
}

TEST_CASE("day rollover closes what still waits, records it, and restarts numbering") {
  Hall h;
  h.open(1, "c1", "1111");
  h.take("A");
  h.take("A");
  h.take("B");
  REQUIRE(h.call(1) == "A001");
  (void)h.engine.take_changes();
  h.clock.set(at(2, 59, kThursday.plus_days(1)));
  h.engine.tick();
  CHECK(h.engine.take_changes().empty());  // still Thursday's hall day before 03:00
  h.clock.set(at(3, 0, kThursday.plus_days(1)));
  h.engine.tick();
  auto c = h.engine.take_changes();
  REQUIRE(c.closed_day);
  CHECK(*c.closed_day == kThursday);
  CHECK(h.engine.day() == kThursday.plus_days(1));
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].kind == "day_closed");
  CHECK(c.tickets.size() == 3);  // A001 (called), A002 and B001 (waiting) closed
  for (const auto& t : c.tickets) {
    CHECK(t.day == kThursday);
    CHECK(t.state() == TicketState::cancelled);
    CHECK(t.current().reason == "day_end");
  }
  REQUIRE_FALSE(c.windows.empty());
  CHECK(c.windows[0].clerk.empty());
  CHECK(h.engine.find("A001") == nullptr);
  h.clock.set(at(9, 0, kThursday.plus_days(1)));
  CHECK(h.take("A")->number == "A001");
  CHECK(h.error_of_call(1) == Code::forbidden);  // everyone logs in again
}

TEST_CASE("what waits for a window, in the order it would be called") {
  Hall h;
  h.take("B");
  h.clock.advance(1min);
  h.take("A");
  h.take("R", kYoungId);
  h.clock.advance(1min);
  std::vector<std::string> order;
  for (const Ticket* t : h.engine.waiting_for(1, 10)) order.push_back(t->number);
  // B001 waited 2 min × 1, A001 1 min × 2: a tie, so the earlier ticket goes first.
  CHECK(order == std::vector<std::string>{"B001", "A001"});
  h.open(1, "c1", "1111");
  CHECK(h.call(1) == order[0]);
  CHECK(h.call(1) == order[1]);
}

TEST_CASE("a window's waiting list is exactly the order its calls take, in a mixed hall") {
  Hall h;
  // Window 1 calls three services with different weights; window 2 two with equal ones.
  h.config.windows[0].services = {{"A", 3}, {"B", 1}, {"R", 2}};
  h.config.services[1].quota = 0;  // B
  REQUIRE(h.engine.import_appointments(kThursday, {{"P1", "B", "09:30", "", ""}}).ok());
  auto take_as = [&](const std::string& service, const std::string& id, const std::string& priority) {
    TakeArgs a = ta(service, id);
    a.priority = priority;
    REQUIRE(h.engine.take(a).ok());
  };
  h.take("A");  // 09:00 A001
  h.take("B");  // 09:00 B001
  h.clock.set(at(9, 2));
  h.take("R", kYoungId);         // R001
  take_as("A", "", "disabled");  // A002, rank 30
  h.take("B", kElderId);         // B002, elderly by age, rank 30
  h.clock.set(at(9, 5));
  h.take("A");                                // A003
  h.take("B");                                // B003
  REQUIRE(h.engine.checkin_code("P1").ok());  // B004, appointment, rank 20
  h.clock.set(at(9, 7));
  h.take("R", valid_id("15050219850505123"));  // R002
  h.take("A");                                 // A004
  h.take("B");                                 // B005
  // Window 3 sends A001 on to window 1 and A003 to service B (it keeps its issue time);
  // window 2 sends B001 to window 1 after A001 and marks B003 a no-show, which a guide puts back.
  h.open(2, "c2", "2222");
  h.open(3, "c3", "3333");
  h.clock.set(at(9, 8));
  REQUIRE(h.engine.call_number(3, "A001").ok());
  REQUIRE(h.engine.transfer({3, "", 1}).ok());
  REQUIRE(h.engine.call_number(3, "A003").ok());
  REQUIRE(h.engine.transfer({3, "B", 0}).ok());
  h.clock.set(at(9, 9));
  REQUIRE(h.engine.call_number(2, "B001").ok());
  REQUIRE(h.engine.transfer({2, "", 1}).ok());
  REQUIRE(h.engine.call_number(2, "B003").ok());
  REQUIRE(h.engine.no_show(2).ok());
  REQUIRE(h.engine.requeue("B003").ok());
  REQUIRE(h.engine.call_number(2, "R002").ok());  // window 2 is serving: R002 stays out of every list
  h.clock.set(at(9, 20));

  auto numbers = [](const std::vector<const Ticket*>& v) {
    std::string out;
    for (const Ticket* t : v) out += (out.empty() ? "" : " ") + t->number;
    return out;
  };
  auto calls_until_empty = [&](int window) {
    std::string out;
    for (;;) {
      auto o = h.engine.call_next(window);
      if (!o) {
        CHECK(o.error().code == Code::queue_empty);
        return out;
      }
      out += (out.empty() ? "" : " ") + o.value()->number;
    }
  };
  SUBCASE("window 1: transfers, then rank, then wait weighted 3:1:2") {
    auto listed = numbers(h.engine.waiting_for(1, 100));
    // A001, B001: transferred here, in order of transfer. A002, B002: rank 30, and A002's
    // 18 min × 3 beats B002's 18 min × 1. B004: rank 20. Then normal ones by weighted
    // wait at 09:20: A004 13×3 = 39, R001 18×2 = 36, then A003 (moved to B) and B003
    // (back after its no-show), both keeping their 09:05 issue time: 15×1 each, A003
    // issued first. Last B005, 13×1.
    CHECK(listed == "A001 B001 A002 B002 B004 A004 R001 A003 B003 B005");
    CHECK(numbers(h.engine.waiting_for(1, 4)) == "A001 B001 A002 B002");
    h.open(1, "c1", "1111");
    CHECK(calls_until_empty(1) == listed);
  }
  SUBCASE("window 2: nothing targeted, B and R at equal weight") {
    REQUIRE(h.engine.finish(2).ok());
    auto listed = numbers(h.engine.waiting_for(2, 100));
    CHECK(listed == "B002 B004 R001 A003 B003 B005");
    CHECK(calls_until_empty(2) == listed);
  }
}

TEST_CASE("statistics: counts, mean and 90th percentile of waits and service times") {
  Hall h;
  h.open(3, "c3", "3333");
  for (int i = 0; i < 10; ++i) h.take("A");
  for (int i = 0; i < 10; ++i) {
    h.clock.advance(std::chrono::minutes(1));
    h.call(3);  // A00(i+1) waited (i+1) minutes… plus service times before
    h.clock.advance(std::chrono::minutes(i + 1));
    if (i == 9) REQUIRE(h.engine.no_show(3).ok());
  }
  auto s = h.engine.stats();
  CHECK(s.total.issued == 10);
  CHECK(s.total.served == 9);
  CHECK(s.total.no_shows == 1);
  REQUIRE(s.services.size() == 3);
  CHECK(s.services[0].key == "A");
  // Ticket k is served from its call to the next call: k + 1 minutes, for k = 1..9.
  CHECK(s.services[0].service_mean_s == 360);  // 2..10 min → mean 6 min
  CHECK(s.services[0].service_p90_s == 600);   // nearest rank 9 of 9 → 10 min
  // Waits: ticket k (1-based) is called at sum_{j<k}(1 + j) + 1 minutes = k(k+1)/2 min.
  std::vector<std::int64_t> waits;
  for (int k = 1; k <= 10; ++k) waits.push_back(k * (k + 1) / 2 * 60);
  std::int64_t mean = 0;
  for (auto w : waits) mean += w;
  CHECK(s.services[0].wait_mean_s == mean / 10);
  CHECK(s.services[0].wait_p90_s == waits[8]);
  CHECK(s.services[0].wait_p50_s == waits[4]);  // nearest rank 5 of 10: 15 min
  // The share called within the hall's target ([alarms] wait_minutes, 15 here): 1, 3, 6, 10, 15 min.
  REQUIRE(h.config.alarms.wait_minutes == 15);
  CHECK(s.services[0].called == 10);
  CHECK(s.services[0].within_target == 5);
  REQUIRE(s.windows.size() == 1);
  CHECK(s.windows[0].key == "3");
  CHECK(s.windows[0].served == 9);
  REQUIRE(s.clerks.size() == 1);
  CHECK(s.clerks[0].key == "c3");
}

TEST_CASE("restoring the state continues the day exactly") {
  Hall h;
  h.open(1, "c1", "1111");
  h.open(2, "c2", "2222");
  REQUIRE(h.engine.import_appointments(kThursday, {{"P1", "A", "10:00", "", ""}}).ok());
  for (int i = 0; i < 5; ++i) {
    h.take("A");
    if (i < 3) h.take("B");
    h.clock.advance(1min);
  }
  h.call(1);
  h.call(1);
  REQUIRE(h.engine.recall(1).ok());
  h.call(2);
  REQUIRE(h.engine.transfer({2, "", 1}).ok());
  REQUIRE(h.engine.pause(2, "meeting").ok());
  h.take("R", kYoungId);

  Engine copy(h.config, h.clock, IdHasher({1, 2, 3, 4}));
  copy.restore(h.engine.state());
  CHECK(copy.day() == h.engine.day());
  for (const char* n : {"A001", "A002", "A003", "A005", "B001", "B002", "B003", "R001"}) {
    CAPTURE(n);
    REQUIRE(copy.find(n));
    CHECK(*copy.find(n) == *h.engine.find(n));
    CHECK(copy.ahead(*copy.find(n)) == h.engine.ahead(*h.engine.find(n)));
    CHECK(copy.ewt_s(*copy.find(n)) == h.engine.ewt_s(*h.engine.find(n)));
  }
  auto rc = [](const Engine& e) {
    std::vector<std::string> v;
    for (const auto& c : e.recent_calls(10))
      v.push_back(c.number + "@" + std::to_string(c.window) + (c.recall ? "r" : ""));
    return v;
  };
  CHECK(rc(copy) == rc(h.engine));
  CHECK(*copy.window_state(2) == *h.engine.window_state(2));
  CHECK(copy.served_at(1) == h.engine.served_at(1));
  // Both go on identically.
  h.clock.set(at(9, 45));
  CHECK(copy.take(ta("A")).value()->number == h.engine.take(ta("A")).value()->number);
  CHECK(copy.take(ta("R", kYoungId)).error().code == Code::limit_exceeded);
  CHECK(copy.call_next(1).value()->number == h.engine.call_next(1).value()->number);
  CHECK(copy.checkin_code("P1").ok());
}

TEST_CASE("changes list every event, touched ticket, window and service once per operation") {
  Hall h;
  h.open(1, "c1", "1111");
  (void)h.engine.take_changes();
  h.take("A");
  auto c = h.engine.take_changes();
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].kind == "issued");
  CHECK(c.events[0].number == "A001");
  CHECK(c.tickets.size() == 1);
  CHECK(c.services == std::vector<std::string>{"A"});
  h.call(1);
  c = h.engine.take_changes();
  CHECK(c.events[0].kind == "called");
  CHECK(c.windows.size() == 1);
  CHECK(c.windows[0].current == "A001");
  REQUIRE(c.calls.size() == 1);
  CHECK(c.calls[0].window == 1);
  CHECK(h.engine.take_changes().empty());
}

TEST_CASE("a request asked again with its key gets the ticket already issued, never a second one") {
  Hall h;
  TakeArgs a = ta("A");
  a.by.request_key = "kiosk-1/r1";
  auto first = h.engine.take(a);
  REQUIRE(first.ok());
  CHECK(first.value()->number == "A001");
  h.engine.take_changes();
  auto again = h.engine.take(a);  // the reply was lost; the kiosk asks again
  REQUIRE(again.ok());
  CHECK(again.value()->number == "A001");
  CHECK(h.engine.take_changes().empty());
  CHECK(h.engine.loads().front().issued == 1);
  a.service = "B";  // the same key for something else is a client bug, said plainly
  CHECK(h.engine.take(a).error().code == Code::bad_request);
  a.by.request_key = "kiosk-1/r2";
  a.service = "A";
  CHECK(h.engine.take(a).value()->number == "A002");

  REQUIRE(h.engine.import_appointments(kThursday, {{"P1", "A", "09:30", "", ""}}).ok());
  auto in = h.engine.checkin_code("P1", {.request_key = "kiosk-1/r3", .device = {}, .language = {}});
  REQUIRE(in.ok());
  CHECK(h.engine.checkin_code("P1", {.request_key = "kiosk-1/r3", .device = {}, .language = {}}).value()->number ==
        in.value()->number);
  CHECK(h.engine.checkin_code("P1").error().code == Code::invalid_state);  // without the key: checked in already
}

TEST_CASE("a replica goes on from the engine's state, on its own clock, and leaves the engine alone") {
  Hall h;
  h.open(1, "c1", "1111");
  h.take("A");
  h.take("A");
  const Ticket* b = h.take("B");
  CHECK(h.call(1) == "A001");
  (void)h.engine.take_changes();
  const Ticket* a3 = h.take("A");  // a change not yet taken stays with the engine

  ManualClock later{at(9, 20)};
  std::unique_ptr<Engine> r = h.engine.replica(later);
  CHECK(r->now() == at(9, 20));
  CHECK(r->take_changes().tickets.empty());
  CHECK(r->ahead(*r->find("A003")) == 1);  // A002 is ahead of it, as in the engine
  REQUIRE(r->finish(1).ok());
  CHECK(r->call_next(1).value()->number == "A002");
  CHECK(r->take(ta("B")).value()->number == "B002");  // numbering goes on from the engine's
  CHECK(r->find("A002")->state() == TicketState::called);
  CHECK(to_unix_ms(r->find("A002")->current().called_at) == to_unix_ms(at(9, 20)));

  // The engine has not moved: A001 still at window 1, A002 waiting, B002 not issued.
  CHECK(h.engine.window_state(1)->current == "A001");
  CHECK(h.engine.find("A002")->state() == TicketState::waiting);
  CHECK(h.engine.find("B002") == nullptr);
  CHECK(h.engine.ahead(*a3) == 1);
  CHECK(h.engine.ahead(*b) == 0);
  CHECK(h.engine.take_changes().tickets.size() == 1);  // A003's issue
  CHECK(h.take("B")->number == "B002");
}
