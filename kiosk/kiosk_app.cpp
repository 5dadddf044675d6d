#include "kiosk/kiosk_app.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "core/domain/id_number.hpp"
#include "core/domain/ticket.hpp"
#include "core/protocol/help.hpp"
#include "core/ui/error_text.hpp"
#include "core/ui/terminal.hpp"
#include "drivers/printer/preview.hpp"
#include "drivers/usb/errors.hpp"
#include "kiosk/cases.hpp"
#include "kiosk/slip.hpp"

namespace hallq::kiosk {

namespace {
constexpr double kRetryEvery = 1.0;        // s between attempts while the server is away
constexpr double kHealthReportEvery = 60;  // s: device health is re-sent at least this often
}  // namespace

// The Issuer's requests go to the hall's server.
class KioskApp::ClientTickets final : public TicketService {
 public:
  explicit ClientTickets(KioskApp& app) : app_(app) {}
  bool online() const override { return app_.live(); }
  void take(const protocol::TakeRequest& r, Done done) override { app_.client_->request(r, std::move(done)); }
  void checkin(const protocol::CheckinRequest& r, Done done) override { app_.client_->request(r, std::move(done)); }
  void cancel(const protocol::CancelRequest& r, Done done) override { app_.client_->request(r, std::move(done)); }

