// Staffing advice: the fewest windows per hour that meet the target, found by
// simulating the day. Replayed on other citizens it meets its target; one
// window fewer at the peak misses it; a specialist window is open whenever its
// service has citizens; on a steady M/M/c day it agrees with Erlang C.
#include "core/sim/staffing.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "core/config/config.hpp"
#include "core/config/i18n.hpp"
#include "core/sim/erlang.hpp"
#include "core/sim/model.hpp"
#include "core/sim/report.hpp"
#include "tests/core/sim/hall_parts.hpp"
#include "tests/support/process.hpp"

using namespace hallq;
using sim::Model;
using sim::ServiceModel;

namespace {

using test::service;

// The advice as hallq-sim prints it, in English (for a failing check's message).
std::string text(const sim::StaffingAdvice& a) {
  static const config::Translations en = config::Translations::load(test::source_path("assets/i18n"), "en");
  return sim::format_staffing_text(a, en);
}
using test::window;

void add_arrivals(ServiceModel& s, double per_hour, int from_minute, int to_minute) {
  for (auto& day : s.per_hour)
    for (int slot = from_minute / sim::kSlotMinutes; slot < to_minute / sim::kSlotMinutes; ++slot)
      day[static_cast<std::size_t>(slot)] = per_hour;
}

ServiceModel model_of(std::string code, double mean_minutes, sim::ServiceTime::Kind kind) {
  ServiceModel s;
  s.code = std::move(code);
  s.time.kind = kind;
  s.time.mean_s = mean_minutes * 60;
  s.time.cv = 0.6;
  return s;
}

// A comprehensive hall as the customer's: windows 1–6 take A, B and C, window 7
// only D (a specialist desk), window 8 only A. 08:30–12:00 and 13:30–17:30.
domain::HallConfig comprehensive_hall() {
  domain::HallConfig h;
  h.id = "staffing-test";
  h.hours = {{510, 720}, {810, 1050}};
  h.services = {service("A", 8), service("B", 10), service("C", 15), service("D", 10)};
  for (int n = 1; n <= 6; ++n) h.windows.push_back(window(n, {{"A", 1}, {"B", 1}, {"C", 1}}));
  h.windows.push_back(window(7, {{"D", 1}}));
  h.windows.push_back(window(8, {{"A", 1}}));
  h.alarms.wait_minutes = 15;
  return h;
}

Model busy_morning() {
  using K = sim::ServiceTime::Kind;
  Model m;
  ServiceModel a = model_of("A", 8, K::lognormal);
  add_arrivals(a, 30, 510, 600);  // the morning rush
  add_arrivals(a, 14, 600, 720);
  add_arrivals(a, 10, 810, 1050);
  ServiceModel b = model_of("B", 10, K::lognormal);
  add_arrivals(b, 6, 510, 720);
  add_arrivals(b, 5, 810, 1050);
  ServiceModel c = model_of("C", 15, K::lognormal);
  add_arrivals(c, 3, 510, 720);
  add_arrivals(c, 3, 810, 1050);
  ServiceModel d = model_of("D", 10, K::lognormal);
  add_arrivals(d, 2, 510, 720);
  add_arrivals(d, 2, 810, 1050);
  m.services = {a, b, c, d};
  m.no_show_wait_s = 60;
  return m;
}

const domain::LocalDate kMonday{2026, 12, 7};

const sim::StaffingHour& hour(const std::vector<sim::StaffingHour>& hours, int h) {
  auto it = std::find_if(hours.begin(), hours.end(), [&](const sim::StaffingHour& r) { return r.hour == h; });
  REQUIRE(it != hours.end());
  return *it;
}

// The advice without window `dropped` in hour h.
std::vector<sim::Shift> without(const sim::StaffingAdvice& a, int dropped, int h) {
  std::vector<sim::Shift> out;
  for (const auto& s : a.shifts) {
    if (s.window != dropped || s.to <= h * 60 || s.from >= (h + 1) * 60) {
      out.push_back(s);
      continue;
    }
    if (s.from < h * 60) out.push_back({s.window, {}, s.from, h * 60, {}, {}});
    if (s.to > (h + 1) * 60) out.push_back({s.window, {}, (h + 1) * 60, s.to, {}, {}});
  }
  return out;
}

// The advice with one window fewer in hour h: the last window of the order open then.
std::vector<sim::Shift> one_fewer(const sim::StaffingAdvice& a, int h) {
  return without(a, a.order[static_cast<std::size_t>(hour(a.hours, h).windows - 1)], h);
}

// Windows 1-5 take M (6 minutes) only, and `desks` more after them S (10 minutes) only; the hall
// closes 11:45-13:00, but S issues on until `s_until` (minutes); a wait of 20 minutes is the target.
domain::HallConfig desk_hall(const char* id, int desks, int s_until) {
  domain::HallConfig hall;
  hall.id = id;
  hall.hours = {{480, 705}, {780, 1020}};
  hall.services = {service("M", 6), service("S", 10)};
  hall.services[1].extended_hours = {{705, s_until}};
  for (int n = 1; n <= 5; ++n) hall.windows.push_back(window(n, {{"M", 1}}));
  for (int n = 6; n < 6 + desks; ++n) hall.windows.push_back(window(n, {{"S", 1}}));
  hall.alarms.wait_minutes = 20;
  return hall;
}

// desk_hall's citizens: M (6 minutes) 30 an hour in the morning and 20 in the afternoon; S (10
// minutes) at `s`, each {per hour, from minute, to minute}.
Model desk_model(std::initializer_list<std::array<double, 3>> s_arrivals) {
  using K = sim::ServiceTime::Kind;
  ServiceModel m = model_of("M", 6, K::lognormal);
  add_arrivals(m, 30, 480, 705);
  add_arrivals(m, 20, 780, 1020);
  ServiceModel s = model_of("S", 10, K::lognormal);
  for (const auto& [per_hour, from, to] : s_arrivals)
    add_arrivals(s, per_hour, static_cast<int>(from), static_cast<int>(to));
  Model model;
  model.services = {m, s};
  return model;
}

}  // namespace

