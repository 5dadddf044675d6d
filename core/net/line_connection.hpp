#pragma once
// One TCP connection speaking newline-delimited messages (protocol/framing.hpp).
//
// A reader coroutine feeds each complete line to the Handler; a writer
// coroutine drains the outbox, gathering queued lines into one write. The
// outbox is bounded: send() refuses once `max_outbox_bytes` are queued, and the
// owner is expected to drop the peer (a slow reader must not stall anyone).
//
// Thread affinity: everything runs on the socket's executor (one event loop);
// call send()/close() only from that loop. The connection keeps itself alive
// (shared_from_this) while its coroutines run; the Handler must outlive it.

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/protocol/framing.hpp"

namespace hallq::net {

using Line = std::shared_ptr<const std::string>;

class LineConnection;

class LineHandler {
 public:
  virtual ~LineHandler() = default;
  // A complete line (without '\n'). The view is valid only during the call.
  // If it throws, the connection is closed (on_closed is called) and the
  // exception is logged and counted (net/spawn.hpp).
  virtual void on_line(LineConnection& c, std::string_view line) = 0;
  // The peer sent a line over the limit. Reading has stopped; the handler
  // usually sends an error and calls close_after_flush().
  virtual void on_too_large(LineConnection& c) = 0;
  // Called once, when the connection is closed for any reason; `ec` is empty
  // when the peer or we closed it normally.
  virtual void on_closed(LineConnection& c, std::error_code ec) = 0;
};

class LineConnection : public std::enable_shared_from_this<LineConnection> {
 public:
  using Clock = std::chrono::steady_clock;

  LineConnection(boost::asio::ip::tcp::socket socket, std::size_t max_line, std::size_t max_outbox_bytes);
  ~LineConnection();

  // Starts the reader and writer. `handler` must outlive the connection.
  void start(LineHandler& handler);

  // Queues a line (which must end in '\n'). False, and nothing queued, when the
  // outbox is full or the connection is closing.
  bool send(Line line);
  // Stops reading (the peer's further lines are ignored); sending goes on.
  void stop_reading();
  // Stops reading; closes once everything queued has been written.
  void close_after_flush();
  // Closes now; queued lines are discarded.
  void close(std::error_code reason = {});

  bool open() const { return !closed_; }
  bool closing() const { return closing_; }
  // For deadlines: when bytes last arrived, and whether a line is half-received.
  Clock::time_point last_read() const { return last_read_; }
  bool mid_line() const { return framer_.partial(); }
  std::size_t queued_bytes() const { return queued_bytes_; }
  const std::string& peer() const { return peer_; }

  // Free for the owner: typically its per-connection state.
  void* user = nullptr;

 private:
  boost::asio::awaitable<void> reader();
  boost::asio::awaitable<void> read_lines();
  boost::asio::awaitable<void> writer();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer wake_;
  protocol::LineFramer framer_;
  std::deque<Line> outbox_;
  std::size_t queued_bytes_ = 0;
  std::size_t max_outbox_bytes_;
  LineHandler* handler_ = nullptr;
  Clock::time_point last_read_;
  std::string peer_;
  bool reading_ = true;
  bool closing_ = false;
  bool closed_ = false;
};

}  // namespace hallq::net
