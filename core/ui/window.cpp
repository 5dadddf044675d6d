#include "core/ui/window.hpp"

#include <SDL.h>
#include <SDL_image.h>

#include <cstdlib>
#include <stdexcept>

#include "core/ui/image.hpp"

namespace hallq::ui {

void prepare_sdl() {
  // Presenting through GL costs ~10 ms a 1080p frame; the framebuffer path ~0.5 ms.
  SDL_SetHint("SDL_FRAMEBUFFER_ACCELERATION", "0");
  SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
  // One source per touch: we read fingers and real mice, and ignore the copies.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  const char* driver = std::getenv("SDL_VIDEODRIVER");
  if ((!driver || !*driver) && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
    setenv("SDL_VIDEODRIVER", "dummy", 1);  // headless: screenshots and tests
}

Window::Window(const WindowOptions& o) {
  prepare_sdl();
  const char* asked = std::getenv("SDL_VIDEODRIVER");  // set by the user, or "dummy" by prepare_sdl()
  auto start_video = [] {
    if (!(SDL_WasInit(SDL_INIT_VIDEO) & SDL_INIT_VIDEO) && SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
      throw std::runtime_error(std::string("cannot start SDL video: ") + SDL_GetError());
    return std::string(SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "");
  };
  // A display that is named but cannot be reached (an X server not running, or refusing this user):
  // SDL falls back to drawing off screen, and the program would run for nobody. A terminal started
  // with its X server may come up a moment before it, and a connection can be refused for a moment
  // (seen once under a loaded test suite): the display is tried for three seconds before giving up.
  auto on_screen = [&](const std::string& d) { return (asked && *asked) || d == "x11" || d == "wayland"; };
  std::string driver = start_video();
  for (int tries = 0; !on_screen(driver) && tries < 6; ++tries) {
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    SDL_Delay(500);
    driver = start_video();
  }
  if (!on_screen(driver)) {
    const char* display = std::getenv("DISPLAY");
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    throw std::runtime_error(std::string("cannot open the display ") + (display ? display : "") +
                             " (is the X server running, and may this user use it? SDL fell back to its \"" + driver +
                             "\" driver); --screenshot FILE draws without a display");
  }
  Uint32 flags = SDL_WINDOW_SHOWN | (o.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
  window_ = SDL_CreateWindow(o.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o.width, o.height, flags);
  if (!window_) throw std::runtime_error(std::string("cannot create a window: ") + SDL_GetError());
  renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
  if (!renderer_) {
    SDL_DestroyWindow(window_);
    throw std::runtime_error(std::string("cannot create a renderer: ") + SDL_GetError());
  }
  SDL_GetRendererOutputSize(renderer_, &width_, &height_);
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
}

Window::~Window() {
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
}

bool Window::screenshot(const std::string& path, std::string* error) {
  Surface s = make_surface(width_, height_, 0xFF000000);
  if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
    if (error) *error = SDL_GetError();
    return false;
  }
  SDL_SetSurfaceBlendMode(s.get(), SDL_BLENDMODE_NONE);
  return save_png(s.get(), path, error);
}

bool Window::update_size() {
  int w = width_, h = height_;
  SDL_GetRendererOutputSize(renderer_, &w, &h);
  if (w == width_ && h == height_) return false;
  width_ = w;
  height_ = h;
  return true;
}

void Window::present() {
  SDL_RenderPresent(renderer_);
}

void Input::begin_frame() {
  pressed = released = false;
  keys.clear();
  text.clear();
}

void Input::handle(const SDL_Event& e) {
  switch (e.type) {
    case SDL_QUIT:
      quit = true;
      break;
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID) break;  // a finger's copy
      x = e.motion.x;
      y = e.motion.y;
      break;
    case SDL_MOUSEBUTTONDOWN:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) break;
      x = press_x = e.button.x;
      y = press_y = e.button.y;
      down = pressed = true;
      break;
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) break;
      x = e.button.x;
      y = e.button.y;
      down = false;
      released = true;
      break;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
      if (e.tfinger.touchId == SDL_MOUSE_TOUCHID) break;  // a mouse's copy
      x = static_cast<int>(e.tfinger.x * static_cast<float>(width));
      y = static_cast<int>(e.tfinger.y * static_cast<float>(height));
      if (e.type == SDL_FINGERDOWN) {
        press_x = x;
        press_y = y;
        down = pressed = true;
      } else if (e.type == SDL_FINGERUP) {
        down = false;
        released = true;
      }
      break;
    case SDL_KEYDOWN:
      keys.push_back({e.key.keysym.sym, e.key.keysym.mod});
      break;
    case SDL_TEXTINPUT:
      text += e.text.text;
      break;
    default:
      break;
  }
}

bool Input::key(int sym) const {
  for (const auto& k : keys)
    if (k.sym == sym) return true;
  return false;
}

void push_click(int x, int y, bool press) {
  SDL_Event e{};
  e.type = press ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
  e.button.button = SDL_BUTTON_LEFT;
  e.button.state = press ? SDL_PRESSED : SDL_RELEASED;
  e.button.x = x;
  e.button.y = y;
  e.button.clicks = 1;
  SDL_PushEvent(&e);
}

}  // namespace hallq::ui
