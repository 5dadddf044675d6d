#include "server/web/console/report_text.hpp"

#include "server/web/reports.hpp"

namespace hallq::server::web {

std::int64_t tenths_of_minute(std::int64_t seconds) {
  return (seconds * 10 + 30) / 60;
}
std::string minutes_1dp(std::int64_t seconds) {
  std::int64_t t = tenths_of_minute(seconds);
  return std::to_string(t / 10) + "." + std::to_string(t % 10);
}
std::string hours_1dp(std::int64_t seconds) {
  std::int64_t t = (seconds * 10 + 1800) / 3600;
  return std::to_string(t / 10) + "." + std::to_string(t % 10);
}
std::string told_minutes(std::optional<std::int64_t> seconds) {
  if (!seconds) return "–";
  std::int64_t s = *seconds;
  return s < 0 && tenths_of_minute(-s) > 0 ? "-" + minutes_1dp(-s) : minutes_1dp(s < 0 ? -s : s);
}
std::string ratio_text(std::optional<int> percent) {
  if (!percent) return "–";
  return std::to_string(*percent / 100) + "." + std::string(1, static_cast<char>('0' + *percent % 100 / 10)) +
         static_cast<char>('0' + *percent % 10);
}
std::string pct(std::optional<int> p) {
  return p ? std::to_string(*p) + "%" : "–";
}

std::vector<std::string> stats_values(const domain::StatsRow& row) {
  return {std::to_string(row.issued),      std::to_string(row.served),      std::to_string(row.no_shows),
          std::to_string(row.transferred), minutes_1dp(row.wait_mean_s),    minutes_1dp(row.wait_p50_s),
          minutes_1dp(row.wait_p90_s),     pct(within_target_percent(row)), minutes_1dp(row.service_mean_s)};
}

}  // namespace hallq::server::web
