#pragma once
// How a report's figures read on the staff console's page and in its monthly PDF
// (docs/web.md, "Reports"): times in minutes or hours with one decimal, shares in whole
// percents, "–" where there is nothing to show. One place, so the page and the PDF cannot differ.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/stats.hpp"

namespace hallq::server::web {

// Minutes with one decimal ("2.5"), so that short waits do not read as whole minutes; tenths of a
// minute rounded half up.
std::int64_t tenths_of_minute(std::int64_t seconds);
std::string minutes_1dp(std::int64_t seconds);
// Windows' time: hours with one decimal.
std::string hours_1dp(std::int64_t seconds);
// A mean of the waits told (nothing where none was measured: "–"), in minutes with one decimal; a
// bias with "-" before one below zero.
std::string told_minutes(std::optional<std::int64_t> seconds);
// The system's error over the naive one, as the issue states its bar ("at most half": 0.50).
std::string ratio_text(std::optional<int> percent);
// A whole percent ("93%"), or "–".
std::string pct(std::optional<int> p);
// A stats row's cells as the page shows them: issued, served, no-shows, transferred, the mean,
// median and 90% waits, the share called within the target, the mean service.
std::vector<std::string> stats_values(const domain::StatsRow& row);

}  // namespace hallq::server::web
