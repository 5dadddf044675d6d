#pragma once
// Test support for screens: an app's frame loop in the test process (SDL's
// dummy video driver, software renderer), clicks and keys injected as SDL
// events, screenshots, pixel reads, and OCR of Chinese with tesseract.

#include <SDL.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "core/ui/app.hpp"

namespace hallq::test {

class ScreenHarness {
 public:
  ScreenHarness(boost::asio::io_context& ctx, ui::Screen& screen, int width, int height);
  ~ScreenHarness();

  ui::Runner& runner() { return *runner_; }
  void step(int frames = 1);
  // Steps frames (and the network) until `done` or the timeout; returns done().
  bool step_until(const std::function<bool()>& done,
                  std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // Taps the button the app drew under `id` in the last frame (fails the test if there is none).
  void click(const std::string& id);
  void click_at(int x, int y);  // a press and a release at (x, y), a frame apart
  bool has_button(const std::string& id) const;
  // A key press, with the text it types (if any).
  void key(SDL_Keycode sym, const std::string& text = {});
  void type(const std::string& text);  // each character as its key and text
  // Draws a frame and writes it as a PNG.
  void screenshot(const std::string& path);
  // Gives the window another size, as a window manager or another screen would.
  void resize(int width, int height);
  // Writes what the window shows now as a PNG, drawing nothing (the frames drawn so far, each
  // only where it changed).
  void shown(const std::string& path);

 private:
  ui::Screen& screen_;
  std::unique_ptr<ui::Window> window_;
  ui::Theme theme_;
  std::unique_ptr<ui::Runner> runner_;
};

// The default theme's colours (core/ui/theme.hpp) as a screenshot shows them, 0xRRGGBB.
inline constexpr std::uint32_t kAccent = 0xFFC61A;    // the number called
inline constexpr std::uint32_t kWarn = 0xFFA24A;      // paused
inline constexpr std::uint32_t kAlarm = 0xFF4D5E;     // an alarm
inline constexpr std::uint32_t kGood = 0x3DDC84;      // serving
inline constexpr std::uint32_t kIdleBlue = 0x3B78E7;  // idle (button_hot)

// The colour at (x, y) of a PNG, as 0xRRGGBB.
std::uint32_t png_pixel(const std::string& png, int x, int y);
// How many pixels of a PNG have exactly this colour (0xRRGGBB), in a region given in
// percent of the image (x, y, w, h).
long png_count(const std::string& png, std::uint32_t rgb, int x = 0, int y = 0, int w = 100, int h = 100);
// Text tesseract (chi_sim+eng: Latin letters and digits read better with both) reads in a region given in percent of
// the image, with spaces and line breaks removed; read four ways, joined ("a|b|c|d|"). psm 6 reads a block, 7 a single
// line, 11 sparse text.
std::string ocr(const std::string& png, int x = 0, int y = 0, int w = 100, int h = 100, int psm = 6);

}  // namespace hallq::test
