// A training session's plan and judgement (core/sim/live.hpp), without a server:
// the citizens a scenario and a seed give, and what counts as a mistake.
#include <doctest/doctest.h>

#include "core/config/config.hpp"
#include "core/domain/id_number.hpp"
#include "core/sim/live.hpp"
#include "tests/support/process.hpp"

using namespace hallq;
using hallq::test::source_path;

namespace {

const domain::HallConfig& demo_hall() {
  static const config::Config c = config::load_config(source_path("assets/halls/demo.toml"));
  return c.hall;
}

sim::Model session(const std::string& extra) {
  return sim::parse_scenario(R"(
[live]
from = "09:00"
to = "11:00"
rating_share = 0.5

[[service]]
code = "A"
no_show = 0.1
transfer = 0.2
transfer_to = "E"
arrivals = { "09:00-10:00" = 40, "10:00-11:00" = 20 }
)" + extra,
                             "session.toml", demo_hall());
}

}  // namespace

TEST_CASE("live plan: the same scenario and seed give the same citizens, and the rates give the numbers") {
  sim::Model m = session("");
  auto a = sim::plan_live(m, demo_hall(), 1), b = sim::plan_live(m, demo_hall(), 1);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].at_ms == b[i].at_ms);
    CHECK(a[i].absent == b[i].absent);
    CHECK(a[i].then == b[i].then);
    CHECK(a[i].needs_s == b[i].needs_s);
    CHECK(a[i].seq == static_cast<int>(i + 1));
    if (i > 0) CHECK(a[i - 1].at_ms <= a[i].at_ms);
    CHECK(a[i].at_ms < 2 * 3600 * 1000);
  }
  // 60 expected over the two hours; over 200 seeds the mean is within a few per cent.
  double total = 0, absent = 0, then = 0, rating = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    m.seed = seed;
    for (const auto& c : sim::plan_live(m, demo_hall(), 1)) {
      ++total;
      absent += c.absent;
      then += c.then == "E";
      rating += c.rating_draw >= 0;
    }
  }
  CHECK(total / 200 == doctest::Approx(60).epsilon(0.05));
  CHECK(absent / total == doctest::Approx(0.1).epsilon(0.15));
  CHECK(then / total == doctest::Approx(0.9 * 0.2).epsilon(0.15));
  CHECK(rating / total == doctest::Approx(0.5).epsilon(0.1));
  m.seed = 2;
  auto c = sim::plan_live(m, demo_hall(), 1);
  bool differs = c.size() != a.size();
  for (std::size_t i = 0; !differs && i < c.size(); ++i) differs = c[i].at_ms != a[i].at_ms;
  CHECK(differs);
}

TEST_CASE("live plan: scripted citizens keep their place and needs, and arrivals = false leaves only them") {
  sim::Model m = session(R"toml(
[[citizen]]
at = "09:30"
service = "B"
then = "A"
missing = "Business licence (original and copy)"
minutes = 12
language = "mn"
rating = "dissatisfied"
)toml");
  m.live.arrivals = false;
  auto plan = sim::plan_live(m, demo_hall(), 1);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].at_ms == 30 * 60'000);
  CHECK(plan[0].service == "B");
  CHECK(plan[0].then == "A");
  CHECK(plan[0].missing == "Business licence (original and copy)");  // a material of B, named in English
  CHECK(plan[0].needs_s == 720);
  CHECK(plan[0].language == "mn");
  CHECK(plan[0].rating == "dissatisfied");
  CHECK(plan[0].scripted);
  CHECK(plan[0].then_needs_s == 900);  // A's configured 15 minutes: the scenario has no time for it
  CHECK(plan[0].id_number.empty());
}

TEST_CASE("live plan: the hall's minutes where the scenario has none, made-up ID numbers for real-name services") {
  sim::Model m = session(R"(
[[citizen]]
at = "09:10"
service = "C"

[[citizen]]
at = "09:20"
service = "F"
)");
  m.live.arrivals = false;
  auto plan = sim::plan_live(m, demo_hall(), 1);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].needs_s == demo_hall().service("C")->minutes * 60.0);
  REQUIRE(demo_hall().service("F")->real_name);
  CHECK(domain::valid_id_number(plan[1].id_number));
  CHECK(plan[1].id_number.rfind("150502", 0) == 0);
  CHECK(sim::training_id_number(2) != sim::training_id_number(3));
}

