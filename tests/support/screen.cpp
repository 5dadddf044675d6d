#include "tests/support/screen.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "tests/support/process.hpp"

namespace hallq::test {

ScreenHarness::ScreenHarness(boost::asio::io_context& ctx, ui::Screen& screen, int width, int height)
    : screen_(screen) {
  setenv("SDL_VIDEODRIVER", "dummy", 1);  // never a real window, even where $DISPLAY is set
  window_ = std::make_unique<ui::Window>(ui::WindowOptions{"test", width, height, false});
  runner_ = std::make_unique<ui::Runner>(*window_, ctx, screen, theme_);
}

ScreenHarness::~ScreenHarness() = default;

void ScreenHarness::step(int frames) {
  for (int i = 0; i < frames; ++i) {
    runner_->step();
    SDL_Delay(2);
  }
}

bool ScreenHarness::step_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    step();
  }
  return true;
}

bool ScreenHarness::has_button(const std::string& id) const {
  return runner_->ui().buttons().count(id) != 0;
}

void ScreenHarness::click(const std::string& id) {
  INFO("button " << id);
  REQUIRE(has_button(id));
  ui::Rect r = runner_->ui().buttons().at(id);
  click_at(r.cx(), r.cy());
}

void ScreenHarness::click_at(int x, int y) {
  ui::push_click(x, y, true);
  step();
  ui::push_click(x, y, false);
  step(2);
}

void ScreenHarness::key(SDL_Keycode sym, const std::string& text) {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.state = SDL_PRESSED;
  e.key.keysym.sym = sym;
  SDL_PushEvent(&e);
  if (!text.empty()) {
    SDL_Event t{};
    t.type = SDL_TEXTINPUT;
    std::snprintf(t.text.text, sizeof t.text.text, "%s", text.c_str());
    SDL_PushEvent(&t);
  }
  step();
  e.type = SDL_KEYUP;
  e.key.state = SDL_RELEASED;
  SDL_PushEvent(&e);
  step(2);
}

void ScreenHarness::type(const std::string& text) {
  for (char c : text) {
    char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    key(static_cast<SDL_Keycode>(lower), std::string(1, c));
  }
}

void ScreenHarness::screenshot(const std::string& path) {
  runner_->screenshot_next(path);
  runner_->step();
  REQUIRE(runner_->last_screenshot_ok());
}

void ScreenHarness::resize(int width, int height) {
  SDL_SetWindowSize(window_->sdl(), width, height);
}

void ScreenHarness::shown(const std::string& path) {
  std::string error;
  INFO(error);
  REQUIRE(window_->screenshot(path, &error));
}

std::uint32_t png_pixel(const std::string& png, int x, int y) {
  auto r = run({"convert", png, "-format",
                "%[fx:int(255*p{" + std::to_string(x) + "," + std::to_string(y) + "}.r)] %[fx:int(255*p{" +
                    std::to_string(x) + "," + std::to_string(y) + "}.g)] %[fx:int(255*p{" + std::to_string(x) + "," +
                    std::to_string(y) + "}.b)]",
                "info:"});
  unsigned red = 0, green = 0, blue = 0;
  if (std::sscanf(r.out.c_str(), "%u %u %u", &red, &green, &blue) != 3) throw std::runtime_error("cannot read " + png);
  return (red << 16) | (green << 8) | blue;
}

namespace {
std::string crop_arg(const std::string& png, int x, int y, int w, int h) {
  auto size = run({"identify", "-format", "%w %h", png});
  int width = 0, height = 0;
  if (std::sscanf(size.out.c_str(), "%d %d", &width, &height) != 2) throw std::runtime_error("cannot read " + png);
  return std::to_string(width * w / 100) + "x" + std::to_string(height * h / 100) + "+" +
         std::to_string(width * x / 100) + "+" + std::to_string(height * y / 100);
}
}  // namespace