TEST_CASE("staffing: the advice meets its target on other citizens, and one window fewer at the peak does not") {
  domain::HallConfig hall = comprehensive_hall();
  Model model = busy_morning();
  sim::StaffingGoal goal;  // 90% within the hall's 15 minutes, 20 days a plan
  sim::StaffingAdvice a = sim::advise_staffing(hall, model, kMonday, goal);
  INFO(text(a));
  REQUIRE(a.met);
  CHECK(a.goal.target_s == 900);
  // Each service over the day, met: how close each came.
  REQUIRE(a.services.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(a.services[i].code == std::string(1, static_cast<char>('A' + i)));
    CHECK(a.services[i].within_target >= goal.share);
  }
  REQUIRE(a.hours.size() == 10);  // 08 … 17
  CHECK(a.hours.front().hour == 8);
  CHECK(a.hours.back().hour == 17);

  // The specialist desk first (its skill nobody else has), and open whenever D has citizens.
  CHECK(std::find(a.order.begin(), a.order.begin() + 2, 7) != a.order.begin() + 2);
  for (const auto& h : a.hours)
    if (h.arrivals > 0) {
      CHECK(std::find(h.open.begin(), h.open.end(), 7) != h.open.end());
      CHECK(std::find(h.skills.begin(), h.skills.end(), "D") != h.skills.end());
    }
  // At lunch (12:00–13:30) nobody comes, but those who came before noon are still served: the hour
  // keeps a window for each of their services. The afternoon's new windows open when the hall does
  // again, at 13:30, not at 13:00.
  CHECK(hour(a.hours, 12).arrivals == 0);
  CHECK(hour(a.hours, 12).skills == std::vector<std::string>{"A", "B", "C", "D"});
  for (const auto& s : a.shifts) CHECK_MESSAGE((s.from < 12 * 60 || s.from == 12 * 60 + 0 || s.from >= 810), s.from);
  CHECK(std::none_of(a.shifts.begin(), a.shifts.end(), [](const sim::Shift& s) { return s.from == 13 * 60; }));
  // More windows in the rush hour (09, the first full hour of it) than in the afternoon, which is not starved.
  CHECK(hour(a.hours, 9).windows > hour(a.hours, 15).windows);
  CHECK(hour(a.hours, 15).windows >= 2);

  // The same advice played on other citizens (another seed, more days): every hour with citizens
  // meets the target, and the day as a whole. (Without the search's margin and its check on other
  // days, the plan the search found missed it in some hour on those other days.)
  Model other = model;
  other.seed = 1009;
  sim::StaffingGoal replay_goal = goal;
  replay_goal.replications = 40;
  sim::StaffingAdvice replayed = sim::replay_staffing(hall, other, kMonday, a.shifts, replay_goal);
  INFO(text(replayed));
  int called = 0;
  double within = 0;
  for (const auto& h : replayed.hours) {
    if (h.called == 0) continue;
    CHECK((!h.judged || h.within_target >= goal.share));
    called += h.called;
    within += h.within_target * h.called;
  }
  REQUIRE(called > 0);
  CHECK(within / called >= goal.share);
  CHECK(replayed.met);

  // One window fewer in the rush hour: that hour (or the next, which inherits its queue) misses it.
  sim::StaffingAdvice fewer = sim::replay_staffing(hall, other, kMonday, one_fewer(a, 9), replay_goal);
  INFO(text(fewer));
  CHECK_FALSE(fewer.met);
  CHECK(std::min(hour(fewer.hours, 9).within_target, hour(fewer.hours, 10).within_target) < goal.share);

  // The specialist desk closed for the rush hour: the hours, every service pooled, may still meet
  // the target, but D's citizens do not: named, and the day not met.
  sim::StaffingAdvice no_desk = sim::replay_staffing(hall, other, kMonday, without(a, 7, 9), replay_goal);
  INFO(text(no_desk));
  CHECK_FALSE(no_desk.met);
  REQUIRE(no_desk.short_services.size() == 1);
  CHECK(no_desk.short_services[0].code == "D");
  CHECK(no_desk.short_services[0].within_target < goal.share);
  CHECK(replayed.short_services.empty());

  // Deterministic: the same inputs give the same advice.
  CHECK(sim::format_staffing_json(sim::advise_staffing(hall, model, kMonday, goal)) == sim::format_staffing_json(a));
  // The advice as [[shift]] entries, one per contiguous run of a window.
  std::string toml = sim::format_staffing_shifts(a);
  CHECK(toml.find("[[shift]]\nwindow = 7\nfrom = \"08:30\"") != std::string::npos);
}

