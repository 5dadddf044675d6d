// Fuzz target "config": a hall configuration file (core/config/config.hpp).
// Whatever the text, parse_config either returns a configuration the server
// can start with or throws ConfigError whose message names the file and a
// line ("fuzz.toml:12: service[1].quota: ..."). Any other exception, a crash
// or a hang is a finding.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.hpp"
#include "tests/fuzz/check.hpp"

namespace {

using namespace hallq::config;
using hallq::fuzz::fail;

constexpr const char* kTarget = "config";
const std::string kPath = "fuzz.toml";

void check(bool ok, const char* what, std::string_view a = {}) {
  if (!ok) fail(kTarget, what, a);
}

// What the server relies on after a successful load.
void check_config(const Config& c) {
  const auto& h = c.hall;
  check(!h.id.empty(), "a hall without an id");
  check(!h.services.empty() && !h.windows.empty() && !c.devices.empty(), "a hall without services, windows or devices");
  for (const auto& s : h.services) check(h.service(s.code) == &s, "a service code used twice", s.code);
  for (const auto& w : h.windows) {
    check(h.window(w.number) == &w, "a window number used twice");
    check(!w.services.empty(), "a window serving nothing");
    for (const auto& [code, weight] : w.services) {
      check(h.service(code) != nullptr, "a window serves an unknown service", code);
      check(weight >= 1, "a window weight below 1", code);
    }
  }
  std::set<std::string> tokens;
  for (const auto& d : c.devices) {
    check(c.device(d.id) == &d, "a device id used twice", d.id);
    check(d.token.size() >= 8, "a device token shorter than 8", d.id);
    check(tokens.insert(d.token).second, "two devices share a token", d.id);
    check(d.window == 0 || h.window(d.window) != nullptr, "a device bound to an unknown window", d.id);
  }
  auto check_hours = [](const std::vector<hallq::domain::Interval>& hours) {
    for (const auto& iv : hours) check(iv.from >= 0 && iv.from < iv.to && iv.to <= 1440, "a bad interval");
  };
  check_hours(h.hours);
  for (const auto& s : h.services) {
    check_hours(s.hours);
    check_hours(s.extended_hours);
  }
  check(h.rollover_minute >= 0 && h.rollover_minute < 1440, "a rollover outside the day");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    Config c = parse_config(text, kPath);
    check_config(c);
  } catch (const ConfigError& e) {
    std::string_view m = e.what();
    check(m.starts_with(kPath + ":"), "a ConfigError that does not name the file", m);
  } catch (const std::exception& e) {
    fail(kTarget, "parse_config threw something other than ConfigError", e.what());
  } catch (...) {
    fail(kTarget, "parse_config threw a non-standard exception");
  }
  return 0;
}
