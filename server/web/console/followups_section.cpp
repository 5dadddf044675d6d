#include "server/web/console/followups_section.hpp"

#include <boost/asio/use_awaitable.hpp>

#include "core/domain/rating.hpp"
#include "server/log.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

// A note's limit on the wire, in bytes; the form's maxlength (characters, UTF-16 units: at most 3
// bytes each) is a third of it, so that a note the form lets through is never refused for its length.
constexpr std::size_t kNoteMax = 500;
constexpr std::size_t kNoteChars = kNoteMax / 3;

std::string minute_of(const std::string& iso) {
  return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) : iso;
}

}  // namespace

asio::awaitable<Response> FollowupsSection::handle(const Request& r, Session& s) {
  if (r.path[1] != "followups" || r.path.size() > 3) co_return text(404, "not found\n");
  const std::string* all_param = r.param("all");
  bool all = all_param && *all_param == "1";
  const bool update_path = r.path.size() == 3 && r.path[2] == "update";
  if (r.method == "POST" && r.path.size() == 2) co_return not_allowed("GET, HEAD");
  if (r.method != "POST") {
    if (update_path) co_return not_allowed("POST");
    if (r.path.size() != 2) co_return text(404, "not found\n");
    protocol::FollowupsRequest request{all};  // named: GCC 12 frees a temporary kept across co_await
    auto found = co_await s.peer->ask(request, asio::use_awaitable);
    co_return page(r, s, all, found, "", Typed{});
  }
  if (r.path.size() != 3 || r.path[2] != "update") co_return text(404, "not found\n");
  const config::Translations& tr = c_.words.in(c_.lang(r, s));
  std::string notice;
  int status = 200;
  protocol::FollowupUpdateRequest req;
  const std::string* id = r.param("followup");
  const std::string* state = r.param("state");
  auto next = state ? protocol::enum_from_string<protocol::FollowupState>(*state) : std::nullopt;
  // Never cut: a note too long is refused and shown again as typed (spaces alone are none).
  req.note = trimmed(r, "note");
  Typed typed;
  const bool well_formed =
      id && !id->empty() && id->size() <= 18 && id->find_first_not_of("0123456789") == std::string::npos && next;
  if (well_formed) typed = {std::stoll(*id), *state, req.note};
  if (!may_act(s.user)) {
    notice = tr.get("web.staff.forbidden");
    status = 403;
  } else if (!well_formed) {
    co_return text(400, "followup and state are required\n");
  } else if (req.note.empty()) {
    notice = tr.get("web.staff.followups.note_required");
    status = 400;
  } else if (req.note.size() > kNoteMax) {
    notice = tr.get("web.staff.followups.note_too_long", {{"n", std::to_string(kNoteChars)}});
    status = 400;
  } else {
    req.followup = typed.followup;
    req.state = *next;
    auto reply = co_await s.peer->ask(req, asio::use_awaitable);
    if (reply) {
      log_line("web: " + s.user.id + " marked follow-up " + *id + " " + std::string(protocol::to_string(*next)));
      notice = tr.get("web.staff.followups.updated",
                      {{"id", *id}, {"state", tr.get("web.staff.followups.state." + *state)}});
      typed = {};
    } else {
      notice =
          tr.get("web.staff.tickets.refused", {{"reason", refusal(tr, "followup_update", reply.failure(), s.user.id)}});
      status = 409;
    }
  }
  protocol::FollowupsRequest request{all};  // named: GCC 12 frees a temporary kept across co_await
  auto found = co_await s.peer->ask(request, asio::use_awaitable);
  Response res = page(r, s, all, found, notice, typed);
  res.status = status;
  co_return res;
}

Response FollowupsSection::page(const Request& r, Session& s, bool all,
                                const protocol::Result<protocol::FollowupsReply>& found, std::string_view notice,
                                const Typed& typed) const {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  std::string body = "<p><a href=\"/staff/followups?lang=" + lang + (all ? "" : "&amp;all=1") + "\" id=\"toggle\">" +
                     escape(tr.get(all ? "web.staff.followups.open_only" : "web.staff.followups.all")) + "</a></p>";
  if (!found) {
    body += "<p class=\"error\" role=\"alert\">" + escape(refusal(tr, "followups", found.failure())) + "</p>";
  } else if (found->followups.empty()) {
    body += "<p class=\"note\" id=\"found\" data-total=\"0\">" + escape(tr.get("web.staff.followups.none")) + "</p>";
  } else {
    body += "<p class=\"note\" id=\"found\" data-total=\"" + std::to_string(found->followups.size()) + "\">" +
            escape(counted(tr, "web.staff.followups.found", static_cast<long long>(found->followups.size()),
                           {{"total", std::to_string(found->followups.size())}})) +
            "</p><ol id=\"followups\" class=\"followups\">";
    for (const auto& f : found->followups) body += item(s, lang, f, all, typed);
    body += "</ol>";
  }
  return c_.page(s, lang, "followups", tr.get("web.staff.followups.title"), std::move(body), notice, {}, c_.here(r));
}

