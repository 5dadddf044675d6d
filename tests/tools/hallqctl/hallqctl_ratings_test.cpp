// hallqctl and 好差评: a scripted morning in the demo hall — tickets served by
// three clerks at three windows, rated at each window's pad (or not) — then the
// real hallqctl's figures, stats, export (CSV and JSON lines, parsed back) and
// follow-ups, against the exact answers of that morning.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

const std::string kApplicant = "150502199001011232";
// Service E's Chinese name, changed to hold a comma and quotes: the CSV must quote it (RFC 4180).
const std::string kTaxName = "税务办理,\"一窗\"通办";

const std::vector<std::string> kColumns = {
    "rating_id", "day",          "ticket",       "rated",       "evaluation_level", "evaluation_level_name",
    "channel",   "service_code", "service_name", "case_number", "finished_at",      "rated_at",
    "staff_id",  "staff_name",   "window",       "reason_ids",  "reason_names",     "followup_id"};

// The demo hall with service E renamed and a rating pad bound to windows 1, 2 and 4.
std::string demo_hall() {
  std::string text = read_file(source_path("assets/halls/demo.toml"));
  const std::string tax = "zh = \"税务办理\"";
  auto pos = text.find(tax);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, tax.size(), "zh = \"税务办理,\\\"一窗\\\"通办\"");
  for (int w : {1, 2, 4})
    text += "\n[[device]]\nid = \"pad-" + std::to_string(w) + "\"\nrole = \"display\"\ntoken = \"test-pad-" +
            std::to_string(w) + "-token\"\nwindow = " + std::to_string(w) + "\n";
  return text;
}

// Records of an RFC 4180 text: fields split on commas outside quotes, "" inside quotes is one quote,
// records end with CRLF outside quotes.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      REQUIRE_MESSAGE(field.empty(), "a quote inside an unquoted field at byte " << i);
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      ++i;
    } else {
      REQUIRE_MESSAGE(c != '\n', "a bare LF ends a record at byte " << i);
      field += c;
    }
  }
  REQUIRE_MESSAGE(!quoted, "an unterminated quoted field");
  REQUIRE_MESSAGE((record.empty() && field.empty()), "the last record does not end with CRLF");
  return records;
}

// The words of the table line that starts with `key` (after `from` in `text`); empty when none.
std::vector<std::string> row(const std::string& text, const std::string& key, std::size_t from = 0) {
  std::istringstream lines(text.substr(from));
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind(key + " ", 0) == 0) {
      std::istringstream words(line);
      std::vector<std::string> out;
      for (std::string w; words >> w;) out.push_back(w);
      return out;
    }
  return {};
}

using Words = std::vector<std::string>;

}  // namespace

