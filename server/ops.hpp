#pragma once
// The server's operations, grouped by what they act on. Each group registers
// its typed requests (core/protocol) in the OpTable with the roles allowed to
// use them; each handler reads the engine or acts on it and returns an Answer:
// the reply line, and which change must be durable before it may leave.
//
//   SessionOps       hello, ping, hall, subscribe, snapshot        (ops_session.cpp)
//   TicketOps        take, status, cancel, requeue, reassign, tickets (ops_tickets.cpp)
//   AppointmentOps   checkin, import_appointments, appointments    (ops_appointments.cpp)
//   WindowOps        login … resume, call … transfer, waiting      (ops_windows.cpp)
//   AdminOps         stats, alarms, health, device_status, backup, staffing (ops_admin.cpp)
//   CaseOps          case_*, handover_*, cases, notifications       (ops_cases.cpp)
//   RatingOps        rate, rate_phone, followups, ratings, …        (ops_ratings.cpp)
//   HelpOps          help_*, helpdesk_*: the guides' own work       (ops_help.cpp)
//
// The dispatcher (dispatcher.hpp) reads the envelope, checks hello and roles,
// runs the handler, takes the engine's changes for the store and the
// subscribers, and hands the Answer to the durability gate.
//
// Thread affinity: the event loop only.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/config/config.hpp"
#include "core/domain/case_book.hpp"
#include "core/domain/crypto.hpp"
#include "core/domain/engine.hpp"
#include "core/domain/help_book.hpp"
#include "core/domain/rating_book.hpp"
#include "core/net/line_connection.hpp"
#include "core/protocol/messages.hpp"
#include "server/alarms.hpp"
#include "server/backup.hpp"
#include "server/health.hpp"
#include "server/log.hpp"
#include "server/notices.hpp"
#include "server/passwords.hpp"
#include "server/pin_checker.hpp"
#include "server/pin_guard.hpp"
#include "server/planning.hpp"
#include "server/publisher.hpp"
#include "server/rate_limit.hpp"
#include "server/store_thread.hpp"

namespace hallq::server {

// One connected terminal, as the dispatcher sees it.
struct Peer {
  std::uint64_t id = 0;  // the connection's id for the durability gate
  std::weak_ptr<net::LineConnection> conn;
  std::string name;                              // address:port, then device@address:port after hello
  std::string address;                           // the source address, for limits and the log
  const config::DeviceConfig* device = nullptr;  // set by a successful hello
  unsigned topics = 0;                           // protocol::topic_bit()s
  int failed_hellos = 0;
  int requests_before_hello = 0;
  bool awaiting = false;         // a reply is being worked out off the loop
  std::deque<std::string> held;  // lines that arrived meanwhile, in order
  std::uint64_t requests = 0;
  std::string close_reason;  // for the connection's log line
  bool said_bye = false;     // the terminal is leaving on purpose (op bye): not offline once gone
  // A terminal inside this process (the web, server/web/local_peer.hpp): its
  // lines go to this function instead of a socket; it has no hello and no session.
  std::function<void(const std::shared_ptr<const std::string>& line)> local;
};

// What a handler answers.
struct Answer {
  std::string line;                    // the reply; empty: answered later (Server::reply_later)
  std::optional<std::uint64_t> needs;  // the change that must be durable first; nothing: all submitted
};

// The request being handled.
class Call {
 public:
  Call(Peer& from, std::int64_t request_id, std::string_view op_name, RefusalLog& refusal_log)
      : peer(from), id(request_id), op(op_name), refusals(refusal_log) {}
  Peer& peer;
  const std::int64_t id;
  const std::string_view op;
  RefusalLog& refusals;

