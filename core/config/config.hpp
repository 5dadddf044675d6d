#pragma once
// Server configuration: the hall (domain::HallConfig), the devices allowed to
// connect, and server settings, read from one TOML file. The format is
// documented by assets/halls/demo.toml and docs/configuration.md.
//
// Any problem stops the server: ConfigError's message names the file, the line
// and the field ("demo.toml:42: service[3].quota: must be ≥ 0").

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/hall.hpp"
#include "core/protocol/envelope.hpp"

namespace hallq::config {

struct DeviceConfig {
  std::string id;
  protocol::Role role = protocol::Role::display;
  std::string token;
  int window = 0;  // callers: the only window this device may act for (0 = any)
};

struct Settings {
  std::string listen = "0.0.0.0:7700";
  int idle_timeout_s = 120;                // a connection silent this long is closed
  int line_timeout_s = 10;                 // a started line must be finished within this
  std::size_t max_outbox_bytes = 4 << 20;  // a subscriber this far behind is dropped
  int busy_timeout_ms = 1000;              // wait this long for a locked database, then reply busy
  std::string id_key_file;                 // key for hashing ID numbers; default: <db>.key
  int alarm_interval_s = 5;                // how often time-based alarms are re-evaluated
};

struct Config {
  std::string path;
  domain::HallConfig hall;
  std::vector<DeviceConfig> devices;
  Settings settings;

  const DeviceConfig* device(std::string_view id) const;
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ConfigError (also for an unreadable file or a TOML syntax error).
Config load_config(const std::string& path);
Config parse_config(std::string_view text, const std::string& path);

}  // namespace hallq::config
