#include "core/sim/staffing_plan.hpp"

#include <algorithm>
#include <cmath>

#include "core/sim/erlang.hpp"

namespace hallq::sim::staffing_plan {
namespace {

double mean_service_s(const ServiceTime& t) {
  if (t.kind == ServiceTime::Kind::empirical && !t.samples_s.empty()) {
    double sum = 0;
    for (double v : t.samples_s) sum += v;
    return sum / static_cast<double>(t.samples_s.size());
  }
  return t.mean_s;
}

// `show` citizens of an appointment at `slot` (minutes) checking in, as the simulator has them:
// uniformly over the `early` minutes before the slot; spread over the hours that span covers.
void add_checkins(std::array<double, 24>& per, int slot, int early, double show) {
  int from = std::max(0, slot - std::max(0, early));
  if (from >= slot) {
    per[static_cast<std::size_t>(std::clamp(slot / 60, 0, 23))] += show;
    return;
  }
  for (int h = from / 60; h * 60 < slot && h < 24; ++h) {
    int overlap = std::min(slot, (h + 1) * 60) - std::max(from, h * 60);
    if (overlap > 0) per[static_cast<std::size_t>(h)] += show * overlap / (slot - from);
  }
}

}  // namespace

int Day::start_in(int h) const {
  int from = std::max(h * 60, opening);
  if (issuing.empty()) return from;
  int next = 1440;
  for (const auto& i : issuing) {
    if (i.contains(from)) return from;
    if (i.from > from) next = std::min(next, i.from);
  }
  return next < (h + 1) * 60 ? next : from;
}

Day day_of(const domain::HallConfig& hall) {
  Day d{hall.opening_minute(), hall.closing_minute(), {}};
  if (hall.hours.empty()) return d;
  d.issuing = hall.hours;
  for (const auto& s : hall.services) {
    d.issuing.insert(d.issuing.end(), s.hours.begin(), s.hours.end());
    d.issuing.insert(d.issuing.end(), s.extended_hours.begin(), s.extended_hours.end());
  }
  return d;
}

double Expected::arrivals_in(int h) const {
  double a = 0;
  for (const auto& s : arrivals) a += s[static_cast<std::size_t>(h)];
  return a;
}

double Expected::work_in(int h) const {
  double w = 0;
  for (std::size_t s = 0; s < arrivals.size(); ++s) w += arrivals[s][static_cast<std::size_t>(h)] * mean_s[s];
  return w;
}

Expected expected(const domain::HallConfig& hall, const Model& m, domain::LocalDate date) {
  Expected e;
  for (const auto& s : m.services) {
    std::array<double, 24> per{};
    const std::array<double, kSlots> rates = arrivals_on_date(s, m.calendar, hall, date);
    const domain::Service* cfg = hall.service(s.code);
    // Only those the hall would give a ticket: a citizen who comes in the lunch hour the service
    // does not issue in is refused, and makes no work. (A quota is left to the plays: when it runs
    // out differs from day to day, and an hour cut at its average would lose the service's window.)
    for (int minute = 0; minute < 1440; ++minute)
      if (cfg == nullptr || hall.issues(*cfg, date, minute))
        per[static_cast<std::size_t>(minute / 60)] += rates[static_cast<std::size_t>(minute / kSlotMinutes)] / 60.0;
    for (const AppointmentPlan& a : m.appointments)
      if (a.service == s.code)
        for (int slot : a.slots) add_checkins(per, slot, a.early_minutes, a.show);
    e.arrivals.push_back(per);
    e.mean_s.push_back(mean_service_s(s.time));
    e.codes.push_back(s.code);
  }
  return e;
}

std::vector<int> window_order(const domain::HallConfig& hall, const Expected& e) {
  std::vector<double> work(e.codes.size(), 0);
  for (std::size_t s = 0; s < e.codes.size(); ++s)
    for (int h = 0; h < 24; ++h) work[s] += e.arrivals[s][static_cast<std::size_t>(h)] * e.mean_s[s];
  std::set<std::string> covered;
  std::vector<const domain::Window*> left;
  for (const auto& w : hall.windows) left.push_back(&w);
  std::vector<int> order;
  while (!left.empty()) {
    auto score = [&](const domain::Window* w) {
      double fresh = 0, all = 0;
      for (std::size_t s = 0; s < e.codes.size(); ++s) {
        if (w->weight_of(e.codes[s]) <= 0) continue;
        all += work[s];
        if (!covered.contains(e.codes[s])) fresh += work[s];
      }
      return std::pair{fresh, all};
    };
    auto best = std::max_element(left.begin(), left.end(), [&](const domain::Window* a, const domain::Window* b) {
      auto sa = score(a), sb = score(b);
      if (sa != sb) return sa < sb;
      return a->number > b->number;  // the lower number wins a tie
    });
    for (const auto& [code, weight] : (*best)->services)
      if (weight > 0) covered.insert(code);
    order.push_back((*best)->number);
    left.erase(best);
  }
  return order;
}

// Whoever still waits at closing is served out (the windows whose shift ends at closing serve
// everyone holding a ticket), a transfer late in the day included, and a plan that closed the last
// of a service's windows before then would leave them waiting; nor are the citizens still waiting
// at lunch left until the afternoon.
std::set<std::string> needed_in(const domain::HallConfig& hall, const Expected& e, int h, bool last) {
  bool quiet = e.arrivals_in(h) <= 0;
  std::set<std::string> needed;
  for (std::size_t s = 0; s < e.codes.size(); ++s)
    if (e.arrivals[s][static_cast<std::size_t>(h)] > 0 ||
        ((last || quiet) && h > 0 && e.arrivals[s][static_cast<std::size_t>(h - 1)] > 0)) {
      bool somewhere = std::any_of(hall.windows.begin(), hall.windows.end(),
                                   [&](const domain::Window& w) { return w.weight_of(e.codes[s]) > 0; });
      if (somewhere) needed.insert(e.codes[s]);
    }
  return needed;
}

bool takes_any(const domain::Window& w, const std::set<std::string>& needed) {
  return std::any_of(needed.begin(), needed.end(), [&](const std::string& code) { return w.weight_of(code) > 0; });
}

bool covers(const domain::HallConfig& hall, const std::vector<int>& windows, const std::set<std::string>& needed) {
  return std::all_of(needed.begin(), needed.end(), [&](const std::string& code) {
    return std::any_of(windows.begin(), windows.end(), [&](int n) { return hall.window(n)->weight_of(code) > 0; });
  });
}

int coverage_minimum(const domain::HallConfig& hall, const std::vector<int>& order,
                     const std::set<std::string>& needed) {
  for (std::size_t n = 0; n <= order.size(); ++n)
    if (covers(hall, std::vector<int>(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n)), needed))
      return static_cast<int>(n);
  return static_cast<int>(order.size());
}