TEST_CASE("staffing: on a steady M/M/c day the advice is Erlang C's count, give or take one") {
  domain::HallConfig hall;
  hall.id = "erlang";
  hall.hours = {{480, 1080}};  // 08:00–18:00
  hall.services = {service("A", 10)};
  for (int n = 1; n <= 10; ++n) hall.windows.push_back(window(n, {{"A", 1}}));
  hall.alarms.wait_minutes = 5;
  Model model;
  ServiceModel a = model_of("A", 10, sim::ServiceTime::Kind::exponential);
  add_arrivals(a, 30, 480, 1080);  // 5 erlangs all day
  model.services = {a};
  sim::StaffingGoal goal;
  goal.share = 0.8;
  sim::StaffingAdvice advice = sim::advise_staffing(hall, model, kMonday, goal);
  INFO(text(advice));
  REQUIRE(advice.met);
  int erlang = 1;
  while (sim::erlang_c_within(erlang, 30 / 3600.0, 600, 300) < 0.8) ++erlang;
  for (int h = 10; h <= 16; ++h) {  // away from the empty start and the serve-out at the end
    CHECK(hour(advice.hours, h).erlang_guess == erlang);
    CHECK(std::abs(hour(advice.hours, h).windows - erlang) <= 1);
  }
}

TEST_CASE("staffing: a closed day is refused, saying why") {
  domain::HallConfig hall = comprehensive_hall();
  CHECK_THROWS_WITH_AS(sim::advise_staffing(hall, busy_morning(), domain::LocalDate{2026, 12, 6}, {}),
                       "staffing: the hall is closed on 2026-12-06 (a Sunday, not one of the hall's open_days)",
                       sim::ModelError);
  hall.closed_dates = {kMonday};
  CHECK_THROWS_WITH_AS(sim::advise_staffing(hall, busy_morning(), kMonday, {}),
                       "staffing: the hall is closed on 2026-12-07 (a holiday or closing day: one of the hall's "
                       "closed_dates)",
                       sim::ModelError);
}

