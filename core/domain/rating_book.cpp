#include "core/domain/rating_book.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include "core/domain/calendar.hpp"
#include "core/domain/enum_names.hpp"

namespace hallq::domain {
namespace {
constexpr std::array<std::string_view, 5> kLevels = {"very_dissatisfied", "dissatisfied", "basically_satisfied",
                                                     "satisfied", "very_satisfied"};
constexpr std::array<std::string_view, 2> kChannels = {"pad", "phone"};
constexpr std::array<std::string_view, 5> kFollowupStates = {"open", "contacted", "rectified", "closed", "unreachable"};
constexpr int kKeepEndedFollowupDays = 31;

}  // namespace

bool may_follow(FollowupState from, FollowupState to) {
  switch (from) {
    case FollowupState::open:
      return to == FollowupState::contacted || to == FollowupState::unreachable;
    case FollowupState::contacted:
      return to == FollowupState::rectified || to == FollowupState::unreachable;
    case FollowupState::rectified:
      return to == FollowupState::closed;
    case FollowupState::closed:
    case FollowupState::unreachable:
      return false;
  }
  return false;
}

std::string_view to_string(RatingLevel l) {
  return kLevels[static_cast<std::size_t>(l) - 1];
}
std::optional<RatingLevel> rating_level_from_string(std::string_view s) {
  return from_names<RatingLevel>(kLevels, s, 1);
}
std::string_view to_string(RatingChannel c) {
  return kChannels[static_cast<std::size_t>(c)];
}
std::optional<RatingChannel> rating_channel_from_string(std::string_view s) {
  return from_names<RatingChannel>(kChannels, s);
}
std::string_view to_string(FollowupState s) {
  return kFollowupStates[static_cast<std::size_t>(s)];
}
std::optional<FollowupState> followup_state_from_string(std::string_view s) {
  return from_names<FollowupState>(kFollowupStates, s);
}
bool ended(FollowupState s) {
  return s == FollowupState::closed || s == FollowupState::unreachable;
}

int RatingToday::satisfaction_permille() const {
  if (rated == 0) return -1;
  int good = levels[2] + levels[3] + levels[4];
  return good * 1000 / rated;
}

struct RatingBook::Impl {
  // Ratings by (day, ticket); recent days only (kPhoneDays), older ones are in the store.
  std::map<std::pair<LocalDate, std::string>, Rating> ratings;
  std::map<std::int64_t, std::pair<LocalDate, std::string>> by_id;
  std::map<int, std::pair<LocalDate, std::string>> offers;  // window → its latest offer
  std::map<std::int64_t, Followup> followups;
  std::int64_t last_rating = 0, last_followup = 0;
  std::set<std::int64_t> touched_ratings, touched_followups;
  Changes changes;
  LocalDate pruned_on;

