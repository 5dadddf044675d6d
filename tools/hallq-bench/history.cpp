// History generation and the raw single-commit baseline for hallq-bench.
#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>

#include "core/config/config.hpp"
#include "server/store.hpp"
#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {

double raw_commit_rate(const std::string& db_path, double seconds) {
  std::filesystem::remove(db_path);
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, at INTEGER, payload TEXT)");
  SQLite::Statement insert(db, "INSERT INTO t(at, payload) VALUES(?, 'take A')");
  auto start = std::chrono::steady_clock::now();
  auto end =
      start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  std::int64_t n = 0;
  while (std::chrono::steady_clock::now() < end) {
    db.exec("BEGIN IMMEDIATE");
    insert.reset();
    insert.bind(1, n);
    insert.exec();
    db.exec("COMMIT");
    ++n;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(n) / elapsed;
}

std::int64_t write_history(const std::string& config_path, const std::string& db_path, std::int64_t events,
                           double today_share) {
  for (const char* suffix : {"", "-wal", "-shm", ".mark"}) std::filesystem::remove(db_path + suffix);
  auto config = config::load_config(config_path);
  server::Store store(db_path, 1000);
  auto now = domain::SystemClock{}.now();
  domain::LocalDate today = domain::hall_day(now, config.hall.rollover_minute);
  std::int64_t past_events = static_cast<std::int64_t>(static_cast<double>(events) * (1.0 - today_share));
  // ~4,000 events a day: a busy hall's day (1,300 tickets: issued, called, finished).
  int past_days = static_cast<int>(std::max<std::int64_t>(0, (past_events + 3999) / 4000));
  domain::ManualClock clock(domain::from_local(today.plus_days(-past_days), 8 * 60));
  domain::Engine engine(config.hall, clock, domain::IdHasher({1, 2, 3}));
  std::vector<domain::Changes> batch;
  std::int64_t written = 0;
  auto flush = [&] {
    if (!batch.empty() && store.commit(batch, engine.day())) throw std::runtime_error("history commit failed");
    batch.clear();
  };
  int windows = static_cast<int>(config.hall.windows.size());
  // Each day opens at 08:00 with every window staffed.
  auto open_day = [&](domain::LocalDate d) {
    clock.set(domain::from_local(d, 8 * 60));
    engine.tick();
    for (int w = 1; w <= windows; ++w)
      if (!engine.login(w, "c" + std::to_string(w))) throw std::runtime_error("bench login failed");
  };
  open_day(engine.day());
  const char* codes[] = {"A", "B", "C", "D"};
  std::int64_t day_events = 0;
  for (std::int64_t step = 0; written < events; ++step) {
    if (engine.day() != today && (day_events >= 4000 || written >= past_events)) {
      open_day(written >= past_events ? today : engine.day().plus_days(1));
      day_events = 0;
    }
    domain::TakeArgs a;
    a.service = codes[step % 4];
    (void)engine.take(a);
    // Each ticket called (the window's last one finished by the call): three events a ticket, and a
    // queue that stays short. (Calling every third step let it grow all day, and with each take's
    // estimate replaying the queue ahead, writing a busy day took hours.)
    (void)engine.call_next(static_cast<int>(step % windows) + 1);
    clock.advance(std::chrono::milliseconds(20));
    batch.push_back(engine.take_changes());
    day_events += static_cast<std::int64_t>(batch.back().events.size());
    written += static_cast<std::int64_t>(batch.back().events.size());
    if (batch.size() >= 2000) flush();
  }
  flush();
  return store.event_count();
}

}  // namespace hallq::bench