int erlang_pooled(const Expected& e, int h, int target_s, double share) {
  double arrivals = e.arrivals_in(h);
  if (arrivals <= 0) return 0;
  double mean_s = e.work_in(h) / arrivals;
  // Above the work there is always a count that meets any share below 1: the first that does.
  int c = std::max(1, static_cast<int>(std::floor(arrivals * mean_s / 3600.0)));
  while (c < 100'000 && erlang_c_within(c, arrivals / 3600.0, mean_s, target_s) < share) ++c;
  return c;
}

std::vector<std::string> unserved(const domain::HallConfig& hall, const Model& m) {
  std::vector<std::string> out;
  for (const auto& s : hall.services) {  // those with citizens: arrivals, appointments, or transfers to them
    bool comes =
        m.service(s.code) != nullptr ||
        std::any_of(m.services.begin(), m.services.end(),
                    [&](const ServiceModel& from) { return from.transfer > 0 && from.transfer_to == s.code; }) ||
        std::any_of(m.appointments.begin(), m.appointments.end(),
                    [&](const AppointmentPlan& a) { return a.service == s.code; });
    if (comes && std::none_of(hall.windows.begin(), hall.windows.end(),
                              [&](const domain::Window& w) { return w.weight_of(s.code) > 0; }))
      out.push_back(s.code);
  }
  return out;
}

Model without(Model m, const std::vector<std::string>& codes) {
  auto gone = [&](const std::string& code) { return std::find(codes.begin(), codes.end(), code) != codes.end(); };
  std::erase_if(m.services, [&](const ServiceModel& s) { return gone(s.code); });
  std::erase_if(m.appointments, [&](const AppointmentPlan& a) { return gone(a.service); });
  for (ServiceModel& s : m.services)
    if (s.transfer > 0 && gone(s.transfer_to)) {
      s.transfer = 0;
      s.transfer_to.clear();
    }
  return m;
}

int Plan::count(int h) {
  return static_cast<int>(std::count(at(h).begin(), at(h).end(), true));
}

void Plan::set_first(int h, int n) {
  for (std::size_t k = 0; k < order_.size(); ++k) at(h)[k] = static_cast<int>(k) < n;
}

void Plan::set_cover(int h, const domain::HallConfig& hall, std::set<std::string> needed) {
  std::vector<bool>& o = at(h);
  std::fill(o.begin(), o.end(), false);
  while (!needed.empty()) {
    std::size_t best = order_.size();
    int best_new = 0;
    for (std::size_t k = 0; k < order_.size(); ++k) {
      int fresh = 0;
      for (const auto& [code, weight] : hall.window(order_[k])->services) fresh += weight > 0 && needed.contains(code);
      if (!o[k] && fresh > best_new) {
        best = k;
        best_new = fresh;
      }
    }
    if (best == order_.size()) return;  // a service no window takes
    o[best] = true;
    for (const auto& [code, weight] : hall.window(order_[best])->services) needed.erase(code);
  }
}

bool Plan::open_next(int h, const std::function<bool(int)>& takes) {
  std::vector<bool>& o = at(h);
  for (std::size_t k = 0; k < o.size(); ++k)
    if (!o[k] && (!takes || takes(order_[k]))) return o[k] = true;
  return false;
}

int Plan::last_open(int h) {
  std::vector<bool>& o = at(h);
  for (std::size_t k = o.size(); k-- > 0;)
    if (o[k]) return static_cast<int>(k);
  return -1;
}

std::vector<int> Plan::windows(int h) {  // numbers, ascending
  std::vector<int> out;
  for (std::size_t k = 0; k < order_.size(); ++k)
    if (at(h)[k]) out.push_back(order_[k]);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Shift> Plan::shifts() const {
  std::vector<Shift> out;
  for (std::size_t k = 0; k < order_.size(); ++k) {
    int from = -1;
    for (int h = day_.first_hour(); h <= day_.last_hour() + 1; ++h) {
      auto it = open_.find(h);
      bool open = it != open_.end() && it->second[k];
      if (open && from < 0) from = day_.start_in(h);
      if (!open && from >= 0) {
        out.push_back({order_[k], {}, from, std::min(h * 60, day_.closing), {}, {}});
        from = -1;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Shift& a, const Shift& b) {
    return std::pair{a.window, a.from} < std::pair{b.window, b.from};
  });
  return out;
}

}  // namespace hallq::sim::staffing_plan