TEST_CASE("staffing: what if a D-skilled clerk sits at window 8 too: the specialist desk's queue is shared") {
  using K = sim::ServiceTime::Kind;
  domain::HallConfig hall = comprehensive_hall();
  Model model;
  ServiceModel a = model_of("A", 8, K::exponential);
  add_arrivals(a, 6, 510, 720);
  add_arrivals(a, 6, 810, 1050);
  ServiceModel d = model_of("D", 10, K::exponential);
  add_arrivals(d, 6, 510, 720);  // one window's worth of D: its queue never settles at window 7 alone
  add_arrivals(d, 6, 810, 1050);
  model.services = {a, d};
  model.seed = 21;
  std::vector<sim::Shift> every;
  for (int n = 1; n <= 8; ++n) every.push_back({n, {}, 510, 1050, {}, {}});
  sim::StaffingGoal goal;
  goal.replications = 30;
  auto share_of = [](const sim::StaffingAdvice& played) {
    int called = 0;
    double within = 0;
    for (const auto& h : played.hours) {
      called += h.called;
      within += h.within_target * h.called;
    }
    return called > 0 ? within / called : 0.0;
  };
  sim::StaffingAdvice as_is = sim::replay_staffing(hall, model, kMonday, every, goal);
  // The same windows, window 8 taking D beside A (from a plan file's [[window]], as hallq-sim --shifts reads it).
  Model moved = model;
  moved.windows =
      sim::parse_scenario("[[window]]\nnumber = 8\nservices = { A = 1, D = 1 }\n", "plan.toml", hall).windows;
  REQUIRE(moved.windows.size() == 1);
  sim::StaffingAdvice what_if = sim::replay_staffing(hall, moved, kMonday, every, goal);
  INFO(text(as_is));
  INFO(text(what_if));
  CHECK_FALSE(as_is.met);
  CHECK(share_of(as_is) < 0.8);
  CHECK(share_of(what_if) > 0.9);
  // The hall itself is unchanged: window 8 still takes A alone outside the what-if.
  CHECK(hall.window(8)->services.size() == 1);
  // The table's skills are the ones played: window 8 alone shows A, then A and D.
  sim::StaffingGoal once;
  once.replications = 1;
  const std::vector<sim::Shift> only8 = {{8, {}, 510, 1050, {}, {}}};
  CHECK(sim::replay_staffing(hall, model, kMonday, only8, once).hours.front().skills == std::vector<std::string>{"A"});
  CHECK(sim::replay_staffing(hall, moved, kMonday, only8, once).hours.front().skills ==
        std::vector<std::string>{"A", "D"});
}

TEST_CASE("staffing: a service its few windows cannot serve well enough keeps them open, not every other window") {
  // Afternoon-only service P (30 minutes a visit) at windows 6 and 7; M at every window but 7. By the
  // work each brings, window 7 comes last in the order: before, every hour P was in kept all seven
  // windows open, as the only way the order reached P's second desk.
  using K = sim::ServiceTime::Kind;
  domain::HallConfig hall;
  hall.id = "staffing-specialist";
  hall.hours = {{510, 720}, {810, 1050}};
  hall.services = {service("M", 6), service("P", 30)};
  for (int n = 1; n <= 5; ++n) hall.windows.push_back(window(n, {{"M", 1}}));
  hall.windows.push_back(window(6, {{"M", 1}, {"P", 1}}));
  hall.windows.push_back(window(7, {{"P", 1}}));
  hall.alarms.wait_minutes = 15;
  Model model;
  ServiceModel m = model_of("M", 6, K::lognormal);
  add_arrivals(m, 30, 510, 720);
  add_arrivals(m, 12, 810, 1050);
  ServiceModel p = model_of("P", 30, K::exponential);
  add_arrivals(p, 3.4, 810, 1020);
  model.services = {m, p};
  sim::StaffingGoal goal;
  sim::StaffingAdvice a = sim::advise_staffing(hall, model, kMonday, goal);
  INFO(text(a));
  REQUIRE(a.order.back() == 7);
  CHECK_FALSE(a.met);
  REQUIRE(a.short_services.size() == 1);
  CHECK(a.short_services[0].code == "P");
  REQUIRE(a.services.size() == 2);
  CHECK(a.services[1].code == "P");
  CHECK(a.services[1].within_target == a.short_services[0].within_target);
  CHECK(a.services[0].within_target >= goal.share);  // M is met
  for (int h : {14, 15, 16}) {
    const sim::StaffingHour& row = hour(a.hours, h);
    CAPTURE(h);
    CHECK(std::find(row.open.begin(), row.open.end(), 6) != row.open.end());  // both of P's desks
    CHECK(std::find(row.open.begin(), row.open.end(), 7) != row.open.end());
    CHECK(row.windows < 7);  // and some for M, not all seven
  }
  // P is served about as well as with every window open all afternoon.
  std::vector<sim::Shift> every;
  for (int n = 1; n <= 7; ++n) every.push_back({n, {}, 510, 1050, {}, {}});
  sim::StaffingGoal replay_goal = goal;
  replay_goal.replications = 40;
  Model other = model;
  other.seed = 77;
  sim::StaffingAdvice advised = sim::replay_staffing(hall, other, kMonday, a.shifts, replay_goal);
  sim::StaffingAdvice all_open = sim::replay_staffing(hall, other, kMonday, every, replay_goal);
  INFO(text(advised));
  INFO(text(all_open));
  REQUIRE(advised.short_services.size() == 1);
  REQUIRE(all_open.short_services.size() == 1);
  CHECK(advised.short_services[0].within_target > all_open.short_services[0].within_target - 0.03);
  CHECK(advised.window_hours < all_open.window_hours - 10);
}

