// hallq-bench: measures hallq-server against the targets in docs/performance.md.
// Not a test: run it by hand on the machine you want figures for.
#include <sys/utsname.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>

#include "tools/hallq-bench/bench.hpp"

using namespace hallq::bench;
namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "usage: hallq-bench [load|idle|startup|attack|backup|report|web|sim|terminals|all] [--dir DIR]\n"
    "                   [--clients N] [--seconds S]\n"
    "                   [--rate R] [--connections N] [--events N] [--attackers N]\n"
    "                   [--days N] [--tickets N] [--repeat N] [--keep] [--cold] [--phones N] [--calls N]\n"
    "                   [--bin DIR]\n"
    "\n"
    "  load     N clients (default 200) over loopback: one in four a window caller\n"
    "           (call, finish), the rest kiosks (take, status); prints acknowledged\n"
    "           ops/s, p50 and p99 latency, and the raw rate of one-row durable\n"
    "           SQLite commits on the same disk, with the ratio. --rate R paces the\n"
    "           clients to R requests/s in all (latency from the scheduled time);\n"
    "           'all' runs both: as fast as possible, and paced at 20000/s\n"
    "  idle     N idle connections (default 10000) that said hello; server memory\n"
    "  startup  a database with N events (default 1000000); time until the server\n"
    "           accepts connections, with history spread over past days and all today\n"
    "  attack   N hostile connections (default 1000) from 20 loopback addresses\n"
    "           against the shipped limits (docs/security.md): silent before hello,\n"
    "           slowloris, displays that never read; each reconnects a second after\n"
    "           it is closed.\n"
    "           Meanwhile a legitimate kiosk connects, says hello and takes a ticket\n"
    "           every 50 ms: its p50/p99, the server's RSS and the log's growth\n"
    "  backup   a database of --events events (default 1000000) and the server on\n"
    "           it; --clients (default 200) paced at --rate (default 2000/s) for\n"
    "           --seconds, first without backups, then with `backup` taken one\n"
    "           after another: the requests' p50/p99/max both ways, the backups'\n"
    "           time and size, and the commits' slowest in the last minute\n"
    "  report   a busy hall's year: --days weekdays (default 250) of --tickets\n"
    "           tickets (default 3000) at 25 windows, written through the server's\n"
    "           engine and store; then the staff console's report over all of it\n"
    "           (page by day, hour and month, CSV, XLSX, the last month's PDF)\n"
    "           asked --repeat times (default 5) through the server's web\n"
    "           listener: min, median and max. --keep reuses the database a\n"
    "           previous run wrote (DIR/report.db). The closed days' kept figures\n"
    "           are made first, as the server makes them at each day's close;\n"
    "           --cold deletes them instead (the first start after the upgrade:\n"
    "           the server makes them in the background meanwhile)\n"
    "  web      citizens' phones on server-sent events: the server with its web\n"
    "           listener; a kiosk takes --calls tickets (default 300) and one per\n"
    "           phone (--phones, default 1000); a caller at window 1 calls --calls\n"
    "           times, each 110-310 ms after the last reply, no stream open; then\n"
    "           every phone opens GET /v/TOKEN/events from 127.0.0.1 and must get\n"
    "           its first event, and the caller calls as often again, now the\n"
    "           phones' own tickets. Prints the server's RSS before and with the\n"
    "           streams (KiB a stream), the call's p50/p90/p99 without and with\n"
    "           them, the events the phones got and how soon after the call;\n"
    "           checks every phone saw every call (people ahead down by one each;\n"
    "           its own call at window 1, then done). Exits 1 if a stream failed.\n"
    "           Each call's round trip in DIR/web-calls.txt\n"
    "  sim      the simulator (hallq-sim) on a busy hall of 25 windows: one weekday\n"
    "           of ~3,000 tickets and a month (22 weekdays), --repeat times each\n"
    "           (default 5): min, median and max\n"
    "  terminals the hall board (landscape and portrait), guide monitor, window\n"
    "           screen, caller and kiosk, each started --repeat times (default 5)\n"
    "           against the demo hall in a busy moment, under SDL's dummy driver\n"
    "           with the software renderer, at nice -15 when allowed: first live\n"
    "           frame (--measure) and peak resident memory (the kernel's), median\n"
    "           and max; then each once more, idle for 20 s: the CPU it uses.\n"
    "           --bin DIR takes the programs and the server from DIR (a build\n"
    "           before a change)\n"
    "  all      load, idle and startup (the default)\n"
    "\n"
    "Files go to --dir (default out/bench); the server is build/bin/hallq-server.\n";