TEST_CASE("live scenario errors name the field") {
  auto fails = [](const std::string& extra, const std::string& part) {
    INFO(extra);
    try {
      session(extra);
      FAIL("accepted");
    } catch (const sim::ModelError& e) {
      CHECK(std::string(e.what()).find(part) != std::string::npos);
    }
  };
  fails("[[citizen]]\nat = \"08:00\"\nservice = \"A\"\n", "citizen[1].at");
  fails("[[citizen]]\nat = \"09:10\"\nservice = \"Z\"\n", "no service \"Z\"");
  fails("[[citizen]]\nat = \"09:10\"\nservice = \"A\"\nabsent = true\nthen = \"B\"\n", "absent");
  fails("[[citizen]]\nat = \"09:10\"\nservice = \"A\"\nrating = \"great\"\n", "rating");
  fails("[[incident]]\nkind = \"fire\"\nat = \"09:10\"\n", "printer_out or network_cut");
  fails("[[incident]]\nkind = \"printer_out\"\nat = \"11:10\"\n", "incident[1].at: must be within the session's hours");
  fails("[[citizen]]\nservice = \"A\"\n", "citizen[1].at: required");
  fails("[[citizen]]\nat = \"09:10\"\nservice = \"A\"\nmissing = \"营业执照正副本\"\n",
        "is not a material of service A: 居民身份证原件, 公司章程, 经营场所使用证明");
  fails("[[citizens]]\nat = \"09:10\"\n", ": citizens: unknown setting");
  fails("[[citizen]]\nat = \"09:10\"\nservice = \"G\"\nmissing = \"x\"\n", "service G lists no materials");
  // Not a number: refused as out of range, not played as times of -2147483648 minutes.
  try {
    sim::parse_scenario("[live]\nspeed = nan\n", "s.toml", demo_hall());
    FAIL("accepted");
  } catch (const sim::ModelError& e) {
    CHECK(std::string(e.what()).find("s.toml:2: live.speed: must be between 0.1 and 3600") != std::string::npos);
  }
  fails("[[incident]]\nkind = \"printer_out\"\nat = \"09:10\"\nminutes = nan\n", "incident[1].minutes: must be");
  fails("[[citizen]]\nat = \"09:10\"\nservice = \"A\"\nminutes = nan\n", "citizen[1].minutes: must be");
}

// "。" and "·" are what toml++ 3.3 must not be asked about (config::parse_toml hides them from it,
// for the hall's file and the scenarios alike); they come back exactly, in values and in messages.
TEST_CASE("a scenario with 。 and · in its comments, strings and errors reads as written") {
  sim::Model m = session(
      "# 午休轮换。见·说明\n[[citizen]]\nat = \"09:10\"  # 一位。\nservice = \"A\"\n"
      "missing = \"公司章程\"\n");
  REQUIRE(m.live.citizens.size() == 1);
  CHECK(m.live.citizens[0].missing == "公司章程");
  try {
    session("[[citizen]]\nat = \"09:10\"\nservice = \"A\"\nmissing = \"公司章程。·\"\n");
    FAIL("accepted");
  } catch (const sim::ModelError& e) {
    CHECK(std::string(e.what()).find("\"公司章程。·\" is not a material of service A") != std::string::npos);
  }
  try {
    session("[[citizen]]\nat = 200。\n");
    FAIL("accepted");
  } catch (const sim::ModelError& e) {
    CHECK(std::string(e.what()).rfind("session.toml:", 0) == 0);
    CHECK(std::string(e.what()).find("。") != std::string::npos);
  }
}

TEST_CASE("a drawn rating: content within the target, some not when kept waiting") {
  int bad_within = 0, bad_over = 0;
  for (int i = 0; i < 100; ++i) {
    double draw = i / 100.0;
    std::string within = sim::drawn_rating(draw, 60, 900), over = sim::drawn_rating(draw, 1800, 900);
    bad_within += within == "dissatisfied" || within == "very_dissatisfied";
    bad_over += over == "dissatisfied" || over == "very_dissatisfied";
  }
  CHECK(bad_within == 0);
  CHECK(bad_over == 30);
}

