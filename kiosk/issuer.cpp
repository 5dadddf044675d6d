#include "kiosk/issuer.hpp"

#include <algorithm>
#include <optional>

#include "core/net/hall_client.hpp"
#include "kiosk/devices.hpp"

namespace hallq::kiosk {

namespace {

// Not answered: the ticket may or may not exist.
bool unanswered(const std::optional<protocol::Errc>& code) {
  return code == protocol::Errc::offline || code == protocol::Errc::timeout || code == protocol::Errc::busy;
}

void wipe_optional(std::optional<std::string>& v) {
  if (v) wipe(*v);
}

}  // namespace

Issuer::Issuer(TicketService& service, Clock clock, IssuerOptions options)
    : service_(service), clock_(std::move(clock)), options_(options) {}

Issuer::~Issuer() {
  *alive_ = false;
  wipe_request();
}

const std::string& Issuer::pending_key() const {
  static const std::string none;
  if (auto* take = std::get_if<protocol::TakeRequest>(&pending_)) return *take->request_key;
  if (auto* checkin = std::get_if<protocol::CheckinRequest>(&pending_)) return *checkin->request_key;
  return none;
}

std::string Issuer::personal_data() const {
  std::string all;
  if (auto* take = std::get_if<protocol::TakeRequest>(&pending_))
    all = take->id_number.value_or("") + take->name.value_or("");
  else if (auto* checkin = std::get_if<protocol::CheckinRequest>(&pending_))
    all = checkin->id_number.value_or("");
  return all;
}

void Issuer::take(protocol::TakeRequest request) {
  forget();
  request.request_key = net::new_request_key();
  pending_ = std::move(request);
  start();
}

void Issuer::checkin(protocol::CheckinRequest request) {
  forget();
  request.request_key = net::new_request_key();
  pending_ = std::move(request);
  start();
}

void Issuer::start() {
  since_ = clock_();
  send();
}

void Issuer::wipe_request() {
  if (auto* take = std::get_if<protocol::TakeRequest>(&pending_)) {
    wipe_optional(take->id_number);
    wipe_optional(take->name);
  } else if (auto* checkin = std::get_if<protocol::CheckinRequest>(&pending_)) {
    wipe_optional(checkin->id_number);
  }
}

void Issuer::forget() {
  wipe_request();
  pending_ = std::monostate{};
  out_ = false;
}

void Issuer::send() {
  if (!pending() || out_) return;
  out_ = true;
  auto done = [this, alive = alive_, key = pending_key()](const protocol::Result<protocol::TicketReply>& reply) {
    if (*alive) answered(key, reply);
  };
  if (auto* take = std::get_if<protocol::TakeRequest>(&pending_))
    service_.take(*take, done);
  else
    service_.checkin(std::get<protocol::CheckinRequest>(pending_), done);
}

void Issuer::answered(const std::string& key, const protocol::Result<protocol::TicketReply>& reply) {
  if (!pending() || pending_key() != key) return;  // forgotten meanwhile
  out_ = false;
  if (unanswered(reply.code())) {
    retry_at_ = clock_() + options_.retry_every_s;  // asked again by poll(), with the same key
    return;
  }
  // A check-in by card is refused in its own words ("no appointment today", not "check the code").
  auto* checkin = std::get_if<protocol::CheckinRequest>(&pending_);
  std::string_view op = !checkin ? "take" : checkin->id_number ? "checkin_card" : "checkin";
  forget();  // the raw ID number and name are no longer needed
  if (!reply) {
    if (on_refused) on_refused(op, reply.failure());
    return;
  }
  if (on_issued) on_issued(reply->ticket);
}

void Issuer::poll() {
  void_undelivered();
  if (!pending() || out_) return;
  double now = clock_();
  if (now - since_ > options_.patience_s) {
    if (std::holds_alternative<protocol::TakeRequest>(pending_)) undelivered_.push_back(pending_key());
    forget();
    if (on_gave_up) on_gave_up();
  } else if (now >= retry_at_ && service_.online()) {
    send();
  }
}

void Issuer::void_undelivered() {
  if (undelivered_.empty() || voiding_ || !service_.online()) return;
  voiding_ = true;
  std::string key = undelivered_.front();
  protocol::CancelRequest cancel;
  cancel.request_key = key;
  service_.cancel(cancel, [this, alive = alive_, key](const protocol::Result<protocol::TicketReply>& reply) {
    if (!*alive) return;
    voiding_ = false;
    auto code = reply.code();
    // Voided, never issued, or already called (someone holds it after all): done with it.
    if (!code || code == protocol::Errc::not_found || code == protocol::Errc::invalid_state)
      undelivered_.erase(std::remove(undelivered_.begin(), undelivered_.end(), key), undelivered_.end());
  });
}

}  // namespace hallq::kiosk
