// 好差评 (docs/ratings.md): the window's pad rates the visit it was offered,
// guides and admins work the follow-ups of bad ratings and read the figures.
#include <algorithm>

#include "core/domain/crypto.hpp"
#include "core/domain/id_number.hpp"
#include "server/ops.hpp"
#include "server/views.hpp"

namespace hallq::server {

using protocol::Errc;
using protocol::Role;

namespace {

constexpr std::size_t kMaxNote = 500;
constexpr int kMaxListDays = 31;
// my_ratings: a caller for its window (an admin terminal may stand in for one).
constexpr unsigned kOwnDay = role_bit(Role::caller) | role_bit(Role::admin);

protocol::MyRatingsReply my_ratings_view(const domain::RatingBook& book, const std::string& clerk) {
  domain::RatingToday t = book.figures_today(0, clerk);
  protocol::MyRatingsReply v;
  v.day = book.today().str();
  v.clerk = clerk;
  v.offered = t.offered;
  v.rated = t.rated;
  v.participation_permille = t.offered ? t.rated * 1000 / t.offered : 0;
  v.levels.assign(t.levels.begin(), t.levels.end());
  v.satisfaction_permille = t.satisfaction_permille();
  return v;
}

}  // namespace

protocol::RatingInfo rating_view(const domain::Rating& r) {
  protocol::RatingInfo v;
  v.id = r.id;
  v.day = r.day.str();
  v.ticket = r.ticket;
  if (!r.case_number.empty()) v.case_number = r.case_number;
  v.window = r.window;
  v.clerk = r.clerk;
  v.service = r.service;
  v.finished_at = domain::format_iso(r.finished_at);
  if (r.level) v.level = static_cast<protocol::RatingLevel>(static_cast<int>(*r.level) - 1);
  v.reasons = r.reasons;
  v.channel = wire_enum(r.channel, protocol::RatingChannel::pad);
  if (r.rated_at) v.rated_at = domain::format_iso(*r.rated_at);
  if (r.followup) v.followup = r.followup;
  return v;
}

protocol::FollowupInfo followup_view(const domain::RatingBook& book, const domain::Followup& f) {
  protocol::FollowupInfo v;
  v.id = f.id;
  v.state = wire_enum(f.state, protocol::FollowupState::open);
  if (const domain::Rating* r = book.find(f.rating)) v.rating = rating_view(*r);
  v.opened_at = domain::format_iso(f.opened_at);
  v.callback_due = f.callback_due.str();
  v.rectify_due = f.rectify_due.str();
  v.overdue = book.overdue(f);
  if (!f.phone_masked.empty()) v.phone_masked = f.phone_masked;
  for (const auto& n : f.notes)
    v.notes.push_back({domain::format_iso(n.at), n.by, wire_enum(n.state, protocol::FollowupState::open), n.text});
  return v;
}

protocol::RatingCounts rating_counts_view(const domain::RatingBook& book) {
  domain::RatingToday t = book.figures_today();
  protocol::RatingCounts k;
  k.offered = t.offered;
  k.rated = t.rated;
  k.satisfaction_permille = t.satisfaction_permille();
  k.bad = t.levels[0] + t.levels[1];
  k.open_followups = t.open_followups;
  k.overdue_followups = t.overdue_followups;
  return k;
}

protocol::RatingOffer rating_offer_view(const domain::HallConfig& hall, const domain::Rating& r,
                                        std::string_view language) {
  protocol::RatingOffer offer;
  offer.window = r.window;
  offer.ticket = r.ticket;
  offer.service = r.service;
  if (const domain::Clerk* k = hall.clerk(r.clerk)) offer.clerk_name = k->name;
  offer.until = domain::format_iso(r.finished_at + std::chrono::seconds(hall.ratings.pad_seconds));
  offer.language = std::string(language);
  return offer;
}

void RatingOps::register_ops(OpTable& t) {
  t.add<protocol::RateRequest>(role_bit(Role::display), [this](Call& c, const auto& r) { return rate(c, r); });
  // The citizens' web page (docs/ratings.md "Rating by phone") calls it in the
  // server; on the wire, guides and admins (a rating given on the telephone).
  t.add<protocol::RatePhoneRequest>(kGuides, [this](Call& c, const auto& r) { return rate_phone(c, r); });
  t.add<protocol::FollowupsRequest>(kGuides, [this](Call& c, const protocol::FollowupsRequest& r) {
    protocol::FollowupsReply reply;
    for (const auto* f : hall_.ratings.followups(!r.all)) reply.followups.push_back(followup_view(hall_.ratings, *f));
    return c.reply(reply);
  });
  t.add<protocol::FollowupUpdateRequest>(kGuides, [this](Call& c, const protocol::FollowupUpdateRequest& r) {
    std::string note = r.note;
    if (auto e = check_text(c, "note", note, kMaxNote)) return *e;
    auto to = domain::followup_state_from_string(protocol::to_string(r.state));
    auto o = hall_.ratings.update_followup(r.followup, *to, note, c.device().id);
    if (!o) return c.fail(o.error());
    return c.reply(protocol::FollowupReply{followup_view(hall_.ratings, *o.value())});
  });
  t.add<protocol::RatingFiguresRequest>(kGuides, [this](Call& c, const auto& r) { return figures(c, r); });
  t.add<protocol::RatingListRequest>(kGuides, [this](Call& c, const auto& r) { return list(c, r); });
  // The clerk at a caller's window sees their own day: counts only, from the
  // book (today's visits are all in it), never a ticket or a time.
  t.add<protocol::MyRatingsRequest>(kOwnDay, [this](Call& c, const protocol::MyRatingsRequest& r) {
    const domain::WindowState* w = hall_.engine.window_state(r.window);
    if (!w) return c.fail(Errc::not_found, "no window " + std::to_string(r.window));
    const config::DeviceConfig& d = c.device();
    if (d.role == Role::caller && d.window != 0 && d.window != r.window)
      return c.fail(Errc::forbidden, "this caller belongs to window " + std::to_string(d.window));
    if (w->clerk.empty()) return c.fail(Errc::forbidden, "no clerk is logged in at window " + std::to_string(r.window));
    return c.reply(my_ratings_view(hall_.ratings, w->clerk));
  });
}

namespace {
// The answer of a rate or rate_phone request: the call-back number sealed and
// masked, the raw one wiped; an error when the number is not one.
template <class Req>
std::optional<std::string> rating_answer(const Req& r, domain::RatingChannel channel, const domain::Sealer& sealer,
                                         domain::RatingAnswer& a) {
  a.level = static_cast<domain::RatingLevel>(static_cast<int>(r.level) + 1);
  a.reasons = r.reasons;
  a.channel = channel;
  std::string phone = r.phone.value_or("");
  if (phone.empty()) return std::nullopt;
  if (!valid_phone(phone)) {
    domain::wipe_string(phone);
    return "\"phone\" must be 7 to 15 digits";
  }
  a.phone_sealed = sealer.seal(phone);
  a.phone_masked = domain::mask_phone(phone);
  domain::wipe_string(phone);
  return std::nullopt;
}
}  // namespace

Answer RatingOps::rate(Call& c, const protocol::RateRequest& r) {
  // Only the pad bound to a window rates, and only that window's visit.
  const int window = c.device().window;
  if (window == 0)
    return c.fail(Errc::forbidden,
                  "display " + c.device().id + " is not bound to a window (window = N in its [[device]])");
  domain::RatingAnswer a;
  if (auto e = rating_answer(r, domain::RatingChannel::pad, hall_.sealer, a)) return c.fail(Errc::bad_request, *e);
  auto o = hall_.ratings.rate_at_window(window, r.ticket, a);
  if (!o) return c.fail(o.error());
  return c.reply(protocol::RatingReply{rating_view(*o.value())});
}

Answer RatingOps::rate_phone(Call& c, const protocol::RatePhoneRequest& r) {
  // The token names the visit; anything else (a number alone) names nobody's.
  auto visit = hall_.tokens.check(r.token);
  auto day = visit ? domain::LocalDate::parse(visit->day) : std::nullopt;
  if (!visit || !day) return c.fail(Errc::not_found, "no visit with this token");
  domain::RatingAnswer a;
  if (auto e = rating_answer(r, domain::RatingChannel::phone, hall_.sealer, a)) return c.fail(Errc::bad_request, *e);
  auto o = hall_.ratings.rate_visit(*day, visit->number, a);
  if (!o) return c.fail(o.error());
  return c.reply(protocol::RatingReply{rating_view(*o.value())});
}

namespace {
// "from"/"to" as days (default: today), at most `max_days` apart (0: any).
std::optional<std::string> period(const std::optional<std::string>& from, const std::optional<std::string>& to,
                                  domain::LocalDate today, int max_days, domain::LocalDate& a, domain::LocalDate& b) {
  auto parse = [&](const std::optional<std::string>& s, domain::LocalDate fallback) {
    return s ? domain::LocalDate::parse(*s) : std::optional<domain::LocalDate>(fallback);
  };
  auto f = parse(from, today), t = parse(to, to || !from ? today : *parse(from, today));
  if (!f || !t) return "\"from\" and \"to\" must be dates like 2026-11-30";
  if (*t < *f) return "\"to\" is before \"from\"";
  if (max_days && f->plus_days(max_days) <= *t) return "at most " + std::to_string(max_days) + " days at once";
  a = *f;
  b = *t;
  return std::nullopt;
}
}  // namespace

Answer RatingOps::figures(Call& c, const protocol::RatingFiguresRequest& r) {
  domain::LocalDate from, to;
  if (auto e = period(r.from, r.to, hall_.ratings.today(), 0, from, to)) return c.fail(Errc::bad_request, *e);
  std::string by = r.by.value_or("total");
  if (by != "total" && by != "clerk" && by != "window" && by != "service" && by != "day")
    return c.fail(Errc::bad_request, "\"by\" must be clerk, window, service, day or total");
  hall_.store.run(
      [from = from.str(), to = to.str(), by](Store& s) -> std::optional<std::vector<RatingRow>> {
        try {
          return s.ratings().figures(from, to, by);
        } catch (const std::exception& e) {
          log_line(LogLevel::error, std::string("ratings: ") + e.what());
          return std::nullopt;
        }
      },
      [this, peer = c.peer.id, id = c.id, from = from.str(), to = to.str(),
       by](std::optional<std::vector<RatingRow>> rows) {
        if (!rows) {
          hall_.reply_later(peer, id, protocol::error_line(id, Errc::internal, "could not read the ratings"));
          return;
        }
        protocol::RatingFiguresReply reply{from, to, by, {}};
        for (const auto& row : *rows) reply.rows.push_back(rating_row_view(row));
        hall_.reply_later(peer, id, protocol::reply_line(id, reply));
      });
  return {};
}

Answer RatingOps::list(Call& c, const protocol::RatingListRequest& r) {
  domain::LocalDate from, to;
  if (auto e = period(r.from, r.to, hall_.ratings.today(), kMaxListDays, from, to))
    return c.fail(Errc::bad_request, *e);
  hall_.store.run(
      [from = from.str(), to = to.str()](Store& s) -> std::optional<std::vector<domain::Rating>> {
        try {
          return s.ratings().list(from, to);
        } catch (const std::exception& e) {
          log_line(LogLevel::error, std::string("rating_list: ") + e.what());
          return std::nullopt;
        }
      },
      [this, peer = c.peer.id, id = c.id](std::optional<std::vector<domain::Rating>> list) {
        if (!list) {
          hall_.reply_later(peer, id, protocol::error_line(id, Errc::internal, "could not read the ratings"));
          return;
        }
        protocol::RatingListReply reply;
        for (const auto& x : *list) reply.ratings.push_back(rating_view(x));
        hall_.reply_later(peer, id, protocol::reply_line(id, reply));
      });
  return {};
}

}  // namespace hallq::server