TEST_CASE("staffing: the tickets expected are the date's, the calendar and the appointments that come included") {
  domain::HallConfig hall = comprehensive_hall();
  Model model = busy_morning();
  model.calendar.month[11] = 1.5;  // December: half as many again
  sim::AppointmentPlan booked;
  booked.service = "A";
  booked.slots = {600, 615};  // 10:00 and 10:15, checking in up to 30 minutes before
  booked.early_minutes = 30;
  booked.show = 0.8;
  model.appointments = {booked};
  sim::StaffingGoal goal;
  goal.replications = 1;
  std::vector<sim::Shift> all_day;
  for (int n = 1; n <= 8; ++n) all_day.push_back({n, {}, 510, 1050, {}, {}});
  sim::StaffingAdvice a = sim::replay_staffing(hall, model, kMonday, all_day, goal);
  INFO(text(a));
  // 09:00–10:00: A 30, B 6, C 3, D 2 an hour, × 1.5; the 10:00 slot checks in from 09:30 (all of it
  // in this hour), the 10:15 one from 09:45 (half of it).
  CHECK(hour(a.hours, 9).arrivals == doctest::Approx(41 * 1.5 + 0.8 + 0.4));
  CHECK(hour(a.hours, 10).arrivals == doctest::Approx((14 + 6 + 3 + 2) * 1.5 + 0.4));
  CHECK(hour(a.hours, 12).arrivals == 0);
  // Citizens who come while the hall gives no tickets (12:00–13:30) are refused: no tickets, no work.
  for (auto& s : model.services) add_arrivals(s, 8, 720, 810);
  sim::StaffingAdvice lunch = sim::replay_staffing(hall, model, kMonday, all_day, goal);
  CHECK(hour(lunch.hours, 12).arrivals == 0);
  CHECK(hour(lunch.hours, 12).load == 0);
  CHECK(hour(lunch.hours, 13).arrivals == doctest::Approx(hour(a.hours, 13).arrivals));
}

TEST_CASE("staffing: a specialist desk's sparse noon hour opens no window that cannot serve its citizens") {
  // The hall closes 11:45-13:00, but its notary desk (window 6, S only) issues until 12:30: about one
  // citizen a day starts waiting at 12. Found by an outside probe: that hour, judged on a handful
  // of visits, missed the goal by its noise, and each round opened one more of the windows 1-5
  // (which cannot take S), then the same at 13:00, up to every window in both hours; how far it
  // went moved with the days played (the probe's hall: 67 window-hours at 10, 54 at 40; this one:
  // 41 at 10 and 20, every window at 12 and 13, and 33 at 40).
  domain::HallConfig hall = desk_hall("staffing-notary", 1, 750);
  Model model = desk_model({{3, 480, 750}, {3, 780, 1020}});
  sim::StaffingGoal goal;
  goal.share = 0.8;
  std::vector<double> window_hours;
  for (int replications : {10, 20, 40}) {
    goal.replications = replications;
    sim::StaffingAdvice a = sim::advise_staffing(hall, model, kMonday, goal);
    INFO(replications << " days a plan\n" << text(a));
    const sim::StaffingHour& noon = hour(a.hours, 12);
    CHECK(std::find(noon.open.begin(), noon.open.end(), 6) != noon.open.end());
    // At 12 only the M citizens still waiting from before 11:45 need an M window.
    CHECK(noon.windows <= 3);
    CHECK(hour(a.hours, 13).windows < 6);
    window_hours.push_back(a.window_hours);
  }
  CHECK(*std::max_element(window_hours.begin(), window_hours.end()) -
            *std::min_element(window_hours.begin(), window_hours.end()) <=
        3);
}

