#pragma once
// A window with a software renderer, and the input of one frame.
//
// Software rendering everywhere: it needs no GPU, gives identical pixels in a
// real window, under Xvfb and headless (SDL's dummy driver), and a 1080p
// board draws in a few milliseconds (docs/performance.md).
//
// Touch and mouse: touch screens send both finger events and synthetic mouse
// events for the same touch (and Xvfb's clicks can arrive as both too); each
// press is taken from one source only.
//
// Thread affinity: the thread that created it (SDL's rule).

#include <cstdint>
#include <string>
#include <vector>

typedef struct SDL_Window SDL_Window;
typedef struct SDL_Renderer SDL_Renderer;
union SDL_Event;

namespace hallq::ui {

// Sets the SDL hints hallq relies on (call before creating a window): no GL
// for presenting, SDL's dummy video driver when there is no display, one
// source for touches.
void prepare_sdl();

struct WindowOptions {
  std::string title = "hallq";
  int width = 1920, height = 1080;
  bool fullscreen = false;
};

class Window {
 public:
  // Throws std::runtime_error with SDL's message when the window cannot be made.
  explicit Window(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  SDL_Window* sdl() const { return window_; }
  SDL_Renderer* renderer() const { return renderer_; }
  int width() const { return width_; }
  int height() const { return height_; }
  // Reads the size again (after SDL_WINDOWEVENT_SIZE_CHANGED: a window manager, or a screen of
  // another resolution, gave it another). True when it changed.
  bool update_size();
  // The frame drawn so far (call before present()) as a PNG.
  bool screenshot(const std::string& path, std::string* error = nullptr);
  void present();

 private:
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  int width_ = 0, height_ = 0;
};

// Queues a left-button press (or release) at (x, y), as a mouse or touch
// panel would: for scripted walks through a screen (demos, tests).
void push_click(int x, int y, bool press);

struct Key {
  int sym = 0;  // SDL_Keycode
  int mod = 0;  // SDL_Keymod
};

// What happened during one frame.
struct Input {
  int x = -1, y = -1;              // pointer (mouse or finger), window pixels
  bool down = false;               // held
  bool pressed = false;            // went down this frame
  bool released = false;           // went up this frame
  int press_x = -1, press_y = -1;  // where the current/last press started
  std::vector<Key> keys;           // keys pressed this frame
  std::string text;                // text typed this frame (UTF-8)
  bool quit = false;
  int width = 0, height = 0;  // window size, for finger coordinates

  void begin_frame();
  void handle(const SDL_Event& e);
  bool key(int sym) const;  // pressed this frame
};

}  // namespace hallq::ui
