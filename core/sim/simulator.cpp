#include "core/sim/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <queue>
#include <random>

#include "core/domain/crypto.hpp"
#include "core/domain/engine.hpp"
#include "core/sim/random.hpp"
#include "core/sim/tally.hpp"

namespace hallq::sim {
namespace {

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
  give_up
};

struct Ev {
  std::int64_t at;  // unix ms
  std::uint64_t seq;
  Kind kind;
  int a = 0, b = 0;
  bool operator>(const Ev& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

// Adds `weight` × the overlap of [from, to) with each hour of the day starting at `day0`.
void spread(std::array<double, 24>& acc, std::int64_t from, std::int64_t to, std::int64_t day0, double weight) {
  while (from < to) {
    std::int64_t h = std::clamp<std::int64_t>((from - day0) / kHourMs, 0, 23);
    std::int64_t edge = h == 23 ? to : std::min(to, day0 + (h + 1) * kHourMs);
    if (edge <= from) edge = to;
    acc[h] += weight * static_cast<double>(edge - from) / 1000.0;
    from = edge;
  }
}

class Sim {
 public:
  Sim(const domain::HallConfig& hall, const Model& model, const ChangesSink& sink)
      : model_(model),
        hall_(std::make_shared<domain::HallConfig>(hall)),
        sink_(sink ? &sink : nullptr),
        arrivals_(model.seed, 1),
        times_(model.seed, 2),
        decisions_(model.seed, 3),
        patience_(model.seed, 4),
        appts_(model.seed, 5),
        clock_(TimePoint{}) {
    target_s_ = model.target_s > 0 ? model.target_s : hall.alarms.wait_minutes * 60;
    // Shifts: as given, or every window from the first issuing minute to the
    // last (the services' own and extended hours included, so that the first
    // tickets are called and the last served out). A shift without a clerk gets
    // one made up for it (the hall's own may be fewer).
    shifts_ = model.shifts;
    if (shifts_.empty())
      for (const auto& w : hall.windows)
        shifts_.push_back({w.number, {}, hall.opening_minute(), hall.closing_minute(), {}, {}});
    for (std::size_t i = 0; i < shifts_.size(); ++i)
      if (shifts_[i].clerk.empty()) {
        std::string id = "sim-" + std::to_string(i + 1);
        hall_->clerks.push_back({id, id, {}});
        shifts_[i].clerk = id;
      }
    closing_ = hall.closing_minute();

    for (const auto& s : hall_->services) {
      Svc rt;
      rt.cfg = &s;
      rt.model = model.service(s.code);
      if (rt.model == nullptr) {  // no arrivals of its own; transfers to it take the configured minutes
        ServiceModel& own = own_models_.emplace_back();
        own.code = s.code;
        own.time.kind = ServiceTime::Kind::exponential;
        own.time.mean_s = s.minutes * 60.0;
        rt.model = &own;
      }
      svcs_.push_back(std::move(rt));
    }
    for (auto& rt : svcs_)
      if (rt.model->transfer > 0) rt.transfer_to = service_index(rt.model->transfer_to);
    for (const auto& w : hall_->windows) {
      Win rt;
      rt.cfg = &w;
      for (std::size_t s = 0; s < svcs_.size(); ++s) {
        int weight = w.weight_of(svcs_[s].cfg->code);
        rt.serves.push_back(weight > 0);
        if (weight > 0) rt.weights.push_back({static_cast<int>(s), weight});
      }
      wins_.push_back(std::move(rt));
    }
    for (const auto& sh : shifts_)
      if (window_index(sh.window) < 0)
        throw ModelError("a shift is at window " + std::to_string(sh.window) + ", which the hall does not have");
  }

  Result run() {
    // The engine's day starts at the rollover: set the clock there before it is built.
    domain::LocalDate d = next_open(model_.start);
    clock_.set(domain::from_local(d, hall_->rollover_minute));
    engine_ = std::make_shared<Engine>(*hall_, clock_, domain::IdHasher(std::vector<std::uint8_t>(32, 7)));
    for (int n = 0; n < model_.days; ++n) {
      if (n > 0) d = next_open(d.plus_days(1));
      run_day(d);
    }
    return result();
  }

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

  void run_day(domain::LocalDate d) {
    day_ = d;
    dates_.push_back(d);
    day0_ = domain::to_unix_ms(domain::from_local(d, 0));
    clock_.set(std::max(clock_.now(), domain::from_local(d, hall_->rollover_minute)));
    engine_->tick();
    for (auto& s : svcs_) {
      s.waiting = 0;
      s.waiting_since = day0_;
    }
    for (auto& w : wins_) {
      w.staffed = w.on_break = w.pause_pending = w.leaving = w.serve_out = w.serving = false;
      w.pending_shift = -1;
    }
    tickets_.clear();
    double expected = 0;  // refused before any is drawn, not played until the memory runs out
    for (const auto& s : svcs_)
      for (double rate : arrivals_on_date(*s.model, model_.calendar, *hall_, model_.arrivals_date.value_or(d)))
        expected += rate * kSlotMinutes / 60.0;
    if (!(expected <= kMaxArrivalsPerDay))
      throw ModelError("the model expects more citizens on " + d.str() + " than the " +
                       std::to_string(static_cast<int>(kMaxArrivalsPerDay)) +
                       " a day the simulator plays (the arrivals per hour times the calendar's factors)");
    engine_->set_rota(shifts_);  // the hall knows its day's staffing: the wait estimate plays it
    schedule_arrivals(day0_);
    for (std::size_t k = 0; k < shifts_.size(); ++k) {
      const Shift& sh = shifts_[k];
      push(day0_ + sh.from * 60'000LL, Kind::shift_start, static_cast<int>(k));
      push(day0_ + sh.to * 60'000LL, Kind::shift_end, static_cast<int>(k));
      for (std::size_t b = 0; b < sh.breaks.size(); ++b) {
        push(day0_ + sh.breaks[b].from * 60'000LL, Kind::break_start, static_cast<int>(k), static_cast<int>(b));
        push(day0_ + sh.breaks[b].to * 60'000LL, Kind::break_end, static_cast<int>(k), static_cast<int>(b));
      }
    }
    // Appointments: booked for the day, then checked in (or not) before their slot.
    std::vector<domain::AppointmentArgs> booked;
    appt_codes_.clear();
    for (const auto& p : model_.appointments) {
      for (int slot : p.slots) {
        std::string code = "SIM-" + p.service + "-" + std::to_string(booked.size() + 1);
        booked.push_back({code, p.service, domain::format_hhmm(slot), {}, {}});
        if (!appts_.chance(p.show)) continue;
        double early_ms = appts_.uniform() * p.early_minutes * 60'000.0;
        push(day0_ + slot * 60'000LL - static_cast<std::int64_t>(early_ms), Kind::checkin,
             static_cast<int>(appt_codes_.size()));
        appt_codes_.push_back(code);
      }
    }
    if (!booked.empty()) (void)engine_->import_appointments(d, booked);
    flush();

    while (!heap_.empty()) step();
    for (auto& s : svcs_) {
      note_queue(s, 0);
      s.unserved += s.waiting;
    }
    for (const domain::Ticket* t : engine_->tickets())  // the unserved, by the hour they started waiting
      if (t->state() == domain::TicketState::waiting) {
        std::int64_t enq = domain::to_unix_ms(t->current().enqueued_at);
        if (measured(enq))
          ++svcs_[static_cast<std::size_t>(service_index(t->current().service))]
                .waits->at(static_cast<std::size_t>(hour_of(enq)))
                .missed;
      }
    // The day's own counts by hour and by service (HourRow::by_day, ServiceResult::by_day): what
    // the tallies gained today.
    std::array<DayCount, 24> today{};
    for (std::size_t h = 0; h < 24; ++h) {
      DayCount sum;
      for (const auto& svc : svcs_) {
        const Waits& wh = svc.waits->at(h);
        sum.counted += static_cast<int>(wh.s.size()) + wh.missed;
        sum.within += wh.within;
      }
      today[h] = {sum.counted - counted_[h].counted, sum.within - counted_[h].within};
      counted_[h] = sum;
    }
    by_day_.push_back(today);
    for (auto& svc : svcs_) {
      DayCount sum;
      for (const Waits& wh : *svc.waits) {
        sum.counted += static_cast<int>(wh.s.size()) + wh.missed;
        sum.within += wh.within;
      }
      svc.by_day.push_back({sum.counted - svc.counted.counted, sum.within - svc.counted.within});
      svc.counted = sum;
    }
    for (auto& w : wins_)
      if (w.staffed && !w.on_break) spread(w.out.staffed_by_hour, w.staffed_since, now(), day0_, 1);
    flush();
  }

  // Plays the day's next event.
  void step() {
    Ev e = heap_.top();
    heap_.pop();
    if (e.at > domain::to_unix_ms(clock_.now())) clock_.set(domain::from_unix_ms(e.at));
    handle(e);
    // Without a sink the changes are dropped, in batches: a day's kept together cost more
    // than the day itself (the vectors' growth), one event's at a time copy each ticket thrice.
    if (sink_ || ++unflushed_ == 64) {
      unflushed_ = 0;
      flush();
    }
  }

  // The day's arrivals from `from` on: a Poisson process whose rate is constant within each
  // 15-minute slot (exponential gaps restarted at each slot edge and at `from`: exact, by
  // memorylessness).
  void schedule_arrivals(std::int64_t from) {
    domain::LocalDate arrivals_of = model_.arrivals_date.value_or(day_);
    for (std::size_t s = 0; s < svcs_.size(); ++s) {
      const ServiceModel* m = svcs_[s].model;
      const std::array<double, kSlots> rates = arrivals_on_date(*m, model_.calendar, *hall_, arrivals_of);
      for (int slot = 0; slot < kSlots; ++slot) {
        double rate = rates[static_cast<std::size_t>(slot)];
        double start = static_cast<double>(day0_ + std::int64_t{slot} * kSlotMinutes * 60'000);
        double end = start + kSlotMinutes * 60'000.0;
        if (rate <= 0 || end <= static_cast<double>(from)) continue;
        double mean_gap_ms = 3'600'000.0 / rate;
        double t = std::max(start, static_cast<double>(from));
        for (;;) {
          t += arrivals_.exponential(mean_gap_ms);
          if (t >= end) break;
          push(static_cast<std::int64_t>(t), Kind::arrive, static_cast<int>(s));
        }
      }
    }
  }

  void flush() {
    domain::Changes c = engine_->take_changes();
    if (sink_) (*sink_)(std::move(c), engine_->day());
  }

  void handle(const Ev& e) {
    switch (e.kind) {
      case Kind::arrive:
        arrive(e.a);
        break;
      case Kind::checkin: {
        auto r = engine_->checkin_code(appt_codes_[static_cast<std::size_t>(e.a)]);
        if (r) issued(*r.value());
        break;
      }
      case Kind::end:
        end_service(e.a);
        break;
      case Kind::no_show: {
        Win& w = wins_[static_cast<std::size_t>(e.a)];
        (void)engine_->no_show(w.cfg->number);
        ++svcs_[static_cast<std::size_t>(w.current_service)].no_shows;
        stop_busy(w);
        free_window(e.a);
        break;
      }
      case Kind::shift_start:
        shift_start(e.a);
        break;
      case Kind::shift_end:
        shift_end(e.a);
        break;
      case Kind::break_start:
        break_start(e.a);
        break;
      case Kind::break_end:
        break_end(e.a);
        break;
      case Kind::give_up:
        give_up(e.a);
        break;
    }
  }

  // ---- citizens

  void arrive(int s) {
    Svc& svc = svcs_[static_cast<std::size_t>(s)];
    domain::TakeArgs args;
    args.service = svc.cfg->code;
    if (svc.cfg->real_name) args.id_number = made_up_id();
    auto r = engine_->take(args);
    if (!r) {
      ++svc.refused;
      return;
    }
    issued(*r.value());
  }

  // A real-name service needs an ID card: a valid made-up number (GB 11643 check digit), one per
  // ticket of the day, of a person born in 1990 (no age-based priority).
  std::string made_up_id() {
    ++id_seq_;
    char body[32];
    int k = id_seq_ / 1000;
    std::snprintf(body, sizeof body, "1505021990%02d%02d%03d", 1 + k % 12, 1 + (k / 12) % 28, id_seq_ % 1000);
    static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
    return std::string(body, 17) + "10X98765432"[sum % 11];
  }

  // A ticket came into being (take or check-in): count it, estimate its wait, let a free window call.
  void issued(const domain::Ticket& t) {
    int s = service_index(t.origin);
    Svc& svc = svcs_[static_cast<std::size_t>(s)];
    ++svc.issued;
    std::int64_t at = domain::to_unix_ms(t.issued_at);
    if (measured(at)) ++svc.arrivals[static_cast<std::size_t>(hour_of(at))];
    note_queue(svc, +1);
    Tk tk;
    tk.number = t.number;
    tk.service = s;
    if (!replica_) {  // a replica's tickets are not measured (nor told anything: Ticket::told)
      // What the citizen was told and the issue's naive baseline, as the hall records them; and the
      // candidates the engine chose among, from the same queue.
      const domain::QueueNow* q = engine_->queue_at_issue(t);
      domain::WaitCandidates c = domain::wait_candidates(q != nullptr ? *q : engine_->queue_now(t));
      tk.range = {t.told.s, t.told.lo_s, t.told.hi_s};
      tk.est = {
          static_cast<double>(t.told.s), static_cast<double>(t.told.naive_s), c.ql, c.les, c.hol, c.rate, c.replay, 0};
    }
    tk.estimated = !replica_;
    if (tickets_.size() < t.ordinal) tickets_.resize(t.ordinal);
    tickets_[t.ordinal - 1] = tk;
    if (svc.model != nullptr && svc.model->patience_s > 0) {
      double patience_s = model_.keyed_draws ? keyed(t.ordinal, 0).exponential(svc.model->patience_s)
                                             : patience_.exponential(svc.model->patience_s);
      push(at + static_cast<std::int64_t>(patience_s * 1000), Kind::give_up, static_cast<int>(t.ordinal));
    }
    if (model_.oracle_runs > 0 && !replica_ && measured(at))
      tickets_[t.ordinal - 1].est[kOracle] = oracle(t.ordinal, s);
    offer(s);
  }

  // ---- the oracle (Model::oracle_runs, EstimateErrors::oracle)

  // Ticket `ordinal` of service `s` was just issued: the median of its waits over replicas of the
  // rest of the day, each on a replica of the engine with the future drawn afresh (redraw_future).
  // Replicas in which it is never called (its citizen gave up, or the day ended) do not count:
  // only called tickets are measured.
  double oracle(std::uint64_t ordinal, int s) {
    std::vector<double> waits;
    for (int r = 0; r < model_.oracle_runs; ++r) {
      Sim replica(*this);
      replica.engine_ = engine_->replica(replica.clock_);
      replica.sink_ = nullptr;
      replica.replica_ = true;
      replica.salt_ = splitmix(0x6f7261636c65ULL ^ static_cast<std::uint64_t>(dates_.size()) << 44 ^ ordinal << 16 ^
                               static_cast<std::uint64_t>(r)) |
                      1;
      replica.redraw_future();
      std::int64_t called = replica.play_until_called(ordinal, s);
      if (called >= 0) waits.push_back(static_cast<double>(called - now()) / 1000.0);
    }
    if (waits.empty()) return std::nan("");  // never called in any replica: no estimate
    std::sort(waits.begin(), waits.end());
    std::size_t n = waits.size();
    return n % 2 == 1 ? waits[n / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
  }

  // In a replica: what is not known at this moment is drawn again from its own streams. Arrivals
  // from now on; each visit at a window, given how long it has lasted (no-show or service time,
  // and its transfer); each waiting citizen's patience (exponential: what is left of it is drawn
  // afresh). Known, and kept: the clerks' shifts and breaks, and the appointments' check-ins.
  void redraw_future() {
    arrivals_ = Rng(model_.seed ^ salt_, 1);
    times_ = Rng(model_.seed ^ salt_, 2);
    decisions_ = Rng(model_.seed ^ salt_, 3);
    patience_ = Rng(model_.seed ^ salt_, 4);
    std::int64_t t = now();
    std::vector<Ev> kept;
    std::vector<Ev> visit(wins_.size(), Ev{-1, 0, Kind::end});
    while (!heap_.empty()) {
      Ev e = heap_.top();
      heap_.pop();
      if (e.kind == Kind::end || e.kind == Kind::no_show)
        visit[static_cast<std::size_t>(e.a)] = e;
      else if (e.kind != Kind::give_up && !(e.kind == Kind::arrive && e.at > t))
        kept.push_back(e);
    }
    for (const Ev& e : kept) heap_.push(e);
    schedule_arrivals(t);
    for (std::size_t wi = 0; wi < wins_.size(); ++wi)
      if (visit[wi].at >= 0) redraw_visit(static_cast<int>(wi), visit[wi]);
    for (const domain::Ticket* k : engine_->tickets()) {
      if (k->state() != domain::TicketState::waiting || k->visits.size() != 1) continue;
      const ServiceModel* m = svcs_[static_cast<std::size_t>(service_index(k->current().service))].model;
      if (m->patience_s > 0)
        push(t + static_cast<std::int64_t>(patience_.exponential(m->patience_s) * 1000), Kind::give_up,
             static_cast<int>(k->ordinal));
    }
  }

  // Window `wi`'s visit, called at busy_since and not over by now: its end drawn again given that
  // (by rejection: a no-show is known after no_show_wait_s, a service after its time). After
  // many draws without one that fits (far in the tail), `was` stays: it is one that fits.
  void redraw_visit(int wi, const Ev& was) {
    Win& w = wins_[static_cast<std::size_t>(wi)];
    const ServiceModel* m = svcs_[static_cast<std::size_t>(w.current_service)].model;
    std::int64_t lasted = now() - w.busy_since;
    for (int k = 0; k < 1000; ++k) {
      if (decisions_.chance(m->no_show)) {
        if (model_.no_show_wait_s * 1000LL <= lasted) continue;
        push(w.busy_since + model_.no_show_wait_s * 1000LL, Kind::no_show, wi);
        return;
      }
      auto d = std::max<std::int64_t>(1, static_cast<std::int64_t>(times_.service(m->time) * 1000.0));
      if (d <= lasted) continue;
      push(w.busy_since + d, Kind::end, wi);
      w.transfer_draw = decisions_.uniform();
      return;
    }
    push(was.at, was.kind, wi);
  }

  // In a replica: plays on from the issue of ticket `ordinal` of service `s` until it is called;
  // when it was (unix ms), or -1 if it never is.
  std::int64_t play_until_called(std::uint64_t ordinal, int s) {
    watch_ = ordinal;
    offer(s);
    while (watched_at_ < 0 && !heap_.empty()) step();
    return watched_at_;
  }

  void give_up(int ordinal) {
    const domain::Ticket* t = engine_->find(tickets_[static_cast<std::size_t>(ordinal - 1)].number);
    if (t == nullptr || t->state() != domain::TicketState::waiting || t->visits.size() != 1) return;
    std::string number = t->number;
    Svc& svc = svcs_[static_cast<std::size_t>(service_index(t->current().service))];
    std::int64_t enq = domain::to_unix_ms(t->current().enqueued_at);
    if (!engine_->cancel(number, "left")) return;
    ++svc.abandoned;
    if (measured(enq) && !replica_) ++svc.waits->at(static_cast<std::size_t>(hour_of(enq))).missed;
    note_queue(svc, -1);
  }

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
  void offer(int s) {
    int best = -1;
    for (std::size_t i = 0; i < wins_.size(); ++i) {
      const Win& w = wins_[i];
      if (!w.staffed || w.serving || w.on_break || w.leaving || !w.serves[static_cast<std::size_t>(s)]) continue;
      if (best < 0 || w.free_since < wins_[static_cast<std::size_t>(best)].free_since) best = static_cast<int>(i);
    }
    if (best >= 0) call(best);
  }

  // ---- windows

  // The window calls the next ticket; false when nobody waits for it (then it is free,
  // or gone if its clerk was only staying to serve out the queue).
  bool call(int wi) {
    Win& w = wins_[static_cast<std::size_t>(wi)];
    auto r = engine_->call_next(w.cfg->number);
    if (!r) {
      if (w.leaving) leave(wi);
      return false;
    }
    const domain::Ticket& t = *r.value();
    const domain::Visit& v = t.current();
    int s = service_index(v.service);
    Svc& svc = svcs_[static_cast<std::size_t>(s)];
    note_queue(svc, -1);
    std::int64_t enq = domain::to_unix_ms(v.enqueued_at), at = domain::to_unix_ms(v.called_at);
    double wait_s = static_cast<double>(at - enq) / 1000.0;
    if (measured(enq) && !replica_) svc.waits->at(static_cast<std::size_t>(hour_of(enq))).add(wait_s, target_s_);
    if (replica_ && t.ordinal == watch_ && t.visits.size() == 1) watched_at_ = at;
    if (t.visits.size() == 1 && t.ordinal <= tickets_.size() && measured(enq)) {
      const Tk& tk = tickets_[t.ordinal - 1];
      if (tk.estimated && !replica_) svc.err.add(wait_s, tk.est, tk.range);
    }
    w.serving = true;
    w.busy_since = at;
    w.current_service = s;
    const ServiceModel* m = svc.model;
    bool no_show = false;
    double d = 0;
    if (model_.keyed_draws) {
      KeyedRng draws = keyed(t.ordinal, t.visits.size());
      no_show = draws.chance(m->no_show);
      d = draws.service(m->time);
      w.transfer_draw = draws.uniform();
    } else {
      no_show = decisions_.chance(m->no_show);
      if (!no_show) d = times_.service(m->time);
    }
    if (no_show)
      push(at + model_.no_show_wait_s * 1000LL, Kind::no_show, wi);
    else
      push(at + std::max<std::int64_t>(1, static_cast<std::int64_t>(d * 1000.0)), Kind::end, wi);
    return true;
  }

  void end_service(int wi) {
    Win& w = wins_[static_cast<std::size_t>(wi)];
    Svc& svc = svcs_[static_cast<std::size_t>(w.current_service)];
    int to = -1;
    if (svc.transfer_to >= 0 &&
        (model_.keyed_draws ? w.transfer_draw < svc.model->transfer : decisions_.chance(svc.model->transfer)))
      to = svc.transfer_to;
    if (to >= 0) {
      domain::TransferArgs args;
      args.window = w.cfg->number;
      args.to_service = svcs_[static_cast<std::size_t>(to)].cfg->code;
      if (engine_->transfer(args)) {
        ++svc.transferred;
        note_queue(svcs_[static_cast<std::size_t>(to)], +1);
      } else {
        to = -1;  // refused (load_scenario and fit_history keep a service from transferring to itself)
      }
    }
    if (to < 0) {
      (void)engine_->finish(w.cfg->number);
      ++svc.served;
      ++w.out.served;
    }
    stop_busy(w);
    free_window(wi);
    if (to >= 0) offer(to);
  }

  void stop_busy(Win& w) {
    spread(w.out.busy_by_hour, w.busy_since, now(), day0_, 1);
    w.serving = false;
    w.current_service = -1;
    w.free_since = now();
  }

  // The window's citizen is gone: a break that was due begins, a clerk whose
  // shift is over leaves, or the next one is called.
  void free_window(int wi) {
    Win& w = wins_[static_cast<std::size_t>(wi)];
    if (w.pause_pending) {
      w.pause_pending = false;
      start_break(w);
      return;
    }
    if (w.leaving && !w.serve_out) {
      leave(wi);
      return;
    }
    call(wi);
  }

  void shift_start(int k) {
    const Shift& sh = shifts_[static_cast<std::size_t>(k)];
    int wi = window_index(sh.window);
    Win& w = wins_[static_cast<std::size_t>(wi)];
    if (w.staffed) {  // the previous clerk is still finishing
      w.pending_shift = k;
      return;
    }
    if (!engine_->login(sh.window, sh.clerk)) return;
    w.staffed = true;
    w.leaving = w.serve_out = w.on_break = w.pause_pending = false;
    w.staffed_since = w.free_since = now();
    w.shift = k;
    call(wi);
  }

  void shift_end(int k) {
    const Shift& sh = shifts_[static_cast<std::size_t>(k)];
    int wi = window_index(sh.window);
    Win& w = wins_[static_cast<std::size_t>(wi)];
    if (w.pending_shift == k) w.pending_shift = -1;
    if (!w.staffed || w.shift != k) return;
    w.leaving = true;
    // At closing, clerks serve everyone still holding a ticket; earlier, they hand over.
    w.serve_out = model_.serve_out && sh.to >= closing_;
    if (w.serving) return;
    if (w.on_break || !w.serve_out || !call(wi)) leave(wi);
  }

  void leave(int wi) {
    Win& w = wins_[static_cast<std::size_t>(wi)];
    if (!w.staffed) return;
    if (!w.on_break) spread(w.out.staffed_by_hour, w.staffed_since, now(), day0_, 1);
    (void)engine_->logout(w.cfg->number);
    w.staffed = w.on_break = w.pause_pending = w.leaving = w.serve_out = false;
    if (w.pending_shift >= 0) {
      int k = w.pending_shift;
      w.pending_shift = -1;
      shift_start(k);
    }
  }

  void break_start(int k) {
    Win& w = wins_[static_cast<std::size_t>(window_index(shifts_[static_cast<std::size_t>(k)].window))];
    if (!w.staffed || w.shift != k || w.on_break) return;
    if (w.serving) {
      w.pause_pending = true;
      return;
    }
    start_break(w);
  }

  void start_break(Win& w) {
    if (!engine_->pause(w.cfg->number, "break")) return;
    spread(w.out.staffed_by_hour, w.staffed_since, now(), day0_, 1);
    w.on_break = true;
  }

  void break_end(int k) {
    int wi = window_index(shifts_[static_cast<std::size_t>(k)].window);
    Win& w = wins_[static_cast<std::size_t>(wi)];
    if (!w.staffed || w.shift != k) return;
    w.pause_pending = false;
    if (!w.on_break) return;
    (void)engine_->resume(w.cfg->number);
    w.on_break = false;
    w.staffed_since = w.free_since = now();
    if (w.leaving && !w.serve_out) {
      leave(wi);
      return;
    }
    call(wi);
  }

  Result result() {
    Result r;
    r.seed = model_.seed;
    r.target_s = target_s_;
    Waits all;
    ErrAcc err;
    double days = std::max<double>(1, static_cast<double>(dates_.size()));
    std::array<Waits, 24> hall_waits;
    std::array<HourRow, 24> hall_hours{};
    for (auto& svc : svcs_) {
      ServiceResult sr;
      sr.code = svc.cfg->code;
      sr.issued = svc.issued;
      sr.refused = svc.refused;
      sr.served = svc.served;
      sr.no_shows = svc.no_shows;
      sr.transferred = svc.transferred;
      sr.abandoned = svc.abandoned;
      sr.unserved = svc.unserved;
      sr.by_day = svc.by_day;
      Waits merged;
      for (int h = 0; h < 24; ++h) {
        Waits& wh = svc.waits->at(static_cast<std::size_t>(h));
        merged.merge(wh);
        hall_waits[static_cast<std::size_t>(h)].merge(wh);
        hall_hours[static_cast<std::size_t>(h)].arrivals += svc.arrivals[static_cast<std::size_t>(h)];
        hall_hours[static_cast<std::size_t>(h)].queue_mean +=
            svc.queue_area[static_cast<std::size_t>(h)] / 3600.0 / days;
        if (svc.arrivals[static_cast<std::size_t>(h)] == 0 && svc.queue_area[static_cast<std::size_t>(h)] == 0 &&
            wh.s.empty())
          continue;
        HourRow row;
        row.hour = h;
        row.arrivals = svc.arrivals[static_cast<std::size_t>(h)];
        row.queue_mean = svc.queue_area[static_cast<std::size_t>(h)] / 3600.0 / days;
        row.waits = wh.figures();
        sr.hours.push_back(row);
      }
      all.merge(merged);
      sr.waits = merged.figures();
      sr.estimate = svc.err.result();
      sr.estimate.oracle_measured = model_.oracle_runs > 0;
      err.merge(svc.err);
      r.tickets += svc.issued;
      r.services.push_back(std::move(sr));
    }
    for (int h = 0; h < 24; ++h) {
      HourRow row = hall_hours[static_cast<std::size_t>(h)];
      Waits& wh = hall_waits[static_cast<std::size_t>(h)];
      if (row.arrivals == 0 && row.queue_mean == 0 && wh.s.empty() && wh.missed == 0) continue;
      row.hour = h;
      row.waits = wh.figures();
      for (const auto& day : by_day_) row.by_day.push_back(day[static_cast<std::size_t>(h)]);
      r.hours.push_back(row);
    }
    r.waits = all.figures();
    r.estimate = err.result();
    r.estimate.oracle_measured = model_.oracle_runs > 0;
    for (auto& w : wins_) {
      WindowResult wr = w.out;
      wr.number = w.cfg->number;
      wr.staffed_s = wr.busy_s = 0;
      for (int h = 0; h < 24; ++h) {
        wr.staffed_s += wr.staffed_by_hour[static_cast<std::size_t>(h)];
        wr.busy_s += wr.busy_by_hour[static_cast<std::size_t>(h)];
      }
      r.windows.push_back(wr);
    }
    r.dates = dates_;
    return r;
  }

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

}  // namespace

Result simulate(const domain::HallConfig& hall, const Model& model, const ChangesSink& sink) {
  if (!model.windows.empty()) {
    const domain::HallConfig played = hall_played(hall, model);  // a "what if": other skills
    Sim sim(played, model, sink);
    return sim.run();
  }
  Sim sim(hall, model, sink);
  return sim.run();
}

}  // namespace hallq::sim
