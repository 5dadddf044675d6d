#include "core/ui/app.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstdio>

namespace hallq::ui {

Runner::Runner(Window& window, boost::asio::io_context& ctx, Screen& screen, Theme& theme)
    : window_(window), ctx_(ctx), screen_(screen), theme_(theme) {
  fonts_ = std::make_unique<FontSet>();
  cache_ = std::make_unique<TextCache>(window_.renderer(), *fonts_);
  ui_ = std::make_unique<Ui>(window_.renderer(), *cache_, theme_);
  fit_to_window();
}

void Runner::fit_to_window() {
  input_.width = window_.width();
  input_.height = window_.height();
  theme_.scale = window_.height() / 1080.0;
  if (window_.width() < window_.height()) theme_.scale = window_.width() / 1080.0;  // portrait
}

Runner::~Runner() = default;

bool Runner::step(bool whole) {
  input_.begin_frame();
  SDL_Event e;
  while (SDL_PollEvent(&e)) {
    input_.handle(e);
    // Shown, exposed, resized, moved to another screen: what the window shows may be gone.
    if (e.type == SDL_WINDOWEVENT || e.type == SDL_RENDER_TARGETS_RESET || e.type == SDL_RENDER_DEVICE_RESET)
      whole = true;
    // Another size than asked for: the screen is laid out again for it, and its type scaled.
    if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED && window_.update_size())
      fit_to_window();
  }
  if (ctx_.stopped()) ctx_.restart();
  ctx_.poll();
  auto t0 = std::chrono::steady_clock::now();
  double now = std::chrono::duration<double>(t0 - start_).count();
  if (now - whole_at_ >= kWholeFrameSeconds) whole = true;
  if (!pending_shot_.empty()) whole = true;
  ui_->begin(input_, now, window_.width(), window_.height());
  screen_.frame(*ui_, input_);
  if (TrainingMark m = screen_.training_mark(); !m.word.empty()) draw_training_mark(*ui_, m.tab ? m.word : "", m.word2);
  std::vector<Rect> places = ui_->finish(whole);
  SDL_RenderFlush(window_.renderer());  // the queued drawing is done here, not at present
  cache_->end_frame();
  draw_ms_.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  if (draw_ms_.size() > 100000) draw_ms_.erase(draw_ms_.begin(), draw_ms_.begin() + 50000);
  ++drawing_.frames;
  if (whole) whole_at_ = now;
  if (!places.empty()) {
    ++drawing_.drawn;
    for (const auto& p : places) drawing_.pixels += static_cast<std::uint64_t>(p.w) * static_cast<std::uint64_t>(p.h);
  }
  if (!pending_shot_.empty()) {
    std::string error;
    shot_ok_ = window_.screenshot(pending_shot_, &error);
    if (!shot_ok_) std::fprintf(stderr, "cannot write %s: %s\n", pending_shot_.c_str(), error.c_str());
    pending_shot_.clear();
  }
  if (places.empty()) return !input_.quit;  // the screen already shows this frame
  auto t1 = std::chrono::steady_clock::now();
  window_.present();
  present_ms_.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count());
  if (present_ms_.size() > 100000) present_ms_.erase(present_ms_.begin(), present_ms_.begin() + 50000);
  return !input_.quit;
}

namespace {
double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}
}  // namespace

FrameStats Runner::measure(int frames) {
  std::size_t from = draw_ms_.size(), pfrom = present_ms_.size();
  for (int f = 0; f < frames; ++f) step(true);  // a frame's cost: drawn whole, as after a change
  std::vector<double> d(draw_ms_.begin() + static_cast<std::ptrdiff_t>(from), draw_ms_.end());
  std::vector<double> p(present_ms_.begin() + static_cast<std::ptrdiff_t>(pfrom), present_ms_.end());
  FrameStats s;
  s.frames = d.size();
  s.draw_p50 = percentile(d, 0.50);
  s.draw_p99 = percentile(d, 0.99);
  s.draw_max = d.empty() ? 0 : *std::max_element(d.begin(), d.end());
  s.present_p50 = percentile(p, 0.50);
  s.present_p99 = percentile(p, 0.99);
  return s;
}

int Runner::run(const RunOptions& o) {
  auto started = std::chrono::steady_clock::now();
  const auto frame = std::chrono::milliseconds(1000 / std::max(1, o.fps));
  bool want_shot = !o.screenshot.empty();
  for (;;) {
    auto t0 = std::chrono::steady_clock::now();
    bool timed_out = want_shot && t0 - started > o.screenshot_wait;
    // Decided before the frame: the network is polled inside step(), and the
    // frame that becomes live there was not asked to be written.
    bool shoot = want_shot && (screen_.live() || timed_out);
    if (shoot) screenshot_next(o.screenshot);
    if (!step()) return 0;
    if (shoot && timed_out)
      std::fprintf(stderr, "no live data from the server within %lld s (see the screen written to %s)\n",
                   static_cast<long long>(o.screenshot_wait.count() / 1000), o.screenshot.c_str());
    if (shoot) return shot_ok_ && !timed_out ? 0 : 1;
    // Sleep until the next frame, waking early for input.
    auto left = frame - (std::chrono::steady_clock::now() - t0);
    if (left > std::chrono::milliseconds(1))
      SDL_WaitEventTimeout(nullptr,
                           static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(left).count()));
  }
}

}  // namespace hallq::ui
