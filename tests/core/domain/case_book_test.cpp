#include "core/domain/case_book.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "core/domain/calendar.hpp"
#include "core/domain/credit_code.hpp"

using namespace hallq::domain;

namespace {

// 2026: the National Day holiday closes Oct 1–7; Sunday Sep 27 and Saturday Oct 10 are make-up working days.
HallConfig case_hall() {
  HallConfig h;
  h.id = "t";
  h.open_weekdays = {1, 2, 3, 4, 5};
  for (int d = 1; d <= 7; ++d) h.closed_dates.push_back({2026, 10, d});
  h.extra_workdays = {{2026, 9, 27}, {2026, 10, 10}};
  Service a;
  a.code = "A";
  a.limit_days = 5;
  a.department = "market";
  a.materials = {Names{"身份证", "", "ID card"}, Names{"公司章程", "", "Articles"}, Names{"场所证明", "", "Premises"}};
  Service b;
  b.code = "B";  // decided on the spot
  b.materials = {Names{"身份证", "", "ID card"}};
  h.services = {a, b};
  h.departments = {Department{"market", {"市场监管局", "", "Market regulation"}, {"A"}}};
  h.cases.due_soon_days = 2;
  return h;
}

Ticket ticket(std::string number, std::string hash, LocalDate day) {
  Ticket t;
  t.day = day;
  t.number = std::move(number);
  t.origin = t.number.substr(0, 1);
  t.id_hash = std::move(hash);
  t.id_masked = "150502********1234";
  t.name_masked = "王*明";
  Visit v;
  v.service = t.origin;
  t.visits.push_back(v);
  return t;
}

std::vector<std::string> case_kinds(const Changes& c) {
  std::vector<std::string> k;
  for (const auto& e : c.events) k.push_back(e.kind);
  return k;
}

const Actor kClerk{"c1", 3};

}  // namespace

TEST_CASE("a time limit counts working days on the hall calendar, holidays closed and make-up days open") {
  HallConfig h = case_hall();
  const LocalDate fri{2026, 9, 25};
  CHECK(add_workdays(h, fri, 0) == fri);
  CHECK(add_workdays(h, fri, 1) == LocalDate{2026, 9, 27});  // the Sunday make-up day
  CHECK(add_workdays(h, fri, 3) == LocalDate{2026, 9, 29});
  CHECK(add_workdays(h, fri, 5) == LocalDate{2026, 10, 8});              // across the holiday
  CHECK(add_workdays(h, fri, 7) == LocalDate{2026, 10, 10});             // the Saturday make-up day
  CHECK(add_workdays(h, {2026, 11, 27}, 1) == LocalDate{2026, 11, 30});  // an ordinary weekend
  CHECK(workdays_left(h, fri, {2026, 10, 8}) == 5);
  CHECK(workdays_left(h, {2026, 10, 8}, {2026, 10, 8}) == 0);
  CHECK(workdays_left(h, {2026, 10, 12}, {2026, 10, 8}) == -3);  // Oct 9, 10 (make-up) and 12 are past due
  CHECK(h.open_on({2026, 10, 10}));
  CHECK_FALSE(h.open_on({2026, 10, 3}));
}

TEST_CASE("a unified social credit code is checked by its mod-31 check character") {
  CHECK(valid_credit_code("91350100M000100Y43"));
  CHECK(valid_credit_code("91110000600037341L"));
  CHECK(valid_credit_code("91110000600037341l"));
  CHECK(normalize_credit_code("91110000600037341l") == "91110000600037341L");
  CHECK_FALSE(valid_credit_code("91350100M000100Y44"));  // wrong check character
  CHECK_FALSE(valid_credit_code("91350100M000100Y4"));   // too short
  CHECK_FALSE(valid_credit_code("9135010OM000100Y43"));  // O is not in the alphabet
  CHECK(credit_code_check_char("91150500MA0N4X123") == '6');
}

