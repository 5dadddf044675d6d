#include "server/web/console/hall_section.hpp"

#include <map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/config/alarm_text.hpp"
#include "server/log.hpp"
#include "server/web/console/admin_section.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

// An estimate, in minutes rounded up: "about 1 min" for 20 s to come.
std::string minutes_to_come(std::int64_t seconds) {
  return std::to_string((seconds + 59) / 60);
}

// Time waited so far, in whole minutes rounded down, as a clock counts it.
std::string minutes_waited(std::int64_t seconds) {
  return std::to_string(seconds / 60);
}

}  // namespace

HallSection::~HallSection() {
  alive_.reset();
}

void HallSection::ended(const std::string& token) {
  for (auto& w : watches_)
    if (w.token == token)
      if (auto s = w.stream.lock()) s->send("ended", "");
  watches_.remove_if([&](const Watch& w) { return w.token == token; });
}

asio::awaitable<HallSection::HallView> HallSection::read_hall() {
  HallView v;
  auto snap = co_await c_.reader.ask(protocol::SnapshotRequest{}, asio::use_awaitable);
  if (snap) v.snapshot = std::move(snap.value());
  auto alarms = co_await c_.reader.ask(protocol::AlarmsRequest{}, asio::use_awaitable);
  if (alarms) v.alarms = std::move(alarms.value().alarms);
  config::sort_by_urgency(v.alarms);  // in the order the guides' monitor shows them
  protocol::DevicesRequest devices_request;
  auto devices = co_await c_.reader.ask(devices_request, asio::use_awaitable);
  if (devices) v.devices = std::move(devices.value().devices);
  co_return v;
}

std::string HallSection::hall_html(const HallView& v, std::string_view lang) const {
  const config::Translations& tr = c_.words.in(lang);
  std::string h = "<section id=\"hall\"><h2>" + escape(tr.get("display.services")) + "</h2>";
  h += "<table id=\"queues\"><thead><tr><th>" + escape(tr.get("display.services")) + "</th><th>" +
       escape(tr.get("display.waiting_people")) + "</th><th>" + escape(tr.get("display.longest")) + "</th><th>" +
       escape(tr.get("display.ewt_minutes")) + "</th></tr></thead><tbody>";
  for (const auto& s : v.snapshot.services)
    h += "<tr data-service=\"" + escape(s.code) + "\"><td>" + escape(s.code) + " " + escape(name_in(s.names, lang)) +
         "</td><td class=\"waiting\">" + std::to_string(s.waiting) + "</td><td>" + minutes_waited(s.longest_wait_s) +
         "</td><td>" + minutes_to_come(s.ewt_s) + "</td></tr>";
  h += "</tbody></table><h2>" + escape(tr.get("display.windows")) + "</h2>";
  h += "<table id=\"windows\"><thead><tr><th>" + escape(tr.get("display.windows")) + "</th><th>" +
       escape(tr.get("display.state")) + "</th><th>" + escape(tr.get("web.staff.clerk")) + "</th><th>" +
       escape(tr.get("display.current")) + "</th><th>" + escape(tr.get("display.served")) + "</th></tr></thead><tbody>";
  for (const auto& w : v.snapshot.windows) {
    std::string state(protocol::to_string(w.state));
    h += "<tr data-window=\"" + std::to_string(w.number) + "\" class=\"" + state + "\"><td>" +
         escape(name_in(w.names, lang)) + "</td><td>" + escape(tr.get("display." + state)) +
         (w.reason ? " · " + escape(config::pause_reason_text(tr, *w.reason)) : "") + "</td><td>" +
         escape(w.clerk_name.value_or("")) + "</td><td>" + escape(w.current.value_or("")) + "</td><td>" +
         std::to_string(w.served) + "</td></tr>";
  }
  h += "</tbody></table><h2>" + escape(tr.get("display.alarms")) + "</h2><ul id=\"alarms\">";
  if (v.alarms.empty()) h += "<li class=\"none\">" + escape(tr.get("display.no_alarms")) + "</li>";
  for (const auto& a : v.alarms) {
    h += "<li class=\"alarm\" data-kind=\"" + std::string(protocol::to_string(a.kind)) + "\">" +
         escape(config::alarm_text(tr, a));
    // A kiosk's call for a guide is taken on the help desk's page.
    if (a.kind == protocol::AlarmKind::help_requested)
      h += " <a href=\"/staff/help?lang=" + std::string(lang) + "\" class=\"help-link\">" +
           escape(tr.get("web.staff.help.alarm_link")) + "</a>";
    h += "</li>";
  }
  h +=
      "</ul><h2>" + escape(tr.get("web.staff.devices")) + "</h2>" + devices_table(c_.words, c_.config, lang, v.devices);
  return h + "</section>";
}

asio::awaitable<Response> HallSection::hall_page(const Request& r, Session& s, std::string notice) {
  HallView v = co_await read_hall();
  co_return hall_response(r, s, v, notice);
}

