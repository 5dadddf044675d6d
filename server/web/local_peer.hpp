#pragma once
// A terminal inside the server process: what the web does, it does through the
// dispatcher like any terminal — the same operations, role checks and refusals,
// and a reply only once what it shows is on disk (the durability gate). Events
// it subscribed to arrive the same way, after they are durable.
//
// The web authenticates people itself (a citizen's token, a staff session), so a
// local peer has no hello: it acts as the device it is given, which lives in
// this process, not in the hall's configuration.
//
// Thread affinity: the event loop only. Replies and events are posted to the
// loop, never run inside the dispatcher's own call.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "core/config/config.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/session.hpp"
#include "server/ops.hpp"

namespace hallq::server {

class Dispatcher;

class LocalPeer {
 public:
  // `dispatcher` and `device` must outlive the peer.
  LocalPeer(boost::asio::any_io_executor loop, Dispatcher& dispatcher, const config::DeviceConfig& device);
  ~LocalPeer();
  LocalPeer(const LocalPeer&) = delete;
  LocalPeer& operator=(const LocalPeer&) = delete;

  // Sends one request; completes with its typed reply or the server's refusal:
  //   protocol::RatePhoneRequest request{...};
  //   auto r = co_await peer.ask(request, asio::use_awaitable);
  // Name the request: a temporary holding a string, kept to the end of a full
  // expression that suspends, is freed wrongly by GCC 12 (a crash, found by web_test).
  template <protocol::WireRequest Req, class Token>
  auto ask(const Req& request, Token&& token) {
    using Result = protocol::Result<typename Req::Reply>;
    const std::int64_t request_id = ++next_id_;
    return boost::asio::async_initiate<Token, void(Result)>(
        [this](auto handler, std::string line, std::int64_t id) {
          auto h = std::make_shared<decltype(handler)>(std::move(handler));
          pending_[id] = [h](const nlohmann::json& reply) { (*h)(protocol::read_reply<typename Req::Reply>(reply)); };
          send(line);
        },
        token, protocol::request_line(request_id, request), request_id);
  }

  // Events (their lines, as a terminal gets them) for the topics subscribed to.
  void on_event(std::function<void(const nlohmann::json& event)> f) { on_event_ = std::move(f); }
  // Subscribes to `topics` (the reply, a snapshot, is not kept).
  void subscribe(std::vector<protocol::Topic> topics);
  const config::DeviceConfig& device() const { return device_; }

 private:
  void send(std::string_view line);
  void received(const std::shared_ptr<const std::string>& line);

  boost::asio::any_io_executor loop_;
  Dispatcher& dispatcher_;
  const config::DeviceConfig& device_;
  Peer peer_;
  std::int64_t next_id_ = 0;
  std::unordered_map<std::int64_t, std::function<void(const nlohmann::json&)>> pending_;
  std::function<void(const nlohmann::json&)> on_event_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace hallq::server