  const config::DeviceConfig& device() const { return *peer.device; }
  protocol::Role role() const { return peer.device->role; }
  template <protocol::WireObject Reply>
  Answer reply(const Reply& body) const {
    return {protocol::reply_line(id, body), std::nullopt};
  }
  // A refusal. Those that point at a broken or hostile client are logged.
  Answer fail(protocol::Errc code, std::string_view message) const;
  Answer fail(const domain::Error& e) const;
};

// Role sets, as bits of protocol::Role.
constexpr unsigned role_bit(protocol::Role r) {
  return 1u << static_cast<unsigned>(r);
}
inline constexpr unsigned kAnyRole = 63;
// The hall's staff on the floor: guides, and admins who may do all a guide does.
inline constexpr unsigned kGuides = role_bit(protocol::Role::guide) | role_bit(protocol::Role::admin);
// Who may issue a ticket: a kiosk, or staff for a citizen.
inline constexpr unsigned kTakers = role_bit(protocol::Role::kiosk) | kGuides;

// A mobile number as the ratings and the help desk take it: 7 to 15 digits, nothing else.
bool valid_phone(const std::string& p);

class OpTable {
 public:
  using Handler = std::function<Answer(Call&, const protocol::json& body)>;
  struct Entry {
    unsigned roles;
    Handler handler;
  };

  // Registers `Req::kOp`: the body is read as Req (a bad field is bad_request,
  // naming it), then `f(call, req)` answers.
  template <protocol::WireRequest Req, class F>
  void add(unsigned roles, F f) {
    entries_[Req::kOp] = {roles, [f = std::move(f)](Call& c, const protocol::json& body) -> Answer {
                            Req req{};
                            if (auto e = protocol::read_request(body, req))
                              return c.fail(protocol::Errc::bad_request, *e);
                            return f(c, req);
                          }};
  }
  const Entry* find(std::string_view op) const {
    auto it = entries_.find(op);
    return it == entries_.end() ? nullptr : &it->second;
  }

 private:
  std::unordered_map<std::string_view, Entry> entries_;
};

// Which batch of changes last touched each of today's tickets: a status reply
// about a ticket whose changes are durable need not wait for unrelated commits.
class ChangeIndex {
 public:
  void record(const domain::Changes& c, std::uint64_t id, domain::LocalDate today);
  std::optional<std::uint64_t> of(const std::string& number) const;
  void clear() { batch_.clear(); }

 private:
  std::unordered_map<std::string, std::uint64_t> batch_;
};

// What the operations act on; owned by the composition (server.cpp).
struct Hall {
  const config::Config& config;
  RefusalLog& refusals;
  domain::Engine& engine;
  domain::CaseBook& cases;
  domain::RatingBook& ratings;
  const domain::Sealer& sealer;       // call-back numbers at rest
  const domain::VisitTokens& tokens;  // the citizen's token of a ticket (QR), for phone ratings
  domain::HelpBook& help;             // kiosks' calls for a guide, the help desk's register
  const NoticeTexts& notices;
  StoreThread& store;
  Publisher& publisher;
  AlarmMonitor& alarms;
  ChangeIndex& changes;
  DurabilityGate& gate;
  PinGuard& pin_guard;
  PinChecker& pin_checker;
  Passwords& passwords;  // the web console's staff passwords
  IssueLimiter& issue_limiter;
  // Live sessions per device (successful hellos not yet disconnected).
  std::unordered_map<const config::DeviceConfig*, int>& sessions;
  // A reply produced later (after work on the store thread); sent in its turn.
  std::function<void(std::uint64_t peer_id, std::int64_t request_id, std::string line)> reply_later;
  // Takes the engine's changes after work done outside a request (a login
  // finished off the loop), so they reach the store and subscribers.
  std::function<void()> absorb;
  // Recomputes the union of subscriptions after a peer's topics changed.
  std::function<void()> subscriptions_changed;
  // Re-evaluates the alarms and pushes what changed (after a device report).
  std::function<void()> refresh_alarms;
  // The running server's backups (server/backup.hpp); nothing: this server takes none.
  Backups* backups = nullptr;
  // Its health watch (server/health.hpp); nothing: health answers without the disk.
  HealthWatch* health = nullptr;
  // Its staffing advice (server/planning.hpp); nothing: this server gives none.
  StaffingAdvisor* staffing = nullptr;
  // Whether the dispatcher is recovering from a failed commit (refusing changes).
  std::function<bool()> recovering = nullptr;
};

// Whether a kiosk may issue one more ticket now (a repeat of a request it
// already made never counts); an answer refusing it otherwise.
std::optional<Answer> check_issue_rate(Call& c, Hall& hall, const std::string& scoped_request_key);

// A request's request_key scoped to the device, so one device cannot replay
// another's ("" without one); an answer refusing a key over 64 characters.
std::optional<Answer> scoped_key(const Call& c, const std::optional<std::string>& key, std::string& out);

// Shared argument rules.
std::string upper(std::string s);
// A ticket number as typed ("a001" → "A001"); an error answer if it is not one.
std::optional<Answer> check_number(const Call& c, std::string& number);
// Text a person typed that is kept as the record (a reason, a note, a name): spaces and line ends at
// either end dropped, so that "   " is no reason; an error answer naming `field` when it is longer
// than `max` bytes. Never cut: a refusal's reasons are the record, and a cut could split a character.
std::optional<Answer> check_text(const Call& c, std::string_view field, std::string& text, std::size_t max);

class SessionOps {
 public:
  explicit SessionOps(Hall& hall) : hall_(hall) {}
  void register_ops(OpTable& t);

