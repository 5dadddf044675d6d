#include "server/web/reports.hpp"

#include <chrono>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/asio/post.hpp>

#include "server/store.hpp"

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

void Reports::run(domain::LocalDate from, domain::LocalDate to,
                  std::function<void(std::variant<Report, std::string>)> done) {
  boost::asio::post(pool_, [this, from, to, done = std::move(done)]() mutable {
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

std::string name_of(std::string_view by, const std::string& key, const config::Config& config) {
  if (key == "total") return "";
  if (by == "service")
    if (const domain::Service* s = config.hall.service(key)) return s->names.zh;
  if (by == "window")
    if (const domain::Window* w = config.hall.window(std::atoi(key.c_str()))) return w->names.zh;
  if (by == "clerk")
    if (const domain::Clerk* c = config.hall.clerk(key)) return c->name;
  return "";
}

}  // namespace

std::string report_csv(const Report& r, std::string_view by, const config::Config& config) {
  const std::vector<domain::StatsRow>& rows = by == "window"  ? r.stats.windows
                                              : by == "clerk" ? r.stats.clerks
                                                              : r.stats.services;
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte-order mark
  out += "from,to," + std::string(by) +
         ",name,issued,served,no_shows,transferred,cancelled,waiting,called,within_target,within_target_percent,"
         "wait_mean_s,wait_p50_s,wait_p90_s,service_mean_s,service_p90_s\r\n";
  auto line = [&](const domain::StatsRow& row) {
    std::string percent =
        row.called == 0 ? "" : std::to_string((row.within_target * 1000 / row.called + 5) / 10);  // whole percent
    out += r.from.str() + "," + r.to.str() + "," + csv_field(row.key) + "," + csv_field(name_of(by, row.key, config)) +
           "," + std::to_string(row.issued) + "," + std::to_string(row.served) + "," + std::to_string(row.no_shows) +
           "," + std::to_string(row.transferred) + "," + std::to_string(row.cancelled) + "," +
           std::to_string(row.waiting) + "," + std::to_string(row.called) + "," + std::to_string(row.within_target) +
           "," + percent + "," + std::to_string(row.wait_mean_s) + "," + std::to_string(row.wait_p50_s) + "," +
           std::to_string(row.wait_p90_s) + "," + std::to_string(row.service_mean_s) + "," +
           std::to_string(row.service_p90_s) + "\r\n";
  };
  for (const auto& row : rows) line(row);
  line(r.stats.total);
  return out;
}

}  // namespace hallq::server::web
