// A recorded day replayed (hallq-sim --replay-day): its citizens, windows and clerks' moments read
// from a real hall database written through the server's own store (or a hand-made record), played
// as it was and changed ("what if").
#include <doctest/doctest.h>

#include <algorithm>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/config/i18n.hpp"
#include "core/sim/history.hpp"
#include "core/sim/report.hpp"
#include "core/sim/simulator.hpp"
#include "server/store_tickets.hpp"
#include "tests/support/history.hpp"
#include "tests/support/process.hpp"

using namespace hallq;

namespace {
// hallq-sim's words in English, as it loads them for --language en.
const config::Translations& english() {
  static const config::Translations en = config::Translations::load(test::source_path("assets/i18n"), "en");
  return en;
}
}  // namespace

namespace {
// Three windows staffed all day (window 1 at lunch 12:00-13:00) and a fourth never staffed; A at
// every window, B at 2, 3 and 4; some citizens give up, some are sent from A to B, some do not come.
struct ReplayHall {
  test::TempDir dir;
  std::string db = dir.path("hall.db");
  domain::HallConfig hall;
  sim::Model model;
  ReplayHall() {
    hall.id = "replay";
    hall.hours = {{8 * 60 + 30, 17 * 60}};
    for (const char* code : {"A", "B"}) {
      domain::Service s;
      s.code = code;
      s.names = {code, code, code};
      s.minutes = code[0] == 'A' ? 10 : 6;
      hall.services.push_back(s);
    }
    for (int n = 1; n <= 4; ++n) {
      domain::Window w;
      w.number = n;
      w.services = n == 1 ? std::vector<std::pair<std::string, int>>{{"A", 1}}
                          : std::vector<std::pair<std::string, int>>{{"A", 1}, {"B", 1}};
      hall.windows.push_back(w);
    }
    sim::ServiceModel a, b;
    a.code = "A";
    b.code = "B";
    for (int wd = 1; wd <= 5; ++wd)
      for (int slot = 34; slot < 68; ++slot) {
        a.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = slot < 44 ? 22 : 14;
        b.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = 6;
      }
    a.time = {sim::ServiceTime::Kind::lognormal, 420, 0.5, {}};
    b.time = {sim::ServiceTime::Kind::lognormal, 300, 0.5, {}};
    a.no_show = 0.05;
    a.transfer = 0.1;
    a.transfer_to = "B";
    a.patience_s = b.patience_s = 40 * 60;
    model.services = {a, b};
    model.shifts = {{1, {}, 8 * 60 + 30, 17 * 60, {{12 * 60, 13 * 60}}, {}},
                    {2, {}, 8 * 60 + 30, 17 * 60, {}, {}},
                    {3, {}, 8 * 60 + 30, 17 * 60, {}, {}}};
    model.start = {2026, 11, 2};  // Monday to Wednesday
    model.days = 3;
    model.seed = 11;
    test::write_history(db, hall, model);
  }
};
}  // namespace

