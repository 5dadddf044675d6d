// The monthly report for the assessment as an A4 PDF (docs/web.md, "Reports"): the page's figures
// for the month, drawn with core/sheets.
#include <cstdlib>

#include "core/sheets/sheets.hpp"
#include "server/web/console/report_text.hpp"
#include "server/web/console/reports_section.hpp"

namespace hallq::server::web {

std::string ReportsSection::monthly_pdf(const Report& report) const {
  const config::Translations& zh = c_.words.in("zh");
  const config::Translations& en = c_.words.in("en");
  const config::Translations& mn = c_.words.in("mn");
  auto t3 = [&](const std::string& key) { return sheets::Text3{zh.get(key), mn.get(key), en.get(key)}; };
  auto num = [](std::int64_t v) { return sheets::Text3{std::to_string(v), "", ""}; };
  auto plain = [](std::string s) { return sheets::Text3{std::move(s), "", ""}; };
  const config::Config& config = c_.config;
  sheets::FigureReport doc;
  if (config.training) doc.mark = t3("sheet.training");
  doc.hall = {config.hall.names.zh, config.hall.names.mn, config.hall.names.en};
  doc.title = t3("web.staff.pdf.title");
  doc.id = report.from.str().substr(0, 7);
  doc.fields = {{t3("web.staff.pdf.month"), doc.id},
                {t3("web.staff.pdf.range"), report.from.str() + " – " + report.to.str()},
                {t3("web.staff.pdf.target"), std::to_string(config.hall.alarms.wait_minutes)}};
  auto total_label = [&] { return t3("web.staff.total"); };
  auto named = [&](std::string_view by, const std::string& key) {
    if (by == "service") {
      const domain::Service* s = config.hall.service(key);
      return s ? sheets::Text3{key + " " + s->names.zh, "", s->names.en} : plain(key);
    }
    if (by == "window") {
      const domain::Window* w = config.hall.window(std::atoi(key.c_str()));
      return w ? sheets::Text3{w->names.zh, "", w->names.en} : plain(key);
    }
    std::string name = row_name("clerk", key, config, "zh");
    return plain(name.empty() ? key : name + " (" + key + ")");
  };
  auto stats_table = [&](std::string_view by, const std::vector<domain::StatsRow>& rows, const sheets::Text3& caption,
                         const sheets::Text3& first) {
    sheets::FigureTable t;
    t.caption = caption;
    t.headings = {first,
                  t3("web.staff.col.issued"),
                  t3("web.staff.col.served"),
                  t3("web.staff.col.no_shows"),
                  t3("web.staff.col.transferred"),
                  t3("web.staff.col.wait_mean"),
                  t3("web.staff.col.wait_p50"),
                  t3("web.staff.col.wait_p90"),
                  t3("web.staff.col.within_target"),
                  t3("web.staff.col.service_mean")};
    t.weights = {22, 8, 8, 8, 8, 9, 9, 9, 10, 9};
    auto add = [&](const domain::StatsRow& row, sheets::Text3 label) {
      std::vector<sheets::Text3> cells = {std::move(label)};
      for (const std::string& v : stats_values(row)) cells.push_back(plain(v));
      t.rows.push_back(std::move(cells));
    };
    for (const auto& row : rows) add(row, named(by, row.key));
    add(report.stats.total, total_label());
    return t;
  };
  doc.tables.push_back(
      stats_table("service", report.stats.services, t3("web.staff.pdf.by_service"), t3("sheet.service")));
  {
    // By window, with the busy share (the windows' use).
    sheets::FigureTable t;
    t.caption = t3("web.staff.pdf.by_window");
    t.headings = {t3("sheet.window"),
                  t3("web.staff.col.served"),
                  t3("web.staff.col.wait_mean"),
                  t3("web.staff.col.service_mean"),
                  t3("web.staff.col.open_h"),
                  t3("web.staff.col.busy_h"),
                  t3("web.staff.col.idle_h"),
                  t3("web.staff.col.busy_share")};
    t.weights = {22, 10, 11, 11, 11, 11, 11, 11};
    std::map<std::string, const domain::StatsRow*> stats_of;
    for (const auto& row : report.stats.windows) stats_of[row.key] = &row;
    auto add = [&](const WindowUse& u, const domain::StatsRow* row, sheets::Text3 label) {
      domain::StatsRow none;
      const domain::StatsRow& s = row ? *row : none;
      t.rows.push_back({std::move(label), num(s.served), plain(minutes_1dp(s.wait_mean_s)),
                        plain(minutes_1dp(s.service_mean_s)), plain(hours_1dp(u.open_s)), plain(hours_1dp(u.busy_s)),
                        plain(hours_1dp(u.idle_s)), plain(pct(busy_percent(u)))});
    };
    std::vector<std::string> keys;
    for (const auto& u : report.use) keys.push_back(u.key);
    for (const auto& row : report.stats.windows)
      if (std::find(keys.begin(), keys.end(), row.key) == keys.end()) keys.push_back(row.key);
    std::sort(keys.begin(), keys.end(),
              [](const std::string& a, const std::string& b) { return std::atoi(a.c_str()) < std::atoi(b.c_str()); });
    for (const auto& k : keys) {
      auto u = std::find_if(report.use.begin(), report.use.end(), [&](const WindowUse& x) { return x.key == k; });
      auto s = stats_of.find(k);
      add(u == report.use.end() ? WindowUse{k} : *u, s == stats_of.end() ? nullptr : s->second, named("window", k));
    }
    add(report.use_total, &report.stats.total, total_label());
    doc.tables.push_back(std::move(t));
  }
  doc.tables.push_back(stats_table("clerk", report.stats.clerks, t3("web.staff.pdf.by_clerk"), t3("sheet.clerk")));
  {
    sheets::FigureTable t;
    t.caption = t3("web.staff.pdf.satisfaction");
    t.headings = {t3("sheet.clerk"),
                  t3("web.staff.col.offered"),
                  t3("web.staff.col.rated"),
                  t3("rating.levels.very_satisfied"),
                  t3("rating.levels.satisfied"),
                  t3("rating.levels.basically_satisfied"),
                  t3("rating.levels.dissatisfied"),
                  t3("rating.levels.very_dissatisfied"),
                  t3("web.staff.col.satisfaction")};
    t.weights = {20, 9, 9, 10, 10, 10, 10, 11, 11};
    auto add = [&](const RatingRow& row, sheets::Text3 label) {
      t.rows.push_back({std::move(label), num(row.offered), num(row.rated), num(row.levels[4]), num(row.levels[3]),
                        num(row.levels[2]), num(row.levels[1]), num(row.levels[0]),
                        plain(pct(satisfaction_percent(row)))});
    };
    for (std::size_t i = 1; i < report.satisfaction.size(); ++i)
      add(report.satisfaction[i], named("clerk", report.satisfaction[i].key));
    if (!report.satisfaction.empty()) add(report.satisfaction.front(), total_label());
    doc.tables.push_back(std::move(t));
  }
  {
    sheets::FigureTable t;
    t.caption = t3("web.staff.pdf.cases");
    t.headings = {t3("sheet.service"),          t3("web.staff.col.received"), t3("web.staff.col.open_cases"),
                  t3("display.cases_overdue"),  t3("display.cases_due_soon"), t3("case.states.decided_at_window"),
                  t3("case.states.picked_up"),  t3("case.states.withdrawn"),  t3("web.staff.col.back_on_time"),
                  t3("web.staff.col.back_late")};
    t.weights = {20, 9, 9, 9, 9, 9, 9, 9, 9, 9};
    auto add = [&](const CaseRow& c, sheets::Text3 label) {
      t.rows.push_back({std::move(label), num(c.received), num(c.open), num(c.overdue), num(c.due_soon),
                        num(c.decided_at_window), num(c.picked_up), num(c.withdrawn), num(c.back_on_time),
                        num(c.back_late)});
    };
    for (const auto& c : report.cases) add(c, named("service", c.key));
    add(report.cases_total, total_label());
    doc.tables.push_back(std::move(t));
  }
  {
    // The waits told at take against those that followed: the page's table, in minutes.
    sheets::FigureTable t;
    t.caption = t3("web.staff.pdf.estimates");
    if (std::int64_t untold = report.estimates_total.parts.untold; untold > 0) {  // as the page's note says
      const config::Translations::Args n = {{"n", std::to_string(untold)}};
      t.caption.zh += " " + zh.get("web.staff.estimates_untold", n);
      t.caption.mn += " " + mn.get("web.staff.estimates_untold", n);
      t.caption.en += " " + en.get("web.staff.estimates_untold", n);
    }
    t.headings = {t3("sheet.service"),
                  t3("web.staff.col.measured_tickets"),
                  t3("web.staff.col.wait_mean"),
                  t3("web.staff.col.system_error"),
                  t3("web.staff.col.system_bias"),
                  t3("web.staff.col.naive_error"),
                  t3("web.staff.col.naive_bias"),
                  t3("web.staff.col.error_ratio"),
                  t3("web.staff.col.in_range"),
                  t3("web.staff.col.range_shown")};
    t.weights = {20, 9, 9, 9, 9, 9, 9, 9, 9, 9};
    auto add = [&](const EstimateRow& e, sheets::Text3 label) {
      EstimateFigures f = estimate_figures(e.parts);
      t.rows.push_back({std::move(label), num(e.parts.told), plain(told_minutes(f.wait_mean_s)),
                        plain(told_minutes(f.system_mae_s)), plain(told_minutes(f.system_bias_s)),
                        plain(told_minutes(f.naive_mae_s)), plain(told_minutes(f.naive_bias_s)),
                        plain(ratio_text(f.ratio_percent)), plain(pct(f.within_range_percent)),
                        plain(pct(f.range_shown_percent))});
    };
    for (const auto& e : report.estimates) add(e, named("service", e.key));
    add(report.estimates_total, total_label());
    doc.tables.push_back(std::move(t));
  }
  sheets::FigureLabels labels{t3("sheet.handled_by"), t3("sheet.checked_by"), t3("sheet.date"), t3("sheet.page")};
  return sheets::figure_report_pdf(doc, labels);
}

}  // namespace hallq::server::web
