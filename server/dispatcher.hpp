#pragma once
// The dispatcher turns request lines into engine operations and replies, and
// engine changes into durable commits and pushed events.
//
// Durability gate: a reply or event is sent only once every change it could
// reflect is on disk. Each operation's changes get an increasing id and go to
// the committer (StoreThread), which commits whatever has queued as one group.
// Outgoing lines wait in one FIFO, each tagged with the newest id it depends
// on, and are released when that id is durable. So nobody ever sees a ticket
// that a crash could take back. (A status reply depends only on its own
// ticket's changes: its ahead/ewt estimates may count tickets still committing.)
//
// If a commit fails (database locked, disk full), every line still waiting gets
// an error reply instead, the engine is reloaded from the database, and
// requests arriving meanwhile get `busy`.
//
// Thread affinity: the event loop only.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "core/config/config.hpp"
#include "core/domain/engine.hpp"
#include "core/net/line_connection.hpp"
#include "core/protocol/wire.hpp"
#include "server/alarms.hpp"
#include "server/store_thread.hpp"

namespace hallq::server {

// Subscription topics, as bits.
enum Topic : unsigned { kCalls = 1, kTickets = 2, kQueues = 4, kWindows = 8, kAlarms = 16, kAllTopics = 31 };

// One connected terminal, as the dispatcher sees it.
struct Peer {
  std::weak_ptr<net::LineConnection> conn;
  std::string name;                              // address, then device id after hello
  const config::DeviceConfig* device = nullptr;  // set by a successful hello
  unsigned topics = 0;
  int failed_hellos = 0;
  std::uint64_t requests = 0;
  std::uint64_t parked = 0;  // replies waiting for a commit (keeps replies in order)
  std::string close_reason;  // for the connection's log line
};

class Dispatcher {
 public:
  // `config`, `engine` and `store` must outlive the dispatcher.
  Dispatcher(boost::asio::any_io_executor loop, const config::Config& config, domain::Engine& engine,
             StoreThread& store);

  void handle(Peer& peer, std::string_view line);
  // Sends `last` (if not empty) after everything already owed to the peer, then closes.
  void close_after(Peer& peer, std::string last);
  void connected(Peer& peer);
  void disconnected(Peer& peer);
  // Once a second: day rollover, time-based alarms.
  void tick();
  // Shutdown: calls done() once nothing is waiting for a commit.
  void drain(std::function<void()> done);
  // From the committer: everything up to `upto` is durable, or the group failed.
  void committed(std::uint64_t upto, std::optional<CommitError> error);

  std::uint64_t last_seq() const { return seq_; }

 private:
  using json = nlohmann::json;
  struct Request {
    Peer& peer;
    const protocol::Request& req;
    protocol::Fields f;
  };
  using Handler = std::string (Dispatcher::*)(Request&);
  struct OpInfo {
    Handler handler;
    unsigned roles;  // bit per protocol::Role
  };

  // ---- ops ----
  std::string op_hello(Request& r);
  std::string op_ping(Request& r);
  std::string op_hall(Request& r);
  // The request's "request_key", scoped to the device; an error reply if it is bad.
  std::optional<std::string> request_key(Request& r, std::string& out);
  std::string op_take(Request& r);
  std::string op_status(Request& r);
  std::string op_checkin(Request& r);
  std::string op_login(Request& r);
  std::string op_logout(Request& r);
  std::string op_call(Request& r);
  std::string op_call_number(Request& r);
  std::string op_recall(Request& r);
  std::string op_no_show(Request& r);
  std::string op_finish(Request& r);
  std::string op_transfer(Request& r);
  std::string op_pause(Request& r);
  std::string op_resume(Request& r);
  std::string op_requeue(Request& r);
  std::string op_cancel(Request& r);
  std::string op_subscribe(Request& r);
  std::string op_snapshot(Request& r);
  std::string op_stats(Request& r);
  std::string op_waiting(Request& r);
  std::string op_alarms(Request& r);
  std::string op_device_status(Request& r);
  std::string op_import_appointments(Request& r);

  // ---- helpers ----
  std::string ok(Request& r, const json& fields = nullptr);
  std::string fail(Request& r, protocol::Errc code, std::string_view message);
  std::string fail(Request& r, const domain::Error& e);
  std::string ticket_reply(Request& r, const domain::Outcome<const domain::Ticket*>& o);
  std::string window_reply(Request& r, int window, const domain::Outcome<domain::Done>& o);
  // The window a request names, checked against a caller device's own window.
  std::optional<int> window_arg(Request& r, std::string& error_reply);
  std::optional<std::string> number_arg(Request& r, std::string& error_reply);

  // ---- durability gate ----
  std::uint64_t watermark() const;
  // Sends `line` once everything it may reflect is durable: `needed` is the
  // newest batch it depends on (default: everything applied so far).
  void deliver(Peer& peer, std::string line, std::optional<std::uint64_t> needed = std::nullopt);
  void send_now(const std::shared_ptr<net::LineConnection>& conn, Peer* peer, net::Line line);
  void broadcast(unsigned topic, std::string_view event, const json& body);
  void absorb_changes();
  void release();
  void reload();
  void publish(const domain::Changes& c);
  void refresh_alarms();

  boost::asio::any_io_executor loop_;
  const config::Config& config_;
  domain::Engine& engine_;
  StoreThread& store_;
  std::unordered_map<std::string_view, OpInfo> ops_;

  // Change ids: `last_id_` was submitted last, everything up to `durable_id_` is on disk.
  std::uint64_t last_id_ = 0, durable_id_ = 0;
  bool recovering_ = false;
  bool reloading_ = false;
  std::function<void()> drained_;

  struct Parked {
    std::uint64_t needed;                   // change id that must be durable first
    std::optional<std::int64_t> id;         // request id of a reply
    std::weak_ptr<net::LineConnection> to;  // empty for a broadcast
    unsigned topic;                         // non-zero for a broadcast
    net::Line line;                         // null: close `to` once flushed
  };
  std::deque<Parked> parked_;

  // Newest change id of each ticket today: a status reply about a ticket whose
  // changes are all durable need not wait for unrelated commits.
  std::unordered_map<std::string, std::uint64_t> ticket_batch_;
  std::uint64_t status_needed_ = 0;  // set by op_status for deliver()

  std::vector<Peer*> peers_;
  unsigned topic_mask_ = 0;  // union of all subscriptions
  std::uint64_t seq_ = 0;    // last pushed event's seq
  std::map<std::string, DeviceHealth> devices_;
  AlarmSet alarms_;
  int ticks_ = 0;
};

}  // namespace hallq::server
