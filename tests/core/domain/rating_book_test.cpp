#include "core/domain/rating_book.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace hallq::domain;
using namespace std::chrono_literals;

namespace {

HallConfig rating_hall() {
  HallConfig h;
  h.id = "t";
  h.open_weekdays = {1, 2, 3, 4, 5};
  h.closed_dates = {{2026, 12, 3}};  // a Thursday off
  h.ratings.pad_seconds = 30;
  h.ratings.callback_workdays = 1;
  h.ratings.rectify_workdays = 15;
  return h;
}

// A ticket just finished at `window` by `clerk`.
Ticket finished(std::string number, int window, std::string clerk, TimePoint at) {
  Ticket t;
  t.day = hall_day(at, 0);
  t.number = std::move(number);
  t.origin = t.number.substr(0, 1);
  Visit v;
  v.service = t.origin;
  v.state = TicketState::done;
  v.window = window;
  v.clerk = std::move(clerk);
  v.ended_at = at;
  t.visits.push_back(v);
  return t;
}

RatingAnswer answer(RatingLevel level, std::vector<std::string> reasons = {}) {
  RatingAnswer a;
  a.level = level;
  a.reasons = std::move(reasons);
  return a;
}

std::vector<std::string> rating_kinds(const Changes& c) {
  std::vector<std::string> k;
  for (const auto& e : c.events) k.push_back(e.kind);
  return k;
}

}  // namespace

TEST_CASE("a finished visit is offered at its window once, for pad_seconds, and rated once") {
  HallConfig h = rating_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));  // Monday
  RatingBook book(h, clock);
  const Rating& offered = book.offer(finished("A001", 3, "c3", clock.now()), "");
  CHECK_FALSE(offered.level);
  Changes c = book.take_changes();
  REQUIRE(c.ratings.size() == 1);  // "not rated" is on record from the start
  CHECK(c.ratings[0].ticket == "A001");
  CHECK(c.ratings[0].clerk == "c3");
  REQUIRE(book.offered_at(3));
  CHECK_FALSE(book.offered_at(4));

  // Another window's pad, or another ticket, cannot rate it.
  CHECK(book.rate_at_window(4, "A001", answer(RatingLevel::satisfied)).error().code == Code::not_found);
  CHECK(book.rate_at_window(3, "A002", answer(RatingLevel::satisfied)).error().code == Code::not_found);

  clock.advance(10s);
  auto r = book.rate_at_window(3, "A001", answer(RatingLevel::very_satisfied));
  REQUIRE(r.ok());
  CHECK(*r.value()->level == RatingLevel::very_satisfied);
  CHECK(r.value()->followup == 0);
  CHECK(rating_kinds(book.take_changes()) == std::vector<std::string>{"rated"});
  CHECK_FALSE(book.offered_at(3));
  auto again = book.rate_at_window(3, "A001", answer(RatingLevel::dissatisfied, {"attitude"}));
  CHECK(again.error().code == Code::invalid_state);
  CHECK(again.error().message.find("already rated") != std::string::npos);

  // No touch within pad_seconds: the pad no longer offers it, and it stays
  // "not rated", never counted as satisfied.
  book.offer(finished("A002", 3, "c3", clock.now()), "");
  clock.advance(31s);
  CHECK_FALSE(book.offered_at(3));
  // A citizen still touching the page (choosing reasons) may finish, up to
  // kPadTouchedLimit × pad_seconds after the finish; after that, never.
  clock.advance(std::chrono::seconds(30 * RatingBook::kPadTouchedLimit - 31));
  auto late = book.rate_at_window(3, "A002", answer(RatingLevel::very_satisfied));
  CHECK(late.error().code == Code::invalid_state);
  CHECK(late.error().message.find("passed") != std::string::npos);
  book.offer(finished("A003", 3, "c3", clock.now()), "");
  clock.advance(std::chrono::seconds(30 * RatingBook::kPadTouchedLimit - 1));
  CHECK_FALSE(book.offered_at(3));
  CHECK(book.rate_at_window(3, "A003", answer(RatingLevel::satisfied)).ok());
  RatingToday t = book.figures_today();
  CHECK(t.offered == 3);
  CHECK(t.rated == 2);
  CHECK(t.levels[4] == 1);
  CHECK(t.levels[3] == 1);
  CHECK(t.satisfaction_permille() == 1000);
}

