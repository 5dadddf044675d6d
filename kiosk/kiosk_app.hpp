#pragma once
// hallq-kiosk: the citizen's touchscreen. From the door to a printed ticket in
// a few taps, in Chinese, traditional Mongolian or English:
//
//   home (the hall, the language switch, the service menu's first level,
//         appointment check-in, large text and high contrast)
//   → menu (categories, as deep as the hall config goes)
//   → service (waiting, estimated wait, the one-time list of materials)
//   → [card: place the ID card — real-name services, priority by age]
//   → taking → printing → result (the number, people ahead, the wait, a QR code)
//   → home again, by a tap or after a while.
//
//   home → collect results → [card] → looking → cases (the holder's ready
//          cases and a pickup ticket for them, taken and printed as any
//          ticket; or each open case's state and promised date)
//   home → case status → case_query (a case number) → looking → case_status
//
// On every page, "呼叫帮办 / call a guide" (the header's corner) asks the
// server for a guide (help_request: an alarm on the guides' monitor and
// console naming this kiosk); the button says a guide is coming until the
// server clears the alarm (a guide took the call) or for kGuideComingS. It
// belongs to the kiosk, not to the citizen: going home keeps it.
//
// Collecting results needs the ID number twice — for the look-up and for the
// pickup ticket — so a card read for it is held (only the number) from the
// look-up until the ticket is asked for; it is wiped when nothing is ready,
// when the look-up fails, and whenever the screen goes home.
//
// The kiosk never invents a number: a ticket exists only once the server has
// issued it. A take whose reply was lost is asked again with the same
// request_key (the server answers with the ticket it issued). A ticket that
// cannot be printed is shown on screen with its QR code. Personal data (the ID
// number, the name) lives only until the request is answered; the masked
// forms only until the screen returns home; the idle timeout wipes it all.
//
// KioskApp wires three parts and owns what they share: Issuer (kiosk/issuer.hpp:
// a take or check-in asked again with its key, given-up takes voided), the menu
// model (kiosk/menu.hpp) and Pages (kiosk/pages.hpp: each page drawn from the
// app's state, returning what the citizen tapped). The app decides what
// follows a tap, a reply, a card read or a printed slip, and when to go home.
//
// Thread affinity: the UI thread (the io_context is polled by the frame loop;
// device results arrive on it).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/config/i18n.hpp"
#include "core/net/hall_client.hpp"
#include "core/protocol/hall_state.hpp"
#include "core/ui/app.hpp"
#include "core/ui/voice.hpp"
#include "drivers/printer/raster.hpp"
#include "kiosk/devices.hpp"
#include "kiosk/issuer.hpp"
#include "kiosk/menu.hpp"
#include "kiosk/pages.hpp"
#include "kiosk/words.hpp"

namespace hallq::kiosk {

struct Options {
  net::ClientOptions client;
  std::string lang = "zh";  // the language a new citizen starts in
  std::string assets;       // assets/ directory
  DeviceOptions devices;
  double idle_s = 60;              // no touch this long (away from home): back home, data wiped
  double result_s = 20;            // the result screen stays this long (printed)
  double result_unprinted_s = 90;  // … and this long when the ticket must be photographed
  double take_patience_s = 15;     // how long a take is retried while the server is unreachable
  double mm_per_px = 0.2479;       // the panel's pixel pitch (21.5" 1920×1080), for the 15 mm rule
  bool voice = true;
  std::string voice_dir;  // generated clips (build/voice)
  // The hall's service for collecting case results ([cases] pickup_service in
  // the hall config; the hall description does not carry it). The case pages
  // show when the hall has this service.
  std::string pickup_service = "H";
};

class KioskApp final : public ui::Screen {
 public:
  KioskApp(boost::asio::io_context& ctx, Options options);
  ~KioskApp() override;
  void frame(ui::Ui& ui, const ui::Input& input) override;
  bool live() const override;
  ui::TrainingMark training_mark() const override;

