// hallqctl: a command-line client for hallq-server. `hallqctl --help` lists the commands.
#include <iostream>

#include "tools/hallqctl/commands.hpp"

int main(int argc, char** argv) {
  return hallq::ctl::run(argc, argv, std::cout, std::cerr);
}
