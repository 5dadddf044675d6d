#include "core/net/line_connection.hpp"

#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/net/spawn.hpp"

namespace hallq::net {

namespace asio = boost::asio;
using asio::ip::tcp;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

LineConnection::LineConnection(tcp::socket socket, std::size_t max_line, std::size_t max_outbox_bytes)
    : socket_(std::move(socket)),
      wake_(socket_.get_executor()),
      framer_(max_line),
      max_outbox_bytes_(max_outbox_bytes),
      last_read_(Clock::now()) {
  wake_.expires_at(asio::steady_timer::time_point::max());
  boost::system::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  peer_ = ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
  socket_.set_option(tcp::no_delay(true), ec);
}

LineConnection::~LineConnection() = default;

void LineConnection::start(LineHandler& handler) {
  handler_ = &handler;
  net::spawn(
      socket_.get_executor(), [self = shared_from_this()] { return self->reader(); }, "the reader of " + peer_);
  net::spawn(
      socket_.get_executor(), [self = shared_from_this()] { return self->writer(); }, "the writer of " + peer_);
}

bool LineConnection::send(Line line) {
  if (closed_ || closing_) return false;
  if (queued_bytes_ + line->size() > max_outbox_bytes_) return false;
  queued_bytes_ += line->size();
  outbox_.push_back(std::move(line));
  wake_.cancel();
  return true;
}

void LineConnection::stop_reading() {
  if (closed_ || !reading_) return;
  reading_ = false;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_receive, ignored);
}

void LineConnection::close_after_flush() {
  if (closed_) return;
  stop_reading();
  closing_ = true;
  wake_.cancel();
}

void LineConnection::close(std::error_code reason) {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  wake_.cancel();
  outbox_.clear();
  queued_bytes_ = 0;
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
  while (!closed_ && reading_) {
    auto space = framer_.prepare();
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(space.data(), space.size()), kAwait);
    if (closed_ || !reading_) co_return;
    if (ec) {
      // EOF is the peer closing normally: report it as no error.
      close(ec == asio::error::eof ? std::error_code{} : std::error_code(ec));
      co_return;
    }
    last_read_ = Clock::now();
    framer_.commit(n);
    std::string_view line;
    for (;;) {
      auto r = framer_.next(line);
      if (r == protocol::LineFramer::Result::need_more) break;
      if (r == protocol::LineFramer::Result::too_large) {
        handler_->on_too_large(*this);
        co_return;
      }
      handler_->on_line(*this, line);
      if (closed_ || !reading_) co_return;
    }
  }
}

asio::awaitable<void> LineConnection::writer() {
  std::vector<asio::const_buffer> buffers;
  while (!closed_) {
    if (outbox_.empty()) {
      if (closing_) {
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
    auto [ec, n] = co_await asio::async_write(socket_, buffers, kAwait);
    if (closed_) co_return;
    if (ec) {
      close(ec);
      co_return;
    }
    for (std::size_t i = 0; i < count; ++i) {
      queued_bytes_ -= outbox_.front()->size();
      outbox_.pop_front();
    }
  }
}

}  // namespace hallq::net
