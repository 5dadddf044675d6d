#pragma once
// Accepts connections (TCP, or TLS when the hall's [security] names a
// certificate) and runs each as a LineConnection whose lines go to the
// Dispatcher. Connection discipline, every limit from [server]:
//
//   - caps: connections in all (kept below the file limit), per source
//     address, and not yet said hello (the oldest of those is dropped to make
//     room, so a flood of silent connections cannot lock a terminal out);
//   - deadlines, checked once a second by the sweeper: hello within
//     hello_timeout_s of connecting, a line finished within line_timeout_s of
//     its first byte, and no silence over idle_timeout_s;
//   - memory: a small outbox before hello, the full one after, and one budget
//     for all outboxes together (the dispatcher drops a reader over it).
//
// Refused and timed-out connections are logged through the dispatcher's
// rate-limited refusal log, not one line each.
//
// Thread affinity: the event loop only.

#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "core/config/config.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/line_connection.hpp"
#include "server/dispatcher.hpp"

namespace hallq::server {

class Listener final : public net::LineHandler {
 public:
  // `tls`: the server's TLS context, or null for plain TCP.
  Listener(boost::asio::io_context& ctx, Dispatcher& dispatcher, const config::Settings& settings,
           std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~Listener() override;

  // Binds and listens; throws std::system_error naming the address.
  boost::asio::ip::tcp::endpoint bind(const net::HostPort& where);
  // Starts accepting and the once-a-second sweeper.
  void start();

  // Shutdown steps: no new connections; no new requests; close when flushed.
  void stop_accepting();
  void stop_reading_all();
  void close_all_after_flush();
  std::size_t connections() const { return conns_.size(); }
  std::size_t unauthenticated() const { return waiting_hello_.size(); }

  void on_line(net::LineConnection& c, std::string_view line) override;
  void on_too_large(net::LineConnection& c) override;
  void on_closed(net::LineConnection& c, std::error_code ec) override;

 private:
  struct Conn {
    std::shared_ptr<net::LineConnection> conn;
    Peer peer;
    bool waiting_hello = true;
    std::list<Conn*>::iterator in_waiting;  // its place in waiting_hello_, while waiting_hello
  };
  // Connections that have not said hello yet, oldest first: counted and
  // evicted in O(1), however many connections an attack opens per second.
  std::list<Conn*> waiting_hello_;
  void stop_waiting(Conn& c);  // it said hello, or closed

  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> sweeper();
  // Whether a new connection from `address` may stay; may close the oldest
  // silent connection to make room.
  bool admit(const std::string& address);
  void drop(net::LineConnection& c, std::string why);

  boost::asio::io_context& ctx_;
  Dispatcher& dispatcher_;
  const config::Settings& settings_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  net::OutboxBudget budget_;
  std::unordered_map<net::LineConnection*, std::unique_ptr<Conn>> conns_;
  std::map<std::string, int> per_address_;
  int max_connections_ = 0;
  int spare_fd_ = -1;  // closed to accept-and-drop when out of descriptors
  bool accepting_ = true;
};

}  // namespace hallq::server
