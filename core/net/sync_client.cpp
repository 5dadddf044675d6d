#include "core/net/sync_client.hpp"

#include <cerrno>  // program_invocation_short_name

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include "core/protocol/framing.hpp"

namespace hallq::net {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
// Runs the context until the started operation completes or the timeout passes.
void run_until_done(asio::io_context& ctx, tcp::socket& socket, bool& done, std::chrono::milliseconds timeout) {
  ctx.restart();
  ctx.run_for(timeout);
  if (!done) {
    boost::system::error_code ignored;
    socket.close(ignored);
    ctx.restart();
    ctx.run();
  }
}

// The handshake with a deadline (the context runs it to completion).
boost::system::error_code tls_handshake(asio::io_context& ctx, Stream& stream, const std::string& host,
                                        std::chrono::milliseconds timeout) {
  bool done = false;
  boost::system::error_code result = asio::error::timed_out;
  asio::co_spawn(ctx, stream.client_handshake(host), [&](std::exception_ptr, boost::system::error_code ec) {
    result = ec;
    done = true;
  });
  run_until_done(ctx, stream.socket(), done, timeout);
  return result;
}
}  // namespace

SyncClient::SyncClient() : socket_(ctx_) {}
SyncClient::~SyncClient() {
  close();
}

void SyncClient::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
  if (stream_) stream_->close();
}

void SyncClient::connect(const HostPort& server, Ms timeout, const std::string& tls_ca) {
  std::shared_ptr<asio::ssl::context> tls;
  try {
    if (!tls_ca.empty()) tls = make_tls_client_context(tls_ca);
  } catch (const std::exception& e) {
    throw ClientError(e.what());
  }
  tcp::resolver resolver(ctx_);
  boost::system::error_code ec;
  auto endpoints = resolver.resolve(server.host, std::to_string(server.port), ec);
  if (ec) throw ClientError("cannot resolve " + server.host + ": " + ec.message());
  bool done = false;
  boost::system::error_code result = asio::error::timed_out;
  asio::async_connect(socket_, endpoints, [&](boost::system::error_code e, const tcp::endpoint&) {
    result = e;
    done = true;
  });
  run_until_done(ctx_, socket_, done, timeout);
  if (!done) throw ClientError("connecting to " + server.str() + " timed out");
  if (result) throw ClientError("cannot connect to " + server.str() + ": " + result.message());
  socket_.set_option(tcp::no_delay(true), ec);
  if (!tls) {
    stream_.emplace(std::move(socket_));
    return;
  }
  stream_.emplace(std::move(socket_), tls);
  if (auto hec = tls_handshake(ctx_, *stream_, server.host, timeout))
    throw ClientError("TLS with " + server.str() + " failed: " + hec.message() +
                      " (is --tls-ca the CA that signed the server's certificate, and is the server's name in it?)");
}

std::optional<nlohmann::json> SyncClient::read_line(Ms timeout) {
  bool done = false;
  boost::system::error_code result;
  std::size_t length = 0;
  if (!stream_) throw ClientError("not connected");
  asio::async_read_until(*stream_, asio::dynamic_buffer(buffer_, protocol::kMaxLineBytes * 16), '\n',
                         [&](boost::system::error_code e, std::size_t n) {
                           result = e;
                           length = n;
                           done = true;
                         });
  ctx_.restart();
  ctx_.run_for(timeout);
  if (!done) {
    // Leave the connection usable: cancel the read, keep what was buffered.
    boost::system::error_code ignored;
    stream_->socket().cancel(ignored);
    ctx_.restart();
    ctx_.run();
    if (result == asio::error::operation_aborted) return std::nullopt;
  }
  if (result) {
    if (result == asio::error::eof) throw ClientError("the server closed the connection");
    throw ClientError("reading from the server failed: " + result.message());
  }
  std::string line = buffer_.substr(0, length - 1);
  buffer_.erase(0, length);
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw ClientError("the server sent a line that is not a JSON object");
  return j;
}

nlohmann::json SyncClient::exchange(const std::string& line, std::int64_t id, Ms timeout) {
  boost::system::error_code ec;
  if (!stream_) throw ClientError("not connected");
  bool done = false;
  asio::async_write(*stream_, asio::buffer(line), [&](boost::system::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  run_until_done(ctx_, stream_->socket(), done, timeout);
  if (!done) ec = asio::error::timed_out;
  if (ec) throw ClientError("sending to the server failed: " + ec.message());
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<Ms>(deadline - std::chrono::steady_clock::now());
    if (left <= Ms{0}) throw ClientError("no reply from the server within " + std::to_string(timeout.count()) + " ms");
    auto j = read_line(left);
    if (!j) continue;
    if (j->contains("event")) {
      events_.push_back(std::move(*j));
      continue;
    }
    auto rid = j->find("id");
    if (rid != j->end() && rid->is_number_integer() && rid->get<std::int64_t>() == id) return *j;
    if (rid != j->end() && rid->is_null()) return *j;  // the server could not read our request
  }
}

protocol::HelloReply SyncClient::hello(protocol::Role role, const std::string& device, const std::string& token) {
  protocol::HelloRequest r;
  r.role = role;
  r.device = device;
  r.token = token;
  r.protocol_min = protocol::kProtocolMin;
  r.client = protocol::ServerInfo{program_invocation_short_name, std::string(protocol::software_version())};
  auto reply = call(r);
  if (!reply) throw ClientError("the server refused hello: " + reply.failure().message);
  return reply.value();
}

std::optional<nlohmann::json> SyncClient::next_event(Ms timeout) {
  if (!events_.empty()) {
    json e = std::move(events_.front());
    events_.pop_front();
    return e;
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<Ms>(deadline - std::chrono::steady_clock::now());
    if (left <= Ms{0}) return std::nullopt;
    auto j = read_line(left);
    if (!j) return std::nullopt;
    if (j->contains("event")) return j;
  }
}

}  // namespace hallq::net
