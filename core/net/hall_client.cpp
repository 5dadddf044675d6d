#include "core/net/hall_client.hpp"

#include <cerrno>  // program_invocation_short_name
#include <cstdio>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/net/await.hpp"
#include "core/net/spawn.hpp"
#include "core/protocol/framing.hpp"

namespace hallq::net {

namespace asio = boost::asio;
using asio::ip::tcp;
using protocol::Errc;
using protocol::json;

std::string new_request_key() {
  static std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

HallClient::HallClient(asio::io_context& ctx, ClientOptions options)
    : ctx_(ctx), opt_(std::move(options)), socket_(ctx), wake_writer_(ctx), timer_(ctx), retry_timer_(ctx) {
  if (!opt_.tls_ca.empty()) tls_ = make_tls_client_context(opt_.tls_ca);
}

void HallClient::disconnect() {
  boost::system::error_code ignored;
  socket_.close(ignored);
  if (stream_) stream_->close();
}

HallClient::~HallClient() {
  *alive_ = false;
  stop();
}

void HallClient::start() {
  if (running_) return;
  running_ = true;
  spawn(ctx_.get_executor(), run(), "the hall client");
}

void HallClient::stop() {
  running_ = false;
  disconnect();
  timer_.cancel();
  retry_timer_.cancel();
  wake_writer_.cancel();
}

void HallClient::goodbye(std::chrono::milliseconds wait) {
  if (state_ == State::online && connected()) {
    auto answered = std::make_shared<bool>(false);  // the reply may come after this returns, or never
    request(protocol::ByeRequest{}, [answered](const protocol::Result<protocol::Empty>&) { *answered = true; });
    if (ctx_.stopped()) ctx_.restart();
    auto deadline = std::chrono::steady_clock::now() + wait;
    while (!*answered && std::chrono::steady_clock::now() < deadline)
      if (ctx_.run_one_until(deadline) == 0 && ctx_.stopped()) break;
  }
  stop();
}

void HallClient::set_state(State s, std::string why) {
  problem_ = std::move(why);
  if (s == state_) return;
  state_ = s;
  if (on_state) on_state(s, problem_);
}

void HallClient::fail_pending(Errc code, const std::string& message) {
  auto pending = std::move(pending_);
  pending_.clear();
  unanswered_.clear();  // the connection is gone: what it still owed will never come
  for (auto& [id, p] : pending)
    if (p.done) p.done(nullptr, protocol::Failure{code, message});
}

void HallClient::check_timeouts() {
  auto now = std::chrono::steady_clock::now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.deadline > now) {
      ++it;
      continue;
    }
    auto done = std::move(it->second.done);
    unanswered_.insert(it->first);
    it = pending_.erase(it);
    if (done) done(nullptr, protocol::Failure{Errc::timeout, "no reply from the server in time"});
  }
}

void HallClient::send(const std::function<std::string(std::int64_t id)>& line, Completion done) {
  if (!connected()) {
    // Not now, and not inside the caller's own call stack.
    asio::post(ctx_, [alive = alive_, done = std::move(done)] {
      if (*alive && done) done(nullptr, protocol::Failure{Errc::offline, "not connected to the server"});
    });
    return;
  }
  if (!unanswered_.empty()) {
    // The server has not caught up with a request that timed out: whatever is sent now would be
    // done after it, late (a clerk's second press of "call next" would call a second citizen when
    // the server wakes). Nothing goes out until it answers, or the connection is given up.
    asio::post(ctx_, [alive = alive_, done = std::move(done)] {
      if (*alive && done) done(nullptr, protocol::Failure{Errc::timeout, "the server has not answered yet"});
    });
    return;
  }
  std::int64_t id = next_id_++;
  pending_[id] = {std::move(done), std::chrono::steady_clock::now() + opt_.request_timeout};
  send_line(line(id));
}

void HallClient::send_line(std::string line) {
  outbox_.push_back(std::move(line));
  wake_writer_.cancel();
}

