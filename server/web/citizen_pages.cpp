#include "server/web/citizen_pages.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/domain/case_book.hpp"
#include "core/domain/crypto.hpp"
#include "core/domain/engine.hpp"
#include "core/domain/rating_book.hpp"
#include "server/ops.hpp"
#include "server/views.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

std::string minutes_of(std::int64_t seconds) {
  return std::to_string((seconds + 59) / 60);
}

bool bad_level(std::string_view level) {
  return level == "dissatisfied" || level == "very_dissatisfied";
}

}  // namespace

CitizenPages::CitizenPages(asio::any_io_executor loop, const config::Config& config, Books books, const Words& words,
                           LocalPeer& peer)
    : loop_(std::move(loop)), config_(config), books_(books), words_(words), peer_(peer) {}

const domain::Names* CitizenPages::service_names(std::string_view code) const {
  const domain::Service* s = config_.hall.service(code);
  return s ? &s->names : nullptr;
}

CitizenPages::CaseIndex CitizenPages::case_index() const {
  CaseIndex index;
  for (const domain::Case* k : books_.cases.list({})) {
    if (!k->ticket.empty()) index[k->ticket_day.str() + "/" + k->ticket].push_back(k->number);
    if (!k->pickup_ticket.empty()) index[k->pickup_ticket].push_back(k->number);
  }
  return index;
}

std::optional<CitizenPages::Key> CitizenPages::key(std::string_view token) const {
  auto v = books_.tokens.check(token);
  auto day = v ? domain::LocalDate::parse(v->day) : std::nullopt;
  if (!v || !day) return std::nullopt;
  return Key{std::string(token), *day, v->number};
}

std::optional<Visit> CitizenPages::visit(const Key& key, const CaseIndex* cases) const {
  const domain::LocalDate& day = key.day;
  Visit out;
  out.token = key.token;
  out.day = day;
  out.number = key.number;
  if (day == books_.engine.day())
    if (const domain::Ticket* t = books_.engine.find(key.number)) {
      out.ticket = ticket_view(books_.engine, *t);
      out.language = t->language;
    }
  if (cases) {
    if (auto it = cases->find(day.str() + "/" + key.number); it != cases->end())
      for (const std::string& number : it->second)
        if (const domain::Case* k = books_.cases.find(number)) out.cases.push_back(case_view(books_.cases, *k, false));
  } else {
    for (const domain::Case* k : books_.cases.of_ticket(day, key.number))
      out.cases.push_back(case_view(books_.cases, *k, false));
  }
  // A visit nobody knows any more (long ago, or never finished) has no page.
  const domain::Rating* rating = books_.ratings.find(day, key.number);
  if (!out.ticket && out.cases.empty() && !rating) return std::nullopt;
  if (rating) {
    out.rated = rating->level.has_value();
    out.rateable = !out.rated && books_.ratings.today() <= day.plus_days(domain::RatingBook::kPhoneDays);
  }
  return out;
}

