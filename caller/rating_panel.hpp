#pragma once
// The caller's 好差评 strip: the day's ratings of the clerk logged in at the
// window (docs/ratings.md) — how many of the visits they finished were rated,
// the satisfaction rate, and the count for each of the five levels, in the
// screen's language (rating.levels.*). Counts only: the server's my_ratings
// sends no ticket and no time, so nothing here tells who rated.
//
// Kept current without polling: the figures are asked for when the clerk
// changes and again whenever the hall's figures move (the `ratings` event,
// pushed on every finish and every rating), a new day begins or the
// connection is resynced — at most once a second. A reply for a clerk who has
// since left is dropped; a refusal (an admin terminal at a closed window)
// leaves the strip without figures.
//
// Thread affinity: the UI thread, like CallerApp, which owns it.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/config/i18n.hpp"
#include "core/net/hall_client.hpp"
#include "core/protocol/ratings.hpp"
#include "core/ui/ui.hpp"

namespace hallq::caller {

class RatingPanel {
 public:
  // `client` and `tr` (the screen's language) must outlive the panel.
  RatingPanel(net::HallClient& client, const config::Translations& tr);
  RatingPanel(const RatingPanel&) = delete;
  RatingPanel& operator=(const RatingPanel&) = delete;

  // Every frame, before draw: the window and the clerk logged in there (empty:
  // nobody), and the frame's time in seconds. Asks when something changed.
  void follow(int window, const std::string& clerk, double now);
  // The figures may have moved (a ratings or day event, a resync).
  void changed() { dirty_ = true; }
  void draw(ui::Ui& ui, ui::Rect r);

  // For tests and CallerApp::live().
  const std::optional<protocol::MyRatingsReply>& figures() const { return figures_; }
  // The server has answered about `clerk` (figures or a refusal); nobody needs no answer.
  bool answered(const std::string& clerk) const { return clerk.empty() || answered_for_ == clerk; }
  // Where the last frame drew a level's words and count (1 非常不满意 … 5 非常满意), and the summary.
  ui::Rect level_words(int level) const { return words_[level - 1]; }
  ui::Rect level_count(int level) const { return counts_[level - 1]; }
  ui::Rect summary() const { return summary_; }

  static constexpr double kMinInterval = 1.0;  // s between two asks at most

 private:
  std::string t(std::string_view key, config::Translations::Args args = {}) const { return tr_.get(key, args); }

  net::HallClient& client_;
  const config::Translations& tr_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // replies after the panel is gone are dropped
  int window_ = 0;
  std::string clerk_;         // logged in at the window now
  std::string answered_for_;  // the clerk the last answer was about
  std::optional<protocol::MyRatingsReply> figures_;
  bool dirty_ = true, loading_ = false;
  double asked_at_ = -1e9;
  ui::Rect words_[5]{}, counts_[5]{}, summary_{};
};

}  // namespace hallq::caller