  // For tests and tools.
  Page page() const { return page_; }
  const std::string& lang() const { return words_.lang(); }
  bool large_text() const { return large_; }
  bool high_contrast() const { return contrast_; }
  const std::optional<protocol::TicketInfo>& ticket() const { return visit_.ticket; }
  bool printed() const { return visit_.printed; }
  const std::string& printed_file() const { return printed_file_; }
  const std::string& message() const { return visit_.message; }
  const std::string& card_problem() const { return visit_.card_problem; }               // translation key; empty: none
  const std::vector<protocol::CaseInfo>& cases() const { return visit_.cases; }         // collect results
  const std::optional<protocol::CaseInfo>& case_shown() const { return visit_.case_; }  // case status
  bool guide_coming() const { return guide_ != GuideCall::none; }  // the button says a guide is coming
  static constexpr double kGuideComingS = 60;
  std::size_t undelivered() const { return issuer_->undelivered(); }
  // Everything personal the kiosk holds (empty once wiped).
  std::string personal_data() const;
  net::HallClient& client() { return *client_; }
  Devices& devices() { return *devices_; }
  const protocol::HallState& state() const { return state_; }
  std::vector<std::string> spoken() const;
  // The smallest touch target drawn in the last frame, in millimetres.
  double smallest_target_mm(const ui::Ui& ui) const;

 private:
  class ClientTickets;  // the Issuer's TicketService: net::HallClient

  void apply(const Tap& tap);  // what follows a tap
  void go(Page p);
  // Back home, the citizen's data wiped; a new citizen (the home button, done,
  // the idle timeout) also gets the default language and look back.
  void go_home(bool new_citizen = true);
  void back();
  void start_take();
  void read_card(CardPurpose purpose);
  void on_issued(const protocol::TicketInfo& ticket);
  void print_ticket();
  void show_refusal(std::string_view op, const protocol::Failure& failure);
  void show_message(std::string text, std::string second, Page back_to);
  void show_case_message(const char* key, Page back_to);  // kiosk_case.<key>
  bool cases_enabled() const;
  void lookup_cases();                           // the held ID number's cases
  void lookup_status(const std::string& typed);  // one case by the number typed
  void start_pickup();                           // a pickup ticket for the held ID number
  void report_health();
  void call_guide();
  // The server's alarms now (after a reconnect): no call of ours among them means it was taken.
  void check_guide_call();
  void speak(const std::string& clip);
  std::string status_url(const protocol::TicketInfo& ticket) const;  // for its QR code, with the citizen's token

  Options options_;
  Words words_;
  Pages pages_{words_};
  bool large_ = false, contrast_ = false;
  protocol::HallState state_;
  std::unique_ptr<net::HallClient> client_;
  std::unique_ptr<ClientTickets> tickets_;
  // The take or check-in in flight: the only holder of the raw ID number and
  // name, until the server answers.
  std::unique_ptr<Issuer> issuer_;
  std::unique_ptr<Devices> devices_;
  std::unique_ptr<ui::ClipLibrary> clips_;
  std::unique_ptr<ui::Announcer> announcer_;
  bool synced_ = false;
  bool training_ = false;         // the server is a training hall's (hello)
  ui::FontSet* fonts_ = nullptr;  // the UI's (for the ticket's Mongolian line)
  ui::Theme base_theme_;
  bool base_theme_known_ = false;

  enum class GuideCall { none, asking, waiting };  // asking: sent, no reply yet
  GuideCall guide_ = GuideCall::none;
  double guide_since_ = 0;
  std::uint64_t guide_seq_ = 0;  // the call in flight; replies to older ones are ignored

  Page page_ = Page::home;
  Visit visit_;                   // the citizen at the screen
  bool card_busy_ = false;        // a card read is out
  std::string printed_file_;      // the last slip printed to a file (virtual printer)
  std::string held_id_;           // collecting results: the card's ID number (see above)
  std::uint64_t lookup_seq_ = 0;  // the case look-up in flight; replies to older ones are ignored
  double now_ = 0, last_touch_ = 0, page_since_ = 0, health_reported_at_ = -1e9;
  Health reported_;
  bool health_known_ = false;
};

}  // namespace hallq::kiosk