std::string CitizenPages::status_html(const Visit& v, std::string_view lang) const {
  const config::Translations& tr = words_.in(lang);
  std::string state = v.ticket ? std::string(protocol::to_string(v.ticket->state)) : "past";
  std::string h = "<section id=\"status\" data-state=\"" + state + "\">";
  h += "<p class=\"label\">" + escape(tr.get("ticket.number_label")) + "</p>";
  h += "<p class=\"number\" id=\"number\">" + escape(v.number) + "</p>";
  if (v.ticket) {
    const protocol::TicketInfo& t = *v.ticket;
    if (const domain::Names* n = service_names(t.service))
      h += "<p class=\"service\">" + escape(name_in(*n, lang)) + "</p>";
    switch (t.state) {
      case protocol::TicketState::waiting:
        h += "<p class=\"ahead\" id=\"ahead\" data-ahead=\"" + std::to_string(t.ahead) + "\">" +
             escape(t.ahead == 0   ? tr.get("ticket.ahead_none")
                    : t.ahead == 1 ? tr.get("ticket.ahead_one")
                                   : tr.get("ticket.ahead", {{"n", std::to_string(t.ahead)}})) +
             "</p>";
        if (t.ewt_s > 0)
          h += "<p class=\"wait\">" +
               escape(t.ewt_s < 60 ? tr.get("ticket.ewt_soon")
                                   : tr.get("ticket.ewt", {{"minutes", minutes_of(t.ewt_s)}})) +
               "</p>";
        break;
      case protocol::TicketState::called: {
        const domain::Window* w = t.window ? config_.hall.window(*t.window) : nullptr;
        std::string where =
            w ? name_in(w->names, lang) : tr.get("common.window", {{"n", std::to_string(t.window.value_or(0))}});
        h += "<p class=\"turn\" id=\"turn\" data-window=\"" + std::to_string(t.window.value_or(0)) + "\">" +
             escape(tr.get("web.visit.called", {{"window", where}})) + "</p>";
        break;
      }
      case protocol::TicketState::done:
        h += "<p class=\"done\">" + escape(tr.get("web.visit.done")) + "</p>";
        break;
      case protocol::TicketState::no_show:
        h += "<p class=\"missed\">" + escape(tr.get("web.visit.no_show")) + "</p>";
        break;
      case protocol::TicketState::transferred:
        h += "<p>" + escape(tr.get("web.visit.transferred")) + "</p>";
        break;
      case protocol::TicketState::cancelled:
        h += "<p>" + escape(tr.get("web.visit.cancelled")) + "</p>";
        break;
    }
  } else {
    h += "<p class=\"past\">" + escape(tr.get("web.visit.earlier", {{"day", v.day.str()}})) + "</p>";
  }
  if (!v.cases.empty()) {
    h += "<h2>" + escape(tr.get("web.visit.cases")) + "</h2><ul class=\"cases\">";
    for (const auto& c : v.cases) {
      h += "<li data-case=\"" + escape(c.number) + "\" data-state=\"" + std::string(protocol::to_string(c.state)) +
           "\"><span class=\"case-number\">" + escape(c.number) + "</span> ";
      if (const domain::Names* n = service_names(c.service)) h += escape(name_in(*n, lang)) + " · ";
      h += "<strong>" + escape(tr.get("case.states." + std::string(protocol::to_string(c.state)))) + "</strong>";
      if (c.due && !c.ready_at && !c.picked_up_at)
        h += "<br>" + escape(tr.get("web.visit.case_due", {{"date", *c.due}}));
      if (c.state == protocol::CaseState::ready_for_pickup) h += "<br>" + escape(tr.get("web.visit.case_ready"));
      h += "</li>";
    }
    h += "</ul>";
  }
  if (v.rateable)
    h += "<p><a class=\"button\" id=\"rate\" href=\"/v/" + escape(v.token) + "/rate?lang=" + std::string(lang) + "\">" +
         escape(tr.get("web.visit.rate")) + "</a></p>";
  else if (v.rated)
    h += "<p class=\"rated\">" + escape(tr.get("web.visit.rated")) + "</p>";
  return h + "</section>";
}

Response CitizenPages::visit_page(const Visit& v, std::string_view lang) const {
  const config::Translations& tr = words_.in(lang);
  Page p;
  p.lang = std::string(lang);
  p.training = training_banner(config_, words_.in(p.lang));
  p.title = tr.get("web.visit.title") + " · " + v.number;
  std::string path = "/v/" + v.token;
  p.body = language_links(words_, path, lang) + "<header><h1>" + escape(name_in(config_.hall.names, lang)) +
           "</h1></header><main>" + status_html(v, lang);
  // Live while the ticket may still change: a no-show may be put back in the queue by a guide.
  bool live =
      v.ticket && v.ticket->state != protocol::TicketState::done && v.ticket->state != protocol::TicketState::cancelled;
  if (live) {
    // Without JavaScript the page still works: a link to look again.
    p.body += "<p class=\"live\" id=\"live\" data-events=\"" + escape(path) + "/events?lang=" + std::string(lang) +
              "\">" + escape(tr.get("web.visit.live")) + " <a href=\"" + escape(path) + "?lang=" + std::string(lang) +
              "\">" + escape(tr.get("web.visit.refresh")) + "</a></p>";
    p.scripts.push_back("/static/visit.js");
  }
  p.body += "</main>";
  Response res;
  res.body = render(p);
  return res;
}

Response CitizenPages::rated_page(const Visit& v, std::string_view lang, int status) const {
  const config::Translations& tr = words_.in(lang);
  Page p;
  p.lang = std::string(lang);
  p.training = training_banner(config_, words_.in(p.lang));
  p.title = tr.get("rating.title");
  p.body = language_links(words_, "/v/" + v.token + "/rate", lang) + "<main><h1>" + escape(tr.get("rating.title")) +
           "</h1><p class=\"visit\">" + escape(v.number) + " · " + v.day.str() +
           "</p><p class=\"rated\" id=\"rated\">" + escape(tr.get("web.visit.rated")) + "</p><p><a href=\"/v/" +
           escape(v.token) + "?lang=" + std::string(lang) + "\">" + escape(tr.get("rating.back")) + "</a></p></main>";
  Response res;
  res.status = status;
  res.body = render(p);
  return res;
}

