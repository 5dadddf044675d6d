#include "server/store.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/config/config.hpp"
#include "core/domain/case_book.hpp"
#include "tests/support/process.hpp"

using namespace hallq;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  test::TempDir dir;
  config::Config config = config::load_config(test::source_path("tests/data/hall.toml"));
  domain::ManualClock clock{domain::from_local({2026, 11, 26}, 9 * 60)};
  std::string db = dir.path("hall.db");

  std::unique_ptr<domain::Engine> engine() {
    return std::make_unique<domain::Engine>(config.hall, clock, domain::IdHasher({7, 7, 7}));
  }
  // A morning's worth of operations, committed in several batches.
  void morning(domain::Engine& e, server::Store& s) {
    auto commit = [&] {
      std::vector<domain::Changes> batch{e.take_changes()};
      REQUIRE_FALSE(s.commit(batch, e.day()));
    };
    REQUIRE(e.login(1, "c1").ok());
    REQUIRE(e.login(2, "c2").ok());
    for (int i = 0; i < 6; ++i) {
      REQUIRE(e.take(take_args("A")).ok());
      clock.advance(1min);
    }
    REQUIRE(e.take(take_args("R", "150502199001011232")).ok());
    commit();
    REQUIRE(e.call_next(1).ok());
    REQUIRE(e.recall(1).ok());
    clock.advance(3min);
    REQUIRE(e.call_next(1).ok());
    REQUIRE(e.transfer({1, "", 2}).ok());
    REQUIRE(e.call_next(2).ok());
    REQUIRE(e.no_show(2).ok());
    REQUIRE(e.pause(2, "meeting").ok());
    REQUIRE(e.import_appointments(e.day(), {{"P1", "A", "10:00", "", "张三"}}).ok());
    REQUIRE(e.import_appointments(e.day().plus_days(1), {{"Q1", "A", "10:00", "", ""}}).ok());
    commit();
  }
  // Schema 11's columns (what tickets were told at issue) and 12's (a case's request_key) taken out:
  // a database made to look as version 10 left it.
  static void to_version_10(SQLite::Database& raw) {
    for (const char* c : {"told_s", "told_lo_s", "told_hi_s", "naive_s"})
      raw.exec(std::string("ALTER TABLE tickets DROP COLUMN ") + c);
    raw.exec("ALTER TABLE cases DROP COLUMN request_key");
  }
  static domain::TakeArgs take_args(std::string service, std::string id = {}) {
    domain::TakeArgs a;
    a.service = std::move(service);
    a.id_number = std::move(id);
    return a;
  }
};

}  // namespace

