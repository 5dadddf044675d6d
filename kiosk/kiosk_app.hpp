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
// The kiosk never invents a number: a ticket exists only once the server has
// issued it. A take whose reply was lost is asked again with the same
// request_key (the server answers with the ticket it issued). A ticket that
// cannot be printed is shown on screen with its QR code. Personal data (the ID
// number, the name) lives only until the request is answered; the masked
// forms only until the screen returns home; the idle timeout wipes it all.
//
// Thread affinity: the UI thread (the io_context is polled by the frame loop;
// device results arrive on it).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <variant>

#include "core/net/hall_client.hpp"
#include "core/protocol/hall_state.hpp"
#include "core/ui/app.hpp"
#include "core/ui/i18n.hpp"
#include "core/ui/voice.hpp"
#include "drivers/printer/raster.hpp"
#include "kiosk/devices.hpp"

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
};

enum class Page { home, menu, service, card, taking, printing, result, checkin, message };
enum class CardPurpose { take, checkin };

class KioskApp final : public ui::Screen {
 public:
  KioskApp(boost::asio::io_context& ctx, Options options);
  ~KioskApp() override;
  void frame(ui::Ui& ui, const ui::Input& input) override;
  bool live() const override;

  // For tests and tools.
  Page page() const { return page_; }
  const std::string& lang() const { return lang_; }
  bool large_text() const { return large_; }
  bool high_contrast() const { return contrast_; }
  const std::optional<protocol::TicketInfo>& ticket() const { return ticket_; }
  bool printed() const { return printed_; }
  const std::string& printed_file() const { return printed_file_; }
  const std::string& message() const { return message_; }
  std::size_t undelivered() const { return undelivered_.size(); }
  // Everything personal the kiosk holds (empty once wiped).
  std::string personal_data() const;
  net::HallClient& client() { return *client_; }
  Devices& devices() { return *devices_; }
  const protocol::HallState& state() const { return state_; }
  std::vector<std::string> spoken() const;
  // The smallest touch target drawn in the last frame, in millimetres.
  double smallest_target_mm(const ui::Ui& ui) const;

 private:
  // Pages.
  int header_height(const ui::Ui& ui) const;
  void draw_header(ui::Ui& ui, ui::Rect r);
  void draw_home(ui::Ui& ui, ui::Rect body);
  void draw_menu(ui::Ui& ui, ui::Rect body);
  void draw_entries(ui::Ui& ui, ui::Rect r, const std::vector<std::string>& path);
  void draw_service(ui::Ui& ui, ui::Rect body, const ui::Input& input);
  void draw_card(ui::Ui& ui, ui::Rect body);
  void draw_busy(ui::Ui& ui, ui::Rect body, const std::string& text);
  void draw_result(ui::Ui& ui, ui::Rect body);
  void draw_checkin(ui::Ui& ui, ui::Rect body, const ui::Input& input);
  void draw_message(ui::Ui& ui, ui::Rect body);
  void draw_offline(ui::Ui& ui);
  void draw_qr(ui::Ui& ui, ui::Rect r, const printer::Raster& qr);
  // A big tile: the name in this language, in the other, and a third line.
  bool tile(ui::Ui& ui, const std::string& id, ui::Rect r, const std::string& line1, const std::string& line2,
            const std::string& line3, bool enabled = true);
  // Back and home buttons along the bottom of the body; returns the rest.
  ui::Rect nav(ui::Ui& ui, ui::Rect body, bool back);

  // Flow.
  void go(Page p);
  // Back home, the citizen's data wiped; a new citizen also gets the default
  // language and look back (the home button keeps them for the same person).
  void go_home(bool new_citizen = true);
  void start_take(const std::string& service);
  void start_checkin_code(const std::string& code);
  void read_card(CardPurpose purpose);
  void send_pending();  // (re)sends the pending take/checkin
  void on_issued(const protocol::TicketInfo& ticket);
  void print_ticket();
  void show_refusal(std::string_view op, const protocol::Failure& failure);
  void show_message(std::string text, std::string second, Page back_to);
  void report_health();
  void void_undelivered();
  void speak(const std::string& clip);
  void wipe_card();

  // Words.
  std::string t(std::string_view key, ui::Translations::Args args = {}) const;
  std::string t2(std::string_view key, ui::Translations::Args args = {}) const;  // the second language
  const std::string& second_lang() const;
  const ui::Translations& tr(const std::string& lang) const;  // "zh", "mn" or "en"
  std::string name(const protocol::Names& n) const { return n.in(lang_); }
  std::string name2(const protocol::Names& n) const { return n.in(second_lang()); }
  std::string load_text(const protocol::ServiceInfo* s, bool second) const;
  std::string status_url(const std::string& number) const;
  int px(double base) const;

  Options options_;
  std::vector<ui::Translations> tr_;  // zh, mn, en
  std::string lang_;
  bool large_ = false, contrast_ = false;
  protocol::HallState state_;
  std::unique_ptr<net::HallClient> client_;
  std::unique_ptr<Devices> devices_;
  std::unique_ptr<ui::ClipLibrary> clips_;
  std::unique_ptr<ui::Announcer> announcer_;
  bool synced_ = false;
  const ui::Theme* theme_ = nullptr;  // this frame's
  ui::FontSet* fonts_ = nullptr;      // the UI's (for the ticket's Mongolian line)
  ui::Theme base_theme_;
  bool base_theme_known_ = false;

  Page page_ = Page::home;
  Page message_back_ = Page::home;
  std::vector<std::string> menu_path_;  // category ids
  std::string service_;                 // the chosen service
  CardPurpose card_purpose_ = CardPurpose::take;
  bool card_busy_ = false;
  std::string card_problem_;  // translation key of the last card failure
  std::string entry_;         // appointment code being typed

  // The request in flight (take or checkin): asked again with the same key
  // until answered or out of patience.
  std::variant<std::monostate, protocol::TakeRequest, protocol::CheckinRequest> pending_;
  bool pending() const { return !std::holds_alternative<std::monostate>(pending_); }
  const std::string& pending_key() const;
  bool pending_out_ = false;
  double pending_since_ = 0, pending_retry_at_ = 0;
  // Requests given up on: if the server did issue a ticket for one, nobody
  // holds it — it is voided (cancel by request_key) once the server answers.
  std::vector<std::string> undelivered_;
  bool voiding_ = false;

  // The citizen (raw only until the request is answered).
  std::string id_number_, name_raw_;
  std::string name_masked_, id_masked_;

  std::optional<protocol::TicketInfo> ticket_;
  printer::Raster qr_;
  bool printed_ = false;
  std::string printed_file_;
  std::optional<protocol::PrinterState> print_problem_;  // the printer's state when not printed

  std::string message_, message2_;
  double now_ = 0, last_touch_ = 0, page_since_ = 0, health_reported_at_ = -1e9;
  Health reported_;
  bool health_known_ = false;
};

}  // namespace hallq::kiosk
