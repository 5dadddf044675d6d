#pragma once
// The terminals' connection to hallq-server: connects, says hello, fetches the
// hall description, subscribes and takes a snapshot — and does all of that
// again, with backoff, whenever the connection is lost. Events already
// covered by the snapshot (seq ≤ the snapshot's) are skipped; a new hall day
// triggers a fresh snapshot. (The server never drops events silently: it
// drops the connection, and the client resyncs.)
//
// Everything it sends and receives is a typed message (core/protocol).
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
#include <set>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/net/endpoint.hpp"
#include "core/net/stream.hpp"
#include "core/protocol/messages.hpp"

namespace hallq::net {

struct ClientOptions {
  HostPort server{"127.0.0.1", protocol::kDefaultPort};
  protocol::Role role = protocol::Role::display;
  std::string device, token;
  std::vector<protocol::Topic> topics;  // subscribe to these (empty: no subscription)
  // TLS: the CA certificate (PEM) the server's certificate must chain to; its
  // name must match the server's host. Empty: plain TCP.
  std::string tls_ca;
  std::chrono::milliseconds request_timeout{5000};
  std::chrono::milliseconds ping_every{20000};
  std::chrono::milliseconds max_backoff{5000};
  // A server that shares no protocol version with this build is asked again this often: it will
  // not change until someone upgrades one side.
  std::chrono::milliseconds mismatch_retry{60000};
  std::string program;  // named in hello (with this build's release); empty: the executable's name
};

// A fresh `request_key` (16 hex digits): a request carrying one is safe to
// send again after a timeout or a lost connection (docs/protocol.md).
std::string new_request_key();

class HallClient {
 public:
  // incompatible: the server refused this terminal's protocol versions (protocol_mismatch);
  // server_protocols() says which it speaks.
  enum class State { connecting, online, lost, incompatible };

  // Called after every (re)connection, once hello, hall and snapshot are in.
  std::function<void(const protocol::HelloReply&, const protocol::HallInfo&, const protocol::Snapshot&)> on_sync;
  std::function<void(const protocol::Event&)> on_event;
  std::function<void(State, const std::string& why)> on_state;

  // Throws std::runtime_error when the TLS CA file cannot be read.
  HallClient(boost::asio::io_context& ctx, ClientOptions options);
  ~HallClient();
  HallClient(const HallClient&) = delete;
  HallClient& operator=(const HallClient&) = delete;

  void start();
  void stop();
  // Tells the server this terminal is leaving on purpose (op bye: it is then not reported
  // offline), waits up to `wait` for the answer, and stops. Runs the io_context meanwhile, so
  // call it from outside its handlers: the terminal's main, after its frame loop. Offline: stops.
  void goodbye(std::chrono::milliseconds wait = std::chrono::milliseconds(1000));

  State state() const { return state_; }
  const std::string& problem() const { return problem_; }  // why not online, in English
  // The versions the server speaks, once it has refused ours (State::incompatible).
  const std::optional<protocol::ProtocolRange>& server_protocols() const { return server_protocols_; }

  // Sends a request; `done` gets the typed reply or a Failure: the server's
  // refusal, or the client's own `offline` (not connected, or the connection
  // was lost before the reply) and `timeout` (no reply in time, or an earlier
  // request that timed out is still unanswered on this connection: then nothing
  // is sent, as the server would do it late, after the first). `done` never
  // runs inside this call.
  template <protocol::WireRequest Req>
  void request(const Req& r, std::function<void(protocol::Result<typename Req::Reply>)> done) {
    send([&r](std::int64_t id) { return protocol::request_line(id, r); },
         [done = std::move(done)](const protocol::json* reply, const protocol::Failure& failure) {
           if (!done) return;
           if (reply)
             done(protocol::read_reply<typename Req::Reply>(*reply));
           else
             done(failure);
         });
  }

 private:
  // `reply` is the reply object, or null with `failure` set.
  using Completion = std::function<void(const protocol::json* reply, const protocol::Failure& failure)>;
  struct Pending {
    Completion done;
    std::chrono::steady_clock::time_point deadline;
  };

  void send(const std::function<std::string(std::int64_t id)>& line, Completion done);
  template <protocol::WireRequest Req>
  boost::asio::awaitable<protocol::Result<typename Req::Reply>> call(const Req& r);
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<bool> session();
  boost::asio::awaitable<void> read_lines();
  void send_line(std::string line);
  boost::asio::awaitable<void> writer();
  void handle_line(const std::string& line);
  void set_state(State s, std::string why);
  void fail_pending(protocol::Errc code, const std::string& message);
  void check_timeouts();

  boost::asio::io_context& ctx_;
  ClientOptions opt_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool connected() const { return stream_ && stream_->socket().is_open(); }
  void disconnect();

  std::shared_ptr<boost::asio::ssl::context> tls_;  // made from opt_.tls_ca
  boost::asio::ip::tcp::socket socket_;             // while connecting
  std::optional<Stream> stream_;                    // once connected
  boost::asio::steady_timer wake_writer_, timer_;
  // Between attempts: its own timer, as the reader cancels timer_ when a connection closes.
  boost::asio::steady_timer retry_timer_;
  std::deque<std::string> outbox_;
  std::map<std::int64_t, Pending> pending_;
  std::set<std::int64_t> unanswered_;  // timed out, and no reply yet on this connection
  std::int64_t next_id_ = 1;
  std::uint64_t last_seq_ = 0;
  bool syncing_ = false;
  bool resync_ = false;
  bool running_ = false;
  State state_ = State::connecting;
  std::string problem_;
  std::optional<protocol::ProtocolRange> server_protocols_;  // from the last protocol_mismatch
  bool version_refused_ = false;                             // this attempt ended in protocol_mismatch
};

}  // namespace hallq::net
