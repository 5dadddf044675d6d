// A model fitted from a real hall database: the simulator's days written
// through the server's own store, read back by fit_history, give back the
// arrivals, service times, no-shows and transfers that made them.
#include "core/sim/history.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/config/config.hpp"
#include "core/domain/crypto.hpp"
#include "core/domain/engine.hpp"
#include "core/sim/report.hpp"
#include "core/sim/simulator.hpp"
#include "core/sim/staffing.hpp"
#include "server/day_figures.hpp"
#include "server/store.hpp"
#include "tests/support/history.hpp"
#include "tests/support/process.hpp"

using namespace hallq;

namespace {
// hallq-sim's words, as it loads them for --language.
const config::Translations& fitted_words(const char* lang) {
  static const config::Translations zh = config::Translations::load(test::source_path("assets/i18n"), "zh");
  static const config::Translations en = config::Translations::load(test::source_path("assets/i18n"), "en");
  return std::string_view(lang) == "en" ? en : zh;
}
// A table's text with each run of spaces (its alignment) made one.
std::string one_space(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' || out.empty() || out.back() != ' ') out += c;
  return out;
}
}  // namespace

TEST_CASE("history: a hall's recorded days give back the model that made them") {
  test::TempDir dir;
  std::string db = dir.path("hall.db");
  domain::HallConfig hall;
  hall.id = "fit";
  hall.hours = {{8 * 60 + 30, 17 * 60}};
  for (const char* code : {"A", "B"}) {
    domain::Service s;
    s.code = code;
    s.names = {code, code, code};
    hall.services.push_back(s);
  }
  for (int n = 1; n <= 4; ++n) {
    domain::Window w;
    w.number = n;
    w.services = {{"A", 1}, {"B", 1}};
    hall.windows.push_back(w);
  }
  sim::Model m;
  sim::ServiceModel a;
  a.code = "A";
  for (int wd = 1; wd <= 5; ++wd)  // Mondays busier in the morning
    for (int slot = 34; slot < 68; ++slot)
      a.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = (wd == 1 && slot < 48) ? 30 : 12;
  a.time.kind = sim::ServiceTime::Kind::lognormal;
  a.time.mean_s = 420;
  a.time.cv = 0.5;
  a.no_show = 0.08;
  a.transfer = 0.1;
  a.transfer_to = "B";
  sim::ServiceModel b;
  b.code = "B";
  for (int wd = 1; wd <= 5; ++wd)
    for (int slot = 34; slot < 68; ++slot) b.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = 6;
  b.time.kind = sim::ServiceTime::Kind::exponential;
  b.time.mean_s = 300;
  m.services = {a, b};
  m.start = {2026, 11, 2};  // a Monday
  m.days = 20;              // four weeks
  m.seed = 9;
  test::write_history(db, hall, m);
  sim::Model fitted = sim::fit_history(db, hall, 20);
  CHECK(fitted.fitted_days == 20);
  CHECK(fitted.start == domain::LocalDate{2026, 11, 30});  // a Monday: the first open day after the last, a Friday
  const sim::ServiceModel* fa = fitted.service("A");
  const sim::ServiceModel* fb = fitted.service("B");
  REQUIRE(fa != nullptr);
  REQUIRE(fb != nullptr);
  // Mondays: 3.5 h at 30 + 5 h at 12 = 165 a day; other weekdays 8.5 h at 12 = 102 (four days of each).
  CHECK(fa->arrivals_on(1) == doctest::Approx(165).epsilon(0.08));
  CHECK(fa->arrivals_on(3) == doctest::Approx(102).epsilon(0.08));
  // Never recorded (a Sunday; a make-up working day on a weekend would be one): the average day.
  CHECK(fa->arrivals_on(0) == doctest::Approx((165 + 4 * 102) / 5.0).epsilon(0.08));
  CHECK(fb->arrivals_on(2) == doctest::Approx(51).epsilon(0.12));
  CHECK(fa->time.mean_s == doctest::Approx(420).epsilon(0.05));
  CHECK(fa->time.cv == doctest::Approx(0.5).epsilon(0.1));
  CHECK(fb->time.mean_s == doctest::Approx(300).epsilon(0.08));
  CHECK(fa->no_show == doctest::Approx(0.08).epsilon(0.25));
  CHECK(fa->transfer_to == "B");
  CHECK(fa->transfer == doctest::Approx(0.1 * 0.92).epsilon(0.25));  // transfers of visits that came
  // What hallq-sim prints for it names the fitted days and each service's figures, in its language.
  std::string printed = sim::describe_model(fitted, hall, fitted_words("en"));
  INFO(printed);
  CHECK(printed.find("fitted from 20 recorded day(s)") != std::string::npos);
  CHECK(printed.find("service A (A): lognormal") != std::string::npos);
  CHECK(printed.find("; transfer ") != std::string::npos);
  CHECK(printed.find("% to B") != std::string::npos);
  CHECK(printed.find("\n  per hour on Mon: 08–09h ") != std::string::npos);  // the busiest weekday, from 08:30
  CHECK(printed.find("; 09–10h ") != std::string::npos);  // each hour named as one, not as a time of day
  printed = sim::describe_model(fitted, hall, fitted_words("zh"));
  CHECK(printed.find("模型由 20 天的记录拟合") != std::string::npos);
  CHECK(printed.find("每小时：08–09时 ") != std::string::npos);
  CHECK(printed.find("业务 A（A）：对数正态分布") != std::string::npos);
  CHECK(printed.find("转办至 B") != std::string::npos);
  CHECK(printed.find("\n  周一每小时：") != std::string::npos);
}

