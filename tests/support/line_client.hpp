#pragma once
// A deliberately plain test client: a blocking POSIX socket speaking the wire
// contract, with its own line reading, so server tests do not depend on the
// project's own client code.

#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace hallq::test {

using json = nlohmann::json;

class LineClient {
 public:
  // receive_buffer > 0: the socket's receive buffer (SO_RCVBUF) in bytes, set
  // before connecting, for a reader whose kernel must not absorb much.
  explicit LineClient(int port, int receive_buffer = 0);
  ~LineClient();
  LineClient(const LineClient&) = delete;
  LineClient& operator=(const LineClient&) = delete;

  void send_raw(const std::string& bytes);  // exactly these bytes
  // The next line (without '\n'), or nullopt on timeout or when the server closed.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // True once the server has closed the connection (reads EOF within the timeout).
  bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

  // Sends `body` with a fresh id and returns the reply with that id; events seen
  // meanwhile are kept for next_event(). Throws on timeout.
  json request(json body, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  json hello(const std::string& role, const std::string& device, const std::string& token);
  std::optional<json> next_event(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::string buf_;
  std::deque<json> events_;
  std::int64_t next_id_ = 1;
};

// Credentials of tests/data/hall.toml.
json hello_admin(LineClient& c);

// A reply's outcome: "ok", or its error code ("forbidden", "invalid_state", …).
std::string code_of(const json& reply);
// The reply, after a failed REQUIRE (with the reply) unless it is ok.
json ok(const json& reply);

}  // namespace hallq::test