std::string FollowupsSection::item(const Session& s, std::string_view lang, const protocol::FollowupInfo& f, bool all,
                                   const Typed& typed) const {
  const config::Translations& tr = c_.words.in(lang);
  const protocol::RatingInfo& rating = f.rating;
  const std::string state(protocol::to_string(f.state));
  std::string reasons;
  for (const auto& reason : rating.reasons)
    reasons += (reasons.empty() ? "" : tr.get("web.staff.followups.separator")) + tr.get("rating.reasons." + reason);
  const auto* svc = c_.config.hall.service(rating.service);
  std::string h =
      "<li data-followup=\"" + std::to_string(f.id) + "\" data-state=\"" + state + "\"" +
      (f.overdue ? " class=\"overdue\"" : "") + "><h2>" +
      escape(tr.get("web.staff.followups.heading",
                    {{"id", std::to_string(f.id)}, {"state", tr.get("web.staff.followups.state." + state)}})) +
      (f.overdue ? " · " + escape(tr.get("web.staff.cases.overdue")) : std::string()) + "</h2><p>" +
      escape(rating.day + " · " + rating.ticket + " · " + rating.service +
             (svc ? " " + name_in(svc->names, lang) : std::string()) + " · " +
             window_name(c_.config, tr, lang, rating.window) + " · " + person(c_.config, rating.clerk)) +
      "</p><p class=\"level\">";
  std::string level =
      rating.level ? tr.get("rating.levels." + std::string(protocol::to_string(*rating.level))) : std::string();
  h += escape(reasons.empty() ? level
                              : tr.get("web.staff.followups.level_reasons", {{"level", level}, {"reasons", reasons}})) +
       "</p><p>" +
       escape(tr.get("web.staff.followups.dates", {{"callback", f.callback_due}, {"rectify", f.rectify_due}})) +
       (f.phone_masked ? " · " + escape(tr.get("web.staff.cases.col.phone")) + " " + escape(*f.phone_masked)
                       : std::string()) +
       "</p>";
  if (!f.notes.empty()) {
    h += "<ul class=\"notes\">";
    for (const auto& n : f.notes)
      h += "<li>" +
           escape(minute_of(n.at) + " · " + person(c_.config, n.by) + " · " +
                  tr.get("web.staff.followups.note_line",
                         {{"state", tr.get("web.staff.followups.state." + std::string(protocol::to_string(n.state)))},
                          {"text", n.text}})) +
           "</li>";
    h += "</ul>";
  }
  // The steps that may follow this one (the rating book's own rule), as the wire names them.
  auto now = domain::followup_state_from_string(state);
  std::string options;
  for (auto next : protocol::EnumNames<protocol::FollowupState>::names)
    if (auto to = domain::followup_state_from_string(next); now && to && domain::may_follow(*now, *to))
      options += "<option value=\"" + std::string(next) + "\"" +
                 (typed.followup == f.id && typed.state == next ? " selected" : "") + ">" +
                 escape(tr.get("web.staff.followups.state." + std::string(next))) + "</option>";
  if (may_act(s.user) && !options.empty()) {
    h += "<form method=\"post\" action=\"/staff/followups/update" + std::string(all ? "?all=1" : "") +
         "\" class=\"update\">" + Console::csrf_field(s) + "<input type=\"hidden\" name=\"followup\" value=\"" +
         std::to_string(f.id) + "\"><label>" + escape(tr.get("web.staff.followups.next")) + " <select name=\"state\">" +
         options + "</select></label><label>" + escape(tr.get("web.staff.followups.note")) +
         " <input name=\"note\" required maxlength=\"" + std::to_string(kNoteChars) + "\"" +
         (typed.followup == f.id ? " value=\"" + escape(typed.note) + "\"" : std::string()) +
         "></label><button type=\"submit\">" + escape(tr.get("web.staff.followups.save")) + "</button></form>";
  }
  return h + "</li>";
}

}  // namespace hallq::server::web
