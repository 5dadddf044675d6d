// The guides' own work (咨询导办、帮办; docs/protocol.md "Help"): a kiosk
// calls for a guide and a guide takes the call (the call is an alarm until
// then); the help desk's register of questions answered, with follow-ups; and
// the figures per day that reports count.
#include <algorithm>

#include "core/domain/case.hpp"
#include "core/domain/crypto.hpp"
#include "server/log.hpp"
#include "server/ops.hpp"

namespace hallq::server {

using protocol::Errc;
using protocol::Role;

namespace {

constexpr int kMaxFigureDays = 366;

protocol::HelpDayInfo help_day_view(const HelpDayFigures& f) {
  return {f.day, f.entries, f.followups, f.followups_done, f.requests, f.taken, f.take_median_s};
}

}  // namespace

protocol::HelpRequestInfo help_view(const domain::HelpRequest& r, domain::TimePoint now) {
  protocol::HelpRequestInfo v;
  v.id = r.id;
  v.day = r.day.str();
  v.device = r.device;
  v.requested_at = domain::format_iso(r.requested_at);
  v.state = r.open() ? protocol::HelpState::open : protocol::HelpState::taken;
  if (r.taken_at) {
    v.taken_by = r.taken_by;
    v.taken_at = domain::format_iso(*r.taken_at);
  }
  v.waited_s = domain::seconds_between(r.requested_at, r.taken_at.value_or(now));
  return v;
}

protocol::HelpdeskEntryInfo helpdesk_view(const domain::HelpdeskEntry& e) {
  protocol::HelpdeskEntryInfo v;
  v.id = e.id;
  v.day = e.day.str();
  v.at = domain::format_iso(e.at);
  v.by = e.by;
  v.topic = e.topic;
  if (!e.service.empty()) v.service = e.service;
  v.answer = e.answer;
  v.followup = e.followup;
  if (!e.phone_masked.empty()) v.phone_masked = e.phone_masked;
  if (e.done_at) {
    v.done_at = domain::format_iso(*e.done_at);
    v.done_by = e.done_by;
  }
  return v;
}

void HelpOps::register_ops(OpTable& t) {
  // The kiosk is named by its device: a kiosk calls for itself only.
  t.add<protocol::HelpRequestRequest>(role_bit(Role::kiosk), [this](Call& c, const auto&) {
    const domain::HelpRequest& r = hall_.help.request(c.device().id);
    return c.reply(protocol::HelpReply{help_view(r, hall_.engine.now())});
  });
  t.add<protocol::HelpTakeRequest>(kGuides, [this](Call& c, const protocol::HelpTakeRequest& r) {
    auto o = hall_.help.take(r.call, c.device().id);
    if (!o) return c.fail(o.error());
    log_line(c.device().id + " took the call for a guide at " + o.value()->device);
    return c.reply(protocol::HelpReply{help_view(*o.value(), hall_.engine.now())});
  });
  t.add<protocol::HelpRequestsRequest>(kGuides, [this](Call& c, const protocol::HelpRequestsRequest& r) {
    protocol::HelpRequestsReply reply;
    reply.day = hall_.help.today().str();
    const auto now = hall_.engine.now();
    for (const auto* x : hall_.help.requests(r.open)) reply.requests.push_back(help_view(*x, now));
    return c.reply(reply);
  });
  t.add<protocol::HelpdeskAddRequest>(kGuides, [this](Call& c, const auto& r) { return add(c, r); });
  t.add<protocol::HelpdeskListRequest>(kGuides, [this](Call& c, const auto& r) { return list(c, r); });
  t.add<protocol::HelpdeskDoneRequest>(kGuides, [this](Call& c, const protocol::HelpdeskDoneRequest& r) {
    auto o = hall_.help.done(r.entry, c.device().id);
    if (!o) return c.fail(o.error());
    return c.reply(protocol::HelpdeskEntryReply{helpdesk_view(*o.value())});
  });
  t.add<protocol::HelpFiguresRequest>(kGuides, [this](Call& c, const auto& r) { return figures(c, r); });
}

Answer HelpOps::add(Call& c, const protocol::HelpdeskAddRequest& r) {
  domain::HelpdeskEntry e;
  if (auto refused = scoped_key(c, r.request_key, e.request_key)) return *refused;
  e.topic = r.topic;
  e.service = upper(r.service.value_or(""));
  e.answer = r.answer;
  e.followup = r.followup;
  std::string phone = r.phone.value_or("");
  if (!phone.empty()) {
    if (!valid_phone(phone)) {
      domain::wipe_string(phone);
      return c.fail(Errc::bad_request, "\"phone\" must be 7 to 15 digits");
    }
    e.phone_sealed = hall_.sealer.seal(phone);
    e.phone_masked = domain::mask_phone(phone);
    domain::wipe_string(phone);
  }
  auto o = hall_.help.add(std::move(e), c.device().id);
  if (!o) return c.fail(o.error());
  return c.reply(protocol::HelpdeskEntryReply{helpdesk_view(*o.value())});
}

Answer HelpOps::list(Call& c, const protocol::HelpdeskListRequest& r) {
  const domain::LocalDate today = hall_.help.today();
  auto day = r.day ? domain::LocalDate::parse(*r.day) : std::optional(today);
  if (!day || !day->valid()) return c.fail(Errc::bad_request, "\"day\" must be a date like 2026-11-30");
  protocol::HelpdeskListReply reply;
  reply.day = day->str();
  for (const auto* e : hall_.help.earlier_followups()) reply.open_followups.push_back(helpdesk_view(*e));
  if (*day == today) {
    for (const auto* e : hall_.help.entries_today()) reply.entries.push_back(helpdesk_view(*e));
    return c.reply(reply);
  }
  if (today < *day) return c.reply(reply);  // nothing yet
  // A past day: the store's register (every entry is there once it was answered).
  hall_.store.run(
      [d = day->str()](Store& s) -> std::optional<std::vector<domain::HelpdeskEntry>> {
        try {
          return s.help().helpdesk(d);
        } catch (const std::exception& e) {
          log_line(LogLevel::error, std::string("helpdesk_list: ") + e.what());
          return std::nullopt;
        }
      },
      [this, peer = c.peer.id, id = c.id,
       reply = std::move(reply)](std::optional<std::vector<domain::HelpdeskEntry>> entries) mutable {
        if (!entries) {
          hall_.reply_later(peer, id, protocol::error_line(id, Errc::internal, "could not read the register"));
          return;
        }
        for (const auto& e : *entries) reply.entries.push_back(helpdesk_view(e));
        hall_.reply_later(peer, id, protocol::reply_line(id, reply));
      });
  return {};
}

Answer HelpOps::figures(Call& c, const protocol::HelpFiguresRequest& r) {
  const domain::LocalDate today = hall_.help.today();
  auto from = r.from ? domain::LocalDate::parse(*r.from) : std::optional(today);
  auto to = r.to ? domain::LocalDate::parse(*r.to) : from;
  if (!from || !to || !from->valid() || !to->valid())
    return c.fail(Errc::bad_request, "\"from\" and \"to\" must be dates like 2026-11-30");
  if (*to < *from) return c.fail(Errc::bad_request, "\"to\" is before \"from\"");
  if (from->plus_days(kMaxFigureDays) <= *to)
    return c.fail(Errc::bad_request, "at most " + std::to_string(kMaxFigureDays) + " days at once");
  hall_.store.run(
      [a = from->str(), b = to->str()](Store& s) -> std::optional<std::vector<HelpDayFigures>> {
        try {
          return s.help().figures(a, b);
        } catch (const std::exception& e) {
          log_line(LogLevel::error, std::string("help_figures: ") + e.what());
          return std::nullopt;
        }
      },
      [this, peer = c.peer.id, id = c.id, a = from->str(),
       b = to->str()](std::optional<std::vector<HelpDayFigures>> days) {
        if (!days) {
          hall_.reply_later(peer, id, protocol::error_line(id, Errc::internal, "could not read the figures"));
          return;
        }
        protocol::HelpFiguresReply reply{a, b, {}};
        for (const auto& d : *days) reply.days.push_back(help_day_view(d));
        hall_.reply_later(peer, id, protocol::reply_line(id, reply));
      });
  return {};
}

}  // namespace hallq::server
