#include "display/rating_pad.hpp"

#include <algorithm>
#include <array>

#include "core/domain/rating_book.hpp"
#include "core/ui/widgets.hpp"
#include "display/display_app.hpp"

namespace hallq::display {
namespace {

using protocol::RatingLevel;

constexpr double kMessageSeconds = 5;  // the thank-you (or the refusal) stays this long
constexpr std::size_t kRemembered = 16;
constexpr std::size_t kPhoneDigits = 11;
constexpr std::uint32_t kBad = 0xFF8E2433;  // the bad levels' buttons: white text > 7:1

// Best first, as the platforms' pads show them.
constexpr std::array<RatingLevel, 5> kLevels{RatingLevel::very_satisfied, RatingLevel::satisfied,
                                             RatingLevel::basically_satisfied, RatingLevel::dissatisfied,
                                             RatingLevel::very_dissatisfied};

bool bad(RatingLevel l) {
  return l == RatingLevel::dissatisfied || l == RatingLevel::very_dissatisfied;
}

std::string stars(int n) {
  std::string s;
  for (int i = 0; i < 5; ++i) s += i < n ? "★" : "☆";
  return s;
}

}  // namespace

RatingPad::RatingPad(DisplayApp& app, int window) : app_(app), window_(window) {}

std::string RatingPad::first(const std::string& key, const config::Translations::Args& args) const {
  return app_.words(lang_ == "en" ? "en" : lang_ == "mn" ? "mn" : "zh").get(key, args);
}

std::string RatingPad::second(const std::string& key, const config::Translations::Args& args) const {
  return app_.words(lang_ == "en" || lang_ == "mn" ? "zh" : "mn").get(key, args);
}

void RatingPad::start(const protocol::RatingOffer& offer) {
  offer_ = offer;
  ticket_ = offer.ticket;
  lang_ = offer.language.empty() ? "zh" : offer.language;
  level_.reset();
  reasons_.clear();
  callback_ = false;
  phone_.clear();
  sending_ = false;
  const int pad = std::max(5, app_.state().hall().ratings.pad_seconds);
  auto until = domain::parse_iso(offer.until);
  idle_until_ = until ? *until : app_.clock().now() + std::chrono::seconds(pad);
  hard_until_ = idle_until_ + std::chrono::seconds(pad * (domain::RatingBook::kPadTouchedLimit - 1));
  page_ = Page::levels;
}

void RatingPad::close() {
  if (!ticket_.empty()) {
    done_.push_back(ticket_);
    if (done_.size() > kRemembered) done_.pop_front();
  }
  page_ = Page::none;
}

void RatingPad::touched() {
  const int pad = std::max(5, app_.state().hall().ratings.pad_seconds);
  idle_until_ = std::min(hard_until_, std::max(idle_until_, app_.clock().now() + std::chrono::seconds(pad)));
}

bool RatingPad::frame(ui::Ui& ui) {
  const protocol::RatingOffer* offer = app_.state().rating_offer(window_);
  // The visit rated on the window's other pad (or by phone): the server ends its offer early
  // (the same offer, `until` now). This page leaves, saying so.
  if ((page_ == Page::levels || page_ == Page::reasons) && !sending_ && offer && offer->ticket == ticket_ &&
      offer->until != offer_.until) {
    auto until = domain::parse_iso(offer->until);
    if (until && *until <= app_.clock().now()) {
      page_ = Page::failed;
      failed_key_ = "rating.already_rated";
      message_until_ = ui.now() + kMessageSeconds;
    }
  }
  const bool fresh = offer && std::find(done_.begin(), done_.end(), offer->ticket) == done_.end() &&
                     offer->ticket != (page_ == Page::none ? std::string() : ticket_);
  if (fresh) {
    auto until = domain::parse_iso(offer->until);
    // A newer visit finished at this window takes the pad over; one whose time
    // has passed (a pad that reconnects late) is not offered again.
    if (!until || app_.clock().now() < *until) {
      if (page_ == Page::levels || page_ == Page::reasons) close();
      start(*offer);
    }
  }
  switch (page_) {
    case Page::none:
      return false;
    case Page::levels:
    case Page::reasons:
      if (ui.input().pressed) touched();
      if (!sending_ && app_.clock().now() >= idle_until_) {  // no touch: "not rated" stays on the server
        close();
        return false;
      }
      if (page_ == Page::levels)
        levels_page(ui);
      else
        reasons_page(ui);
      return true;
    case Page::thanks:
    case Page::failed:
      if (ui.now() >= message_until_) {
        close();
        return false;
      }
      if (page_ == Page::thanks)
        message_page(ui, "rating.thanks", ui.theme().good);
      else
        message_page(ui, failed_key_, failed_key_ == "rating.already_rated" ? ui.theme().text : ui.theme().warn);
      return true;
  }
  return false;
}

void RatingPad::header(ui::Ui& ui, ui::Rect r, const std::string& key) {
  const auto& th = ui.theme();
  ui::bilingual(ui, r, first(key), second(key),
                {.px = th.px(64), .bold = true, .argb = th.text, .h = ui::HAlign::center, .split = 58});
}

void RatingPad::levels_page(ui::Ui& ui) {
  const auto& th = ui.theme();
  const int W = ui.width(), H = ui.height(), pad = th.px(20);
  ui.clear(th.background);
  header(ui, {pad, pad, W - 2 * pad, H * 15 / 100}, "rating.title");
  std::string service = offer_.service;
  if (const auto* s = app_.state().hall().service(offer_.service)) service = s->names.in(lang_);
  ui.text({pad, pad + H * 15 / 100, W - 2 * pad, H * 6 / 100},
          first("rating.visit", {{"ticket", ticket_}, {"service", service}, {"clerk", offer_.clerk_name.value_or("")}}),
          {th.px(34), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  const int top = pad + H * 22 / 100, bottom = H - pad - H * 9 / 100;
  ui::Grid grid = ui::Grid::of({W / 8, top, W * 6 / 8, bottom - top}, 5, 1, th.px(12));
  for (std::size_t i = 0; i < kLevels.size(); ++i) {
    const RatingLevel l = kLevels[i];
    const std::string key = "rating.levels." + std::string(protocol::to_string(l));
    ui::Rect cell = grid.cell(static_cast<int>(i));
    const std::uint32_t colour = bad(l) ? kBad : l == RatingLevel::basically_satisfied ? th.button : th.go;
    bool tapped =
        ui.button("level." + std::string(protocol::to_string(l)), cell, first(key), second(key), !sending_, colour);
    // The stars, on the button's left (5 for 非常满意 … 1 for 非常不满意).
    ui.text({cell.x + th.px(16), cell.y, cell.w / 4, cell.h}, stars(protocol::platform_level(l)),
            {std::min(th.px(40), cell.h / 2), false, th.accent, ui::HAlign::left, ui::VAlign::middle});
    if (!tapped) continue;
    level_ = l;
    if (bad(l)) {
      page_ = Page::reasons;
    } else {
      send(ui);
    }
  }
  if (ui.button("skip", {W - pad - W / 5, H - pad - H * 8 / 100, W / 5, H * 8 / 100}, first("rating.skip"),
                second("rating.skip"), !sending_, th.panel_alt))
    close();
}

void RatingPad::reasons_page(ui::Ui& ui) {
  const auto& th = ui.theme();
  const int W = ui.width(), H = ui.height(), pad = th.px(20);
  ui.clear(th.background);
  header(ui, {pad, pad, W - 2 * pad, H * 14 / 100}, "rating.reasons_title");
  const auto& reasons = app_.state().hall().ratings.reasons;
  const int top = pad + H * 17 / 100, bottom = H - pad - H * 11 / 100;
  const int left_w = W * 55 / 100;
  ui::Grid grid = ui::Grid::of({pad, top, left_w - 2 * pad, (bottom - top) * 72 / 100},
                               static_cast<int>(reasons.size()), 2, th.px(12));
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    const std::string& id = reasons[i];
    const bool on = reasons_.count(id) > 0;
    ui::Rect cell = grid.cell(static_cast<int>(i));
    const std::string key = "rating.reasons." + id;
    if (ui.button("reason." + id, cell, first(key), second(key), !sending_, on ? th.go : th.button)) {
      if (on)
        reasons_.erase(id);
      else
        reasons_.insert(id);
    }
    if (on) ui.outline(cell, th.accent, th.px(6));
  }
  ui::Rect consent{pad, top + (bottom - top) * 78 / 100, left_w - 2 * pad, (bottom - top) * 22 / 100};
  if (ui.button("callback", consent, first("rating.callback"), second("rating.callback"), !sending_,
                callback_ ? th.go : th.panel_alt))
    callback_ = !callback_;
  if (callback_) ui.outline(consent, th.accent, th.px(6));

  // The call-back number: only once the citizen agrees to be called.
  ui::Rect right{left_w + pad, top, W - left_w - 2 * pad, bottom - top};
  if (callback_) {
    ui.text({right.x, right.y, right.w, right.h * 10 / 100}, first("rating.phone") + " · " + second("rating.phone"),
            {th.px(32), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
    auto key =
        ui::keypad(ui, "phone", {right.x, right.y + right.h * 26 / 100, right.w, right.h * 74 / 100},
                   {"1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", std::string(ui::kEraseKey)}, 3, !sending_);
    ui.fill({right.x, right.y + right.h * 10 / 100, right.w, right.h * 14 / 100}, th.panel);
    ui::code_entry(ui, {right.x, right.y + right.h * 10 / 100, right.w, right.h * 14 / 100}, phone_,
                   {.max_len = kPhoneDigits}, th.px(56), key, {.erase = ui::kEraseKey}, !sending_);
  } else {
    ui::bilingual(ui, right.inset(right.w / 10), first("rating.callback_hint"), second("rating.callback_hint"),
                  {.px = th.px(34), .argb = th.dim, .h = ui::HAlign::center, .split = 55});
  }

  const int bh = H * 9 / 100, by = H - pad - bh;
  if (ui.button("back", {pad, by, W / 5, bh}, first("rating.back"), second("rating.back"), !sending_, th.panel_alt)) {
    page_ = Page::levels;
    level_.reset();
  }
  const bool ready = !reasons_.empty() && (!callback_ || phone_.size() == kPhoneDigits);
  if (ui.button("submit", {W - pad - W * 3 / 10, by, W * 3 / 10, bh}, first("rating.submit"), second("rating.submit"),
                ready && !sending_, th.go))
    send(ui);
}

void RatingPad::send(ui::Ui& ui) {
  if (!level_ || sending_) return;
  protocol::RateRequest r;
  r.ticket = ticket_;
  r.level = *level_;
  if (bad(*level_)) {
    const auto& order = app_.state().hall().ratings.reasons;  // in the pad's order, not the taps'
    for (const auto& id : order)
      if (reasons_.count(id)) r.reasons.push_back(id);
    if (callback_ && phone_.size() == kPhoneDigits) r.phone = phone_;
  }
  sending_ = true;
  const std::string ticket = ticket_;
  app_.client().request(r, [this, ticket, now = ui.now()](const protocol::Result<protocol::RatingReply>& reply) {
    if (ticket != ticket_ || !sending_) return;  // the pad has moved on
    sending_ = false;
    phone_.clear();  // never kept on the pad
    message_until_ = now + kMessageSeconds;
    if (reply) {
      page_ = Page::thanks;
      return;
    }
    page_ = Page::failed;
    // invalid_state is either "already rated" (on the window's other pad) or "the time has
    // passed"; before the pad's own time is up (with a margin for the clocks) it is the first.
    const auto code = reply.code();
    const bool in_time = app_.clock().now() + std::chrono::seconds(2) < hard_until_;
    failed_key_ = code != protocol::Errc::invalid_state ? "rating.not_sent"
                  : in_time                             ? "rating.already_rated"
                                                        : "rating.too_late";
  });
}

void RatingPad::message_page(ui::Ui& ui, const std::string& key, std::uint32_t argb) {
  const auto& th = ui.theme();
  const int W = ui.width(), H = ui.height();
  ui.clear(th.background);
  ui::bilingual(ui, {W / 10, H / 4, W * 8 / 10, H / 2}, first(key), second(key),
                {.px = th.px(96), .bold = true, .argb = argb, .h = ui::HAlign::center, .split = 55});
}

void RatingPad::idle(ui::Ui& ui, bool bound) {
  const auto& th = ui.theme();
  const int W = ui.width(), H = ui.height();
  ui.clear(th.background);
  const auto* info = app_.state().hall().window(window_);
  const std::string zh = app_.window_name(window_, info ? info->names : protocol::Names{}, false);
  const std::string mn = app_.window_name(window_, info ? info->names : protocol::Names{}, true);
  ui::bilingual(ui, {W / 10, H / 10, W * 8 / 10, H * 3 / 10}, zh, mn,
                {.px = th.px(80), .bold = true, .argb = th.text, .h = ui::HAlign::center, .split = 56});
  const char* key = bound ? "rating.idle" : "rating.unbound";
  ui::bilingual(ui, {W / 10, H * 5 / 10, W * 8 / 10, H * 3 / 10}, app_.words("zh").get(key), app_.words("mn").get(key),
                {.px = th.px(48), .argb = bound ? th.dim : th.warn, .h = ui::HAlign::center, .split = 56});
}

}  // namespace hallq::display
