#pragma once
// The simulator's insides, shared by its parts (simulator.cpp: the day's events, the citizens and
// the windows; simulator_oracle.cpp: the wait-estimate oracle on replicas of the day;
// simulator_result.cpp: the tallies made into a Result). Not part of hallq_sim's interface:
// included by those files only.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <deque>
#include <memory>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/crypto.hpp"
#include "core/domain/engine.hpp"
#include "core/sim/random.hpp"
#include "core/sim/simulator.hpp"
#include "core/sim/tally.hpp"

namespace hallq::sim::detail {

using tally::ErrAcc;
using tally::kEstimators;
using tally::kOracle;
using tally::Waits;

using domain::Engine;
using domain::TimePoint;

constexpr std::int64_t kHourMs = 3'600'000;

enum class Kind : std::uint8_t {
  arrive,
  checkin,
  end,
  no_show,
  shift_start,
  shift_end,
  break_start,
  break_end,
  give_up,
  ready,      // a replayed window's clerk calls again after the moment they took that day (gap_ms)
  come_back,  // a replayed no-show comes back and is put in the queue again (Engine::requeue)
  move        // a replayed guide sends a waiting citizen to another service (Engine::reassign)
};

struct Ev {
  std::int64_t at;  // unix ms
  std::uint64_t seq;
  Kind kind;
  int a = 0, b = 0;
  bool operator>(const Ev& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

// Adds `weight` × the overlap of [from, to) with each hour of the day starting at `day0`.
void spread(std::array<double, 24>& acc, std::int64_t from, std::int64_t to, std::int64_t day0, double weight);

// One simulation (simulate()), or a replica of one at a take (oracle()).
class Sim {
 public:
  // Throws ModelError when the model does not fit the hall (simulate()).
  Sim(const domain::HallConfig& hall, const Model& model, const ChangesSink& sink);

  // Plays the model's days from its start, one engine throughout (so that it keeps its recent days).
  Result run();

 private:
  struct Svc {
    DayCount counted;              // its tallies at the last day's end
    std::vector<DayCount> by_day;  // each day's own (ServiceResult::by_day)
    const domain::Service* cfg = nullptr;
    const ServiceModel* model = nullptr;
    int transfer_to = -1;
    int waiting = 0;
    std::int64_t waiting_since = 0;
    // By the hour the visits started waiting. Every wait of every day so far: held apart, so that
    // a replica (oracle()) does not copy it, and written only by the simulation itself.
    std::shared_ptr<std::array<Waits, 24>> waits = std::make_shared<std::array<Waits, 24>>();
    std::array<int, 24> arrivals{};
    std::array<double, 24> queue_area{};
    int issued = 0, refused = 0, served = 0, no_shows = 0, transferred = 0, abandoned = 0, unserved = 0;
    ErrAcc err;
  };
  struct Win {
    const domain::Window* cfg = nullptr;
    std::vector<bool> serves;                  // by service index
    std::vector<std::pair<int, int>> weights;  // (service index, weight)
    bool staffed = false, on_break = false, pause_pending = false, leaving = false, serve_out = false;
    bool serving = false;
    int shift = -1;          // the shift of the clerk logged in
    int pending_shift = -1;  // a shift waiting for the previous clerk to leave
    std::int64_t free_since = 0, staffed_since = 0, busy_since = 0;
    int current_service = -1;
    double transfer_draw = 1;  // keyed draws: the visit being served is transferred when below its share
    int recorded_to = -2;      // a recorded visit at the window: the service it goes on to (-1: none); -2: drawn
    int recorded_window = 0;   // … and the window it was sent to (a transfer to a window), if any,
    std::int64_t recorded_window_took_ms = 0;  // and how long that window took with it
    std::int64_t gap_ms = 0;  // a recorded visit: the moment its clerk took after it (RecordedVisit::gap_ms)
    WindowResult out;
  };
  struct Tk {
    std::string number;
    int service = -1;
    std::array<double, kEstimators> est{};
    domain::WaitEstimate range;
    bool estimated = false;
  };

  // `d` or the first day after it that the hall is open; none within a year is an error.
  domain::LocalDate next_open(domain::LocalDate d) const {
    for (int skipped = 0; !hall_->open_on(d); d = d.plus_days(1))
      if (++skipped > 400)
        throw ModelError("the hall is open on no day in the 400 from " + d.plus_days(-400).str() +
                         " ([hall] open_days, closed_dates)");
    return d;
  }

  // The stream of ticket `ordinal`'s visit `visit` (0: its patience) today.
  KeyedRng keyed(std::uint64_t ordinal, std::uint64_t visit) const {
    return KeyedRng(model_.seed ^ salt_,
                    splitmix(static_cast<std::uint64_t>(dates_.size()) << 40 ^ ordinal << 8 ^ visit));
  }

  int service_index(std::string_view code) const {
    for (std::size_t i = 0; i < svcs_.size(); ++i)
      if (svcs_[i].cfg->code == code) return static_cast<int>(i);
    return -1;
  }
  int window_index(int number) const {
    for (std::size_t i = 0; i < wins_.size(); ++i)
      if (wins_[i].cfg->number == number) return static_cast<int>(i);
    return -1;
  }
  std::int64_t now() const { return domain::to_unix_ms(clock_.now()); }
  void push(std::int64_t at, Kind k, int a = 0, int b = 0) { heap_.push(Ev{at, seq_++, k, a, b}); }
  int hour_of(std::int64_t at) const {
    return static_cast<int>(std::clamp<std::int64_t>((at - day0_) / kHourMs, 0, 23));
  }
  bool measured(std::int64_t at) const {
    return model_.measure.contains(static_cast<int>(std::clamp<std::int64_t>((at - day0_) / 60000, 0, 1439)));
  }

  void run_day(domain::LocalDate d);

  // Plays the day's next event.
  void step();

  // The day's arrivals from `from` on: a Poisson process whose rate is constant within each
  // 15-minute slot (exponential gaps restarted at each slot edge and at `from`: exact, by
  // memorylessness).
  void schedule_arrivals(std::int64_t from);

  // A recorded day (Model::replay): each citizen at the time they took their ticket.
  void schedule_recorded();

  // Ticket `ordinal`'s recorded visit `visit` (0: the first), or null when the day has none (not a
  // replay, or a visit it never had).
  const RecordedVisit* recorded_visit(std::uint64_t ordinal, std::size_t visit) const {
    if (!model_.replay || ordinal == 0 || ordinal > citizen_of_.size() || citizen_of_[ordinal - 1] < 0) return nullptr;
    const RecordedCitizen& c = model_.replay->citizens[static_cast<std::size_t>(citizen_of_[ordinal - 1])];
    return visit < c.visits.size() ? &c.visits[visit] : nullptr;
  }

  void flush() {
    domain::Changes c = engine_->take_changes();
    if (sink_) (*sink_)(std::move(c), engine_->day());
  }

  void handle(const Ev& e);

  // ---- citizens

  // A citizen of service `s` takes a ticket; `citizen` ≥ 0: recorded citizen `citizen` (a replay).
  void arrive(int s, int citizen = -1);

  // A real-name service needs an ID card: a valid made-up number (GB 11643 check digit), one per
  // ticket of the day, of a person born in 1990 (no age-based priority).
  std::string made_up_id();

  // A ticket came into being (take or check-in): count it, estimate its wait, let a free window call.
  void issued(const domain::Ticket& t);

  // ---- the oracle (Model::oracle_runs, EstimateErrors::oracle; simulator_oracle.cpp)

  // Ticket `ordinal` of service `s` was just issued: the median of its waits over replicas of the
  // rest of the day, each on a replica of the engine with the future drawn afresh (redraw_future).
  // Replicas in which it is never called (its citizen gave up, or the day ended) do not count:
  // only called tickets are measured.
  double oracle(std::uint64_t ordinal, int s);

  // In a replica: what is not known at this moment is drawn again from its own streams. Arrivals
  // from now on; each visit at a window, given how long it has lasted (no-show or service time,
  // and its transfer); each waiting citizen's patience (exponential: what is left of it is drawn
  // afresh). Known, and kept: the clerks' shifts and breaks, and the appointments' check-ins.
  void redraw_future();

  // Window `wi`'s visit, called at busy_since and not over by now: its end drawn again given that
  // (by rejection: a no-show is known after no_show_wait_s, a service after its time). After
  // many draws without one that fits (far in the tail), `was` stays: it is one that fits.
  void redraw_visit(int wi, const Ev& was);

  // In a replica: plays on from the issue of ticket `ordinal` of service `s` until it is called;
  // when it was (unix ms), or -1 if it never is.
  std::int64_t play_until_called(std::uint64_t ordinal, int s);

  // Ticket `ordinal`'s citizen leaves (a replay: the recorded citizen gave up waiting in visit
  // `visit`), if still waiting there.
  void give_up(int ordinal, std::size_t visit = 0);

  // A replay (simulator_replay.cpp): what the recorded citizen of ticket `t` did next in its current
  // visit, which began (or, a no-show, ended) at `from` (unix ms), comes as long after as it did that
  // day: waiting, they gave up (give_up) or a guide moved them (move), unless called first; a no-show,
  // they came back (come_back). Nothing when the visit is not the recorded one's service.
  void expect_recorded(const domain::Ticket& t, std::int64_t from);

  // A replay: the no-show of ticket `ordinal` came back, and is put in the queue again.
  void come_back(int ordinal);

  // A replay: a guide sends ticket `ordinal`, still waiting in visit `visit`, to the service of its
  // next recorded visit.
  void move(int ordinal, std::size_t visit);

  // Window `wi` calls if it is staffed, free and not going on a break (a ticket sent to it).
  void offer_window(int wi);

  // The people waiting for a service changed by `delta`: the queue's area so far goes to its hours.
  void note_queue(Svc& s, int delta) {
    std::int64_t t = now();
    if (s.waiting > 0) spread(s.queue_area, s.waiting_since, t, day0_, s.waiting);
    s.waiting_since = t;
    s.waiting += delta;
  }

  // A new ticket for service `s`: the window free the longest that serves it calls. (A free
  // window has nobody waiting for it, so it calls this ticket; if the ticket was already
  // called, by the window that transferred it, the call finds nobody and changes nothing.)
  void offer(int s);

  // ---- windows

  // The window calls the next ticket; false when nobody waits for it (then it is free,
  // or gone if its clerk was only staying to serve out the queue).
  bool call(int wi);

  void end_service(int wi);

  // The window's visit is over: it is free, or (a replayed visit) still busy for the moment its
  // clerk took that day before calling again.
  void after_visit(int wi) {
    Win& w = wins_[static_cast<std::size_t>(wi)];
    if (w.gap_ms > 0) {
      push(now() + std::exchange(w.gap_ms, 0), Kind::ready, wi);
      return;
    }
    stop_busy(w);
    free_window(wi);
  }

  void stop_busy(Win& w) {
    spread(w.out.busy_by_hour, w.busy_since, now(), day0_, 1);
    w.serving = false;
    w.current_service = -1;
    w.free_since = now();
  }

  // The window's citizen is gone: a break that was due begins, a clerk whose
  // shift is over leaves, or the next one is called.
  void free_window(int wi);

  void shift_start(int k);

  void shift_end(int k);

  void leave(int wi);

  void break_start(int k);

  void start_break(Win& w) {
    if (!engine_->pause(w.cfg->number, "break")) return;
    spread(w.out.staffed_by_hour, w.staffed_since, now(), day0_, 1);
    w.on_break = true;
  }

  void break_end(int k);

  // ---- the result (simulator_result.cpp)

  Result result();

  const Model& model_;
  // The hall's, plus clerks made up for unnamed shifts; shared with the replicas of oracle(), as
  // svcs_ and wins_ point into it.
  std::shared_ptr<domain::HallConfig> hall_;
  const ChangesSink* sink_;  // null: none (and in a replica)
  Rng arrivals_, times_, decisions_, patience_, appts_;
  domain::ManualClock clock_;
  // Shared with a replica only while it is being made: Sim(const Sim&) copies the pointer, and
  // oracle() gives the replica its own engine at once.
  std::shared_ptr<Engine> engine_;
  std::vector<Shift> shifts_;
  // A replay: each of the day's tickets' recorded citizen (index into Model::replay's, by ordinal
  // − 1; -1: none), and the one taking a ticket now.
  std::vector<int> citizen_of_;
  int arriving_citizen_ = -1;
  // Services the model leaves out. A replica's svcs_ still point into its origin's: it lives only
  // inside the origin's oracle().
  std::deque<ServiceModel> own_models_;
  std::vector<Svc> svcs_;
  std::vector<Win> wins_;
  std::vector<Tk> tickets_;  // today's, by ordinal − 1
  std::vector<std::string> appt_codes_;
  std::priority_queue<Ev, std::vector<Ev>, std::greater<>> heap_;
  std::uint64_t seq_ = 0;
  // A replica (oracle()): plays on until ticket watch_ is called, at watched_at_; its draws are
  // salted with salt_ (0 in the simulation itself).
  bool replica_ = false;
  std::uint64_t salt_ = 0;
  std::uint64_t watch_ = 0;
  std::int64_t watched_at_ = -1;
  int unflushed_ = 0;
  int id_seq_ = 0;
  int target_s_ = 0;
  int closing_ = 1440;
  domain::LocalDate day_;
  std::int64_t day0_ = 0;
  std::vector<domain::LocalDate> dates_;
  std::array<DayCount, 24> counted_{};            // the hall's tallies by hour at the last day's end
  std::vector<std::array<DayCount, 24>> by_day_;  // each day's own (HourRow::by_day)
};

}  // namespace hallq::sim::detail
