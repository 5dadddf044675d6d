#include "core/net/hall_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/protocol/framing.hpp"

namespace hallq::net {

namespace asio = boost::asio;
using asio::ip::tcp;
using nlohmann::json;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

namespace {
json client_error(const char* code, const std::string& message) {
  return {{"ok", false}, {"error", {{"code", code}, {"message", message}}}};
}

bool reply_ok(const std::optional<json>& r) {
  return r && r->value("ok", false);
}

std::string refusal(const std::optional<json>& r, const std::string& what) {
  std::string m = r && r->contains("error") ? (*r)["error"].value("message", "") : "no reply";
  return what + ": " + m;
}
}  // namespace

HallClient::HallClient(asio::io_context& ctx, ClientOptions options)
    : ctx_(ctx), opt_(std::move(options)), socket_(ctx), wake_writer_(ctx), timer_(ctx) {}

HallClient::~HallClient() {
  *alive_ = false;
  stop();
}

void HallClient::start() {
  if (running_) return;
  running_ = true;
  asio::co_spawn(ctx_, run(), asio::detached);
}

void HallClient::stop() {
  running_ = false;
  boost::system::error_code ignored;
  socket_.close(ignored);
  timer_.cancel();
  wake_writer_.cancel();
}

void HallClient::set_state(State s, std::string why) {
  problem_ = std::move(why);
  if (s == state_) return;
  state_ = s;
  if (on_state) on_state(s, problem_);
}

void HallClient::fail_pending(const char* code, const std::string& message) {
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [id, p] : pending)
    if (p.done) p.done(client_error(code, message));
}

void HallClient::check_timeouts() {
  auto now = std::chrono::steady_clock::now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.deadline > now) {
      ++it;
      continue;
    }
    auto done = std::move(it->second.done);
    it = pending_.erase(it);
    if (done) done(client_error("timeout", "no reply from the server in time"));
  }
}

