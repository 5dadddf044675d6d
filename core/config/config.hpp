#pragma once
// Server configuration: the hall (domain::HallConfig), the devices allowed to
// connect, and server settings, read from one TOML file. The format is
// documented by assets/halls/demo.toml and docs/configuration.md.
//
// Any problem stops the server: ConfigError's message names the file, the line
// and the field ("demo.toml:42: service[3].quota: must be ≥ 0"); something
// missing from the top level has no line ("demo.toml: device: ...").

#include <optional>
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
  int window = 0;                // callers: the only window this device may act for (0 = any)
  std::string department;        // a department's desk: the department whose cases it sees
  std::vector<std::string> usb;  // "VID:PID" of its USB printer and card reader (hallq-devices udev-rule)
};

// Who may log in to the web's staff console (docs/web.md). Every [[clerk]] may,
// as a clerk; [[user]] adds guides, managers and admins. Passwords are set with
// `hallqctl passwd` and kept hashed in the database, never in this file.
enum class StaffRole { clerk, guide, manager, admin };
std::string_view to_string(StaffRole r);

struct StaffUser {
  std::string id;
  std::string name;
  StaffRole role = StaffRole::guide;
};

struct Settings {
  std::string listen = "0.0.0.0:7700";
  int idle_timeout_s = 120;                           // a connection silent this long is closed
  int line_timeout_s = 10;                            // a line must be finished within this of its first byte
  int hello_timeout_s = 5;                            // a connection must say hello within this
  std::size_t max_outbox_bytes = 4 << 20;             // a subscriber this far behind is dropped
  std::size_t max_outbox_unauthenticated = 16 << 10;  // before hello
  std::size_t max_total_outbox_bytes = 64 << 20;      // every connection's together; the slowest is dropped beyond
  int max_connections = 2000;                         // in all (also kept below the process's file limit)
  int max_connections_per_address = 64;
  int max_unauthenticated = 128;      // connections that have not said hello; the oldest goes first
  int max_sessions_per_device = 8;    // sessions of one terminal's token at once (admin: no limit)
  int max_requests_before_hello = 8;  // then the connection is closed
  int busy_timeout_ms = 1000;         // wait this long for a locked database, then reply busy
  int alarm_interval_s = 5;           // how often time-based alarms are re-evaluated
  int log_burst = 5;                  // refusals logged one by one per kind in each window…
  int log_window_s = 60;              // …the rest as one summary line per window
  std::string log_level = "info";     // error, warning, notice, info or debug: lines below it are not written
  // Health (hallqctl health, the disk_low alarm): free space on the database's file system below
  // `disk_warn_mib` warns, below `disk_critical_mib` is critical; a commit slower than
  // `commit_warn_ms` warns.
  int disk_warn_mib = 1024;
  int disk_critical_mib = 256;
  int commit_warn_ms = 250;
  // PINs: after `pin_failures` wrong PINs for a clerk (or from one device) the
  // next tries wait, doubling from `pin_delay_s`; after `pin_lockout_after`
  // the clerk or device is locked for `pin_lockout_minutes` (doubling each
  // time) or until an admin unlocks it.
  int pin_failures = 3;
  int pin_delay_s = 2;
  int pin_lockout_after = 6;
  int pin_lockout_minutes = 15;
  // A kiosk issues at most at a person's pace: a burst of `kiosk_burst`, then
  // one ticket every `kiosk_interval_s` seconds.
  int kiosk_burst = 4;
  int kiosk_interval_s = 10;
  // [cases] notify: where pickup notices go ("file:PATH"; empty: they wait in the outbox)
  std::string notice_gateway;
  // [security]
  std::string id_key_file;  // key for hashing ID numbers; default: see docs/security.md
  std::string mark_file;    // the durable high-water mark; default: <db>.mark
  // TLS for terminal links: the server's certificate chain and private key (PEM);
  // both empty: plain TCP.
  std::string tls_cert_file, tls_key_file;
};

// [web]: the citizens' pages and the staff console (docs/web.md).
struct WebSettings {
  std::string listen;                      // HOST:PORT; empty: no web listener
  bool tls = false;                        // HTTPS with [security]'s certificate and key
  int max_connections = 5000;              // in all, event streams included
  int max_connections_per_address = 2000;  // phones on the hall's Wi-Fi share one address
  int request_timeout_s = 15;              // a request must arrive whole within this
  int idle_timeout_s = 60;                 // a kept-alive connection silent this long is closed
  std::size_t max_body_bytes = 1 << 20;    // max_body_kib
  // The staff console (/staff) answers only these addresses or networks
  // ("10.1.0.0/16", "127.0.0.1", "fd00::/8"); empty: any. Citizens' pages are open to all.
  std::vector<std::string> staff_addresses;
};

// [backup]: copies of the database taken while the hall runs (docs/operations.md).
struct BackupSettings {
  std::string dir;      // where nightly backups go; empty: <db's folder>/backups
  int keep = 14;        // nightly backups kept; older ones are removed
  int at_minute = 150;  // the nightly backup's local time (minutes after midnight); -1: none
};

struct Config {
  std::string path;
  domain::HallConfig hall;
  std::vector<DeviceConfig> devices;
  std::vector<StaffUser> users;  // [[user]]
  Settings settings;
  WebSettings web;
  BackupSettings backup;
  // A training hall (培训; [training] enabled, or hallq-server --training): its own database, ID key
  // and mark, never the production ones; no nightly backups; every terminal is told so (docs/training.md).
  bool training = false;

  const DeviceConfig* device(std::string_view id) const;
  // A clerk (as a clerk) or a [[user]]; nothing for anyone else.
  std::optional<StaffUser> staff_user(std::string_view id) const;
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ConfigError (also for an unreadable file or a TOML syntax error).
Config load_config(const std::string& path);
Config parse_config(std::string_view text, const std::string& path);

}  // namespace hallq::config
