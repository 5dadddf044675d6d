#include "server/ops.hpp"

#include <algorithm>
#include <cctype>

#include "server/log.hpp"
#include "server/views.hpp"

namespace hallq::server {

using protocol::Errc;

Answer Call::fail(Errc code, std::string_view message) const {
  if (code == Errc::internal)
    log_line(LogLevel::error, peer.name + ": internal (" + std::string(op) + "): " + std::string(message));
  else if (code == Errc::bad_request || code == Errc::unauthorized || code == Errc::forbidden ||
           code == Errc::unknown_op)
    refusals.note(std::string(to_string(code)), peer.address,
                  peer.name + ": " + std::string(to_string(code)) + " (" + std::string(op.substr(0, 64)) +
                      "): " + std::string(message));
  return {protocol::error_line(id, code, message), std::nullopt};
}

Errc wire_code(domain::Code c) {
  switch (c) {
    case domain::Code::bad_request:
      return Errc::bad_request;
    case domain::Code::not_found:
      return Errc::not_found;
    case domain::Code::unauthorized:
      return Errc::unauthorized;
    case domain::Code::forbidden:
      return Errc::forbidden;
    case domain::Code::invalid_state:
      return Errc::invalid_state;
    case domain::Code::queue_empty:
      return Errc::queue_empty;
    case domain::Code::quota_exhausted:
      return Errc::quota_exhausted;
    case domain::Code::outside_hours:
      return Errc::outside_hours;
    case domain::Code::limit_exceeded:
      return Errc::limit_exceeded;
    case domain::Code::identity_mismatch:
      return Errc::identity_mismatch;
  }
  return Errc::internal;
}

Answer Call::fail(const domain::Error& e) const {
  return fail(wire_code(e.code), e.message);
}

Answer ticket_answer(Call& c, const domain::Engine& engine, const domain::Outcome<const domain::Ticket*>& o) {
  if (!o) return c.fail(o.error());
  return c.reply(protocol::TicketReply{ticket_view(engine, *o.value())});
}

Answer issued_answer(Call& c, const Hall& hall, const domain::Outcome<const domain::Ticket*>& o) {
  if (!o) return c.fail(o.error());
  const domain::Ticket& t = *o.value();
  protocol::TicketInfo info = ticket_view(hall.engine, t, true);
  info.token = hall.tokens.make(t.day.str(), t.number);
  return c.reply(protocol::TicketReply{std::move(info)});
}

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

std::optional<Answer> check_number(const Call& c, std::string& number) {
  if (number.empty() || number.size() > 16)
    return c.fail(Errc::bad_request, "\"number\" must be a ticket number, e.g. \"A001\"");
  number = upper(std::move(number));
  return std::nullopt;
}

std::optional<Answer> check_text(const Call& c, std::string_view field, std::string& text, std::size_t max) {
  constexpr const char* kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  text = first == std::string::npos ? std::string() : text.substr(first, text.find_last_not_of(kSpace) - first + 1);
  if (text.size() <= max) return std::nullopt;
  return c.fail(Errc::bad_request, "\"" + std::string(field) + "\" is longer than " + std::to_string(max) + " bytes");
}

std::optional<Answer> scoped_key(const Call& c, const std::optional<std::string>& key, std::string& out) {
  out.clear();
  if (!key || key->empty()) return std::nullopt;
  if (key->size() > 64) return c.fail(Errc::bad_request, "\"request_key\" is at most 64 characters");
  out = c.device().id + "/" + *key;
  return std::nullopt;
}

std::optional<Answer> check_issue_rate(Call& c, Hall& hall, const std::string& scoped_request_key) {
  if (c.role() != protocol::Role::kiosk) return std::nullopt;
  if (!scoped_request_key.empty() && hall.engine.find_request(scoped_request_key)) return std::nullopt;  // a repeat
  if (hall.issue_limiter.allow(c.device().id)) return std::nullopt;
  hall.refresh_alarms();
  return c.fail(Errc::rate_limited, "this kiosk is asking for tickets faster than a person could; wait a moment");
}

void ChangeIndex::record(const domain::Changes& c, std::uint64_t id, domain::LocalDate today) {
  if (c.closed_day) batch_.clear();
  for (const auto& t : c.tickets)
    if (t.day == today) batch_[t.number] = id;
}

std::optional<std::uint64_t> ChangeIndex::of(const std::string& number) const {
  auto it = batch_.find(number);
  if (it == batch_.end()) return std::nullopt;
  return it->second;
}

bool valid_phone(const std::string& p) {
  return p.size() >= 7 && p.size() <= 15 &&
         std::all_of(p.begin(), p.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

}  // namespace hallq::server
