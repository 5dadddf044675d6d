#include "caller/rating_panel.hpp"

#include <algorithm>

namespace hallq::caller {

namespace {
// rating.levels.<name>, from 1 (非常不满意) to 5 (非常满意): the wire's order.
constexpr std::string_view kLevels[] = {"very_dissatisfied", "dissatisfied", "basically_satisfied", "satisfied",
                                        "very_satisfied"};
// A level's words in its cell: one line, or two split at the space nearest
// the middle when one line would have to shrink (the Mongolian words are long).
void words(ui::Ui& ui, ui::Rect r, const std::string& s) {
  const auto& th = ui.theme();
  const int px = th.px(30);
  ui::Label one{px, false, th.text, ui::HAlign::center, ui::VAlign::middle};
  // Slightly smaller on one line reads better than two lines.
  if (ui.measure(s, px).width * 4 <= r.w * 5 || s.find(' ') == std::string::npos) {
    ui.text(r, s, one);
    return;
  }
  std::size_t best = std::string::npos;
  int best_wider = 0;
  for (std::size_t at = s.find(' '); at != std::string::npos; at = s.find(' ', at + 1)) {
    int wider = std::max(ui.measure(s.substr(0, at), px).width, ui.measure(s.substr(at + 1), px).width);
    if (best == std::string::npos || wider < best_wider) {
      best = at;
      best_wider = wider;
    }
  }
  ui::Label two{th.px(28), false, th.text, ui::HAlign::center, ui::VAlign::middle};
  ui.text({r.x, r.y, r.w, r.h / 2}, s.substr(0, best), two);
  ui.text({r.x, r.y + r.h / 2, r.w, r.h - r.h / 2}, s.substr(best + 1), two);
}

}  // namespace

RatingPanel::RatingPanel(net::HallClient& client, const config::Translations& tr) : client_(client), tr_(tr) {}

void RatingPanel::follow(int window, const std::string& clerk, double now) {
  if (window != window_ || clerk != clerk_) {
    // Another clerk never sees the one before's figures, not even for a frame.
    window_ = window;
    clerk_ = clerk;
    figures_.reset();
    answered_for_.clear();
    dirty_ = true;
    asked_at_ = -1e9;
  }
  if (clerk_.empty() || window_ <= 0 || !dirty_ || loading_ || now - asked_at_ < kMinInterval) return;
  dirty_ = false;
  loading_ = true;
  asked_at_ = now;
  client_.request(protocol::MyRatingsRequest{window_}, [this, alive = std::weak_ptr<bool>(alive_), asked_for = clerk_](
                                                           const protocol::Result<protocol::MyRatingsReply>& reply) {
    if (!alive.lock()) return;
    loading_ = false;
    if (asked_for != clerk_) return;  // the clerk changed meanwhile: asked again
    if (!reply) {
      // offline or timeout: ask again once back; a refusal stands until something changes.
      auto code = reply.failure().code;
      if (code == protocol::Errc::offline || code == protocol::Errc::timeout) {
        dirty_ = true;
        return;
      }
      figures_.reset();
      answered_for_ = asked_for;
      return;
    }
    if (reply->clerk != clerk_) return;
    figures_ = reply.value();
    answered_for_ = asked_for;
  });
}

void RatingPanel::draw(ui::Ui& ui, ui::Rect r) {
  const auto& th = ui.theme();
  ui.fill(r, th.panel_alt);
  ui::Rect in = r.inset(th.px(8));
  const int gap = th.px(10);

  // The summary: the title over "rated of offered · satisfaction".
  summary_ = {in.x, in.y, in.w * 27 / 100, in.h};
  ui.text({summary_.x + th.px(8), summary_.y, summary_.w - th.px(8), summary_.h * 42 / 100}, t("caller.ratings_title"),
          {th.px(28), false, th.dim, ui::HAlign::left, ui::VAlign::middle});
  std::string line;
  if (!figures_)
    line = "…";
  else if (figures_->rated == 0)
    line = t("caller.ratings_none", {{"offered", std::to_string(figures_->offered)}});
  else
    line = t("caller.ratings_summary", {{"rated", std::to_string(figures_->rated)},
                                        {"offered", std::to_string(figures_->offered)},
                                        {"pct", std::to_string((figures_->satisfaction_permille + 5) / 10)}});
  ui.text({summary_.x + th.px(8), summary_.y + summary_.h * 42 / 100, summary_.w - th.px(8), summary_.h * 58 / 100},
          line, {th.px(34), true, th.text, ui::HAlign::left, ui::VAlign::middle});

  // Five cells, 非常满意 first as people read the scale: the level's words over its count.
  int x0 = summary_.x + summary_.w + gap, cw = (in.x + in.w - x0 - 4 * gap) / 5;
  for (int i = 0; i < 5; ++i) {
    const int level = 5 - i;
    ui::Rect cell{x0 + i * (cw + gap), in.y, cw, in.h};
    ui.fill(cell, th.panel);
    const bool bad = level <= 2;
    int count = figures_ && figures_->levels.size() == 5 ? figures_->levels[static_cast<std::size_t>(level - 1)] : -1;
    ui::Rect& w = words_[level - 1];
    ui::Rect& n = counts_[level - 1];
    w = {cell.x + th.px(6), cell.y + th.px(2), cell.w - th.px(12), cell.h * 58 / 100 - th.px(2)};
    n = {cell.x, cell.y + cell.h * 58 / 100, cell.w, cell.h - cell.h * 58 / 100};
    words(ui, w, t("rating.levels." + std::string(kLevels[level - 1])));
    ui.text(n, count < 0 ? "–" : std::to_string(count),
            {th.px(44), true, bad && count > 0 ? th.warn : th.accent, ui::HAlign::center, ui::VAlign::middle});
  }
}

}  // namespace hallq::caller