 private:
  KioskApp& app_;
};

KioskApp::KioskApp(boost::asio::io_context& ctx, Options options)
    : options_(std::move(options)), words_(options_.assets + "/i18n", options_.lang) {
  // Alarms too: a guide taking this kiosk's call clears its help_requested alarm.
  options_.client.topics = {protocol::Topic::queues, protocol::Topic::alarms};
  client_ = std::make_unique<net::HallClient>(ctx, options_.client);
  client_->on_sync = [this](const protocol::HelloReply& hello, const protocol::HallInfo& hall,
                            const protocol::Snapshot& snap) {
    state_.reset(hall, snap);
    synced_ = true;
    training_ = hello.training;
    health_known_ = false;  // the server forgets a device that went away: tell it again
    report_health();
    if (guide_ == GuideCall::waiting) check_guide_call();  // taken while we were away?
  };
  client_->on_event = [this](const protocol::Event& e) {
    state_.apply(e);
    if (const auto* a = std::get_if<protocol::AlarmEvent>(&e))
      if (a->alarm.kind == protocol::AlarmKind::help_requested && a->alarm.key == options_.client.device &&
          !a->alarm.active && guide_ == GuideCall::waiting)
        guide_ = GuideCall::none;  // a guide took the call: the button is for calling again
  };
  tickets_ = std::make_unique<ClientTickets>(*this);
  issuer_ = std::make_unique<Issuer>(
      *tickets_, [this] { return now_; }, IssuerOptions{options_.take_patience_s, kRetryEvery});
  issuer_->on_issued = [this](const protocol::TicketInfo& t) { on_issued(t); };
  issuer_->on_refused = [this](std::string_view op, const protocol::Failure& f) { show_refusal(op, f); };
  issuer_->on_gave_up = [this] {
    go_home();  // nothing was issued that we know of; the consultation desk can help
    show_message(words_.t("kiosk.unreachable"), words_.t2("kiosk.unreachable"), Page::home);
  };
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

KioskApp::~KioskApp() = default;  // the Issuer wipes what it holds

ui::TrainingMark KioskApp::training_mark() const {
  if (!training_) return {};
  return {words_.t("common.training"), words_.t2("common.training"), false};  // in the header (kiosk/pages.cpp)
}

bool KioskApp::live() const {
  return synced_ && client_->state() == net::HallClient::State::online;
}

std::string KioskApp::personal_data() const {
  std::string all = issuer_->personal_data() + held_id_ + visit_.name_masked + visit_.id_masked;
  for (const auto& c : visit_.cases) all += c.name_masked.value_or("") + c.id_masked.value_or("");
  if (visit_.case_) all += visit_.case_->name_masked.value_or("") + visit_.case_->id_masked.value_or("");
  if (visit_.ticket) all += visit_.ticket->name_masked.value_or("") + visit_.ticket->id_masked.value_or("");
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

std::string KioskApp::status_url(const protocol::TicketInfo& ticket) const {
  return protocol::status_link(state_.hall(), ticket.token.value_or(""));
}

// ---- flow ---------------------------------------------------------------------

void KioskApp::go(Page p) {
  page_ = p;
  page_since_ = now_;
}

void KioskApp::go_home(bool new_citizen) {
  if (card_busy_) devices_->cancel_read();
  issuer_->forget();
  wipe(held_id_);
  held_id_.clear();
  ++lookup_seq_;  // a look-up still out is for nobody now
  visit_.forget();
  if (new_citizen) {
    words_.set_lang(options_.lang);
    large_ = contrast_ = false;
  }
  go(Page::home);
}

void KioskApp::back() {
  if (page_ == Page::menu && !visit_.menu_path.empty()) {
    visit_.menu_path.pop_back();
    if (visit_.menu_path.empty()) go(Page::home);
  } else if (page_ == Page::service) {
    go(visit_.menu_path.empty() ? Page::home : Page::menu);
  } else if (page_ == Page::card) {
    devices_->cancel_read();
    go(visit_.card_purpose == CardPurpose::take      ? Page::service
       : visit_.card_purpose == CardPurpose::checkin ? Page::checkin
                                                     : Page::home);
  } else if (page_ == Page::case_status) {
    go(Page::case_query);
  } else {
    go(Page::home);
  }
}

void KioskApp::apply(const Tap& tap) {
  using What = Tap::What;
  switch (tap.what) {
    case What::nothing:
      break;
    case What::language:
      words_.set_lang(tap.id);
      break;
    case What::large_text:
      large_ = !large_;
      break;
    case What::high_contrast:
      contrast_ = !contrast_;
      break;
    case What::checkin:
      visit_.entry.clear();
      go(Page::checkin);
      break;
    case What::category: {
      last_touch_ = now_;
      MenuStep step = open_category(state_.hall(), tap.path, tap.id);
      visit_.menu_path = step.path;
      if (step.service) {
        visit_.service = *step.service;
        visit_.materials_page = 0;
        go(Page::service);
      } else {
        go(Page::menu);
      }
      break;
    }
    case What::service:
      last_touch_ = now_;
      visit_.menu_path = tap.path;
      visit_.service = tap.id;
      visit_.materials_page = 0;
      go(Page::service);
      break;
    case What::more_materials:
      last_touch_ = now_;
      ++visit_.materials_page;  // past the last page: the first again
      break;
    case What::back:
      last_touch_ = now_;
      back();
      break;
    case What::home:  // the citizen is done here: the next one starts in the hall's language and look
      go_home();
      break;
    case What::take:
      start_take();
      break;
    case What::take_with_card:
      read_card(CardPurpose::take);
      break;
    case What::card_again:
      read_card(visit_.card_purpose);
      break;
    case What::checkin_card:
      read_card(CardPurpose::checkin);
      break;
    case What::collect:
      read_card(CardPurpose::collect);
      break;
    case What::case_query:
      visit_.entry.clear();
      go(Page::case_query);
      break;
    case What::case_status:
      lookup_status(tap.id);
      break;
    case What::take_pickup:
      start_pickup();
      break;
    case What::checkin_code: {
      visit_.pickup = false;
      protocol::CheckinRequest checkin;
      checkin.code = tap.id;
      go(Page::taking);
      checkin.language = words_.lang();
      issuer_->checkin(std::move(checkin));
      break;
    }
    case What::done:
      go_home();
      break;
    case What::ok:
      if (visit_.message_back == Page::home)
        go_home();
      else
        go(visit_.message_back);
      break;
    case What::call_guide:
      call_guide();
      break;
    case What::gone:  // the service left the hall, or the ticket is gone
      if (page_ == Page::result)
        go_home();
      else
        go(Page::home);
      break;
  }
}

void KioskApp::speak(const std::string& clip) {
  if (!announcer_) return;
  if (!announcer_->prompt(words_.lang(), clip)) announcer_->prompt("zh", clip);  // no recording yet: Chinese
}

void KioskApp::show_message(std::string text, std::string second, Page back_to) {
  visit_.message = std::move(text);
  visit_.message2 = std::move(second);
  visit_.message_back = back_to;
  go(Page::message);
}

void KioskApp::show_case_message(const char* key, Page back_to) {
  std::string k = std::string("kiosk_case.") + key;
  show_message(words_.t(k), words_.t2(k), back_to);
}

void KioskApp::show_refusal(std::string_view op, const protocol::Failure& failure) {
  std::string_view code = to_string(failure.code);
  if (op == "checkin" && failure.code == protocol::Errc::not_found && cases_enabled()) {
    show_case_message("checkin_not_found", Page::checkin);  // the code may be a supplement notice's
    return;
  }
  if (visit_.pickup) {  // a pickup ticket refused: the cases page is no place to go back to
    show_message(ui::error_text(words_.in(words_.lang()), op, code),
                 ui::error_text(words_.in(words_.second()), op, code), Page::home);
    return;
  }
  show_message(ui::error_text(words_.in(words_.lang()), op, code), ui::error_text(words_.in(words_.second()), op, code),
               op.rfind("checkin", 0) == 0 ? Page::checkin : Page::service);
}

bool KioskApp::cases_enabled() const {
  return !options_.pickup_service.empty() && state_.hall().service(options_.pickup_service) != nullptr;
}

void KioskApp::lookup_cases() {
  go(Page::looking);
  std::uint64_t seq = ++lookup_seq_;
  protocol::CaseLookupRequest lookup{held_id_};
  client_->request(lookup, [this, seq](const protocol::Result<protocol::CasesReply>& r) {
    if (seq != lookup_seq_ || page_ != Page::looking) return;  // gone home meanwhile
    if (!r) {
      wipe(held_id_);
      held_id_.clear();
      show_case_message(r.code() == protocol::Errc::bad_request ? "card_invalid" : "lookup_failed", Page::home);
      return;
    }
    visit_.cases.clear();
    for (const auto& c : r->cases) visit_.cases.push_back(shown_case(c));
    if (ready_cases(visit_.cases).empty()) {  // no pickup ticket to take: the number is not needed
      wipe(held_id_);
      held_id_.clear();
    }
    go(Page::cases);
  });
  wipe(lookup.id_number);  // the line is written: only held_id_ has it now
}

void KioskApp::lookup_status(const std::string& typed) {
  auto number = normalize_case_number(typed);
  if (!number) {
    show_case_message("status_bad", Page::case_query);
    return;
  }
  go(Page::looking);
  std::uint64_t seq = ++lookup_seq_;
  client_->request(protocol::CaseStatusRequest{*number}, [this, seq](const protocol::Result<protocol::CaseReply>& r) {
    if (seq != lookup_seq_ || page_ != Page::looking) return;
    if (!r) {
      if (r.code() == protocol::Errc::not_found)
        show_case_message("status_not_found", Page::case_query);
      else
        show_case_message("lookup_failed", Page::home);
      return;
    }
    visit_.case_ = shown_case(r->case_);
    go(Page::case_status);
  });
}

void KioskApp::start_pickup() {
  if (held_id_.empty() || !cases_enabled()) {
    go_home(false);
    return;
  }
  protocol::TakeRequest take;
  take.service = options_.pickup_service;
  take.id_number = held_id_;
  wipe(held_id_);
  held_id_.clear();  // the Issuer holds it now, until the server answers
  visit_.service = options_.pickup_service;
  visit_.pickup = true;
  go(Page::taking);
  take.language = words_.lang();
  issuer_->take(std::move(take));
}

void KioskApp::start_take() {
  visit_.pickup = false;
  protocol::TakeRequest take;
  take.service = visit_.service;
  go(Page::taking);
  take.language = words_.lang();
  issuer_->take(std::move(take));
}

void KioskApp::on_issued(const protocol::TicketInfo& ticket) {
  visit_.ticket = ticket;
  std::string url = status_url(*visit_.ticket);
  visit_.qr = url.empty() ? printer::Raster{} : printer::qr_raster(url, 1);
  visit_.printed = false;
  printed_file_.clear();
  if (!devices_->health().can_print()) {
    visit_.print_problem = devices_->health().printer;
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
  const std::string& at = visit_.ticket->issued_at;
  std::string issued = at.size() >= 16 ? at.substr(0, 10) + " " + at.substr(11, 5) : at;
  printer::TicketSlip slip = make_slip(*visit_.ticket, state_.hall(), words_, *fonts_, devices_->options().profile,
                                       status_url(*visit_.ticket), issued, training_);
  auto job = printer::layout_ticket(slip, devices_->options().profile);
  std::string number = visit_.ticket->number;
  devices_->print(job, number, [this, number, job](const PrintResult& r) {
    if (!visit_.ticket || visit_.ticket->number != number) return;  // the citizen is gone
    visit_.printed = r.printed;
    visit_.print_problem = r.printed ? std::nullopt : std::optional(r.state);
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
  visit_.card_purpose = purpose;
  visit_.card_problem.clear();
  go(Page::card);
  if (devices_->health().reader != protocol::CardReaderState::ok) {
    visit_.card_problem = "kiosk.reader_absent";
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
      visit_.card_problem = r.error == cardreader::Errc::no_card       ? "kiosk.card_none"
                            : r.error == cardreader::Errc::read_failed ? "kiosk.card_damaged"   // down, never read
                            : r.error == usb::Errc::no_device          ? "kiosk.reader_absent"  // unplugged meanwhile
                                                                       : "kiosk.card_failed";
      return;
    }
    // The raw number and name go into the request only (the Issuer wipes them
    // once the server has answered); the screen keeps the masked forms.
    cardreader::IdCard& card = *r.card;
    const std::string& name = card.name.empty() ? card.name_en : card.name;
    visit_.name_masked = domain::mask_name(name);
    visit_.id_masked = domain::mask_id_number(card.number);
    if (purpose == CardPurpose::collect) {
      held_id_ = card.number;
      wipe(card);
      lookup_cases();
      return;
    }
    go(Page::taking);
    visit_.pickup = false;
    if (purpose == CardPurpose::take) {
      protocol::TakeRequest take;
      take.service = visit_.service;
      if (!card.number.empty()) take.id_number = card.number;
      if (!name.empty()) take.name = name;
      wipe(card);
      take.language = words_.lang();
      issuer_->take(std::move(take));
    } else {
      protocol::CheckinRequest checkin;
      checkin.id_number = card.number;
      wipe(card);
      checkin.language = words_.lang();
      issuer_->checkin(std::move(checkin));
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

void KioskApp::call_guide() {
  if (guide_ != GuideCall::none || !live()) return;
  guide_ = GuideCall::asking;
  guide_since_ = now_;
  std::uint64_t seq = ++guide_seq_;
  client_->request(protocol::HelpRequestRequest{}, [this, seq](const protocol::Result<protocol::HelpReply>& r) {
    if (seq != guide_seq_ || guide_ != GuideCall::asking) return;
    // Refused or lost: the button is there to press again (the server keeps one call per kiosk).
    guide_ = r && r->help.state == protocol::HelpState::open ? GuideCall::waiting : GuideCall::none;
  });
}

void KioskApp::check_guide_call() {
  std::uint64_t seq = guide_seq_;
  client_->request(protocol::AlarmsRequest{}, [this, seq](const protocol::Result<protocol::AlarmsReply>& r) {
    if (!r || seq != guide_seq_ || guide_ != GuideCall::waiting) return;
    for (const auto& a : r->alarms)
      if (a.kind == protocol::AlarmKind::help_requested && a.key == options_.client.device) return;
    guide_ = GuideCall::none;
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
  if (announcer_) announcer_->pump();
  if (input.pressed || !input.keys.empty() || !input.text.empty()) last_touch_ = now_;
  if (now_ - health_reported_at_ >= kHealthReportEvery) report_health();
  // The pending request: asked again while the server is away, within
  // patience; takes given up on voided.
  issuer_->poll();
  if (guide_ != GuideCall::none && now_ - guide_since_ > kGuideComingS) {
    guide_ = GuideCall::none;  // a minute: the button may be pressed again (the call stays open on the server)
    ++guide_seq_;
  }

  // Timeouts: an abandoned screen goes home and forgets the citizen.
  bool waiting_on_us = page_ == Page::taking || page_ == Page::printing || page_ == Page::looking;
  double keep = visit_.printed ? options_.result_s : options_.result_unprinted_s;
  if (page_ == Page::result) {
    if (now_ - std::max(page_since_, last_touch_) > keep) go_home();
  } else if (page_ != Page::home && !waiting_on_us && now_ - last_touch_ > options_.idle_s) {
    go_home();
  } else if (page_ == Page::home && (large_ || contrast_ || words_.lang() != options_.lang) &&
             now_ - last_touch_ > options_.idle_s) {
    go_home();
  }

  bool online = live();
  if (!online && page_ != Page::result && page_ != Page::taking && page_ != Page::printing) {
    // A citizen reads "no self-service now, ask at the desk"; staff read why under it.
    pages_.offline(ui, ui::version_mismatch_hint(*client_, words_.in(words_.lang())));
    return;
  }
  int left = static_cast<int>(std::ceil(keep - (now_ - std::max(page_since_, last_touch_))));
  PageView view{state_,
                devices_->health(),
                online,
                large_,
                contrast_,
                now_,
                left,
                visit_,
                cases_enabled() ? options_.pickup_service : std::string(),
                guide_ != GuideCall::none,
                training_};
  apply(pages_.frame(ui, page_, view, visit_.entry));
}

}  // namespace hallq::kiosk
