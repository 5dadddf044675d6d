#pragma once
// A training session's citizens and its judgement, for hallq-sim --live
// (docs/training.md). Pure: the plan is drawn from a scenario (Model::live and
// the [[service]] rates) and a seed; the judgement reads what the training hall
// reported of each visit. The wire work is tools/hallq-sim/live.cpp.
//
// A session has a virtual clock: minute `live.from` is its start, and it runs
// `live.speed` times as fast as the wall clock. Planned times are virtual
// milliseconds since the start.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/hall.hpp"
#include "core/sim/model.hpp"

namespace hallq::sim {

// One citizen of the session, in the order they arrive.
struct PlannedCitizen {
  int seq = 0;             // 1, 2, …: the request key's and the console's number
  std::int64_t at_ms = 0;  // virtual, since the session's start
  std::string service;
  bool absent = false;      // gone when called
  std::string then;         // needs this service next
  std::string missing;      // comes without this material
  double needs_s = 0;       // virtual seconds at the window
  double then_needs_s = 0;  // and at the next service's window (`then`), virtual seconds
  std::string id_number;    // a real-name service's: a made-up number of a valid form (training only)
  std::string language = "zh";
  bool scripted = false;   // a [[citizen]] of the scenario (else drawn from the rates)
  std::string rating;      // a level the citizen gives; empty: does not rate
  double rating_draw = 0;  // drawn citizens who rate: the level follows from this and their wait
};

// The scripted citizens and, when live.arrivals, Poisson arrivals from each
// service's rates on `weekday` (0 = Sunday) between live.from and live.to, each
// with its no-show, transfer and handling time drawn from the service's model.
// The same model and seed give the same citizens.
// A service the scenario has no [[service]] for takes the hall's configured minutes.
std::vector<PlannedCitizen> plan_live(const Model& model, const domain::HallConfig& hall, int weekday);

// A resident ID number of valid form (region 150502, a birth date, the check character) made up for
// simulated citizen `seq` of a training session: real-name services refuse a take without one.
std::string training_id_number(int seq);

// The level a citizen drawn to rate gives, from their draw and how long they
// waited: content unless the wait passed the target. Never empty.
std::string drawn_rating(double draw, double waited_s, int target_s);

// What the training hall reported of one call of a citizen's ticket, as it ended (a no-show called
// back and ended again is reported twice, with the same `visit`).
struct ObservedVisit {
  int citizen = 0;  // PlannedCitizen::seq
  std::string ticket;
  int visit = 0;  // the step: 0 the ticket's first service; 1 the one a transfer sent it to, …
  std::string clerk, clerk_name;
  int window = 0;
  enum class Outcome { done, no_show, transferred } outcome = Outcome::done;
  std::string to_service;  // transferred to a service (empty: to a window, or not transferred)
  double handled_s = 0;    // from the call to the visit's end, real seconds
};

struct ObservedPause {
  std::string clerk, clerk_name;
  double seconds = 0;  // real
};

struct ObservedRating {
  std::string clerk;
  int level = 0;  // 0 very satisfied … 4 very dissatisfied
};

// One thing done wrong, as the scenario defines it.
struct Mistake {
  enum class Kind {
    served_absent,        // finished (or transferred) a citizen who never came, instead of a no-show
    absent_marked,        // marked a no-show for a citizen who came
    missed_transfer,      // finished a citizen who needed another service next
    wrong_transfer,       // transferred a citizen who did not need it, or to another service than needed
    accepted_incomplete,  // accepted (受理) the case of a citizen whose materials were missing
  };
  Kind kind = Kind::served_absent;
  std::string ticket;
  std::string clerk;
};
std::string_view to_string(Mistake::Kind k);

// A trainee's session: one clerk who called at least one citizen, or paused.
//
// A visit is one step of a citizen's ticket (its first service, or the one a transfer sent it to) at
// one trainee's window. A no-show called back at the same step is the same visit, counted once, by
// how it last ended at that trainee's window: a no-show the trainee called back and served is served,
// not a no-show. Called back by another trainee, it is that trainee's visit too, and the first keeps
// the no-show (they did mark it). A transfer ends a visit; the next step is a new one (docs/training.md).
struct TraineeReport {
  std::string clerk, clerk_name;
  int called = 0;  // visits (called = served + transfers + no_shows)
  int served = 0, transfers = 0, no_shows = 0;
  std::optional<double> handled_mean_s;  // over the visits served or transferred; none when there are none
  int pauses = 0;
  double paused_s = 0;
  std::array<int, 5> ratings{};  // by level, 0 very satisfied … 4 very dissatisfied
  std::vector<Mistake> mistakes;
};

// Each trainee's figures and mistakes, ordered by clerk id. Mistakes are judged from every ending
// reported (a no-show put right by a call-back stays a mistake), each kind once a visit. `accepted` lists the
// tickets (with the clerk who accepted) whose case was accepted in the session.
std::vector<TraineeReport> judge_live(const std::vector<PlannedCitizen>& citizens,
                                      const std::vector<ObservedVisit>& visits,
                                      const std::vector<ObservedPause>& pauses,
                                      const std::vector<ObservedRating>& ratings,
                                      const std::vector<std::pair<std::string, std::string>>& accepted);

}  // namespace hallq::sim
