// Reports over the closed days' kept figures (server/day_figures.hpp): the same tables as from every
// row, today's and changed days from their rows, and the server keeping and remaking them.
#include <SQLiteCpp/SQLiteCpp.h>

#include "core/config/config.hpp"
#include "core/domain/case_book.hpp"
#include "core/domain/rating_book.hpp"
#include "server/store.hpp"
#include "server/web/reports.hpp"
#include "tests/server/web/report_history.hpp"

using namespace hallq::test;
using namespace hallq::test::web;
using hallq::domain::LocalDate;

namespace {

namespace rpt = hallq::server::web;

// Every table of every period over from..to, from the kept figures (compute_report, what the server
// does) and from every row (compute_report_from_rows), in one read transaction: the same, byte for byte.
void same_both_ways(SQLite::Database& db, const hallq::config::Config& config, LocalDate from, LocalDate to,
                    hallq::domain::TimePoint now, int kept_days) {
  for (rpt::Period period : {rpt::Period::hour, rpt::Period::day, rpt::Period::week, rpt::Period::month}) {
    CAPTURE(from.str());
    CAPTURE(to.str());
    CAPTURE(rpt::to_string(period));
    rpt::Reports::Ask ask;
    ask.from = from;
    ask.to = to;
    ask.period = period;
    ask.now = now;
    db.exec("BEGIN");
    rpt::Report kept = rpt::compute_report(db, ask, config);
    rpt::Report rows = rpt::compute_report_from_rows(db, ask, config);
    db.exec("COMMIT");
    CHECK(kept.kept_days == kept_days);
    auto a = rpt::report_tables(kept, config), b = rpt::report_tables(rows, config);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CAPTURE(a[i].name);
      CHECK(rpt::table_csv(a[i]) == rpt::table_csv(b[i]));
    }
  }
}

