#pragma once
// The kiosk's pages, drawn in immediate mode: each frame Pages draws the page
// that is up from what KioskApp holds (a PageView) and returns what the
// citizen asked for (a Tap); KioskApp decides what follows. Pages keep no
// state between frames; the code typed on the check-in page belongs to the
// app and is edited in place.
//
//   home     the hall, the language switch, the menu's first level,
//            appointment check-in, large text and high contrast
//   menu     a level of categories and services
//   service  waiting, estimated wait, the one-time list of materials, take
//   card     place the ID card (or what went wrong reading it)
//   taking, printing   a moment's wait
//   result   the number, people ahead, the wait, the QR code
//   checkin  a code on the keypad (an appointment's or a supplement
//            notice's), or the ID card
//   looking  a moment's wait for a case look-up
//   cases    the card holder's cases: those ready to collect, with a button
//            for a pickup ticket, or else each open case's state and date
//   case_query   a case number on the keypad
//   case_status  one case's state and date
//   message  a refusal or a problem, in plain words
//
// Every page has the header: the hall's name, the language switch and, in the
// header's corner, "呼叫帮办 / call a guide" (while a guide is on the way it
// says so instead). Every label shows the citizen's language with the second
// one under it (Words). Sizes scale with the window; large text multiplies
// them by 1.3.
//
// Thread affinity: the UI thread.

#include <optional>
#include <string>
#include <vector>

#include "core/protocol/cases.hpp"
#include "core/protocol/hall_state.hpp"
#include "core/ui/ui.hpp"
#include "core/ui/widgets.hpp"
#include "drivers/printer/raster.hpp"
#include "kiosk/devices.hpp"
#include "kiosk/menu.hpp"
#include "kiosk/words.hpp"

namespace hallq::kiosk {

enum class Page {
  home,
  menu,
  service,
  card,
  taking,
  printing,
  result,
  checkin,
  message,
  looking,
  cases,
  case_query,
  case_status
};
enum class CardPurpose { take, checkin, collect };

// What the citizen asked for this frame: at most one thing.
struct Tap {
  enum class What {
    nothing,
    language,        // id: "zh", "mn" or "en"
    large_text,      // on or off
    high_contrast,   // on or off
    checkin,         // the check-in page
    category,        // id: the category; path: the level it is on
    service,         // id: the service; path: the level it is on
    back,            // one page back
    home,            // home: the citizen is done (language and look back to the hall's defaults)
    take,            // a ticket for the chosen service
    take_with_card,  // … with the ID card
    card_again,      // read the card again after a failed read
    checkin_card,    // check in with the ID card
    checkin_code,    // id: the code typed
    collect,         // collect results: read the ID card, list the holder's cases
    case_query,      // the case-number keypad
    case_status,     // id: the case number typed
    take_pickup,     // a pickup ticket for the card holder's ready cases
    done,            // the result page is finished with
    ok,              // the message is read
    gone,            // the page's subject (service, ticket) is gone: nothing to show
    call_guide,      // 呼叫帮办: ask the server for a guide to come to this kiosk
    more_materials,  // the next page of the service's materials (when they do not fit on one)
  };
  What what = What::nothing;
  std::string id;
  MenuPath path;
};

// One citizen's visit: what they chose, typed and were told, and their
// ticket. Owned by KioskApp; forgotten when the screen goes home.
struct Visit {
  MenuPath menu_path;      // the menu level shown
  std::string service;     // the chosen service
  int materials_page = 0;  // its materials' page shown, when they take more than one
  CardPurpose card_purpose = CardPurpose::take;
  std::string card_problem;            // translation key of the last card failure, or empty
  std::string entry;                   // the check-in code being typed
  std::string name_masked, id_masked;  // the card holder, masked
  std::optional<protocol::TicketInfo> ticket;
  printer::Raster qr;  // the ticket's status link
  bool printed = false;
  std::optional<protocol::PrinterState> print_problem;  // the printer's state when not printed
  std::string message, message2;                        // in the citizen's language and the second one
  Page message_back = Page::home;                       // where the message's OK leads
  std::vector<protocol::CaseInfo> cases;                // the card holder's open cases (kiosk/cases.hpp: shown_case)
  std::optional<protocol::CaseInfo> case_;              // the case looked up by number
  bool pickup = false;                                  // the ticket asked for is a pickup ticket