 private:
  Answer hello(Call& c, const protocol::HelloRequest& r);
  // No version both speak: protocol_mismatch with the server's range, and which side to upgrade.
  Answer protocol_mismatch(Call& c, const protocol::HelloRequest& r, protocol::ProtocolRange ours,
                           protocol::ProtocolRange theirs);
  Answer subscribe(Call& c, const protocol::SubscribeRequest& r);
  Hall& hall_;
};

class TicketOps {
 public:
  explicit TicketOps(Hall& hall) : hall_(hall) {}
  void register_ops(OpTable& t);

 private:
  Answer take(Call& c, const protocol::TakeRequest& r);
  Answer status(Call& c, const protocol::StatusRequest& r);
  Answer cancel(Call& c, const protocol::CancelRequest& r);
  Answer requeue(Call& c, const protocol::RequeueRequest& r);
  Answer reassign(Call& c, const protocol::ReassignRequest& r);
  Answer tickets(Call& c, const protocol::TicketsRequest& r);
  Hall& hall_;
};

class AppointmentOps {
 public:
  explicit AppointmentOps(Hall& hall) : hall_(hall) {}
  void register_ops(OpTable& t);

 private:
  Answer checkin(Call& c, const protocol::CheckinRequest& r);
  Answer import(Call& c, const protocol::ImportAppointmentsRequest& r);
  Answer list(Call& c, const protocol::AppointmentsRequest& r);
  Hall& hall_;
};

class WindowOps {
 public:
  explicit WindowOps(Hall& hall) : hall_(hall) {}
  void register_ops(OpTable& t);

 private:
  // Registers a window operation behind the one check they share: the window
  // exists and, for a caller bound to a window, is its own.
  template <protocol::WindowRequest Req, class F>
  void add_window_op(OpTable& t, unsigned roles, F f);
  Answer ticket(Call& c, const domain::Outcome<const domain::Ticket*>& o);
  Answer window(Call& c, int number, const domain::Outcome<domain::Done>& o);
  Answer login(Call& c, const protocol::LoginRequest& r);
  Answer transfer(Call& c, const protocol::TransferRequest& r);
  Answer waiting(Call& c, const protocol::WaitingRequest& r);
  Hall& hall_;
};

class AdminOps {
 public:
  explicit AdminOps(Hall& hall) : hall_(hall) {}
  void register_ops(OpTable& t);

 private:
  Answer stats(Call& c, const protocol::StatsRequest& r);
  Answer device_status(Call& c, const protocol::DeviceStatusRequest& r);
  Answer unlock(Call& c, const protocol::UnlockRequest& r);
  Answer set_password(Call& c, const protocol::SetPasswordRequest& r);
  Answer devices(Call& c);
  Answer users(Call& c);
  Answer backup(Call& c, const protocol::BackupRequest& r);
  Answer health(Call& c);
  Answer staffing(Call& c, const protocol::StaffingRequest& r);
  Hall& hall_;
};

class CaseOps {
 public:
  explicit CaseOps(Hall& hall) : hall_(hall) {}
  void register_ops(OpTable& t);

