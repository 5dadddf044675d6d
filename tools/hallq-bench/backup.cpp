// hallq-bench backup: how much a backup taken while the hall runs costs the hall. A year's database
// (--events, through the server's own engine and store), the server on it, and a paced load
// (--rate requests/s from --clients connections) for --seconds twice: without backups, then with
// backups taken one after another the whole time (`backup`, as `hallqctl backup` asks). Compares
// the acknowledged requests' latency, and reads the commits' own times from `health`.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/net/sync_client.hpp"
#include "core/protocol/messages.hpp"
#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {

namespace fs = std::filesystem;

namespace {

void connect_admin(net::SyncClient& c, int port) {
  c.connect(net::HostPort{"127.0.0.1", static_cast<std::uint16_t>(port)});
  c.hello(protocol::Role::admin, "admin", "bench-admin-token");
}

void print_load(const char* what, const LoadResult& r) {
  std::printf("    %-22s %8.0f/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%llu refused)\n", what,
              static_cast<double>(r.replies) / r.seconds, r.p50_ms, r.p99_ms, r.max_ms,
              static_cast<unsigned long long>(r.refused));
}

}  // namespace

void backup_bench(const std::string& dir, std::int64_t events, int clients, double seconds, double rate) {
  const int windows = 50;
  std::string config = dir + "/backup.toml";
  std::ofstream(config) << bench_hall_toml(windows)
                        << "\n[[device]]\nid = \"admin\"\nrole = \"admin\"\ntoken = \"bench-admin-token\"\n"
                           "\n[backup]\nat = \"off\"\n";
  std::string db = dir + "/backup.db";
  for (const char* s : {"", "-wal", "-shm", ".mark"}) fs::remove(db + s);
  auto t0 = std::chrono::steady_clock::now();
  std::int64_t written = write_history(config, db, events, 0.02);
  std::printf(
      "backup: %lld events of a year's days (written in %.0f s, %.0f MB); %d clients paced at %.0f/s, "
      "%.0f s each way\n",
      static_cast<long long>(written), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
      static_cast<double>(fs::file_size(db)) / 1e6, clients, rate, seconds);
  std::fflush(stdout);

  Server server = Server::spawn(config, db);
  try {
    LoadResult quiet = run_load(server.port, clients, windows, 1.0, seconds, rate);

    // The same load, with one backup after another meanwhile.
    std::atomic<bool> done{false};
    std::vector<double> backup_ms;
    int copies = 0;
    std::int64_t bytes = 0;
    std::string failure;
    std::thread backups([&] {
      try {
        net::SyncClient c;
        connect_admin(c, server.port);
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // the load's warm-up
        for (int i = 0; !done; ++i) {
          protocol::BackupRequest req;
          // A new file each time, all removed after the measurement: deleting a 141 MB file on a
          // file system mounted with `discard` stalls the next commit by ~50 ms (measured), which
          // is this bench's doing, not the backup's.
          req.file = fs::absolute(dir + "/backup-copy-" + std::to_string(i) + ".db").string();
          fs::remove(*req.file);
          copies = i + 1;
          auto r = c.call(req, std::chrono::minutes(10));
          if (!r) throw std::runtime_error("backup refused: " + r.failure().message);
          backup_ms.push_back(static_cast<double>(r->ms));
          bytes = r->bytes;
        }
      } catch (const std::exception& e) {
        failure = e.what();
      }
    });
    LoadResult busy = run_load(server.port, clients, windows, 1.0, seconds, rate);
    done = true;
    backups.join();
    if (!failure.empty()) throw std::runtime_error(failure);

    net::SyncClient c;
    connect_admin(c, server.port);
    auto health = c.call(protocol::HealthRequest{});
    if (!health) throw std::runtime_error("health refused: " + health.failure().message);
    std::printf("  acknowledged requests (latency from the scheduled send):\n");
    print_load("without a backup", quiet);
    print_load("during backups", busy);
    std::printf("  backups              %zu taken back to back, %.0f MB each: %.0f ms median, %.0f ms slowest\n",
                backup_ms.size(), static_cast<double>(bytes) / 1e6, percentile(backup_ms, 0.5),
                percentile(backup_ms, 1.0));
    for (const auto& check : health->checks)
      if (check.name == "commits") std::printf("  commits (health)     %s\n", check.message.c_str());
    for (int i = 0; i < copies; ++i) fs::remove(dir + "/backup-copy-" + std::to_string(i) + ".db");
  } catch (...) {
    server.stop();
    throw;
  }
  server.stop();
}

}  // namespace hallq::bench
