#include "server/planning.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <map>
#include <set>

#include "core/sim/history.hpp"
#include "server/log.hpp"

namespace hallq::server {

protocol::StaffingReply to_reply(const sim::StaffingAdvice& a, int fitted_days) {
  protocol::StaffingReply r;
  r.date = a.date.str();
  r.share = a.goal.share;
  r.target_minutes = a.goal.target_s / 60;
  r.met = a.met;
  for (const auto& s : a.short_services) r.short_services.push_back({s.code, s.within_target});
  for (const auto& s : a.services) r.services.push_back({s.code, s.within_target});
  r.unserved_services = a.unserved;
  r.hall_windows = a.hall_windows;
  r.fitted_days = fitted_days;
  r.days_played = a.goal.replications;
  r.checked_days = a.checked_days;
  r.window_hours = a.window_hours;
  r.order = a.order;
  auto thousandths = [](double x) { return std::round(x * 1000) / 1000; };  // as hallq-sim's JSON
  for (const auto& h : a.hours)
    r.hours.push_back({h.hour, thousandths(h.arrivals), thousandths(h.load), h.erlang_guess, h.windows, h.open,
                       h.skills, h.called, h.within_target, h.wait_mean_s / 60, h.wait_p90_s / 60, h.judged});
  for (const auto& s : a.shifts) r.shifts.push_back({s.window, domain::format_hhmm(s.from), domain::format_hhmm(s.to)});
  return r;
}

int planned_windows(const domain::HallConfig& hall, const std::vector<domain::Shift>& rota, int hour) {
  // The hour's minutes the hall is open (its hours); none (lunch, before opening): the whole hour,
  // where the advice's windows serve out the queues carried into it.
  auto open_at = [&](int m) {
    return hall.hours.empty() ||
           std::any_of(hall.hours.begin(), hall.hours.end(), [&](const domain::Interval& i) { return i.contains(m); });
  };
  const int from = hour * 60, to = from + 60;
  int open_minutes = 0;
  for (int m = from; m < to; ++m) open_minutes += open_at(m) ? 1 : 0;
  const bool whole_hour = open_minutes == 0;
  if (whole_hour) open_minutes = 60;
  std::map<int, int> covered;  // window → its planned minutes of those
  for (int m = from; m < to; ++m) {
    if (!whole_hour && !open_at(m)) continue;
    std::set<int> at;  // a window with two shifts at this minute counts once
    for (const domain::Shift& s : rota)
      if (domain::Interval{s.from, s.to}.contains(m) &&
          std::none_of(s.breaks.begin(), s.breaks.end(), [&](const domain::Interval& b) { return b.contains(m); }))
        at.insert(s.window);
    for (int w : at) ++covered[w];
  }
  return static_cast<int>(
      std::count_if(covered.begin(), covered.end(), [&](const auto& c) { return 2 * c.second >= open_minutes; }));
}

std::optional<AlarmMonitor::Understaffed> StaffingWatch::tick(const config::Config& config, domain::TimePoint now,
                                                              domain::LocalDate today, int open) {
  sim::StaffingGoal goal;
  goal.target_s = config.hall.alarms.wait_minutes * 60;
  const protocol::StaffingReply* advice = advisor_.kept(today, today, goal);
  if (!advice) {
    if (config.hall.open_on(today) && !advisor_.busy() && advisor_.waiting() == 0 && now >= retry_after_) {
      retry_after_ = now + std::chrono::hours(1);
      advisor_.ask(today, today, goal, [](const StaffingAdvisor::Result& r) {
        if (const auto* why = std::get_if<std::string>(&r))
          log_line(LogLevel::info, "staffing: no advice for today yet (" + *why + "); asking again in an hour");
      });
    }
    return std::nullopt;
  }
  if (advice->fitted_days < StaffingWatch::kWatchMinDays) return std::nullopt;
  domain::LocalTime local = domain::to_local(now);
  int next = local.minute / 60 + 1;
  // The next hour's plan: the hall's rota where it has one today, else the windows open now.
  const std::vector<domain::Shift> rota = config.hall.rota_on(today);
  const int have = rota.empty() ? open : planned_windows(config.hall, rota, next);
  for (const auto& h : advice->hours)
    if (h.hour == next && have < h.windows)
      return AlarmMonitor::Understaffed{have, h.windows, domain::format_iso(domain::from_local(local.date, next * 60)),
                                        !rota.empty()};
  return std::nullopt;
}

StaffingAdvisor::StaffingAdvisor(boost::asio::any_io_executor loop, const config::Config& config, std::string db_path,
                                 int fit_days)
    : loop_(std::move(loop)), config_(config), db_path_(std::move(db_path)), fit_days_(fit_days) {}

StaffingAdvisor::~StaffingAdvisor() {
  if (worker_.joinable()) worker_.join();
}

StaffingAdvisor::Key StaffingAdvisor::key_of(domain::LocalDate date, const sim::StaffingGoal& goal) {
  return {date.str(), goal.share, goal.target_s};
}

const protocol::StaffingReply* StaffingAdvisor::kept(domain::LocalDate today, domain::LocalDate date,
                                                     const sim::StaffingGoal& goal) const {
  if (today != kept_day_) return nullptr;
  auto it = kept_.find(key_of(date, goal));
  return it == kept_.end() ? nullptr : &it->second;
}

void StaffingAdvisor::ask(domain::LocalDate today, domain::LocalDate date, sim::StaffingGoal goal, Done done) {
  waiting_.push_back({today, date, goal, std::move(done)});
  if (!busy_) next();
}

void StaffingAdvisor::next() {
  while (!waiting_.empty()) {
    Pending p = std::move(waiting_.front());
    waiting_.pop_front();
    if (const protocol::StaffingReply* k = kept(p.today, p.date, p.goal)) {
      p.done(*k);  // asked again while it was being worked out
      continue;
    }
    if (worker_.joinable()) worker_.join();  // the last one has finished (busy_ is false)
    busy_ = true;
    worker_ = std::thread([this, p = std::move(p)] {
      ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);  // below the loop and the committer
      Result result;
      try {
        sim::Model model = sim::fit_history(db_path_, config_.hall, fit_days_, p.today);  // whole days only
        int fitted = model.fitted_days;
        result = to_reply(sim::advise_staffing(config_.hall, std::move(model), p.date, p.goal), fitted);
      } catch (const std::exception& e) {
        result = std::string(e.what());
      }
      boost::asio::post(loop_, [this, p, result = std::move(result)] {
        busy_ = false;
        if (const auto* reply = std::get_if<protocol::StaffingReply>(&result)) {
          if (p.today != kept_day_) kept_.clear();
          kept_day_ = p.today;
          kept_[key_of(p.date, p.goal)] = *reply;
        }
        p.done(result);
        next();
      });
    });
    return;
  }
}

}  // namespace hallq::server