std::string machine() {
  std::string cpu = "?";
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  utsname u{};
  uname(&u);
  long mem_kib = 0;
  std::ifstream mi("/proc/meminfo");
  for (std::string line; std::getline(mi, line);)
    if (line.rfind("MemTotal:", 0) == 0) mem_kib = std::stol(line.substr(9));
  return std::to_string(std::thread::hardware_concurrency()) + " cores (" + cpu + "), " +
         std::to_string(mem_kib / 1024 / 1024) + " GiB, Linux " + u.release;
}

void load(const std::string& dir, int clients, double seconds, double rate) {
  const int windows = std::max(1, clients / 4);
  std::string config = dir + "/bench.toml";
  std::ofstream(config) << bench_hall_toml(windows);
  std::string db = dir + "/load.db";
  for (const char* s : {"", "-wal", "-shm", ".mark"}) fs::remove(db + s);
  Server server = Server::spawn(config, db);
  std::printf("load: %d clients (%d callers at %d windows, %d kiosks), %.0f s after 2 s warm-up, %s\n", clients,
              (clients + 3) / 4, windows, clients - (clients + 3) / 4, seconds,
              rate > 0 ? ("paced at " + std::to_string(static_cast<int>(rate)) + " requests/s").c_str()
                       : "each client as fast as replies come");
  LoadResult r = run_load(server.port, clients, windows, 2.0, seconds, rate);
  std::int64_t rss = server.rss_kib();
  server.stop();
  double ops = static_cast<double>(r.replies) / r.seconds;
  double writes = static_cast<double>(r.writes_ok) / r.seconds;
  std::printf("  acknowledged ops/s   %10.0f   (take %.0f, status %.0f, call %.0f, finish %.0f per s)\n", ops,
              r.by_op[0] / r.seconds, r.by_op[1] / r.seconds, r.by_op[2] / r.seconds, r.by_op[3] / r.seconds);
  std::printf("  durable changes/s    %10.0f   (takes, calls and finishes that changed state)\n", writes);
  std::printf("  refused              %10.0f/s (queue_empty and the like)\n", r.refused / r.seconds);
  std::printf("  latency              p50 %.2f ms   p99 %.2f ms   max %.2f ms%s\n", r.p50_ms, r.p99_ms, r.max_ms,
              rate > 0 ? "   (from the scheduled send time)" : "");
  if (rate > 0) {
    std::printf("  from actual send     p50 %.2f ms   p99 %.2f ms\n", r.sent_p50_ms, r.sent_p99_ms);
    std::printf("  generator lag        p50 %.2f ms   p99 %.2f ms   (sent late by the load generator itself)\n",
                r.lag_p50_ms, r.lag_p99_ms);
  }
  std::printf("  server RSS after     %10lld KiB\n", static_cast<long long>(rss));
  double raw = raw_commit_rate(dir + "/raw.db", 3.0);
  std::printf("  raw one-row durable SQLite commits on the same disk: %.0f/s\n", raw);
  std::printf("  ratio: acknowledged ops %.1fx, durable changes %.1fx the raw commit rate\n", ops / raw, writes / raw);
}

void idle(const std::string& dir, int n) {
  std::string config = dir + "/bench.toml";
  std::ofstream(config) << bench_hall_toml(4);
  std::string db = dir + "/idle.db";
  for (const char* s : {"", "-wal", "-shm", ".mark"}) fs::remove(db + s);
  Server server = Server::spawn(config, db);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::int64_t before = server.rss_kib();
  auto t0 = std::chrono::steady_clock::now();
  {
    IdleConnections conns = open_idle(server.port, n);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    std::int64_t after = server.rss_kib();
    std::printf("idle: %d connections, each said hello (%.1f s to open)\n", n, secs);
    std::printf("  server RSS           %lld KiB before, %lld KiB with them open (%.1f MiB)\n",
                static_cast<long long>(before), static_cast<long long>(after), after / 1024.0);
    std::printf("  per connection       %.2f KiB\n", static_cast<double>(after - before) / n);
  }
  server.stop();
}