  // Overwrites what is personal (the masked name and number, the code typed,
  // the ticket's masked holder) and empties the rest.
  void forget();
};

// What the pages show, this frame's. Everything belongs to KioskApp.
struct PageView {
  const protocol::HallState& state;
  const Health& devices;
  bool online = true;  // the server answers (else the taking page says reconnecting)
  bool large = false, contrast = false;
  double now = 0;
  int seconds_left = 0;  // before the result page goes home by itself
  const Visit& visit;
  std::string pickup_service;  // the hall's service for collecting results; empty: no case pages
  bool guide_coming = false;   // a call for a guide is out: the header's button says one is coming
  bool training = false;       // a training hall: the header says 培训 beside the help button
};

class Pages {
 public:
  // `words` must outlive the Pages.
  explicit Pages(const Words& words) : words_(words) {}

  // Draws `page` (with the header) and returns what was tapped. `code` is
  // the code being typed (the visit's entry, edited on the check-in and
  // case-number pages).
  Tap frame(ui::Ui& ui, Page page, const PageView& view, std::string& code);
  // The whole screen: self-service paused, see the consultation desk.
  // `why`: what staff must do (a version mismatch: which side to upgrade); empty: the connection is lost.
  void offline(ui::Ui& ui, const std::string& why = {});

 private:
  void header(ui::Rect r);
  void home(ui::Rect body);
  void menu(ui::Rect body);
  void entries(ui::Rect r, const MenuPath& path);
  void service(ui::Rect body);
  void materials(const protocol::HallService& s, ui::Rect box);  // the service's list of what to bring
  void card(ui::Rect body);
  void busy(ui::Rect body, std::string_view key);  // a moment's wait: kiosk.taking, kiosk.printing, …
  void result(ui::Rect body);
  void checkin(ui::Rect body, std::string& code);
  void message(ui::Rect body);
  // The case pages (case_pages.cpp).
  void cases(ui::Rect body);
  void case_query(ui::Rect body, std::string& code);
  void case_status(ui::Rect body);
  // One case in a list: its number, service, masked holder, state and date.
  void case_row(ui::Rect r, const protocol::CaseInfo& c, bool with_state);
  std::string case_date_text(const protocol::CaseInfo& c, bool second) const;
  void qr(ui::Rect r, const printer::Raster& qr);
  // Back (optional) and home along the bottom of the body; returns the rest.
  ui::Rect nav(ui::Rect body, bool back);
  // The words for `key` in both languages.
  void say(ui::Rect r, std::string_view key, const ui::PairStyle& style, config::Translations::Args args = {});
  std::string load_text(const protocol::ServiceInfo* s, bool second) const;
  void tapped(Tap::What what, std::string id = {}, MenuPath path = {});
  int px(double base) const;  // scaled for large text
  // The keypad of the check-in and case-number pages: digits, the letters codes and case prefixes
  // use (no I or O: read as 1 and 0), the dash, erase (←).
  static const std::vector<std::string>& code_keys();
  // A typed code's page below its prompt: the clear and confirm buttons (ids `<id>.clear`,
  // `<id>.ok`, the words of `ok_key`) in the bottom row at act_y, the keypad (landscape: the right
  // 60% of `r`; portrait: from `y` to the buttons) and the field. True when the code is submitted.
  bool code_pad(ui::Rect r, ui::Rect left, int y, int act_y, ui::Rect field, std::string& code, std::string_view id,
                std::string_view ok_key, std::size_t max_len, int field_px);
  const ui::Theme& th() const { return ui_->theme(); }

  const Words& words_;
  // This frame's.
  ui::Ui* ui_ = nullptr;
  const PageView* v_ = nullptr;
  Tap tap_;
};

}  // namespace hallq::kiosk
