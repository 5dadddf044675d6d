// A model fitted from a real hall database: the simulator's days written
// through the server's own store, read back by fit_history, give back the
// arrivals, service times, no-shows and transfers that made them.
#include "core/sim/history.hpp"

#include <doctest/doctest.h>

#include "core/sim/report.hpp"
#include "core/sim/simulator.hpp"
#include "core/sim/staffing.hpp"
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
  CHECK(fitted.start == domain::LocalDate{2026, 11, 28});
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