  Rating* rating(std::int64_t id) {
    auto it = by_id.find(id);
    if (it == by_id.end()) return nullptr;
    auto r = ratings.find(it->second);
    return r == ratings.end() ? nullptr : &r->second;
  }
  void event(std::string kind, TimePoint at, LocalDate day, std::string number, int window, std::string service,
             std::string by, std::string detail) {
    changes.events.push_back(
        {std::move(kind), at, day, std::move(number), window, std::move(service), std::move(by), std::move(detail)});
  }
  void flush() {
    for (auto id : touched_ratings)
      if (const Rating* r = rating(id)) changes.ratings.push_back(*r);
    for (auto id : touched_followups)
      if (auto it = followups.find(id); it != followups.end()) changes.followups.push_back(it->second);
    touched_ratings.clear();
    touched_followups.clear();
  }
};

RatingBook::RatingBook(const HallConfig& config, const Clock& clock)
    : config_(config), clock_(clock), impl_(std::make_unique<Impl>()) {}
RatingBook::~RatingBook() = default;

void RatingBook::restore(std::vector<Rating> ratings, std::vector<Followup> followups, std::int64_t last_rating,
                         std::int64_t last_followup) {
  Impl fresh;
  fresh.last_rating = last_rating;
  fresh.last_followup = last_followup;
  std::sort(ratings.begin(), ratings.end(), [](const Rating& a, const Rating& b) { return a.id < b.id; });
  for (auto& r : ratings) {
    std::pair<LocalDate, std::string> key{r.day, r.ticket};
    fresh.by_id[r.id] = key;
    fresh.offers[r.window] = key;  // the window's newest; rate_at_window checks the time
    fresh.ratings[key] = std::move(r);
  }
  for (auto& f : followups) fresh.followups[f.id] = std::move(f);
  *impl_ = std::move(fresh);
}

const Rating& RatingBook::offer(const Ticket& ticket, std::string case_number) {
  auto& m = *impl_;
  const Visit& v = ticket.current();
  std::pair<LocalDate, std::string> key{ticket.day, ticket.number};
  auto it = m.ratings.find(key);
  if (it == m.ratings.end()) {
    Rating r;
    r.id = ++m.last_rating;
    r.day = ticket.day;
    r.ticket = ticket.number;
    r.case_number = std::move(case_number);
    r.window = v.window;
    r.clerk = v.clerk;
    r.service = v.service;
    r.finished_at = v.ended_at == TimePoint{} ? clock_.now() : v.ended_at;
    m.by_id[r.id] = key;
    it = m.ratings.emplace(key, std::move(r)).first;
    m.touched_ratings.insert(it->second.id);
  }
  m.offers[v.window] = key;
  return it->second;
}

namespace {
// The newest visit finished at `window`, not rated, finished less than `seconds` ago.
const Rating* newest_open(const auto& m, int window, std::int64_t seconds, TimePoint now) {
  auto o = m.offers.find(window);
  if (o == m.offers.end()) return nullptr;
  auto r = m.ratings.find(o->second);
  if (r == m.ratings.end() || r->second.level) return nullptr;
  if (seconds_between(r->second.finished_at, now) >= seconds) return nullptr;
  return &r->second;
}
}  // namespace

const Rating* RatingBook::offered_at(int window) const {
  return newest_open(*impl_, window, config_.ratings.pad_seconds, clock_.now());
}

namespace {
std::optional<Error> check_answer(const RatingAnswer& a, const RatingRules& rules) {
  for (auto it = a.reasons.begin(); it != a.reasons.end(); ++it) {
    if (std::find(rules.reasons.begin(), rules.reasons.end(), *it) == rules.reasons.end())
      return Error{Code::bad_request, "unknown reason \"" + *it + "\" (the hall's [ratings] reasons)"};
    if (std::find(a.reasons.begin(), it, *it) != it)  // a set: the export would say it twice
      return Error{Code::bad_request, "reason \"" + *it + "\" is given twice"};
  }
  if (bad(a.level) && a.reasons.empty())
    return Error{Code::bad_request, "a rating of " + std::string(to_string(a.level)) + " needs a reason"};
  if (!bad(a.level) && (!a.reasons.empty() || !a.phone_sealed.empty()))
    return Error{Code::bad_request, "reasons and a call-back number go with a bad rating only"};
  return std::nullopt;
}
}  // namespace

Outcome<const Rating*> RatingBook::rate_at_window(int window, std::string_view ticket, const RatingAnswer& answer) {
  auto& m = *impl_;
  const Rating* offered =
      newest_open(m, window, std::int64_t{config_.ratings.pad_seconds} * kPadTouchedLimit, clock_.now());
  if (offered == nullptr || offered->ticket != ticket) {
    auto o = m.offers.find(window);
    bool same = o != m.offers.end() && o->second.second == ticket;
    const Rating* r = same ? find(o->second.first, ticket) : nullptr;
    if (r && r->level) return Error{Code::invalid_state, "visit " + std::string(ticket) + " is already rated"};
    if (same) return Error{Code::invalid_state, "the time to rate visit " + std::string(ticket) + " has passed"};
    return Error{Code::not_found,
                 "window " + std::to_string(window) + " has no visit " + std::string(ticket) + " to rate"};
  }
  return rate_visit(offered->day, ticket, answer);
}

Outcome<const Rating*> RatingBook::rate_visit(LocalDate day, std::string_view ticket, const RatingAnswer& answer) {
  auto& m = *impl_;
  auto it = m.ratings.find({day, std::string(ticket)});
  if (it == m.ratings.end())
    return Error{Code::not_found, "no finished visit " + std::string(ticket) + " on " + day.str() + " to rate"};
  Rating& r = it->second;
  if (r.level) return Error{Code::invalid_state, "visit " + r.ticket + " is already rated"};
  if (answer.channel == RatingChannel::phone && today() > r.day.plus_days(kPhoneDays))
    return Error{Code::invalid_state, "visit " + r.ticket + " can no longer be rated"};
  if (auto e = check_answer(answer, config_.ratings)) return *e;
  const TimePoint now = clock_.now();
  r.level = answer.level;
  r.reasons = answer.reasons;
  r.channel = answer.channel;
  r.rated_at = now;
  m.event("rated", now, r.day, r.ticket, r.window, r.service, std::string(to_string(answer.channel)),
          std::string(to_string(answer.level)));
  if (bad(answer.level)) {
    Followup f;
    f.id = ++m.last_followup;
    f.rating = r.id;
    f.opened_at = now;
    f.callback_due = add_workdays(config_, today(), config_.ratings.callback_workdays);
    f.rectify_due = add_workdays(config_, today(), config_.ratings.rectify_workdays);
    f.phone_sealed = answer.phone_sealed;
    f.phone_masked = answer.phone_masked;
    r.followup = f.id;
    m.event("followup_opened", now, today(), std::to_string(f.id), r.window, r.service, "",
            r.ticket + " " + std::string(to_string(answer.level)));
    m.touched_followups.insert(f.id);
    m.followups.emplace(f.id, std::move(f));
  }
  m.touched_ratings.insert(r.id);
  return &r;
}

Outcome<const Followup*> RatingBook::update_followup(std::int64_t id, FollowupState to, std::string note,
                                                     std::string by) {
  auto& m = *impl_;
  auto it = m.followups.find(id);
  if (it == m.followups.end()) return Error{Code::not_found, "no follow-up " + std::to_string(id)};
  Followup& f = it->second;
  if (!may_follow(f.state, to))
    return Error{Code::invalid_state, "follow-up " + std::to_string(id) + " is " + std::string(to_string(f.state)) +
                                          ", it cannot become " + std::string(to_string(to))};
  if (note.empty()) return Error{Code::bad_request, "a follow-up step needs a note (what was said or done)"};
  const TimePoint now = clock_.now();
  f.state = to;
  f.notes.push_back({now, by, to, note});
  if (to == FollowupState::contacted) f.contacted_at = now;
  if (ended(to)) {
    f.ended_at = now;
    f.phone_sealed.clear();  // the consent was for this follow-up only
    f.phone_masked.clear();
  }
  const Rating* r = find(f.rating);
  m.event("followup_" + std::string(to_string(to)), now, today(), std::to_string(f.id), r ? r->window : 0,
          r ? r->service : std::string(), std::move(by), std::move(note));
  m.touched_followups.insert(f.id);
  return &f;
}

const Rating* RatingBook::find(LocalDate day, std::string_view ticket) const {
  auto it = impl_->ratings.find({day, std::string(ticket)});
  return it == impl_->ratings.end() ? nullptr : &it->second;
}

const Rating* RatingBook::find(std::int64_t id) const {
  return impl_->rating(id);
}

const Followup* RatingBook::followup(std::int64_t id) const {
  auto it = impl_->followups.find(id);
  return it == impl_->followups.end() ? nullptr : &it->second;
}

std::vector<const Followup*> RatingBook::followups(bool open_only) const {
  std::vector<const Followup*> out;
  for (const auto& [id, f] : impl_->followups)
    if (!open_only || !ended(f.state)) out.push_back(&f);
  return out;
}

bool RatingBook::overdue(const Followup& f) const {
  if (ended(f.state)) return false;
  LocalDate d = today();
  if (f.state == FollowupState::open && d > f.callback_due) return true;
  return f.state != FollowupState::rectified && d > f.rectify_due;
}

std::vector<const Rating*> RatingBook::bad_since(TimePoint since) const {
  std::vector<const Rating*> out;
  for (const auto& [key, r] : impl_->ratings)
    if (r.level && bad(*r.level) && r.rated_at && *r.rated_at >= since) out.push_back(&r);
  return out;
}

RatingToday RatingBook::figures_today(int window, std::string_view clerk) const {
  RatingToday t;
  const LocalDate d = today();
  for (const auto& [key, r] : impl_->ratings) {
    if (r.day != d || (window && r.window != window) || (!clerk.empty() && r.clerk != clerk)) continue;
    ++t.offered;
    if (!r.level) continue;
    ++t.rated;
    ++t.levels[static_cast<std::size_t>(*r.level) - 1];
  }
  for (const auto& [id, f] : impl_->followups) {
    if (ended(f.state)) continue;
    ++t.open_followups;
    if (overdue(f)) ++t.overdue_followups;
  }
  return t;
}

LocalDate RatingBook::today() const {
  return hall_day(clock_.now(), config_.rollover_minute);
}

Changes RatingBook::take_changes() {
  auto& m = *impl_;
  m.flush();
  // Once a day the book lets go of what the store keeps: ratings past the
  // phone window, follow-ups ended a month ago.
  const LocalDate day = today();
  if (m.pruned_on != day) {
    m.pruned_on = day;
    const LocalDate cutoff = day.plus_days(-RatingBook::kPhoneDays - 1);
    for (auto it = m.ratings.begin(); it != m.ratings.end();) {
      if (it->first.first < cutoff) {
        m.by_id.erase(it->second.id);
        it = m.ratings.erase(it);
      } else {
        ++it;
      }
    }
    std::erase_if(m.offers, [&](const auto& o) { return o.second.first < cutoff; });
    const LocalDate ended_cutoff = day.plus_days(-kKeepEndedFollowupDays);
    std::erase_if(m.followups, [&](const auto& f) {
      return ended(f.second.state) && f.second.ended_at &&
             hall_day(*f.second.ended_at, config_.rollover_minute) < ended_cutoff;
    });
  }
  return std::exchange(m.changes, {});
}

}  // namespace hallq::domain
