#pragma once
// The frame loop every hallq screen runs (after Dear ImGui's backends):
// poll SDL events → poll the Asio context (network) → the screen's frame → draw
// what changed (DrawList) → present, when anything did.
// Draw times are recorded, and --screenshot is handled here: the first frame
// drawn with live data from the server is written as a PNG, then the app
// ends (or after `screenshot_wait` with whatever it shows, exit status 1).
//
// Thread affinity: one thread runs SDL, the network and drawing.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/ui/fonts.hpp"
#include "core/ui/text_cache.hpp"
#include "core/ui/theme.hpp"
#include "core/ui/ui.hpp"
#include "core/ui/window.hpp"

namespace hallq::ui {

// How a training hall's screen is marked (draw_training_mark): an accent frame round the screen, and
// `word` (培训) with `word2` (its second language) under it in a tab in the bottom-right corner —
// unless the screen shows the words in a place of its own (`tab` false: the kiosk's header, where
// a corner tab would cover its buttons). An empty `word`: a real hall's screen, no mark.
struct TrainingMark {
  std::string word, word2;
  bool tab = true;
};

// What an app draws each frame.
class Screen {
 public:
  virtual ~Screen() = default;
  virtual void frame(Ui& ui, const Input& input) = 0;
  // True when what is on screen is current data from the server.
  virtual bool live() const = 0;
  // A training hall (its server's hello says so): the mark the frame loop draws over every frame
  // (draw_training_mark). Nothing (the default) on a real hall's screens.
  virtual TrainingMark training_mark() const { return {}; }
};

struct RunOptions {
  std::string screenshot;  // write the first live frame here, then end
  std::chrono::milliseconds screenshot_wait{15000};
  int fps = 30;
};

// What the frame loop drew: frames run, frames drawn (the others showed nothing new), and the
// pixels drawn (a whole 1920×1080 frame is 2,073,600).
struct DrawCounts {
  std::uint64_t frames = 0, drawn = 0, pixels = 0;
};

struct FrameStats {
  std::size_t frames = 0;
  double draw_p50 = 0, draw_p99 = 0, draw_max = 0;  // ms, until the renderer finished the frame
  double present_p50 = 0, present_p99 = 0;          // ms, showing it
};

class Runner {
 public:
  Runner(Window& window, boost::asio::io_context& ctx, Screen& screen, Theme& theme);
  ~Runner();

  // A frame is drawn whole this often even when nothing changed, so that nothing the window lost
  // unnoticed stays lost for longer.
  static constexpr double kWholeFrameSeconds = 10;

  // One frame: only what changed since the last is drawn (DrawList), or all of it when `whole`.
  // False once the window was closed.
  bool step(bool whole = false);
  // Frames until the window closes (or the screenshot is written). Returns the exit status.
  int run(const RunOptions& options);
  // Draws `frames` frames back to back (no frame pacing), each whole, and reports their times.
  FrameStats measure(int frames);
  // The next frame is also written to `path` (before it is shown).
  void screenshot_next(std::string path) { pending_shot_ = std::move(path); }
  bool last_screenshot_ok() const { return shot_ok_; }

  Ui& ui() { return *ui_; }
  TextCache& cache() { return *cache_; }
  FontSet& fonts() { return *fonts_; }
  // Milliseconds per frame: drawing (until the renderer has executed it all),
  // and presenting it to the screen.
  const std::vector<double>& draw_ms() const { return draw_ms_; }
  const std::vector<double>& present_ms() const { return present_ms_; }
  const DrawCounts& drawing() const { return drawing_; }

 private:
  Window& window_;
  boost::asio::io_context& ctx_;
  Screen& screen_;
  Theme& theme_;
  std::unique_ptr<FontSet> fonts_;
  std::unique_ptr<TextCache> cache_;
  std::unique_ptr<Ui> ui_;
  Input input_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::string pending_shot_;
  bool shot_ok_ = false;
  std::vector<double> draw_ms_, present_ms_;
  DrawCounts drawing_;
  double whole_at_ = 0;  // when a frame was last drawn whole (seconds since start_)

  // The input's coordinates and the theme's scale for the window's size.
  void fit_to_window();
};

}  // namespace hallq::ui
