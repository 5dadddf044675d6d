#pragma once
// hallq-sim --live's report (docs/training.md, "The report"): the session's
// figures as JSON and each trainee's printable A4 PDF (培训考核报告, through
// hallq_sheets' figure report). Pure: the session's facts and the judged
// trainees in, the text out; the session itself is live.cpp.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config/i18n.hpp"
#include "core/domain/hall.hpp"
#include "core/sim/live.hpp"

namespace hallq::simtool {

// What the report says of the session as a whole.
struct SessionFacts {
  std::string day;       // the hall day, "2026-11-30"
  std::string scenario;  // the scenario's file name
  int from = 0, to = 0;  // the session's virtual hours, minutes since midnight
  double speed = 1;
  int citizens = 0;    // planned
  int waiting = 0;     // with a ticket, not yet gone
  int not_issued = 0;  // never got a ticket
  int refused = 0;     // takes the hall refused
};

// The three languages a PDF prints.
struct ReportWords {
  const config::Translations& zh;
  const config::Translations& mn;
  const config::Translations& en;
};

// "09:05"; real seconds as "2:05" (a sped-up session's visits last seconds); a mean of none (no visit
// served or transferred) as "—", not "0:00"; a speed as "5".
std::string hhmm(long long minute_of_day);
std::string clock_text(double seconds);
std::string mean_text(const std::optional<double>& seconds);
std::string speed_text(double speed);

// The report as one JSON object, keys in the order docs/training.md shows (handled_mean_s null when
// the trainee served and transferred nobody).
nlohmann::ordered_json live_report_json(const SessionFacts& facts, const std::vector<sim::TraineeReport>& trainees);

// A trainee's line on the console (sim.live.trainee, in `tr`'s language): the figures the report gives,
// the ratings by level (those given), the pauses with their length (English "paused once").
std::string trainee_line(const sim::TraineeReport& r, const config::Translations& tr);

// One trainee's report as a PDF document. Throws std::runtime_error when the renderer fails.
std::string trainee_pdf(const sim::TraineeReport& r, const SessionFacts& facts, const domain::HallConfig& hall,
                        const ReportWords& words);

}  // namespace hallq::simtool
