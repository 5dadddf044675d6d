#include "server/dispatcher.hpp"

#include <boost/asio/post.hpp>

#include "server/log.hpp"

namespace hallq::server {

using protocol::Errc;

namespace {
constexpr int kMaxFailedHellos = 3;
}  // namespace

Dispatcher::Dispatcher(boost::asio::any_io_executor loop, const config::Config& config, domain::Engine& engine,
                       StoreThread& store)
    : loop_(std::move(loop)),
      config_(config),
      engine_(engine),
      store_(store),
      gate_(*this),
      publisher_(gate_),
      hall_{config, engine, store, publisher_, alarms_, changes_, gate_, {}, {}, {}},
      session_ops_(hall_),
      ticket_ops_(hall_),
      appointment_ops_(hall_),
      window_ops_(hall_),
      admin_ops_(hall_) {
  hall_.reply_later = [this](std::uint64_t peer, std::int64_t id, std::string line) {
    if (peers_.count(peer)) gate_.reply(peer, id, std::make_shared<const std::string>(std::move(line)));
  };
  hall_.subscriptions_changed = [this] { subscriptions_changed(); };
  hall_.refresh_alarms = [this] { refresh_alarms(); };
  session_ops_.register_ops(ops_);
  ticket_ops_.register_ops(ops_);
  appointment_ops_.register_ops(ops_);
  window_ops_.register_ops(ops_);
  admin_ops_.register_ops(ops_);
}

Dispatcher::~Dispatcher() = default;

// ------------------------------------------------------------------ requests

void Dispatcher::handle(Peer& peer, std::string_view line) {
  ++peer.requests;
  auto parsed = protocol::parse_request(line);
  if (auto* bad = std::get_if<protocol::RequestError>(&parsed)) {
    log_line(peer.name + ": bad_request: " + bad->message);
    gate_.reply(peer.id, bad->id,
                std::make_shared<const std::string>(protocol::error_line(bad->id, bad->code, bad->message)));
    return;
  }
  const auto& req = std::get<protocol::Request>(parsed);
  Answer answer = run(peer, req);
  absorb();
  if (!answer.line.empty())
    gate_.reply(peer.id, req.id, std::make_shared<const std::string>(std::move(answer.line)), answer.needs);
  if (peer.failed_hellos >= kMaxFailedHellos && peer.device == nullptr) {
    peer.close_reason = "too many failed hellos";
    close_after(peer, {});
  }
}

Answer Dispatcher::run(Peer& peer, const protocol::Request& req) {
  Call call(peer, req.id, req.op);
  const OpTable::Entry* op = ops_.find(req.op);
  if (peer.device == nullptr && req.op != protocol::HelloRequest::kOp)
    return call.fail(Errc::unauthorized, "send hello with this device's credentials first");
  if (op == nullptr) return call.fail(Errc::unknown_op, "unknown op \"" + req.op + "\"");
  if (peer.device && !(op->roles & role_bit(peer.device->role)))
    return call.fail(Errc::forbidden, "a " + std::string(to_string(peer.device->role)) + " may not " + req.op);
  if (recovering_ && req.op != protocol::HelloRequest::kOp && req.op != protocol::PingRequest::kOp)
    return call.fail(Errc::busy, "the server is recovering from a storage error; try again shortly");
  try {
    return op->handler(call, req.body);
  } catch (const std::exception& e) {
    // A bug in one operation must not take the connection, let alone the server.
    ++handler_failures_;
    log_line(peer.name + ": handler for \"" + req.op + "\" failed: " + e.what());
    return call.fail(Errc::internal, "the server failed to handle this request; nothing was changed by it");
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
  if (c.empty()) return;
  std::uint64_t id = gate_.next_id();
  changes_.record(c, id, engine_.day());
  publisher_.publish(c, engine_);
  store_.submit(id, std::move(c), engine_.day());
  if (publisher_.wants(protocol::topic_bit(protocol::Topic::alarms))) refresh_alarms();
}

void Dispatcher::refresh_alarms() {
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
  auto conn = peer.conn.lock();
  if (!conn || !conn->open() || conn->closing()) return;
  if (conn->send(line)) return;
  // Its outbox is full: a client that does not read must not hold the server.
  log_line(peer.name + ": dropped, " + std::to_string(conn->queued_bytes()) + " bytes unread");
  peer.close_reason = "too slow reading";
  // Closing re-enters disconnected(); do it outside any loop over peers_.
  boost::asio::post(loop_, [conn] { conn->close(); });
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
    log_line("storage: commit failed (" + error->message + "); " + std::to_string(turned) +
             " waiting replies turned into errors, reloading the durable state");
    changes_.clear();  // everything in memory is about to be the durable state
    alarms_.reset();   // subscribers may have missed alarm changes; re-push after reload
    recovering_ = true;
    reload();
  }
  check_drained();
}

void Dispatcher::reload() {
  reloading_ = true;
  store_.run(
      [](Store& s) -> std::optional<std::optional<domain::DayState>> {
        try {
          return s.load_current();
        } catch (const std::exception& e) {
          log_line(std::string("storage: reload failed: ") + e.what());
          return std::nullopt;
        }
      },
      [this](std::optional<std::optional<domain::DayState>> state) {
        reloading_ = false;
        if (!state) return;  // tick() tries again
        if (*state) {
          engine_.restore(std::move(**state));
        } else {
          domain::DayState empty;
          empty.day = engine_.day();
          engine_.restore(std::move(empty));
        }
        (void)engine_.take_changes();
        recovering_ = false;
        store_.resume();
        log_line("storage: recovered; serving from the durable state");
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
  if (!peer.device) return;
  bool still = false;
  for (const auto& [id, p] : peers_) still = still || p->device == peer.device;
  if (!still) {
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
  absorb();
  if (++ticks_ % config_.settings.alarm_interval_s == 0) refresh_alarms();
}

}  // namespace hallq::server
