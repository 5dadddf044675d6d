#pragma once
// Staffing advice in the running server (docs/simulation.md, "Staffing
// advice"): the hall's own history fitted (core/sim/history.hpp) from the
// database, read only on a connection of its own, and the day played through
// the simulator (core/sim/staffing.hpp) on a thread of its own, one question at
// a time; the answer is posted back to the loop. An answer is kept for the
// rest of the hall's day: the same question is answered again at once (the
// history it stands on changes only when a day ends).
//
// Thread affinity: the loop (ask, busy, latest); the destructor waits for the
// advice under way.

#include <boost/asio/any_io_executor.hpp>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <variant>
#include <vector>

#include "core/config/config.hpp"
#include "core/domain/time.hpp"
#include "core/protocol/planning.hpp"
#include "core/sim/staffing.hpp"
#include "server/alarms.hpp"

namespace hallq::server {

// The advice on the wire.
protocol::StaffingReply to_reply(const sim::StaffingAdvice& advice, int fitted_days);

class StaffingAdvisor {
 public:
  // The advice, or why there is none (no recorded day yet, the database unreadable).
  using Result = std::variant<protocol::StaffingReply, std::string>;
  using Done = std::function<void(const Result&)>;

  // `config` must outlive the advisor; `fit_days`: recorded days the model is fitted from.
  StaffingAdvisor(boost::asio::any_io_executor loop, const config::Config& config, std::string db_path,
                  int fit_days = 20);
  ~StaffingAdvisor();
  StaffingAdvisor(const StaffingAdvisor&) = delete;
  StaffingAdvisor& operator=(const StaffingAdvisor&) = delete;

  bool busy() const { return busy_; }
  // Questions waiting behind the one being worked out.
  std::size_t waiting() const { return waiting_.size(); }
  // Works out the advice for `date`, asked on hall day `today`, after the
  // questions before it; `done` runs later, on the loop, and the answer is kept
  // for the rest of `today`.
  void ask(domain::LocalDate today, domain::LocalDate date, sim::StaffingGoal goal, Done done);
  // A kept answer for that question, if any.
  const protocol::StaffingReply* kept(domain::LocalDate today, domain::LocalDate date,
                                      const sim::StaffingGoal& goal) const;

 private:
  using Key = std::tuple<std::string, double, int>;  // date, share, target_s
  static Key key_of(domain::LocalDate date, const sim::StaffingGoal& goal);
  struct Pending {
    domain::LocalDate today, date;
    sim::StaffingGoal goal;
    Done done;
  };
  void next();  // starts the first waiting question not answered by a kept one

  boost::asio::any_io_executor loop_;
  const config::Config& config_;
  std::string db_path_;
  int fit_days_;
  std::thread worker_;
  bool busy_ = false;
  std::deque<Pending> waiting_;
  domain::LocalDate kept_day_;
  std::map<Key, protocol::StaffingReply> kept_;
};

// The windows `rota` plans in `hour` (local, 0–23): each whose shifts, breaks left out, cover at
// least half of the hour's minutes the hall is open (all of it when the hall is closed then).
int planned_windows(const domain::HallConfig& hall, const std::vector<domain::Shift>& rota, int hour);

// The guides' warning (alarm understaffed): the next hour's plan has fewer
// windows than today's advice (share 0.9 within [alarms] wait_minutes) asks
// for then: the hall's rota ([[shift]]) where it has one today, else the
// windows open now. Asks the advisor for today's advice once a day (again an hour later
// when there was none, e.g. no history yet); compares at every tick.
class StaffingWatch {
 public:
  static constexpr int kWatchMinDays = 5;  // recorded days the advice must stand on: a week's pattern
  explicit StaffingWatch(StaffingAdvisor& advisor) : advisor_(advisor) {}
  // `open`: windows with a clerk logged in and not paused. Returns the
  // shortfall to show, or nothing.
  std::optional<AlarmMonitor::Understaffed> tick(const config::Config& config, domain::TimePoint now,
                                                 domain::LocalDate today, int open);

 private:
  StaffingAdvisor& advisor_;
  domain::TimePoint retry_after_{};
};

}  // namespace hallq::server
