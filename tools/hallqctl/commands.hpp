#pragma once
// hallqctl's command line: the options, the connection, and each command found in the parts'
// tables (command.hpp). Exit codes: 0 success, 1 the server refused (its error code and message
// are printed), 2 usage or connection problems; health has its own (0 ok, 1 warning, 2 critical,
// 3 unknown).

#include <iosfwd>

namespace hallq::ctl {

int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace hallq::ctl
