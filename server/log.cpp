#include "server/log.hpp"

#include <cstdio>
#include <string>

#include "core/domain/time.hpp"

namespace hallq::server {

void log_line(std::string_view text) {
  std::string line = domain::format_iso(domain::SystemClock{}.now());
  line += ' ';
  line += text;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);  // stderr is unbuffered: one write
}

}  // namespace hallq::server
