#include "display/display_app.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/domain/time.hpp"
#include "core/ui/terminal.hpp"
#include "core/ui/widgets.hpp"

namespace hallq::display {

std::uint32_t state_colour(const ui::Theme& th, protocol::WindowState state) {
  if (state == protocol::WindowState::serving) return th.good;
  if (state == protocol::WindowState::paused) return th.warn;
  if (state == protocol::WindowState::idle) return th.button_hot;
  return th.disabled;
}

DisplayApp::DisplayApp(boost::asio::io_context& ctx, Options options)
    : options_(std::move(options)),
      zh_(config::Translations::load(options_.assets + "/i18n", "zh")),
      mn_(config::Translations::load(options_.assets + "/i18n", "mn")),
      en_(config::Translations::load(options_.assets + "/i18n", "en")) {
  client_ = std::make_unique<net::HallClient>(ctx, options_.client);
  if (options_.mode == Mode::window || options_.mode == Mode::rating)
    pad_ = std::make_unique<RatingPad>(*this, options_.window);
  if (options_.voice && options_.mode == Mode::hall) {
    std::vector<std::string> search = {options_.assets + "/voice"};
    if (!options_.voice_dir.empty()) search.push_back(options_.voice_dir);
    clips_ = std::make_unique<ui::ClipLibrary>(options_.assets, search);
    announcer_ = std::make_unique<ui::Announcer>(*clips_, ui::VoiceOptions{});
    announcer_->log = [](const std::string& line) { std::fprintf(stderr, "hallq-display: %s\n", line.c_str()); };
    if (!announcer_->audio())
      std::fprintf(stderr, "hallq-display: %s: calls are shown, and logged here, not spoken\n",
                   announcer_->no_audio_reason().c_str());
  }
  client_->on_sync = [this](const protocol::HelloReply& hello, const protocol::HallInfo& hall,
                            const protocol::Snapshot& snap) {
    // Calls made while the board was away: announced below, as if they had just arrived.
    if (synced_once_) {
      auto missed = missed_calls(snap);
      missed_.insert(missed_.end(), missed.begin(), missed.end());
    } else {
      for (auto it = snap.recent_calls.rbegin(); it != snap.recent_calls.rend(); ++it) heard(*it);
    }
    synced_once_ = true;
    state_.reset(hall, snap);
    synced_ = true;
    training_ = hello.training;
    bound_window_ = hello.window.value_or(0);
    clock_.sync(snap.now);
    if (announcer_) {
      const auto& langs = state_.hall().display.announce_languages;
      announcer_->configure({langs, state_.hall().display.announce_repeat, training_});
      say_missing_clips(langs);
    }
    if (options_.mode == Mode::monitor)
      client_->request(protocol::AlarmsRequest{}, [this](const protocol::Result<protocol::AlarmsReply>& r) {
        if (r) state_.set_alarms(r->alarms);
      });
  };
  client_->on_event = [this](const protocol::Event& e) { state_.apply(e); };
  client_->start();
}

ui::TrainingMark DisplayApp::training_mark() const {
  if (!training_) return {};
  // A window's screen and its rating pad have buttons in that corner (skip, submit): the frame only.
  bool tab = options_.mode == Mode::hall || options_.mode == Mode::monitor;
  return {t("common.training"), tm("common.training"), tab};
}

bool DisplayApp::live() const {
  return synced_ && client_->state() == net::HallClient::State::online;
}

std::string DisplayApp::reason_text(const std::string& reason, bool mongolian) const {
  std::string key = "common.pause_reasons." + reason;
  if (!zh_.has(key)) return mongolian ? "" : reason;
  return mongolian ? tm(key) : t(key);
}

std::string DisplayApp::window_name(int number, const protocol::Names& names, bool mongolian) const {
  const std::string& given = mongolian ? names.mn : names.zh;
  if (!given.empty()) return given;
  return mongolian ? tm("common.window", {{"n", std::to_string(number)}})
                   : t("common.window", {{"n", std::to_string(number)}});
}

int DisplayApp::page_now(const ui::Ui& ui, int pages) const {
  if (pages <= 1) return 0;
  return static_cast<int>(ui.now() / std::max(0.1, options_.page_seconds)) % pages;
}

std::string DisplayApp::duration(std::int64_t s) const {
  return config::duration_text(zh_, s);
}

std::string DisplayApp::elapsed(std::int64_t s) const {
  return config::elapsed_text(zh_, s);
}

ui::PairStyle DisplayApp::pair_style(ui::Ui& ui, int px, std::uint32_t argb, ui::HAlign h, bool bold,
                                     int second_px) const {
  // Mongolian letters are drawn small for their point size (a horizontal line
  // of the vertical script), so its line gets a larger share than Chinese.
  // Neither line below the size at which a Mongolian word stands 20 px tall at 1080p (0.86-1.1 em
  // of ink; tests/display/legibility_test.cpp): a line that does not fit at that size is broken at spaces.
  return {.px = px,
          .second_px = second_px,
          .bold = bold,
          .argb = argb,
          .h = h,
          .split = 56,
          .together = true,
          .min_px = ui.theme().px(25),
          .second_min_px = second_px};
}

void DisplayApp::bilingual(ui::Ui& ui, ui::Rect r, const std::string& zh, const std::string& mn, int px,
                           std::uint32_t argb, ui::HAlign h, bool bold, int second_px) {
  ui::bilingual(ui, r, zh, mn, pair_style(ui, px, argb, h, bold, second_px));
}

int DisplayApp::bilingual_height(ui::Ui& ui, int w, const std::string& zh, const std::string& mn, int px, bool bold,
                                 int second_px) {
  return ui::bilingual_height(ui, w, zh, mn, pair_style(ui, px, 0xFFFFFFFF, ui::HAlign::left, bold, second_px));
}

void DisplayApp::frame(ui::Ui& ui, const ui::Input&) {
  if (!live()) {
    lost(ui);
    return;
  }
  // New calls (and those missed while away, first): announce them, and make the newest blink.
  auto calls = std::exchange(missed_, {});
  for (auto& c : state_.take_new_calls()) calls.push_back(std::move(c));
  for (const auto& c : calls) {
    heard(c);
    newest_ = c.number;
    newest_since_ = ui.now();
    if (announcer_) announcer_->announce(c.number, c.window);
  }
  if (announcer_) announcer_->pump();
  switch (options_.mode) {
    case Mode::hall:
      board(ui);
      break;
    case Mode::window:
      // A screen whose device is not bound to the window stays the window's view: the server
      // would refuse its ratings (docs/ratings.md).
      if (!pad_bound() || !pad_->frame(ui)) window_screen(ui);
      break;
    case Mode::rating:
      if (!pad_bound() || !pad_->frame(ui)) pad_->idle(ui, pad_bound());
      break;
    case Mode::monitor:
      monitor(ui);
      break;
  }
}

void DisplayApp::heard(const protocol::CallInfo& c) {
  auto at = domain::parse_iso(c.at);
  if (!at) return;
  if (!heard_at_ || *at > *heard_at_) {
    heard_at_ = at;
    heard_numbers_.clear();
  }
  if (*at == *heard_at_) heard_numbers_.push_back(c.number);
}

std::vector<protocol::CallInfo> DisplayApp::missed_calls(const protocol::Snapshot& snap) const {
  std::vector<protocol::CallInfo> out;
  auto now = domain::parse_iso(snap.now);
  for (auto it = snap.recent_calls.rbegin(); it != snap.recent_calls.rend(); ++it) {  // oldest first
    auto at = domain::parse_iso(it->at);
    if (!at) continue;
    if (heard_at_ && (*at < *heard_at_ || (*at == *heard_at_ && std::find(heard_numbers_.begin(), heard_numbers_.end(),
                                                                          it->number) != heard_numbers_.end())))
      continue;
    if (now && *at < *now - std::chrono::seconds(kResyncAnnounceSeconds)) continue;
    out.push_back(*it);
  }
  return out;
}

void DisplayApp::say_missing_clips(const std::vector<std::string>& langs) {
  for (const auto& lang : langs) {
    if (std::find(said_missing_.begin(), said_missing_.end(), lang) != said_missing_.end()) continue;
    said_missing_.push_back(lang);
    std::string where;
    for (const auto& dir : clips_->search()) where += (where.empty() ? "" : " or ") + dir + "/" + lang;
    auto langs_known = clips_->languages();
    if (std::find(langs_known.begin(), langs_known.end(), lang) == langs_known.end()) {
      std::fprintf(stderr, "hallq-display: no voice for %s (announce_languages): no %s/voice/%s/clips.json\n",
                   lang.c_str(), options_.assets.c_str(), lang.c_str());
      continue;
    }
    auto missing = clips_->missing(lang);
    if (missing.empty()) continue;
    std::string names;
    for (std::size_t i = 0; i < missing.size() && i < 12; ++i) names += (i ? ", " : "") + missing[i];
    if (missing.size() > 12) names += ", … (" + std::to_string(missing.size() - 12) + " more)";
    std::fprintf(stderr, "hallq-display: no voice for %s: %zu clips missing in %s (%s): calls are not said in %s\n",
                 lang.c_str(), missing.size(), where.c_str(), names.c_str(), lang.c_str());
  }
}

void DisplayApp::lost(ui::Ui& ui) {
  if (auto hint = ui::version_mismatch_hint(*client_, zh_); !hint.empty()) {
    ui::draw_connection_lost(ui, t("common.version_mismatch"), tm("common.version_mismatch"), hint,
                             t("common.retrying_later"));
    return;
  }
  // Guides are told what staff can do (it reconnects by itself; who to call), not the citizens' "please wait".
  const char* hint = options_.mode == Mode::monitor ? "display.monitor_lost_hint" : "common.please_wait";
  ui::draw_connection_lost(ui, t("common.connection_lost"), tm("common.connection_lost"), t(hint),
                           t("common.reconnecting"));
}

}  // namespace hallq::display
