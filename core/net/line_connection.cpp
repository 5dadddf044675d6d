#include "core/net/line_connection.hpp"

#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/net/await.hpp"
#include "core/net/spawn.hpp"

namespace hallq::net {

namespace asio = boost::asio;
using asio::ip::tcp;

LineConnection::LineConnection(Stream stream, std::size_t max_line, std::size_t max_outbox_bytes, OutboxBudget* budget)
    : stream_(std::move(stream)),
      wake_(stream_.get_executor()),
      framer_(max_line),
      max_outbox_bytes_(max_outbox_bytes),
      budget_(budget),
      opened_(Clock::now()),
      last_read_(opened_) {
  wake_.expires_at(asio::steady_timer::time_point::max());
  boost::system::error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  address_ = ec ? "?" : ep.address().to_string();
  peer_ = ec ? "?" : address_ + ":" + std::to_string(ep.port());
  stream_.socket().set_option(tcp::no_delay(true), ec);
}

LineConnection::~LineConnection() = default;

void LineConnection::start(LineHandler& handler) {
  handler_ = &handler;
  net::spawn(
      stream_.get_executor(), [self = shared_from_this()] { return self->reader(); }, "the reader of " + peer_);
  net::spawn(
      stream_.get_executor(), [self = shared_from_this()] { return self->writer(); }, "the writer of " + peer_);
}

bool LineConnection::send(Line line) {
  if (closed_ || closing_) return false;
  if (queued_bytes_ + line->size() > max_outbox_bytes_) return false;
  if (budget_ && budget_->used + line->size() > budget_->limit) return false;
  queued_bytes_ += line->size();
  if (budget_) budget_->used += line->size();
  if (outbox_.empty()) progress_ = Clock::now();
  outbox_.push_back(std::move(line));
  wake_.cancel();
  return true;
}

void LineConnection::unqueue(std::size_t bytes) {
  queued_bytes_ -= bytes;
  if (budget_) budget_->used -= bytes;
}

void LineConnection::stop_reading() {
  if (closed_ || !reading_) return;
  reading_ = false;
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_receive, ignored);
}

void LineConnection::close_after_flush() {
  if (closed_) return;
  stop_reading();
  closing_ = true;
  wake_.cancel();
}

void LineConnection::abandon() {
  if (closed_) return;
  closing_ = true;
  abandoned_ = true;  // a write under way must not pop what is no longer there
  outbox_.clear();
  unqueue(queued_bytes_);
}

void LineConnection::close(std::error_code reason) {
  if (closed_) return;
  closed_ = true;
  stream_.close();
  wake_.cancel();
  outbox_.clear();
  unqueue(queued_bytes_);
  if (handler_) handler_->on_closed(*this, reason);
}

asio::awaitable<void> LineConnection::reader() {
  try {
    co_await read_lines();
  } catch (...) {
    // A handler threw: this connection is in an unknown state, so it goes (and
    // spawn() logs and counts the exception); nobody else is affected.
    close(std::make_error_code(std::errc::protocol_error));
    throw;
  }
}

asio::awaitable<void> LineConnection::read_lines() {
  if (stream_.tls()) {
    auto ec = co_await stream_.server_handshake();
    if (closed_) co_return;
    if (ec) {
      close(std::error_code(ec));
      co_return;
    }
  }
  handshaken_ = true;
  wake_.cancel();  // the writer may start
  while (!closed_ && reading_) {
    auto space = framer_.prepare();
    auto [ec, n] = co_await stream_.read_some(asio::buffer(space.data(), space.size()));
    if (closed_ || !reading_) co_return;
    if (ec) {
      // EOF is the peer closing normally: report it as no error.
      close(ec == asio::error::eof ? std::error_code{} : std::error_code(ec));
      co_return;
    }
    last_read_ = Clock::now();
    framer_.commit(n);
    std::string_view line;
    bool completed = false;
    for (;;) {
      auto r = framer_.next(line);
      if (r == protocol::LineFramer::Result::need_more) break;
      if (r == protocol::LineFramer::Result::too_large) {
        handler_->on_too_large(*this);
        co_return;
      }
      completed = true;
      handler_->on_line(*this, line);
      if (closed_ || !reading_) co_return;
    }
    // A line's deadline runs from its first byte, not from the last read: one
    // byte a second must not keep a line open forever.
    if (!framer_.partial())
      partial_since_.reset();
    else if (!partial_since_ || completed)
      partial_since_ = last_read_;
  }
}

asio::awaitable<void> LineConnection::writer() {
  std::vector<asio::const_buffer> buffers;
  while (!closed_) {
    if (!handshaken_ || outbox_.empty()) {
      if (closing_ && handshaken_) {
        close();
        co_return;
      }
      co_await wake_.async_wait(kAwait);  // cancelled by send()/close()
      continue;
    }
    // Gather what is queued now into one write; keep the lines alive meanwhile.
    std::size_t count = std::min<std::size_t>(outbox_.size(), 64);
    buffers.clear();
    for (std::size_t i = 0; i < count; ++i) buffers.emplace_back(asio::buffer(*outbox_[i]));
    std::vector<Line> hold(outbox_.begin(), outbox_.begin() + static_cast<std::ptrdiff_t>(count));
    auto [ec, n] = co_await stream_.write(buffers);
    if (closed_ || abandoned_) co_return;
    if (ec) {
      close(ec);
      co_return;
    }
    for (std::size_t i = 0; i < count; ++i) {
      unqueue(outbox_.front()->size());
      outbox_.pop_front();
    }
    progress_ = Clock::now();
  }
}

}  // namespace hallq::net