long png_count(const std::string& png, std::uint32_t rgb, int x, int y, int w, int h) {
  char colour[16];
  std::snprintf(colour, sizeof colour, "#%06X", rgb);
  auto r = run({"convert", png, "-crop", crop_arg(png, x, y, w, h), "+repage", "-fill", "black", "+opaque", colour,
                "-fill", "white", "-opaque", colour, "-format", "%[fx:int(mean*w*h+0.5)]", "info:"});
  return std::atol(r.out.c_str());
}

std::string ocr(const std::string& png, int x, int y, int w, int h, int psm) {
  // Tesseract wants dark glyphs of 20-60 px on a light page with a margin. A
  // screen has light-on-dark and dark-on-colour text from 20 to 300 px, so the
  // region is read four ways — as it is, at half and double size, and
  // thresholded — each turned dark-on-light when it is mostly dark; the readings
  // are joined. (Regular 30 px Chinese reads better doubled; 200 px numbers at half size.)
  //
  // Three processes in all, not twenty: one convert cuts the region once and writes
  // the four greys with their mean brightness, a second makes the four pages, and
  // one tesseract reads them as a list (the language model loaded once; it ends
  // each page but the last with a form feed). The suite's screen tests spend most
  // of their time here.
  //
  // The greys and pages are 8-bit PGM: compressing a large PNG cost more than making it, and
  // tesseract reads PGM as it is. (Without -depth 8 ImageMagick writes a resized grey at 16 bits,
  // which tesseract reads as a blank page.)
  const std::vector<std::vector<std::string>> ways = {
      {"-colorspace", "Gray", "-depth", "8"},
      {"-resize", "50%", "-colorspace", "Gray", "-depth", "8"},
      {"-resize", "200%", "-colorspace", "Gray", "-depth", "8"},
      {"-colorspace", "Gray", "-normalize", "-threshold", "50%", "-depth", "8"},
  };
  std::vector<std::string> greys, pages;
  std::vector<std::string> cut = {"convert", png, "-crop", crop_arg(png, x, y, w, h), "+repage"};
  for (std::size_t i = 0; i < ways.size(); ++i) {
    greys.push_back(png + ".grey" + std::to_string(i) + ".pgm");
    pages.push_back(png + ".page" + std::to_string(i) + ".pgm");
    cut.push_back("(");
    cut.push_back("+clone");
    cut.insert(cut.end(), ways[i].begin(), ways[i].end());
    for (const std::string& a : {std::string("-write"), greys[i], std::string("-format"), std::string("%[fx:mean]\n"),
                                 std::string("-write"), std::string("info:"), std::string("+delete"), std::string(")")})
      cut.push_back(a);
  }
  cut.push_back("null:");
  std::istringstream means(run(cut).out);
  std::vector<std::string> make = {"convert"};
  for (std::size_t i = 0; i < ways.size(); ++i) {
    double mean = 1;
    means >> mean;
    make.push_back("(");
    make.push_back(greys[i]);
    if (mean < 0.5) make.push_back("-negate");
    for (const std::string& a : {std::string("-bordercolor"), std::string("white"), std::string("-border"),
                                 std::string("20"), std::string("-depth"), std::string("8"), std::string("-write"),
                                 pages[i], std::string("+delete"), std::string(")")})
      make.push_back(a);
  }
  make.push_back("null:");
  run(make);
  std::string list = png + ".pages.txt";
  {
    std::ofstream out(list);
    for (const auto& page : pages) out << page << "\n";
  }
  auto r =
      run({"tesseract", list, "stdout", "-l", "chi_sim+eng", "--psm", std::to_string(psm)}, {"OMP_THREAD_LIMIT=1"});
  std::string text;
  std::size_t read = 0;
  for (char c : r.out) {
    if (c == '\f') {
      text += "|";
      ++read;
    } else if (c != ' ' && c != '\n' && c != '\t') {
      text += c;
    }
  }
  for (; read < pages.size(); ++read) text += "|";
  return text;
}

}  // namespace hallq::test