TEST_CASE("a case goes from the window to the department and back to the pickup window with its audit trail") {
  HallConfig h = case_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));
  CaseBook book(h, clock);
  const LocalDate day{2026, 11, 30};
  Ticket t = ticket("A001", "hash-of-applicant", day);

  OpenCaseArgs args;
  args.phone = "13812345678";
  args.company = "通辽某某科技有限公司";
  args.company_code = "91350100m000100y43";
  auto opened = book.open(t, args, kClerk);
  REQUIRE(opened);
  const Case* c = opened.value();
  CHECK(c->number == "F-20261130-0001");
  CHECK(c->service == "A");
  CHECK(c->department == "market");
  CHECK(c->company_code == "91350100M000100Y43");
  CHECK(c->id_masked == "150502********1234");
  CHECK(c->materials.size() == 3);
  CHECK(book.open(t, {}, kClerk).value()->number == "F-20261130-0002");  // a second item of the same visit

  // One material missing: accept is refused, the supplement notice is given.
  using M = MaterialState;
  REQUIRE(book.set_materials(c->number, {M::original, M::copy, M::missing}, kClerk));
  CHECK(book.accept(c->number, kClerk).error().code == Code::invalid_state);
  CHECK(book.set_materials(c->number, {M::original}, kClerk).error().code == Code::bad_request);
  REQUIRE(book.request_supplement(c->number, "12345678", kClerk));
  CHECK(c->state == CaseState::supplement_requested);
  CHECK(book.find_by_code("12345678") == c);

  // Back two days later with the code and a new ticket.
  clock.set(from_local({2026, 12, 2}, 10 * 60));
  Ticket back = ticket("A007", "hash-of-applicant", {2026, 12, 2});
  REQUIRE(book.supplement_returned("12345678", back, kClerk));
  CHECK(c->state == CaseState::received);
  CHECK(c->ticket == "A007");
  CHECK(c->materials[2].state == M::pending);
  CHECK(book.find_by_code("12345678") == nullptr);  // one use
  REQUIRE(book.set_materials(c->number, {M::original, M::copy, M::original}, kClerk));
  REQUIRE(book.accept(c->number, kClerk));
  CHECK(c->state == CaseState::accepted);
  REQUIRE(c->due);
  CHECK(*c->due == LocalDate{2026, 12, 9});  // 5 working days after Wednesday Dec 2

  // Hand-over: only accepted cases of that department.
  CHECK(book.create_handover("market", {"F-20261130-0002"}, kClerk).error().code == Code::invalid_state);
  CHECK(book.create_handover("nowhere", {c->number}, kClerk).error().code == Code::not_found);
  auto sheet = book.create_handover("market", {c->number}, kClerk);
  REQUIRE(sheet);
  CHECK(sheet.value()->number == "L-20261202-01");
  CHECK(c->state == CaseState::handed_over);
  CHECK(book.return_handover(sheet.value()->number, {{c->number, true, ""}}, "market", {"desk", 0}).error().code ==
        Code::invalid_state);  // not received yet
  CHECK(book.receive_handover(sheet.value()->number, "", "market", {"desk", 0}).error().code == Code::bad_request);
  CHECK(book.receive_handover(sheet.value()->number, "李四", "other", {"desk", 0}).error().code == Code::not_found);
  REQUIRE(book.receive_handover(sheet.value()->number, "李四", "market", {"desk", 0}));
  CHECK(sheet.value()->received_by == "李四");
  CHECK(book.return_handover(sheet.value()->number, {{c->number, false, ""}}, "market", {"desk", 0}).error().code ==
        Code::bad_request);  // a refusal needs reasons
  REQUIRE(book.return_handover(sheet.value()->number, {{c->number, true, ""}}, "market", {"desk", 0}));
  CHECK(c->state == CaseState::returned_approved);
  CHECK(sheet.value()->state == HandoverState::returned);

  // Ready: a notice in the applicant's language to the masked number.
  REQUIRE(book.mark_ready(c->number, "您的办件已办结，请携带身份证到出件窗口领取。", kClerk));
  auto out = book.outbox(10);
  REQUIRE(out.size() == 1);
  CHECK(out[0].recipient_masked == "138****5678");
  CHECK(out[0].case_number == c->number);
  CHECK(book.counts().ready == 1);

  // The pickup ticket links the person's ready cases; pickup checks the ID.
  Ticket h1 = ticket("H001", "hash-of-applicant", {2026, 12, 2});
  CHECK(book.link_pickup_ticket("hash-of-applicant", h1) == 1);
  CHECK(book.of_ticket({2026, 12, 2}, "H001").size() == 1);
  CHECK(book.pick_up(c->number, "hash-of-someone-else", std::nullopt, {"c2", 5}).error().code ==
        Code::identity_mismatch);
  CHECK(book.pick_up(c->number, "x", Agent{"agent-hash", "150502********9999", ""}, {"c2", 5}).error().code ==
        Code::bad_request);
  REQUIRE(book.pick_up(c->number, "hash-of-applicant", std::nullopt, {"c2", 5}));
  CHECK(c->state == CaseState::picked_up);
  CHECK(c->phone.empty());  // the number is not kept once the case ends
  CHECK(book.picked_up_on({2026, 12, 2}).size() == 1);

  Changes ch = book.take_changes();
  auto k = case_kinds(ch);
  for (const char* want : {"case_received", "case_materials", "case_supplement", "case_accepted", "case_handed_over",
                           "handover_received", "case_returned", "case_ready", "case_pickup_ticket", "case_picked_up"})
    CHECK_MESSAGE(std::count(k.begin(), k.end(), want) >= 1, want);
  CHECK(ch.notifications.size() == 1);
  CHECK(std::any_of(ch.cases.begin(), ch.cases.end(), [&](const Case& x) { return x.state == CaseState::picked_up; }));
  CHECK(ch.handovers.size() == 1);
  CHECK(book.take_changes().empty());
}