TEST_CASE("history: the days after a holiday and the make-up working days (调休) are fitted and advised apart") {
  test::TempDir dir;
  std::string db = dir.path("hall.db");
  domain::HallConfig hall;
  hall.id = "calendar";
  hall.hours = {{9 * 60, 17 * 60}};
  domain::Service s;
  s.code = "A";
  s.names = {"A", "A", "A"};
  hall.services.push_back(s);
  for (int n = 1; n <= 8; ++n) {
    domain::Window w;
    w.number = n;
    w.services = {{"A", 1}};
    hall.windows.push_back(w);
  }
  // Two holidays (Wednesdays), each followed by a rush; a Saturday worked in exchange.
  hall.closed_dates = {{2026, 11, 11}, {2026, 11, 25}};
  hall.extra_workdays = {{2026, 11, 14}};
  sim::Model m;
  sim::ServiceModel a;
  a.code = "A";
  for (int wd = 0; wd < 7; ++wd)
    for (int slot = 36; slot < 68; ++slot)
      a.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = 20;
  a.time.kind = sim::ServiceTime::Kind::exponential;
  a.time.mean_s = 600;
  m.services = {a};
  m.calendar.after_holiday = 1.6;
  m.calendar.makeup_day = 0.7;
  m.start = {2026, 11, 2};
  m.days = 22;
  m.seed = 3;
  test::write_history(db, hall, m);
  sim::Model fitted = sim::fit_history(db, hall, 22);
  INFO(sim::describe_model(fitted, hall, fitted_words("en")));
  CHECK(fitted.calendar.after_holiday_days == 2);
  CHECK(fitted.calendar.makeup_days == 1);
  CHECK(fitted.calendar.after_holiday == doctest::Approx(1.6).epsilon(0.12));
  CHECK(fitted.calendar.makeup_day == doctest::Approx(0.7).epsilon(0.2));
  // The ordinary Thursday profile is not swollen by the rushes after the holidays.
  CHECK(fitted.service("A")->arrivals_on(4) == doctest::Approx(160).epsilon(0.12));
  CHECK(sim::describe_model(fitted, hall, fitted_words("en"))
            .find("calendar: Nov x1.00 (17 day(s)) Dec x1.00 (2 day(s), too few: 1); after "
                  "a holiday x1.62 (2 day(s)); make-up working days x0.66 (1 day(s))") !=
        std::string::npos);  // as docs/simulation.md shows it
  CHECK(sim::describe_model(fitted, hall, fitted_words("zh"))
            .find("日历：11月 x1.00（17 天） 12月 x1.00（2 天，太少，按 1）；节后首日 x1.62（2 天）；调休上班日 "
                  "x0.66（1 天）") != std::string::npos);
  // The advice for the day after a holiday asks for more windows than an ordinary Thursday's.
  hall.closed_dates.push_back({2026, 12, 9});
  sim::StaffingGoal goal;
  goal.replications = 6;
  auto after = sim::advise_staffing(hall, fitted, {2026, 12, 10}, goal);
  auto ordinary = sim::advise_staffing(hall, fitted, {2026, 12, 17}, goal);
  CHECK(sim::day_kind(hall, {2026, 12, 10}) == sim::DayKind::after_holiday);
  CHECK(sim::day_kind(hall, {2026, 12, 17}) == sim::DayKind::ordinary);
  CHECK(sim::day_kind(hall, {2026, 11, 14}) == sim::DayKind::makeup);
  CHECK(sim::day_kind(hall, {2026, 11, 16}) == sim::DayKind::ordinary);  // a Monday after a plain weekend
  INFO("window hours after a holiday " << after.window_hours << ", ordinary " << ordinary.window_hours);
  CHECK(after.window_hours > ordinary.window_hours * 1.2);
}