TEST_CASE(
    "staffing: a replayed plan's window on a break for a whole hour is not open then, and its hours are worked ones") {
  domain::HallConfig hall = comprehensive_hall();
  Model model = busy_morning();
  sim::StaffingGoal goal;
  goal.replications = 5;
  std::vector<sim::Shift> plan;
  for (int n : {1, 2, 3, 7, 8}) plan.push_back({n, {}, 510, 1050, {}, {}});
  plan[0].breaks = {{600, 660}};  // window 1 away 10:00-11:00
  sim::StaffingAdvice a = sim::replay_staffing(hall, model, kMonday, plan, goal);
  INFO(text(a));
  const auto& ten = hour(a.hours, 10).open;
  CHECK(std::find(ten.begin(), ten.end(), 1) == ten.end());
  CHECK(hour(a.hours, 10).windows == 4);
  CHECK(hour(a.hours, 9).windows == 5);
  CHECK(a.window_hours == doctest::Approx(5 * 9 - 1));
}

TEST_CASE("staffing: a share just below the goal never reads as the goal") {
  sim::StaffingAdvice a;
  a.date = kMonday;
  a.goal.share = 0.95;
  a.goal.target_s = 180;
  sim::StaffingHour h;
  h.hour = 13;
  h.within_target = 0.94984;
  h.judged = true;
  h.called = 100;
  a.hours = {h};
  a.services = {{"A", 0.94984}};
  a.short_services = {{"A", 0.94984}};
  a.met = false;
  std::string t = text(a);
  INFO(t);
  CHECK(t.find("94.9%") != std::string::npos);
  CHECK(t.find("95.0%") == std::string::npos);
  CHECK(t.find("hours that miss the target: 13") != std::string::npos);
}

TEST_CASE("staffing: a desk's hour is helped by its own second desk, not by windows that only had a queue carried in") {
  // Windows 1-5 take M only, 6 and 7 S only; S issues through the lunch break, nine an hour. Found
  // by a review: M's queue, carried into 12:00 from before 11:45, gave M a row in that hour with
  // nobody in it, so M counted among the hour's citizens who missed the target; an M window was
  // opened for them, did not help, and the hour was held to 9.7% without ever trying S's second
  // desk: NOT MET, at 77.7%. S's second desk meets it.
  domain::HallConfig hall = desk_hall("staffing-lunch", 2, 780);
  Model model = desk_model({{5, 480, 705}, {9, 705, 780}, {5, 780, 1020}});
  sim::StaffingGoal goal;
  goal.share = 0.8;
  goal.replications = 10;
  sim::StaffingAdvice a = sim::advise_staffing(hall, model, domain::LocalDate{2026, 12, 8}, goal);
  INFO(text(a));
  CHECK(a.met);
  const auto& noon = hour(a.hours, 12).open;
  CHECK(std::find(noon.begin(), noon.end(), 6) != noon.end());
  CHECK(std::find(noon.begin(), noon.end(), 7) != noon.end());
}

