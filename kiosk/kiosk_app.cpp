#include "kiosk/kiosk_app.hpp"

#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "core/domain/id_number.hpp"
#include "core/domain/ticket.hpp"
#include "core/domain/time.hpp"
#include "drivers/printer/preview.hpp"
#include "drivers/usb/errors.hpp"
#include "kiosk/slip.hpp"

namespace hallq::kiosk {

namespace {

constexpr const char* kLangs[] = {"zh", "mn", "en"};
constexpr double kRetryEvery = 1.0;        // s between attempts while the server is away
constexpr double kHealthReportEvery = 60;  // s: device health is re-sent at least this often

int lang_index(const std::string& lang) {
  for (int i = 0; i < 3; ++i)
    if (lang == kLangs[i]) return i;
  return 0;
}

std::string random_key() {
  static std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace

KioskApp::KioskApp(boost::asio::io_context& ctx, Options options) : options_(std::move(options)), lang_(options_.lang) {
  for (const char* l : kLangs) tr_.push_back(ui::Translations::load(options_.assets + "/i18n", l));
  options_.client.topics = {protocol::Topic::queues};
  client_ = std::make_unique<net::HallClient>(ctx, options_.client);
  client_->on_sync = [this](const protocol::HelloReply&, const protocol::HallInfo& hall,
                            const protocol::Snapshot& snap) {
    state_.reset(hall, snap);
    synced_ = true;
    health_known_ = false;  // the server forgets a device that went away: tell it again
    report_health();
  };
  client_->on_event = [this](const protocol::Event& e) { state_.apply(e); };
  devices_ = std::make_unique<Devices>(ctx, options_.devices);
  devices_->on_health = [this](const Health&) { report_health(); };
  if (options_.voice) {
    std::vector<std::string> search = {options_.assets + "/voice"};
    if (!options_.voice_dir.empty()) search.push_back(options_.voice_dir);
    clips_ = std::make_unique<ui::ClipLibrary>(options_.assets, search);
    announcer_ = std::make_unique<ui::Announcer>(*clips_, ui::VoiceOptions{{}, 1});
  }
  client_->start();
}

KioskApp::~KioskApp() {
  wipe(id_number_);
  wipe(name_raw_);
}

bool KioskApp::live() const {
  return synced_ && client_->state() == net::HallClient::State::online;
}

std::string KioskApp::personal_data() const {
  std::string all = id_number_ + name_raw_ + name_masked_ + id_masked_;
  if (ticket_) all += ticket_->name_masked.value_or("") + ticket_->id_masked.value_or("");
  return all;
}

std::vector<std::string> KioskApp::spoken() const {
  return announcer_ ? announcer_->played() : std::vector<std::string>{};
}

double KioskApp::smallest_target_mm(const ui::Ui& ui) const {
  double smallest = 1e9;
  for (const auto& [id, r] : ui.buttons()) smallest = std::min(smallest, std::min(r.w, r.h) * options_.mm_per_px);
  return smallest;
}

// ---- words ------------------------------------------------------------------

const std::string& KioskApp::second_lang() const {
  static const std::string zh = "zh", mn = "mn";
  return lang_ == "zh" ? mn : zh;  // Chinese pairs with Mongolian; Mongolian and English with Chinese
}

std::string KioskApp::t(std::string_view key, ui::Translations::Args args) const {
  return tr(lang_).get(key, args);
}

std::string KioskApp::t2(std::string_view key, ui::Translations::Args args) const {
  return tr(second_lang()).get(key, args);
}

const ui::Translations& KioskApp::tr(const std::string& lang) const {
  return tr_[static_cast<std::size_t>(lang_index(lang))];
}

int KioskApp::px(double base) const {
  return theme_->px(base * (large_ ? 1.3 : 1.0));
}

std::string KioskApp::load_text(const protocol::ServiceInfo* s, bool second) const {
  const auto& words = tr(second ? second_lang() : lang_);
  if (s == nullptr) return {};
  if (!s->open) return words.get("kiosk.closed");
  if (s->waiting == 0) return words.get("kiosk.no_wait");
  return words.get("kiosk.load", {{"n", std::to_string(s->waiting)}, {"time", ui::duration_text(words, s->ewt_s)}});
}

std::string KioskApp::status_url(const std::string& number) const {
  return status_link(state_.hall().display.status_url, state_.hall().id, state_.snapshot().day, number);
}

// ---- flow ---------------------------------------------------------------------

void KioskApp::go(Page p) {
  page_ = p;
  page_since_ = now_;
}

void KioskApp::wipe_card() {
  wipe(id_number_);
  wipe(name_raw_);
  // The request being retried holds them too.
  auto wipe_optional = [](std::optional<std::string>& v) {
    if (v) wipe(*v);
  };
  if (auto* take = std::get_if<protocol::TakeRequest>(&pending_)) {
    wipe_optional(take->id_number);
    wipe_optional(take->name);
  } else if (auto* checkin = std::get_if<protocol::CheckinRequest>(&pending_)) {
    wipe_optional(checkin->id_number);
  }
}

void KioskApp::go_home(bool new_citizen) {
  if (card_busy_) devices_->cancel_read();
  wipe_card();
  wipe(name_masked_);
  wipe(id_masked_);
  ticket_.reset();
  qr_ = {};
  printed_ = false;
  print_problem_.reset();
  wipe(entry_);
  message_.clear();
  message2_.clear();
  menu_path_.clear();
  service_.clear();
  card_problem_.clear();
  pending_ = std::monostate{};
  pending_out_ = false;
  if (new_citizen) {
    lang_ = options_.lang;
    large_ = contrast_ = false;
  }
  go(Page::home);
}

void KioskApp::speak(const std::string& clip) {
  if (!announcer_) return;
  if (!announcer_->prompt(lang_, clip)) announcer_->prompt("zh", clip);  // no recording yet: Chinese
}

void KioskApp::show_message(std::string text, std::string second, Page back_to) {
  message_ = std::move(text);
  message2_ = std::move(second);
  message_back_ = back_to;
  go(Page::message);
}

void KioskApp::show_refusal(std::string_view op, const protocol::Failure& failure) {
  std::string code(to_string(failure.code));
  auto words = [&](const ui::Translations& tr) {
    for (std::string key : {"errors." + std::string(op) + "." + code, "errors." + code})
      if (tr.has(key)) return tr.get(key);
    return tr.get("errors.internal");
  };
  show_message(words(tr(lang_)), words(tr(second_lang())), op.rfind("checkin", 0) == 0 ? Page::checkin : Page::service);
}

const std::string& KioskApp::pending_key() const {
  static const std::string none;
  if (auto* take = std::get_if<protocol::TakeRequest>(&pending_)) return *take->request_key;
  if (auto* checkin = std::get_if<protocol::CheckinRequest>(&pending_)) return *checkin->request_key;
  return none;
}

void KioskApp::start_take(const std::string& service) {
  protocol::TakeRequest take;
  take.service = service;
  take.request_key = random_key();
  if (!id_number_.empty()) take.id_number = id_number_;
  if (!name_raw_.empty()) take.name = name_raw_;
  pending_ = std::move(take);
  pending_since_ = now_;
  go(Page::taking);
  send_pending();
}

void KioskApp::start_checkin_code(const std::string& code) {
  protocol::CheckinRequest checkin;
  checkin.code = code;
  checkin.request_key = random_key();
  pending_ = std::move(checkin);
  pending_since_ = now_;
  go(Page::taking);
  send_pending();
}

void KioskApp::send_pending() {
  if (!pending() || pending_out_) return;
  pending_out_ = true;
  auto answered = [this, key = pending_key()](const protocol::Result<protocol::TicketReply>& reply) {
    if (!pending() || pending_key() != key) return;  // abandoned meanwhile
    pending_out_ = false;
    auto code = reply.code();
    if (code == protocol::Errc::offline || code == protocol::Errc::timeout || code == protocol::Errc::busy) {
      // Not answered: the ticket may or may not exist. Ask again with the same key.
      pending_retry_at_ = now_ + kRetryEvery;
      return;
    }
    // A check-in by card is refused in its own words ("no appointment today", not "check the code").
    auto* checkin = std::get_if<protocol::CheckinRequest>(&pending_);
    std::string_view op = !checkin ? "take" : checkin->id_number ? "checkin_card" : "checkin";
    wipe_card();  // the raw ID number and name are no longer needed
    pending_ = std::monostate{};
    if (!reply) {
      show_refusal(op, reply.failure());
      return;
    }
    on_issued(reply->ticket);
  };
  if (auto* take = std::get_if<protocol::TakeRequest>(&pending_))
    client_->request(*take, answered);
  else
    client_->request(std::get<protocol::CheckinRequest>(pending_), answered);
}

void KioskApp::on_issued(const protocol::TicketInfo& ticket) {
  ticket_ = ticket;
  std::string url = status_url(ticket_->number);
  qr_ = url.empty() ? printer::Raster{} : printer::qr_raster(url, 1);
  printed_ = false;
  printed_file_.clear();
  if (!devices_->health().can_print()) {
    print_problem_ = devices_->health().printer;
    go(Page::result);
    speak("kiosk_photo");
    return;
  }
  go(Page::printing);
  print_ticket();
}

void KioskApp::print_ticket() {
  // Laid out here (the Mongolian line needs the UI's fonts), printed on the device thread.
  // The server's time of issue ("2026-11-26T09:00:12+08:00"), not this kiosk's clock.
  const std::string& at = ticket_->issued_at;
  std::string issued = at.size() >= 16 ? at.substr(0, 10) + " " + at.substr(11, 5) : at;
  printer::TicketSlip slip = make_slip(*ticket_, state_.hall(), tr("zh"), *fonts_, devices_->options().profile,
                                       status_url(ticket_->number), issued);
  auto job = printer::layout_ticket(slip, devices_->options().profile);
  std::string number = ticket_->number;
  devices_->print(job, number, [this, number, job](const PrintResult& r) {
    if (!ticket_ || ticket_->number != number) return;  // the citizen is gone
    printed_ = r.printed;
    print_problem_ = r.printed ? std::nullopt : std::optional(r.state);
    if (r.printed && !r.file.empty()) {
      printed_file_ = r.file;
      std::string error;
      printer::write_preview(job, devices_->options().profile.width_dots, printer::preview_path(r.file), *fonts_,
                             &error);
    }
    go(Page::result);
    speak(r.printed ? "kiosk_take_ticket" : "kiosk_photo");
  });
}

void KioskApp::read_card(CardPurpose purpose) {
  card_purpose_ = purpose;
  card_problem_.clear();
  go(Page::card);
  if (devices_->health().reader != protocol::CardReaderState::ok) {
    card_problem_ = "kiosk.reader_absent";
    return;
  }
  card_busy_ = true;
  speak("kiosk_place_card");
  devices_->read_card([this, purpose](CardResult r) {
    card_busy_ = false;
    if (r.cancelled || page_ != Page::card) {
      if (r.card) wipe(*r.card);
      return;
    }
    if (!r.card) {
      card_problem_ = r.error == cardreader::Errc::no_card ? "kiosk.card_none"
                      : r.error == usb::Errc::no_device    ? "kiosk.reader_absent"  // unplugged meanwhile
                                                           : "kiosk.card_failed";
      return;
    }
    cardreader::IdCard& card = *r.card;
    id_number_ = card.number;
    name_raw_ = card.name.empty() ? card.name_en : card.name;
    name_masked_ = domain::mask_name(name_raw_);
    id_masked_ = domain::mask_id_number(id_number_);
    wipe(card);
    if (purpose == CardPurpose::take) {
      start_take(service_);
    } else {
      protocol::CheckinRequest checkin;
      checkin.id_number = id_number_;
      checkin.request_key = random_key();
      pending_ = std::move(checkin);
      pending_since_ = now_;
      go(Page::taking);
      send_pending();
    }
  });
}

void KioskApp::report_health() {
  if (!live()) return;
  const Health& h = devices_->health();
  if (health_known_ && h == reported_ && now_ - health_reported_at_ < kHealthReportEvery) return;
  reported_ = h;
  health_known_ = true;
  health_reported_at_ = now_;
  client_->request(protocol::DeviceStatusRequest{h.printer, h.reader, h.printer_detail},
                   [](const protocol::Result<protocol::Empty>&) {});
}

void KioskApp::void_undelivered() {
  if (undelivered_.empty() || voiding_ || !live()) return;
  voiding_ = true;
  std::string key = undelivered_.front();
  protocol::CancelRequest cancel;
  cancel.request_key = key;
  client_->request(cancel, [this, key](const protocol::Result<protocol::TicketReply>& reply) {
    voiding_ = false;
    auto code = reply.code();
    // Voided, never issued, or already called (someone holds it after all): done with it.
    if (!code || code == protocol::Errc::not_found || code == protocol::Errc::invalid_state)
      undelivered_.erase(std::remove(undelivered_.begin(), undelivered_.end(), key), undelivered_.end());
  });
}

// ---- frame ----------------------------------------------------------------------

void KioskApp::frame(ui::Ui& ui, const ui::Input& input) {
  now_ = ui.now();
  fonts_ = &ui.fonts();
  if (!base_theme_known_) {
    base_theme_ = ui.theme();
    base_theme_known_ = true;
  }
  ui.set_colours(contrast_ ? ui::Theme::high_contrast() : base_theme_);
  theme_ = &ui.theme();
  if (announcer_) announcer_->pump();
  if (input.pressed || !input.keys.empty() || !input.text.empty()) last_touch_ = now_;
  if (now_ - health_reported_at_ >= kHealthReportEvery) report_health();
  void_undelivered();

  // The pending request: asked again while the server is away, within patience.
  if (pending() && !pending_out_) {
    if (now_ - pending_since_ > options_.take_patience_s) {
      if (std::holds_alternative<protocol::TakeRequest>(pending_)) undelivered_.push_back(pending_key());
      go_home();  // nothing was issued that we know of; the offline screen says where to go
      show_message(t("kiosk.unreachable"), t2("kiosk.unreachable"), Page::home);
    } else if (now_ >= pending_retry_at_ && client_->state() == net::HallClient::State::online) {
      send_pending();
    }
  }

  // Timeouts: an abandoned screen goes home and forgets the citizen.
  bool waiting_on_us = page_ == Page::taking || page_ == Page::printing;
  if (page_ == Page::result) {
    double keep = printed_ ? options_.result_s : options_.result_unprinted_s;
    if (now_ - std::max(page_since_, last_touch_) > keep) go_home();
  } else if (page_ != Page::home && !waiting_on_us && now_ - last_touch_ > options_.idle_s) {
    go_home();
  } else if (page_ == Page::home && (large_ || contrast_ || lang_ != options_.lang) &&
             now_ - last_touch_ > options_.idle_s) {
    go_home();
  }

  bool online = live();
  if (!online && page_ != Page::result && page_ != Page::taking && page_ != Page::printing) {
    draw_offline(ui);
    return;
  }
  const auto& th = *theme_;
  ui.clear(th.background);
  int W = ui.width(), H = ui.height();
  int header_h = header_height(ui);
  draw_header(ui, {0, 0, W, header_h});
  ui::Rect body{th.px(24), header_h + th.px(16), W - th.px(48), H - header_h - th.px(32)};
  switch (page_) {
    case Page::home:
      draw_home(ui, body);
      break;
    case Page::menu:
      draw_menu(ui, body);
      break;
    case Page::service:
      draw_service(ui, body, input);
      break;
    case Page::card:
      draw_card(ui, body);
      break;
    case Page::taking:
      draw_busy(ui, body, online ? t("kiosk.taking") : t("kiosk.reconnecting"));
      break;
    case Page::printing:
      draw_busy(ui, body, t("kiosk.printing"));
      break;
    case Page::result:
      draw_result(ui, body);
      break;
    case Page::checkin:
      draw_checkin(ui, body, input);
      break;
    case Page::message:
      draw_message(ui, body);
      break;
  }
}

void KioskApp::draw_offline(ui::Ui& ui) {
  ui::draw_connection_lost(ui, t("kiosk.offline_title"), t2("kiosk.offline_title"), t("kiosk.offline_hint"),
                           t("common.reconnecting"));
}

int KioskApp::header_height(const ui::Ui& ui) const {
  const auto& th = *theme_;
  bool portrait = ui.width() < ui.height();
  return portrait ? th.px(250) : std::max(th.px(150), ui.height() / 9);
}

void KioskApp::draw_header(ui::Ui& ui, ui::Rect r) {
  const auto& th = *theme_;
  ui.fill(r, th.panel);
  ui.fill({r.x, r.y + r.h - th.px(4), r.w, th.px(4)}, th.accent);
  // The language switch, each language named in itself: a row of its own on
  // a portrait screen (the hall's name needs the width), else at the right.
  bool portrait = ui.width() < ui.height();
  int gap = th.px(12), margin = th.px(20);
  int bh = portrait ? th.px(96) : std::min(r.h - th.px(40), th.px(96));
  int bw = portrait ? (r.w - 2 * margin - 2 * gap) / 3 : th.px(170);
  int x = portrait ? r.x + margin : r.x + r.w - margin - 3 * bw - 2 * gap;
  int by = portrait ? r.y + r.h - bh - th.px(16) : r.y + (r.h - bh) / 2;
  for (const char* l : kLangs) {
    bool current = lang_ == l;
    ui::Rect b{x, by, bw, bh};
    if (ui.button(std::string("lang.") + l, b, tr(l).get("kiosk.language_name"), {}, true,
                  current ? std::optional<std::uint32_t>(th.accent) : std::nullopt) &&
        !current)
      lang_ = l;
    if (current) ui.outline(b, th.text, th.px(4));
    x += bw + gap;
  }
  int text_w = portrait ? r.w - 2 * margin : r.w - 3 * bw - 2 * gap - 3 * margin;
  int text_h = portrait ? by - r.y : r.h;
  const auto& names = state_.hall().names;
  ui.text({r.x + margin, r.y + th.px(6), text_w, text_h * 55 / 100}, name(names),
          {px(48), true, th.text, ui::HAlign::left, ui::VAlign::middle});
  ui.text({r.x + margin, r.y + text_h * 55 / 100, text_w, text_h * 42 / 100}, name2(names),
          {px(32), false, th.dim, ui::HAlign::left, ui::VAlign::middle});
}

bool KioskApp::tile(ui::Ui& ui, const std::string& id, ui::Rect r, const std::string& line1, const std::string& line2,
                    const std::string& line3, bool enabled) {
  const auto& th = *theme_;
  bool tapped = ui.button(id, r, "", {}, enabled);
  std::uint32_t fg = enabled ? th.button_text : th.dim;
  int pad = th.px(14);
  ui::Rect in = r.inset(pad);
  ui.text({in.x, in.y, in.w, in.h * 45 / 100}, line1, {px(46), true, fg, ui::HAlign::center, ui::VAlign::middle});
  ui.text({in.x, in.y + in.h * 45 / 100, in.w, in.h * 27 / 100}, line2,
          {px(32), false, fg, ui::HAlign::center, ui::VAlign::middle});
  if (!line3.empty())
    ui.text({in.x, in.y + in.h * 72 / 100, in.w, in.h * 28 / 100}, line3,
            {px(28), true, enabled ? th.accent : th.dim, ui::HAlign::center, ui::VAlign::middle});
  return tapped;
}

ui::Rect KioskApp::nav(ui::Ui& ui, ui::Rect body, bool back) {
  const auto& th = *theme_;
  int h = th.px(120), gap = th.px(20);
  ui::Rect bar{body.x, body.y + body.h - h, body.w, h};
  int w = (bar.w - gap) / 2;
  if (back && ui.button("back", {bar.x, bar.y, w, h}, t("kiosk.back"), t2("kiosk.back"))) {
    last_touch_ = now_;
    if (page_ == Page::menu && !menu_path_.empty()) {
      menu_path_.pop_back();
      if (menu_path_.empty()) go(Page::home);
    } else if (page_ == Page::service) {
      go(menu_path_.empty() ? Page::home : Page::menu);
    } else if (page_ == Page::card) {
      devices_->cancel_read();
      go(card_purpose_ == CardPurpose::take ? Page::service : Page::checkin);
    } else {
      go(Page::home);
    }
  }
  if (ui.button("home", {back ? bar.x + w + gap : bar.x, bar.y, back ? w : bar.w, h}, t("kiosk.home"),
                t2("kiosk.home")))
    go_home(false);
  return {body.x, body.y, body.w, body.h - h - gap};
}

// The entries at a level of the menu: sub-categories that hold services, then
// the services filed exactly here.
struct Entry {
  bool category = false;
  std::string id;  // category id or service code
};

static std::vector<Entry> entries_at(const protocol::HallInfo& hall, const std::vector<std::string>& path) {
  std::vector<Entry> out;
  auto under = [&](const protocol::HallService& s) {
    return s.category.size() >= path.size() && std::equal(path.begin(), path.end(), s.category.begin());
  };
  for (const auto& c : hall.categories) {
    for (const auto& s : hall.services)
      if (under(s) && s.category.size() > path.size() && s.category[path.size()] == c.id) {
        out.push_back({true, c.id});
        break;
      }
  }
  for (const auto& s : hall.services)
    if (under(s) && s.category.size() == path.size()) out.push_back({false, s.code});
  return out;
}

void KioskApp::draw_entries(ui::Ui& ui, ui::Rect r, const std::vector<std::string>& path) {
  const auto& th = *theme_;
  const auto& hall = state_.hall();
  auto entries = entries_at(hall, path);
  if (entries.empty()) return;
  int columns = ui.width() > ui.height() ? 3 : 2;
  if (large_) columns = std::max(1, columns - 1);
  int rows = (static_cast<int>(entries.size()) + columns - 1) / columns;
  int gap = th.px(20);
  int tw = (r.w - gap * (columns - 1)) / columns;
  int th_ = std::min(th.px(large_ ? 300 : 240), (r.h - gap * (rows - 1)) / std::max(1, rows));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    int c = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
    ui::Rect cell{r.x + c * (tw + gap), r.y + row * (th_ + gap), tw, th_};
    const Entry& e = entries[i];
    if (e.category) {
      const protocol::HallCategory* cat = nullptr;
      for (const auto& k : hall.categories)
        if (k.id == e.id) cat = &k;
      int waiting = 0;
      for (const auto& s : hall.services)
        if (std::find(s.category.begin(), s.category.end(), e.id) != s.category.end())
          if (const auto* load = state_.service(s.code)) waiting += load->waiting;
      std::string line3 = waiting > 0 ? t("kiosk.waiting", {{"n", std::to_string(waiting)}}) : t("kiosk.no_wait");
      if (tile(ui, "cat." + e.id, cell, name(cat->names), name2(cat->names), line3)) {
        last_touch_ = now_;
        std::vector<std::string> next = path;
        next.push_back(e.id);
        // A level with a single service is a tap nobody needs.
        auto inner = entries_at(hall, next);
        if (inner.size() == 1 && !inner[0].category) {
          menu_path_ = next;
          service_ = inner[0].id;
          go(Page::service);
        } else {
          menu_path_ = next;
          go(Page::menu);
        }
      }
    } else {
      const auto* s = hall.service(e.id);
      const auto* load = state_.service(e.id);
      if (tile(ui, "service." + e.id, cell, name(s->names), name2(s->names), load_text(load, false))) {
        last_touch_ = now_;
        menu_path_ = path;
        service_ = e.id;
        go(Page::service);
      }
    }
  }
}

void KioskApp::draw_home(ui::Ui& ui, ui::Rect body) {
  const auto& th = *theme_;
  int title_h = th.px(110);
  ui.text({body.x, body.y, body.w, title_h * 6 / 10}, t("kiosk.choose"),
          {px(48), true, th.accent, ui::HAlign::center, ui::VAlign::middle});
  ui.text({body.x, body.y + title_h * 6 / 10, body.w, title_h * 4 / 10}, t2("kiosk.choose"),
          {px(30), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  // Along the bottom: check-in, then large text and high contrast.
  int gap = th.px(20), big = th.px(140), small = th.px(100);
  int bottom = body.y + body.h;
  ui::Rect access{body.x, bottom - small, body.w, small};
  ui::Rect checkin{body.x, access.y - gap - big, body.w, big};
  int w = (access.w - gap) / 2;
  if (ui.button("large_text", {access.x, access.y, w, small}, t(large_ ? "kiosk.large_text_off" : "kiosk.large_text"),
                t2(large_ ? "kiosk.large_text_off" : "kiosk.large_text")))
    large_ = !large_;
  if (ui.button("high_contrast", {access.x + w + gap, access.y, w, small},
                t(contrast_ ? "kiosk.high_contrast_off" : "kiosk.high_contrast"),
                t2(contrast_ ? "kiosk.high_contrast_off" : "kiosk.high_contrast")))
    contrast_ = !contrast_;
  if (ui.button("checkin", checkin, t("kiosk.checkin"), t2("kiosk.checkin"))) {
    entry_.clear();
    go(Page::checkin);
  }
  int top = body.y + title_h + gap;
  int end = checkin.y - gap;
  if (!devices_->health().can_print()) {  // before anyone takes a ticket
    int bh = th.px(90);
    ui.fill({body.x, end - bh, body.w, bh}, th.warn);
    ui.text({body.x, end - bh, body.w, bh * 55 / 100}, t("kiosk.printer_down"),
            {px(30), true, th.on_accent, ui::HAlign::center, ui::VAlign::middle});
    ui.text({body.x, end - bh + bh * 55 / 100, body.w, bh * 45 / 100}, t2("kiosk.printer_down"),
            {px(22), false, th.on_accent, ui::HAlign::center, ui::VAlign::middle});
    end -= bh + gap;
  }
  draw_entries(ui, {body.x, top, body.w, end - top}, {});
}

void KioskApp::draw_menu(ui::Ui& ui, ui::Rect body) {
  const auto& th = *theme_;
  ui::Rect r = nav(ui, body, true);
  const protocol::HallCategory* cat = nullptr;
  for (const auto& k : state_.hall().categories)
    if (!menu_path_.empty() && k.id == menu_path_.back()) cat = &k;
  int title_h = th.px(110);
  if (cat) {
    ui.text({r.x, r.y, r.w, title_h * 6 / 10}, name(cat->names),
            {px(48), true, th.accent, ui::HAlign::center, ui::VAlign::middle});
    ui.text({r.x, r.y + title_h * 6 / 10, r.w, title_h * 4 / 10}, name2(cat->names),
            {px(30), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  }
  draw_entries(ui, {r.x, r.y + title_h + th.px(20), r.w, r.h - title_h - th.px(20)}, menu_path_);
}

void KioskApp::draw_service(ui::Ui& ui, ui::Rect body, const ui::Input& input) {
  const auto& th = *theme_;
  const auto* s = state_.hall().service(service_);
  if (s == nullptr) {
    go(Page::home);
    return;
  }
  const auto* load = state_.service(service_);
  ui::Rect r = nav(ui, body, true);
  int y = r.y;
  ui.text({r.x, y, r.w, px(80)}, name(s->names), {px(60), true, th.text, ui::HAlign::center, ui::VAlign::middle});
  y += px(80);
  ui.text({r.x, y, r.w, px(50)}, name2(s->names), {px(34), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  y += px(60);
  ui.text({r.x, y, r.w, px(56)}, load_text(load, false),
          {px(40), true, load && !load->open ? th.alarm : th.accent, ui::HAlign::center, ui::VAlign::middle});
  y += px(56);
  ui.text({r.x, y, r.w, px(40)}, load_text(load, true),
          {px(26), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  y += px(60);

  // The actions, from the bottom up.
  bool open = !load || load->open;
  bool reader = devices_->health().reader == protocol::CardReaderState::ok;
  int bh = th.px(150), gap = th.px(20);
  int actions_y = r.y + r.h - bh;
  if (s->real_name) {
    if (ui.button("take_card", {r.x, actions_y, r.w, bh}, t("kiosk.take_with_card"), t2("kiosk.take_with_card"),
                  open && reader, th.go))
      read_card(CardPurpose::take);
  } else {
    int w2 = (r.w - gap) * 2 / 5, w1 = r.w - gap - w2;
    // Enter takes a ticket too: kiosks with a hardware keypad for people who cannot use the screen.
    if ((ui.button("take", {r.x, actions_y, w1, bh}, t("kiosk.take"), t2("kiosk.take"), open, th.go) ||
         (open && (input.key(SDLK_RETURN) || input.key(SDLK_KP_ENTER)))))
      start_take(service_);
    if (ui.button("take_card", {r.x + w1 + gap, actions_y, w2, bh}, t("kiosk.take_with_card_optional"),
                  t2("kiosk.take_with_card_optional"), open && reader))
      read_card(CardPurpose::take);
  }
  int notes_bottom = actions_y - gap;
  auto note = [&](const std::string& key, std::uint32_t bg) {
    int nh = px(86);
    notes_bottom -= nh;
    ui.fill({r.x, notes_bottom, r.w, nh}, bg);
    ui.text({r.x + th.px(16), notes_bottom, r.w - th.px(32), nh * 55 / 100}, t(key),
            {px(28), true, th.on_accent, ui::HAlign::center, ui::VAlign::middle});
    ui.text({r.x + th.px(16), notes_bottom + nh * 55 / 100, r.w - th.px(32), nh * 45 / 100}, t2(key),
            {px(20), false, th.on_accent, ui::HAlign::center, ui::VAlign::middle});
    notes_bottom -= gap;
  };
  if (s->real_name && !reader)
    note("kiosk.reader_absent", th.warn);
  else if (s->real_name)
    note("kiosk.real_name", th.accent);
  if (!devices_->health().can_print()) note("kiosk.printer_down", th.warn);

  // The one-time notice of what to bring.
  ui.fill({r.x, y, r.w, notes_bottom - y}, th.panel);
  int pad = th.px(20);
  int line = px(46);
  int ly = y + pad;
  ui.text({r.x + pad, ly, r.w - 2 * pad, line}, t("kiosk.materials"),
          {px(34), true, th.accent, ui::HAlign::left, ui::VAlign::middle});
  ly += line + th.px(8);
  if (s->materials.empty()) {
    ui.text({r.x + pad, ly, r.w - 2 * pad, line}, t("kiosk.no_materials"),
            {px(30), false, th.text, ui::HAlign::left, ui::VAlign::middle});
  }
  int n = 1;
  for (const auto& m : s->materials) {
    if (ly + line + px(30) > notes_bottom - pad) break;
    ui.text({r.x + pad, ly, r.w - 2 * pad, line}, std::to_string(n++) + ". " + name(m),
            {px(30), false, th.text, ui::HAlign::left, ui::VAlign::middle});
    ly += line;
    ui.text({r.x + pad + th.px(40), ly, r.w - 2 * pad - th.px(40), px(30)}, name2(m),
            {px(20), false, th.dim, ui::HAlign::left, ui::VAlign::middle});
    ly += px(30) + th.px(6);
  }
}

void KioskApp::draw_card(ui::Ui& ui, ui::Rect body) {
  const auto& th = *theme_;
  ui::Rect r = nav(ui, body, true);
  if (!card_problem_.empty()) {
    ui.text({r.x, r.y + r.h / 5, r.w, px(90)}, t(card_problem_),
            {px(44), true, th.alarm, ui::HAlign::center, ui::VAlign::middle});
    ui.text({r.x, r.y + r.h / 5 + px(100), r.w, px(60)}, t2(card_problem_),
            {px(28), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
    if (card_problem_ != "kiosk.reader_absent" &&
        ui.button("retry", {r.x + r.w / 4, r.y + r.h / 2, r.w / 2, th.px(150)}, t("kiosk.retry"), t2("kiosk.retry"),
                  true, th.go))
      read_card(card_purpose_);
    return;
  }
  ui.text({r.x, r.y + th.px(40), r.w, px(90)}, t("kiosk.place_card"),
          {px(52), true, th.text, ui::HAlign::center, ui::VAlign::middle});
  ui.text({r.x, r.y + th.px(40) + px(100), r.w, px(60)}, t2("kiosk.place_card"),
          {px(30), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  // A card sliding down onto the reader.
  int cw = std::min(r.w * 6 / 10, th.px(540)), ch = cw * 54 / 86;
  int reader_y = r.y + r.h * 65 / 100;
  double phase = std::fmod(now_, 2.0) / 2.0;
  int cy = reader_y - ch - th.px(20) - static_cast<int>((1.0 - phase) * th.px(160));
  ui.fill({r.cx() - cw / 2 - th.px(30), reader_y, cw + th.px(60), th.px(50)}, th.line);
  ui.fill({r.cx() - cw / 2, cy, cw, ch}, th.accent);
  ui.outline({r.cx() - cw / 2, cy, cw, ch}, th.text, th.px(3));
  ui.text({r.cx() - cw / 2, cy, cw, ch}, t("kiosk.id_card"),
          {px(40), true, th.on_accent, ui::HAlign::center, ui::VAlign::middle});
}

void KioskApp::draw_busy(ui::Ui& ui, ui::Rect body, const std::string& text) {
  const auto& th = *theme_;
  int dots = static_cast<int>(now_ * 2) % 4;
  ui.text({body.x, body.y + body.h / 3, body.w, px(90)}, text + std::string(static_cast<std::size_t>(dots), '.'),
          {px(52), true, th.text, ui::HAlign::center, ui::VAlign::middle});
  if (!name_masked_.empty())
    ui.text({body.x, body.y + body.h / 3 + px(110), body.w, px(60)}, t("kiosk.citizen", {{"name", name_masked_}}),
            {px(36), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
}

void KioskApp::draw_qr(ui::Ui& ui, ui::Rect r, const printer::Raster& qr) {
  if (qr.empty()) return;
  int m = std::max(1, std::min(r.w, r.h) / qr.width);
  int size = m * qr.width;
  int x0 = r.x + (r.w - size) / 2, y0 = r.y + (r.h - size) / 2;
  ui.fill({x0, y0, size, size}, 0xFFFFFFFF);
  for (int y = 0; y < qr.height; ++y)
    for (int x = 0; x < qr.width;) {
      if (!qr.black(x, y)) {
        ++x;
        continue;
      }
      int run = x;
      while (run < qr.width && qr.black(run, y)) ++run;
      ui.fill({x0 + x * m, y0 + y * m, (run - x) * m, m}, 0xFF000000);
      x = run;
    }
}

void KioskApp::draw_result(ui::Ui& ui, ui::Rect body) {
  const auto& th = *theme_;
  if (!ticket_) {
    go_home();
    return;
  }
  const auto& tk = *ticket_;
  int gap = th.px(20), bh = th.px(140);
  double keep = printed_ ? options_.result_s : options_.result_unprinted_s;
  int left = static_cast<int>(std::ceil(keep - (now_ - std::max(page_since_, last_touch_))));
  if (ui.button("done", {body.x, body.y + body.h - bh, body.w, bh},
                t("kiosk.done", {{"s", std::to_string(std::max(0, left))}}),
                t2("kiosk.done", {{"s", std::to_string(std::max(0, left))}}), true, th.go)) {
    go_home();
    return;
  }
  int y = body.y;
  // What to do with it: take the slip, or photograph the screen.
  int sh = px(110);
  std::string key = printed_ ? "kiosk.take_slip" : "kiosk.not_printed";
  ui.fill({body.x, y, body.w, sh}, printed_ ? th.good : th.alarm);
  ui.text({body.x + gap, y, body.w - 2 * gap, sh * 58 / 100}, t(key),
          {px(36), true, th.on_accent, ui::HAlign::center, ui::VAlign::middle});
  ui.text({body.x + gap, y + sh * 58 / 100, body.w - 2 * gap, sh * 42 / 100}, t2(key),
          {px(24), false, th.on_accent, ui::HAlign::center, ui::VAlign::middle});
  y += sh + gap;
  // Portrait: the details, then the QR code below. Landscape: details on the
  // left, the QR code on the right.
  bool landscape = ui.width() > ui.height();
  int qr_bottom = body.y + body.h - bh - gap;
  ui::Rect col{body.x, y, landscape ? body.w * 6 / 10 : body.w, qr_bottom - y};
  ui.text({col.x, y, col.w, px(60)}, t("kiosk.your_number"),
          {px(44), false, th.text, ui::HAlign::center, ui::VAlign::middle});
  y += px(60);
  int nh = std::min(th.px(300), body.h / (landscape ? 4 : 5));
  ui.text({col.x, y, col.w, nh}, tk.number, {nh * 85 / 100, true, th.accent, ui::HAlign::center, ui::VAlign::middle});
  y += nh;
  const auto* s = state_.hall().service(tk.service);
  if (s) {
    ui.text({col.x, y, col.w, px(64)}, name(s->names), {px(46), true, th.text, ui::HAlign::center, ui::VAlign::middle});
    y += px(64);
    ui.text({col.x, y, col.w, px(44)}, name2(s->names),
            {px(28), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
    y += px(50);
  }
  if (tk.name_masked) {
    ui.text({col.x, y, col.w, px(50)},
            t("kiosk.citizen", {{"name", *tk.name_masked}}) + (tk.id_masked ? "  " + *tk.id_masked : std::string()),
            {px(32), false, th.text, ui::HAlign::center, ui::VAlign::middle});
    y += px(54);
  }
  if (const auto* pr = state_.hall().priority(tk.priority)) {  // e.g. seniors, by the ID card's birth date
    ui.text({col.x, y, col.w, px(50)}, t("kiosk.priority", {{"class", name(pr->names)}}),
            {px(34), true, th.good, ui::HAlign::center, ui::VAlign::middle});
    y += px(54);
  }
  std::string ahead = tk.ahead == 0 ? t("kiosk.ahead_none") : t("kiosk.ahead", {{"n", std::to_string(tk.ahead)}});
  std::string ahead2 = tk.ahead == 0 ? t2("kiosk.ahead_none") : t2("kiosk.ahead", {{"n", std::to_string(tk.ahead)}});
  ui.text({col.x, y, col.w, px(60)}, ahead, {px(44), true, th.text, ui::HAlign::center, ui::VAlign::middle});
  y += px(60);
  ui.text({col.x, y, col.w, px(40)}, ahead2, {px(26), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  y += px(46);
  if (tk.ewt_s > 0) {
    ui.text({col.x, y, col.w, px(56)}, t("kiosk.ewt", {{"time", ui::duration_text(tr(lang_), tk.ewt_s)}}),
            {px(38), false, th.text, ui::HAlign::center, ui::VAlign::middle});
    y += px(60);
  }
  // The QR code, with its caption.
  ui::Rect qa = landscape ? ui::Rect{body.x + col.w + gap, col.y, body.w - col.w - gap, col.h}
                          : ui::Rect{body.x, y, body.w, qr_bottom - y};
  int cap = px(44);
  int qs = std::min(qa.h - cap - gap, landscape ? qa.w - 2 * gap : body.w / 2);
  if (!qr_.empty() && qs > 60) {
    draw_qr(ui, {qa.x, qa.y + gap / 2, qa.w, qs}, qr_);
    // Beside the code, the service's name in traditional Mongolian as it is
    // written: in columns, top to bottom.
    int side = (qa.w - qs) / 2 - 2 * gap;
    if (s && !s->names.mn.empty() && side > th.px(80))
      ui.vertical({qa.x + gap, qa.y + gap / 2, side, qs}, s->names.mn,
                  {px(34), false, th.text, ui::HAlign::center, ui::VAlign::top});
    ui.text({qa.x, qa.y + gap / 2 + qs, qa.w, cap}, t("kiosk.scan"),
            {px(28), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  }
}

void KioskApp::draw_checkin(ui::Ui& ui, ui::Rect body, const ui::Input& input) {
  const auto& th = *theme_;
  ui::Rect r = nav(ui, body, false);
  // Portrait: prompt, entry, keypad and actions stacked. Landscape: the keypad
  // takes the right 60%, so its keys stay finger-sized.
  bool landscape = ui.width() > ui.height();
  int gap = th.px(20), bh = th.px(130);
  ui::Rect left = landscape ? ui::Rect{r.x, r.y, r.w * 4 / 10 - gap, r.h} : r;
  int y = left.y;
  ui.text({left.x, y, left.w, px(70)}, t("kiosk.checkin_prompt"),
          {px(46), true, th.text, ui::HAlign::center, ui::VAlign::middle});
  y += px(70);
  ui.text({left.x, y, left.w, px(44)}, t2("kiosk.checkin_prompt"),
          {px(28), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  y += px(56);
  ui::Rect box{left.x + left.w / 8, y, left.w * 3 / 4, th.px(110)};
  ui.fill(box, th.panel_alt);
  ui.outline(box, th.accent, th.px(3));
  ui.text(box, entry_.empty() ? std::string(" ") : entry_,
          {th.px(64), true, th.accent, ui::HAlign::center, ui::VAlign::middle});
  y += box.h + th.px(24);

  bool submit = false;
  auto add = [&](const std::string& s) {
    for (char c : s) {
      bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
      if (ok && entry_.size() < 24) entry_.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
    }
  };
  add(input.text);
  if (input.key(SDLK_BACKSPACE) && !entry_.empty()) entry_.pop_back();
  if (input.key(SDLK_RETURN) || input.key(SDLK_KP_ENTER)) submit = true;

  int card_y = left.y + left.h - bh;
  if (ui.button("checkin_card", {left.x, card_y, left.w, bh}, t("kiosk.checkin_card"), t2("kiosk.checkin_card"),
                devices_->health().reader == protocol::CardReaderState::ok))
    read_card(CardPurpose::checkin);
  int act_y = card_y - gap - bh;
  int w = (left.w - gap) / 2;
  if (ui.button("checkin.clear", {left.x, act_y, w, bh}, t("kiosk.clear"), t2("kiosk.clear"))) entry_.clear();
  if (ui.button("checkin.ok", {left.x + w + gap, act_y, w, bh}, t("kiosk.checkin_ok"), t2("kiosk.checkin_ok"),
                !entry_.empty(), th.go))
    submit = true;
  static const std::vector<std::string> keys = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "A", "B",
                                                "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P",
                                                "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "-", "⌫"};
  ui::Rect pad =
      landscape ? ui::Rect{r.x + r.w * 4 / 10, r.y, r.w - r.w * 4 / 10, r.h} : ui::Rect{r.x, y, r.w, act_y - gap - y};
  if (auto k = ui.keypad("key", pad, keys, landscape ? 9 : 6)) {
    if (*k == "⌫") {
      if (!entry_.empty()) entry_.pop_back();
    } else {
      add(*k);
    }
  }
  if (submit && !entry_.empty()) start_checkin_code(entry_);
}

void KioskApp::draw_message(ui::Ui& ui, ui::Rect body) {
  const auto& th = *theme_;
  ui.fill({body.x, body.y + body.h / 6, body.w, th.px(8)}, th.alarm);
  ui.text({body.x + th.px(20), body.y + body.h / 6 + th.px(40), body.w - th.px(40), px(120)}, message_,
          {px(48), true, th.text, ui::HAlign::center, ui::VAlign::middle});
  ui.text({body.x + th.px(20), body.y + body.h / 6 + th.px(40) + px(130), body.w - th.px(40), px(70)}, message2_,
          {px(30), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  int bh = th.px(140);
  if (ui.button("ok", {body.x + body.w / 6, body.y + body.h * 3 / 5, body.w * 2 / 3, bh}, t("kiosk.ok"), t2("kiosk.ok"),
                true, th.go)) {
    if (message_back_ == Page::home)
      go_home();
    else
      go(message_back_);
  }
}

}  // namespace hallq::kiosk