TEST_CASE("a bad rating needs a known reason and opens a follow-up due in working days") {
  HallConfig h = rating_hall();
  h.ratings.rectify_workdays = 3;
  ManualClock clock(from_local({2026, 12, 1}, 10 * 60));  // Tuesday; Thursday the 3rd is closed
  RatingBook book(h, clock);
  book.offer(finished("B007", 2, "c2", clock.now()), "F-20261201-0001");
  book.take_changes();
  CHECK(book.rate_at_window(2, "B007", answer(RatingLevel::very_dissatisfied)).error().code == Code::bad_request);
  CHECK(book.rate_at_window(2, "B007", answer(RatingLevel::very_dissatisfied, {"rude"})).error().code ==
        Code::bad_request);
  RatingAnswer with_phone = answer(RatingLevel::very_dissatisfied, {"attitude", "waited_too_long"});
  with_phone.phone_sealed = "sealed-bytes";
  with_phone.phone_masked = "138****5678";
  auto r = book.rate_at_window(2, "B007", with_phone);
  REQUIRE(r.ok());
  CHECK(r.value()->case_number == "F-20261201-0001");
  const Followup* f = book.followup(r.value()->followup);
  REQUIRE(f);
  CHECK(f->state == FollowupState::open);
  CHECK(f->callback_due == LocalDate{2026, 12, 2});
  CHECK(f->rectify_due == LocalDate{2026, 12, 7});  // Wed, (Thu closed), Fri, Mon
  CHECK(f->phone_masked == "138****5678");
  Changes c = book.take_changes();
  CHECK(rating_kinds(c) == std::vector<std::string>{"rated", "followup_opened"});
  CHECK(c.followups.size() == 1);
  CHECK(book.bad_since(clock.now() - 1min).size() == 1);

  // A good rating carries no reasons or phone.
  book.offer(finished("B008", 2, "c2", clock.now()), "");
  RatingAnswer odd = answer(RatingLevel::satisfied, {"attitude"});
  CHECK(book.rate_at_window(2, "B008", odd).error().code == Code::bad_request);
}

TEST_CASE("a follow-up goes open → contacted → rectified → closed with notes, and is overdue past its dates") {
  HallConfig h = rating_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));  // Monday
  RatingBook book(h, clock);
  book.offer(finished("C001", 1, "c1", clock.now()), "");
  RatingAnswer a = answer(RatingLevel::dissatisfied, {"efficiency"});
  a.phone_sealed = "x";
  a.phone_masked = "139****0000";
  std::int64_t id = book.rate_at_window(1, "C001", a).value()->followup;
  book.take_changes();
  CHECK_FALSE(book.overdue(*book.followup(id)));
  clock.set(from_local({2026, 12, 2}, 9 * 60));  // Wednesday: the call-back was due Tuesday
  CHECK(book.overdue(*book.followup(id)));
  CHECK(book.figures_today().overdue_followups == 1);

  CHECK(book.update_followup(id, FollowupState::closed, "done", "guide-1").error().code == Code::invalid_state);
  CHECK(book.update_followup(id, FollowupState::contacted, "", "guide-1").error().code == Code::bad_request);
  CHECK(book.update_followup(id + 1, FollowupState::contacted, "x", "guide-1").error().code == Code::not_found);
  REQUIRE(book.update_followup(id, FollowupState::contacted, "called, the wait was long", "guide-1").ok());
  CHECK_FALSE(book.overdue(*book.followup(id)));  // called back; rectification due in 15 working days
  REQUIRE(book.update_followup(id, FollowupState::rectified, "second window opened at 9", "admin").ok());
  auto closed = book.update_followup(id, FollowupState::closed, "citizen satisfied", "guide-1");
  REQUIRE(closed.ok());
  CHECK(closed.value()->notes.size() == 3);
  CHECK(closed.value()->phone_sealed.empty());  // deleted when the follow-up closes
  CHECK(closed.value()->phone_masked.empty());
  CHECK(rating_kinds(book.take_changes()) ==
        std::vector<std::string>{"followup_contacted", "followup_rectified", "followup_closed"});
  CHECK(book.followups(true).empty());
  CHECK(book.followups(false).size() == 1);
}

