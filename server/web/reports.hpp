#pragma once
// Reports over any range of days for the staff console (docs/web.md): the
// figures of domain::compute_stats — issued, served, no-shows, transfers, wait
// mean, median and 90th percentile, the share called within the hall's target,
// service time — per service, window and clerk, over every ticket of the
// range. The tickets are read on a worker thread of its own through a
// read-only connection to the database, so a year's report neither blocks the
// event loop nor holds up the committer (SQLite's WAL lets it read beside it).
//
// Thread affinity: run() on the event loop; `done` runs there.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/config/config.hpp"
#include "core/domain/stats.hpp"
#include "core/domain/time.hpp"

namespace SQLite {
class Database;
}

namespace hallq::server::web {

struct Report {
  domain::LocalDate from, to;
  int days = 0;
  domain::Stats stats;  // stats.day: `from`
  double seconds = 0;   // how long reading and computing took
  std::string xlsx;     // the workbook, when asked for (report_xlsx)
};

class Reports {
 public:
  static constexpr int kMaxDays = 366;

  // `config` must outlive the reports; `db_path` is the server's database.
  Reports(boost::asio::any_io_executor loop, const config::Config& config, std::string db_path);
  ~Reports();  // waits for a report under way
  Reports(const Reports&) = delete;
  Reports& operator=(const Reports&) = delete;

  // Why `from`..`to` cannot be a report ("at most 366 days"), or "".
  static std::string check(const domain::LocalDate& from, const domain::LocalDate& to);
  // Computes the report (and its workbook when `xlsx`); `done` gets it, or why
  // not (an unreadable database, a workbook that could not be written).
  void run(domain::LocalDate from, domain::LocalDate to, bool xlsx,
           std::function<void(std::variant<Report, std::string>)> done);

 private:
  boost::asio::any_io_executor loop_;
  const config::Config& config_;
  std::string db_path_;
  boost::asio::thread_pool pool_{1};
  std::unique_ptr<SQLite::Database> db_;  // opened on the worker, used only there
};

// A row's name: the service's or window's in `lang` (Chinese when it has none),
// the clerk's; "" for the total or a key the configuration no longer has.
std::string row_name(std::string_view by, const std::string& key, const config::Config& config, std::string_view lang);
// The share of a row's calls within the target, in whole percent; nothing when none was called.
std::optional<int> within_target_percent(const domain::StatsRow& row);

// A report's rows as CSV (RFC 4180, UTF-8 with a byte-order mark so that
// spreadsheet programs read the Chinese names): one table, `by` = service,
// window or clerk, with the total last. Times in seconds.
std::string report_csv(const Report& r, std::string_view by, const config::Config& config);

// The same three tables (service, window, clerk: a worksheet each, the same
// columns as the CSV) as an XLSX workbook (libxlsxwriter), its bytes. Throws
// std::runtime_error when it cannot be written. Writes a temporary file: call
// it off the event loop.
std::string report_xlsx(const Report& r, const config::Config& config);

}  // namespace hallq::server::web
