#pragma once
// What a day asks of the windows, and which windows a staffing plan opens in each hour: the pieces
// the staffing search (staffing.cpp, advise_staffing) works with. The day's hours and what the model
// expects in each (arrivals, work, by service, as the simulator plays the date); the order the windows
// open in; the services an hour needs a window for; Erlang C's first guess; and the plan itself,
// per hour, turned into shifts. Internal to hallq_sim.

#include <array>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/domain/hall.hpp"
#include "core/sim/model.hpp"

namespace hallq::sim::staffing_plan {

// The day the plan covers: from the first issuing minute to the last (the hall's
// and every service's hours, as the simulator's closing).
struct Day {
  int opening = 0, closing = 1440;
  std::vector<domain::Interval> issuing;  // when some service issues (empty: all day)
  int first_hour() const { return opening / 60; }
  int last_hour() const { return (closing - 1) / 60; }
  // When a window that opens in hour h starts: at the hour, or where issuing starts again within it
  // (a hall that reopens at 14:30 after lunch needs nobody at 14:00).
  int start_in(int h) const;
};
Day day_of(const domain::HallConfig& hall);

// What the model expects in each hour of the day: arrivals and work per service.
struct Expected {
  std::vector<std::array<double, 24>> arrivals;  // per service of the model
  std::vector<double> mean_s;
  std::vector<std::string> codes;
  double arrivals_in(int h) const;
  double work_in(int h) const;  // seconds of service
};
// As the simulator plays `date`: its weekday's arrivals as the calendar has them on that date
// (month, after a holiday, a make-up day), and the appointments booked that come, in the hours
// they check in.
Expected expected(const domain::HallConfig& hall, const Model& m, domain::LocalDate date);

// The order the windows open in: each next window is the one that brings the
// most expected work no earlier window can take (a skill not yet covered), then
// the one that can take the most work, then the lower number.
std::vector<int> window_order(const domain::HallConfig& hall, const Expected& e);

// The services whose citizens hour h must have a window for: those expected in it; in the day's
// last hour and in an hour nobody is expected (lunch, between two sessions), those of the hour
// before too. Only services some window takes.
std::set<std::string> needed_in(const domain::HallConfig& hall, const Expected& e, int h, bool last);
// Whether window `w` takes a service of `needed`; whether `windows` (numbers) take every one.
bool takes_any(const domain::Window& w, const std::set<std::string>& needed);
bool covers(const domain::HallConfig& hall, const std::vector<int>& windows, const std::set<std::string>& needed);
// The fewest first windows of `order` that take every service of `needed`.
int coverage_minimum(const domain::HallConfig& hall, const std::vector<int>& order,
                     const std::set<std::string>& needed);
// The fewest windows Erlang C asks for in hour h, the hall pooled: as many as it takes, also more
// than the hall has (a manager sees how many the hour would need); 0 when nobody is expected.
int erlang_pooled(const Expected& e, int h, int target_s, double share);

// The services of the model that no window of `hall` takes (a new service not yet given a window):
// their citizens wait until they give up or the day ends, whatever is open.
std::vector<std::string> unserved(const domain::HallConfig& hall, const Model& m);
// The model without those services: no arrivals or appointments of theirs, no transfer to them (it
// would only add a visit that no window calls). The staffing search leaves them out.
Model without(Model m, const std::vector<std::string>& codes);

// The plan: for each hour, which windows of the order are open (by position in it). The search
// opens windows in the order and closes them from its end, so an hour's windows are mostly the
// first n; where a service cannot be served well enough even with every window open, windows are
// also closed from within (advise_staffing). Keeps a reference to `order`, which must outlive it.
class Plan {
 public:
  Plan(const std::vector<int>& order, const Day& day) : order_(order), day_(day) {}
  std::vector<bool>& at(int h) { return open_.try_emplace(h, order_.size(), false).first->second; }
  int count(int h);
  void set_first(int h, int n);
  // Hour h: few windows that take every service of `needed` (greedy: each next the one that takes
  // the most of those still uncovered, the earlier in the order on a tie).
  void set_cover(int h, const domain::HallConfig& hall, std::set<std::string> needed);
  // Opens the first window of the order closed in hour h (that `takes`, when given); false if none.
  bool open_next(int h, const std::function<bool(int)>& takes = nullptr);
  // The window of the order opened last in hour h (position), or -1.
  int last_open(int h);
  std::vector<int> windows(int h);  // numbers, ascending
  // As shifts: each window's consecutive open hours are one shift.
  std::vector<Shift> shifts() const;

 private:
  const std::vector<int>& order_;
  Day day_;
  std::map<int, std::vector<bool>> open_;
};

}  // namespace hallq::sim::staffing_plan
