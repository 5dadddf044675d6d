#include "server/dispatcher.hpp"

#include <boost/asio/post.hpp>

#include "server/log.hpp"
#include "server/views.hpp"

namespace hallq::server {

using protocol::Errc;

namespace {
constexpr int kMaxFailedHellos = 3;
constexpr std::size_t kMaxHeld = 64;
}  // namespace

Dispatcher::Dispatcher(boost::asio::any_io_executor loop, const config::Config& config, Books books,
                       const NoticeTexts& notices, std::unique_ptr<NoticeGateway> gateway, StoreThread& store)
    : loop_(std::move(loop)),
      config_(config),
      engine_(books.engine),
      cases_(books.cases),
      ratings_(books.ratings),
      help_(books.help),
      gateway_(std::move(gateway)),
      store_(store),
      refusals_(config.settings.log_burst, std::chrono::seconds(config.settings.log_window_s)),
      pin_guard_(config.settings),
      pin_checker_(config, store, loop_),
      passwords_(config, store, loop_),
      issue_limiter_(config.settings.kiosk_burst, std::chrono::seconds(config.settings.kiosk_interval_s)),
      gate_(*this),
      publisher_(gate_),
      hall_{config,
            refusals_,
            books.engine,
            books.cases,
            books.ratings,
            books.sealer,
            books.tokens,
            books.help,
            notices,
            store,
            publisher_,
            alarms_,
            changes_,
            gate_,
            pin_guard_,
            pin_checker_,
            passwords_,
            issue_limiter_,
            sessions_,
            {},
            {},
            {},
            {}},
      session_ops_(hall_),
      ticket_ops_(hall_),
      appointment_ops_(hall_),
      window_ops_(hall_),
      admin_ops_(hall_),
      case_ops_(hall_),
      rating_ops_(hall_),
      help_ops_(hall_) {
  hall_.reply_later = [this](std::uint64_t peer, std::int64_t id, std::string line) {
    answered_later(peer, id, std::move(line));
  };
  hall_.absorb = [this] { absorb(); };
  hall_.subscriptions_changed = [this] { subscriptions_changed(); };
  hall_.refresh_alarms = [this] { refresh_alarms(); };
  hall_.recovering = [this] { return recovering_; };
  session_ops_.register_ops(ops_);
  ticket_ops_.register_ops(ops_);
  appointment_ops_.register_ops(ops_);
  window_ops_.register_ops(ops_);
  admin_ops_.register_ops(ops_);
  case_ops_.register_ops(ops_);
  rating_ops_.register_ops(ops_);
  help_ops_.register_ops(ops_);
}

Dispatcher::~Dispatcher() = default;

// ------------------------------------------------------------------ requests

void Dispatcher::handle(Peer& peer, std::string_view line) {
  if (peer.awaiting) {
    // Its earlier request is being answered off the loop: this one waits, so
    // replies (and effects) keep the order the terminal sent them in.
    if (peer.held.size() >= kMaxHeld) {
      peer.close_reason = "too many requests while one was being answered";
      if (auto c = peer.conn.lock()) c->close();
      return;
    }
    peer.held.emplace_back(line);
    return;
  }
  ++peer.requests;
  auto parsed = protocol::parse_request(line);
  if (auto* bad = std::get_if<protocol::RequestError>(&parsed)) {
    refusals_.note("bad_request", peer.address, peer.name + ": bad_request: " + bad->message);
    gate_.reply(peer.id, bad->id,
                std::make_shared<const std::string>(protocol::error_line(bad->id, bad->code, bad->message)));
    if (peer.device == nullptr && ++peer.requests_before_hello >= config_.settings.max_requests_before_hello) {
      peer.close_reason = "too many requests before hello";
      close_after(peer, {});
    }
    return;
  }
  const auto& req = std::get<protocol::Request>(parsed);
  Answer answer = run(peer, req);
  absorb();
  if (!answer.line.empty())
    gate_.reply(peer.id, req.id, std::make_shared<const std::string>(std::move(answer.line)), answer.needs);
  else
    peer.awaiting = true;
  if (peer.device == nullptr && (peer.failed_hellos >= kMaxFailedHellos ||
                                 peer.requests_before_hello >= config_.settings.max_requests_before_hello)) {
    peer.close_reason =
        peer.failed_hellos >= kMaxFailedHellos ? "too many failed hellos" : "too many requests before hello";
    close_after(peer, {});
  }
}

Answer Dispatcher::run(Peer& peer, const protocol::Request& req) {
  Call call(peer, req.id, req.op, refusals_);
  const OpTable::Entry* op = ops_.find(req.op);
  if (peer.device == nullptr && req.op != protocol::HelloRequest::kOp) {
    ++peer.requests_before_hello;
    return call.fail(Errc::unauthorized, "send hello with this device's credentials first");
  }
  if (op == nullptr) return call.fail(Errc::unknown_op, "unknown op \"" + req.op + "\"");
  if (peer.device && !(op->roles & role_bit(peer.device->role)))
    return call.fail(Errc::forbidden,
                     "a " + std::string(to_string(peer.device->role)) + " may not use \"" + req.op + "\"");
  if (recovering_ && req.op != protocol::HelloRequest::kOp && req.op != protocol::PingRequest::kOp)
    return call.fail(Errc::busy, "the server is recovering from a storage error; try again shortly");
  try {
    return op->handler(call, req.body);
  } catch (const std::exception& e) {
    // A bug in one operation must not take the connection, let alone the server.
    ++handler_failures_;
    log_line(LogLevel::error, peer.name + ": handler for \"" + req.op + "\" failed: " + e.what());
    return call.fail(Errc::internal, "the server failed to handle this request; nothing was changed by it");
  }
}

void Dispatcher::answered_later(std::uint64_t peer_id, std::int64_t request_id, std::string line) {
  auto it = peers_.find(peer_id);
  if (it == peers_.end()) return;  // gone meanwhile
  Peer& peer = *it->second;
  gate_.reply(peer.id, request_id, std::make_shared<const std::string>(std::move(line)));
  peer.awaiting = false;
  while (!peer.awaiting && !peer.held.empty()) {
    std::string next = std::move(peer.held.front());
    peer.held.pop_front();
    handle(peer, next);
    if (!peers_.count(peer_id)) return;  // closed by what it sent
  }
}

void Dispatcher::close_after(Peer& peer, std::string last) {
  auto c = peer.conn.lock();
  if (!c) return;
  c->stop_reading();
  if (!last.empty()) gate_.reply(peer.id, std::nullopt, std::make_shared<const std::string>(std::move(last)));
  gate_.close_after(peer.id);
}

void Dispatcher::absorb() {
  domain::Changes c = engine_.take_changes();
  offer_ratings(c);
  c.merge(cases_.take_changes());
  c.merge(ratings_.take_changes());
  withdraw_rated_offers(c);
  c.merge(help_.take_changes());
  if (c.empty()) return;
  std::uint64_t id = gate_.next_id();
  changes_.record(c, id, engine_.day());
  for (const auto& n : c.notifications)
    if (n.state == "pending") notice_batch_[n.id] = id;
  publisher_.publish(c, engine_);
  bool cases_moved = !c.cases.empty(), ratings_moved = !c.ratings.empty() || !c.followups.empty();
  store_.submit(id, std::move(c), engine_.day());
  if (cases_moved) refresh_case_counts();
  if (ratings_moved) refresh_rating_counts();
  if (publisher_.wants(protocol::topic_bit(protocol::Topic::alarms))) refresh_alarms();
}

void Dispatcher::offer_ratings(const domain::Changes& c) {
  for (const auto& e : c.events) {
    if (e.kind != "finished") continue;
    const domain::Ticket* t = engine_.find(e.number);
    if (t == nullptr || t->state() != domain::TicketState::done) continue;
    auto cases = cases_.of_ticket(t->day, t->number);
    const domain::Rating& r = ratings_.offer(*t, cases.empty() ? std::string() : cases.front()->number);
    publisher_.publish(protocol::RatingOfferEvent{rating_offer_view(config_.hall, r, t->language)});
  }
}

void Dispatcher::withdraw_rated_offers(const domain::Changes& c) {
  // A visit rated on a pad: its offer ends now, so that every pad of its window (the window's
  // screen and a separate pad) leaves its page. Only a pad's rating: it is always of the window's
  // newest offer, while a phone rating may be of a visit long gone, whose offer must not replace
  // the window's current one on the pads.
  for (const auto& e : c.events) {
    if (e.kind != "rated" || e.window == 0) continue;
    const domain::Rating* r = nullptr;
    for (const auto& changed : c.ratings)
      if (changed.ticket == e.number && changed.day == e.day) r = &changed;
    if (r == nullptr || r->channel != domain::RatingChannel::pad) continue;
    const domain::Ticket* t = engine_.find(r->ticket);
    protocol::RatingOffer offer = rating_offer_view(config_.hall, *r, t ? t->language : std::string());
    offer.until = domain::format_iso(e.at);
    publisher_.publish(protocol::RatingOfferEvent{std::move(offer)});
  }
}

void Dispatcher::refresh_rating_counts() {
  protocol::RatingCounts now = rating_counts_view(ratings_);
  if (now == rating_counts_) return;
  rating_counts_ = now;
  publisher_.publish(protocol::RatingsEvent{now});
}

void Dispatcher::refresh_case_counts() {
  protocol::CaseCounts now = counts_view(cases_.counts());
  if (now == case_counts_) return;
  case_counts_ = now;
  publisher_.publish(protocol::CasesEvent{now});
}

void Dispatcher::send_notices() {
  if (!gateway_) return;
  // A few each second; a notice is sent once it is durable in the outbox (the
  // batch that made it has committed: it is older than this tick).
  for (const auto& n : cases_.outbox(8)) {
    auto made = notice_batch_.find(n.id);
    if (made != notice_batch_.end()) {
      if (made->second > gate_.durable()) continue;
      notice_batch_.erase(made);
    }
    const domain::Case* k = cases_.find(n.case_number);
    std::string phone = k ? k->phone : std::string();
    if (phone.empty()) {
      cases_.notification_sent(n.id, false, "the case has no phone number any more");
      continue;
    }
    auto error = gateway_->send(n, phone);
    cases_.notification_sent(n.id, !error, error.value_or(""));
    if (error) log_line(LogLevel::warning, "notices: " + n.case_number + ": " + *error);
  }
}

void Dispatcher::update_alarm_inputs() {
  auto now = PinGuard::Clock::now();
  auto wall = engine_.now();
  std::vector<AlarmMonitor::PinLock> locks;
  for (const auto& l : pin_guard_.locks(now))
    locks.push_back(
        {l.clerk, l.who,
         domain::format_iso(wall + std::chrono::duration_cast<domain::TimePoint::duration>(l.until - now))});
  alarms_.set_pin_locks(std::move(locks));
  // A kiosk refused for its pace stays an alarm for two minutes after the last refusal.
  alarms_.set_fast_devices(issue_limiter_.refused_since(now - std::chrono::minutes(2)));
  domain::CaseFilter due;
  due.due_soon = true;
  std::vector<AlarmMonitor::CaseDue> chase;
  for (const auto* c : cases_.list(due)) {
    auto s = cases_.due_status(*c);
    chase.push_back({c->number, c->service, c->due ? c->due->str() : std::string(), s.overdue});
  }
  alarms_.set_cases_due(std::move(chase));
  std::vector<AlarmMonitor::BadRating> bad;
  for (const auto* r : ratings_.bad_since(wall - std::chrono::minutes(config_.hall.ratings.alarm_minutes)))
    bad.push_back({r->ticket, r->service, std::string(domain::to_string(*r->level)), r->window});
  std::vector<AlarmMonitor::LateFollowup> late;
  for (const auto* f : ratings_.followups(true))
    if (ratings_.overdue(*f)) {
      const domain::Rating* r = ratings_.find(f->rating);
      late.push_back({f->id, r ? r->ticket : std::string(),
                      (f->state == domain::FollowupState::open ? f->callback_due : f->rectify_due).str()});
    }
  alarms_.set_ratings(std::move(bad), std::move(late));
  std::vector<AlarmMonitor::HelpCall> calls;
  for (const auto* r : help_.requests(true)) calls.push_back({r->id, r->device, domain::format_iso(r->requested_at)});
  alarms_.set_help_calls(std::move(calls));
  if (hall_.health) {
    auto low = hall_.health->disk_low();
    alarms_.set_disk_low(low ? std::optional(bytes_text(*low)) : std::nullopt, config_.settings.disk_warn_mib);
  }
  if (staffing_watch_) {
    int open = 0;  // a clerk at the window, not paused
    for (const auto& w : config_.hall.windows)
      if (const domain::WindowState* s = engine_.window_state(w.number); s && !s->clerk.empty() && !s->paused) ++open;
    alarms_.set_understaffed(staffing_watch_->tick(config_, engine_.now(), engine_.day(), open));
  }
}

void Dispatcher::refresh_alarms() {
  update_alarm_inputs();
  for (auto& a : alarms_.refresh(engine_)) publisher_.publish(protocol::AlarmEvent{std::move(a)});
}

void Dispatcher::subscriptions_changed() {
  unsigned all = 0;
  for (const auto& [id, p] : peers_) all |= p->topics;
  publisher_.set_interest(all);
}

// ------------------------------------------------------------------ the gate's sink

void Dispatcher::send(DurabilityGate::ConnId to, const DurabilityGate::Line& line) {
  auto it = peers_.find(to);
  if (it == peers_.end()) return;
  Peer& peer = *it->second;
  if (peer.local) {
    peer.local(line);
    return;
  }
  auto conn = peer.conn.lock();
  if (!conn || !conn->open() || conn->closing()) return;
  if (conn->send(line)) return;
  // Over the shared budget but not over its own limit: the slowest reader
  // goes, not necessarily this one.
  if (conn->queued_bytes() + line->size() <= config_.settings.max_outbox_bytes && drop_slowest(peer) &&
      conn->send(line))
    return;
  // A client that does not read must not hold the server.
  log_line(LogLevel::warning, peer.name + ": dropped, " + std::to_string(conn->queued_bytes()) + " bytes unread");
  peer.close_reason = "too slow reading";
  // Closing re-enters disconnected(); do it outside any loop over peers_.
  boost::asio::post(loop_, [conn] { conn->close(); });
}

bool Dispatcher::drop_slowest(const Peer& except) {
  // The slowest reader is the one that has taken nothing for longest, not the
  // one with most queued: a terminal that pipelines requests and reads its
  // replies may hold more for a moment than one that has stopped reading.
  std::shared_ptr<net::LineConnection> slowest;
  Peer* who = nullptr;
  std::optional<net::LineConnection::Clock::time_point> oldest;
  for (const auto& [id, p] : peers_) {
    if (p == &except) continue;
    auto c = p->conn.lock();
    if (!c || !c->open()) continue;
    auto since = c->stalled_since();
    if (since && (!oldest || *since < *oldest)) {
      oldest = since;
      slowest = c;
      who = p;
    }
  }
  if (!slowest) return false;
  log_line(LogLevel::warning, who->name + ": dropped, " + std::to_string(slowest->queued_bytes()) +
                                  " bytes unread (the server's outbox budget is spent)");
  who->close_reason = "too slow reading";
  // Its queued bytes are freed now; closing (which re-enters disconnected())
  // happens outside any loop over peers_.
  slowest->abandon();
  boost::asio::post(loop_, [slowest] { slowest->close(); });
  return true;
}

void Dispatcher::broadcast(unsigned topics, const DurabilityGate::Line& line) {
  for (const auto& [id, p] : peers_)
    if (p->topics & topics) send(id, line);
}

void Dispatcher::close(DurabilityGate::ConnId to) {
  auto it = peers_.find(to);
  if (it == peers_.end()) return;
  if (auto conn = it->second->conn.lock()) conn->close_after_flush();
}

// ------------------------------------------------------------------ commits

void Dispatcher::committed(std::uint64_t upto, std::optional<CommitError> error) {
  if (recovering_) return;  // a late report from before the failure
  if (!error) {
    gate_.release(upto);
  } else {
    bool busy = error->kind == CommitError::Kind::busy;
    std::string message = busy ? "the database is locked by another program; nothing was saved, try again"
                               : "storage failed (" + error->message + "); nothing was saved";
    Errc code = busy ? Errc::busy : Errc::internal;
    std::size_t turned =
        gate_.fail([&](std::optional<std::int64_t> id) { return protocol::error_line(id, code, message); });
    log_line(LogLevel::error, "storage: commit failed (" + error->message + "); " + std::to_string(turned) +
                                  " waiting replies turned into errors, reloading the durable state");
    changes_.clear();  // everything in memory is about to be the durable state
    notice_batch_.clear();
    alarms_.reset();  // subscribers may have missed alarm changes; re-push after reload
    recovering_ = true;
    reload();
  }
  check_drained();
}

void Dispatcher::reload() {
  reloading_ = true;
  struct Durable {
    std::optional<domain::DayState> day;
    CaseBookState cases;
    RatingBookState ratings;
    HelpBookState help;
  };
  auto since = engine_.now() - kCaseMemory;
  auto ratings_since = ratings_.today().plus_days(-domain::RatingBook::kPhoneDays - 1).str();
  auto help_day = help_.today().str();
  store_.run(
      [since, ratings_since, help_day](Store& s) -> std::optional<Durable> {
        try {
          return Durable{s.load_current(), s.load_cases(since),
                         s.ratings().load(ratings_since, domain::to_unix_ms(since)), s.help().load(help_day)};
        } catch (const std::exception& e) {
          log_line(LogLevel::error, std::string("storage: reload failed: ") + e.what());
          return std::nullopt;
        }
      },
      [this](std::optional<Durable> state) {
        reloading_ = false;
        if (!state) return;  // tick() tries again
        if (state->day) {
          engine_.restore(std::move(*state->day));
        } else {
          domain::DayState empty;
          empty.day = engine_.day();
          engine_.restore(std::move(empty));
        }
        (void)engine_.take_changes();
        cases_.restore(std::move(state->cases.cases), std::move(state->cases.sheets),
                       std::move(state->cases.notifications), state->cases.last_notification);
        (void)cases_.take_changes();
        ratings_.restore(std::move(state->ratings.ratings), std::move(state->ratings.followups),
                         state->ratings.last_rating, state->ratings.last_followup);
        (void)ratings_.take_changes();
        help_.restore(std::move(state->help.requests), std::move(state->help.entries), state->help.last_request,
                      state->help.last_entry);
        (void)help_.take_changes();
        recovering_ = false;
        store_.resume();
        log_line(LogLevel::notice, "storage: recovered; serving from the durable state");
        refresh_alarms();
      });
}

void Dispatcher::drain(std::function<void()> done) {
  drained_ = std::move(done);
  check_drained();
}

void Dispatcher::check_drained() {
  if (!drained_ || !gate_.idle()) return;
  auto done = std::move(drained_);
  drained_ = nullptr;
  done();
}

// ------------------------------------------------------------------ lifecycle

void Dispatcher::connected(Peer& peer) {
  peer.id = ++next_peer_;
  peers_[peer.id] = &peer;
}

void Dispatcher::disconnected(Peer& peer) {
  peers_.erase(peer.id);
  gate_.forget(peer.id);
  subscriptions_changed();
  if (!peer.device || peer.local) return;
  auto open = sessions_.find(peer.device);
  bool still = open != sessions_.end() && --open->second > 0;
  if (!still) {
    if (open != sessions_.end()) sessions_.erase(open);
    if (peer.said_bye)
      alarms_.forget(peer.device->id);  // it left on purpose: not offline, nothing to report until it is back
    else
      alarms_.disconnected(peer.device->id);
    refresh_alarms();
  }
}

void Dispatcher::tick() {
  if (recovering_) {
    if (!reloading_) reload();
    return;
  }
  engine_.tick();
  send_notices();
  absorb();
  if (hall_.backups) hall_.backups->nightly(engine_.now());
  if (hall_.health && hall_.health->tick()) refresh_alarms();
  if (++ticks_ % config_.settings.alarm_interval_s == 0) {
    refresh_alarms();
    refresh_case_counts();  // a new day brings promised dates nearer
    refresh_rating_counts();
  }
}

}  // namespace hallq::server