TEST_CASE("judging a session: each mistake the scenario defines, and the figures per trainee") {
  std::vector<sim::PlannedCitizen> citizens(5);
  for (int i = 0; i < 5; ++i) citizens[static_cast<std::size_t>(i)].seq = i + 1;
  citizens[1].absent = true;         // 2: never came
  citizens[2].then = "E";            // 3: needs E next
  citizens[3].missing = "营业执照";  // 4: without a material
  using O = sim::ObservedVisit::Outcome;
  auto visit = [](int citizen, const char* ticket, int n, const char* clerk, O o, const char* to, double s) {
    sim::ObservedVisit v;
    v.citizen = citizen;
    v.ticket = ticket;
    v.visit = n;
    v.clerk = clerk;
    v.clerk_name = clerk;
    v.outcome = o;
    v.to_service = to;
    v.handled_s = s;
    return v;
  };
  std::vector<sim::ObservedVisit> visits = {
      visit(1, "A001", 0, "c01", O::done, "", 100),         // right
      visit(2, "A002", 0, "c01", O::done, "", 20),          // served_absent
      visit(3, "A003", 0, "c02", O::done, "", 60),          // missed_transfer
      visit(4, "A004", 0, "c02", O::transferred, "B", 30),  // wrong_transfer
      visit(4, "A004", 1, "c02", O::no_show, "", 5),        // absent_marked
      visit(5, "A005", 0, "c01", O::no_show, "", 5),        // absent_marked
  };
  auto r = sim::judge_live(citizens, visits, {{"c01", "c01", 120}}, {{"c01", 0}, {"c02", 3}}, {{"A004", "c02"}});
  REQUIRE(r.size() == 2);
  CHECK(r[0].clerk == "c01");
  CHECK(r[0].called == 3);
  CHECK(r[0].served == 2);
  CHECK(r[0].no_shows == 1);
  REQUIRE(r[0].handled_mean_s);
  CHECK(*r[0].handled_mean_s == doctest::Approx(60));  // (100 + 20) / 2: no-shows are not handling
  CHECK(r[0].pauses == 1);
  CHECK(r[0].paused_s == 120);
  CHECK(r[0].ratings[0] == 1);
  REQUIRE(r[0].mistakes.size() == 2);
  CHECK(r[0].mistakes[0].kind == sim::Mistake::Kind::served_absent);
  CHECK(r[0].mistakes[1].kind == sim::Mistake::Kind::absent_marked);
  CHECK(r[1].clerk == "c02");
  CHECK(r[1].transfers == 1);
  CHECK(r[1].ratings[3] == 1);
  std::vector<std::string> kinds;
  for (const auto& m : r[1].mistakes) kinds.emplace_back(sim::to_string(m.kind));
  CHECK(kinds == std::vector<std::string>{"missed_transfer", "wrong_transfer", "absent_marked", "accepted_incomplete"});
  // A transfer to the service needed is right.
  auto right = sim::judge_live(citizens, {visit(3, "A003", 0, "c03", O::transferred, "E", 30)}, {}, {}, {});
  CHECK(right[0].mistakes.empty());
  // One who never came, sent on to B, is not at B's window either (an outside probe, 2026-12-04: the
  // right no-show there was judged absent_marked): the transfer is the one mistake, the no-show right.
  auto sent_on = sim::judge_live(
      citizens, {visit(2, "A002", 0, "c01", O::transferred, "B", 20), visit(2, "A002", 1, "c02", O::no_show, "", 5)},
      {}, {}, {});
  REQUIRE(sent_on.size() == 2);
  REQUIRE(sent_on[0].mistakes.size() == 1);
  CHECK(sent_on[0].mistakes[0].kind == sim::Mistake::Kind::served_absent);
  CHECK(sent_on[1].no_shows == 1);
  CHECK(sent_on[1].mistakes.empty());
}

