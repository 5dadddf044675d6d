#include "tools/hallqctl/ratings.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/domain/time.hpp"
#include "tools/hallqctl/format.hpp"

namespace hallq::ctl {

using protocol::to_string;

namespace {

std::string percent(int permille) {
  if (permille < 0) return "-";
  return std::to_string(permille / 10) + "." + std::to_string(permille % 10) + "%";
}

std::string key_of(const std::string& what, const std::string& key, const protocol::HallInfo* hall) {
  if (hall == nullptr) return key;
  if (what == "clerk")
    if (const auto* k = hall->clerk(key); k && !k->name.empty()) return key + " " + k->name;
  if (what == "service")
    if (const auto* s = hall->service(key)) return key + " " + s->names.zh;
  return key;
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string word(const std::map<std::string, std::string>& words, const std::string& id) {
  auto it = words.find(id);
  return it == words.end() ? id : it->second;
}

}  // namespace

std::string format_rating_rows(const std::string& what, const std::vector<protocol::RatingRowInfo>& rows,
                               const protocol::HallInfo* hall) {
  // The first column as wide as its longest key (a service's name may be long).
  std::vector<std::string> keys;
  std::size_t width = 14;
  for (const auto& r : rows) {
    keys.push_back(key_of(what, r.key, hall));
    width = std::max(width, columns(keys.back()));
  }
  width += 2;
  std::ostringstream os;
  os << pad(what, width) << pad("offered", 9) << pad("rated", 7) << pad("part.", 8) << pad("lv1", 5) << pad("lv2", 5)
     << pad("lv3", 5) << pad("lv4", 5) << pad("lv5", 5) << pad("satisf.", 9) << pad("follow-ups", 12) << "on time\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    os << pad(keys[i], width) << pad(std::to_string(r.offered), 9) << pad(std::to_string(r.rated), 7)
       << pad(percent(r.participation_permille), 8);
    for (int l = 0; l < 5; ++l) os << pad(l < static_cast<int>(r.levels.size()) ? std::to_string(r.levels[l]) : "0", 5);
    os << pad(percent(r.satisfaction_permille), 9) << pad(std::to_string(r.followups), 12) << r.followups_on_time
       << "\n";
  }
  return os.str();
}

std::string format_rating_figures(const protocol::RatingFiguresReply& f, const protocol::HallInfo* hall) {
  std::ostringstream os;
  os << "ratings for " << f.from << (f.to != f.from ? " to " + f.to : "") << (f.by != "total" ? " by " + f.by : "")
     << "\n\n";
  // The total first, then one row per clerk, window, service or day.
  std::vector<protocol::RatingRowInfo> rows(f.rows.begin() + (f.rows.empty() ? 0 : 1), f.rows.end());
  if (!f.rows.empty()) rows.push_back(f.rows.front());
  os << format_rating_rows(f.by == "total" ? "" : f.by, rows, hall);
  os << "\nlv1..lv5: visits rated 1 very dissatisfied (非常不满意) .. 5 very satisfied (非常满意); part.: rated of "
        "offered;\nsatisf.: basically satisfied or better of rated; on time: follow-ups called back and put right "
        "by their dates\n";
  return os.str();
}

std::string format_followup(const protocol::FollowupInfo& f) {
  std::ostringstream os;
  const auto& r = f.rating;
  os << "#" << f.id << "  " << to_string(f.state) << "  ticket " << r.ticket << " of " << r.day << "  window "
     << r.window << "  clerk " << r.clerk << "  service " << r.service;
  if (r.case_number) os << "  case " << *r.case_number;
  if (r.level) os << "  level " << protocol::platform_level(*r.level) << " " << to_string(*r.level);
  if (!r.reasons.empty()) os << "  reasons " << joined(r.reasons, ",");
  os << "\n    call back by " << f.callback_due << ", put right by " << f.rectify_due;
  if (f.overdue) os << "  OVERDUE";
  os << "  phone " << f.phone_masked.value_or("-") << "  opened " << f.opened_at << "\n";
  for (const auto& n : f.notes)
    os << "    " << n.at << "  " << to_string(n.state) << " by " << n.by << ": " << n.text << "\n";
  return os.str();
}

// ---------------------------------------------------------------- the export

ExportWords ExportWords::load(const std::string& assets, const protocol::HallInfo& hall) {
  const std::string path = assets + "/i18n/zh.json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the translations");
  nlohmann::json zh = nlohmann::json::parse(in, nullptr, false);
  if (zh.is_discarded()) throw std::runtime_error(path + ": not JSON");
  ExportWords w;
  auto words = [&](const char* section, std::map<std::string, std::string>& into) {
    const auto rating = zh.find("rating");
    if (rating == zh.end() || !rating->is_object()) return;
    const auto list = rating->find(section);
    if (list == rating->end() || !list->is_object()) return;
    for (auto it = list->begin(); it != list->end(); ++it)
      if (it->is_string()) into[it.key()] = it->get<std::string>();
  };
  words("levels", w.levels);
  words("reasons", w.reasons);
  w.not_rated = "未评价";  // the export's own mark (docs/ratings.md "Export"), not a word on a screen
  for (const auto& s : hall.services) w.services[s.code] = s.names.zh;
  for (const auto& k : hall.clerks) w.clerks[k.id] = k.name;
  return w;
}