TEST_CASE("a visit not rated at the pad may be rated by phone within a week, once, and restore keeps it all") {
  HallConfig h = rating_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));
  RatingBook book(h, clock);
  book.offer(finished("A010", 3, "c3", clock.now()), "");
  book.offer(finished("A011", 3, "c3", clock.now()), "");  // A010's pad offer is over: A011 is at the window
  CHECK(book.rate_at_window(3, "A010", answer(RatingLevel::satisfied)).error().code == Code::not_found);
  Changes saved = book.take_changes();
  REQUIRE(saved.ratings.size() == 2);

  // After a restart, from what the store kept.
  RatingBook again(h, clock);
  again.restore(saved.ratings, {}, 2, 0);
  clock.set(from_local({2026, 12, 4}, 15 * 60));
  RatingAnswer phone = answer(RatingLevel::basically_satisfied);
  phone.channel = RatingChannel::phone;
  auto r = again.rate_visit({2026, 11, 30}, "A010", phone);
  REQUIRE(r.ok());
  CHECK(r.value()->channel == RatingChannel::phone);
  CHECK(again.rate_visit({2026, 11, 30}, "A010", phone).error().code == Code::invalid_state);
  clock.set(from_local({2026, 12, 8}, 9 * 60));
  CHECK(again.rate_visit({2026, 11, 30}, "A011", phone).error().code == Code::invalid_state);  // too late
  CHECK(again.rate_visit({2026, 11, 30}, "A099", phone).error().code == Code::not_found);
  CHECK(again.offer(finished("A012", 3, "c3", clock.now()), "").id == 3);  // ids go on
}

TEST_CASE("today's figures: per window and per clerk, satisfaction over rated visits only") {
  HallConfig h = rating_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));
  RatingBook book(h, clock);
  struct Visit {
    const char* number;
    int window;
    const char* clerk;
    std::optional<RatingLevel> level;
  };
  const Visit day[] = {{"A001", 1, "c1", RatingLevel::very_satisfied},
                       {"A002", 1, "c1", RatingLevel::satisfied},
                       {"A003", 1, "c1", std::nullopt},
                       {"A004", 2, "c2", RatingLevel::basically_satisfied},
                       {"A005", 2, "c2", RatingLevel::very_dissatisfied},
                       {"A006", 2, "c2", std::nullopt}};
  for (const auto& v : day) {
    book.offer(finished(v.number, v.window, v.clerk, clock.now()), "");
    if (v.level)
      REQUIRE(book.rate_at_window(
                      v.window, v.number,
                      answer(*v.level, bad(*v.level) ? std::vector<std::string>{"other"} : std::vector<std::string>{}))
                  .ok());
    clock.advance(1min);
  }
  RatingToday all = book.figures_today();
  CHECK(all.offered == 6);
  CHECK(all.rated == 4);
  CHECK(all.satisfaction_permille() == 750);
  CHECK(all.open_followups == 1);
  RatingToday c1 = book.figures_today(0, "c1");
  CHECK(c1.offered == 3);
  CHECK(c1.rated == 2);
  CHECK(c1.satisfaction_permille() == 1000);
  RatingToday w2 = book.figures_today(2);
  CHECK(w2.levels[0] == 1);
  CHECK(w2.levels[2] == 1);
  CHECK(w2.satisfaction_permille() == 500);
}