int kept_rows(SQLite::Database& db, const std::string& day) {
  SQLite::Statement q(db, "SELECT count(*) FROM day_figures WHERE day = ?");
  q.bind(1, day);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

TEST_CASE(
    "reports add up the closed days' kept figures: the same tables as from every row, today's and changed days from "
    "their rows") {
  using namespace hallq::domain;
  TempDir dir;
  std::string config_path = dir.write("hall.toml", read_file(source_path("tests/data/hall.toml")));
  auto config = hallq::config::load_config(config_path);
  const std::string db_path = dir.path("hall.db");
  write_history(config_path, db_path);  // Thursday and Friday; the hall still in Friday

  // Monday: Friday closes at 08:00; c1 logs in at window 1, A001 is taken at 08:30, called 08:40 and
  // finished 08:50, A002 taken at 09:00 waits; c1 is still logged in at 10:00, when the reports are asked.
  hallq::server::Store store(db_path, 1000);
  ManualClock clock(from_local({2026, 11, 30}, 8 * 60));
  Engine engine(config.hall, clock, IdHasher({1, 2, 3}));
  engine.restore(std::move(*store.load_current()));
  RatingBook ratings(config.hall, clock);
  {
    hallq::server::RatingBookState s = store.ratings().load("2026-11-01", 0);
    ratings.restore(std::move(s.ratings), std::move(s.followups), s.last_rating, s.last_followup);
  }
  auto keep = [&] {
    std::vector<Changes> batch{engine.take_changes(), ratings.take_changes()};
    REQUIRE_FALSE(store.commit(batch, engine.day()));
  };
  auto at = [&](int h, int m) {
    clock.set(from_local({2026, 11, 30}, h * 60 + m));
    engine.tick();
  };
  TakeArgs a;
  a.service = "A";
  at(8, 0);
  REQUIRE(engine.day() == LocalDate{2026, 11, 30});
  REQUIRE(engine.login(1, "c1").ok());
  keep();
  at(8, 30);
  REQUIRE(engine.take(a).ok());
  at(8, 40);
  REQUIRE(engine.call_next(1).ok());
  at(8, 50);
  auto done = engine.finish(1);
  REQUIRE(done.ok());
  ratings.offer(*done.value(), "");
  at(9, 0);
  REQUIRE(engine.take(a).ok());
  keep();
  const TimePoint now = from_local({2026, 11, 30}, 10 * 60);
  const LocalDate wed{2026, 11, 25}, thu{2026, 11, 26}, fri{2026, 11, 27}, mon{2026, 11, 30}, tue{2026, 12, 1};

  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  // Nothing kept yet: every day from its rows.
  same_both_ways(db, config, thu, mon, now, 0);

  // The store keeps Thursday's and Friday's (the closed days), not Monday's.
  store.keep_figures(config.hall.rollover_minute);
  int made = 0;
  while (store.figures_wanted())
    if (store.make_figures()) ++made;
  CHECK(made == 2);
  CHECK(kept_rows(db, "2026-11-26") == 1);
  CHECK(kept_rows(db, "2026-11-27") == 1);
  CHECK(kept_rows(db, "2026-11-30") == 0);
  same_both_ways(db, config, thu, mon, now, 2);  // today included
  same_both_ways(db, config, wed, tue, now, 2);  // and days with nothing
  same_both_ways(db, config, fri, fri, now, 1);
  same_both_ways(db, config, mon, mon, now, 0);
  {
    rpt::Reports::Ask ask;
    ask.from = thu;
    ask.to = mon;
    ask.now = now;
    rpt::Report r = rpt::compute_report(db, ask, config);
    CHECK(r.stats.total.issued == 6);  // 1 + 3 + 2
    CHECK(r.satisfaction[0].rated == 3);
    REQUIRE(r.use.size() == 2);
    CHECK(r.use[0].open_s == 3600 + 28800 + 7200);  // Monday: logged in from 08:00 to now
    // Another rollover is another basis: nothing kept is used, the figures are still the rows'.
    auto other = config;
    other.hall.rollover_minute = 60;
    same_both_ways(db, other, thu, mon, now, 0);
  }

  // Friday changes after its figures were made (B001's rating rewritten 非常不满意 through the store,
  // as a late phone rating would be), and Thursday's follow-up is called back through the rating book
  // on Monday: each commit drops that day's figures in its own transaction, and the reports have the
  // new figures.
  {
    const Rating* b001 = ratings.find(fri, "B001");
    REQUIRE(b001);
    Rating changed = *b001;
    changed.level = RatingLevel::very_dissatisfied;
    std::vector<Changes> batch(1);
    batch[0].ratings.push_back(changed);
    REQUIRE_FALSE(store.commit(batch, engine.day()));
  }
  CHECK(kept_rows(db, "2026-11-27") == 0);
  CHECK(kept_rows(db, "2026-11-26") == 1);
  auto open = ratings.followups(true);
  REQUIRE(open.size() == 1);
  at(9, 30);
  REQUIRE(ratings.update_followup(open[0]->id, FollowupState::contacted, "called back", "g1").ok());
  keep();
  CHECK(kept_rows(db, "2026-11-26") == 0);
  same_both_ways(db, config, thu, mon, now, 0);
  {
    rpt::Reports::Ask ask;
    ask.from = fri;
    ask.to = fri;
    ask.now = now;
    rpt::Report r = rpt::compute_report(db, ask, config);
    REQUIRE(r.satisfaction.size() == 3);  // total, c1, c2
    CHECK(r.satisfaction[2].key == "c2");
    CHECK(r.satisfaction[2].levels[0] == 1);
    CHECK(rpt::satisfaction_percent(r.satisfaction[2]) == 0);
  }
  // The store wants them again and makes them from the new rows.
  made = 0;
  while (store.figures_wanted())
    if (store.make_figures()) ++made;
  CHECK(made == 2);
  same_both_ways(db, config, thu, mon, now, 2);
  same_both_ways(db, config, wed, tue, now, 2);

  // An upgrade: figures kept in the format before the waits told (basis "1 …") are not used, and
  // the store makes them again. Thursday's ticket as one issued before the hall kept what it told
  // (changed by hand, so its day's figures are deleted by hand too): counted apart, not measured.
  {
    SQLite::Database raw(db_path, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE day_figures SET basis = '1' || substr(basis, 2) WHERE day = '2026-11-27'");
    raw.exec("UPDATE tickets SET told_s = -1 WHERE day = '2026-11-26'");
    raw.exec("DELETE FROM day_figures WHERE day = '2026-11-26'");
  }
  same_both_ways(db, config, thu, mon, now, 0);
  store.keep_figures(config.hall.rollover_minute);  // as at the server's next start
  made = 0;
  while (store.figures_wanted())
    if (store.make_figures()) ++made;
  CHECK(made == 2);
  same_both_ways(db, config, thu, mon, now, 2);
  rpt::Reports::Ask ask;
  ask.from = thu;
  ask.to = mon;
  ask.now = now;
  rpt::Report r = rpt::compute_report(db, ask, config);
  CHECK(r.estimates_total.parts.told == 4);  // Friday's three, Monday's A001 (A002 still waits)
  CHECK(r.estimates_total.parts.untold == 1);
  REQUIRE(r.estimates.size() == 2);
  CHECK(r.estimates[0].key == "A");
  CHECK(r.estimates[0].parts.told == 3);
  CHECK(r.estimates[0].parts.wait_ms == (600 + 900 + 600) * 1000);  // Friday's A001, A002; Monday's A001
  CHECK(rpt::estimate_figures(r.estimates[0].parts).wait_mean_s == 700);
}

TEST_CASE(
    "the server keeps each closed day's figures, makes a changed day's again, and its files equal those from every "
    "row") {
  History h;  // the server at Monday 09:00 closed Friday when it started
  auto config = hallq::config::load_config(h.config);
  SQLite::Database db(h.dir.path("hall.db"), SQLite::OPEN_READONLY);
  auto made_at = [&](const std::string& day) -> std::int64_t {
    SQLite::Statement q(db, "SELECT made_at FROM day_figures WHERE day = ?");
    q.bind(1, day);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
  };
  auto eventually = [&](auto condition) {
    for (int i = 0; i < 200 && !condition(); ++i) std::this_thread::sleep_for(50ms);
    return condition();
  };
  // Made by the store thread when idle: Thursday (closed before the server ran) and Friday (closed at its start).
  REQUIRE(eventually([&] { return made_at("2026-11-26") > 0 && made_at("2026-11-27") > 0; }));
  std::int64_t thursday = made_at("2026-11-26");

  // Today: two tickets waiting. Thursday's follow-up called back: Thursday's figures are made again.
  ok(h.admin.request({{"op", "take"}, {"service", "A"}}));
  ok(h.admin.request({{"op", "take"}, {"service", "B"}}));
  json open = ok(h.admin.request({{"op", "followups"}}));
  REQUIRE(open["followups"].size() == 1);
  std::this_thread::sleep_for(10ms);
  ok(h.admin.request({{"op", "followup_update"},
                      {"followup", open["followups"][0]["id"]},
                      {"state", "contacted"},
                      {"note", "called back"}}));
  REQUIRE(eventually([&] { return made_at("2026-11-26") > thursday; }));

  // Every CSV of the range (Thursday to today) equals the table computed here from every row.
  for (rpt::Period period : {rpt::Period::hour, rpt::Period::day, rpt::Period::week, rpt::Period::month}) {
    rpt::Reports::Ask ask;
    ask.from = {2026, 11, 26};
    ask.to = {2026, 11, 30};
    ask.period = period;
    ask.now = hallq::domain::from_local({2026, 11, 30}, 12 * 60);  // no session open today: only cases' dates
    db.exec("BEGIN");
    rpt::Report rows = rpt::compute_report_from_rows(db, ask, config);
    db.exec("COMMIT");
    CHECK(rows.stats.total.issued == 6);
    for (const rpt::Table& t : rpt::report_tables(rows, config)) {
      CAPTURE(rpt::to_string(period));
      CAPTURE(t.name);
      std::string by = t.name == rpt::to_string(period) ? "period" : t.name;
      HttpReply csv =
          h.get("/staff/reports.csv?from=2026-11-26&to=2026-11-30&period=" + std::string(rpt::to_string(period)) +
                "&by=" + by);
      REQUIRE(csv.status == 200);
      CHECK(csv.body == rpt::table_csv(t));
    }
  }
}
