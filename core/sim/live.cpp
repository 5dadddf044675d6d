#include "core/sim/live.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "core/domain/id_number.hpp"

#include "core/sim/random.hpp"

namespace hallq::sim {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

// The streams of a session: arrivals per service, and each citizen's own draws.
constexpr std::uint64_t kArrivalStream = 0x4c495645;  // "LIVE"
constexpr std::uint64_t kCitizenStream = 0x43495449;  // "CITI"

}  // namespace

std::string training_id_number(int seq) {
  domain::LocalDate birth = domain::LocalDate{1960, 1, 1}.plus_days((seq * 3677) % 18000);
  char first17[32];
  std::snprintf(first17, sizeof first17, "150502%04d%02d%02d9%02d", birth.year % 10000, birth.month % 100,
                birth.day % 100, seq % 100);
  return std::string(first17) + domain::id_check_char(first17);
}

std::vector<PlannedCitizen> plan_live(const Model& model, const domain::HallConfig& hall, int weekday) {
  const LiveSession& live = model.live;
  // A visit's mean length: the scenario's service time, else the hall's configured minutes.
  auto mean_s = [&](const std::string& code) {
    if (const ServiceModel* s = model.service(code)) return s->time.mean_s;
    const auto* s = hall.service(code);
    return s != nullptr && s->minutes > 0 ? s->minutes * 60.0 : 600.0;
  };
  std::vector<PlannedCitizen> out;
  for (const LiveCitizen& c : live.citizens) {
    PlannedCitizen p;
    p.at_ms = static_cast<std::int64_t>(c.at - live.from) * kMinuteMs;
    p.service = c.service;
    p.absent = c.absent;
    p.then = c.then;
    p.missing = c.missing;
    p.language = c.language;
    p.scripted = true;
    p.rating = c.rating == "none" ? "" : c.rating;
    p.rating_draw = -1;  // scripted: the level given, or none
    p.needs_s = c.minutes > 0 ? c.minutes * 60 : mean_s(c.service);
    out.push_back(std::move(p));
  }
  if (live.arrivals) {
    for (std::size_t si = 0; si < model.services.size(); ++si) {
      const ServiceModel& s = model.services[si];
      Rng arrivals(model.seed, kArrivalStream + si);
      // Poisson within each 15-minute slot at the slot's rate: exponential gaps, restarted per slot.
      for (int slot = live.from / kSlotMinutes; slot * kSlotMinutes < live.to && slot < kSlots; ++slot) {
        double rate = s.per_hour[static_cast<std::size_t>(weekday)][static_cast<std::size_t>(slot)];
        if (rate <= 0) continue;
        double lo = std::max(slot * kSlotMinutes, live.from), hi = std::min((slot + 1) * kSlotMinutes, live.to);
        for (double t = lo + arrivals.exponential(60.0 / rate); t < hi; t += arrivals.exponential(60.0 / rate)) {
          PlannedCitizen p;
          p.at_ms = static_cast<std::int64_t>((t - live.from) * kMinuteMs);
          p.service = s.code;
          out.push_back(std::move(p));
        }
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PlannedCitizen& a, const PlannedCitizen& b) { return a.at_ms < b.at_ms; });
  for (std::size_t i = 0; i < out.size(); ++i) {
    PlannedCitizen& p = out[i];
    p.seq = static_cast<int>(i + 1);
    if (const auto* svc = hall.service(p.service); svc != nullptr && svc->real_name)
      p.id_number = training_id_number(p.seq);
    if (p.scripted) {
      if (!p.then.empty()) p.then_needs_s = mean_s(p.then);
      continue;
    }
    const ServiceModel* s = model.service(p.service);
    Rng draws(model.seed, kCitizenStream + i);
    p.absent = draws.chance(s->no_show);
    if (!p.absent && draws.chance(s->transfer)) p.then = s->transfer_to;
    p.needs_s = std::max(30.0, draws.service(s->time));
    if (!p.then.empty()) p.then_needs_s = mean_s(p.then);
    p.rating_draw = draws.chance(live.rating_share) ? draws.uniform() : -1;
  }
  return out;
}

std::string drawn_rating(double draw, double waited_s, int target_s) {
  // Content citizens: mostly very satisfied. Past the target, three in ten are not.
  if (target_s <= 0 || waited_s <= target_s) {
    if (draw < 0.65) return "very_satisfied";
    return draw < 0.95 ? "satisfied" : "basically_satisfied";
  }
  if (draw < 0.25) return "very_satisfied";
  if (draw < 0.50) return "satisfied";
  if (draw < 0.70) return "basically_satisfied";
  return draw < 0.90 ? "dissatisfied" : "very_dissatisfied";
}

std::string_view to_string(Mistake::Kind k) {
  switch (k) {
    case Mistake::Kind::served_absent:
      return "served_absent";
    case Mistake::Kind::absent_marked:
      return "absent_marked";
    case Mistake::Kind::missed_transfer:
      return "missed_transfer";
    case Mistake::Kind::wrong_transfer:
      return "wrong_transfer";
    case Mistake::Kind::accepted_incomplete:
      return "accepted_incomplete";
  }
  return "served_absent";
}

std::vector<TraineeReport> judge_live(const std::vector<PlannedCitizen>& citizens,
                                      const std::vector<ObservedVisit>& visits,
                                      const std::vector<ObservedPause>& pauses,
                                      const std::vector<ObservedRating>& ratings,
                                      const std::vector<std::pair<std::string, std::string>>& accepted) {
  std::map<std::string, TraineeReport> by_clerk;
  auto trainee = [&](const std::string& clerk, const std::string& name) -> TraineeReport& {
    TraineeReport& r = by_clerk[clerk];
    r.clerk = clerk;
    if (r.clerk_name.empty()) r.clerk_name = name;
    return r;
  };
  std::map<int, const PlannedCitizen*> citizen;
  for (const PlannedCitizen& c : citizens) citizen[c.seq] = &c;
  std::map<std::string, int> ticket_citizen;
  using O = ObservedVisit::Outcome;
  // A visit: a ticket's step at one trainee's window. The last ending reported is how it ended.
  using VisitKey = std::tuple<std::string, int, std::string>;  // ticket, step, clerk
  std::map<VisitKey, const ObservedVisit*> ended;
  std::set<std::tuple<std::string, int, std::string, Mistake::Kind>> judged;  // each kind once a visit
  for (const ObservedVisit& v : visits) {
    ticket_citizen[v.ticket] = v.citizen;
    TraineeReport& r = trainee(v.clerk, v.clerk_name);
    ended[{v.ticket, v.visit, v.clerk}] = &v;
    auto it = citizen.find(v.citizen);
    if (it == citizen.end()) continue;
    const PlannedCitizen& c = *it->second;
    auto mistake = [&](Mistake::Kind k) {
      if (judged.insert({v.ticket, v.visit, v.clerk, k}).second) r.mistakes.push_back({k, v.ticket, v.clerk});
    };
    bool first = v.visit == 0;
    if (c.absent) {  // never came, at this window or at any it was sent to: a no-show is all that is right
      if (v.outcome != O::no_show) mistake(Mistake::Kind::served_absent);
      continue;
    }
    if (v.outcome == O::no_show) mistake(Mistake::Kind::absent_marked);
    if (first && !c.then.empty() && v.outcome == O::done) mistake(Mistake::Kind::missed_transfer);
    if (v.outcome == O::transferred && (!first || c.then.empty() || (!v.to_service.empty() && v.to_service != c.then)))
      mistake(Mistake::Kind::wrong_transfer);
  }
  std::map<std::string, double> handled_sum;
  std::map<std::string, int> handled_n;
  for (const auto& [key, v] : ended) {
    TraineeReport& r = by_clerk[v->clerk];
    ++r.called;
    if (v->outcome == O::done) ++r.served;
    if (v->outcome == O::transferred) ++r.transfers;
    if (v->outcome == O::no_show) ++r.no_shows;
    if (v->outcome != O::no_show) {  // from the call that ended it (a call-back's) to its end
      handled_sum[v->clerk] += v->handled_s;
      ++handled_n[v->clerk];
    }
  }
  for (const auto& [ticket, clerk] : accepted) {
    auto t = ticket_citizen.find(ticket);
    if (t == ticket_citizen.end()) continue;
    auto c = citizen.find(t->second);
    if (c != citizen.end() && !c->second->missing.empty())
      trainee(clerk, {}).mistakes.push_back({Mistake::Kind::accepted_incomplete, ticket, clerk});
  }
  for (const ObservedPause& p : pauses) {
    TraineeReport& r = trainee(p.clerk, p.clerk_name);
    ++r.pauses;
    r.paused_s += p.seconds;
  }
  for (const ObservedRating& g : ratings)
    if (g.level >= 0 && g.level < 5) ++trainee(g.clerk, {}).ratings[static_cast<std::size_t>(g.level)];
  std::vector<TraineeReport> out;
  for (auto& [clerk, r] : by_clerk) {
    if (handled_n[clerk] > 0) r.handled_mean_s = handled_sum[clerk] / handled_n[clerk];
    std::stable_sort(r.mistakes.begin(), r.mistakes.end(),
                     [](const Mistake& a, const Mistake& b) { return a.ticket < b.ticket; });
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace hallq::sim
