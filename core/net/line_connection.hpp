#pragma once
// One connection (TCP, or TLS over TCP: net/stream.hpp) speaking
// newline-delimited messages (protocol/framing.hpp).
//
// A reader coroutine feeds each complete line to the Handler; a writer
// coroutine drains the outbox, gathering queued lines into one write. The
// outbox is bounded twice: send() refuses once the connection's own limit is
// queued, or once every connection sharing an OutboxBudget together holds the
// budget's limit; the owner is then expected to drop the peer (a slow reader
// must not stall anyone or grow the server).
//
// Thread affinity: everything runs on the socket's executor (one event loop);
// call send()/close() only from that loop. The connection keeps itself alive
// (shared_from_this) while its coroutines run; the Handler must outlive it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/net/stream.hpp"
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

// Bytes queued by all connections that share it (one event loop).
struct OutboxBudget {
  std::size_t limit = SIZE_MAX;
  std::size_t used = 0;
};

class LineConnection : public std::enable_shared_from_this<LineConnection> {
 public:
  using Clock = std::chrono::steady_clock;

  // `budget` (may be null) must outlive the connection. A TLS stream does its
  // handshake first; a failed handshake closes the connection with its error.
  LineConnection(Stream stream, std::size_t max_line, std::size_t max_outbox_bytes, OutboxBudget* budget = nullptr);
  LineConnection(boost::asio::ip::tcp::socket socket, std::size_t max_line, std::size_t max_outbox_bytes)
      : LineConnection(Stream(std::move(socket)), max_line, max_outbox_bytes) {}
  ~LineConnection();

  // Starts the reader and writer. `handler` must outlive the connection.
  void start(LineHandler& handler);

  // Queues a line (which must end in '\n'). False, and nothing queued, when the
  // outbox (its own, or the shared budget) is full or the connection is closing.
  bool send(Line line);
  // The connection's own outbox limit from now on (e.g. larger after hello).
  void set_max_outbox(std::size_t bytes) { max_outbox_bytes_ = bytes; }
  // Stops reading (the peer's further lines are ignored); sending goes on.
  void stop_reading();
  // Stops reading; closes once everything queued has been written.
  void close_after_flush();
  // Closes now; queued lines are discarded.
  void close(std::error_code reason = {});
  // Discards what is queued (freeing its share of the budget) and sends
  // nothing more, without calling the handler: for dropping a connection from
  // inside a loop over connections. Call close() soon after (e.g. posted).
  void abandon();

  bool open() const { return !closed_; }
  bool closing() const { return closing_; }
  // For deadlines: when bytes last arrived, and since when a line has been
  // arriving without its end (nothing when no line is half-received).
  Clock::time_point last_read() const { return last_read_; }
  bool mid_line() const { return framer_.partial(); }
  std::optional<Clock::time_point> partial_since() const { return partial_since_; }
  Clock::time_point opened_at() const { return opened_; }
  std::size_t queued_bytes() const { return queued_bytes_; }
  // Since when the peer has taken none of what is queued (the last write that
  // finished, or when the outbox stopped being empty); nothing when nothing is
  // queued. A peer that reads keeps this recent however much it is sent.
  std::optional<Clock::time_point> stalled_since() const {
    if (outbox_.empty()) return std::nullopt;
    return progress_;
  }
  const std::string& peer() const { return peer_; }             // "10.0.3.7:51234"
  const std::string& peer_address() const { return address_; }  // "10.0.3.7"
  bool tls() const { return stream_.tls(); }

  // Free for the owner: typically its per-connection state.
  void* user = nullptr;

 private:
  boost::asio::awaitable<void> reader();
  boost::asio::awaitable<void> read_lines();
  boost::asio::awaitable<void> writer();

  void unqueue(std::size_t bytes);

  Stream stream_;
  boost::asio::steady_timer wake_;
  protocol::LineFramer framer_;
  std::deque<Line> outbox_;
  std::size_t queued_bytes_ = 0;
  std::size_t max_outbox_bytes_;
  OutboxBudget* budget_;
  LineHandler* handler_ = nullptr;
  Clock::time_point opened_, last_read_, progress_;
  std::optional<Clock::time_point> partial_since_;
  std::string peer_, address_;
  bool handshaken_ = false;
  bool abandoned_ = false;
  bool reading_ = true;
  bool closing_ = false;
  bool closed_ = false;
};

}  // namespace hallq::net