Response HallSection::hall_response(const Request& r, Session& s, const HallView& v, std::string_view notice) {
  std::string lang = c_.lang(r, s);
  const config::Translations& tr = c_.words.in(lang);
  std::string body;
  if (may_act(s.user)) {
    body += "<form method=\"post\" action=\"/staff/take\" class=\"take\" id=\"take\"><h2>" +
            escape(tr.get("web.staff.take")) + "</h2>" + Console::csrf_field(s) +
            "<input type=\"hidden\" name=\"key\" value=\"" + random_token() + "\"><label>" +
            escape(tr.get("display.services")) + " <select name=\"service\" id=\"take-service\">";
    // The form has no ID card: a real-name service is taken at a kiosk with the citizen's card.
    std::string real_name;
    for (const auto& svc : v.snapshot.services) {
      const domain::Service* configured = c_.config.hall.service(svc.code);
      if (configured && configured->real_name) {
        real_name += (real_name.empty() ? "" : "、") + svc.code + " " + name_in(svc.names, lang);
        continue;
      }
      body += "<option value=\"" + escape(svc.code) + "\">" + escape(svc.code) + " " +
              escape(name_in(svc.names, lang)) + "</option>";
    }
    body += "</select></label><label>" + escape(tr.get("web.staff.citizen_language")) +
            " <select name=\"language\"><option value=\"zh\">中文</option><option value=\"mn\">" +
            escape(c_.words.in("mn").get("kiosk.language_name")) +
            "</option><option value=\"en\">English</option></select></label><button type=\"submit\" "
            "id=\"take-submit\">" +
            escape(tr.get("web.staff.take_button")) + "</button>";
    if (!real_name.empty())
      body += "<p class=\"note\" id=\"take-real-name\">" +
              escape(tr.get("web.staff.take_real_name", {{"services", real_name}})) + "</p>";
    body += "</form>";
  }
  body += "<div id=\"live\" data-events=\"/staff/events?lang=" + lang + "\">" + hall_html(v, lang) + "</div>";
  return c_.page(s, lang, "", tr.get("web.staff.title"), std::move(body), notice, {"/static/staff.js"}, c_.here(r));
}

asio::awaitable<Response> HallSection::take(const Request& r, Session& s) {
  const config::Translations& tr = c_.words.in(c_.lang(r, s));
  if (!may_act(s.user)) {
    std::string why = tr.get("web.staff.forbidden");
    Response res = co_await hall_page(r, s, why);
    res.status = 403;
    co_return res;
  }
  protocol::TakeRequest req;
  const std::string* service = r.param("service");
  req.service = service ? *service : "";
  req.channel = protocol::Channel::guide;
  // The form's own key: pressed twice (or sent again by the browser), it is one ticket.
  if (const std::string* key = r.param("key"); key && key->size() == 32) req.request_key = *key;
  if (const std::string* l = r.param("language"); l && (*l == "zh" || *l == "mn" || *l == "en")) req.language = *l;
  auto reply = co_await s.peer->ask(req, asio::use_awaitable);
  std::string notice = issued(s, reply);
  Response res = co_await hall_page(r, s, notice);
  if (!reply) res.status = 409;
  co_return res;
}

std::string HallSection::issued(const Session& s, const protocol::Result<protocol::TicketReply>& reply) const {
  const config::Translations& tr = c_.words.in(s.lang);
  if (!reply) return tr.get("web.staff.refused", {{"reason", refusal(tr, "take", reply.failure(), s.user.id)}});
  log_line("web: " + s.user.id + " issued " + reply->ticket.number);
  return tr.get("web.staff.issued", {{"number", reply->ticket.number}, {"service", reply->ticket.service}});
}

asio::awaitable<Response> HallSection::handle(const Request& r, Session& s) {
  const std::string sub = r.path.size() >= 2 ? r.path[1] : "";
  if (r.path.size() > 2) co_return text(404, "not found\n");
  if (r.method == "POST") {
    if (sub == "take") co_return co_await take(r, s);
    if (sub.empty() || sub == "events") co_return not_allowed("GET, HEAD");
    co_return text(404, "not found\n");
  }
  if (sub == "take") co_return not_allowed("POST");
  if (sub.empty()) co_return co_await hall_page(r, s, "");
  if (sub == "events") {
    std::string lang = c_.lang(r, s);
    std::string first = hall_html(co_await read_hall(), lang);
    Response res;
    res.stream = [this, token = s.token, lang, first](std::shared_ptr<EventStream> stream) {
      stream->send("hall", first);
      watches_.push_back({stream, token, lang, first});
    };
    co_return res;
  }
  co_return text(404, "not found\n");
}

void HallSection::refresh() {
  if (watches_.empty()) return;
  if (refreshing_) {  // one at a time; a change meanwhile asks for one more
    again_ = true;
    return;
  }
  refreshing_ = true;
  asio::co_spawn(
      c_.loop,
      [this, alive = std::weak_ptr<bool>(alive_)]() -> asio::awaitable<void> {
        do {
          again_ = false;
          HallView v = co_await read_hall();
          if (alive.expired()) co_return;
          std::map<std::string, std::string> by_lang;
          for (auto it = watches_.begin(); it != watches_.end();) {
            auto s = it->stream.lock();
            if (!s || !s->open()) {
              it = watches_.erase(it);
              continue;
            }
            auto [html, fresh] = by_lang.try_emplace(it->lang);
            if (fresh) html->second = hall_html(v, it->lang);
            if (html->second != it->last) {
              s->send("hall", html->second);
              it->last = html->second;
            }
            ++it;
          }
        } while (again_);
        refreshing_ = false;
      },
      asio::detached);
}

}  // namespace hallq::server::web
