#pragma once
// The window's rating pad (好差评, docs/ratings.md): when the window finishes a
// visit, the screen facing the citizen (--mode window) or a small pad bound
// to the window (--mode rating) asks for a rating —
//
//   levels   the five levels as large buttons with their stars
//   reasons  after 不满意 / 非常不满意: the hall's reasons (any number), and
//            an optional call-back consent with a mobile number on a keypad
//   thanks   a thank-you, then back to the window's view
//   failed   the server refused (too late, already rated) or is unreachable
//
// in Chinese with Mongolian under it, or English with Chinese under it when
// the citizen chose English at the kiosk. Without a touch for the hall's
// pad_seconds the page goes back to the window's view and the visit stays
// "not rated" on the server; a touch keeps it up a while longer (the server
// takes the rating until RatingBook::kPadTouchedLimit × pad_seconds after
// the finish). Who rated is never shown or sent: only the visit's number.
//
// Thread affinity: the UI thread, like DisplayApp.

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>

#include "core/config/i18n.hpp"
#include "core/domain/time.hpp"
#include "core/protocol/ratings.hpp"
#include "core/ui/ui.hpp"

namespace hallq::display {

class DisplayApp;

class RatingPad {
 public:
  enum class Page { none, levels, reasons, thanks, failed };

  RatingPad(DisplayApp& app, int window);

  // Draws the page up, if any, and handles its taps; false when no page is up
  // (the caller draws the window's own view).
  bool frame(ui::Ui& ui);
  // --mode rating with nothing to rate: the window's name and what the pad is for; a pad whose
  // device is not bound to the window (`bound` false) says it cannot take ratings instead.
  void idle(ui::Ui& ui, bool bound);

  Page page() const { return page_; }
  const std::string& ticket() const { return ticket_; }

 private:
  void start(const protocol::RatingOffer& offer);
  void close();  // back to the window's view; the visit is done with here
  void touched();
  void send(ui::Ui& ui);
  void levels_page(ui::Ui& ui);
  void reasons_page(ui::Ui& ui);
  void message_page(ui::Ui& ui, const std::string& key, std::uint32_t argb);
  void header(ui::Ui& ui, ui::Rect r, const std::string& key);
  // The words for `key` in the citizen's language, and the second language under it.
  std::string first(const std::string& key, const config::Translations::Args& args = {}) const;
  std::string second(const std::string& key, const config::Translations::Args& args = {}) const;

  DisplayApp& app_;
  int window_;
  Page page_ = Page::none;
  std::string ticket_, lang_ = "zh";
  protocol::RatingOffer offer_;
  std::optional<protocol::RatingLevel> level_;
  std::set<std::string> reasons_;
  bool callback_ = false;
  std::string phone_;
  bool sending_ = false;
  domain::TimePoint idle_until_{}, hard_until_{};
  double message_until_ = 0;  // ui time: the thanks or failed page ends
  std::string failed_key_;
  std::deque<std::string> done_;  // visits rated, skipped or timed out here (the newest few)
};

}  // namespace hallq::display
