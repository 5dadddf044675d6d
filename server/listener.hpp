#pragma once
// Accepts TCP connections and runs each as a LineConnection whose lines go to
// the Dispatcher. Once a second a sweeper closes connections that broke their
// deadlines (idle too long, or a line started and not finished) and ticks the
// dispatcher. Logs one line per connection when it ends.
//
// Thread affinity: the event loop only.

#include <chrono>
#include <memory>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "core/config/config.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/line_connection.hpp"
#include "server/dispatcher.hpp"

namespace hallq::server {

class Listener final : public net::LineHandler {
 public:
  Listener(boost::asio::io_context& ctx, Dispatcher& dispatcher, const config::Settings& settings);
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

  void on_line(net::LineConnection& c, std::string_view line) override;
  void on_too_large(net::LineConnection& c) override;
  void on_closed(net::LineConnection& c, std::error_code ec) override;

 private:
  struct Conn {
    std::shared_ptr<net::LineConnection> conn;
    Peer peer;
    std::chrono::steady_clock::time_point opened;
  };

  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> sweeper();

  boost::asio::io_context& ctx_;
  Dispatcher& dispatcher_;
  const config::Settings& settings_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::unordered_map<net::LineConnection*, std::unique_ptr<Conn>> conns_;
  bool accepting_ = true;
};

}  // namespace hallq::server
