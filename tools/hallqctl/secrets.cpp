#include "tools/hallqctl/secrets.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "core/domain/crypto.hpp"

namespace hallq::ctl {

std::optional<std::string> read_new_password(const std::string& user) {
  if (!isatty(STDIN_FILENO)) {
    std::string pw;
    std::getline(std::cin, pw);
    return pw;
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::string first, second;
  std::cerr << "new web password for " << user << ": " << std::flush;
  std::getline(std::cin, first);
  std::cerr << "\nagain: " << std::flush;
  std::getline(std::cin, second);
  std::cerr << "\n";
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  bool same = first == second;
  domain::wipe_string(second);
  if (!same) {
    domain::wipe_string(first);
    return std::nullopt;
  }
  return first;
}

}  // namespace hallq::ctl
