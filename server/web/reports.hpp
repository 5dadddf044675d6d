#pragma once
// Reports over any range of days for the staff console (docs/web.md, "Reports"):
// - the figures of domain::compute_stats — issued, served, no-shows, transfers,
//   wait mean, median and 90th percentile, the share called within the hall's
//   target, service time — per service, window and clerk, and per period
//   (hour of the day, day, ISO week or month) over every ticket of the range;
// - the windows' use: open, busy (serving) and idle time, from the tickets'
//   call and end times and the windows' log-in, log-out and pause events;
// - 好差评: the `ratings` operation's figures (RatingTables::figures, the same
//   code) by clerk, and by day for the periods;
// - cases received in the range by state and deadline (the case book's own
//   due-soon and overdue rules, as of now);
// - the load: tickets issued per hour of the day and weekday (a heat map);
// - the waits told at issue against those that followed, by service.
// Everything is read on a worker thread of its own through a read-only
// connection to the database, in one read transaction, so a year's report
// neither blocks the event loop nor holds up the committer (SQLite's WAL lets
// it read beside it). Closed days come from the figures the store keeps for
// them (server/day_figures.hpp), the rest from their rows; the figures are
// exactly those computed from the rows of every day (compute_report_from_rows).
//
// Thread affinity: run() on the event loop; `done` runs there. The rest are
// pure functions of a Report, callable anywhere.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/config/config.hpp"
#include "core/domain/stats.hpp"
#include "core/domain/time.hpp"
#include "server/day_figures.hpp"
#include "server/store_ratings.hpp"

namespace SQLite {
class Database;
}

namespace hallq::server::web {

// Rows per period: the hour of the day a ticket was issued ("09": 09:00–10:00,
// every day of the range together), its hall day, the ISO week of that day
// ("2026-W49", Monday to Sunday) or its month ("2026-11").
enum class Period { hour, day, week, month };
std::string_view to_string(Period p);
std::optional<Period> period_from_string(std::string_view s);
// The key of the week a day is in: ISO 8601 ("2026-W49"; the week's Thursday decides the year).
std::string iso_week(const domain::LocalDate& d);

struct PeriodRow {
  std::string key;                   // "09", "2026-11-30", "2026-W49", "2026-11"
  domain::StatsRow stats;            // the period's tickets, as compute_stats' total
  std::optional<RatingRow> ratings;  // the days' 好差评 summed (not by hour: ratings are by day)
};

// A window's time over the range, in seconds. Open: logged in and not paused
// (or serving). Busy: serving, from a call to the visit's end. Idle: open and
// not busy. Paused: logged in and paused.
struct WindowUse {
  std::string key;  // window number, or "total"
  std::int64_t open_s = 0, busy_s = 0, idle_s = 0, paused_s = 0;
};
// Busy time as a whole percent of open time (nothing when never open); idle is 100 minus it.
std::optional<int> busy_percent(const WindowUse& u);

// Cases received in the range (hall day of their first receipt), by state now and by deadline.
struct CaseRow {
  std::string key;  // service code, or "total"
  int received = 0;
  int open = 0;                   // not ended now
  int handed_over = 0;            // at a department now
  int ready = 0;                  // ready for pickup now
  int overdue = 0, due_soon = 0;  // now, by the case book's rules (chased cases only)
  int decided_at_window = 0, picked_up = 0, withdrawn = 0;
  int with_limit = 0;                   // accepted with a promised date
  int back_on_time = 0, back_late = 0;  // the department's result back in the hall by / after that date
};

// The waits tickets were told at issue against those that followed, by the service they were
// issued for (docs/web.md, "Reports"; docs/simulation.md, "Recorded days").
struct EstimateRow {
  std::string key;  // service code, or "total"
  ToldParts parts;
};
// Its figures: means in whole seconds rounded toward zero; the system's mean absolute error as a
// whole percent of the naive one (the measure), and the shares of waits within the range
// told (to the nearest second: domain::wait_within_range) and of tickets told a range, rounded half
// up. All are nothing where no told wait is recorded (a row of tickets from before schema 11 only),
// the ratio also where the naive error is 0.
struct EstimateFigures {
  std::optional<std::int64_t> wait_mean_s, system_mae_s, system_bias_s, naive_mae_s, naive_bias_s;
  std::optional<int> ratio_percent, within_range_percent, range_shown_percent;
};
EstimateFigures estimate_figures(const ToldParts& p);

// The satisfaction share as the `ratings` operation gives it (rating_row_view): ‰, −1 when nothing is rated.
int satisfaction_permille(const RatingRow& r);
// The same in whole percent, rounded as the monitor and caller show it; nothing when nothing is rated.
std::optional<int> satisfaction_percent(const RatingRow& r);

struct Report {
  domain::LocalDate from, to;
  int days = 0;
  Period period = Period::day;
  domain::Stats stats;             // stats.day: `from`
  std::vector<PeriodRow> periods;  // in time order; periods in which tickets were issued
  // Tickets issued by weekday (0 Monday … 6 Sunday) and hour of the day.
  std::array<std::array<int, 24>, 7> load{};
  std::vector<WindowUse> use;  // ascending window number; windows open or serving in the range
  WindowUse use_total;
  std::vector<RatingRow> satisfaction;  // the total first, then by clerk (the `ratings` op, by=clerk)
  std::vector<CaseRow> cases;           // by service (config order, then others)
  CaseRow cases_total;
  std::vector<EstimateRow> estimates;  // by service (config order, then others): those with a ticket called
  EstimateRow estimates_total{"total", {}};
  int kept_days = 0;   // days added up from their kept figures (the others computed from their rows)
  double seconds = 0;  // how long reading and computing took (and the file, when asked for)
  std::string file;    // the file made from the report, when asked for (report_xlsx, a PDF)
};

// A cell of a table in a file: numbers as numbers (a spreadsheet sums them), the rest as text.
struct Cell {
  std::string text;
  std::optional<std::int64_t> number;
};
// A report's table as the files have it: CSV (one table) and XLSX (a worksheet each).
struct Table {
  std::string name;  // service, window, clerk, hour|day|week|month, use, satisfaction, cases, load, estimates
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;  // the total last, where there is one
};

class Reports {
 public:
  static constexpr int kMaxDays = 366;

