// A report's tables — the page's, every CSV file's and the workbook's sheets — and the files
// made of them (reports.hpp): one place, so the page and the files cannot differ.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <xlsxwriter.h>

#include "server/views.hpp"
#include "server/web/html.hpp"
#include "server/web/reports.hpp"

namespace hallq::server::web {

// ------------------------------------------------------------------ tables and files

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

Cell n(std::int64_t v) {
  return Cell{std::to_string(v), v};
}
Cell maybe(std::optional<std::int64_t> v) {
  return v ? n(*v) : Cell{"", std::nullopt};
}
Cell text_cell(std::string s) {
  return Cell{std::move(s), std::nullopt};
}

const std::vector<std::string> kStatsColumns = {
    "issued",     "served",     "no_shows",       "transferred",           "cancelled",
    "waiting",    "called",     "within_target",  "within_target_percent", "wait_mean_s",
    "wait_p50_s", "wait_p90_s", "service_mean_s", "service_p90_s"};

void stats_cells(std::vector<Cell>& cells, const domain::StatsRow& row) {
  for (std::int64_t v : {std::int64_t{row.issued}, std::int64_t{row.served}, std::int64_t{row.no_shows},
                         std::int64_t{row.transferred}, std::int64_t{row.cancelled}, std::int64_t{row.waiting},
                         std::int64_t{row.called}, std::int64_t{row.within_target}})
    cells.push_back(n(v));
  cells.push_back(maybe(within_target_percent(row)));
  for (std::int64_t v : {row.wait_mean_s, row.wait_p50_s, row.wait_p90_s, row.service_mean_s, row.service_p90_s})
    cells.push_back(n(v));
}

const std::vector<std::string> kRatingColumns = {"offered",
                                                 "rated",
                                                 "participation_permille",
                                                 "very_dissatisfied",
                                                 "dissatisfied",
                                                 "basically_satisfied",
                                                 "satisfied",
                                                 "very_satisfied",
                                                 "satisfaction_permille",
                                                 "satisfaction_percent",
                                                 "followups",
                                                 "followups_on_time"};

void rating_cells(std::vector<Cell>& cells, const RatingRow& row) {
  auto view = rating_row_view(row);
  cells.push_back(n(row.offered));
  cells.push_back(n(row.rated));
  cells.push_back(n(view.participation_permille));
  for (int l = 0; l < 5; ++l) cells.push_back(n(row.levels[l]));
  cells.push_back(n(view.satisfaction_permille));
  cells.push_back(maybe(satisfaction_percent(row)));
  cells.push_back(n(row.followups));
  cells.push_back(n(row.followups_on_time));
}

std::vector<Cell> range_cells(const Report& r) {
  return {text_cell(r.from.str()), text_cell(r.to.str())};
}

Table stats_table(const Report& r, std::string_view by, const config::Config& config) {
  Table t;
  t.name = std::string(by);
  t.columns = {"from", "to", std::string(by), "name"};
  t.columns.insert(t.columns.end(), kStatsColumns.begin(), kStatsColumns.end());
  const auto& rows = by == "window" ? r.stats.windows : by == "clerk" ? r.stats.clerks : r.stats.services;
  auto add_row = [&](const domain::StatsRow& row) {
    auto cells = range_cells(r);
    cells.push_back(text_cell(row.key == "total" ? "" : row.key));
    cells.push_back(text_cell(row_name(by, row.key, config, "zh")));
    stats_cells(cells, row);
    t.rows.push_back(std::move(cells));
  };
  for (const auto& row : rows) add_row(row);
  add_row(r.stats.total);
  return t;
}

Table period_table(const Report& r) {
  Table t;
  t.name = std::string(to_string(r.period));
  t.columns = {"from", "to", t.name};
  t.columns.insert(t.columns.end(), kStatsColumns.begin(), kStatsColumns.end());
  const bool rated = r.period != Period::hour;
  if (rated) t.columns.insert(t.columns.end(), {"rated", "satisfaction_permille", "satisfaction_percent"});
  for (const auto& p : r.periods) {
    auto cells = range_cells(r);
    cells.push_back(text_cell(p.key));
    stats_cells(cells, p.stats);
    if (rated) {
      RatingRow none{p.key};
      const RatingRow& q = p.ratings ? *p.ratings : none;
      cells.push_back(n(q.rated));
      cells.push_back(n(satisfaction_permille(q)));
      cells.push_back(maybe(satisfaction_percent(q)));
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

Table use_table(const Report& r, const config::Config& config) {
  Table t;
  t.name = "use";
  t.columns = {"from",   "to",     "window",   "name",         "open_s",
               "busy_s", "idle_s", "paused_s", "busy_percent", "idle_percent"};
  auto add_row = [&](const WindowUse& u) {
    auto cells = range_cells(r);
    cells.push_back(text_cell(u.key == "total" ? "" : u.key));
    cells.push_back(text_cell(row_name("window", u.key, config, "zh")));
    for (std::int64_t v : {u.open_s, u.busy_s, u.idle_s, u.paused_s}) cells.push_back(n(v));
    auto busy = busy_percent(u);
    cells.push_back(maybe(busy));
    cells.push_back(maybe(busy ? std::optional<int>(100 - *busy) : std::nullopt));
    t.rows.push_back(std::move(cells));
  };
  for (const auto& u : r.use) add_row(u);
  add_row(r.use_total);
  return t;
}

Table satisfaction_table(const Report& r, const config::Config& config) {
  Table t;
  t.name = "satisfaction";
  t.columns = {"from", "to", "clerk", "name"};
  t.columns.insert(t.columns.end(), kRatingColumns.begin(), kRatingColumns.end());
  auto add_row = [&](const RatingRow& row) {
    auto cells = range_cells(r);
    cells.push_back(text_cell(row.key == "total" ? "" : row.key));
    cells.push_back(text_cell(row_name("clerk", row.key, config, "zh")));
    rating_cells(cells, row);
    t.rows.push_back(std::move(cells));
  };
  // The `ratings` op gives the total first; the files put it last, as every other table does.
  for (std::size_t i = 1; i < r.satisfaction.size(); ++i) add_row(r.satisfaction[i]);
  if (!r.satisfaction.empty()) add_row(r.satisfaction.front());
  return t;
}

Table cases_table(const Report& r, const config::Config& config) {
  Table t;
  t.name = "cases";
  t.columns = {"from",        "to",         "service",      "name",     "received",          "open",
               "handed_over", "ready",      "overdue",      "due_soon", "decided_at_window", "picked_up",
               "withdrawn",   "with_limit", "back_on_time", "back_late"};
  auto add_row = [&](const CaseRow& c) {
    auto cells = range_cells(r);
    cells.push_back(text_cell(c.key == "total" ? "" : c.key));
    cells.push_back(text_cell(row_name("service", c.key, config, "zh")));
    for (int v : {c.received, c.open, c.handed_over, c.ready, c.overdue, c.due_soon, c.decided_at_window, c.picked_up,
                  c.withdrawn, c.with_limit, c.back_on_time, c.back_late})
      cells.push_back(n(v));
    t.rows.push_back(std::move(cells));
  };
  for (const auto& c : r.cases) add_row(c);
  add_row(r.cases_total);
  return t;
}

Table estimates_table(const Report& r, const config::Config& config) {
  Table t;
  t.name = "estimates";
  t.columns = {"from",
               "to",
               "service",
               "name",
               "tickets",
               "untold",
               "wait_mean_s",
               "system_mae_s",
               "system_bias_s",
               "naive_mae_s",
               "naive_bias_s",
               "ratio_percent",
               "within_range_percent",
               "range_shown_percent"};
  auto add_row = [&](const EstimateRow& e) {
    auto cells = range_cells(r);
    cells.push_back(text_cell(e.key == "total" ? "" : e.key));
    cells.push_back(text_cell(row_name("service", e.key, config, "zh")));
    EstimateFigures f = estimate_figures(e.parts);
    cells.push_back(n(e.parts.told));
    cells.push_back(n(e.parts.untold));
    for (const auto& v : {f.wait_mean_s, f.system_mae_s, f.system_bias_s, f.naive_mae_s, f.naive_bias_s})
      cells.push_back(maybe(v));
    for (const auto& v : {f.ratio_percent, f.within_range_percent, f.range_shown_percent}) cells.push_back(maybe(v));
    t.rows.push_back(std::move(cells));
  };
  for (const auto& e : r.estimates) add_row(e);
  add_row(r.estimates_total);
  return t;
}

Table load_table(const Report& r) {
  Table t;
  t.name = "load";
  t.columns = {"from", "to", "hour", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "all"};
  for (int h = 0; h < 24; ++h) {
    int all = 0;
    for (const auto& day : r.load) all += day[static_cast<std::size_t>(h)];
    if (all == 0) continue;
    auto cells = range_cells(r);
    cells.push_back(text_cell(two_digits(h)));
    for (const auto& day : r.load) cells.push_back(n(day[static_cast<std::size_t>(h)]));
    cells.push_back(n(all));
    t.rows.push_back(std::move(cells));
  }
  return t;
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

std::optional<Table> report_table(const Report& r, std::string_view by, const config::Config& config) {
  if (by == "service" || by == "window" || by == "clerk") return stats_table(r, by, config);
  if (by == "period" || by == to_string(r.period)) return period_table(r);
  if (by == "use") return use_table(r, config);
  if (by == "satisfaction") return satisfaction_table(r, config);
  if (by == "cases") return cases_table(r, config);
  if (by == "load") return load_table(r);
  if (by == "estimates") return estimates_table(r, config);
  return std::nullopt;
}

std::vector<Table> report_tables(const Report& r, const config::Config& config) {
  std::vector<Table> out;
  for (std::string_view by :
       {"service", "window", "clerk", "period", "use", "satisfaction", "cases", "load", "estimates"})
    out.push_back(*report_table(r, by, config));
  return out;
}

std::string table_csv(const Table& t) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte-order mark
  auto line = [&](const auto& fields, auto get) {
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(get(fields[i]));
    out += "\r\n";
  };
  line(t.columns, [](const std::string& s) -> const std::string& { return s; });
  for (const auto& row : t.rows) line(row, [](const Cell& c) -> const std::string& { return c.text; });
  return out;
}

std::string report_csv(const Report& r, std::string_view by, const config::Config& config) {
  auto t = report_table(r, by, config);
  return table_csv(t ? *t : *report_table(r, "service", config));
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
  for (const Table& t : report_tables(r, config)) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.name.c_str());
    for (std::size_t x = 0; x < t.columns.size(); ++x)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(x), t.columns[x].c_str(), bold);
    lxw_row_t y = 0;
    for (const auto& row : t.rows) {
      ++y;
      for (std::size_t x = 0; x < row.size(); ++x) {
        auto col = static_cast<lxw_col_t>(x);
        if (row[x].number)
          worksheet_write_number(ws, y, col, static_cast<double>(*row[x].number), nullptr);
        else if (!row[x].text.empty())
          worksheet_write_string(ws, y, col, row[x].text.c_str(), nullptr);
      }
    }
  }
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR)
    throw std::runtime_error(std::string("the workbook could not be written: ") + lxw_strerror(e));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace hallq::server::web