void attack(const std::string& dir, int attackers, double seconds) {
  std::string config = dir + "/attack.toml";
  std::ofstream(config) << bench_hall_toml(4, true);
  std::string db = dir + "/attack.db";
  for (const char* s : {"", "-wal", "-shm", ".mark"}) fs::remove(db + s);
  Server server = Server::spawn(config, db);
  std::printf(
      "attack: %d hostile connections (a third each: silent before hello, slowloris, never reading),\n"
      "        the shipped [server] limits, %.0f s after 3 s of build-up\n",
      attackers, seconds);
  AttackResult r = run_attack(server, db + ".log", attackers, seconds);
  server.stop();
  std::printf("  legitimate kiosk     %d connect+hello+take samples, %d failed\n", r.samples, r.failures);
  std::printf("  connect+hello        p50 %.2f ms   p99 %.2f ms\n", r.hello_p50_ms, r.hello_p99_ms);
  std::printf("  take                 p50 %.2f ms   p99 %.2f ms   (max of either %.2f ms)\n", r.take_p50_ms,
              r.take_p99_ms, r.max_ms);
  std::printf("  server RSS           %lld KiB before, at most %lld KiB under attack (%.1f MiB)\n",
              static_cast<long long>(r.rss_before_kib), static_cast<long long>(r.rss_max_kib), r.rss_max_kib / 1024.0);
  std::printf("  log growth           %lld bytes in %.0f s (%.1f KiB a minute)\n", static_cast<long long>(r.log_bytes),
              r.seconds, static_cast<double>(r.log_bytes) / 1024.0 / r.seconds * 60.0);
  std::printf("  attacker connections %llu opened (reconnects after the server closed them)\n",
              static_cast<unsigned long long>(r.reconnects));
  std::printf("  PIN guesses          %d checked (wrong), %d refused unchecked (delay or lock) in %.0f s\n",
              r.pins_checked, r.pins_refused, r.seconds + 3);
}

void startup(const std::string& dir, std::int64_t events) {
  std::string config = dir + "/bench.toml";
  std::ofstream(config) << bench_hall_toml(50);
  for (double today_share : {0.02, 1.0}) {
    std::string db = dir + (today_share < 1 ? "/history.db" : "/today.db");
    auto t0 = std::chrono::steady_clock::now();
    std::int64_t written = write_history(config, db, events, today_share);
    double gen = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("startup: %lld events, %s (written in %.0f s, %.0f MB)\n", static_cast<long long>(written),
                today_share < 1 ? "a year of past days plus a busy today" : "all of them today (worst case)", gen,
                static_cast<double>(fs::file_size(db)) / 1e6);
    Server server = Server::spawn(config, db);
    std::printf("  listening after      %.0f ms   (RSS %lld KiB)\n", server.started_ms,
                static_cast<long long>(server.rss_kib()));
    server.stop();
  }
}

void report(const std::string& dir, int days, int tickets, int repeat, bool keep, bool cold) {
  std::string config = dir + "/report.toml";
  std::ofstream(config) << report_hall_toml(25);
  std::string db = dir + "/report.db";
  std::string from_file = dir + "/report.range";
  ReportHistory h;
  if (keep && fs::exists(db) && fs::exists(from_file)) {
    std::ifstream(from_file) >> h.from >> h.to;
    std::printf("report: reusing %s (%s to %s, %.0f MB)\n", db.c_str(), h.from.c_str(), h.to.c_str(),
                static_cast<double>(fs::file_size(db)) / 1e6);
  } else {
    h = write_report_history(config, db, days, tickets);
    std::ofstream(from_file) << h.from << " " << h.to << "\n";
    std::printf("report: %d weekdays of %d tickets at 25 windows, %s to %s: %lld tickets, %lld events\n", days, tickets,
                h.from.c_str(), h.to.c_str(), static_cast<long long>(h.tickets), static_cast<long long>(h.events));
    std::printf("  written in %.0f s, %.0f MB\n", h.seconds, static_cast<double>(fs::file_size(db)) / 1e6);
  }
  KeptFigures kept = keep_report_figures(config, db, cold);
  if (cold)
    std::printf("  kept figures of %d days deleted: the server makes them again while the reports are asked\n",
                kept.days);
  else
    std::printf("  kept figures of %d closed days made in %.1f s (as the server makes a day's after its close)\n",
                kept.days, kept.seconds);
  Server server = Server::spawn(config, db, true);
  try {
    std::printf("  through the web listener, %d times each (ms: min / median / max; size of the reply):\n", repeat);
    std::fflush(stdout);
    time_reports(server.web_port, server.port, h.from, h.to, repeat);
  } catch (...) {
    server.stop();
    throw;
  }
  std::printf("  server RSS after     %lld KiB\n", static_cast<long long>(server.rss_kib()));
  server.stop();
  ReportCheck check = check_report_figures(config, db, h.from, h.to);
  std::printf(
      "  in this process, by day: %.0f ms from %d days' kept figures and the rest's rows, %.0f ms from every row\n",
      check.kept_ms, check.kept_days, check.rows_ms);
  std::printf("  every table of every period the same both ways: %s\n",
              check.same ? "yes" : ("NO (" + check.differs + ")").c_str());
}

