#include "server/listener.hpp"

#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/net/spawn.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/framing.hpp"
#include "server/log.hpp"

namespace hallq::server {

namespace asio = boost::asio;
using asio::ip::tcp;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

Listener::Listener(asio::io_context& ctx, Dispatcher& dispatcher, const config::Settings& settings)
    : ctx_(ctx), dispatcher_(dispatcher), settings_(settings), acceptor_(ctx) {}

Listener::~Listener() {
  // Connections may outlive us inside pending handlers; make sure they don't call back.
  for (auto& [ptr, c] : conns_) c->conn->user = nullptr;
}

tcp::endpoint Listener::bind(const net::HostPort& where) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(where.host == "localhost" ? "127.0.0.1" : where.host, ec);
  if (ec) throw std::system_error(ec, "cannot listen on " + where.str() + ": not an IP address");
  tcp::endpoint ep(address, where.port);
  acceptor_.open(ep.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(ep, ec);
  if (ec) throw std::system_error(ec, "cannot listen on " + where.str());
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint();
}

void Listener::start() {
  net::spawn(ctx_.get_executor(), accept_loop(), "the accept loop");
  net::spawn(ctx_.get_executor(), sweeper(), "the sweeper");
}

asio::awaitable<void> Listener::accept_loop() {
  asio::steady_timer backoff(ctx_);
  while (accepting_) {
    auto [ec, socket] = co_await acceptor_.async_accept(kAwait);
    if (!accepting_) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of file descriptors and the like: say so, wait a little, go on.
      log_line("accept failed: " + ec.message());
      backoff.expires_after(std::chrono::milliseconds(100));
      co_await backoff.async_wait(kAwait);
      continue;
    }
    auto conn =
        std::make_shared<net::LineConnection>(std::move(socket), protocol::kMaxLineBytes, settings_.max_outbox_bytes);
    auto entry = std::make_unique<Conn>();
    entry->conn = conn;
    entry->peer.conn = conn;
    entry->peer.name = conn->peer();
    entry->opened = std::chrono::steady_clock::now();
    conn->user = &entry->peer;
    dispatcher_.connected(entry->peer);
    conns_.emplace(conn.get(), std::move(entry));
    conn->start(*this);
  }
}

asio::awaitable<void> Listener::sweeper() {
  asio::steady_timer timer(ctx_);
  auto next = std::chrono::steady_clock::now();
  std::vector<std::shared_ptr<net::LineConnection>> expired;
  for (;;) {
    next += std::chrono::seconds(1);
    timer.expires_at(next);
    auto [ec] = co_await timer.async_wait(kAwait);
    if (ec) co_return;
    auto now = std::chrono::steady_clock::now();
    auto idle = std::chrono::seconds(settings_.idle_timeout_s);
    auto line = std::chrono::seconds(settings_.line_timeout_s);
    expired.clear();
    for (auto& [ptr, c] : conns_) {
      auto quiet = now - c->conn->last_read();
      if (c->conn->mid_line() && quiet > line) {
        c->peer.close_reason = "line not finished within " + std::to_string(settings_.line_timeout_s) + " s";
        expired.push_back(c->conn);
      } else if (quiet > idle && !c->conn->closing()) {
        c->peer.close_reason = "idle for " + std::to_string(settings_.idle_timeout_s) + " s";
        expired.push_back(c->conn);
      }
    }
    for (auto& c : expired) c->close();
    dispatcher_.tick();
    if (!accepting_ && conns_.empty()) co_return;
  }
}

void Listener::stop_accepting() {
  accepting_ = false;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void Listener::stop_reading_all() {
  for (auto& [ptr, c] : conns_) c->conn->stop_reading();
}

void Listener::close_all_after_flush() {
  std::vector<std::shared_ptr<net::LineConnection>> all;
  for (auto& [ptr, c] : conns_) all.push_back(c->conn);
  for (auto& c : all) c->close_after_flush();
}

void Listener::on_line(net::LineConnection& c, std::string_view line) {
  if (auto* peer = static_cast<Peer*>(c.user)) dispatcher_.handle(*peer, line);
}

void Listener::on_too_large(net::LineConnection& c) {
  auto* peer = static_cast<Peer*>(c.user);
  if (peer == nullptr) return c.close();
  peer->close_reason = "line over " + std::to_string(protocol::kMaxLineBytes) + " bytes";
  log_line(peer->name + ": too_large: line over the limit, closing");
  dispatcher_.close_after(*peer, protocol::error_line(std::nullopt, protocol::Errc::too_large,
                                                      "line longer than 65536 bytes; closing the connection"));
}

void Listener::on_closed(net::LineConnection& c, std::error_code ec) {
  auto it = conns_.find(&c);
  if (it == conns_.end()) return;
  Conn& entry = *it->second;
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - entry.opened);
  std::string why = !entry.peer.close_reason.empty() ? entry.peer.close_reason : ec ? ec.message() : "closed";
  log_line(entry.peer.name + ": connection ended after " + std::to_string(secs.count()) + " s, " +
           std::to_string(entry.peer.requests) + " requests (" + why + ")");
  dispatcher_.disconnected(entry.peer);
  c.user = nullptr;
  conns_.erase(it);
}

}  // namespace hallq::server
