#include "core/protocol/hall_state.hpp"

#include <algorithm>

namespace hallq::protocol {
namespace {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

constexpr std::size_t kRecentCalls = 10;
}  // namespace

void HallState::reset(HallInfo hall, Snapshot snapshot) {
  hall_ = std::move(hall);
  snap_ = std::move(snapshot);
  new_calls_.clear();
  ++version_;
}

void HallState::set_alarms(const std::vector<Alarm>& alarms) {
  alarms_.clear();
  for (const auto& a : alarms) alarms_[a.id()] = a;
  ++version_;
}

const ServiceInfo* HallState::service(std::string_view code) const {
  for (const auto& s : snap_.services)
    if (s.code == code) return &s;
  return nullptr;
}

const WindowInfo* HallState::window(int number) const {
  for (const auto& w : snap_.windows)
    if (w.number == number) return &w;
  return nullptr;
}

std::vector<CallInfo> HallState::take_new_calls() {
  return std::exchange(new_calls_, {});
}

const RatingOffer* HallState::rating_offer(int window) const {
  for (const auto& o : snap_.rating_offers)
    if (o.window == window) return &o;
  return nullptr;
}

bool HallState::apply(const Event& event) {
  bool changed =
      std::visit(Overloaded{
                     [&](const CalledEvent& e) {
                       auto& rc = snap_.recent_calls;
                       std::erase_if(rc, [&](const CallInfo& x) { return x.number == e.call.number; });
                       rc.insert(rc.begin(), e.call);
                       if (rc.size() > kRecentCalls) rc.resize(kRecentCalls);
                       new_calls_.push_back(e.call);
                       return true;
                     },
                     [&](const QueueEvent& e) {
                       for (auto& s : snap_.services)
                         if (s.code == e.service) {
                           s.waiting = e.waiting;
                           s.ewt_s = e.ewt_s;
                           s.longest_wait_s = e.longest_wait_s;
                           s.issued = e.issued;
                           s.open = e.open;
                         }
                       return true;
                     },
                     [&](const WindowEvent& e) {
                       auto it = std::find_if(snap_.windows.begin(), snap_.windows.end(),
                                              [&](const WindowInfo& w) { return w.number == e.window.number; });
                       if (it != snap_.windows.end())
                         *it = e.window;
                       else
                         snap_.windows.push_back(e.window);
                       return true;
                     },
                     [&](const AlarmEvent& e) {
                       if (e.alarm.active)
                         alarms_[e.alarm.id()] = e.alarm;
                       else
                         alarms_.erase(e.alarm.id());
                       return true;
                     },
                     [&](const RatingOfferEvent& e) {
                       auto& offers = snap_.rating_offers;
                       std::erase_if(offers, [&](const RatingOffer& o) { return o.window == e.offer.window; });
                       offers.push_back(e.offer);
                       return true;
                     },
                     [&](const RatingsEvent& e) {
                       snap_.ratings = e.ratings;
                       return true;
                     },
                     [&](const CasesEvent& e) {
                       snap_.cases = e.cases;
                       return true;
                     },
                     [&](const DayEvent& e) {
                       snap_.day = e.day;
                       snap_.recent_calls.clear();
                       snap_.rating_offers.clear();
                       return true;
                     },
                     [&](const TicketEvent&) { return false; },  // screens show queues, not single tickets
                 },
                 event);
  if (changed) ++version_;
  return changed;
}

}  // namespace hallq::protocol
