#pragma once
// The web's HTTP/1.1 listener (Boost.Beast), on the server's event loop: pages
// read the same in-memory state the terminals see, and a page never blocks the
// loop. Discipline after Beast's own server examples, every limit from [web]:
//
//   - connections in all and per source address (phones in a hall share its
//     Wi-Fi's address, so that cap is high);
//   - a request's header within 8 KiB and its body within max_body_kib;
//   - deadlines: a request must arrive whole within request_timeout_s; a kept-
//     alive connection idle for idle_timeout_s is closed; an event stream is
//     kept alive with a comment every 20 s and dropped when the phone stops
//     reading (its unsent events over 64 KiB);
//   - every response carries the security headers (a CSP without inline
//     scripts, no framing, no sniffing, no referrer: tokens live in URLs).
//
// Thread affinity: the event loop only.

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "core/config/config.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/stream.hpp"
#include "server/web/http.hpp"

namespace hallq::server::web {

class WebListener {
 public:
  // `handler` answers every request; `tls` (may be null) makes it HTTPS.
  WebListener(boost::asio::io_context& ctx, const config::WebSettings& settings, Handler handler,
              std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~WebListener();

  // Binds and listens; throws std::system_error naming the address.
  boost::asio::ip::tcp::endpoint bind(const net::HostPort& where);
  void start();
  // Shutdown: no new connections, every open one closed.
  void stop();
  std::size_t connections() const { return state_->open; }
  std::size_t streams() const { return state_->streams; }

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> session(net::Stream stream, std::string address);
  boost::asio::awaitable<void> serve_stream(net::Stream& stream, const Response& head);

  boost::asio::io_context& ctx_;
  const config::WebSettings& settings_;
  Handler handler_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  bool accepting_ = false;
  // Shared with the sessions, which may outlive the listener when the loop is torn down.
  struct State {
    std::size_t open = 0, streams = 0;
    std::unordered_map<std::string, int> per_address;
    bool stopped = false;  // sessions see it and end
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace hallq::server::web