const std::vector<std::string>& export_columns() {
  static const std::vector<std::string> kColumns = {
      "rating_id", "day",          "ticket",       "rated",       "evaluation_level", "evaluation_level_name",
      "channel",   "service_code", "service_name", "case_number", "finished_at",      "rated_at",
      "staff_id",  "staff_name",   "window",       "reason_ids",  "reason_names",     "followup_id"};
  return kColumns;
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string export_csv_header() {
  std::string line;
  for (const auto& c : export_columns()) line += (line.empty() ? "" : ",") + csv_field(c);
  return line + "\r\n";
}

std::string export_row(const protocol::RatingInfo& r, const ExportWords& w, ExportFormat format) {
  using nlohmann::ordered_json;
  std::vector<std::string> reason_names;
  for (const auto& id : r.reasons) reason_names.push_back(word(w.reasons, id));
  ordered_json j;
  j["rating_id"] = r.id;
  j["day"] = r.day;
  j["ticket"] = r.ticket;
  j["rated"] = r.level.has_value();
  j["evaluation_level"] = r.level ? ordered_json(protocol::platform_level(*r.level)) : ordered_json(nullptr);
  j["evaluation_level_name"] = r.level ? word(w.levels, std::string(to_string(*r.level))) : w.not_rated;
  j["channel"] = std::string(to_string(r.channel));
  j["service_code"] = r.service;
  j["service_name"] = word(w.services, r.service);
  j["case_number"] = r.case_number ? ordered_json(*r.case_number) : ordered_json(nullptr);
  j["finished_at"] = r.finished_at;
  j["rated_at"] = r.rated_at ? ordered_json(*r.rated_at) : ordered_json(nullptr);
  j["staff_id"] = r.clerk;
  j["staff_name"] = word(w.clerks, r.clerk);
  j["window"] = r.window;
  j["reason_ids"] = r.reasons;
  j["reason_names"] = reason_names;
  j["followup_id"] = r.followup ? ordered_json(*r.followup) : ordered_json(nullptr);
  if (format == ExportFormat::jsonl) return j.dump() + "\n";
  // CSV: the same values as text; null is empty, a list is joined with ';', a bool is true/false.
  std::string line;
  for (const auto& column : export_columns()) {
    const ordered_json& v = j[column];
    std::string text;
    if (v.is_string())
      text = v.get<std::string>();
    else if (v.is_array())
      text = joined(v.get<std::vector<std::string>>(), ";");
    else if (!v.is_null())
      text = v.dump();  // numbers and true/false
    line += (column == export_columns().front() ? "" : ",") + csv_field(text);
  }
  return line + "\r\n";
}

std::vector<std::pair<std::string, std::string>> export_periods(const std::string& from, const std::string& to,
                                                                int max_days) {
  std::vector<std::pair<std::string, std::string>> out;
  auto a = domain::LocalDate::parse(from), b = domain::LocalDate::parse(to);
  if (!a || !b || *b < *a || max_days < 1) return out;
  for (domain::LocalDate start = *a; !(*b < start); start = start.plus_days(max_days)) {
    domain::LocalDate end = start.plus_days(max_days - 1);
    if (*b < end) end = *b;
    out.emplace_back(start.str(), end.str());
  }
  return out;
}

}  // namespace hallq::ctl
