#pragma once
// Asking the server for a ticket, so that a kiosk never invents one and never
// leaves one behind that nobody holds.
//
// A take or a check-in carries a request_key. When its reply does not come
// (timeout, lost connection, server busy) it is asked again with the same key
// — the server answers with the ticket it already issued under it — once a
// `retry_every_s` while the server is reachable, until answered or
// `patience_s` after the first attempt. A take given up on is remembered: once
// the server answers again it is voided with `cancel {request_key}` (reason
// `not_delivered`, the server's default for a cancel by key), so no ticket
// waits that nobody holds.
//
// The request's personal data (the raw ID number and name) is overwritten and
// freed as soon as the server has answered, or the request is given up or
// forgotten.
//
// The Issuer talks to the server through TicketService (KioskApp adapts
// net::HallClient to it; tests use a fake) and reads the time from the clock
// it is given: nothing in it waits or sleeps, poll() does what is due.
//
// Thread affinity: one thread (the kiosk's UI thread): calls, the service's
// callbacks and the events below all run on it.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol/messages.hpp"

namespace hallq::kiosk {

// The requests the Issuer needs from the server. Each `done` is called once,
// later (never inside the call), with the reply or a Failure: the server's
// refusal, or `offline` / `timeout` / `busy` when it did not answer.
class TicketService {
 public:
  using Done = std::function<void(protocol::Result<protocol::TicketReply>)>;
  virtual ~TicketService() = default;
  // Connected, and what the kiosk shows is current.
  virtual bool online() const = 0;
  virtual void take(const protocol::TakeRequest& request, Done done) = 0;
  virtual void checkin(const protocol::CheckinRequest& request, Done done) = 0;
  virtual void cancel(const protocol::CancelRequest& request, Done done) = 0;
};

struct IssuerOptions {
  double patience_s = 15;    // how long a request is asked again while unanswered
  double retry_every_s = 1;  // between attempts
};

class Issuer {
 public:
  // The time in seconds, from any fixed origin; never goes back.
  using Clock = std::function<double()>;

  // What became of the pending request. Each runs on the thread that called
  // poll() or on the service's callback; none runs inside take() or checkin().
  // The request is no longer pending when they run (a new one may be started).
  std::function<void(const protocol::TicketInfo&)> on_issued;
  // Refused by the server, with the operation it refused, for the words:
  // "take", "checkin" (by code) or "checkin_card" (by ID card).
  std::function<void(std::string_view op, const protocol::Failure&)> on_refused;
  // Out of patience: nothing was issued that the kiosk knows of.
  std::function<void()> on_gave_up;

  // `service` must outlive the Issuer; callbacks it still holds after the
  // Issuer is gone do nothing.
  Issuer(TicketService& service, Clock clock, IssuerOptions options = {});
  ~Issuer();
  Issuer(const Issuer&) = delete;
  Issuer& operator=(const Issuer&) = delete;

  // Starts a request (replacing any pending one, which is forgotten) and sends
  // it. The request_key is chosen here.
  void take(protocol::TakeRequest request);
  void checkin(protocol::CheckinRequest request);
  // Forgets the pending request without waiting for it: a late reply is
  // ignored. Its personal data is wiped.
  void forget();
  // Call every frame: asks again what is due, gives up when out of patience,
  // voids what was given up on once the server is reachable.
  void poll();

  bool pending() const { return !std::holds_alternative<std::monostate>(pending_); }
  // The pending request's key (empty when none).
  const std::string& pending_key() const;
  // Takes given up on and not yet voided.
  std::size_t undelivered() const { return undelivered_.size(); }
  // The personal data the pending request holds (empty once wiped).
  std::string personal_data() const;

 private:
  void start();
  void send();
  void answered(const std::string& key, const protocol::Result<protocol::TicketReply>& reply);
  void void_undelivered();
  void wipe_request();

  TicketService& service_;
  Clock clock_;
  IssuerOptions options_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  std::variant<std::monostate, protocol::TakeRequest, protocol::CheckinRequest> pending_;
  bool out_ = false;  // sent, no reply yet
  double since_ = 0, retry_at_ = 0;
  std::vector<std::string> undelivered_;  // keys of takes given up on
  bool voiding_ = false;
};

}  // namespace hallq::kiosk
