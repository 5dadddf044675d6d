#pragma once
// hallqctl and 好差评 (docs/ratings.md): the figures as a table, follow-ups as
// lines, and the export of every visit for the provincial platform as CSV (RFC
// 4180) or JSON lines, one row per visit — rated or not.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/protocol/messages.hpp"

namespace hallq::ctl {

// The figures of `ratings` as a table: one line per row, the total first;
// `hall` (may be null) adds clerks' and services' names to their keys.
std::string format_rating_figures(const protocol::RatingFiguresReply& figures, const protocol::HallInfo* hall);
// Rows of figures under a heading (`what`: "clerk", "service", …), for `stats` too.
std::string format_rating_rows(const std::string& what, const std::vector<protocol::RatingRowInfo>& rows,
                               const protocol::HallInfo* hall);
// A follow-up: a line with its state, visit, dates and call-back number, then its notes.
std::string format_followup(const protocol::FollowupInfo& f);

// The export ------------------------------------------------------------------

enum class ExportFormat { csv, jsonl };

// What the export adds to the wire's rating: the words of the levels and
// reasons (the translations' rating.levels and rating.reasons, in Chinese) and
// the names of services and clerks (the hall's).
struct ExportWords {
  std::map<std::string, std::string> levels;   // very_satisfied → 非常满意
  std::map<std::string, std::string> reasons;  // attitude → 服务态度
  std::string not_rated;                       // the level's word for a visit not rated (未评价)
  std::map<std::string, std::string> services, clerks;
  // Reads <assets>/i18n/zh.json and the hall; throws std::runtime_error when the file cannot be read.
  static ExportWords load(const std::string& assets, const protocol::HallInfo& hall);
};

// The column names, in order (the CSV header; the JSON keys).
const std::vector<std::string>& export_columns();
// The CSV header line, with CRLF.
std::string export_csv_header();
// One visit: a CSV record with CRLF, or one JSON object with LF.
std::string export_row(const protocol::RatingInfo& r, const ExportWords& words, ExportFormat format);
// One CSV field, quoted when it holds a comma, a quote, CR or LF (RFC 4180).
std::string csv_field(const std::string& value);

// The days from..to cut into periods of at most `max_days` (rating_list takes 31),
// in order; empty when a date is not YYYY-MM-DD or `to` is before `from`.
std::vector<std::pair<std::string, std::string>> export_periods(const std::string& from, const std::string& to,
                                                                int max_days = 31);

}  // namespace hallq::ctl