Response CitizenPages::rate_form(const Visit& v, std::string_view lang, std::string_view error,
                                 const Request* sent) const {
  // What a refused form carried, checked or filled in again.
  auto chosen = [&](std::string_view name, std::string_view value) {
    if (!sent) return false;
    for (auto [it, end] = sent->form.equal_range(std::string(name)); it != end; ++it)
      if (it->second == value) return true;
    return false;
  };
  const std::string* typed_phone = sent ? sent->param("phone") : nullptr;
  const config::Translations& tr = words_.in(lang);
  Page p;
  p.lang = std::string(lang);
  p.training = training_banner(config_, words_.in(p.lang));
  p.title = tr.get("rating.title");
  std::string path = "/v/" + v.token + "/rate";
  p.body = language_links(words_, path, lang) + "<main><h1>" + escape(tr.get("rating.title")) + "</h1>";
  p.body += "<p class=\"visit\">" + escape(v.number) + " · " + v.day.str() + "</p>";
  if (!error.empty()) p.body += "<p class=\"error\" id=\"error\" role=\"alert\">" + escape(error) + "</p>";
  p.body += "<form method=\"post\" action=\"" + escape(path) + "?lang=" + std::string(lang) +
            "\"><fieldset class=\"levels\">";
  for (std::string_view level :
       {"very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied"}) {
    std::string id = "level-" + std::string(level);
    p.body += "<label class=\"level\" for=\"" + id + "\"><input type=\"radio\" name=\"level\" id=\"" + id +
              "\" value=\"" + std::string(level) + "\" required" + (chosen("level", level) ? " checked" : "") + "> " +
              escape(tr.get("rating.levels." + std::string(level))) + "</label>";
  }
  p.body += "</fieldset><fieldset class=\"reasons\"><legend>" + escape(tr.get("rating.reasons_title")) + "</legend>";
  for (const auto& reason : config_.hall.ratings.reasons)
    p.body += "<label><input type=\"checkbox\" name=\"reason\" value=\"" + escape(reason) + "\"" +
              (chosen("reason", reason) ? " checked" : "") + "> " + escape(tr.get("rating.reasons." + reason)) +
              "</label>";
  p.body += "</fieldset><fieldset class=\"callback\"><label><input type=\"checkbox\" name=\"callback\" value=\"yes\"" +
            std::string(chosen("callback", "yes") ? " checked" : "") + "> " + escape(tr.get("rating.callback")) +
            "</label><label>" + escape(tr.get("rating.phone")) +
            " <input type=\"tel\" name=\"phone\" id=\"phone\" inputmode=\"numeric\" autocomplete=\"tel\" "
            "maxlength=\"15\" pattern=\"[0-9]{7,15}\"" +
            (typed_phone ? " value=\"" + escape(*typed_phone) + "\"" : std::string()) + "></label></fieldset>";
  p.body += "<button type=\"submit\" id=\"submit\">" + escape(tr.get("rating.submit")) + "</button></form>";
  p.body += "<p><a href=\"/v/" + escape(v.token) + "?lang=" + std::string(lang) + "\">" +
            escape(tr.get("rating.back")) + "</a></p></main>";
  Response res;
  res.body = render(p);
  return res;
}