void web(const std::string& dir, int phones, int calls) {
  // The phones share 127.0.0.1, as a hall's phones share its Wi-Fi's address: [web]'s limits are the
  // shipped ones (5000 in all, 2000 from one address) unless more phones than that are asked for.
  std::string config = dir + "/web.toml";
  std::ofstream(config) << bench_hall_toml(1) << "\n[web]\nmax_connections = " << std::max(5000, phones + 64)
                        << "\nmax_connections_per_address = " << std::max(2000, phones + 64) << "\n";
  std::string db = dir + "/web.db";
  for (const char* s : {"", "-wal", "-shm", ".mark"}) fs::remove(db + s);
  Server server = Server::spawn(config, db, true);
  calls = std::min(calls, phones);
  std::printf(
      "web: %d phones on server-sent events from 127.0.0.1, %d calls at window 1 (each 110-310 ms after the last "
      "reply)\n",
      phones, calls);
  std::fflush(stdout);
  WebResult r;
  try {
    r = run_web(server, phones, calls);
  } catch (...) {
    server.stop();
    throw;
  }
  server.stop();
  {
    std::ofstream calls_file(dir + "/web-calls.txt");  // every call's round trip, for a closer look
    calls_file << "# call  ms_without_streams  ms_with_streams\n";
    for (std::size_t i = 0; i < r.without.ms.size(); ++i)
      calls_file << i << " " << r.without.ms[i] << " " << (i < r.with.ms.size() ? r.with.ms[i] : -1) << "\n";
  }
  auto mib = [](std::int64_t kib) { return static_cast<double>(kib) / 1024.0; };
  std::printf("  streams              %d of %d had their first event, %.2f s after the first connect\n", r.opened,
              r.phones, r.open_seconds);
  std::printf("  server RSS           %.1f MiB idle, %.1f MiB with %d tickets, %.1f MiB with the streams open\n",
              mib(r.rss_idle_kib), mib(r.rss_tickets_kib), r.calls + r.phones, mib(r.rss_streams_kib));
  std::printf(
      "  the streams cost     %.1f MiB (%.1f KiB a stream); %.1f MiB after the calls, at most %.1f MiB (VmHWM)\n",
      mib(r.rss_streams_kib - r.rss_tickets_kib),
      static_cast<double>(r.rss_streams_kib - r.rss_tickets_kib) / std::max(1, r.phones), mib(r.rss_after_kib),
      mib(r.hwm_kib));
  std::printf("  call round trip (ms)     p50     p90     p99     max   server CPU\n");
  auto row = [](const char* what, const WebResult::Calls& c) {
    if (c.ms.empty()) return;
    std::printf("    %-18s %7.2f %7.2f %7.2f %7.2f   %.2f s in %.0f s\n", what, percentile(c.ms, 0.50),
                percentile(c.ms, 0.90), percentile(c.ms, 0.99), percentile(c.ms, 1.0), c.server_cpu_s, c.seconds);
  };
  row("no stream open", r.without);
  row(("with " + std::to_string(r.phones) + " streams").c_str(), r.with);
  if (!r.with.ms.empty()) {
    std::printf("    %-18s %+7.2f %+7.2f %+7.2f\n", "added",
                percentile(r.with.ms, 0.50) - percentile(r.without.ms, 0.50),
                percentile(r.with.ms, 0.90) - percentile(r.without.ms, 0.90),
                percentile(r.with.ms, 0.99) - percentile(r.without.ms, 0.99));
    std::printf("  the phones' reader   %.2f s CPU of this bench (on the same cores as the server)\n", r.phones_cpu_s);
    std::printf(
        "  events               %llu status events after the first; a waiting phone got %d / %d / %d "
        "(min / median / max) for %d calls\n",
        static_cast<unsigned long long>(r.events), r.per_phone.empty() ? 0 : r.per_phone.front(),
        r.per_phone.empty() ? 0 : r.per_phone[r.per_phone.size() / 2], r.per_phone.empty() ? 0 : r.per_phone.back(),
        r.calls);
    std::printf("  people ahead shown   p50 %.0f ms   p99 %.0f ms   max %.0f ms after the call's reply (%zu events)\n",
                percentile(r.drop_ms, 0.50), percentile(r.drop_ms, 0.99), percentile(r.drop_ms, 1.0), r.drop_ms.size());
    std::printf("  turn shown           p50 %.0f ms   p99 %.0f ms   max %.0f ms after the call's reply\n",
                percentile(r.turn_ms, 0.50), percentile(r.turn_ms, 0.99), percentile(r.turn_ms, 1.0));
    std::printf("  waiting phones       %d of %d saw all %d calls (people ahead down by one each)\n", r.waiting_right,
                r.waiting, r.calls);
    std::printf("  called phones        %d of %d saw their call to window 1, then done\n", r.called_seen, r.called);
  }
  std::printf("  failed streams       %d\n", r.failed);
  for (const auto& why : r.problems) std::printf("    %s\n", why.c_str());
  if (r.failed > 0) throw std::runtime_error(std::to_string(r.failed) + " of the phones' streams failed");
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = "all", dir = "out/bench", bin_dir;
  int clients = 200, connections = 10000, attackers = 1000;
  double seconds = 10, rate = -1;
  std::int64_t events = 1'000'000;
  int days = 250, tickets = 3000, repeat = 5, phones = 1000, calls = 300;
  bool keep = false, cold = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fputs(kUsage, stderr);
        std::exit(2);
      }
      return argv[++i];
    };
    // A value that is not a number in range ends the run with the option named, before any
    // database is written (std::stoi would abort on "x" and std::stod takes "nan" and "inf").
    auto whole = [&](auto& out, long long least, long long most) {
      std::string v = next();
      long long x = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      if (ec != std::errc{} || p != v.data() + v.size() || x < least || x > most) {
        std::fprintf(stderr, "hallq-bench: %s %s: a whole number from %lld to %lld is needed\n", argv[i - 1], v.c_str(),
                     least, most);
        std::exit(2);
      }
      out = static_cast<std::remove_reference_t<decltype(out)>>(x);
    };
    auto real = [&](double& out, double least, double most) {
      std::string v = next();
      double x = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      if (ec != std::errc{} || p != v.data() + v.size() || !(x >= least && x <= most)) {
        std::fprintf(stderr, "hallq-bench: %s %s: a number from %.10g to %.10g is needed\n", argv[i - 1], v.c_str(),
                     least, most);
        std::exit(2);
      }
      out = x;
    };
    if (a == "load" || a == "idle" || a == "startup" || a == "attack" || a == "backup" || a == "report" || a == "web" ||
        a == "sim" || a == "terminals" || a == "all")
      mode = a;
    else if (a == "--dir")
      dir = next();
    else if (a == "--clients")
      whole(clients, 1, 100'000);
    else if (a == "--seconds")
      real(seconds, 0.1, 86'400);
    else if (a == "--connections")
      whole(connections, 1, 1'000'000);
    else if (a == "--rate")
      real(rate, 0, 10'000'000);
    else if (a == "--attackers")
      whole(attackers, 0, 100'000);  // 0: the baseline without an attack (docs/performance.md)
    else if (a == "--events")
      whole(events, 1, 1'000'000'000);
    else if (a == "--days")
      whole(days, 1, 3660);
    else if (a == "--tickets")
      whole(tickets, 1, 1'000'000);
    else if (a == "--repeat")
      whole(repeat, 1, 1000);
    else if (a == "--phones")
      whole(phones, 1, 100'000);
    else if (a == "--calls")
      whole(calls, 1, 1'000'000);
    else if (a == "--bin")
      bin_dir = next();
    else if (a == "--keep")
      keep = true;
    else if (a == "--cold")
      cold = true;
    else {
      std::fputs(kUsage, a == "--help" ? stdout : stderr);
      return a == "--help" ? 0 : 2;
    }
  }
  raise_fd_limit();
  fs::create_directories(dir);
  std::printf("hallq-bench on %s\n", machine().c_str());
  try {
    if (mode == "load" || mode == "all") {
      if (rate <= 0) load(dir, clients, seconds, 0);
      if (rate != 0) load(dir, clients, seconds, rate > 0 ? rate : 20000);
    }
    if (mode == "idle" || mode == "all") idle(dir, connections);
    if (mode == "startup" || mode == "all") startup(dir, events);
    if (mode == "attack") attack(dir, attackers, seconds);
    if (mode == "backup") backup_bench(dir, events, clients, seconds, rate > 0 ? rate : 2000);
    if (mode == "report") report(dir, days, tickets, repeat, keep, cold);
    if (mode == "web") web(dir, phones, calls);
    if (mode == "sim") sim_bench(repeat);
    if (mode == "terminals") terminals_bench(dir, bin_dir, repeat);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
