#pragma once
// Secrets hallqctl asks for, never from the command line (it would stay in the
// shell's history and show in `ps`).

#include <optional>
#include <string>

namespace hallq::ctl {

// A new web password for `user`: typed twice without echo on a terminal, else
// the first line of standard input (scripts: printf '%s\n' "$pw" | hallqctl
// passwd c01). Nothing when the two typed differ.
std::optional<std::string> read_new_password(const std::string& user);

}  // namespace hallq::ctl
