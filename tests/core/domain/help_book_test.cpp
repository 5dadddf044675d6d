#include "core/domain/help_book.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace hallq::domain;
using namespace std::chrono_literals;

namespace {

HallConfig help_hall() {
  HallConfig h;
  h.id = "t";
  Service a;
  a.code = "A";
  h.services.push_back(a);
  return h;
}

std::vector<std::string> help_kinds(const Changes& c) {
  std::vector<std::string> k;
  for (const auto& e : c.events) k.push_back(e.kind);
  return k;
}

HelpdeskEntry draft(std::string topic, std::string answer, bool followup = false) {
  HelpdeskEntry e;
  e.topic = std::move(topic);
  e.answer = std::move(answer);
  e.followup = followup;
  return e;
}

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("a kiosk's call for a guide is one call until taken, taken once, and belongs to its day") {
  HallConfig h = help_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));
  HelpBook book(h, clock);
  const HelpRequest& first = book.request("kiosk-1");
  const std::int64_t id = first.id;
  CHECK(first.open());
  clock.advance(30s);
  CHECK(book.request("kiosk-1").id == id);  // pressed again: the same call
  CHECK(book.request("kiosk-2").id != id);
  Changes c = book.take_changes();
  CHECK(help_kinds(c) == std::vector<std::string>{"help_requested", "help_requested"});
  REQUIRE(c.help_requests.size() == 2);
  CHECK(book.requests(true).size() == 2);

  clock.advance(60s);
  auto taken = book.take(id, "guide-1");
  REQUIRE(taken);
  CHECK(taken.value()->taken_by == "guide-1");
  CHECK(seconds_between(taken.value()->requested_at, *taken.value()->taken_at) == 90);
  auto again = book.take(id, "guide-2");
  REQUIRE_FALSE(again);
  CHECK(again.error().code == Code::invalid_state);
  CHECK(again.error().message.find("guide-1") != std::string::npos);  // who has it
  CHECK(book.take(999, "guide-2").error().code == Code::not_found);
  c = book.take_changes();
  CHECK(help_kinds(c) == std::vector<std::string>{"help_taken"});
  REQUIRE(c.help_requests.size() == 1);
  CHECK(c.help_requests[0].taken_by == "guide-1");
  CHECK(book.requests(true).size() == 1);
  CHECK(book.request("kiosk-1").id != id);  // a new call once the last was taken

  // The next morning yesterday's calls are nobody's to take.
  std::int64_t yesterday = book.requests(true).front()->id;
  clock.set(from_local({2026, 12, 1}, 8 * 60));
  CHECK(book.requests().empty());
  CHECK(book.take(yesterday, "guide-1").error().code == Code::not_found);
}

TEST_CASE("the register: lengths in characters, the hall's services, follow-ups done once, kept until done") {
  HallConfig h = help_hall();
  ManualClock clock(from_local({2026, 11, 30}, 9 * 60));
  HelpBook book(h, clock);
  CHECK(book.add(draft("", "x"), "guide-1").error().code == Code::bad_request);
  CHECK(book.add(draft("x", ""), "guide-1").error().code == Code::bad_request);
  // 200 Chinese characters fit (600 bytes); 201 do not.
  CHECK(book.add(draft(repeat("问", 200), "答"), "guide-1"));
  CHECK(book.add(draft(repeat("问", 201), "答"), "guide-1").error().code == Code::bad_request);
  CHECK(book.add(draft("q", repeat("答", 501)), "guide-1").error().code == Code::bad_request);
  HelpdeskEntry other = draft("q", "a");
  other.service = "Z";
  CHECK(book.add(other, "guide-1").error().code == Code::bad_request);
  HelpdeskEntry no_followup = draft("q", "a");
  no_followup.phone_sealed = "gcm1$x";
  CHECK(book.add(no_followup, "guide-1").error().code == Code::bad_request);

  HelpdeskEntry call_back = draft("营业执照遗失怎么办", "登报声明后到 A 窗口补办", true);
  call_back.service = "A";
  call_back.phone_sealed = "gcm1$sealed";
  call_back.phone_masked = "138****5678";
  call_back.request_key = "guide-1/k1";
  auto added = book.add(call_back, "guide-1");
  REQUIRE(added);
  const std::int64_t id = added.value()->id;
  CHECK(added.value()->by == "guide-1");
  CHECK(book.add(call_back, "guide-1").value()->id == id);  // the same form sent again
  CHECK(book.entries_today().front()->id == id);            // newest first
  CHECK(help_kinds(book.take_changes()) == std::vector<std::string>{"helpdesk_added", "helpdesk_added"});

  // A day later it is still there to do; entries without one are the store's only.
  clock.set(from_local({2026, 12, 1}, 9 * 60));
  CHECK(book.entries_today().empty());
  REQUIRE(book.earlier_followups().size() == 1);
  CHECK(book.done(id + 100, "guide-2").error().code == Code::not_found);
  CHECK(book.done(id - 1, "guide-2").error().code == Code::not_found);  // yesterday's, nothing to do: let go
  auto done = book.done(id, "guide-2");
  REQUIRE(done);
  CHECK(done.value()->done_by == "guide-2");
  CHECK(done.value()->phone_sealed.empty());
  CHECK(done.value()->phone_masked.empty());
  CHECK(book.done(id, "guide-1").error().code == Code::invalid_state);
  Changes c = book.take_changes();
  CHECK(help_kinds(c) == std::vector<std::string>{"helpdesk_done"});
  REQUIRE(c.helpdesk.size() == 1);
  CHECK(c.helpdesk[0].phone_sealed.empty());
  CHECK(book.earlier_followups().empty());
}