TEST_CASE("history: the recorded days give the waits citizens were told at take, as the simulator measured them") {
  test::TempDir dir;
  std::string db = dir.path("hall.db");
  config::Config cfg = config::load_config(test::source_path("tests/data/hall.toml"));
  sim::Model m = test::test_hall_month();
  m.days = 5;
  // Busier than the month: a third more citizens, and only windows 1 (A, B) and 3 (A) staffed.
  for (auto& s : m.services)
    for (auto& day : s.per_hour)
      for (double& rate : day) rate *= 1.35;
  m.shifts = {{1, "c1", 8 * 60, 18 * 60, {}, {}}, {3, "c3", 8 * 60, 18 * 60, {}, {}}};
  sim::Result played = test::write_history(db, cfg.hall, m);
  REQUIRE(played.estimate.n > 200);
  REQUIRE(played.estimate.mean_wait_s > 90);  // waits of minutes, not seconds
  sim::RecordedEstimates rec = sim::recorded_estimates(db, cfg.hall, 20);
  CHECK(rec.days == 5);
  CHECK(rec.from == domain::LocalDate{2026, 11, 2});
  CHECK(rec.to == domain::LocalDate{2026, 11, 6});
  CHECK(rec.untold == 0);
  // What the database kept of every ticket (told at issue, first call) measures exactly what the
  // simulator measured as it played the days: the engine's estimate and the naive one.
  auto same = [](const sim::EstimateErrors& a, const sim::EstimateErrors& b) {
    CHECK(a.n == b.n);
    CHECK(a.mean_wait_s == doctest::Approx(b.mean_wait_s));
    CHECK(a.engine.mae_s == doctest::Approx(b.engine.mae_s));
    CHECK(a.engine.bias_s == doctest::Approx(b.engine.bias_s));
    CHECK(a.naive.mae_s == doctest::Approx(b.naive.mae_s));
    CHECK(a.naive.bias_s == doctest::Approx(b.naive.bias_s));
    CHECK(a.within_range == doctest::Approx(b.within_range));
    CHECK(a.range_shown == doctest::Approx(b.range_shown));
  };
  REQUIRE(rec.services.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CAPTURE(played.services[i].code);
    CHECK(rec.services[i].first == played.services[i].code);
    same(rec.services[i].second, played.services[i].estimate);
  }
  same(rec.all, played.estimate);
  CHECK(rec.all.engine.mae_s > 0);
  CHECK(rec.all.engine.mae_s < rec.all.naive.mae_s);
  std::string text = sim::format_recorded_text(rec, fitted_words("en"));
  INFO(text);
  CHECK(text.find("recorded 5 day(s) 2026-11-02..2026-11-06: the wait citizens were told at take") == 0);
  char ratio[16];
  std::snprintf(ratio, sizeof ratio, "%.2f", rec.all.engine.mae_s / rec.all.naive.mae_s);
  CHECK(one_space(text).find("\nall " + std::to_string(rec.all.n) + " ") != std::string::npos);
  CHECK(text.find(std::string(" ") + ratio + " ") != std::string::npos);
  CHECK(sim::format_recorded_text(rec, fitted_words("zh")).find("记录的 5 天（2026-11-02..2026-11-06）：") == 0);
  {
    // A half rounds up, as the staff console's reports round the same counts: 1 of 8 is 13%.
    sim::RecordedEstimates eight = rec;
    eight.services.resize(1);
    sim::EstimateErrors& e = eight.services[0].second;
    e.n = 8;
    e.within_range = 1.0 / 8;
    e.range_shown = 3.0 / 8;
    e.engine.mae_s = 45;
    e.naive.mae_s = 360;  // ratio 0.125
    std::string t = one_space(sim::format_recorded_text(eight, fitted_words("en")));
    CAPTURE(t);
    CHECK(t.find(" 0.13 13% 38%\n") != std::string::npos);
  }
  // A configuration without B (a service since removed): its row still comes, after the hall's.
  domain::HallConfig without_b = cfg.hall;
  std::erase_if(without_b.services, [](const domain::Service& s) { return s.code == "B"; });
  sim::RecordedEstimates other = sim::recorded_estimates(db, without_b, 20);
  REQUIRE(other.services.size() == 2);
  CHECK(other.services[0].first == "A");
  CHECK(other.services[1].first == "B");
  CHECK(other.services[0].second.n + other.services[1].second.n == other.all.n);
  // Tickets issued before the hall kept what it told are counted apart, not measured as told 0.
  SQLite::Database raw(db, SQLite::OPEN_READWRITE);
  raw.exec("UPDATE tickets SET told_s = -1 WHERE day = '2026-11-06'");
  sim::RecordedEstimates part = sim::recorded_estimates(db, cfg.hall, 20);
  CHECK(part.untold > 20);
  CHECK(part.all.n + part.untold == rec.all.n);
  CHECK(sim::format_recorded_text(part, fitted_words("en"))
            .find("\n" + std::to_string(part.untold) + " called ticket(s) were issued before") != std::string::npos);
  // A database from before (no such columns): nothing told is recorded, and it says so.
  for (const char* c : {"told_s", "told_lo_s", "told_hi_s", "naive_s"})
    raw.exec(std::string("ALTER TABLE tickets DROP COLUMN ") + c);
  sim::RecordedEstimates none = sim::recorded_estimates(db, cfg.hall, 20);
  CHECK(none.all.n == 0);
  CHECK(none.untold == rec.all.n);
  CHECK(
      sim::format_recorded_text(none, fitted_words("en")).find("\nno wait told at take is recorded in these days\n") !=
      std::string::npos);
}

