#pragma once
// One line per event to stderr: "<local ISO time> <text>". Used for one line
// per connection and one per error; business refusals (queue_empty, quota…) are
// replies, not log lines.

#include <string_view>

namespace hallq::server {

void log_line(std::string_view text);

}  // namespace hallq::server