TEST_CASE("a new database is created at the current schema version with no day") {
  Fixture f;
  server::Store s(f.db, 100);
  CHECK(s.schema_version() == server::Store::kSchemaVersion);
  CHECK_FALSE(s.load_current());
  CHECK(s.event_count() == 0);
  SQLite::Database raw(f.db);
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("a file that is not a database is refused and left as it was, however short") {
  Fixture f;
  // SQLite alone takes a file shorter than its header for an empty database, and writes over it.
  for (std::string junk :
       {std::string("x"), std::string("notes\n"), std::string("SQLite format"), std::string(4096, 'z')}) {
    CAPTURE(junk.size());
    f.dir.write("junk.db", junk);
    CHECK_THROWS_WITH_AS(server::Store(f.dir.path("junk.db"), 100),
                         (f.dir.path("junk.db") + ": file is not a database").c_str(), server::StoreError);
    std::ifstream in(f.dir.path("junk.db"), std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == junk);
  }
  f.dir.write("empty.db", "");  // an empty file is a new database
  server::Store s(f.dir.path("empty.db"), 100);
  CHECK(s.schema_version() == server::Store::kSchemaVersion);
}

TEST_CASE("reopening the database restores the day exactly") {
  Fixture f;
  auto live = f.engine();
  {
    server::Store s(f.db, 100);
    f.morning(*live, s);
    CHECK(s.event_count() > 10);
  }
  server::Store reopened(f.db, 100);
  auto state = reopened.load_current();
  REQUIRE(state);
  auto copy = f.engine();
  copy->restore(std::move(*state));
  auto a = live->state();
  auto b = copy->state();
  CHECK(b.day == a.day);
  REQUIRE(b.tickets.size() == a.tickets.size());
  for (std::size_t i = 0; i < a.tickets.size(); ++i) {
    CAPTURE(a.tickets[i].number);
    CHECK(b.tickets[i] == a.tickets[i]);
  }
  CHECK(b.windows == a.windows);
  CHECK(b.appointments == a.appointments);
  CHECK(copy->recent_calls(10).size() == live->recent_calls(10).size());
  CHECK(copy->take(Fixture::take_args("A")).value()->number == "A007");
}

TEST_CASE("a full disk fails the commit cleanly and keeps what was committed") {
  Fixture f;
  auto e = f.engine();
  {
    server::Store s(f.db, 100);
    f.morning(*e, s);
    auto pages = SQLite::Database(f.db).execAndGet("PRAGMA page_count").getInt64();
    s.set_max_pages(pages);  // no room to grow
    for (int i = 0; i < 2000; ++i) REQUIRE(e->take(Fixture::take_args("A")).ok());
    std::vector<domain::Changes> batch{e->take_changes()};
    auto error = s.commit(batch, e->day());
    REQUIRE(error);
    CHECK(error->kind == server::CommitError::Kind::full);
  }
  SQLite::Database raw(f.db);
  CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
  server::Store s(f.db, 100);
  auto state = s.load_current();
  REQUIRE(state);
  CHECK(state->tickets.size() == 7);  // the morning, not the failed batch
}

TEST_CASE("a database locked by another program gives busy, then works again") {
  Fixture f;
  auto e = f.engine();
  server::Store s(f.db, 50);
  REQUIRE(e->take(Fixture::take_args("A")).ok());
  SQLite::Database other(f.db, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  std::vector<domain::Changes> batch{e->take_changes()};
  auto error = s.commit(batch, e->day());
  REQUIRE(error);
  CHECK(error->kind == server::CommitError::Kind::busy);
  other.exec("ROLLBACK");
  CHECK_FALSE(s.commit(batch, e->day()));
  CHECK(s.load_current()->tickets.size() == 1);
}

TEST_CASE("statistics of a past day come from the database") {
  Fixture f;
  auto e = f.engine();
  server::Store s(f.db, 100);
  f.morning(*e, s);
  f.clock.set(domain::from_local({2026, 11, 27}, 9 * 60));
  e->tick();
  std::vector<domain::Changes> batch{e->take_changes()};
  REQUIRE_FALSE(s.commit(batch, e->day()));
  auto past = s.day_stats({2026, 11, 26}, f.config.hall);
  CHECK(past.total.issued == 7);
  CHECK(past.total.no_shows == 1);
  CHECK(past.total.cancelled == 5);  // closed at day end
  CHECK(s.day_stats({2026, 11, 20}, f.config.hall).total.issued == 0);
  CHECK(s.load_current()->day == domain::LocalDate{2026, 11, 27});
}

TEST_CASE("a database from a newer hallq is refused, not damaged") {
  Fixture f;
  { server::Store s(f.db, 100); }
  SQLite::Database(f.db, SQLite::OPEN_READWRITE).exec("PRAGMA user_version=99");
  CHECK_THROWS_AS(server::Store(f.db, 100), server::StoreError);
}

TEST_CASE("a version 1 database is upgraded in place: tickets kept, request keys remembered from then on") {
  Fixture f;
  {
    server::Store s(f.db, 100);
    auto e = f.engine();
    f.morning(*e, s);
  }
  {  // What hallq 0.1 left behind: no request_key or issued_by column, user_version 1.
    SQLite::Database raw(f.db, SQLite::OPEN_READWRITE);
    Fixture::to_version_10(raw);
    raw.exec("ALTER TABLE tickets DROP COLUMN request_key");
    raw.exec("ALTER TABLE tickets DROP COLUMN issued_by");
    raw.exec("ALTER TABLE tickets DROP COLUMN language");
    raw.exec("DROP TABLE credentials");
    raw.exec("DROP TABLE cases");
    raw.exec("DROP TABLE handovers");
    raw.exec("DROP TABLE notifications");
    raw.exec("DROP TABLE ratings");
    raw.exec("DROP TABLE followups");
    raw.exec("DROP TABLE help_requests");
    raw.exec("DROP TABLE helpdesk");
    raw.exec("PRAGMA user_version=1");
  }
  server::Store s(f.db, 100);
  CHECK(s.schema_version() == server::Store::kSchemaVersion);
  auto restored = s.load_current();
  REQUIRE(restored);
  CHECK(restored->tickets.size() == 7);
  auto e = f.engine();
  e->restore(std::move(*restored));
  auto a = Fixture::take_args("A");
  a.by.request_key = "kiosk-1/k1";
  auto first = e->take(a);
  REQUIRE(first.ok());
  std::string number = first.value()->number;
  std::vector<domain::Changes> batch{e->take_changes()};
  REQUIRE_FALSE(s.commit(batch, e->day()));
  auto again = f.engine();
  again->restore(std::move(*s.load_current()));
  auto repeat = again->take(a);
  REQUIRE(repeat.ok());
  CHECK(repeat.value()->number == number);
  CHECK(again->take_changes().empty());
}

TEST_CASE("a version 2 database gains issued_by: old tickets say nothing, new ones name their device") {
  Fixture f;
  {
    server::Store s(f.db, 100);
    auto e = f.engine();
    f.morning(*e, s);
  }
  {  // What the kiosk release left behind: request keys, no issued_by, user_version 2.
    SQLite::Database raw(f.db, SQLite::OPEN_READWRITE);
    Fixture::to_version_10(raw);
    raw.exec("ALTER TABLE tickets DROP COLUMN issued_by");
    raw.exec("ALTER TABLE tickets DROP COLUMN language");
    raw.exec("DROP TABLE credentials");
    raw.exec("DROP TABLE cases");
    raw.exec("DROP TABLE handovers");
    raw.exec("DROP TABLE notifications");
    raw.exec("DROP TABLE ratings");
    raw.exec("DROP TABLE followups");
    raw.exec("DROP TABLE help_requests");
    raw.exec("DROP TABLE helpdesk");
    raw.exec("PRAGMA user_version=2");
  }
  server::Store s(f.db, 100);
  CHECK(s.schema_version() == server::Store::kSchemaVersion);
  auto restored = s.load_current();
  REQUIRE(restored);
  REQUIRE(restored->tickets.size() == 7);
  for (const auto& t : restored->tickets) CHECK(t.issued_by.empty());
  auto e = f.engine();
  e->restore(std::move(*restored));
  auto a = Fixture::take_args("A");
  a.by.device = "kiosk-2";
  auto t = e->take(a);
  REQUIRE(t.ok());
  std::vector<domain::Changes> batch{e->take_changes()};
  REQUIRE_FALSE(s.commit(batch, e->day()));
  auto again = s.load_current();
  REQUIRE(again);
  CHECK(again->tickets.back().issued_by == "kiosk-2");
}

TEST_CASE("a version 6 database gains the ticket's language: old tickets say nothing, new ones keep the citizen's") {
  Fixture f;
  {
    server::Store s(f.db, 100);
    auto e = f.engine();
    f.morning(*e, s);
  }
  {  // What the first 好差评 release left behind: user_version 6, no language column.
    SQLite::Database raw(f.db, SQLite::OPEN_READWRITE);
    Fixture::to_version_10(raw);
    raw.exec("ALTER TABLE tickets DROP COLUMN language");
    raw.exec("DROP TABLE help_requests");
    raw.exec("DROP TABLE helpdesk");
    raw.exec("PRAGMA user_version=6");
  }
  server::Store s(f.db, 100);
  CHECK(s.schema_version() == server::Store::kSchemaVersion);
  auto restored = s.load_current();
  REQUIRE(restored);
  REQUIRE(restored->tickets.size() == 7);
  for (const auto& t : restored->tickets) CHECK(t.language.empty());
  auto e = f.engine();
  e->restore(std::move(*restored));
  auto a = Fixture::take_args("A");
  a.by.language = "en";
  REQUIRE(e->take(a).ok());
  a.by.language = "fr";
  auto refused = e->take(a);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == domain::Code::bad_request);
  std::vector<domain::Changes> batch{e->take_changes()};
  REQUIRE_FALSE(s.commit(batch, e->day()));
  auto again = s.load_current();
  REQUIRE(again);
  CHECK(again->tickets.back().language == "en");
}

TEST_CASE(
    "a version 10 database gains what tickets were told at issue: old tickets say not recorded, new ones keep it") {
  Fixture f;
  {
    server::Store s(f.db, 100);
    auto e = f.engine();
    f.morning(*e, s);
  }
  {  // What the help desk's release left behind: user_version 10, no told columns.
    SQLite::Database raw(f.db, SQLite::OPEN_READWRITE);
    Fixture::to_version_10(raw);
    raw.exec("PRAGMA user_version=10");
  }
  server::Store s(f.db, 100);
  CHECK(s.schema_version() == server::Store::kSchemaVersion);
  auto restored = s.load_current();
  REQUIRE(restored);
  REQUIRE(restored->tickets.size() == 7);
  for (const auto& t : restored->tickets) CHECK_FALSE(t.told.recorded());
  auto e = f.engine();
  e->restore(std::move(*restored));
  auto taken = e->take(Fixture::take_args("A"));
  REQUIRE(taken.ok());
  domain::ToldWait told = taken.value()->told;
  CHECK(told.recorded());
  CHECK(told.naive_s > 0);  // people ahead, a window open for A
  std::vector<domain::Changes> batch{e->take_changes()};
  REQUIRE_FALSE(s.commit(batch, e->day()));
  auto again = s.load_current();
  REQUIRE(again);
  CHECK(again->tickets.back().told == told);
  CHECK_FALSE(again->tickets.front().told.recorded());
}

TEST_CASE("a version 11 database gains a case's request_key: old cases have none, a new open is remembered") {
  Fixture f;
  domain::CaseBook book(f.config.hall, f.clock);
  {
    server::Store s(f.db, 100);
    auto e = f.engine();
    f.morning(*e, s);
    REQUIRE(book.open(*e->find(s.load_current()->tickets.front().number), {}, {"c1", 1}));
    std::vector<domain::Changes> batch{book.take_changes()};
    REQUIRE_FALSE(s.commit(batch, e->day()));
  }
  {  // What the release of told waits left behind: user_version 11, no request_key on cases.
    SQLite::Database raw(f.db, SQLite::OPEN_READWRITE);
    raw.exec("ALTER TABLE cases DROP COLUMN request_key");
    raw.exec("PRAGMA user_version=11");
  }
  server::Store s(f.db, 100);
  CHECK(s.schema_version() == server::Store::kSchemaVersion);
  auto state = s.load_cases(f.clock.now() - 24h);
  REQUIRE(state.cases.size() == 1);
  CHECK(state.cases[0].request_key.empty());
  domain::CaseBook after(f.config.hall, f.clock);
  after.restore(state.cases, state.sheets, {}, 0);
  auto current = s.load_current();
  REQUIRE(current);
  const domain::Ticket& visit = current->tickets.front();
  domain::OpenCaseArgs keyed;
  keyed.request_key = "caller-1/k1";
  auto opened = after.open(visit, keyed, {"c1", 1});
  REQUIRE(opened);
  const std::string number = opened.value()->number;
  std::vector<domain::Changes> batch{after.take_changes()};
  REQUIRE_FALSE(s.commit(batch, visit.day));
  domain::CaseBook reopened(f.config.hall, f.clock);
  auto kept = s.load_cases(f.clock.now() - 24h);
  reopened.restore(kept.cases, kept.sheets, {}, 0);
  REQUIRE(reopened.find_request("caller-1/k1") != nullptr);
  CHECK(reopened.find_request("caller-1/k1")->number == number);
}