TEST_CASE("cases close to or past their promised date are counted and listed for chasing") {
  HallConfig h = case_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));  // Monday
  CaseBook book(h, clock);
  Ticket t = ticket("A001", "p", {2026, 11, 30});
  const Case* c = book.open(t, {}, kClerk).value();
  REQUIRE(
      book.set_materials(c->number, {MaterialState::original, MaterialState::original, MaterialState::copy}, kClerk));
  REQUIRE(book.accept(c->number, kClerk));
  CHECK(*c->due == LocalDate{2026, 12, 7});
  CHECK(book.counts().overdue == 0);
  CHECK(book.counts().due_soon == 0);
  clock.set(from_local({2026, 12, 3}, 9 * 60));  // Thursday: Fri and Mon left
  CHECK(book.due_status(*c).workdays_left == 2);
  CHECK(book.counts().due_soon == 1);
  CaseFilter soon;
  soon.due_soon = true;
  CHECK(book.list(soon).size() == 1);
  clock.set(from_local({2026, 12, 8}, 9 * 60));
  CHECK(book.due_status(*c).overdue);
  CHECK(book.counts().overdue == 1);
  CaseFilter over;
  over.overdue = true;
  CHECK(book.list(over).size() == 1);
}

TEST_CASE("a case decided at the window or withdrawn ends there, and a restored book numbers on") {
  HallConfig h = case_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));
  CaseBook book(h, clock);
  Ticket t = ticket("B001", "", {2026, 11, 30});
  const Case* b = book.open(t, {}, kClerk).value();
  CHECK(book.decide_at_window(b->number, kClerk).error().code == Code::invalid_state);  // ID card not seen yet
  REQUIRE(book.set_materials(b->number, {MaterialState::original}, kClerk));
  REQUIRE(book.decide_at_window(b->number, kClerk));
  CHECK(b->state == CaseState::decided_at_window);
  CHECK(book.withdraw(b->number, "x", kClerk).error().code == Code::invalid_state);
  const Case* w = book.open(t, {}, kClerk).value();
  CHECK(book.withdraw(w->number, "", kClerk).error().code == Code::bad_request);
  REQUIRE(book.withdraw(w->number, "applicant's wish", kClerk));
  CHECK(book.open(t, OpenCaseArgs{"", "12345", "zh", "", "", ""}, kClerk).error().code == Code::bad_request);
  CHECK(book.open(t, OpenCaseArgs{"", "", "fr", "", "", ""}, kClerk).error().code == Code::bad_request);
  CHECK(book.open(t, OpenCaseArgs{"", "", "zh", "X", "91350100M000100Y44", ""}, kClerk).error().code ==
        Code::bad_request);

  Changes ch = book.take_changes();
  CaseBook again(h, clock);
  again.restore(ch.cases, ch.handovers, {}, 0);
  CHECK(again.find(b->number) != nullptr);
  CHECK(again.open(t, {}, kClerk).value()->number == "F-20261130-0003");
}

TEST_CASE("a case_open asked again with its request_key gets the case it opened, that day, also after a restore") {
  HallConfig h = case_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));
  CaseBook book(h, clock);
  Ticket t = ticket("A001", "", {2026, 11, 30});
  OpenCaseArgs keyed;
  keyed.request_key = "caller-3/k1";
  const Case* first = book.open(t, keyed, kClerk).value();
  CHECK(first->request_key == "caller-3/k1");
  CHECK(book.open(t, keyed, kClerk).value() == first);  // the repeat: no second case
  CHECK(book.find_request("caller-3/k1") == first);
  CHECK(book.open(t, {}, kClerk).value()->number == "F-20261130-0002");  // without a key: a new case
  // The same key for another visit or another service is a mistake, not a repeat.
  Ticket other = ticket("A002", "", {2026, 11, 30});
  auto reused = book.open(other, keyed, kClerk);
  REQUIRE_FALSE(reused);
  CHECK(reused.error().code == Code::bad_request);
  CHECK(reused.error().message.find(first->number) != std::string::npos);
  OpenCaseArgs keyed_b = keyed;
  keyed_b.service = "B";
  CHECK(book.open(t, keyed_b, kClerk).error().code == Code::bad_request);

  // From the store: the repeat still finds its case.
  Changes ch = book.take_changes();
  CaseBook again(h, clock);
  again.restore(ch.cases, ch.handovers, {}, 0);
  CHECK(again.open(t, keyed, kClerk).value()->number == first->number);
  // The next day the key is free again: a key is unique per device and day.
  clock.advance(std::chrono::hours(24));
  CHECK(again.find_request("caller-3/k1") == nullptr);
  Ticket tomorrow = ticket("A001", "", {2026, 12, 1});
  CHECK(again.open(tomorrow, keyed, kClerk).value()->number == "F-20261201-0001");
}