TEST_CASE(
    "history: a recorded day replayed as it was gives back its waits, and a window more or other skills change them") {
  ReplayHall h;
  const domain::LocalDate tuesday{2026, 11, 3};
  auto db = sim::open_history(h.db);
  std::vector<domain::Ticket> tickets = server::read_tickets(*db, tuesday.str());
  REQUIRE(tickets.size() > 150);
  sim::RecordedDay day = sim::recorded_day(*db, h.hall, tuesday, tickets);
  CHECK(day.day == tuesday);
  CHECK(day.citizens.size() == tickets.size());
  int left = 0, sent = 0, no_shows = 0;
  for (const auto& c : day.citizens) {
    left += c.visits.front().end == sim::RecordedVisit::End::left;
    no_shows += c.visits.front().end == sim::RecordedVisit::End::no_show;
    sent += c.visits.front().end == sim::RecordedVisit::End::transferred;
    if (c.visits.front().end == sim::RecordedVisit::End::transferred) {
      REQUIRE(c.visits.size() == 2);
      CHECK(c.visits[1].service == "B");
    }
  }
  CHECK(left > 0);
  CHECK(sent > 0);
  CHECK(no_shows > 0);
  // The windows as staffed, from the audit log: three, from the opening to after the last served at
  // closing, window 1's lunch from when its visit then ended.
  REQUIRE(day.shifts.size() == 3);
  for (const auto& s : day.shifts) {
    INFO("window " << s.window);
    CHECK(s.from == 8 * 60 + 30);
    CHECK(s.to >= 17 * 60);
    CHECK(s.breaks.size() == (s.window == 1 ? 1U : 0U));
  }
  const auto& lunch =
      std::find_if(day.shifts.begin(), day.shifts.end(), [](const auto& s) { return s.window == 1; })->breaks;
  REQUIRE(lunch.size() == 1);
  CHECK(lunch[0].from >= 12 * 60);
  CHECK(lunch[0].from < 12 * 60 + 40);
  CHECK(lunch[0].to == 13 * 60);

  // Replayed as it was: each visit as long as it was, the same windows, the same leaving. Here the
  // waits come back to the millisecond, since the day was itself played by the simulator; a real
  // hall's clerks take a moment between visits, which the replay's do not, so its waits come back
  // a little shorter (docs/simulation.md). The margins are for shifts in whole minutes and for the
  // order among several windows free at once.
  sim::Model fitted = sim::fit_history(h.db, h.hall, 20);
  sim::Model replay = fitted;
  replay.replay = std::make_shared<sim::RecordedDay>(day);
  replay.shifts = day.shifts;
  sim::Result as_was = sim::simulate(h.hall, replay);
  sim::RecordedWaits recorded = sim::recorded_waits(day, h.hall, as_was.target_s);
  REQUIRE(as_was.dates == std::vector<domain::LocalDate>{tuesday});
  REQUIRE(recorded.services.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& [code, was] = recorded.services[i];
    const sim::ServiceResult& is = as_was.services[i];
    INFO(code << ": recorded " << was.called << " called, mean " << was.mean_s << " s, missed " << was.missed
              << "; replayed " << is.waits.called << ", " << is.waits.mean_s << " s, missed " << is.waits.missed);
    CHECK(is.code == code);
    CHECK(std::abs(is.waits.called - was.called) <= 3);
    CHECK(std::abs(is.waits.missed - was.missed) <= 3);
    CHECK(is.waits.mean_s == doctest::Approx(was.mean_s).epsilon(0.05));
  }
  CHECK(as_was.waits.mean_s == doctest::Approx(recorded.all.mean_s).epsilon(0.05));
  CHECK(as_was.tickets == static_cast<int>(day.citizens.size()));

  // What if window 4 had opened at 10:00: every service waits less, fewer give up.
  sim::Model more = replay;
  more.shifts.push_back({4, {}, 10 * 60, 17 * 60, {}, {}});
  sim::Result with_four = sim::simulate(h.hall, more);
  INFO("mean wait " << as_was.waits.mean_s << " s as it was, " << with_four.waits.mean_s << " s with window 4");
  CHECK(with_four.waits.mean_s < 0.8 * as_was.waits.mean_s);
  CHECK(with_four.waits.missed <= as_was.waits.missed);
  CHECK(with_four.tickets == as_was.tickets);  // the same citizens
  // What if window 1's clerk had taken B too (a clerk of other skills moved there): B waits less.
  sim::Model skills = replay;
  skills.windows = {{1, {{"A", 1}, {"B", 1}}}};
  sim::Result moved = sim::simulate(h.hall, skills);
  INFO("B's mean wait " << as_was.services[1].waits.mean_s << " s as it was, " << moved.services[1].waits.mean_s
                        << " s with window 1 taking B");
  CHECK(moved.services[1].waits.mean_s < as_was.services[1].waits.mean_s);

  // Shown beside each other, in the table's language.
  sim::ReplayReport report{&day, recorded, {}};
  std::string text = sim::format_replay_text(report, as_was, h.hall, english());
  INFO(text);
  CHECK(text.find("replay of 2026-11-03: its " + std::to_string(day.citizens.size()) +
                  " citizens as they came, each visit as it went; the windows as staffed that day\n") == 0);
  CHECK(text.find("\nservice A (A)\n  as recorded: wait mean ") != std::string::npos);
  CHECK(text.find("\n  replayed:    wait mean ") != std::string::npos);
  // Those never called beside the waits of those who were, on both lines (some gave up that day).
  REQUIRE(recorded.all.missed > 0);
  CHECK(text.find("% within target, " + std::to_string(recorded.all.missed) + " never called\n  replayed:") !=
        std::string::npos);
  CHECK(text.find("% within target, " + std::to_string(as_was.waits.missed) + " never called\n",
                  text.rfind("replayed:")) != std::string::npos);
  auto json = nlohmann::json::parse(sim::format_json(as_was, nullptr, &report));
  CHECK(json["replay"]["day"] == "2026-11-03");
  CHECK(json["replay"]["shifts"] == "recorded");
  CHECK(json["replay"]["recorded"]["services"][0]["code"] == "A");
  CHECK(json["replay"]["recorded"]["waits"]["called"] == recorded.all.called);
  // A day without tickets has nothing to replay.
  CHECK_THROWS_AS(sim::recorded_day(*db, h.hall, {2026, 11, 5}, {}), sim::ModelError);
}