// An outside probe (a citizen marked a no-show, called back, marked a no-show again) was reported as
// called 2, no-shows 2: a call-back is the same visit, counted once by how it last ended.
TEST_CASE("judging a session: a no-show called back is the same visit, counted by how it last ended") {
  std::vector<sim::PlannedCitizen> citizens(5);
  for (int i = 0; i < 5; ++i) citizens[static_cast<std::size_t>(i)].seq = i + 1;
  citizens[3].then = "E";     // 4: needs E next
  citizens[4].absent = true;  // 5: never came
  using O = sim::ObservedVisit::Outcome;
  auto visit = [](int citizen, const char* ticket, int step, const char* clerk, O o, double s) {
    sim::ObservedVisit v;
    v.citizen = citizen;
    v.ticket = ticket;
    v.visit = step;
    v.clerk = clerk;
    v.clerk_name = clerk;
    v.outcome = o;
    v.to_service = o == O::transferred ? "E" : "";
    v.handled_s = s;
    return v;
  };
  auto kinds = [](const sim::TraineeReport& r) {
    std::vector<std::string> out;
    for (const auto& m : r.mistakes) out.push_back(m.ticket + " " + std::string(sim::to_string(m.kind)));
    return out;
  };
  SUBCASE("a no-show twice: one visit, one no-show, one mistake") {
    auto r = sim::judge_live(
        citizens, {visit(1, "A001", 0, "c01", O::no_show, 5), visit(1, "A001", 0, "c01", O::no_show, 5)}, {}, {}, {});
    REQUIRE(r.size() == 1);
    CHECK(r[0].called == 1);
    CHECK(r[0].no_shows == 1);
    CHECK(r[0].served == 0);
    CHECK_FALSE(r[0].handled_mean_s);  // nothing served or transferred: no mean, not 0:00
    CHECK(kinds(r[0]) == std::vector<std::string>{"A001 absent_marked"});
  }
  SUBCASE("served after a call-back by the same trainee: served, the no-show still a mistake") {
    auto r = sim::judge_live(
        citizens, {visit(2, "A002", 0, "c01", O::no_show, 5), visit(2, "A002", 0, "c01", O::done, 40)}, {}, {}, {});
    REQUIRE(r.size() == 1);
    CHECK(r[0].called == 1);
    CHECK(r[0].served == 1);
    CHECK(r[0].no_shows == 0);
    REQUIRE(r[0].handled_mean_s);
    CHECK(*r[0].handled_mean_s == doctest::Approx(40));  // from the call-back to the end
    CHECK(kinds(r[0]) == std::vector<std::string>{"A002 absent_marked"});
  }
  SUBCASE("served after a call-back by another trainee: the first keeps the no-show") {
    auto r = sim::judge_live(
        citizens, {visit(3, "A003", 0, "c01", O::no_show, 5), visit(3, "A003", 0, "c02", O::done, 40)}, {}, {}, {});
    REQUIRE(r.size() == 2);
    CHECK(r[0].called == 1);
    CHECK(r[0].no_shows == 1);
    CHECK(kinds(r[0]) == std::vector<std::string>{"A003 absent_marked"});
    CHECK(r[1].called == 1);
    CHECK(r[1].served == 1);
    CHECK(r[1].no_shows == 0);
    CHECK(r[1].mistakes.empty());
  }
  SUBCASE("transferred after a call-back, then served at the next service: two visits") {
    auto r = sim::judge_live(citizens,
                             {visit(4, "A004", 0, "c01", O::no_show, 5), visit(4, "A004", 0, "c01", O::transferred, 20),
                              visit(4, "A004", 1, "c01", O::done, 60)},
                             {}, {}, {});
    REQUIRE(r.size() == 1);
    CHECK(r[0].called == 2);
    CHECK(r[0].transfers == 1);
    CHECK(r[0].served == 1);
    CHECK(r[0].no_shows == 0);
    CHECK(r[0].called == r[0].served + r[0].transfers + r[0].no_shows);
    CHECK(kinds(r[0]) == std::vector<std::string>{"A004 absent_marked"});  // the transfer was right
  }
  SUBCASE("one who never came, called back and served: served_absent once, counted served") {
    auto r = sim::judge_live(
        citizens, {visit(5, "A005", 0, "c01", O::no_show, 5), visit(5, "A005", 0, "c01", O::done, 5)}, {}, {}, {});
    REQUIRE(r.size() == 1);
    CHECK(r[0].called == 1);
    CHECK(r[0].served == 1);
    CHECK(r[0].no_shows == 0);
    CHECK(kinds(r[0]) == std::vector<std::string>{"A005 served_absent"});
  }
}

TEST_CASE("the training scenarios shipped for the demo hall read, and each brings its situation") {
  auto load = [](const std::string& name) {
    return sim::load_scenario(source_path("assets/sim/training-" + name + ".toml"), demo_hall());
  };
  sim::Model rush = load("rush");
  CHECK(sim::plan_live(rush, demo_hall(), 1).size() > 40);  // 38 an hour for 1.5 hours
  sim::Model printer = load("printer");
  REQUIRE(printer.live.incidents.size() == 1);
  CHECK(printer.live.incidents[0].kind == sim::LiveIncident::Kind::printer_out);
  sim::Model network = load("network");
  REQUIRE(network.live.incidents.size() == 1);
  CHECK(network.live.incidents[0].kind == sim::LiveIncident::Kind::network_cut);
  auto materials = sim::plan_live(load("materials"), demo_hall(), 1);
  REQUIRE(materials.size() == 4);
  CHECK(materials[0].missing == "公司章程");
  CHECK(materials[1].absent);
  CHECK(materials[2].then == "E");
}
