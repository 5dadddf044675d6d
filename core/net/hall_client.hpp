#pragma once
// The terminals' connection to hallq-server: connects, says hello, fetches the
// hall description, subscribes and takes a snapshot — and does all of that
// again, with backoff, whenever the connection is lost. Events already
// covered by the snapshot (seq ≤ the snapshot's) are skipped; a new hall day
// triggers a fresh snapshot. (The server never drops events silently: it
// drops the connection, and the client resyncs.)
//
// A terminal must never show stale data as if it were live: state() says
// whether what the client last delivered is current (online) or not.
//
// Thread affinity: everything runs on the io_context given at construction
// (the terminal's UI thread polls it every frame); callbacks run there too.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "core/net/endpoint.hpp"

namespace hallq::net {

struct ClientOptions {
  HostPort server{"127.0.0.1", 7700};
  std::string role, device, token;
  std::vector<std::string> topics;  // subscribe to these (empty: no subscription)
  std::chrono::milliseconds request_timeout{5000};
  std::chrono::milliseconds ping_every{20000};
  std::chrono::milliseconds max_backoff{5000};
};

class HallClient {
 public:
  using json = nlohmann::json;
  enum class State { connecting, online, lost };

  // Called after every (re)connection, once hello, hall and snapshot are in.
  std::function<void(const json& hello, const json& hall, const json& snapshot)> on_sync;
  std::function<void(const json& event)> on_event;
  std::function<void(State, const std::string& why)> on_state;

  HallClient(boost::asio::io_context& ctx, ClientOptions options);
  ~HallClient();
  HallClient(const HallClient&) = delete;
  HallClient& operator=(const HallClient&) = delete;

  void start();
  void stop();

  State state() const { return state_; }
  const std::string& problem() const { return problem_; }  // why not online, in English

  // Sends a request; `done` gets the reply (ok or error). Without a connection,
  // or when no reply comes in time, `done` gets an error reply with code
  // "offline" or "timeout" (not wire codes: the client's own).
  void request(json body, std::function<void(const json& reply)> done);

 private:
  struct Pending {
    std::function<void(const json&)> done;
    std::chrono::steady_clock::time_point deadline;
  };

  boost::asio::awaitable<void> run();
  boost::asio::awaitable<bool> session();
  boost::asio::awaitable<std::optional<json>> call(json body);  // during sync, before on_sync
  void send_line(std::string line);
  boost::asio::awaitable<void> writer();
  void handle_line(const std::string& line);
  void set_state(State s, std::string why);
  void fail_pending(const char* code, const std::string& message);
  void check_timeouts();

  boost::asio::io_context& ctx_;
  ClientOptions opt_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer wake_writer_, timer_;
  std::deque<std::string> outbox_;
  std::map<std::int64_t, Pending> pending_;
  std::int64_t next_id_ = 1;
  std::uint64_t last_seq_ = 0;
  bool syncing_ = false;
  bool resync_ = false;
  bool running_ = false;
  State state_ = State::connecting;
  std::string problem_;
};

}  // namespace hallq::net