TEST_CASE("history: a recorded day's windows and clerks' moments between citizens, read from a hand-made record") {
  using namespace std::chrono_literals;
  const domain::LocalDate day{2026, 11, 24};
  domain::HallConfig hall;
  hall.id = "hand";
  hall.hours = {{9 * 60, 17 * 60}};
  domain::Service a;
  a.code = "A";
  a.names = {"A", "A", "A"};
  hall.services.push_back(a);
  for (int n = 1; n <= 2; ++n) {
    domain::Window w;
    w.number = n;
    w.services = {{"A", 1}};
    hall.windows.push_back(w);
  }
  auto at = [&](int hour, int minute, int second = 0) {
    return domain::from_local(day, hour * 60 + minute) + std::chrono::seconds(second);
  };
  std::uint64_t seq = 0;
  auto ticket = [&](domain::TimePoint came, domain::TimePoint called, domain::TimePoint ended, int window) {
    domain::Ticket t;
    t.ordinal = ++seq;
    t.number = "A00" + std::to_string(seq);
    t.origin = "A";
    t.priority = "normal";
    t.issued_at = came;
    domain::Visit v;
    v.service = "A";
    v.enqueued_at = v.order_at = came;
    v.called_at = v.last_call_at = called;
    v.ended_at = ended;
    v.window = window;
    v.call_seq = window > 0 ? seq : 0;
    v.state = window > 0 ? domain::TicketState::done : domain::TicketState::waiting;
    t.visits.push_back(v);
    return t;
  };
  std::vector<domain::Ticket> tickets = {
      ticket(at(9, 0), at(9, 0), at(9, 5), 1),        // then a minute's pause of the clerk's own, A002 waiting
      ticket(at(9, 1), at(9, 6), at(9, 10), 1),       // then the window waits for A003 to come: no moment
      ticket(at(9, 20), at(9, 20), at(9, 25), 1),     // then a pause (recorded): no moment either
      ticket(at(9, 21), at(9, 40), at(9, 50, 30), 1)  // the last before a logout with A005 waiting
  };
  tickets.push_back(ticket(at(9, 45), {}, {}, 0));  // never called
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(
      "CREATE TABLE events(id INTEGER PRIMARY KEY, day TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, "
      "number TEXT, window INTEGER, service TEXT, clerk TEXT, detail TEXT)");
  auto event = [&](domain::TimePoint when, const char* kind, int window) {
    SQLite::Statement q(db, "INSERT INTO events(day, at, kind, window) VALUES(?, ?, ?, ?)");
    q.bind(1, day.str());
    q.bind(2, domain::to_unix_ms(when));
    q.bind(3, kind);
    q.bind(4, window);
    q.exec();
  };
  event(at(9, 0), "login", 1);
  event(at(9, 26), "paused", 1);
  event(at(9, 39), "resumed", 1);
  event(at(9, 51), "logout", 1);     // half a minute after A004 ended, A005 waiting: stopped at A004's call
  event(at(9, 51, 20), "login", 1);  // the next clerk, within the same minute
  event(at(9, 0), "login", 2);
  event(at(16, 30), "logout", 2);  // nobody waiting for long: there until the logout

  sim::RecordedDay rd = sim::recorded_day(db, hall, day, tickets);
  REQUIRE(rd.citizens.size() == 5);
  CHECK(rd.citizens[0].visits[0].gap_ms == 60'000);
  CHECK(rd.citizens[1].visits[0].gap_ms == 0);
  CHECK(rd.citizens[2].visits[0].gap_ms == 0);
  CHECK(rd.citizens[3].visits[0].gap_ms == 0);
  CHECK(rd.citizens[4].visits[0].end == sim::RecordedVisit::End::unserved);
  REQUIRE(rd.shifts.size() == 3);
  // Window 1 until A004's call (09:40), its pause a break; the next clerk from then, to the closing.
  CHECK(rd.shifts[0].window == 1);
  CHECK(rd.shifts[0].from == 9 * 60);
  CHECK(rd.shifts[0].to == 9 * 60 + 40);
  REQUIRE(rd.shifts[0].breaks.size() == 1);
  CHECK(rd.shifts[0].breaks[0] == domain::Interval{9 * 60 + 26, 9 * 60 + 39});
  CHECK(rd.shifts[1].window == 2);
  CHECK(rd.shifts[1].to == 16 * 60 + 30);
  CHECK(rd.shifts[2].window == 1);
  CHECK(rd.shifts[2].from == 9 * 60 + 51);
  CHECK(rd.shifts[2].to == 17 * 60);
  // Replayed, the clerk takes that minute again before calling A002: its wait is the record's five
  // minutes, not four (window 2 is idle, but A002 came when window 1 was the only one that calls).
  auto a002_wait = [&](const sim::RecordedDay& played) {
    sim::Model m;
    m.replay = std::make_shared<sim::RecordedDay>(played);
    m.shifts = played.shifts;
    m.shifts.erase(std::remove_if(m.shifts.begin(), m.shifts.end(), [](const auto& s) { return s.window == 2; }),
                   m.shifts.end());
    std::int64_t wait_ms = -1;
    sim::simulate(hall, m, [&](domain::Changes&& c, domain::LocalDate) {
      for (const auto& t : c.tickets)
        if (t.number == "A002" && t.visits[0].call_seq > 0)
          wait_ms = domain::to_unix_ms(t.visits[0].called_at) - domain::to_unix_ms(t.visits[0].enqueued_at);
    });
    return wait_ms;
  };
  CHECK(a002_wait(rd) == 300'000);
  sim::RecordedDay no_moments = rd;
  for (auto& c : no_moments.citizens)
    for (auto& v : c.visits) v.gap_ms = 0;
  CHECK(a002_wait(no_moments) == 240'000);
  // A logout and the next login in one minute make shifts that do not overlap, among many shifts
  // (twenty short ones at window 2 after its logout) as among few.
  event(at(9, 51, 40), "logout", 1);  // both shifts start in minute 09:51
  event(at(9, 51, 50), "login", 1);
  for (int k = 0; k < 20; ++k) {
    event(at(16, 31 + k, 0), "login", 2);
    event(at(16, 31 + k, 30), "logout", 2);
  }
  sim::RecordedDay again = sim::recorded_day(db, hall, day, tickets);
  std::vector<domain::Shift> ones;
  for (const auto& s : again.shifts)
    if (s.window == 1) ones.push_back(s);
  REQUIRE(ones.size() == 3);
  for (std::size_t i = 1; i < ones.size(); ++i) CHECK(ones[i].from >= ones[i - 1].to);
  CHECK(ones.back().to == 17 * 60);
  // A pause in the very millisecond A001 ended (one due while it went on) is across the minute
  // before A002's call: no moment of the clerk's own.
  event(at(9, 5), "paused", 1);
  event(at(9, 5, 50), "resumed", 1);
  CHECK(sim::recorded_day(db, hall, day, tickets).citizens[0].visits[0].gap_ms == 0);
}

TEST_CASE("history: a no-show put back, a guide's move and a transfer to a window are replayed as they went") {
  using namespace std::chrono_literals;
  using domain::TicketState;
  const domain::LocalDate day{2026, 11, 25};
  domain::HallConfig hall;
  hall.id = "hand";
  hall.hours = {{9 * 60, 17 * 60}};
  for (const char* code : {"A", "B"}) {
    domain::Service s;
    s.code = code;
    s.names = {code, code, code};
    hall.services.push_back(s);
  }
  for (int n = 1; n <= 3; ++n) {  // window 3 staffed only in a "what if"
    domain::Window w;
    w.number = n;
    w.services = n == 1 ? std::vector<std::pair<std::string, int>>{{"A", 1}}
                        : std::vector<std::pair<std::string, int>>{{"A", 1}, {"B", 1}};
    hall.windows.push_back(w);
  }
  auto at = [&](int hour, int minute, int second = 0) {
    return domain::from_local(day, hour * 60 + minute) + std::chrono::seconds(second);
  };
  std::uint64_t seq = 0, calls = 0;
  auto visit = [&](const char* service, domain::TimePoint queued, TicketState state, domain::TimePoint called,
                   domain::TimePoint ended, int window, int target = 0) {
    domain::Visit v;
    v.service = service;
    v.target_window = target;
    v.enqueued_at = v.order_at = queued;
    v.state = state;
    v.ended_at = ended;
    if (window > 0) {
      v.called_at = v.last_call_at = called;
      v.window = window;
      v.call_seq = ++calls;
    }
    return v;
  };
  auto ticket = [&](const char* number, const char* service, domain::TimePoint came, std::vector<domain::Visit> v) {
    domain::Ticket t;
    t.ordinal = ++seq;
    t.number = number;
    t.origin = service;
    t.priority = "normal";
    t.issued_at = came;
    t.visits = std::move(v);
    return t;
  };
  const domain::TimePoint never{};
  std::vector<domain::Ticket> tickets = {
      // Not there when called at 09:00; came back at 09:04, put back in the queue, served at 09:09.
      ticket("A001", "A", at(9, 0),
             {visit("A", at(9, 0), TicketState::no_show, at(9, 0), at(9, 1), 1),
              visit("A", at(9, 4), TicketState::done, at(9, 9), at(9, 15), 1)}),
      ticket("B001", "B", at(9, 0), {visit("B", at(9, 0), TicketState::done, at(9, 0), at(9, 10), 2)}),
      // Served at window 1, then sent to window 2 itself (a transfer to a window): called there
      // first as it came free, before anyone waiting for a service.
      ticket("A002", "A", at(9, 0, 10),
             {visit("A", at(9, 0, 10), TicketState::transferred, at(9, 1), at(9, 9), 1),
              visit("A", at(9, 9), TicketState::done, at(9, 10), at(9, 14), 2, 2)}),
      // Took A by mistake; a guide sent it to B at 09:02:20, still waiting.
      ticket("A003", "A", at(9, 0, 20),
             {visit("A", at(9, 0, 20), TicketState::transferred, never, at(9, 2, 20), 0),
              visit("B", at(9, 2, 20), TicketState::done, at(9, 14), at(9, 20), 2)}),
      // Not there when called at 09:15; came back at 09:18, and left again at 09:19:30 before
      // either window was free.
      ticket("A004", "A", at(9, 0, 30),
             {visit("A", at(9, 0, 30), TicketState::no_show, at(9, 15), at(9, 16), 1),
              visit("A", at(9, 18), TicketState::cancelled, never, at(9, 19, 30), 0)}),
      ticket("A005", "A", at(9, 16, 30), {visit("A", at(9, 16, 30), TicketState::done, at(9, 16, 30), at(9, 30), 1)}),
  };
  tickets[4].visits[1].reason = "cancelled";
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(
      "CREATE TABLE events(id INTEGER PRIMARY KEY, day TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, "
      "number TEXT, window INTEGER, service TEXT, clerk TEXT, detail TEXT)");
  for (int window : {1, 2}) {
    SQLite::Statement q(db, "INSERT INTO events(day, at, kind, window) VALUES(?, ?, ?, ?), (?, ?, ?, ?)");
    q.bind(1, day.str());
    q.bind(2, domain::to_unix_ms(at(9, 0)));
    q.bind(3, "login");
    q.bind(4, window);
    q.bind(5, day.str());
    q.bind(6, domain::to_unix_ms(at(16, 30)));
    q.bind(7, "logout");
    q.bind(8, window);
    q.exec();
  }

  using End = sim::RecordedVisit::End;
  sim::RecordedDay rd = sim::recorded_day(db, hall, day, tickets);
  REQUIRE(rd.citizens.size() == 6);
  REQUIRE(rd.citizens[0].visits.size() == 2);
  CHECK(rd.citizens[0].visits[0].end == End::no_show);
  CHECK(rd.citizens[0].visits[0].back_after_ms == 180'000);
  CHECK(rd.citizens[0].visits[1].waited_ms == 300'000);
  REQUIRE(rd.citizens[2].visits.size() == 2);
  CHECK(rd.citizens[2].visits[0].end == End::transferred);
  CHECK(rd.citizens[2].visits[1].window == 2);
  REQUIRE(rd.citizens[3].visits.size() == 2);
  CHECK(rd.citizens[3].visits[0].end == End::moved);
  CHECK(rd.citizens[3].visits[0].waited_ms == 120'000);
  CHECK(rd.citizens[3].visits[1].service == "B");
  REQUIRE(rd.citizens[4].visits.size() == 2);
  CHECK(rd.citizens[4].visits[0].back_after_ms == 120'000);
  CHECK(rd.citizens[4].visits[1].end == End::left);
  CHECK(rd.citizens[4].visits[1].waited_ms == 90'000);
  // The wait in the queue a guide moved it from is no wait for anything: six visits called for A
  // (A001 twice), two for B; A004's second visit gave up. Moved away from, A has no row of its own.
  sim::RecordedWaits recorded = sim::recorded_waits(rd, hall, 20 * 60);
  CHECK(recorded.all.called == 8);
  CHECK(recorded.all.missed == 1);
  CHECK(recorded.services.size() == 2);

  // Replayed as it was: the same ticket, put back as late; moved after the same wait; sent to the
  // same window.
  sim::Model m;
  m.replay = std::make_shared<sim::RecordedDay>(rd);
  m.shifts = rd.shifts;
  std::map<std::string, domain::Ticket> played;
  sim::Result r = sim::simulate(hall, m, [&](domain::Changes&& c, domain::LocalDate) {
    for (auto& t : c.tickets) played[t.number] = t;
  });
  CHECK(r.tickets == 6);
  REQUIRE(played.count("A001") == 1);
  const domain::Ticket& a001 = played["A001"];
  REQUIRE(a001.visits.size() == 2);
  CHECK(a001.visits[0].state == TicketState::no_show);
  CHECK(a001.visits[1].enqueued_at == at(9, 4));
  CHECK(a001.visits[1].state == TicketState::done);
  const domain::Ticket& a003 = played["A003"];
  REQUIRE(a003.visits.size() == 2);
  CHECK(a003.visits[0].service == "A");
  CHECK(a003.visits[0].call_seq == 0);
  CHECK(a003.visits[1].service == "B");
  CHECK(a003.visits[1].enqueued_at == at(9, 2, 20));
  CHECK(a003.visits[1].state == TicketState::done);
  const domain::Ticket& a002 = played["A002"];
  REQUIRE(a002.visits.size() == 2);
  CHECK(a002.visits[0].state == TicketState::transferred);
  CHECK(a002.visits[1].target_window == 2);
  CHECK(a002.visits[1].window == 2);
  CHECK(a002.visits[1].state == TicketState::done);
  const domain::Ticket& a004 = played["A004"];
  REQUIRE(a004.visits.size() == 2);
  CHECK(a004.visits[1].enqueued_at == at(9, 18));
  CHECK(a004.visits[1].state == TicketState::cancelled);
  CHECK(a004.visits[1].ended_at == at(9, 19, 30));
  // Each visit's wait as recorded (the engine called in the same order the record did).
  CHECK(r.waits.called == recorded.all.called);
  CHECK(r.waits.missed == recorded.all.missed);
  CHECK(r.waits.mean_s == doctest::Approx(recorded.all.mean_s));
  // What if window 2 had not been staffed: A002 is sent to a window nobody serves, and waits to the
  // end of the day; the others are called at window 1, B001 and A003's B never; A004 gives up again.
  auto without = [&](int window) {
    sim::Model changed = m;
    changed.shifts.erase(
        std::remove_if(changed.shifts.begin(), changed.shifts.end(), [&](const auto& s) { return s.window == window; }),
        changed.shifts.end());
    return changed;
  };
  sim::Result r1 = sim::simulate(hall, without(2));
  CHECK(r1.waits.called == 5);  // A001 twice, A002 at window 1, A004, A005
  CHECK(r1.waits.missed == 4);  // B001, A003 for B, A002 for window 2, A004 back
  // What if window 1 had not been staffed: A002 is served at window 2, which it was sent to; its
  // clerk goes on with it for the four minutes window 2 took, before calling anyone else.
  std::map<std::string, domain::Ticket> at_two;
  sim::simulate(hall, without(1), [&](domain::Changes&& c, domain::LocalDate) {
    for (auto& t : c.tickets) at_two[t.number] = t;
  });
  const domain::Ticket& served = at_two["A002"];
  REQUIRE(served.visits.size() == 1);
  CHECK(served.visits[0].state == TicketState::done);
  domain::TimePoint next_call = domain::TimePoint::max();
  for (const auto& [number, t] : at_two)
    for (const auto& v : t.visits)
      if (v.call_seq > 0 && v.called_at >= served.visits[0].ended_at) next_call = std::min(next_call, v.called_at);
  CHECK(next_call >= served.visits[0].ended_at + 4min);
  // What if window 3 had been open from 09:00: A003 is called for A as A001's no-show ends, before
  // the guide would have moved it, and is served for A.
  sim::Model three = m;
  three.shifts.push_back({3, {}, 9 * 60, 17 * 60, {}, {}});
  std::map<std::string, domain::Ticket> with_three;
  sim::simulate(hall, three, [&](domain::Changes&& c, domain::LocalDate) {
    for (auto& t : c.tickets) with_three[t.number] = t;
  });
  const domain::Ticket& unmoved = with_three["A003"];
  REQUIRE(unmoved.visits.size() == 1);
  CHECK(unmoved.visits[0].service == "A");
  CHECK(unmoved.visits[0].call_seq > 0);
  CHECK(unmoved.visits[0].called_at < at(9, 2, 20));
  CHECK(unmoved.visits[0].state == TicketState::done);
}