 private:
  // The window a case operation is done at: a caller's own, with a clerk logged
  // in (who acts); guides may name none (then the device acts).
  std::optional<Answer> at_window(Call& c, int window, bool required, domain::Actor& by);
  std::string own_department(const Call& c) const;  // a department's desk: its department
  Answer answer(Call& c, const domain::Outcome<const domain::Case*>& o);
  Answer answer(Call& c, const domain::Outcome<const domain::Handover*>& o);
  Answer open(Call& c, const protocol::CaseOpenRequest& r);
  Answer pickup(Call& c, const protocol::CasePickupRequest& r);
  Answer status(Call& c, const protocol::CaseStatusRequest& r);
  Answer list(Call& c, const protocol::CasesRequest& r);
  Hall& hall_;
};

class RatingOps {
 public:
  explicit RatingOps(Hall& hall) : hall_(hall) {}
  void register_ops(OpTable& t);

 private:
  Answer rate(Call& c, const protocol::RateRequest& r);
  Answer rate_phone(Call& c, const protocol::RatePhoneRequest& r);
  Answer figures(Call& c, const protocol::RatingFiguresRequest& r);
  Answer list(Call& c, const protocol::RatingListRequest& r);
  Hall& hall_;
};
class HelpOps {
 public:
  explicit HelpOps(Hall& hall) : hall_(hall) {}
  void register_ops(OpTable& t);

 private:
  Answer add(Call& c, const protocol::HelpdeskAddRequest& r);
  Answer list(Call& c, const protocol::HelpdeskListRequest& r);
  Answer figures(Call& c, const protocol::HelpFiguresRequest& r);
  Hall& hall_;
};
// A kiosk's call for a guide as the wire shows it (`now`: for the wait of an open call).
protocol::HelpRequestInfo help_view(const domain::HelpRequest& r, domain::TimePoint now);
protocol::HelpdeskEntryInfo helpdesk_view(const domain::HelpdeskEntry& e);

protocol::RatingInfo rating_view(const domain::Rating& r);
protocol::FollowupInfo followup_view(const domain::RatingBook& book, const domain::Followup& f);
protocol::RatingCounts rating_counts_view(const domain::RatingBook& book);
// `language`: the visit's ticket's (the citizen's choice at the kiosk), empty when not known.
protocol::RatingOffer rating_offer_view(const domain::HallConfig& hall, const domain::Rating& r,
                                        std::string_view language);

// checkin with the code of a supplement notice: a ticket for the case's
// service with the supplement priority, and the case received again; nothing
// when no case waits with this code.
std::optional<Answer> supplement_checkin(Call& c, Hall& hall, const std::string& code, const domain::Issuer& by);
// A new pickup ticket (the [cases] pickup_service) is linked to its holder's ready cases.
void link_pickup_ticket(Hall& hall, const domain::Ticket& t);
// A take of the pickup service by a person whose ready cases are all on one of today's pickup
// tickets still waiting (or called): that ticket, given again instead of a second one that would
// take the cases from it. Null otherwise.
const domain::Ticket* held_pickup_ticket(const Hall& hall, const domain::TakeArgs& take);
protocol::CaseInfo case_view(const domain::CaseBook& book, const domain::Case& c, bool show_code);

// A ticket reply, or the engine's refusal.
Answer ticket_answer(Call& c, const domain::Engine& engine, const domain::Outcome<const domain::Ticket*>& o);
// The reply to a take or checkin: the ticket with the citizen's token (for its QR code).
Answer issued_answer(Call& c, const Hall& hall, const domain::Outcome<const domain::Ticket*>& o);
protocol::Errc wire_code(domain::Code c);

}  // namespace hallq::server
