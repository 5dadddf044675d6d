#pragma once
// hallq-bench's parts: a generated bench hall, the spawned server, the load and
// idle-connection clients, the history generator and the raw SQLite baseline.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hallq::protocol {
enum class Role;
}

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
  // `exe`: another hallq-server than the one beside hallq-bench; `extra`: more arguments (--time).
  static Server spawn(const std::string& config, const std::string& db, bool web = false, const std::string& exe = {},
                      const std::vector<std::string>& extra = {});
  void stop();                   // SIGTERM and wait
  std::int64_t rss_kib() const;  // VmRSS from /proc
  std::int64_t hwm_kib() const;  // VmHWM: the most it was resident
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
// A process's user + system CPU so far, in seconds (/proc/PID/stat, fields 14 and 15); 0 if it is gone.
double cpu_seconds(pid_t pid);

// hallq-bench backup (backup.cpp): prints the load's latency without and during backups.
void backup_bench(const std::string& dir, std::int64_t events, int clients, double seconds, double rate);

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

// Citizens' phones on server-sent events (docs/web.md): a kiosk issues `calls` tickets and then one
// per phone (service B), a caller at window 1 calls `calls` times, each 110–310 ms after the previous
// reply (a fixed random schedule: each call its own refresh of the streams, 100 ms after it), with
// no stream open; then `phones` streams GET /v/TOKEN/events from 127.0.0.1 (as phones behind the
// hall's Wi-Fi share one address), each must get its first event; then the same calls again, now
// reaching the phones' own tickets. What each phone received is checked against the calls: every
// waiting phone's people ahead down by one per call, every called phone told its window, then done.
struct WebResult {
  int phones = 0, calls = 0;
  std::int64_t rss_idle_kib = 0, rss_tickets_kib = 0, rss_streams_kib = 0, rss_after_kib = 0, hwm_kib = 0;
  double open_seconds = 0;  // until every stream had its first event
  int opened = 0;           // streams that had their first event
  int failed = 0;           // streams that failed: not opened, closed early, or wrong at the end
  struct Calls {
    std::vector<double> ms;   // each call's round trip (sent to durable reply), in order
    double server_cpu_s = 0;  // the server's user + system CPU over the phase
    double seconds = 0;
  } without, with;
  double phones_cpu_s = 0;             // the bench's phones (one loop) used this much CPU, on the same cores
  std::uint64_t events = 0;            // status events the phones received after their first
  std::vector<int> per_phone;          // of the phones still waiting at the end: events after the first, sorted
  int waiting_right = 0, waiting = 0;  // still waiting: the last people ahead = first − calls
  int called_seen = 0, called = 0;     // called: saw "called" at window 1, and then done
  std::vector<double> drop_ms;         // from a call's reply to a phone's event showing it (people ahead)
  std::vector<double> turn_ms;         // from a call's reply to the called phone's "called" event
  std::vector<std::string> problems;   // the first few failures, in words
};
WebResult run_web(const Server& server, int phones, int calls);

// Wire and socket helpers shared by the modes (blocking unless asked).
int connect_from(const char* source, int port, bool blocking);  // a socket bound to `source`, or -1
bool send_all(int fd, const std::string& s);
std::string read_line(int fd, std::string& buf, std::chrono::milliseconds timeout);       // "" on timeout or close
double percentile(std::vector<double> v, double p);                                       // p in [0, 1]
std::string hello_line(std::int64_t id, protocol::Role role, const std::string& device);  // bench_hall_toml's

// hallq-bench terminals: each terminal (hall board, monitor, window screen,
// caller, kiosk) started `repeat` times against a real server holding the demo
// hall in a busy moment, under SDL's dummy driver with the software renderer;
// its first live frame and frame times from its --measure line, its peak
// resident memory from the kernel (wait4). Each runs at nice -15 when allowed,
// so that other work on the machine does not inflate its times. Prints median and max. The
// programs (and the server) are taken from `bin_dir` (empty: beside
// hallq-bench), so a build from before a change can be measured alike.
void terminals_bench(const std::string& dir, const std::string& bin_dir, int repeat);

// hallq-bench sim: the simulator (core/sim) on a busy hall, one day of ~3,000
// tickets and a month of weekdays, `repeat` runs each; prints min, median, max.
void sim_bench(int repeat);

}  // namespace hallq::bench
