#include "display/display_app.hpp"

#include <cstdio>

#include "domain/time.hpp"

namespace hallq::display {

using nlohmann::json;

DisplayApp::DisplayApp(boost::asio::io_context& ctx, Options options)
    : options_(std::move(options)),
      zh_(ui::Translations::load(options_.assets + "/i18n", "zh")),
      mn_(ui::Translations::load(options_.assets + "/i18n", "mn")) {
  client_ = std::make_unique<net::HallClient>(ctx, options_.client);
  if (options_.voice && options_.mode == Mode::hall) {
    std::vector<std::string> search = {options_.assets + "/voice"};
    if (!options_.voice_dir.empty()) search.push_back(options_.voice_dir);
    clips_ = std::make_unique<ui::ClipLibrary>(options_.assets, search);
    announcer_ = std::make_unique<ui::Announcer>(*clips_, ui::VoiceOptions{});
  }
  client_->on_sync = [this](const json&, const json& hall, const json& snap) {
    state_.reset(hall, snap);
    synced_ = true;
    std::string now = snap.value("now", "");
    hall_utc_offset_s_ = domain::iso_utc_offset(now).value_or(hall_utc_offset_s_);
    if (auto t = domain::parse_iso(now)) {
      clock_offset_ = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::time_point(*t) - std::chrono::system_clock::now());
    }
    if (announcer_)
      announcer_->configure({state_.hall().announce_languages, state_.hall().announce_repeat});
    if (options_.mode == Mode::monitor)
      client_->request({{"op", "alarms"}}, [this](const json& r) {
        if (r.value("ok", false)) state_.set_alarms(r);
      });
  };
  client_->on_event = [this](const json& e) { state_.apply(e); };
  client_->start();
}

bool DisplayApp::live() const { return synced_ && client_->state() == net::HallClient::State::online; }

std::chrono::system_clock::time_point DisplayApp::hall_now() const {
  return std::chrono::system_clock::now() + clock_offset_;
}

domain::LocalTime DisplayApp::hall_clock() const {
  return domain::to_local(std::chrono::time_point_cast<domain::Millis>(hall_now()), hall_utc_offset_s_);
}

std::string DisplayApp::window_name(int number, const protocol::Names& names, bool mongolian) const {
  const std::string& given = mongolian ? names.mn : names.zh;
  if (!given.empty()) return given;
  return mongolian ? tm("common.window", {{"n", std::to_string(number)}}) : t("common.window", {{"n", std::to_string(number)}});
}

std::string DisplayApp::duration(std::int64_t s) const {
  std::int64_t m = (s + 59) / 60;
  if (m < 60) return t("common.minutes", {{"n", std::to_string(m)}});
  char mm[8];
  std::snprintf(mm, sizeof mm, "%02lld", static_cast<long long>(m % 60));
  return t("common.hours_minutes", {{"h", std::to_string(m / 60)}, {"m", mm}});
}

void DisplayApp::bilingual(ui::Ui& ui, ui::Rect r, const std::string& zh, const std::string& mn, int px,
                           std::uint32_t argb, ui::HAlign h, bool bold) {
  if (mn.empty()) {
    ui.text(r, zh, {px, bold, argb, h, ui::VAlign::middle});
    return;
  }
  // Mongolian letters are drawn small for their point size (a horizontal line
  // of the vertical script), so its line gets a larger share than Chinese.
  ui::Rect top{r.x, r.y, r.w, r.h * 56 / 100};
  ui::Rect bottom{r.x, r.y + r.h * 56 / 100, r.w, r.h * 44 / 100};
  ui.text(top, zh, {px, bold, argb, h, ui::VAlign::bottom});
  ui.text(bottom, mn, {px * 75 / 100, false, argb, h, ui::VAlign::top});
}

void DisplayApp::frame(ui::Ui& ui, const ui::Input&) {
  if (!live()) {
    lost(ui);
    return;
  }
  // New calls: announce them, and make the newest blink.
  for (const auto& c : state_.take_new_calls()) {
    newest_ = c.number;
    newest_since_ = ui.now();
    if (announcer_) announcer_->announce(c.number, c.window);
  }
  if (announcer_) announcer_->pump();
  switch (options_.mode) {
    case Mode::hall: board(ui); break;
    case Mode::window: window_screen(ui); break;
    case Mode::monitor: monitor(ui); break;
  }
}

void DisplayApp::lost(ui::Ui& ui) {
  const auto& th = ui.theme();
  ui.clear(th.background);
  int w = ui.width(), h = ui.height();
  ui::Rect band{0, h / 3, w, h / 3};
  ui.fill(band, th.alarm);
  bilingual(ui, {w / 20, band.y + band.h / 10, w * 9 / 10, band.h / 2}, t("common.connection_lost"),
            tm("common.connection_lost"), th.px(64), th.text, ui::HAlign::center, true);
  ui.text({0, band.y + band.h * 6 / 10, w, band.h * 2 / 10}, t("common.please_wait"),
          {th.px(36), false, th.text, ui::HAlign::center, ui::VAlign::middle});
  // Blinking dots: the screen is alive and retrying.
  std::string dots(static_cast<std::size_t>(static_cast<int>(ui.now() * 2) % 4), '.');
  ui.text({0, band.y + band.h + th.px(20), w, th.px(60)}, t("common.reconnecting") + dots,
          {th.px(32), false, th.dim, ui::HAlign::center, ui::VAlign::top});
}

}  // namespace hallq::display