void HallClient::request(json body, std::function<void(const json&)> done) {
  if (!socket_.is_open()) {
    // Not now, and not inside the caller's own call stack.
    asio::post(ctx_, [alive = alive_, done = std::move(done)] {
      if (*alive && done) done(client_error("offline", "not connected to the server"));
    });
    return;
  }
  std::int64_t id = next_id_++;
  body["id"] = id;
  pending_[id] = {std::move(done), std::chrono::steady_clock::now() + opt_.request_timeout};
  send_line(body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
}

void HallClient::send_line(std::string line) {
  outbox_.push_back(std::move(line));
  wake_writer_.cancel();
}

asio::awaitable<void> HallClient::writer() {
  auto alive = alive_;
  std::vector<std::string> batch;
  while (*alive && socket_.is_open()) {
    if (outbox_.empty()) {
      wake_writer_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_writer_.async_wait(kAwait);
      continue;
    }
    batch.assign(outbox_.begin(), outbox_.end());
    outbox_.clear();
    std::vector<asio::const_buffer> bufs;
    for (const auto& s : batch) bufs.emplace_back(asio::buffer(s));
    auto [ec, n] = co_await asio::async_write(socket_, bufs, kAwait);
    if (!*alive) co_return;
    if (ec) {
      boost::system::error_code ignored;
      socket_.close(ignored);
      co_return;
    }
  }
}

void HallClient::handle_line(const std::string& line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  if (j.contains("event")) {
    if (syncing_) return;  // the snapshot being fetched covers it
    std::uint64_t seq = j.value("seq", std::uint64_t{0});
    if (seq != 0 && seq <= last_seq_) return;  // already in the snapshot
    if (seq) last_seq_ = seq;
    if (j["event"] == "day") resync_ = true;  // a new hall day: everything changed
    if (on_event) on_event(j);
    return;
  }
  auto id = j.find("id");
  if (id == j.end() || !id->is_number_integer()) return;
  auto p = pending_.find(id->get<std::int64_t>());
  if (p == pending_.end()) return;
  auto done = std::move(p->second.done);
  pending_.erase(p);
  if (done) done(j);
}

asio::awaitable<std::optional<json>> HallClient::call(json body) {
  auto alive = alive_;
  auto timer = std::make_shared<asio::steady_timer>(ctx_, asio::steady_timer::time_point::max());
  auto result = std::make_shared<std::optional<json>>();
  request(std::move(body), [result, timer](const json& r) {
    *result = r;
    timer->cancel();
  });
  co_await timer->async_wait(kAwait);
  if (!*alive) co_return std::nullopt;
  co_return *result;
}

asio::awaitable<bool> HallClient::session() {
  auto alive = alive_;
  // Reader: every line of this connection, until it breaks.
  asio::co_spawn(
      ctx_,
      [this, alive]() -> asio::awaitable<void> {
        std::string buf;
        while (*alive && socket_.is_open()) {
          auto [ec, n] = co_await asio::async_read_until(
              socket_, asio::dynamic_buffer(buf, protocol::kMaxLineBytes * 16), '\n', kAwait);
          if (!*alive) co_return;
          if (ec) {
            boost::system::error_code ignored;
            socket_.close(ignored);
            timer_.cancel();
            fail_pending("offline", "the connection to the server was lost");
            co_return;
          }
          std::string line = buf.substr(0, n - 1);
          buf.erase(0, n);
          handle_line(line);
        }
      },
      asio::detached);
  asio::co_spawn(ctx_, writer(), asio::detached);

  syncing_ = true;
  // (Requests are built before co_await: GCC 12 mishandles braced lists of literals inside it.)
  json hello_req = {
      {"op", "hello"}, {"protocol", 1}, {"role", opt_.role}, {"device", opt_.device}, {"token", opt_.token}};
  auto hello = co_await call(std::move(hello_req));
  if (!*alive) co_return false;
  if (!reply_ok(hello)) {
    problem_ = refusal(hello, std::string("the server refused this terminal"));
    co_return false;
  }
  json hall_req = {{"op", "hall"}};
  auto hall = co_await call(std::move(hall_req));
  if (!*alive || !reply_ok(hall)) co_return false;
  if (!opt_.topics.empty()) {
    json sub_req = {{"op", "subscribe"}, {"topics", opt_.topics}};
    auto sub = co_await call(std::move(sub_req));
    if (!*alive || !reply_ok(sub)) co_return false;
  }
  auto last_ping = std::chrono::steady_clock::now();
  for (bool first = true;; first = false) {
    syncing_ = true;
    json snap_req = {{"op", "snapshot"}};
    auto snap = co_await call(std::move(snap_req));
    if (!*alive || !reply_ok(snap)) co_return false;
    last_seq_ = snap->value("seq", std::uint64_t{0});
    syncing_ = false;
    resync_ = false;
    if (first) set_state(State::online, "");
    if (on_sync) on_sync(*hello, *hall, *snap);
    // Connected: keep an eye on replies that never come, and on the server.
    while (*alive && socket_.is_open() && !resync_) {
      timer_.expires_after(std::chrono::milliseconds(250));
      co_await timer_.async_wait(kAwait);
      if (!*alive) co_return false;
      check_timeouts();
      auto now = std::chrono::steady_clock::now();
      if (now - last_ping >= opt_.ping_every) {
        last_ping = now;
        request({{"op", "ping"}}, [this, alive](const json& r) {
          if (*alive && !r.value("ok", false) && r.contains("error") && r["error"].value("code", "") == "timeout") {
            boost::system::error_code ignored;
            socket_.close(ignored);  // a silent server is a lost server
          }
        });
      }
    }
    if (!socket_.is_open()) co_return true;
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
    if (!rec) {
      socket_ = tcp::socket(ctx_);
      timer_.expires_after(std::chrono::seconds(3));
      timer_.async_wait([this, alive](boost::system::error_code ec) {
        if (*alive && !ec && state_ != State::online) {
          boost::system::error_code ignored;
          if (!socket_.is_open() || !socket_.remote_endpoint(ignored).port()) socket_.close(ignored);
        }
      });
      auto [cec, ep] = co_await asio::async_connect(socket_, endpoints, kAwait);
      timer_.cancel();
      if (!*alive) co_return;
      if (!cec) {
        socket_.set_option(tcp::no_delay(true));
        backoff = std::chrono::milliseconds(250);
        synced = co_await session();
        if (!*alive) co_return;
      } else {
        problem_ = "cannot connect to " + opt_.server.str() + ": " + cec.message();
      }
    } else {
      problem_ = "cannot resolve " + opt_.server.host + ": " + rec.message();
    }
    boost::system::error_code ignored;
    socket_.close(ignored);
    wake_writer_.cancel();
    outbox_.clear();
    fail_pending("offline", "the connection to the server was lost");
    if (!running_) co_return;
    set_state(State::lost, synced ? "the connection to the server was lost" : problem_);
    timer_.expires_after(backoff);
    co_await timer_.async_wait(kAwait);
    if (!*alive) co_return;
    backoff = std::min(backoff * 2, opt_.max_backoff);
  }
}

}  // namespace hallq::net
