#pragma once
// A service and a window as the simulator's tests build their halls.

#include <string>
#include <utility>
#include <vector>

#include "core/domain/hall.hpp"

namespace hallq::test {

// Service `code` (its code as its name in every language), `minutes` configured.
inline domain::Service service(std::string code, int minutes) {
  domain::Service s;
  s.code = std::move(code);
  s.names = {s.code, s.code, s.code};
  s.minutes = minutes;
  return s;
}

// Window `number` serving `services` (code → weight).
inline domain::Window window(int number, std::vector<std::pair<std::string, int>> services) {
  domain::Window w;
  w.number = number;
  w.services = std::move(services);
  return w;
}

}  // namespace hallq::test
