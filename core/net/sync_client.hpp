#pragma once
// A blocking client for command-line tools and scripts (hallqctl, hallq-bench
// setup): connect, hello, request/reply by id, and read pushed events.
// Every call has a timeout. Not for terminals with a UI: they use the
// reconnecting asynchronous client in core/ui.

#include <chrono>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include "core/net/endpoint.hpp"

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

  void connect(const HostPort& server, Ms timeout = Ms{5000});
  // Sends `body` with a fresh "id" and returns the reply with that id (ok or
  // not). Events that arrive meanwhile are kept for next_event().
  json request(json body, Ms timeout = Ms{10000});
  // hello with the given credentials; throws ClientError when refused.
  json hello(const std::string& role, const std::string& device, const std::string& token);
  // The next pushed event, or nullopt on timeout.
  std::optional<json> next_event(Ms timeout);
  void close();

 private:
  std::optional<json> read_line(Ms timeout);

  boost::asio::io_context ctx_;
  boost::asio::ip::tcp::socket socket_;
  std::string buffer_;
  std::deque<json> events_;
  std::int64_t next_id_ = 1;
};

}  // namespace hallq::net
