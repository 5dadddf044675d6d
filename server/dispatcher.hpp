#pragma once
// The dispatcher: request lines in, replies and events out.
//
// For each line it reads the envelope (core/protocol/envelope.hpp), checks that
// the connection said hello and that its role may use the operation, and runs
// the operation's handler (ops.hpp: handlers grouped by what they act on). Then
// it takes what the engine changed, gives the batch an id, submits it to the
// committer (StoreThread) and turns it into events (Publisher). The reply and
// the events go through the durability gate (durability_gate.hpp): nothing
// leaves before what it shows is on disk.
//
// If a commit fails (database locked, disk full), every reply still waiting
// becomes an error, the engine is reloaded from the database, and requests
// arriving meanwhile get `busy`. A handler that throws (a bug) answers
// `internal`, is logged and counted, and the server goes on.
//
// Thread affinity: the event loop only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>

#include "core/config/config.hpp"
#include "core/domain/engine.hpp"
#include "server/alarms.hpp"
#include "server/durability_gate.hpp"
#include "server/notices.hpp"
#include "server/ops.hpp"
#include "server/publisher.hpp"
#include "server/store_thread.hpp"

namespace hallq::server {

// How long ended cases stay in the case book (and are loaded at start-up).
inline constexpr std::chrono::hours kCaseMemory{24 * 31};

// What the hall's state lives in: the day's queues, the cases, the ratings,
// the guides' own work (each pure, in core/domain), the sealer for personal
// data kept to be used again, and the citizens' ticket tokens.
struct Books {
  domain::Engine& engine;
  domain::CaseBook& cases;
  domain::RatingBook& ratings;
  const domain::Sealer& sealer;
  const domain::VisitTokens& tokens;
  domain::HelpBook& help;
};

class Dispatcher final : DurabilityGate::Sink {
 public:
  // `config`, the books, `notices` and `store` must outlive the dispatcher;
  // `gateway` (may be null: notices wait in the outbox) is the dispatcher's.
  Dispatcher(boost::asio::any_io_executor loop, const config::Config& config, Books books, const NoticeTexts& notices,
             std::unique_ptr<NoticeGateway> gateway, StoreThread& store);
  ~Dispatcher() override;

  // A connection opened (the peer gets its id) or closed. `peer` must stay
  // valid until disconnected().
  void connected(Peer& peer);
  void disconnected(Peer& peer);
  void handle(Peer& peer, std::string_view line);
  // Sends `last` (if not empty) after everything already owed to the peer, then closes.
  void close_after(Peer& peer, std::string last);
  // Once a second: day rollover, time-based alarms, the nightly backup, recovery after a failed commit.
  void tick();
  // Backups (the `backup` operation, the nightly one); `b` must outlive the dispatcher.
  void use_backups(Backups& b) { hall_.backups = &b; }
  // The disk and commit watch (op health, the disk_low alarm); `h` must outlive the dispatcher.
  void use_health(HealthWatch& h) { hall_.health = &h; }
  // Staffing advice (the `staffing` operation); `s` must outlive the dispatcher.
  void use_staffing(StaffingAdvisor& s) {
    hall_.staffing = &s;
    if (config_.hall.alarms.understaffed) staffing_watch_.emplace(s);
  }
  // Shutdown: calls done() once nothing is waiting for a commit.
  void drain(std::function<void()> done);
  // From the committer: everything up to `upto` is durable, or the group failed.
  void committed(std::uint64_t upto, std::optional<CommitError> error);

  std::uint64_t last_seq() const { return publisher_.seq(); }
  // Handlers that threw since start-up.
  std::uint64_t handler_failures() const { return handler_failures_; }
  // The operations (tests add one that throws).
  OpTable& ops() { return ops_; }
  // Refusals and dropped connections are logged through this (rate-limited).
  RefusalLog& refusals() { return refusals_; }
  // Clerks' PIN hashes (server.cpp hands it the stored ones at start-up).
  PinChecker& pin_checker() { return pin_checker_; }
  // Staff passwords for the web console (server.cpp hands it the stored ones at start-up).
  Passwords& passwords() { return passwords_; }

 private:
  void send(DurabilityGate::ConnId to, const DurabilityGate::Line& line) override;
  void broadcast(unsigned topics, const DurabilityGate::Line& line) override;
  void close(DurabilityGate::ConnId to) override;
  Answer run(Peer& peer, const protocol::Request& req);
  void absorb();
  void refresh_alarms();
  // Pushes the open cases' counts when they differ from the last pushed.
  void refresh_case_counts();
  // Offers the visits just finished for rating; pushes today's rating figures when they changed.
  void offer_ratings(const domain::Changes& c);
  // Ends the offer of each visit just rated: its window's pads are told (rating_offer, until now).
  void withdraw_rated_offers(const domain::Changes& c);
  void refresh_rating_counts();
  void subscriptions_changed();
  void reload();
  void send_notices();
  void check_drained();
  // A deferred reply arrived: send it, then run what the connection sent meanwhile.
  void answered_later(std::uint64_t peer, std::int64_t request_id, std::string line);
  void update_alarm_inputs();
  // Makes room in the shared outbox budget by dropping the slowest reader.
  bool drop_slowest(const Peer& except);

  boost::asio::any_io_executor loop_;
  const config::Config& config_;
  domain::Engine& engine_;
  domain::CaseBook& cases_;
  domain::RatingBook& ratings_;
  domain::HelpBook& help_;
  std::unique_ptr<NoticeGateway> gateway_;
  StoreThread& store_;
  RefusalLog refusals_;
  PinGuard pin_guard_;
  PinChecker pin_checker_;
  Passwords passwords_;
  IssueLimiter issue_limiter_;
  DurabilityGate gate_;
  Publisher publisher_;
  AlarmMonitor alarms_;
  std::optional<StaffingWatch> staffing_watch_;  // the understaffed alarm ([alarms] understaffed)
  ChangeIndex changes_;
  std::unordered_map<const config::DeviceConfig*, int> sessions_;  // live sessions per device
  Hall hall_;
  OpTable ops_;
  SessionOps session_ops_;
  TicketOps ticket_ops_;
  AppointmentOps appointment_ops_;
  WindowOps window_ops_;
  AdminOps admin_ops_;
  CaseOps case_ops_;
  RatingOps rating_ops_;
  HelpOps help_ops_;

  std::unordered_map<std::uint64_t, Peer*> peers_;
  std::uint64_t next_peer_ = 0;
  bool recovering_ = false, reloading_ = false;
  std::function<void()> drained_;
  std::uint64_t handler_failures_ = 0;
  std::unordered_map<std::int64_t, std::uint64_t> notice_batch_;  // a pending notice → the batch that made it
  int ticks_ = 0;
  protocol::CaseCounts case_counts_;      // as last pushed
  protocol::RatingCounts rating_counts_;  // as last pushed
};

}  // namespace hallq::server