  struct Ask {
    domain::LocalDate from, to;
    Period period = Period::day;
    domain::TimePoint now;  // the server's clock: today's open windows and cases' deadlines
    // Made on the worker from the finished report (a workbook, a PDF) into Report::file; may throw.
    std::function<std::string(const Report&)> file;
  };

  // `config` must outlive the reports; `db_path` is the server's database.
  Reports(boost::asio::any_io_executor loop, const config::Config& config, std::string db_path);
  ~Reports();  // waits for a report under way
  Reports(const Reports&) = delete;
  Reports& operator=(const Reports&) = delete;

  // Why `from`..`to` cannot be a report, as a translation key (web.staff.report_error.*, "{days}":
  // kMaxDays), or "".
  static std::string check(const domain::LocalDate& from, const domain::LocalDate& to);
  // Computes the report (and its file); `done` gets it, or why not (an
  // unreadable database, a file that could not be made).
  void run(Ask ask, std::function<void(std::variant<Report, std::string>)> done);

 private:
  boost::asio::any_io_executor loop_;
  const config::Config& config_;
  std::string db_path_;
  boost::asio::thread_pool pool_{1};
  std::unique_ptr<SQLite::Database> db_;  // opened on the worker, used only there
};

// Reads and computes a report from `db` (any connection; one read transaction
// is the caller's): closed days from their kept figures where the store has
// made them on this basis, the other days from their rows. Throws on an
// unreadable row.
Report compute_report(SQLite::Database& db, const Reports::Ask& ask, const config::Config& config);
// The same report straight from the rows of every day of the range (every
// ticket through domain::compute_stats, the 好差评 through the `ratings`
// operation's queries): what compute_report must equal, figure for figure.
// Slow over a year (3–4 s); for tests and measurements.
Report compute_report_from_rows(SQLite::Database& db, const Reports::Ask& ask, const config::Config& config);

// A row's name: the service's or window's in `lang` (Chinese when it has none),
// the clerk's; "" for the total or a key the configuration no longer has.
std::string row_name(std::string_view by, const std::string& key, const config::Config& config, std::string_view lang);
// The share of a row's calls within the target, in whole percent; nothing when none was called.
std::optional<int> within_target_percent(const domain::StatsRow& row);

// One table of a report (`by`: service, window, clerk, period, use,
// satisfaction, cases, load, estimates); nothing for another name. Times in seconds.
// An hour or ISO week as two digits ("09"): the key of an hour's row and column.
std::string two_digits(int v);
std::optional<Table> report_table(const Report& r, std::string_view by, const config::Config& config);
// Every table: service, window, clerk, the period's, use, satisfaction, cases, load, estimates.
std::vector<Table> report_tables(const Report& r, const config::Config& config);

// A table as CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so that
// spreadsheet programs read the Chinese names).
std::string table_csv(const Table& t);
// One table of a report as CSV (service when `by` is not a table's name).
std::string report_csv(const Report& r, std::string_view by, const config::Config& config);

// Every table as a worksheet of an XLSX workbook (libxlsxwriter), its bytes.
// Throws std::runtime_error when it cannot be written. Writes a temporary
// file: call it off the event loop.
std::string report_xlsx(const Report& r, const config::Config& config);

}  // namespace hallq::server::web
