#pragma once
// hallq-bench's parts: a generated bench hall, the spawned server, the load and
// idle-connection clients, the history generator and the raw SQLite baseline.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hallq::bench {

// A hall built for load: `windows` windows and clerks (PIN "1234", cheap hash),
// services A..D without quotas, open around the clock. Connection limits lifted
// (one address plays the whole hall), unless `hostile`: then the shipped
// defaults, as under attack.
std::string bench_hall_toml(int windows, bool hostile = false);

// A hallq-server child process.
struct Server {
  pid_t pid = -1;
  int port = 0;
  int web_port = 0;       // with `web`: its web listener's
  double started_ms = 0;  // from exec to "listening on"
  static Server spawn(const std::string& config, const std::string& db, bool web = false);
  void stop();                   // SIGTERM and wait
  std::int64_t rss_kib() const;  // VmRSS from /proc
};

struct LoadResult {
  double seconds = 0;
  std::uint64_t replies = 0, writes_ok = 0, refused = 0;
  std::uint64_t by_op[4] = {};  // take, status, call, finish
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  double lag_p50_ms = 0, lag_p99_ms = 0;    // paced: how late the generator itself sent
  double sent_p50_ms = 0, sent_p99_ms = 0;  // paced: from the actual send to the reply
};

// `clients` connections: one in four is a caller (call, finish) for its own
// window, the rest are kiosks (take, then status of that ticket). Measures
// for `seconds` after a `warmup`. With `rate` > 0 the clients together send
// `rate` requests per second on a fixed schedule, and latency counts from the
// scheduled send time (a stalled server cannot hide behind fewer requests);
// with `rate` 0 each client sends its next request as soon as it has a reply.
LoadResult run_load(int port, int clients, int windows, double warmup_s, double seconds, double rate);

// Opens `n` connections that say hello and then stay silent; returns when all are up.
// The sockets stay open until the returned handle is destroyed.
struct IdleConnections {
  std::vector<int> fds;
  ~IdleConnections();
};
IdleConnections open_idle(int port, int n);

// One-row transactions with WAL + synchronous=FULL, one after another, for `seconds`.
double raw_commit_rate(const std::string& db_path, double seconds);

// Writes `events` events of realistic hall days into a fresh database through the
// server's own engine and store: `today_share` of them today, the rest spread over
// earlier days.
std::int64_t write_history(const std::string& config_path, const std::string& db_path, std::int64_t events,
                           double today_share);

void raise_fd_limit();

// The bench hall with an admin terminal ("bench-admin-token") and a manager, m1, for the reports.
std::string report_hall_toml(int windows);

// A busy hall's history for the reports: `days` weekdays up to yesterday, each with `per_day`
// tickets issued 08:30–17:00 and served at every window (90–390 s each; one window in three pauses
// for lunch; one visit in 25 a no-show; one finished visit in three rated), written through the
// server's own engine, rating book and store.
struct ReportHistory {
  std::string from, to;  // the first and last day
  std::int64_t tickets = 0, events = 0;
  double seconds = 0;  // to write it
};
ReportHistory write_report_history(const std::string& config_path, const std::string& db_path, int days, int per_day);

// The figures of every closed day kept in the database (server/day_figures.hpp), made through the
// store as the server makes them after each day's close (a database from before schema 9 is
// migrated first). With `cold`, every kept day is deleted instead: the server's first start after
// the upgrade, when it makes them in the background while the first reports are asked.
struct KeptFigures {
  int days = 0;        // made (or deleted)
  double seconds = 0;  // to make them
};
KeptFigures keep_report_figures(const std::string& config_path, const std::string& db_path, bool cold);

// The report over from..to computed in this process for each period, from the kept figures
// (compute_report, what the server does) and from every row (compute_report_from_rows), and every
// table of the two compared: whether all are the same, and the times (ms) for the day period.
struct ReportCheck {
  bool same = true;
  std::string differs;  // the first table that differs
  double kept_ms = 0, rows_ms = 0;
  int kept_days = 0;
};
ReportCheck check_report_figures(const std::string& config_path, const std::string& db_path, const std::string& from,
                                 const std::string& to);

// Logs in to the staff console as m1 (the password set over the wire) and asks for the report's
// page (by day, hour and month), CSV files, workbook and monthly PDF `repeat` times each; prints each
// target's times as it goes.
struct ReportTimes {
  struct Row {
    std::string target;
    std::vector<double> ms;  // sorted
    std::size_t bytes = 0;
  };
  std::vector<Row> rows;
};
ReportTimes time_reports(int web_port, int wire_port, const std::string& from, const std::string& to, int repeat);

// Under attack: `connections` hostile connections from 20 loopback addresses
// (127.0.0.2…): a third silent before hello, a third slowloris (a byte a
// second, never a newline), a third displays that subscribe and never read;
// each reconnects a second after the server closed it. Meanwhile an admin issues and calls tickets
// (events for the non-readers) and a legitimate kiosk from 127.0.0.1 connects,
// says hello and takes a ticket every 50 ms, while a caller guesses clerk c1's
// PIN as fast as it is answered.
struct AttackResult {
  int samples = 0, failures = 0;
  double hello_p50_ms = 0, hello_p99_ms = 0, take_p50_ms = 0, take_p99_ms = 0, max_ms = 0;
  std::int64_t rss_before_kib = 0, rss_max_kib = 0;
  std::int64_t log_bytes = 0;  // the server's log grew by this during the attack
  std::uint64_t reconnects = 0;
  int pins_checked = 0, pins_refused = 0;  // the guesser's wrong PINs: checked, or refused unchecked (delay, lock)
  double seconds = 0;
};
AttackResult run_attack(const Server& server, const std::string& log_path, int connections, double seconds);

}  // namespace hallq::bench