asio::awaitable<void> HallClient::writer() {
  auto alive = alive_;
  std::vector<std::string> batch;
  while (*alive && connected()) {
    if (outbox_.empty()) {
      wake_writer_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_writer_.async_wait(kAwait);
      continue;
    }
    batch.assign(outbox_.begin(), outbox_.end());
    outbox_.clear();
    std::vector<asio::const_buffer> bufs;
    for (const auto& s : batch) bufs.emplace_back(asio::buffer(s));
    auto [ec, n] = co_await asio::async_write(*stream_, bufs, kAwait);
    if (!*alive) co_return;
    if (ec) {
      disconnect();
      co_return;
    }
  }
}

void HallClient::handle_line(const std::string& line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  if (j.contains("event")) {
    if (syncing_) return;  // the snapshot being fetched covers it
    auto e = protocol::parse_event(j);
    if (!e) return;                                  // an event this terminal does not know (a newer server)
    if (e->seq != 0 && e->seq <= last_seq_) return;  // already in the snapshot
    if (e->seq) last_seq_ = e->seq;
    if (std::holds_alternative<protocol::DayEvent>(e->event)) resync_ = true;  // a new hall day: everything changed
    if (on_event) on_event(e->event);
    return;
  }
  auto id = j.find("id");
  if (id == j.end() || !id->is_number_integer()) return;
  auto p = pending_.find(id->get<std::int64_t>());
  if (p == pending_.end()) {
    unanswered_.erase(id->get<std::int64_t>());  // a late reply: the server has caught up with it
    return;
  }
  auto done = std::move(p->second.done);
  pending_.erase(p);
  if (done) done(&j, {});
}

template <protocol::WireRequest Req>
asio::awaitable<protocol::Result<typename Req::Reply>> HallClient::call(const Req& r) {
  auto timer = std::make_shared<asio::steady_timer>(ctx_, asio::steady_timer::time_point::max());
  auto result = std::make_shared<std::optional<protocol::Result<typename Req::Reply>>>();
  request(r, [result, timer](protocol::Result<typename Req::Reply> reply) {
    *result = std::move(reply);
    timer->cancel();
  });
  co_await timer->async_wait(kAwait);
  if (!*result) co_return protocol::Failure{Errc::offline, "the client stopped"};
  co_return std::move(**result);
}

asio::awaitable<void> HallClient::read_lines() {
  auto alive = alive_;
  std::string buf;
  while (*alive && connected()) {
    auto [ec, n] = co_await asio::async_read_until(*stream_, asio::dynamic_buffer(buf, protocol::kMaxLineBytes * 16),
                                                   '\n', kAwait);
    if (!*alive) co_return;
    if (ec) {
      disconnect();
      timer_.cancel();
      fail_pending(Errc::offline, "the connection to the server was lost");
      co_return;
    }
    std::string line = buf.substr(0, n - 1);
    buf.erase(0, n);
    handle_line(line);
  }
}