TEST_CASE("staffing: no window is kept that the days which checked the advice do without") {
  // The demo weekday at 75% within 30 minutes: the morning needs every window, and services short
  // there over the day had windows opened for them in the afternoon. Before, no window opened in
  // the check was ever closed again: eight windows stayed open all afternoon at 97–99%, and three
  // window-hours fewer still met every hour and every service over 200 other days.
  config::Config cfg = config::load_config(test::source_path("assets/halls/demo.toml"));
  Model model = sim::load_scenario(test::source_path("assets/sim/demo-weekday.toml"), cfg.hall);
  sim::StaffingGoal goal;
  goal.share = 0.75;
  goal.target_s = 30 * 60;
  const domain::LocalDate tuesday{2026, 12, 8};
  sim::StaffingAdvice a = sim::advise_staffing(cfg.hall, model, tuesday, goal);
  INFO(text(a));
  REQUIRE(a.met);
  // Replayed on the days that checked it (the check's, where windows not needed are closed, and the
  // verification's, where a window opens for an hour or a service that misses), one window fewer in
  // any hour brings some hour or some service down to within the margin of the target (a few
  // points) on one of them, where the advice is above it on both. (Not a window the hour keeps for
  // a service no other open window takes: 13:00's help desk.)
  Model checked = model, verified = model;
  checked.seed = model.seed + 1'000'003;
  verified.seed = model.seed + 2 * 1'000'003;
  sim::StaffingGoal on_them = goal;
  on_them.replications = a.checked_days;
  // Of the hours and services that fell (by more than a tenth of a point) from `before` to `after`,
  // the lowest share `after`; 1 if none fell.
  auto lowest_fallen = [](const sim::StaffingAdvice& before, const sim::StaffingAdvice& after) {
    double low = 1;
    for (std::size_t i = 0; i < after.hours.size(); ++i)
      if (after.hours[i].judged && after.hours[i].within_target < before.hours[i].within_target - 0.001)
        low = std::min(low, after.hours[i].within_target);
    for (const auto& s : after.services)
      for (const auto& b : before.services)
        if (b.code == s.code && s.within_target < b.within_target - 0.001) low = std::min(low, s.within_target);
    return low;
  };
  std::vector<sim::StaffingAdvice> as_advised;
  for (const Model* days : {&checked, &verified}) {
    as_advised.push_back(sim::replay_staffing(cfg.hall, *days, tuesday, a.shifts, on_them));
    CHECK(as_advised.back().met);
  }
  int tried = 0;
  for (const auto& h : a.hours) {
    if (h.arrivals == 0) continue;
    int last = *std::max_element(h.open.begin(), h.open.end(), [&](int x, int y) {
      return std::find(a.order.begin(), a.order.end(), x) < std::find(a.order.begin(), a.order.end(), y);
    });
    bool alone = std::any_of(h.skills.begin(), h.skills.end(), [&](const std::string& code) {
      return std::none_of(h.open.begin(), h.open.end(),
                          [&](int n) { return n != last && cfg.hall.window(n)->weight_of(code) > 0; });
    });
    if (alone) continue;
    ++tried;
    std::vector<sim::Shift> fewer = without(a, last, h.hour);
    double low =
        std::min(lowest_fallen(as_advised[0], sim::replay_staffing(cfg.hall, checked, tuesday, fewer, on_them)),
                 lowest_fallen(as_advised[1], sim::replay_staffing(cfg.hall, verified, tuesday, fewer, on_them)));
    CAPTURE(h.hour);
    CAPTURE(last);
    CHECK(low < goal.share + 0.03);
  }
  CHECK(tried >= 7);
}

TEST_CASE("staffing: a replay's JSON keeps the breaks of the shifts it played") {
  domain::HallConfig hall = comprehensive_hall();
  Model model = busy_morning();
  sim::StaffingGoal goal;
  goal.replications = 2;
  std::vector<sim::Shift> shifts;
  for (int n = 1; n <= 8; ++n) shifts.push_back({n, {}, 510, 1050, {}, {}});
  shifts[0].breaks = {{720, 780}};
  auto j = nlohmann::json::parse(sim::format_staffing_json(sim::replay_staffing(hall, model, kMonday, shifts, goal)));
  REQUIRE(j["shifts"].size() == 8);
  CHECK(j["shifts"][0]["window"] == 1);
  CHECK(j["shifts"][0]["breaks"] == nlohmann::json::parse(R"([{"from":"12:00","to":"13:00"}])"));
  CHECK(j["shifts"][1]["breaks"].empty());
  // The windows of hour 12 leave out window 1, on its break all hour; its worked hours leave it out too.
  CHECK(hour(sim::replay_staffing(hall, model, kMonday, shifts, goal).hours, 12).windows == 7);
  CHECK(j["window_hours"] == doctest::Approx(8 * 9 - 1));
}
