#include "core/sim/simulator_impl.hpp"

namespace hallq::sim::detail {

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

Sim::Sim(const domain::HallConfig& hall, const Model& model, const ChangesSink& sink)
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
      throw ModelError(
          model_.replay
              ? model_.replay->day.str() + " was staffed at window " + std::to_string(sh.window) +
                    ", which the hall's configuration no longer has: replay it with the configuration of that day, "
                    "or give the windows to play with --shifts"
              : "a shift is at window " + std::to_string(sh.window) + ", which the hall does not have");
  // The oracle redraws what is not known at a take; a recorded day's future is known.
  if (model_.replay && model_.oracle_runs > 0) throw ModelError("a recorded day is replayed without the oracle");
  // The oracle is an estimate measured beside the others: not where none is made.
  if (!model_.estimates && model_.oracle_runs > 0)
    throw ModelError("the oracle measures wait estimates: not without them");
}

Result Sim::run() {
  // The engine's day starts at the rollover: set the clock there before it is built. A replay plays
  // its recorded day alone (the hall was open on it, whatever its configuration says now).
  domain::LocalDate d = model_.replay ? model_.replay->day : next_open(model_.start);
  clock_.set(domain::from_local(d, hall_->rollover_minute));
  engine_ = std::make_shared<Engine>(*hall_, clock_, domain::IdHasher(std::vector<std::uint8_t>(32, 7)));
  engine_->set_telling(model_.estimates);
  for (const auto& [day, measures] : model_.recent_days)
    if (day < d) engine_->remember_day(day, measures);
  for (int n = 0; n < (model_.replay ? 1 : model_.days); ++n) {
    if (n > 0) d = next_open(d.plus_days(1));
    run_day(d);
  }
  return result();
}

