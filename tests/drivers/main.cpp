// Main for test binaries that talk to fake USB devices: re-runs itself under
// libumockdev-preload (as umockdev-wrapper does), then runs doctest. Screens
// (the kiosk's) draw headless: SDL's dummy video and audio drivers.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <string>

#include "tests/drivers/fake_usb.hpp"

int main(int argc, char** argv) {
  if (!hallq::test::under_umockdev()) {
    const char* old = std::getenv("LD_PRELOAD");
    std::string preload = std::string("libumockdev-preload.so.0") + (old && *old ? std::string(":") + old : "");
    setenv("LD_PRELOAD", preload.c_str(), 1);
    // Sanitizer builds: the preload comes before the ASan runtime, which is fine here.
    setenv("ASAN_OPTIONS",
           (std::string(std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "") + ":verify_asan_link_order=0")
               .c_str(),
           1);
    execv("/proc/self/exe", argv);
    return 127;
  }
  setenv("TZ", "Asia/Shanghai", 1);
  setenv("SDL_VIDEODRIVER", "dummy", 1);
  setenv("SDL_AUDIODRIVER", "dummy", 0);
  tzset();
  std::signal(SIGPIPE, SIG_IGN);
  doctest::Context context(argc, argv);
  return context.run();
}
