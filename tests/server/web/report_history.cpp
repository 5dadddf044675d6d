#include "tests/server/web/report_history.hpp"

#include <cstdlib>

#include "core/config/config.hpp"
#include "core/domain/case_book.hpp"
#include "core/domain/rating_book.hpp"
#include "server/store.hpp"

namespace hallq::test::web {

using hallq::domain::LocalDate;

void write_history(const std::string& config_path, const std::string& db_path) {
  using namespace hallq::domain;
  auto config = hallq::config::load_config(config_path);
  hallq::server::Store store(db_path, 1000);
  ManualClock clock(from_local({2026, 11, 26}, 7 * 60));
  Engine engine(config.hall, clock, IdHasher({1, 2, 3}));
  RatingBook ratings(config.hall, clock);
  CaseBook cases(config.hall, clock);
  std::vector<Changes> batch;
  auto at = [&](LocalDate d, int h, int m) {
    clock.set(from_local(d, h * 60 + m));
    engine.tick();
  };
  auto keep = [&] {
    batch.push_back(engine.take_changes());
    batch.push_back(ratings.take_changes());
    batch.push_back(cases.take_changes());
    REQUIRE_FALSE(store.commit(batch, engine.day()));
    batch.clear();
  };
  auto take = [&](const char* service) {
    TakeArgs a;
    a.service = service;
    auto t = engine.take(a);
    REQUIRE(t.ok());
    return t.value();
  };
  RatingAnswer bad;
  bad.level = RatingLevel::dissatisfied;
  bad.reasons = {"waited_too_long"};
  RatingAnswer very_good, good;
  very_good.level = RatingLevel::very_satisfied;
  good.level = RatingLevel::satisfied;

  LocalDate thu{2026, 11, 26}, fri{2026, 11, 27};
  at(thu, 8, 0);
  REQUIRE(engine.login(1, "c1").ok());
  at(thu, 8, 30);
  take("A");
  at(thu, 8, 40);
  REQUIRE(engine.call_next(1).ok());
  at(thu, 8, 50);
  auto done = engine.finish(1);
  REQUIRE(done.ok());
  ratings.offer(*done.value(), "");
  REQUIRE(ratings.rate_at_window(1, "A001", bad).ok());
  at(thu, 9, 0);
  REQUIRE(engine.logout(1).ok());
  keep();

  at(fri, 8, 0);
  REQUIRE(engine.login(1, "c1").ok());
  REQUIRE(engine.login(2, "c2").ok());
  take("A");
  at(fri, 8, 5);
  take("A");
  at(fri, 8, 10);
  take("B");
  auto a1 = engine.call_next(1);
  REQUIRE(a1.ok());
  REQUIRE(a1.value()->number == "A001");
  at(fri, 8, 15);
  auto case_a = cases.open(*a1.value(), {}, Actor{"c1", 1});
  REQUIRE(case_a.ok());
  REQUIRE(cases.withdraw(case_a.value()->number, "the applicant changed their mind", Actor{"c1", 1}).ok());
  at(fri, 8, 20);
  done = engine.finish(1);
  REQUIRE(done.ok());
  ratings.offer(*done.value(), "");
  REQUIRE(ratings.rate_at_window(1, "A001", very_good).ok());
  REQUIRE(engine.call_next(1).ok());
  keep();
  at(fri, 8, 50);
  REQUIRE(engine.no_show(1).ok());
  at(fri, 9, 0);
  auto b1 = engine.call_next(2);
  REQUIRE(b1.ok());
  REQUIRE(b1.value()->number == "B001");
  at(fri, 9, 3);
  REQUIRE(cases.open(*b1.value(), {}, Actor{"c2", 2}).ok());
  at(fri, 9, 6);
  done = engine.finish(2);
  REQUIRE(done.ok());
  ratings.offer(*done.value(), "");
  REQUIRE(ratings.rate_at_window(2, "B001", good).ok());
  keep();
  at(fri, 12, 0);
  REQUIRE(engine.pause(1, "lunch").ok());
  at(fri, 13, 0);
  REQUIRE(engine.resume(1).ok());
  at(fri, 17, 0);
  REQUIRE(engine.logout(1).ok());
  keep();
}

}  // namespace hallq::test::web
