#include "server/web/reports.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <xlsxwriter.h>
#include <boost/asio/post.hpp>

#include "server/store.hpp"
#include "server/web/html.hpp"

namespace hallq::server::web {

Reports::Reports(boost::asio::any_io_executor loop, const config::Config& config, std::string db_path)
    : loop_(std::move(loop)), config_(config), db_path_(std::move(db_path)) {}

Reports::~Reports() {
  pool_.join();
}

std::string Reports::check(const domain::LocalDate& from, const domain::LocalDate& to) {
  if (!from.valid() || !to.valid()) return "not a date";
  if (to < from) return "the range ends before it begins";
  if (from.plus_days(kMaxDays - 1) < to) return "a report covers at most " + std::to_string(kMaxDays) + " days";
  return "";
}

void Reports::run(domain::LocalDate from, domain::LocalDate to, bool xlsx,
                  std::function<void(std::variant<Report, std::string>)> done) {
  boost::asio::post(pool_, [this, from, to, xlsx, done = std::move(done)]() mutable {
    std::variant<Report, std::string> result;
    try {
      auto started = std::chrono::steady_clock::now();
      if (!db_) {
        db_ = std::make_unique<SQLite::Database>(db_path_, SQLite::OPEN_READONLY);
        db_->setBusyTimeout(config_.settings.busy_timeout_ms);
      }
      std::vector<domain::Ticket> tickets;
      Report r;
      r.from = from;
      r.to = to;
      // One read transaction: the days are one consistent picture, whatever is committed meanwhile.
      db_->exec("BEGIN");
      try {
        for (auto d = from; d <= to; d = d.plus_days(1), ++r.days) {
          auto day = read_tickets(*db_, d.str());
          tickets.insert(tickets.end(), std::make_move_iterator(day.begin()), std::make_move_iterator(day.end()));
        }
      } catch (...) {
        db_->exec("ROLLBACK");
        throw;
      }
      db_->exec("COMMIT");
      std::vector<const domain::Ticket*> all;
      all.reserve(tickets.size());
      for (const auto& t : tickets) all.push_back(&t);
      r.stats = domain::compute_stats(from, all, config_.hall);
      if (xlsx) r.xlsx = report_xlsx(r, config_);
      r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      result = std::move(r);
    } catch (const std::exception& e) {
      db_.reset();  // opened again next time
      result = std::string("the report could not be read: ") + e.what();
    }
    boost::asio::post(loop_,
                      [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  });
}

namespace {

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

namespace {

const std::vector<domain::StatsRow>& rows_by(const Report& r, std::string_view by) {
  return by == "window" ? r.stats.windows : by == "clerk" ? r.stats.clerks : r.stats.services;
}

// The columns of every export, in order (docs/web.md lists them): a heading and its cells per row.
std::vector<std::string> columns(std::string_view by) {
  return {"from",
          "to",
          std::string(by),
          "name",
          "issued",
          "served",
          "no_shows",
          "transferred",
          "cancelled",
          "waiting",
          "called",
          "within_target",
          "within_target_percent",
          "wait_mean_s",
          "wait_p50_s",
          "wait_p90_s",
          "service_mean_s",
          "service_p90_s"};
}

// One row's cells; numbers as numbers (nullopt: text), so a spreadsheet can sum them.
struct Cell {
  std::string text;
  std::optional<std::int64_t> number;
};
std::vector<Cell> cells(const Report& r, std::string_view by, const domain::StatsRow& row,
                        const config::Config& config) {
  auto n = [](std::int64_t v) { return Cell{std::to_string(v), v}; };
  auto share = within_target_percent(row);
  Cell percent = share ? n(*share) : Cell{"", std::nullopt};
  return {Cell{r.from.str(), std::nullopt},
          Cell{r.to.str(), std::nullopt},
          Cell{row.key == "total" ? "" : row.key, std::nullopt},
          Cell{row_name(by, row.key, config, "zh"), std::nullopt},
          n(row.issued),
          n(row.served),
          n(row.no_shows),
          n(row.transferred),
          n(row.cancelled),
          n(row.waiting),
          n(row.called),
          n(row.within_target),
          percent,
          n(row.wait_mean_s),
          n(row.wait_p50_s),
          n(row.wait_p90_s),
          n(row.service_mean_s),
          n(row.service_p90_s)};
}

}  // namespace

std::string row_name(std::string_view by, const std::string& key, const config::Config& config, std::string_view lang) {
  if (key == "total") return "";
  if (by == "service")
    if (const domain::Service* s = config.hall.service(key)) return name_in(s->names, lang);
  if (by == "window")
    if (const domain::Window* w = config.hall.window(std::atoi(key.c_str()))) return name_in(w->names, lang);
  if (by == "clerk")
    if (const domain::Clerk* c = config.hall.clerk(key)) return c->name;
  return "";
}

std::optional<int> within_target_percent(const domain::StatsRow& row) {
  if (row.called == 0) return std::nullopt;
  return (row.within_target * 1000 / row.called + 5) / 10;  // whole percent, rounded
}

std::string report_csv(const Report& r, std::string_view by, const config::Config& config) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte-order mark
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    out += "\r\n";
  };
  line(columns(by));
  auto row_line = [&](const domain::StatsRow& row) {
    std::vector<std::string> fields;
    for (const auto& c : cells(r, by, row, config)) fields.push_back(c.text);
    line(fields);
  };
  for (const auto& row : rows_by(r, by)) row_line(row);
  row_line(r.stats.total);
  return out;
}

std::string report_xlsx(const Report& r, const config::Config& config) {
  // mkstemp replaces the trailing X's with a unique name and creates the file (mode 0600).
  std::string name = (std::filesystem::temp_directory_path() / "hallq-report-XXXXXX").string();
  std::vector<char> path_buffer(name.begin(), name.end());
  path_buffer.push_back('\0');
  char* path = path_buffer.data();
  int fd = ::mkstemp(path);
  if (fd < 0) throw std::runtime_error("cannot make a temporary file for the workbook");
  ::close(fd);
  struct Remove {
    const char* p;
    ~Remove() { std::remove(p); }
  } remove{path};
  lxw_workbook* wb = workbook_new(path);
  if (!wb) throw std::runtime_error("cannot start the workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (std::string_view by : {"service", "window", "clerk"}) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, std::string(by).c_str());
    lxw_row_t y = 0;
    auto heads = columns(by);
    for (std::size_t x = 0; x < heads.size(); ++x)
      worksheet_write_string(ws, y, static_cast<lxw_col_t>(x), heads[x].c_str(), bold);
    auto write = [&](const domain::StatsRow& row) {
      ++y;
      auto cs = cells(r, by, row, config);
      for (std::size_t x = 0; x < cs.size(); ++x) {
        auto col = static_cast<lxw_col_t>(x);
        if (cs[x].number)
          worksheet_write_number(ws, y, col, static_cast<double>(*cs[x].number), nullptr);
        else if (!cs[x].text.empty())
          worksheet_write_string(ws, y, col, cs[x].text.c_str(), nullptr);
      }
    };
    for (const auto& row : rows_by(r, by)) write(row);
    write(r.stats.total);
  }
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR)
    throw std::runtime_error(std::string("the workbook could not be written: ") + lxw_strerror(e));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace hallq::server::web
