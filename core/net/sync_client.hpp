#pragma once
// A blocking client for command-line tools and scripts (hallqctl, hallq-bench
// setup): connect, hello, request/reply by id, and read pushed events.
// Every call has a timeout. Not for terminals with a UI: they use the
// reconnecting asynchronous client (hall_client.hpp).

#include <chrono>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include "core/net/endpoint.hpp"
#include "core/net/stream.hpp"
#include "core/protocol/messages.hpp"

namespace hallq::net {

// Connection refused, timed out, closed by the server, or an unreadable reply.
class ClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SyncClient {
 public:
  using json = nlohmann::json;
  using Ms = std::chrono::milliseconds;

  SyncClient();
  ~SyncClient();

  // Connects; with `tls_ca` (a CA certificate file, PEM) over TLS, the
  // server's certificate checked against it and against the server's host.
  void connect(const HostPort& server, Ms timeout = Ms{5000}, const std::string& tls_ca = {});
  // Sends a typed request and returns the typed reply, or the server's refusal.
  // Events that arrive meanwhile are kept for next_event(). Throws ClientError
  // when there is no reply in time or the connection breaks.
  template <protocol::WireRequest Req>
  protocol::Result<typename Req::Reply> call(const Req& r, Ms timeout = Ms{10000}) {
    return protocol::read_reply<typename Req::Reply>(request_object(r, timeout));
  }
  // The reply object as it came (for tools that print the raw JSON).
  template <protocol::WireRequest Req>
  json request_object(const Req& r, Ms timeout = Ms{10000}) {
    std::int64_t id = next_id_++;
    return exchange(protocol::request_line(id, r), id, timeout);
  }
  // hello with the given credentials; throws ClientError when refused.
  protocol::HelloReply hello(protocol::Role role, const std::string& device, const std::string& token);
  // The next pushed event as it came, or nullopt on timeout.
  std::optional<json> next_event(Ms timeout);
  void close();

 private:
  std::optional<json> read_line(Ms timeout);
  json exchange(const std::string& line, std::int64_t id, Ms timeout);

  boost::asio::io_context ctx_;
  boost::asio::ip::tcp::socket socket_;  // while connecting
  std::optional<Stream> stream_;         // once connected
  std::string buffer_;
  std::deque<json> events_;
  std::int64_t next_id_ = 1;
};

}  // namespace hallq::net
