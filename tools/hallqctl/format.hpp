#pragma once
// Human-readable rendering of replies and events for hallqctl's default output.

#include <string>

#include <nlohmann/json.hpp>

namespace hallq::ctl {

std::string format_duration(std::int64_t seconds);         // "7 min", "45 s", "1 h 05 min"
std::string format_ticket(const nlohmann::json& ticket);   // one line
std::string format_window(const nlohmann::json& window);   // one line
std::string format_snapshot(const nlohmann::json& reply);  // a small report
std::string format_stats(const nlohmann::json& reply);     // a table
std::string format_event(const nlohmann::json& event);     // one line
std::string format_hall(const nlohmann::json& reply);

}  // namespace hallq::ctl