TEST_CASE("history: a ticket sent to another service before its call is measured neither here nor in the reports") {
  using namespace std::chrono_literals;
  test::TempDir dir;
  std::string db = dir.path("hall.db");
  config::Config cfg = config::load_config(test::source_path("tests/data/hall.toml"));
  const domain::LocalDate day{2026, 11, 26};
  domain::ManualClock clock(domain::from_local(day, 9 * 60));
  domain::Engine engine(cfg.hall, clock, domain::IdHasher({1, 2, 3}));
  {
    server::Store store(db, 1000);
    REQUIRE(engine.login(1, "c1").ok());  // A and B
    domain::TakeArgs a;
    a.service = "A";
    REQUIRE(engine.take(a).ok());
    REQUIRE(engine.take(a).ok());
    a.service = "B";
    REQUIRE(engine.take(a).ok());
    clock.advance(1min);
    // A guide sends A002 to B before anyone calls it: what it was told was for A's queue.
    REQUIRE(engine.reassign("A002", "B", "by guide-1").ok());
    for (int i = 0; i < 3; ++i) {
      clock.advance(2min);
      REQUIRE(engine.call_next(1).ok());
      clock.advance(3min);
      REQUIRE(engine.finish(1).ok());
    }
    std::vector<domain::Changes> batch{engine.take_changes()};
    REQUIRE_FALSE(store.commit(batch, day));
  }
  sim::RecordedEstimates rec = sim::recorded_estimates(db, cfg.hall, 20);
  CHECK(rec.all.n == 2);  // A001 and B001
  CHECK(rec.untold == 0);
  REQUIRE(rec.services.size() == 2);
  CHECK(rec.services[0].second.n == 1);
  CHECK(rec.services[1].second.n == 1);
  // The reports' figures from the same rows count the same tickets, with the same waits.
  SQLite::Database read(db, SQLite::OPEN_READONLY);
  auto figures = server::figures_from_rows(read, day, day, cfg.hall.rollover_minute,
                                           domain::to_unix_ms(domain::from_local(day, 12 * 60)));
  const auto& told = figures.at(day).told;
  CHECK(told.at("A").told == 1);
  CHECK(told.at("B").told == 1);
  CHECK(static_cast<double>(told.at("A").wait_ms + told.at("B").wait_ms) / 1000.0 ==
        doctest::Approx(rec.all.mean_wait_s * 2));
  CHECK(static_cast<double>(told.at("A").system_abs_ms + told.at("B").system_abs_ms) / 1000.0 ==
        doctest::Approx(rec.all.engine.mae_s * 2));
}