asio::awaitable<bool> HallClient::session() {
  auto alive = alive_;
  spawn(ctx_.get_executor(), read_lines(), "the hall client's reader");
  spawn(ctx_.get_executor(), writer(), "the hall client's writer");

  syncing_ = true;
  protocol::HelloRequest hello_req;
  hello_req.role = opt_.role;
  hello_req.device = opt_.device;
  hello_req.token = opt_.token;
  hello_req.protocol_min = protocol::kProtocolMin;
  hello_req.client = protocol::ServerInfo{opt_.program.empty() ? program_invocation_short_name : opt_.program,
                                          std::string(protocol::software_version())};
  auto hello = co_await call(hello_req);
  if (!*alive) co_return false;
  if (!hello) {
    problem_ = "the server refused this terminal: " + hello.failure().message;
    if (hello.code() == Errc::protocol_mismatch) {
      version_refused_ = true;
      server_protocols_ = hello.failure().protocols.value_or(protocol::ProtocolRange{0, 0});
    }
    co_return false;
  }
  auto hall = co_await call(protocol::HallRequest{});
  if (!*alive) co_return false;
  if (!hall) {
    problem_ = "the server's hall description: " + hall.failure().message;
    co_return false;
  }
  if (!opt_.topics.empty()) {
    protocol::SubscribeRequest sub_req;
    sub_req.topics = opt_.topics;
    auto sub = co_await call(sub_req);
    if (!*alive || !sub) co_return false;
  }
  auto last_ping = std::chrono::steady_clock::now();
  for (bool first = true;; first = false) {
    syncing_ = true;
    auto snap = co_await call(protocol::SnapshotRequest{});
    if (!*alive || !snap) co_return false;
    last_seq_ = snap->seq;
    syncing_ = false;
    resync_ = false;
    if (first) set_state(State::online, "");
    if (on_sync) on_sync(hello.value(), hall->hall, snap.value());
    // Connected: keep an eye on replies that never come, and on the server.
    while (*alive && connected() && !resync_) {
      timer_.expires_after(std::chrono::milliseconds(250));
      co_await timer_.async_wait(kAwait);
      if (!*alive) co_return false;
      check_timeouts();
      auto now = std::chrono::steady_clock::now();
      if (now - last_ping >= opt_.ping_every) {
        last_ping = now;
        request(protocol::PingRequest{}, [this, alive](const protocol::Result<protocol::PingReply>& r) {
          if (*alive && r.code() == Errc::timeout) disconnect();  // a silent server is a lost server
        });
      }
    }
    if (!connected()) co_return true;
  }
}

asio::awaitable<void> HallClient::run() {
  auto alive = alive_;
  std::chrono::milliseconds backoff{250};
  while (*alive && running_) {
    tcp::resolver resolver(ctx_);
    auto [rec, endpoints] = co_await resolver.async_resolve(opt_.server.host, std::to_string(opt_.server.port), kAwait);
    if (!*alive) co_return;
    bool synced = false;
    version_refused_ = false;
    if (!rec) {
      socket_ = tcp::socket(ctx_);
      // Connecting and the TLS handshake have 3 s: a server that accepts and
      // says nothing must not hold the terminal.
      timer_.expires_after(std::chrono::seconds(3));
      timer_.async_wait([this, alive](boost::system::error_code ec) {
        if (*alive && !ec && state_ != State::online && !syncing_) disconnect();
      });
      auto [cec, ep] = co_await asio::async_connect(socket_, endpoints, kAwait);
      if (!*alive) co_return;
      if (!cec) {
        socket_.set_option(tcp::no_delay(true));
        bool handshaken = true;
        if (tls_) {
          stream_.emplace(std::move(socket_), tls_);
          auto hec = co_await stream_->client_handshake(opt_.server.host);
          if (!*alive) co_return;
          if (hec) {
            problem_ = "TLS with " + opt_.server.str() + " failed: " + hec.message();
            handshaken = false;
          }
        } else {
          stream_.emplace(std::move(socket_));
        }
        timer_.cancel();
        if (handshaken && connected()) {
          backoff = std::chrono::milliseconds(250);
          synced = co_await session();
          if (!*alive) co_return;
        }
      } else {
        problem_ = "cannot connect to " + opt_.server.str() + ": " + cec.message();
      }
    } else {
      problem_ = "cannot resolve " + opt_.server.host + ": " + rec.message();
    }
    disconnect();
    stream_.reset();
    socket_ = tcp::socket(ctx_);
    wake_writer_.cancel();
    outbox_.clear();
    fail_pending(Errc::offline, "the connection to the server was lost");
    if (!running_) co_return;
    if (version_refused_) {
      set_state(State::incompatible, problem_);
      backoff = opt_.mismatch_retry;
    } else {
      set_state(State::lost, synced ? "the connection to the server was lost" : problem_);
    }
    retry_timer_.expires_after(backoff);
    co_await retry_timer_.async_wait(kAwait);
    if (!*alive) co_return;
    backoff = version_refused_ ? std::chrono::milliseconds(250) : std::min(backoff * 2, opt_.max_backoff);
  }
}

}  // namespace hallq::net