TEST_CASE("hallqctl ratings, stats, export and follow-ups give the exact figures of a scripted day") {
  TempDir dir;
  ServerProcess server(dir.write("hall.toml", demo_hall()), dir.path("hall.db"), {"--time", "2026-11-30T09:00"});
  auto ctl = [&](std::vector<std::string> args, const std::string& device = "admin",
                 const std::string& token = "demo-admin-token", const std::string& role = "admin") {
    args.insert(args.begin(), bin("hallqctl"));
    return run(args, {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=" + token, "HALLQ_DEVICE=" + device,
                      "HALLQ_ROLE=" + role});
  };

  // Three clerks at three windows, each window with its pad (a display bound to it).
  LineClient desk(server.port());  // the tickets come from an admin (a kiosk would be held to a person's pace)
  REQUIRE(desk.hello("admin", "admin", "demo-admin-token").value("ok", false));
  struct Window {
    int number;
    std::string clerk, pin;
    std::unique_ptr<LineClient> caller, pad;
  };
  std::map<int, Window> windows;
  struct Staff {
    int window;
    const char *clerk, *pin;
  };
  for (auto [w, clerk, pin] : {Staff{1, "c01", "1001"}, Staff{2, "c02", "1002"}, Staff{4, "c03", "1003"}}) {
    Window& win = windows[w];
    win.number = w;
    win.caller = std::make_unique<LineClient>(server.port());
    win.pad = std::make_unique<LineClient>(server.port());
    const std::string n = std::to_string(w);
    REQUIRE(win.caller->hello("caller", "caller-" + n, "demo-caller-" + n + "-token").value("ok", false));
    REQUIRE(win.pad->hello("display", "pad-" + n, "test-pad-" + n + "-token").value("ok", false));
    ok(win.caller->request({{"op", "login"}, {"window", w}, {"clerk", clerk}, {"pin", pin}}, 20s));
  }
  // One ticket taken, called at `w` and finished there; with `open_case`, a case received during the visit.
  auto serve = [&](int w, const std::string& service, bool open_case = false) {
    json take = {{"op", "take"}, {"service", service}};
    if (open_case) take["id_number"] = kApplicant;
    std::string number = ok(desk.request(take))["ticket"]["number"];
    LineClient& caller = *windows[w].caller;
    REQUIRE(ok(caller.request({{"op", "call"}, {"window", w}}))["ticket"]["number"] == number);
    if (open_case) {
      std::string n = ok(caller.request({{"op", "case_open"}, {"window", w}}))["case"]["number"];
      ok(caller.request(
          {{"op", "case_materials"}, {"window", w}, {"number", n}, {"materials", {"original", "copy", "original"}}}));
      ok(caller.request({{"op", "case_accept"}, {"window", w}, {"number", n}}));
    }
    ok(caller.request({{"op", "finish"}, {"window", w}}));
    return number;
  };
  auto rate = [&](int w, const std::string& ticket, json fields) {
    fields["op"] = "rate";
    fields["ticket"] = ticket;
    return ok(windows[w].pad->request(fields))["rating"];
  };

  // The morning: c01 at window 1 — 非常满意 (with a case), 满意, not rated; c02 at window 2 —
  // 非常不满意 with reasons and a call-back number, 基本满意; c03 at window 4 — not rated.
  const std::string a1 = serve(1, "A", true);
  json r1 = rate(1, a1, {{"level", "very_satisfied"}});
  REQUIRE(r1["case_number"].is_string());
  const std::string case_number = r1["case_number"];
  rate(1, serve(1, "B"), {{"level", "satisfied"}});
  const std::string a2 = serve(1, "A");
  const std::string e1 = serve(2, "E");
  json bad = rate(
      2, e1, {{"level", "very_dissatisfied"}, {"reasons", {"attitude", "waited_too_long"}}, {"phone", "13812345678"}});
  REQUIRE(bad["followup"].is_number());
  rate(2, serve(2, "E"), {{"level", "basically_satisfied"}});
  const std::string d1 = serve(4, "D");
  CHECK(a1 == "A001");
  CHECK(e1 == "E001");

  SUBCASE("the figures per clerk and per service") {
    auto by_clerk = ctl({"ratings", "--by", "clerk"});
    REQUIRE_MESSAGE(by_clerk.exit_code == 0, by_clerk.err);
    INFO(by_clerk.out);
    CHECK(by_clerk.out.find("ratings for 2026-11-30 by clerk") != std::string::npos);
    //                                         offered rated part. lv1..lv5 satisf. follow-ups on-time
    CHECK(row(by_clerk.out, "total") == Words{"total", "6", "4", "66.6%", "1", "0", "1", "1", "1", "75.0%", "1", "0"});
    CHECK(row(by_clerk.out, "c01") ==
          Words{"c01", "王丽", "3", "2", "66.6%", "0", "0", "0", "1", "1", "100.0%", "0", "0"});
    CHECK(row(by_clerk.out, "c02") ==
          Words{"c02", "包金花", "2", "2", "100.0%", "1", "0", "1", "0", "0", "50.0%", "1", "0"});
    CHECK(row(by_clerk.out, "c03") == Words{"c03", "白音", "1", "0", "0.0%", "0", "0", "0", "0", "0", "-", "0", "0"});

    auto by_service = ctl({"ratings", "--day", "2026-11-30", "--by", "service"});
    REQUIRE_MESSAGE(by_service.exit_code == 0, by_service.err);
    INFO(by_service.out);
    CHECK(row(by_service.out, "A") ==
          Words{"A", "企业开办", "2", "1", "50.0%", "0", "0", "0", "0", "1", "100.0%", "0", "0"});
    CHECK(row(by_service.out, "B") ==
          Words{"B", "变更与注销登记", "1", "1", "100.0%", "0", "0", "0", "1", "0", "100.0%", "0", "0"});
    CHECK(row(by_service.out, "D") ==
          Words{"D", "社保与民政", "1", "0", "0.0%", "0", "0", "0", "0", "0", "-", "0", "0"});
    CHECK(row(by_service.out, "E") ==
          Words{"E", kTaxName, "2", "2", "100.0%", "1", "0", "1", "0", "0", "50.0%", "1", "0"});
    CHECK(row(by_service.out, "total") == row(by_clerk.out, "total"));

    // A period with nothing in it, and what is not a period.
    auto empty = ctl({"ratings", "--from", "2026-11-01", "--to", "2026-11-29"});
    REQUIRE(empty.exit_code == 0);
    CHECK(row(empty.out, "total") == Words{"total", "0", "0", "0.0%", "0", "0", "0", "0", "0", "-", "0", "0"});
    CHECK(ctl({"ratings", "--by", "mood"}).exit_code == 2);
    CHECK(ctl({"ratings", "--day", "2026-11-30", "--from", "2026-11-30"}).exit_code == 2);
    CHECK(ctl({"ratings", "--from", "2026-11-30", "--to", "2026-11-01"}).exit_code == 2);
    // A caller may not read the figures.
    CHECK(ctl({"ratings"}, "caller-1", "demo-caller-1-token", "caller").exit_code == 1);
  }

  SUBCASE("stats carries the day's rating figures, for guides and admins only") {
    auto stats = ctl({"stats"});
    REQUIRE_MESSAGE(stats.exit_code == 0, stats.err);
    INFO(stats.out);
    auto at = stats.out.find("ratings (好差评)");
    REQUIRE(at != std::string::npos);
    CHECK(row(stats.out, "E", at) == Words{"E", "2", "2", "100.0%", "1", "0", "1", "0", "0", "50.0%", "1", "0"});
    CHECK(row(stats.out, "total", at) == Words{"total", "6", "4", "66.6%", "1", "0", "1", "1", "1", "75.0%", "1", "0"});
    CHECK(row(stats.out, "4", at) == Words{"4", "1", "0", "0.0%", "0", "0", "0", "0", "0", "-", "0", "0"});
    CHECK(row(stats.out, "c01", at) == Words{"c01", "3", "2", "66.6%", "0", "0", "0", "1", "1", "100.0%", "0", "0"});

    auto raw = ctl({"--json", "stats"});
    REQUIRE(raw.exit_code == 0);
    json s = json::parse(raw.out);
    REQUIRE(s["ratings"].is_object());
    CHECK(s["ratings"]["total"] == json{{"key", "total"},
                                        {"offered", 6},
                                        {"rated", 4},
                                        {"participation_permille", 666},
                                        {"levels", {1, 0, 1, 1, 1}},
                                        {"satisfaction_permille", 750},
                                        {"followups", 1},
                                        {"followups_on_time", 0}});
    REQUIRE(s["ratings"]["windows"].size() == 3);
    CHECK(s["ratings"]["windows"][1]["key"] == "2");
    CHECK(s["ratings"]["windows"][1]["levels"] == json({1, 0, 1, 0, 0}));
    REQUIRE(s["ratings"]["clerks"].size() == 3);
    CHECK(s["ratings"]["clerks"][2]["key"] == "c03");
    CHECK(s["ratings"]["clerks"][2]["satisfaction_permille"] == -1);
    REQUIRE(s["ratings"]["services"].size() == 4);
    CHECK(s["ratings"]["services"][0]["key"] == "A");
    CHECK(s["total"]["served"] == 6);

    // A caller's stats have the queue figures and not the ratings (they judge the staff).
    auto as_caller = ctl({"--json", "stats"}, "caller-1", "demo-caller-1-token", "caller");
    REQUIRE(as_caller.exit_code == 0);
    json c = json::parse(as_caller.out);
    CHECK(c["total"]["served"] == 6);
    CHECK(c["ratings"].is_null());
    CHECK(ctl({"stats"}, "caller-1", "demo-caller-1-token", "caller").out.find("好差评") == std::string::npos);
  }

  SUBCASE("the export as CSV and as JSON lines, every visit, parsed back") {
    // CSV to a file; 61 days are asked for in two pieces (rating_list takes at most 31).
    const std::string csv_path = dir.path("ratings.csv");
    auto exported = ctl({"ratings", "export", "--from", "2026-10-01", "--to", "2026-11-30", "--out", csv_path});
    REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
    CHECK(exported.out.find("exported 6 visits (4 rated)") != std::string::npos);
    std::string csv = read_file(csv_path);
    CHECK(csv.find("\"税务办理,\"\"一窗\"\"通办\"") != std::string::npos);  // quoted, quotes doubled
    auto records = parse_csv(csv);
    REQUIRE(records.size() == 7);
    CHECK(records[0] == kColumns);
    std::vector<std::map<std::string, std::string>> rows;
    for (std::size_t i = 1; i < records.size(); ++i) {
      REQUIRE(records[i].size() == kColumns.size());
      std::map<std::string, std::string> m;
      for (std::size_t c = 0; c < kColumns.size(); ++c) m[kColumns[c]] = records[i][c];
      rows.push_back(std::move(m));
    }
    std::vector<std::string> tickets, levels;
    for (const auto& r : rows) {
      tickets.push_back(r.at("ticket"));
      levels.push_back(r.at("evaluation_level"));
      CHECK(r.at("day") == "2026-11-30");
      CHECK(r.at("channel") == "pad");
      CHECK(r.at("finished_at").rfind("2026-11-30T", 0) == 0);
    }
    CHECK(tickets == std::vector<std::string>{"A001", "B001", "A002", "E001", "E002", "D001"});
    CHECK(levels == std::vector<std::string>{"5", "4", "", "1", "3", ""});
    CHECK(rows[0].at("case_number") == case_number);
    CHECK(rows[0].at("evaluation_level_name") == "非常满意");
    CHECK(rows[0].at("service_name") == "企业开办");
    CHECK(rows[0].at("staff_id") == "c01");
    CHECK(rows[0].at("staff_name") == "王丽");
    CHECK(rows[0].at("window") == "1");
    CHECK(rows[0].at("rated") == "true");
    CHECK(rows[2].at("rated") == "false");  // not rated: marked, never counted as satisfied
    CHECK(rows[2].at("evaluation_level_name") == "未评价");
    CHECK(rows[2].at("rated_at").empty());
    CHECK(rows[2].at("case_number").empty());
    const auto& e = rows[3];
    CHECK(e.at("service_code") == "E");
    CHECK(e.at("service_name") == kTaxName);
    CHECK(e.at("evaluation_level_name") == "非常不满意");
    CHECK(e.at("reason_ids") == "attitude;waited_too_long");
    CHECK(e.at("reason_names") == "服务态度;等候太久");
    CHECK(e.at("followup_id") == std::to_string(bad["followup"].get<int>()));
    CHECK(e.at("staff_id") == "c02");
    CHECK(e.at("window") == "2");
    CHECK(e.at("rated_at").rfind("2026-11-30T", 0) == 0);
    CHECK(csv.find("13812345678") == std::string::npos);  // no call-back number in the export
    CHECK(rows[5].at("staff_name") == "白音");

    // JSON lines to standard output, today by default.
    auto jsonl = ctl({"ratings", "export", "--format", "jsonl"});
    REQUIRE_MESSAGE(jsonl.exit_code == 0, jsonl.err);
    std::istringstream lines(jsonl.out);
    std::vector<json> objects;
    for (std::string line; std::getline(lines, line);) {
      json j = json::parse(line, nullptr, false);
      REQUIRE_MESSAGE(j.is_object(), line);
      objects.push_back(j);
    }
    REQUIRE(objects.size() == 6);
    std::vector<std::string> keys;
    for (const auto& [k, v] : objects[0].items()) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    std::vector<std::string> sorted = kColumns;
    std::sort(sorted.begin(), sorted.end());
    CHECK(keys == sorted);
    CHECK(objects[0]["evaluation_level"] == 5);
    CHECK(objects[0]["case_number"] == case_number);
    CHECK(objects[0]["rated"] == true);
    CHECK(objects[2]["rated"] == false);
    CHECK(objects[2]["evaluation_level"].is_null());
    CHECK(objects[2]["rated_at"].is_null());
    CHECK(objects[2]["reason_ids"] == json::array());
    CHECK(objects[3]["ticket"] == "E001");
    CHECK(objects[3]["evaluation_level"] == 1);
    CHECK(objects[3]["service_name"] == kTaxName);
    CHECK(objects[3]["reason_ids"] == json({"attitude", "waited_too_long"}));
    CHECK(objects[3]["reason_names"] == json({"服务态度", "等候太久"}));
    CHECK(objects[3]["followup_id"] == bad["followup"]);
    CHECK(objects[3]["window"] == 2);
    CHECK(objects[4]["evaluation_level_name"] == "基本满意");
    CHECK(objects[5]["ticket"] == d1);
    CHECK(objects[5]["window"] == 4);
    for (std::size_t i = 0; i < objects.size(); ++i)
      CHECK(objects[i]["rating_id"] == std::stoll(rows[i].at("rating_id")));

    CHECK(ctl({"ratings", "export", "--format", "xml"}).exit_code == 2);
    CHECK(ctl({"ratings", "export", "--from", "2026-11-30", "--to", "2026-11-01"}).exit_code == 2);
  }

  SUBCASE("followups shows the bad one and followup moves it on") {
    const std::string id = std::to_string(bad["followup"].get<int>());
    auto list = ctl({"followups"});
    REQUIRE_MESSAGE(list.exit_code == 0, list.err);
    INFO(list.out);
    CHECK(list.out.find("#" + id + "  open  ticket E001 of 2026-11-30  window 2  clerk c02  service E") !=
          std::string::npos);
    CHECK(list.out.find("level 1 very_dissatisfied  reasons attitude,waited_too_long") != std::string::npos);
    CHECK(list.out.find("call back by 2026-12-01, put right by 2026-12-21") != std::string::npos);
    CHECK(list.out.find("phone 138****5678") != std::string::npos);
    CHECK(list.out.find("13812345678") == std::string::npos);

    auto moved = ctl({"followup", id, "contacted", "called", "back:", "the", "queue", "was", "long"});
    REQUIRE_MESSAGE(moved.exit_code == 0, moved.err);
    CHECK(moved.out.find("#" + id + "  contacted") != std::string::npos);
    CHECK(moved.out.find("contacted by admin: called back: the queue was long") != std::string::npos);
    CHECK(ctl({"followup", id, "closed", "too", "soon"}).exit_code == 1);  // it must be put right first
    CHECK(ctl({"followup", id, "open", "again"}).exit_code == 2);
    CHECK(ctl({"followup", id}).exit_code == 2);
    CHECK(ctl({"followups"}).out.find("#" + id + "  contacted") != std::string::npos);

    // Called back on the day: on time, in the figures of the clerk and of the day.
    auto by_clerk = ctl({"ratings", "--by", "clerk"});
    CHECK(row(by_clerk.out, "c02") ==
          Words{"c02", "包金花", "2", "2", "100.0%", "1", "0", "1", "0", "0", "50.0%", "1", "1"});
    CHECK(row(by_clerk.out, "total") == Words{"total", "6", "4", "66.6%", "1", "0", "1", "1", "1", "75.0%", "1", "1"});

    CHECK(ctl({"followup", id, "rectified", "a", "second", "window", "for", "tax"}).exit_code == 0);
    CHECK(ctl({"followup", id, "closed", "done"}).exit_code == 0);
    CHECK(ctl({"followups"}).out.find("no follow-ups open") != std::string::npos);
    auto all = ctl({"followups", "--all"});
    CHECK(all.out.find("#" + id + "  closed") != std::string::npos);
    CHECK(all.out.find("phone -") != std::string::npos);  // the number is deleted when it ends
  }
}
