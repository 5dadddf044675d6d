#include "server/listener.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/net/await.hpp"
#include "core/net/spawn.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/framing.hpp"
#include "server/log.hpp"

namespace hallq::server {

namespace asio = boost::asio;
using asio::ip::tcp;
using net::kAwait;

namespace {
// Descriptors kept free for the database, the log and a reconnecting terminal.
constexpr int kFdReserve = 64;

int file_limit() {
  rlimit rl{};
  return getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? static_cast<int>(rl.rlim_cur) : 1 << 20;
}
}  // namespace

Listener::Listener(asio::io_context& ctx, Dispatcher& dispatcher, const config::Settings& settings,
                   std::shared_ptr<asio::ssl::context> tls)
    : ctx_(ctx), dispatcher_(dispatcher), settings_(settings), tls_(std::move(tls)), acceptor_(ctx) {
  budget_.limit = settings_.max_total_outbox_bytes;
  max_connections_ = std::max(1, std::min(settings_.max_connections, file_limit() - kFdReserve));
  spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

Listener::~Listener() {
  // Connections may outlive us inside pending handlers; make sure they don't call back.
  for (auto& [ptr, c] : conns_) c->conn->user = nullptr;
  if (spare_fd_ >= 0) ::close(spare_fd_);
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

void Listener::stop_waiting(Conn& c) {
  if (!c.waiting_hello) return;
  waiting_hello_.erase(c.in_waiting);
  c.waiting_hello = false;
}

bool Listener::admit(const std::string& address) {
  auto& refusals = dispatcher_.refusals();
  if (static_cast<int>(conns_.size()) >= max_connections_) {
    refusals.note("connections refused (" + std::to_string(max_connections_) + " open)", address,
                  address + ": connection refused, " + std::to_string(max_connections_) + " connections are open");
    return false;
  }
  if (per_address_[address] >= settings_.max_connections_per_address) {
    refusals.note("connections refused (per-address limit)", address,
                  address + ": connection refused, " + std::to_string(settings_.max_connections_per_address) +
                      " already open from this address");
    return false;
  }
  if (static_cast<int>(unauthenticated()) >= settings_.max_unauthenticated) {
    // Room for the newcomer: the connection that has waited longest without
    // saying hello goes (closing removes it from waiting_hello_).
    drop(*waiting_hello_.front()->conn, "dropped to make room: too many connections without hello");
  }
  return true;
}

void Listener::drop(net::LineConnection& c, std::string why) {
  if (auto* peer = static_cast<Peer*>(c.user)) peer->close_reason = std::move(why);
  c.close();
}

asio::awaitable<void> Listener::accept_loop() {
  asio::steady_timer backoff(ctx_);
  while (accepting_) {
    auto [ec, socket] = co_await acceptor_.async_accept(kAwait);
    if (!accepting_) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      if (ec == asio::error::no_descriptors && spare_fd_ >= 0) {
        // Out of descriptors: accept the waiting connection with the spare
        // one and close it at once, so the queue does not fill with callers
        // who will never be answered.
        ::close(spare_fd_);
        boost::system::error_code ignored;
        tcp::socket victim(ctx_);
        acceptor_.accept(victim, ignored);
        victim.close(ignored);
        spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      }
      dispatcher_.refusals().note("accept failures", "", "accept failed: " + ec.message());
      backoff.expires_after(std::chrono::milliseconds(20));
      co_await backoff.async_wait(kAwait);
      continue;
    }
    boost::system::error_code aec;
    auto remote = socket.remote_endpoint(aec);
    std::string address = aec ? "?" : remote.address().to_string();
    if (!admit(address)) {
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    net::Stream stream = tls_ ? net::Stream(std::move(socket), tls_) : net::Stream(std::move(socket));
    auto conn = std::make_shared<net::LineConnection>(std::move(stream), protocol::kMaxLineBytes,
                                                      settings_.max_outbox_unauthenticated, &budget_);
    auto entry = std::make_unique<Conn>();
    entry->conn = conn;
    entry->peer.conn = conn;
    entry->peer.name = conn->peer();
    entry->peer.address = conn->peer_address();
    conn->user = &entry->peer;
    dispatcher_.connected(entry->peer);
    ++per_address_[address];
    entry->in_waiting = waiting_hello_.insert(waiting_hello_.end(), entry.get());
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
    auto hello = std::chrono::seconds(settings_.hello_timeout_s);
    expired.clear();
    for (auto& [ptr, c] : conns_) {
      auto& conn = *c->conn;
      if (conn.closing()) continue;
      std::string why;
      if (auto since = conn.partial_since(); since && now - *since > line)
        why = "line not finished within " + std::to_string(settings_.line_timeout_s) + " s";
      else if (c->peer.device == nullptr && now - conn.opened_at() > hello)
        why = "no hello within " + std::to_string(settings_.hello_timeout_s) + " s";
      else if (now - conn.last_read() > idle)
        why = "idle for " + std::to_string(settings_.idle_timeout_s) + " s";
      if (!why.empty()) {
        c->peer.close_reason = std::move(why);
        expired.push_back(c->conn);
      }
    }
    for (auto& c : expired) c->close();
    dispatcher_.tick();
    dispatcher_.refusals().flush();
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
  auto* peer = static_cast<Peer*>(c.user);
  if (peer == nullptr) return;
  bool waiting = peer->device == nullptr;
  dispatcher_.handle(*peer, line);
  if (!waiting) return;
  // The line may have been a good hello; it may also have closed the connection.
  if (auto it = conns_.find(&c); it != conns_.end() && it->second->peer.device != nullptr) stop_waiting(*it->second);
}

void Listener::on_too_large(net::LineConnection& c) {
  auto* peer = static_cast<Peer*>(c.user);
  if (peer == nullptr) return c.close();
  peer->close_reason = "line over " + std::to_string(protocol::kMaxLineBytes) + " bytes";
  dispatcher_.close_after(*peer, protocol::error_line(std::nullopt, protocol::Errc::too_large,
                                                      "line longer than 65536 bytes; closing the connection"));
}

void Listener::on_closed(net::LineConnection& c, std::error_code ec) {
  auto it = conns_.find(&c);
  if (it == conns_.end()) return;
  Conn& entry = *it->second;
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - c.opened_at());
  std::string why = !entry.peer.close_reason.empty() ? entry.peer.close_reason : ec ? ec.message() : "closed";
  std::string line = entry.peer.name + ": connection ended after " + std::to_string(secs.count()) + " s, " +
                     std::to_string(entry.peer.requests) + " requests (" + why + ")";
  // A terminal's connection is worth a line, but a device reconnecting in a
  // loop (or a stolen token) is not worth one each: the same rate limit per
  // device as for refusals. The devices are the configuration's, so the kinds
  // are few. A flood of silent connections is one kind.
  if (entry.peer.device)
    dispatcher_.refusals().note(LogLevel::info, "connections of " + entry.peer.device->id + " ended",
                                entry.peer.address, line);
  else
    dispatcher_.refusals().note(LogLevel::info, "connections without hello ended", entry.peer.address, line);
  if (auto pa = per_address_.find(entry.peer.address); pa != per_address_.end() && --pa->second <= 0)
    per_address_.erase(pa);
  dispatcher_.disconnected(entry.peer);
  stop_waiting(entry);
  c.user = nullptr;
  conns_.erase(it);
}

}  // namespace hallq::server
