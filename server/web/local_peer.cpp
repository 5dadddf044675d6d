#include "server/web/local_peer.hpp"

#include "server/dispatcher.hpp"

namespace hallq::server {

LocalPeer::LocalPeer(boost::asio::any_io_executor loop, Dispatcher& dispatcher, const config::DeviceConfig& device)
    : loop_(std::move(loop)), dispatcher_(dispatcher), device_(device) {
  peer_.name = device.id + "@web";
  peer_.address = "local";
  peer_.device = &device_;
  // The dispatcher calls this inside its own work (a commit released, a request
  // handled): what the line starts runs later, on the loop, in order.
  peer_.local = [this, alive = std::weak_ptr<bool>(alive_)](const std::shared_ptr<const std::string>& line) {
    boost::asio::post(loop_, [this, alive, line] {
      if (!alive.expired()) received(line);
    });
  };
  dispatcher_.connected(peer_);
}

LocalPeer::~LocalPeer() {
  alive_.reset();
  dispatcher_.disconnected(peer_);
}

void LocalPeer::send(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  dispatcher_.handle(peer_, line);
}

void LocalPeer::subscribe(std::vector<protocol::Topic> topics) {
  protocol::SubscribeRequest r;
  r.topics = std::move(topics);
  ask(r, [](const protocol::Result<protocol::SubscribeReply>&) {});
}

void LocalPeer::received(const std::shared_ptr<const std::string>& line) {
  nlohmann::json j = nlohmann::json::parse(*line, nullptr, false);
  if (!j.is_object()) return;
  if (auto id = j.find("id"); id != j.end() && id->is_number_integer()) {
    auto it = pending_.find(id->get<std::int64_t>());
    if (it == pending_.end()) return;
    auto done = std::move(it->second);
    pending_.erase(it);
    done(j);
    return;
  }
  if (j.contains("event") && on_event_) on_event_(j);
}

}  // namespace hallq::server