asio::awaitable<Response> CitizenPages::rate(const Visit& v, const Request& r, std::string lang) {
  const config::Translations& tr = words_.in(lang);
  protocol::RatePhoneRequest req;
  req.token = v.token;
  const std::string* level = r.param("level");
  auto parsed = level ? protocol::enum_from_string<protocol::RatingLevel>(*level) : std::nullopt;
  if (!parsed) co_return rate_form(v, lang, tr.get("web.rate.choose"));
  req.level = *parsed;
  if (bad_level(*level)) {
    for (auto [it, end] = r.form.equal_range("reason"); it != end; ++it) req.reasons.push_back(it->second);
    const std::string* callback = r.param("callback");
    const std::string* phone = r.param("phone");
    if (callback && *callback == "yes") {
      // Consent without a number: the call-back agreed to could not happen. Ask for it.
      if (!phone || phone->empty()) {
        Response res = rate_form(v, lang, tr.get("web.rate.need_phone"), &r);
        res.status = 400;
        co_return res;
      }
      bool digits =
          phone->size() >= 7 && phone->size() <= 15 && phone->find_first_not_of("0123456789") == std::string::npos;
      if (!digits) co_return rate_form(v, lang, tr.get("web.rate.bad_phone"), &r);
      req.phone = *phone;
    }
  }
  auto reply = co_await peer_.ask(req, asio::use_awaitable);
  if (!reply) {
    auto code = reply.failure().code;
    if (code == protocol::Errc::invalid_state) co_return rated_page(v, lang, 409);
    std::string why = code == protocol::Errc::invalid_state ? tr.get("web.rate.already")
                      : code == protocol::Errc::bad_request ? tr.get("web.rate.bad")
                                                            : tr.get("rating.too_late");
    Response res = rate_form(v, lang, why);
    res.status = code == protocol::Errc::bad_request ? 400 : 409;
    co_return res;
  }
  Page p;
  p.lang = lang;
  p.training = training_banner(config_, words_.in(p.lang));
  p.title = tr.get("rating.thanks");
  p.body = "<main><h1 id=\"thanks\">" + escape(tr.get("rating.thanks")) + "</h1><p><a href=\"/v/" + escape(v.token) +
           "?lang=" + lang + "\">" + escape(tr.get("rating.back")) + "</a></p></main>";
  Response res;
  res.body = render(p);
  co_return res;
}

Response CitizenPages::not_found(std::string_view lang) const {
  Response res;
  res.status = 404;
  res.body = not_found_html(config_, words_, lang);
  return res;
}

asio::awaitable<Response> CitizenPages::handle(const Request& r) {
  // ?lang=, else the language the citizen chose at the kiosk, else the phone's.
  std::optional<Key> k = r.path.size() >= 2 && r.path.size() <= 3 ? key(r.path[1]) : std::nullopt;
  std::optional<Visit> v = k ? visit(*k) : std::nullopt;
  std::string fallback = Words::choose(nullptr, r.accept_language, "zh");
  if (v && !v->language.empty()) fallback = v->language;
  std::string lang = Words::choose(r.param("lang"), "", fallback);
  if (!v) co_return not_found(lang);
  if (r.path.size() == 2) {
    if (r.method != "GET" && r.method != "HEAD") co_return not_allowed("GET, HEAD");
    co_return visit_page(*v, lang);
  }
  if (r.path[2] == "events") {
    if (r.method != "GET") co_return not_allowed("GET");
    Response res;
    std::string first = status_html(*v, lang);
    res.stream = [this, key = *k, lang, first](std::shared_ptr<EventStream> s) {
      s->send("status", first);
      watches_.push_back({s, key, lang, first});
    };
    co_return res;
  }
  if (r.path[2] == "rate") {
    if (r.method != "GET" && r.method != "HEAD" && r.method != "POST") co_return not_allowed("GET, HEAD, POST");
    if (!v->rateable && !v->rated) co_return not_found(lang);
    if (r.method == "POST" && !v->rated) co_return co_await rate(*v, r, lang);
    if (v->rated) co_return rated_page(*v, lang, r.method == "POST" ? 409 : 200);
    co_return rate_form(*v, lang, "");
  }
  co_return not_found(lang);
}

void CitizenPages::refresh() {
  if (refreshing_) {
    again_ = true;
    return;
  }
  if (watches_.empty()) return;
  refreshing_ = true;
  next_ = watches_.begin();
  pass_cases_ = case_index();
  refresh_slice();
}

void CitizenPages::refresh_slice() {
  for (int n = 0; n < kSlice && next_ != watches_.end(); ++n) {
    auto s = next_->stream.lock();
    if (!s || !s->open()) {
      next_ = watches_.erase(next_);
      continue;
    }
    std::string now;
    if (auto v = visit(next_->key, &pass_cases_)) now = status_html(*v, next_->lang);
    if (!now.empty() && now != next_->last) {
      s->send("status", now);
      next_->last = std::move(now);
    }
    ++next_;
  }
  if (next_ != watches_.end()) {
    // The rest after whatever is waiting on the loop now (the slice's writes, a terminal's request).
    asio::post(loop_, [this, alive = std::weak_ptr<bool>(alive_)] {
      if (alive.lock()) refresh_slice();
    });
    return;
  }
  refreshing_ = false;
  pass_cases_.clear();
  if (again_) {
    again_ = false;
    refresh();
  }
}

}  // namespace hallq::server::web