void Sim::run_day(domain::LocalDate d) {
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
  citizen_of_.clear();
  double expected = 0;  // refused before any is drawn, not played until the memory runs out
  for (const auto& s : svcs_)
    for (double rate : arrivals_on_date(*s.model, model_.calendar, *hall_, model_.arrivals_date.value_or(d)))
      expected += rate * kSlotMinutes / 60.0;
  if (!(expected <= kMaxArrivalsPerDay))
    throw ModelError("the model expects more citizens on " + d.str() + " than the " +
                     std::to_string(static_cast<int>(kMaxArrivalsPerDay)) +
                     " a day the simulator plays (the arrivals per hour times the calendar's factors)");
  engine_->set_rota(shifts_);  // the hall knows its day's staffing: the wait estimate plays it
  if (model_.replay)
    schedule_recorded();
  else
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
    if (model_.replay) break;  // its check-ins are among its citizens
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

void Sim::step() {
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

void Sim::schedule_arrivals(std::int64_t from) {
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

void Sim::handle(const Ev& e) {
  switch (e.kind) {
    case Kind::arrive:
      arrive(e.a, model_.replay ? e.b : -1);
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
      auto r = engine_->no_show(w.cfg->number);
      ++svcs_[static_cast<std::size_t>(w.current_service)].no_shows;
      if (r) expect_recorded(*r.value(), now());  // a recorded no-show who came back comes back as late
      after_visit(e.a);
      break;
    }
    case Kind::ready:
      stop_busy(wins_[static_cast<std::size_t>(e.a)]);
      free_window(e.a);
      break;
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
      give_up(e.a, static_cast<std::size_t>(e.b));
      break;
    case Kind::come_back:
      come_back(e.a);
      break;
    case Kind::move:
      move(e.a, static_cast<std::size_t>(e.b));
      break;
  }
}

void Sim::arrive(int s, int citizen) {
  Svc& svc = svcs_[static_cast<std::size_t>(s)];
  domain::TakeArgs args;
  args.service = svc.cfg->code;
  if (svc.cfg->real_name) args.id_number = made_up_id();
  if (citizen >= 0) args.priority = model_.replay->citizens[static_cast<std::size_t>(citizen)].priority;
  arriving_citizen_ = citizen;
  auto r = engine_->take(args);
  if (!r) {
    arriving_citizen_ = -1;
    ++svc.refused;
    return;
  }
  issued(*r.value());
}

std::string Sim::made_up_id() {
  ++id_seq_;
  char body[32];
  int k = id_seq_ / 1000;
  std::snprintf(body, sizeof body, "1505021990%02d%02d%03d", 1 + k % 12, 1 + (k / 12) % 28, id_seq_ % 1000);
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return std::string(body, 17) + "10X98765432"[sum % 11];
}

void Sim::issued(const domain::Ticket& t) {
  int s = service_index(t.origin);
  Svc& svc = svcs_[static_cast<std::size_t>(s)];
  ++svc.issued;
  std::int64_t at = domain::to_unix_ms(t.issued_at);
  if (measured(at)) ++svc.arrivals[static_cast<std::size_t>(hour_of(at))];
  note_queue(svc, +1);
  Tk tk;
  tk.number = t.number;
  tk.service = s;
  tk.estimated = !replica_ && model_.estimates;
  if (tk.estimated) {  // a replica's tickets are not measured (nor told anything: Ticket::told)
    // What the citizen was told and the issue's naive baseline, as the hall records them; and the
    // candidates the engine chose among, from the same queue.
    const domain::QueueNow* q = engine_->queue_at_issue(t);
    domain::WaitCandidates c = domain::wait_candidates(q != nullptr ? *q : engine_->queue_now(t));
    tk.range = {t.told.s, t.told.lo_s, t.told.hi_s};
    tk.est = {
        static_cast<double>(t.told.s), static_cast<double>(t.told.naive_s), c.ql, c.les, c.hol, c.rate, c.replay, 0};
  }
  if (tickets_.size() < t.ordinal) tickets_.resize(t.ordinal);
  tickets_[t.ordinal - 1] = tk;
  if (model_.replay) {  // a recorded citizen leaves, or is moved, when they were that day, if not called by then
    if (citizen_of_.size() < t.ordinal) citizen_of_.resize(t.ordinal, -1);
    citizen_of_[t.ordinal - 1] = std::exchange(arriving_citizen_, -1);
    expect_recorded(t, at);
  } else if (svc.model != nullptr && svc.model->patience_s > 0) {
    double patience_s = model_.keyed_draws ? keyed(t.ordinal, 0).exponential(svc.model->patience_s)
                                           : patience_.exponential(svc.model->patience_s);
    push(at + static_cast<std::int64_t>(patience_s * 1000), Kind::give_up, static_cast<int>(t.ordinal));
  }
  if (model_.oracle_runs > 0 && tickets_[t.ordinal - 1].estimated && measured(at))
    tickets_[t.ordinal - 1].est[kOracle] = oracle(t.ordinal, s);
  offer(s);
}

void Sim::give_up(int ordinal, std::size_t visit) {
  const domain::Ticket* t = engine_->find(tickets_[static_cast<std::size_t>(ordinal - 1)].number);
  if (t == nullptr || t->state() != domain::TicketState::waiting || t->visits.size() != visit + 1) return;
  std::string number = t->number;
  Svc& svc = svcs_[static_cast<std::size_t>(service_index(t->current().service))];
  std::int64_t enq = domain::to_unix_ms(t->current().enqueued_at);
  if (!engine_->cancel(number, "left")) return;
  ++svc.abandoned;
  if (measured(enq) && !replica_) ++svc.waits->at(static_cast<std::size_t>(hour_of(enq))).missed;
  note_queue(svc, -1);
}

void Sim::offer(int s) {
  int best = -1;
  for (std::size_t i = 0; i < wins_.size(); ++i) {
    const Win& w = wins_[i];
    if (!w.staffed || w.serving || w.on_break || w.leaving || !w.serves[static_cast<std::size_t>(s)]) continue;
    if (best < 0 || w.free_since < wins_[static_cast<std::size_t>(best)].free_since) best = static_cast<int>(i);
  }
  if (best >= 0) call(best);
}

bool Sim::call(int wi) {
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
  w.recorded_to = -2;
  w.recorded_window = 0;
  w.recorded_window_took_ms = 0;
  w.gap_ms = 0;
  const RecordedVisit* rv = recorded_visit(t.ordinal, t.visits.size() - 1);
  if (rv != nullptr && rv->took_ms >= 0 && rv->service == v.service) {
    // As it went that day: the same time at the window, the same no-show, the same next service,
    // and the same moment before the clerk called again.
    w.gap_ms = rv->gap_ms;
    if (rv->end == RecordedVisit::End::no_show) {
      push(at + rv->took_ms, Kind::no_show, wi);
      return true;
    }
    const RecordedVisit* next = recorded_visit(t.ordinal, t.visits.size());
    w.recorded_to = rv->end == RecordedVisit::End::transferred && next != nullptr ? service_index(next->service) : -1;
    if (w.recorded_to >= 0) {
      w.recorded_window = next->window;
      w.recorded_window_took_ms = std::max<std::int64_t>(0, next->took_ms);
    }
    push(at + std::max<std::int64_t>(1, rv->took_ms), Kind::end, wi);
    return true;
  }
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

void Sim::end_service(int wi) {
  Win& w = wins_[static_cast<std::size_t>(wi)];
  Svc& svc = svcs_[static_cast<std::size_t>(w.current_service)];
  int to = -1;
  if (w.recorded_to >= -1)
    to = w.recorded_to;
  else if (svc.transfer_to >= 0 &&
           (model_.keyed_draws ? w.transfer_draw < svc.model->transfer : decisions_.chance(svc.model->transfer)))
    to = svc.transfer_to;
  int to_window = -1;  // a recorded transfer to a window: that window's index
  if (to >= 0 && w.recorded_window > 0 && w.recorded_window == w.cfg->number) {
    // Sent to the window that (in this "what if") served it: its clerk goes on with the citizen, as
    // long as that window took; one visit, as the engine counts it.
    w.gap_ms += w.recorded_window_took_ms;
    to = -1;
  }
  if (to >= 0) {
    domain::TransferArgs args;
    args.window = w.cfg->number;
    if (w.recorded_window > 0 && (to_window = window_index(w.recorded_window)) >= 0)
      args.to_window = w.recorded_window;
    else
      args.to_service = svcs_[static_cast<std::size_t>(to)].cfg->code;
    if (auto r = engine_->transfer(args)) {
      expect_recorded(*r.value(), now());
      ++svc.transferred;
      note_queue(svcs_[static_cast<std::size_t>(to)], +1);
    } else {
      to = -1;  // refused: to itself (load_scenario and fit_history keep a service from it), or a replayed
                // transfer to a window the hall no longer has (to the same service)
    }
  }
  if (to < 0) {
    (void)engine_->finish(w.cfg->number);
    ++svc.served;
    ++w.out.served;
  }
  after_visit(wi);
  if (to >= 0 && to_window >= 0)
    offer_window(to_window);
  else if (to >= 0)
    offer(to);
}

void Sim::offer_window(int wi) {
  const Win& w = wins_[static_cast<std::size_t>(wi)];
  if (w.staffed && !w.serving && !w.on_break && !w.leaving) call(wi);
}

void Sim::free_window(int wi) {
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

void Sim::shift_start(int k) {
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

void Sim::shift_end(int k) {
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

void Sim::leave(int wi) {
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

void Sim::break_start(int k) {
  Win& w = wins_[static_cast<std::size_t>(window_index(shifts_[static_cast<std::size_t>(k)].window))];
  if (!w.staffed || w.shift != k || w.on_break) return;
  if (w.serving) {
    w.pause_pending = true;
    return;
  }
  start_break(w);
}

void Sim::break_end(int k) {
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

}  // namespace hallq::sim::detail

namespace hallq::sim {

using detail::Sim;

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
