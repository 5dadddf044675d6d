#include "tools/hallq-sim/live_report.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "core/sheets/sheets.hpp"

namespace hallq::simtool {

namespace {

constexpr std::array<const char*, 5> kLevels = {"very_satisfied", "satisfied", "basically_satisfied", "dissatisfied",
                                                "very_dissatisfied"};

}  // namespace

std::string hhmm(long long minute_of_day) {
  char b[8];
  std::snprintf(b, sizeof b, "%02lld:%02lld", minute_of_day / 60 % 24, minute_of_day % 60);
  return b;
}

std::string clock_text(double seconds) {
  long long s = std::llround(seconds);
  char b[24];
  std::snprintf(b, sizeof b, "%lld:%02lld", s / 60, s % 60);
  return b;
}

std::string mean_text(const std::optional<double>& seconds) {
  return seconds ? clock_text(*seconds) : "—";
}

std::string speed_text(double speed) {
  char b[16];
  std::snprintf(b, sizeof b, "%g", speed);
  return b;
}

nlohmann::ordered_json live_report_json(const SessionFacts& facts, const std::vector<sim::TraineeReport>& trainees) {
  nlohmann::ordered_json out = {{"day", facts.day},
                                {"scenario", facts.scenario},
                                {"from", hhmm(facts.from)},
                                {"to", hhmm(facts.to)},
                                {"speed", facts.speed},
                                {"citizens", facts.citizens},
                                {"unfinished", facts.waiting + facts.not_issued},
                                {"waiting", facts.waiting},
                                {"not_issued", facts.not_issued},
                                {"refused", facts.refused},
                                {"trainees", nlohmann::ordered_json::array()}};
  for (const auto& r : trainees) {
    nlohmann::ordered_json ratings = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < kLevels.size(); ++i) ratings[kLevels[i]] = r.ratings[i];
    nlohmann::ordered_json mistakes = nlohmann::ordered_json::array();
    for (const auto& m : r.mistakes) mistakes.push_back({{"kind", sim::to_string(m.kind)}, {"ticket", m.ticket}});
    nlohmann::ordered_json mean;  // null: nothing served or transferred, so nothing to average
    if (r.handled_mean_s) mean = std::round(*r.handled_mean_s * 10) / 10;
    out["trainees"].push_back({{"clerk", r.clerk},
                               {"name", r.clerk_name},
                               {"called", r.called},
                               {"served", r.served},
                               {"transfers", r.transfers},
                               {"no_shows", r.no_shows},
                               {"handled_mean_s", mean},
                               {"pauses", r.pauses},
                               {"paused_s", std::round(r.paused_s * 10) / 10},
                               {"ratings", ratings},
                               {"mistakes", mistakes}});
  }
  return out;
}

std::string trainee_line(const sim::TraineeReport& r, const config::Translations& tr) {
  std::string ratings;
  for (std::size_t i = 0; i < kLevels.size(); ++i) {
    if (r.ratings[i] == 0) continue;
    if (!ratings.empty()) ratings += tr.get("sim.live.ratings_join");
    ratings += tr.get("sim.live.rating_count", {{"level", tr.get(std::string("rating.levels.") + kLevels[i])},
                                                {"count", std::to_string(r.ratings[i])}});
  }
  if (ratings.empty()) ratings = tr.get("sim.live.ratings_none");
  std::string paused = config::counted(tr, "sim.live.paused", r.pauses,
                                       {{"count", std::to_string(r.pauses)}, {"time", clock_text(r.paused_s)}});
  return tr.get("sim.live.trainee", {{"name", r.clerk_name},
                                     {"clerk", r.clerk},
                                     {"called", std::to_string(r.called)},
                                     {"served", std::to_string(r.served)},
                                     {"transfers", std::to_string(r.transfers)},
                                     {"no_shows", std::to_string(r.no_shows)},
                                     {"time", mean_text(r.handled_mean_s)},
                                     {"paused", paused},
                                     {"ratings", ratings},
                                     {"mistakes", std::to_string(r.mistakes.size())}});
}

std::string trainee_pdf(const sim::TraineeReport& r, const SessionFacts& facts, const domain::HallConfig& hall,
                        const ReportWords& words) {
  auto t3 = [&](const std::string& key, config::Translations::Args args = {}) {
    return sheets::Text3{words.zh.get(key, args), words.mn.get(key, args), words.en.get(key, args)};
  };
  auto plain = [](std::string s) { return sheets::Text3{std::move(s), "", ""}; };
  sheets::FigureReport rep;
  rep.hall = {hall.names.zh, hall.names.mn, hall.names.en};
  rep.title = t3("training_report.title");
  rep.id = facts.day + " " + r.clerk;
  rep.fields = {{t3("training_report.trainee"), r.clerk_name + " (" + r.clerk + ")"},
                {t3("training_report.session"),
                 facts.day + " " + hhmm(facts.from) + "–" + hhmm(facts.to) + " ×" + speed_text(facts.speed)},
                {t3("training_report.scenario"), facts.scenario},
                {t3("training_report.citizens"), std::to_string(facts.citizens)}};
  sheets::FigureTable work;
  work.caption = t3("training_report.work");
  work.headings = {t3("training_report.figure"), t3("training_report.value")};
  work.weights = {3, 1};
  work.total_last = false;
  work.en_beside = true;  // a line a figure: the report fits one page
  work.rows = {{t3("training_report.called"), plain(std::to_string(r.called))},
               {t3("training_report.served"), plain(std::to_string(r.served))},
               {t3("training_report.transfers"), plain(std::to_string(r.transfers))},
               {t3("training_report.no_shows"), plain(std::to_string(r.no_shows))},
               {t3("training_report.handled_mean"), plain(mean_text(r.handled_mean_s))},
               {t3("training_report.pauses"), plain(std::to_string(r.pauses))},
               {t3("training_report.paused"), plain(clock_text(r.paused_s))}};
  sheets::FigureTable rated;
  rated.caption = t3("training_report.ratings");
  rated.headings = {t3("training_report.level"), t3("training_report.count")};
  rated.weights = {3, 1};
  rated.total_last = false;
  rated.en_beside = true;  // a line a figure: the report fits one page
  for (std::size_t i = 0; i < kLevels.size(); ++i)
    rated.rows.push_back({t3(std::string("rating.levels.") + kLevels[i]), plain(std::to_string(r.ratings[i]))});
  sheets::FigureTable wrong;
  wrong.caption = t3("training_report.mistakes");
  wrong.headings = {t3("training_report.ticket"), t3("training_report.what")};
  wrong.weights = {1, 4};
  wrong.text_columns = 2;
  wrong.total_last = false;
  wrong.en_beside = true;  // a line a figure: the report fits one page
  for (const auto& m : r.mistakes)
    wrong.rows.push_back({plain(m.ticket), t3("training_report.mistake." + std::string(sim::to_string(m.kind)))});
  if (wrong.rows.empty()) wrong.rows.push_back({plain("—"), t3("training_report.no_mistakes")});
  rep.tables = {std::move(work), std::move(rated), std::move(wrong)};
  sheets::FigureLabels labels;
  labels.prepared_by = t3("training_report.trainer");
  labels.checked_by = t3("training_report.assessor");
  labels.date = t3("sheet.date");
  labels.page = t3("sheet.page");
  return sheets::figure_report_pdf(rep, labels);
}

}  // namespace hallq::simtool
