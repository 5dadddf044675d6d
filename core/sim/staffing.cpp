#include "core/sim/staffing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "core/sim/report.hpp"
#include "core/sim/staffing_plan.hpp"

namespace hallq::sim {
namespace {

using staffing_plan::coverage_minimum;
using staffing_plan::covers;
using staffing_plan::Day;
using staffing_plan::day_of;
using staffing_plan::erlang_pooled;
using staffing_plan::Expected;
using staffing_plan::expected;
using staffing_plan::needed_in;
using staffing_plan::Plan;
using staffing_plan::takes_any;
using staffing_plan::unserved;
using staffing_plan::window_order;
using staffing_plan::without;

// How many standard errors an hour's share must clear the goal by. The search keeps, hour by hour,
// the fewest windows that pass on the same days played, so a plan that passes by luck is the one
// kept: played on other days, such advice fell short in some hour on 16 of 20 replays of 40 days
// (four goals on the demo weekday and a lighter one, five seeds each); with the margin and the
// check below, on 2 of 20 (docs/simulation.md). 1.64: an hour whose true share is exactly the goal
// passes one time in twenty.
constexpr double kMarginZ = 1.64;
// An hour that misses the target even with every window open is held to what it reaches then, less
// this: the fewest windows that do as well as the hall can, within half a point.
constexpr double kBestSlack = 0.005;
// The goal of an hour or service held to what it reaches: its lower bound then, less kBestSlack.
double held_to(double lower) {
  return std::max(0.0, lower - kBestSlack);
}
// A window opened for an hour that misses the goal is kept only if it raises the hour's lower bound
// by at least this (a tenth of a point); else more windows do not help that hour (a specialist
// desk's citizens, a handful of late transfers).
constexpr double kHelps = 0.001;
// The advice found is checked on at least this many other days (twice the search's, if more),
// from the model's seed plus kCheckSeed, and windows it does without there are closed; then
// verified on as many from the seed plus twice kCheckSeed. 120, not 60: the margin on fewer days
// kept windows that were not needed (four advices on the demo weekday and a lighter one, before
// the verification: with one window fewer in an hour, 7 of 36 such plans still met the goal over
// 200 other days at 120 days, 16 of 36 at 60; with it, 12 of 36; docs/simulation.md).
constexpr int kCheckDays = 120;
constexpr std::uint64_t kCheckSeed = 1'000'003;

struct Played {
  std::map<int, HourRow> hours;  // the hall's rows by hour
  std::vector<ServiceResult> services;
  int days_played = 0;
  // Of the visits that started waiting in hour h, the share called within the target (those never
  // called — gave up, still waiting at the end — count as missing it); 1 when nobody started waiting.
  double share(int h) const {
    auto it = hours.find(h);
    return it == hours.end() ? 1.0 : share_of(it->second.waits);
  }
  static double share_of(const WaitFigures& w) {
    int all = w.called + w.missed;
    return all == 0 ? 1.0 : w.within_target * w.called / all;
  }
  // Enough visits to be judged: at least as many as days played.
  bool enough(const WaitFigures& w) const {
    int all = w.called + w.missed;
    return all > 0 && all >= std::max(days_played, 1);
  }
  // The share less kMarginZ standard errors of it, as the days played show them (the ratio
  // estimator's, over days: a day's visits share its queues, so its share varies far more than
  // visits counted one by one would say).
  double lower(int h) const {
    auto it = hours.find(h);
    return it == hours.end() ? share(h) : lower_of(share(h), it->second.by_day);
  }
  // A service's share over the day, less kMarginZ standard errors.
  static double lower_of(const ServiceResult& r) { return lower_of(share_of(r.waits), r.by_day); }
  // `p` less kMarginZ standard errors, from how `days` vary (the ratio estimator's).
  static double lower_of(double p, const std::vector<DayCount>& days) {
    if (days.size() < 2) return p;
    double counted = 0, squares = 0;
    for (const DayCount& d : days) {
      counted += d.counted;
      double off = d.within + 0.0 - p * d.counted;
      squares += off * off;
    }
    if (counted == 0) return p;
    auto n = static_cast<double>(days.size());
    // Never below 0: on a few days the margin can exceed the share, and an hour held to what it
    // reaches (held_to, at least 0) must then meet that (on 2 days a play, the search went round forever).
    return std::max(0.0, p - kMarginZ * std::sqrt(squares / (n * (n - 1))) / (counted / n));
  }
  // Whether the hour is judged at all: at least as many visits started waiting in it as there were
  // days played. Fewer (a transfer after the last arrivals, the lunch hour) say nothing of the hour:
  // one citizen in forty days who waited long would make it "0%".
  bool judged(int h) const {
    auto it = hours.find(h);
    return it != hours.end() && enough(it->second.waits);
  }
  // A service over the whole day: its share within the target, judged as an hour is (at least as
  // many visits as days played). The hours pool every service; a service whose few windows stay
  // busy can miss the target while the hour, kept up by the others, meets it.
  // `margin`: judged as the search judges an hour (its share less the margin), else on the share.
  std::vector<const ServiceResult*> short_of(double goal, bool margin) const {
    std::vector<const ServiceResult*> out;
    for (const ServiceResult& r : services) {
      if (!enough(r.waits)) continue;
      double p = share_of(r.waits);
      if (misses_goal(margin ? lower_of(r) : p, goal)) out.push_back(&r);
    }
    return out;
  }
  // The search's test: with the margin, so that the advice meets the goal on other days too.
  bool meets(int h, double goal) const { return !judged(h) || !misses_goal(lower(h), goal); }
  // The verdict on the days played (StaffingAdvice::met): the share itself.
  bool met(int h, double goal) const { return !judged(h) || !misses_goal(share(h), goal); }
};

Played play(const domain::HallConfig& hall, Model model, domain::LocalDate date, const std::vector<Shift>& shifts,
            const StaffingGoal& goal) {
  model.shifts = shifts;
  model.start = date;
  model.days = goal.replications;
  model.arrivals_date = date;
  model.keyed_draws = true;
  model.estimates = false;  // only the waits count here
  model.target_s = goal.target_s;
  model.measure = {0, 1440};
  Played p;
  Result r = simulate(hall, model);
  for (const auto& row : r.hours) p.hours[row.hour] = row;
  p.services = std::move(r.services);
  p.days_played = goal.replications;
  return p;
}

StaffingGoal resolved(StaffingGoal goal, const Model& model, const domain::HallConfig& hall) {
  if (goal.target_s <= 0) goal.target_s = model.target_s > 0 ? model.target_s : hall.alarms.wait_minutes * 60;
  goal.replications = std::max(goal.replications, 1);
  return goal;
}

void check_open(const domain::HallConfig& hall, domain::LocalDate date) {
  if (!date.valid()) throw ModelError("staffing: not a date");
  if (!hall.open_on(date))
    throw ModelError("staffing: the hall is closed on " + date.str() + " (" + hall.closed_because(date) + ")");
}

std::vector<std::string> skills_of(const domain::HallConfig& hall, const std::vector<int>& windows) {
  std::vector<std::string> out;
  for (const auto& s : hall.services)
    for (int n : windows)
      if (const domain::Window* w = hall.window(n); w != nullptr && w->weight_of(s.code) > 0) {
        out.push_back(s.code);
        break;
      }
  return out;
}

StaffingHour hour_figures(int h, const Expected& e, const Played& p) {
  StaffingHour out;
  out.hour = h;
  out.arrivals = e.arrivals_in(h);
  out.load = e.work_in(h) / 3600.0;
  out.judged = p.judged(h);
  if (auto it = p.hours.find(h); it != p.hours.end()) {
    out.called = it->second.waits.called;
    // Nobody started waiting: no share (Played::share says 1 so as not to fail the hour), shown as 0.
    bool anyone = it->second.waits.called + it->second.waits.missed > 0;
    out.within_target = anyone ? p.share(h) : 0;
    out.wait_mean_s = it->second.waits.mean_s;
    out.wait_p90_s = it->second.waits.p90_s;
  }
  return out;
}

// The services whose citizens a window more can help in hour h, on the days played: `direct`, those
// with visits that started waiting in it and missed the target (the hour's share falls short by
// them; a service's row for an hour it had nobody start waiting in does not count); `sharing`, those and the others of
// every window that takes one of them (a window for these frees a shared one). A window that takes none of them cannot
// help the hour: a specialist desk's hour is not helped by opening the comprehensive windows beside it, for a transfer
// in it once in sixty days that was called in time.
struct Helped {
  std::set<std::string> direct, sharing;
};
Helped helped_in(const domain::HallConfig& hall, const Played& p, int h) {
  Helped out;
  for (const ServiceResult& r : p.services)
    for (const HourRow& row : r.hours)
      if (row.hour == h && (row.waits.missed > 0 || (row.waits.called > 0 && row.waits.within_target < 1.0)))
        out.direct.insert(r.code);
  out.sharing = out.direct;
  for (const domain::Window& w : hall.windows)
    if (takes_any(w, out.direct))
      for (const auto& [code, weight] : w.services)
        if (weight > 0) out.sharing.insert(code);
  return out;
}

// The minutes of [from, to) that shift `s` has its window staffed: its hours less its breaks.
int staffed_minutes(const Shift& s, int from, int to) {
  auto overlap = [&](int a, int b) { return std::max(0, std::min(b, to) - std::max(a, from)); };
  int m = overlap(s.from, s.to);
  for (const auto& b : s.breaks) m -= overlap(std::max(b.from, s.from), std::min(b.to, s.to));
  return m;
}

// Whether a service short over the day can still reach `goal` (less its margin) by windows opened
// in the hours `room` says have one that takes it still closed. Its misses in the other hours (every
// window that takes it open there) stay whatever opens elsewhere: where they alone leave it short,
// a window more in an hour its citizens already meet the target in buys a point or less of its share
// over the day, and opening it there only costs window-hours. (An outside probe, 2026-12-04: a
// one-hour spike on the demo hall that every D and E window could not serve kept windows 4 and 5
// open all day for D and E, in hours at 99.3-100%: 41.0 window-hours; now 33.0, docs/simulation.md.)
bool within_reach(const ServiceResult& r, double goal, const std::function<bool(int)>& room) {
  int all = r.waits.called + r.waits.missed;
  if (all == 0) return true;
  double lost = 0;  // visits that missed the target in hours no window more can help
  for (const HourRow& row : r.hours)
    if (!room(row.hour)) lost += row.waits.called + row.waits.missed - row.waits.within_target * row.waits.called;
  double best = 1 - lost / all;
  return !misses_goal(best - (Played::share_of(r.waits) - Played::lower_of(r)), goal);
}

// Each service over the day, on the days played: its share, and whether it misses the target.
void judge_services(StaffingAdvice& a, const Played& p) {
  for (const ServiceResult& r : p.services)
    if (p.enough(r.waits)) a.services.push_back({r.code, Played::share_of(r.waits)});
  for (const ServiceResult* r : p.short_of(a.goal.share, false)) {
    a.short_services.push_back({r->code, Played::share_of(r->waits)});
    a.met = false;
  }
}

}  // namespace

StaffingAdvice advise_staffing(const domain::HallConfig& configured, Model model, domain::LocalDate date,
                               const StaffingGoal& goal_in) {
  check_open(configured, date);
  const domain::HallConfig hall = hall_played(configured, model);  // the skills played: a [[window]] "what if"
  StaffingAdvice a;
  a.date = date;
  a.goal = resolved(goal_in, model, hall);
  // A service no window takes is named, and left out: no window opened helps its citizens.
  a.unserved = unserved(hall, model);
  a.met = a.unserved.empty();
  model = without(std::move(model), a.unserved);
  const Day day = day_of(hall);
  const Expected e = expected(hall, model, date);
  const int all = static_cast<int>(hall.windows.size());
  a.hall_windows = all;
  a.order = window_order(hall, e);

  Plan plan(a.order, day);
  std::map<int, int> floor, guess;
  std::map<int, std::set<std::string>> needed;
  for (int h = day.first_hour(); h <= day.last_hour(); ++h) {
    needed[h] = needed_in(hall, e, h, h == day.last_hour());
    floor[h] = coverage_minimum(hall, a.order, needed[h]);
    guess[h] = erlang_pooled(e, h, a.goal.target_s, a.goal.share);  // shown as it is; the search's at most all
    if (guess[h] == 0)  // nobody expected (lunch): only a window for each service still waiting
      plan.set_cover(h, hall, needed[h]);
    else
      plan.set_first(h, std::clamp(std::max(guess[h], floor[h]), 0, all));
  }
  // A window more in hour k for the citizens who started waiting in hour h (k = h, or the next hour,
  // which their queue is carried into), on the days `played`: the next of the order that takes one
  // of their services, else the next that shares a window with them, leaving out those already
  // found not to help them. None left: nothing more helps. Each window opened so is noted for its
  // hour (the hour opened in, its index in the order).
  std::map<int, std::pair<int, std::size_t>> opened;
  std::map<int, std::set<std::pair<int, int>>> useless;  // by hour h: (hour k, window) that did not help it
  auto open_for = [&](const Played& played, int h, int k) {
    const Helped helped = helped_in(hall, played, h);
    const std::vector<bool> was = plan.at(k);
    auto untried = [&](int n) { return !useless[h].contains({k, n}); };
    if (!plan.open_next(k, [&](int n) { return untried(n) && takes_any(*hall.window(n), helped.direct); }) &&
        !plan.open_next(k, [&](int n) { return untried(n) && takes_any(*hall.window(n), helped.sharing); }))
      return false;
    for (std::size_t i = 0; i < was.size(); ++i)
      if (!was[i] && plan.at(k)[i]) opened[h] = {k, i};
    return true;
  };
  auto evaluate = [&] {
    ++a.evaluations;
    return play(hall, model, date, plan.shifts(), a.goal);
  };
  // What each hour must reach: the target, or (an hour that misses it with every window open)
  // what it reached then, less half a point.
  std::map<int, double> goal;
  for (const auto& [h, f] : floor) goal[h] = a.goal.share;
  auto all_meet = [&](const Played& p) {
    for (const auto& [h, f] : floor)
      if (!p.meets(h, goal[h])) return false;
    return true;
  };
  // Hours for which no window is left that might help (every one that takes or shares its missed
  // citizens' services is open, in it and the next hour, or was tried and did not help: they wait
  // for a specialist desk already open, or are a handful whose misses no window changes): each is
  // held to what it reaches then, less half a point, and gets no more windows in the search.
  // Without this, such an hour opened every window in the hall, and the hour after it, one at a
  // time (an outside probe, 2026-12-03: a notary desk's noon hour of one citizen a day, 67
  // window-hours for 54).
  std::set<int> settled;
  // After a play: a window opened for hour h that raised h's lower bound by less than kHelps is
  // closed again and not tried for h again. True when one was closed (the plan must be played again).
  auto drop_unhelpful = [&](const Played& before, const Played& after) {
    bool dropped = false;
    for (const auto& [h, at] : opened)
      if (after.lower(h) < before.lower(h) + kHelps) {
        plan.at(at.first)[at.second] = false;
        useless[h].insert({at.first, a.order[at.second]});
        dropped = true;
      }
    opened.clear();
    return dropped;
  };

  // Up: every hour that misses the target gets a window more (a full hour: the next one).
  Played p = evaluate();
  bool unreachable = false;
  for (int round = 0; !all_meet(p); ++round) {
    bool added = false, settling = false;
    for (const auto& [h, f] : floor) {
      if (p.meets(h, goal[h])) continue;
      if (!settled.contains(h) && (open_for(p, h, h) || (floor.contains(h + 1) && open_for(p, h, h + 1)))) {
        added = true;
      } else {  // nothing left that helps it (a settled hour that windows for others moved: held again)
        settled.insert(h);
        goal[h] = held_to(p.lower(h));
        settling = true;
      }
    }
    if (settling && !added && round <= 24 * all) continue;  // the same plan, held to the settled hours' goals
    if (!added || round > 24 * all) {
      // The target cannot be met in some hours: from the best that can be done there, as few
      // windows as keep it.
      unreachable = true;
      for (const auto& [h, f] : floor) {
        plan.set_first(h, all);
        if (!p.meets(h, goal[h])) goal[h] = held_to(p.lower(h));
      }
      p = evaluate();
      for (const auto& [h, f] : floor) goal[h] = std::min(goal[h], held_to(p.lower(h)));
      break;
    }
    Played next = evaluate();
    if (drop_unhelpful(p, next)) next = evaluate();
    p = std::move(next);
  }
  opened.clear();
  // Down: each hour in turn gives up windows, the last opened first, while every hour still meets
  // its goal.
  // Window k closed in hour h, played by `replay`: kept closed when `keeps` the result, else opened again.
  auto close_if = [&](int h, int k, auto replay, auto keeps) {
    plan.at(h)[static_cast<std::size_t>(k)] = false;
    if (covers(hall, plan.windows(h), needed[h])) {
      Played fewer = replay();
      if (keeps(fewer)) {
        p = std::move(fewer);
        return true;
      }
    }
    plan.at(h)[static_cast<std::size_t>(k)] = true;
    return false;
  };
  auto close_if_kept = [&](int h, int k) { return close_if(h, k, evaluate, all_meet); };
  for (const auto& [h, f] : floor) {
    bool closed = true;
    while (closed && plan.count(h) > f) closed = close_if_kept(h, plan.last_open(h));
  }
  // Where the target is out of reach, every window was opened, and the last ones of the order may be
  // the ones its citizens need (a service only a few windows take, late in the order): then the
  // windows before them that do not help are closed too, one at a time.
  for (const auto& [h, f] : floor)
    if (unreachable || settled.contains(h))
      for (int k = plan.last_open(h); k-- > 0;)
        if (plan.at(h)[static_cast<std::size_t>(k)]) close_if_kept(h, k);

  // Checked: the plan played on other days than the search's (kCheckSeed), more of them; each hour
  // that misses its goal there gets a window more (a full hour: the next one, whose queue it is;
  // both full: its goal is what it reaches), until none does.
  // The search kept, hour by hour, the fewest windows that passed on its own days, so where it
  // passed by luck it is found out here. The figures shown are these days'.
  Model other = model;
  other.seed = model.seed + kCheckSeed;
  StaffingGoal check = a.goal;
  check.replications = std::max(kCheckDays, 2 * a.goal.replications);
  a.checked_days = check.replications;
  if (unreachable) {
    // What every window open reaches differs on these days: the goals of the hours that cannot meet
    // the target are taken from them, so that the check does not open every window again for a goal
    // only the search's days reached.
    Plan every(a.order, day);
    for (const auto& [h, f] : floor) every.set_first(h, all);
    Played best = play(hall, other, date, every.shifts(), check);
    for (const auto& [h, f] : floor) goal[h] = std::min(goal[h], held_to(best.lower(h)));
  }
  // Up on the days `on` plays (p: the plan played on them), until every hour and service meets its
  // goal there or nothing left helps.
  auto check_up = [&](const Model& on) {
    for (int round = 0; round < 24 * all; ++round) {
      bool added = false;
      for (const auto& [h, f] : floor) {
        if (p.meets(h, goal[h])) continue;
        if (open_for(p, h, h) || (floor.contains(h + 1) && open_for(p, h, h + 1)))
          added = true;
        else
          goal[h] = held_to(p.lower(h));  // every window that helps it open: the best there is
      }
      // A service short over the day: in its worst hour with a window that takes it still closed, the
      // first such window of the order opens (also where the hour meets the target for it: a service
      // short only by the margin misses in no hour; step 6 closes what its day does not need). One out
      // of reach that way (within_reach) gets one only in an hour its citizens miss the target in.
      for (const ServiceResult* r : p.short_of(a.goal.share, true)) {
        auto takes = [&](int n) { return hall.window(n)->weight_of(r->code) > 0; };
        auto room = [&](int h) {
          if (!floor.contains(h)) return false;
          const std::vector<bool>& open = plan.at(h);
          for (std::size_t k = 0; k < open.size(); ++k)
            if (!open[k] && takes(a.order[k])) return true;
          return false;
        };
        const bool reachable = within_reach(*r, a.goal.share, room);
        int worst_hour = -1;
        double worst_share = 2;
        for (const HourRow& row : r->hours) {
          if (!p.enough(row.waits) || !room(row.hour)) continue;  // a handful: not its worst
          double sh = Played::share_of(row.waits);
          if (!reachable && !misses_goal(sh, a.goal.share)) continue;
          if (sh < worst_share) {
            worst_share = sh;
            worst_hour = row.hour;
          }
        }
        if (worst_hour >= 0) added = plan.open_next(worst_hour, takes) || added;
      }
      if (!added) break;
      Played next = play(hall, on, date, plan.shifts(), check);
      if (drop_unhelpful(p, next)) next = play(hall, on, date, plan.shifts(), check);
      p = std::move(next);
    }
  };
  p = play(hall, other, date, plan.shifts(), check);
  // A settled hour's goal from these days, as the unreachable hours' above: what it reaches here.
  for (int h : settled) goal[h] = std::min(goal[h], held_to(p.lower(h)));
  check_up(other);
  // Down again, on these days: the search's days and their margin (wider: fewer days) left windows
  // that these do without, and windows opened above for a service short over the day may be more
  // than it needs. Each hour in turn, the one furthest above its goal first, gives up windows, the
  // last opened first, while every hour still meets its goal here and no service that met the
  // target over the day falls short of it. So the advice is the fewest windows that pass on the
  // days that judge it, and one window fewer misses the target (or its margin) in some hour or
  // service (an outside check of the advice, 2026-12-03: the demo weekday at 75% within 30 minutes
  // kept eight windows all afternoon, for services the morning left short; three window-hours
  // fewer still met every hour and every service over 200 other days).
  auto play_check = [&] { return play(hall, other, date, plan.shifts(), check); };
  // An hour held below the target was held to what it reached on a play before windows opened above
  // (its goal only ever fell): now it is held to what it reaches with them, less half a point, so that
  // closing cannot take back what they gave it. Each service judged over the day likewise: to the
  // target, or (short of it here with the margin, nothing left to open for it) to what it reaches.
  for (auto& [h, g] : goal)
    if (g < a.goal.share) g = std::min(a.goal.share, held_to(p.lower(h)));
  std::map<std::string, double> service_goal;
  for (const ServiceResult& r : p.services)
    if (p.enough(r.waits)) service_goal[r.code] = std::min(a.goal.share, held_to(p.lower_of(r)));
  auto check_keeps = [&](const Played& q) {
    if (!all_meet(q)) return false;
    for (const ServiceResult& r : q.services)
      if (auto g = service_goal.find(r.code);
          g != service_goal.end() && q.enough(r.waits) && misses_goal(q.lower_of(r), g->second))
        return false;
    return true;
  };
  std::vector<int> by_slack;
  for (const auto& [h, f] : floor) by_slack.push_back(h);
  std::stable_sort(by_slack.begin(), by_slack.end(),
                   [&](int x, int y) { return p.lower(x) - goal[x] > p.lower(y) - goal[y]; });
  // Each hour's windows are tried from the last opened back, passing over one its hour needs for a
  // skill, until one is needed for the goals. (Trying on past that, until two in a row were needed,
  // cost half as many plays again and did not give fewer window-hours: on an outside reviewer's
  // hall 79.5 against 77.5, the verification opening more again; on the demo weekday 78.0 either way.)
  for (int h : by_slack)
    for (int k = plan.last_open(h); k >= 0 && plan.count(h) > floor[h]; --k) {
      auto i = static_cast<std::size_t>(k);
      if (!plan.at(h)[i]) continue;
      plan.at(h)[i] = false;
      bool coverable = covers(hall, plan.windows(h), needed[h]);
      plan.at(h)[i] = true;
      if (coverable && !close_if(h, k, play_check, check_keeps)) break;
    }
  // Verified on yet other days (as many): the closing above chose what passed on the check's days,
  // so where they favoured the plan it is found out here, as the check finds out the search's luck;
  // an hour or a service that misses its goal here gets a window more, as in the check. The figures
  // shown are these days'. (Without this, the demo weekday at 80% within 40 minutes was left with
  // tax (E) at 83.2% on the check's days, and 79–80% over 200 days on two of five other seeds.)
  Model fresh = model;
  fresh.seed = model.seed + 2 * kCheckSeed;
  p = play(hall, fresh, date, plan.shifts(), check);
  check_up(fresh);

  a.shifts = plan.shifts();
  judge_services(a, p);
  for (const auto& [h, f] : floor) {
    a.met = a.met && p.met(h, a.goal.share);  // the verdict: on the share itself (the margin sets the windows)
    StaffingHour row = hour_figures(h, e, p);
    row.erlang_guess = guess[h];
    row.open = plan.windows(h);
    row.windows = static_cast<int>(row.open.size());
    row.skills = skills_of(hall, row.open);
    a.hours.push_back(std::move(row));
  }
  for (const auto& s : a.shifts) a.window_hours += (s.to - s.from) / 60.0;
  return a;
}

StaffingAdvice replay_staffing(const domain::HallConfig& configured, Model model, domain::LocalDate date,
                               const std::vector<Shift>& shifts, const StaffingGoal& goal) {
  check_open(configured, date);
  const domain::HallConfig hall = hall_played(configured, model);  // the skills played: a [[window]] "what if"
  StaffingAdvice a;
  a.date = date;
  a.goal = resolved(goal, model, hall);
  a.shifts = shifts;
  a.evaluations = 1;
  a.hall_windows = static_cast<int>(hall.windows.size());
  a.unserved = unserved(hall, model);  // named, and left out of the figures, as in the advice
  a.met = a.unserved.empty();
  model = without(std::move(model), a.unserved);
  const Day day = day_of(hall);
  const Expected e = expected(hall, model, date);
  Played p = play(hall, model, date, shifts, a.goal);
  for (int h = day.first_hour(); h <= day.last_hour(); ++h) {
    StaffingHour row = hour_figures(h, e, p);
    row.erlang_guess = erlang_pooled(e, h, a.goal.target_s, a.goal.share);
    for (const auto& s : shifts)
      if (staffed_minutes(s, h * 60, (h + 1) * 60) > 0 &&
          std::find(row.open.begin(), row.open.end(), s.window) == row.open.end())
        row.open.push_back(s.window);
    std::sort(row.open.begin(), row.open.end());
    row.windows = static_cast<int>(row.open.size());
    row.skills = skills_of(hall, row.open);
    a.met = a.met && p.met(h, a.goal.share);
    a.hours.push_back(std::move(row));
  }
  judge_services(a, p);
  for (const auto& s : shifts) a.window_hours += staffed_minutes(s, 0, 1440) / 60.0;
  return a;
}

}  // namespace hallq::sim
