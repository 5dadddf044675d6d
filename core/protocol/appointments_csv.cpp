#include "core/protocol/appointments_csv.hpp"

#include <nlohmann/json.hpp>

#include "core/protocol/envelope.hpp"

namespace hallq::protocol {

namespace {

// One CSV record from `text` at `at` (moved past it and its line end); quoted fields may hold commas,
// quotes ("") and line ends. False when a quoted field is not closed.
bool read_record(std::string_view text, std::size_t& at, std::vector<std::string>& fields) {
  fields.assign(1, "");
  bool quoted = false;
  while (at < text.size()) {
    char c = text[at++];
    if (quoted) {
      if (c != '"') {
        fields.back() += c;
      } else if (at < text.size() && text[at] == '"') {
        fields.back() += '"';
        ++at;
      } else {
        quoted = false;
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c == '\r') {
      if (at < text.size() && text[at] == '\n') ++at;
      break;
    } else {
      fields.back() += c;
    }
  }
  return !quoted;
}

std::string trimmed(std::string s) {
  auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

}  // namespace

std::variant<std::vector<AppointmentEntry>, std::string> read_appointments(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_array()) return std::string("not a JSON array");
    ImportAppointmentsRequest r;
    if (auto e = read_request(nlohmann::json{{"appointments", j}}, r)) return *e;
    return r.appointments;
  }
  std::vector<AppointmentEntry> out;
  std::vector<std::string> f;
  std::size_t at = 0;
  for (int line = 1; at < text.size(); ++line) {
    std::size_t start = at;
    if (!read_record(text, at, f)) return "line " + std::to_string(line) + ": a quoted field is not closed";
    // A record's own line ends inside quotes count as lines too.
    for (std::size_t i = start; i + 1 < at; ++i)
      if (text[i] == '\n') ++line;
    for (auto& cell : f) cell = trimmed(cell);
    if (f.size() == 1 && f[0].empty()) continue;
    if (f[0].starts_with('#') || (out.empty() && f[0] == "code")) continue;
    if (f.size() < 3 || f[0].empty() || f[1].empty() || f[2].empty())
      return "line " + std::to_string(line) + ": need code,service,time";
    AppointmentEntry e{f[0], f[1], f[2], std::nullopt, std::nullopt};
    if (f.size() > 3 && !f[3].empty()) e.id_number = f[3];
    if (f.size() > 4 && !f[4].empty()) e.name = f[4];
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace hallq::protocol
