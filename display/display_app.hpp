#pragma once
// hallq-display: the hall board (--mode hall), a window's screen (--mode
// window, which is also the window's rating pad), a separate rating pad bound
// to a window (--mode rating), and the guides' monitor (--mode monitor). One
// app: a HallClient
// keeps a HallState current; each frame draws the state, or — when the
// connection is lost — a clear "connection lost" screen and nothing stale.
// New calls are announced by voice; calls made while the board was
// reconnecting are announced after the resync if they are recent
// (kResyncAnnounceSeconds) and newer than the newest call it had heard.
//
// Thread affinity: the UI thread (the io_context is polled by the frame loop).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/config/i18n.hpp"
#include "core/domain/time.hpp"
#include "core/net/hall_client.hpp"
#include "core/protocol/hall_state.hpp"
#include "core/ui/app.hpp"
#include "core/ui/voice.hpp"
#include "core/ui/widgets.hpp"
#include "display/rating_pad.hpp"

namespace hallq::display {

enum class Mode { hall, window, rating, monitor };

struct Options {
  Mode mode = Mode::hall;
  int window = 0;  // --mode window and --mode rating
  net::ClientOptions client;
  bool voice = true;      // announce calls (hall mode)
  std::string assets;     // assets/ directory
  std::string voice_dir;  // generated clips (build/voice)
  // The monitor: how long each page of a table or of the alarms stays up when there are more
  // rows than fit (docs/screens.md; tests make it short).
  double page_seconds = 8.0;
};

// A window's state in its colour, the same on the board and the monitor: serving green, paused
// orange, idle blue, closed grey (the theme's).
std::uint32_t state_colour(const ui::Theme& th, protocol::WindowState state);

class DisplayApp final : public ui::Screen {
 public:
  // After a resync, the calls made while the board was away are announced if they are no older
  // than this (a citizen called three minutes ago has gone to the window, or given up).
  static constexpr int kResyncAnnounceSeconds = 120;

  DisplayApp(boost::asio::io_context& ctx, Options options);
  void frame(ui::Ui& ui, const ui::Input& input) override;
  bool live() const override;
  ui::TrainingMark training_mark() const override;

  protocol::HallState& state() { return state_; }
  net::HallClient& client() { return *client_; }
  ui::Announcer* announcer() { return announcer_.get(); }
  const RatingPad* pad() const { return pad_.get(); }  // --mode window and --mode rating
  const Options& options() const { return options_; }
  // The device is bound to this screen's window (`window = N` in its [[device]], as hello's reply
  // says): only then may it rate the window's visits, so only then does it become the rating pad.
  bool pad_bound() const { return options_.window > 0 && bound_window_ == options_.window; }

  // Shared drawing helpers (in display_app.cpp).
  std::string t(std::string_view key, config::Translations::Args args = {}) const { return zh_.get(key, args); }
  std::string tm(std::string_view key, config::Translations::Args args = {}) const { return mn_.get(key, args); }
  // The words of one language: "zh", "mn" or "en" (anything else: Chinese).
  const config::Translations& words(std::string_view lang) const {
    return lang == "mn" ? mn_ : lang == "en" ? en_ : zh_;
  }
  // Chinese above, Mongolian (a horizontal line) below, in `r`, neither smaller than legible at hall
  // distance (25 px at 1080p; a line broken in two rather than smaller). `second_px`: the Mongolian's
  // size, and its smallest (0: three quarters of px).
  void bilingual(ui::Ui& ui, ui::Rect r, const std::string& zh, const std::string& mn, int px, std::uint32_t argb,
                 ui::HAlign h = ui::HAlign::left, bool bold = false, int second_px = 0);
  // The least height bilingual() needs `w` wide for these lines (broken where they must be).
  int bilingual_height(ui::Ui& ui, int w, const std::string& zh, const std::string& mn, int px, bool bold = false,
                       int second_px = 0);
  // The hall's clock (the server's: a demo hall runs on its own), in the hall's zone.
  const domain::ServerClock& clock() const { return clock_; }
  std::string duration(std::int64_t seconds) const;  // to come: "15 分钟" / "1小时05分", minutes rounded up
  std::string elapsed(std::int64_t seconds) const;   // gone by: whole minutes rounded down, "不到 1 分钟"
  // A pause reason: a known key (lunch, meeting…) in Chinese or Mongolian, else the text as given.
  std::string reason_text(const std::string& reason, bool mongolian) const;
  // A window's name in Chinese or Mongolian, "3号窗口" when the hall gave none.
  std::string window_name(int number, const protocol::Names& names, bool mongolian) const;

 private:
  ui::PairStyle pair_style(ui::Ui& ui, int px, std::uint32_t argb, ui::HAlign h, bool bold, int second_px) const;
  void board(ui::Ui& ui);
  void window_screen(ui::Ui& ui);
  void monitor(ui::Ui& ui);
  // The monitor's alarms in `r` (monitor_alarms.cpp): by urgency, as many as fit, a page at a time.
  void monitor_alarms(ui::Ui& ui, ui::Rect r);
  // Which of `pages` pages is up now: each stays options_.page_seconds.
  int page_now(const ui::Ui& ui, int pages) const;
  void lost(ui::Ui& ui);

  Options options_;
  config::Translations zh_, mn_, en_;
  protocol::HallState state_;
  std::unique_ptr<net::HallClient> client_;
  std::unique_ptr<ui::ClipLibrary> clips_;
  std::unique_ptr<ui::Announcer> announcer_;
  std::unique_ptr<RatingPad> pad_;  // --mode window and --mode rating
  bool synced_ = false;
  bool training_ = false;  // the server is a training hall's (hello)
  int bound_window_ = 0;   // the window the device is bound to (hello), 0: none
  domain::ServerClock clock_;
  std::string newest_;  // the newest call's number, and when it arrived
  double newest_since_ = -1e9;
  bool said_portrait_ = false;  // the monitor told stderr once that its window is portrait
  // What calls the board has heard: the newest call's time and the numbers called at that time
  // (two calls in one second). A resync announces what came after.
  void heard(const protocol::CallInfo& c);
  std::vector<protocol::CallInfo> missed_calls(const protocol::Snapshot& snap) const;
  // Tells stderr once per language which clips it lacks and where they were looked for.
  void say_missing_clips(const std::vector<std::string>& langs);
  bool synced_once_ = false;
  std::optional<domain::TimePoint> heard_at_;
  std::vector<std::string> heard_numbers_;
  std::vector<protocol::CallInfo> missed_;  // found at the last resync, not yet announced
  std::vector<std::string> said_missing_;   // languages whose missing clips stderr was told of
};

}  // namespace hallq::display