TEST_CASE("history: the simulated hall starts from the recorded days' measures, as its server would") {
  // A hall configured at 15 minutes a visit that its clerks serve in about 3, a morning rush first.
  test::TempDir dir;
  std::string db = dir.path("hall.db");
  domain::HallConfig hall;
  hall.id = "recent";
  hall.hours = {{8 * 60 + 30, 17 * 60}};
  domain::Service s;
  s.code = "A";
  s.names = {"A", "A", "A"};
  s.minutes = 15;
  hall.services.push_back(s);
  for (int n = 1; n <= 2; ++n) {
    domain::Window w;
    w.number = n;
    w.services = {{"A", 1}};
    hall.windows.push_back(w);
  }
  sim::Model m;
  sim::ServiceModel a;
  a.code = "A";
  for (int wd = 1; wd <= 5; ++wd)
    for (int slot = 34; slot < 68; ++slot)
      a.per_hour[static_cast<std::size_t>(wd)][static_cast<std::size_t>(slot)] = slot < 36 ? 70 : 20;
  a.time.kind = sim::ServiceTime::Kind::lognormal;
  a.time.mean_s = 180;
  a.time.cv = 0.5;
  m.services = {a};
  m.start = {2026, 11, 2};  // a Monday: two weeks written
  m.days = 10;
  m.seed = 5;
  test::write_history(db, hall, m);

  // What hallq-sim --from-db reads (the store's own reading, as a starting server's).
  sim::Model fitted = sim::fit_history(db, hall, 20);
  REQUIRE(fitted.start == domain::LocalDate{2026, 11, 16});
  server::MeasuredDays recent = server::read_recent_days(*sim::open_history(db), fitted.start, 20);
  REQUIRE(recent.size() == 10);
  CHECK(recent.front().first == domain::LocalDate{2026, 11, 2});
  CHECK(recent.back().first == domain::LocalDate{2026, 11, 13});
  domain::ServiceMeasure sum;
  for (const auto& [day, measures] : recent) sum.add(measures.at("A"));
  CHECK(sum.calls > 1000);
  CHECK(static_cast<double>(sum.call_ms) / sum.calls == doctest::Approx(180'000).epsilon(0.05));
  // Days before a day are all it gets: none of these before the first of them.
  CHECK(server::read_recent_days(*sim::open_history(db), {2026, 11, 2}, 20).empty());

  // The same three days simulated without and with them: the same citizens and waits, but the first
  // tickets of each morning are told about 3-minute visits, not 15.
  sim::Model next = m;
  next.start = fitted.start;
  next.days = 3;
  next.seed = 6;
  sim::Result without = sim::simulate(hall, next);
  next.recent_days = recent;
  sim::Result with = sim::simulate(hall, next);
  REQUIRE(with.estimate.n == without.estimate.n);
  CHECK(with.estimate.n > 300);
  CHECK(with.waits.mean_s == without.waits.mean_s);
  CHECK(with.estimate.naive.mae_s == without.estimate.naive.mae_s);
  INFO("engine error without " << without.estimate.engine.mae_s << " s, with " << with.estimate.engine.mae_s << " s");
  CHECK(with.estimate.engine.mae_s < 0.8 * without.estimate.engine.mae_s);
  CHECK(with.estimate.engine.bias_s < without.estimate.engine.bias_s);
  // A day given that is not before the first simulated one is not a recent day of it.
  sim::Model later = next;
  later.recent_days = {{fitted.start, recent.back().second}};
  CHECK(sim::simulate(hall, later).estimate.engine.mae_s == without.estimate.engine.mae_s);

  std::string printed = sim::describe_model(next, hall, fitted_words("en"));
  CHECK(printed.find("the wait estimate starts from the 10 recorded day(s) before the simulation") !=
        std::string::npos);
  printed = sim::describe_model(next, hall, fitted_words("zh"));
  CHECK(printed.find("等候估算从此前 10 天的记录起算") != std::string::npos);
}
