#pragma once
// hallqctl's commands. Exit codes: 0 success, 1 the server refused (its error
// code and message are printed), 2 usage or connection problems.

#include <iosfwd>

namespace hallq::ctl {

int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace hallq::ctl
