#include "server/store_ratings.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "server/store.hpp"

namespace hallq::server {
namespace {

using nlohmann::json;

constexpr const char* kRatingColumns =
    "id, day, ticket, case_number, window, clerk, service, finished_at, level, reasons, channel, rated_at, followup";

domain::Rating read_rating(SQLite::Statement& q) {
  domain::Rating r;
  r.id = q.getColumn(0).getInt64();
  r.day = domain::LocalDate::parse(q.getColumn(1).getString()).value_or(domain::LocalDate{});
  r.ticket = q.getColumn(2).getString();
  r.case_number = q.getColumn(3).getString();
  r.window = q.getColumn(4).getInt();
  r.clerk = q.getColumn(5).getString();
  r.service = q.getColumn(6).getString();
  r.finished_at = stored_time(q.getColumn(7).getInt64());
  if (!q.getColumn(8).isNull()) {
    int level = q.getColumn(8).getInt();
    if (level < 1 || level > 5)
      throw StoreError("rating " + std::to_string(r.id) + " has level " + std::to_string(level));
    r.level = static_cast<domain::RatingLevel>(level);
  }
  json reasons = json::parse(q.getColumn(9).getString(), nullptr, false);
  if (reasons.is_array())
    for (const auto& x : reasons)
      if (x.is_string()) r.reasons.push_back(x.get<std::string>());
  auto channel = domain::rating_channel_from_string(q.getColumn(10).getString());
  if (!channel) throw StoreError("rating " + std::to_string(r.id) + " has an unknown channel");
  r.channel = *channel;
  r.rated_at = time_or_none(q.getColumn(11).getInt64());
  r.followup = q.getColumn(12).getInt64();
  return r;
}

}  // namespace

struct RatingTables::Statements {
  SQLite::Statement upsert_rating, upsert_followup;
  explicit Statements(SQLite::Database& db)
      : upsert_rating(db, std::string("INSERT OR REPLACE INTO ratings(") + kRatingColumns +
                              ") VALUES(:id, :day, :ticket, :case_number, :window, :clerk, :service, :finished_at, "
                              ":level, :reasons, :channel, :rated_at, :followup)"),
        upsert_followup(db,
                        "INSERT OR REPLACE INTO followups(id, rating, state, opened_at, callback_due, rectify_due, "
                        "contacted_at, ended_at, phone_sealed, phone_masked, notes) VALUES(:id, :rating, :state, "
                        ":opened_at, :callback_due, :rectify_due, :contacted_at, :ended_at, :phone_sealed, "
                        ":phone_masked, :notes)") {}
};

RatingTables::RatingTables(SQLite::Database& db) : db_(db), st_(std::make_unique<Statements>(db)) {}
RatingTables::~RatingTables() = default;

void RatingTables::write(const domain::Changes& ch) {
  for (const auto& r : ch.ratings) {
    auto& q = st_->upsert_rating;
    q.reset();
    q.bind(":id", r.id);
    q.bind(":day", r.day.str());
    q.bind(":ticket", r.ticket);
    q.bind(":case_number", r.case_number);
    q.bind(":window", r.window);
    q.bind(":clerk", r.clerk);
    q.bind(":service", r.service);
    q.bind(":finished_at", stored_ms(r.finished_at));
    if (r.level)
      q.bind(":level", static_cast<int>(*r.level));
    else
      q.bind(":level");
    q.bind(":reasons", json(r.reasons).dump());
    q.bind(":channel", std::string(domain::to_string(r.channel)));
    q.bind(":rated_at", stored_ms(r.rated_at));
    q.bind(":followup", r.followup);
    q.exec();
  }
  for (const auto& f : ch.followups) {
    auto& q = st_->upsert_followup;
    q.reset();
    q.bind(":id", f.id);
    q.bind(":rating", f.rating);
    q.bind(":state", std::string(domain::to_string(f.state)));
    q.bind(":opened_at", stored_ms(f.opened_at));
    q.bind(":callback_due", f.callback_due.str());
    q.bind(":rectify_due", f.rectify_due.str());
    q.bind(":contacted_at", stored_ms(f.contacted_at));
    q.bind(":ended_at", stored_ms(f.ended_at));
    q.bind(":phone_sealed", f.phone_sealed);
    q.bind(":phone_masked", f.phone_masked);
    json notes = json::array();
    for (const auto& n : f.notes)
      notes.push_back({{"at", stored_ms(n.at)}, {"by", n.by}, {"state", domain::to_string(n.state)}, {"text", n.text}});
    q.bind(":notes", notes.dump());
    q.exec();
  }
}

RatingBookState RatingTables::load(const std::string& since_day, std::int64_t ended_since_unix_ms) {
  RatingBookState s;
  SQLite::Statement q(db_, std::string("SELECT ") + kRatingColumns + " FROM ratings WHERE day >= :since ORDER BY id");
  q.bind(":since", since_day);
  while (q.executeStep()) s.ratings.push_back(read_rating(q));
  SQLite::Statement f(db_,
                      "SELECT id, rating, state, opened_at, callback_due, rectify_due, contacted_at, ended_at, "
                      "phone_sealed, phone_masked, notes FROM followups WHERE ended_at = 0 OR ended_at >= :since");
  f.bind(":since", ended_since_unix_ms);
  while (f.executeStep()) {
    domain::Followup x;
    x.id = f.getColumn(0).getInt64();
    x.rating = f.getColumn(1).getInt64();
    auto st = domain::followup_state_from_string(f.getColumn(2).getString());
    if (!st) throw StoreError("follow-up " + std::to_string(x.id) + " has an unknown state");
    x.state = *st;
    x.opened_at = stored_time(f.getColumn(3).getInt64());
    x.callback_due = domain::LocalDate::parse(f.getColumn(4).getString()).value_or(domain::LocalDate{});
    x.rectify_due = domain::LocalDate::parse(f.getColumn(5).getString()).value_or(domain::LocalDate{});
    x.contacted_at = time_or_none(f.getColumn(6).getInt64());
    x.ended_at = time_or_none(f.getColumn(7).getInt64());
    x.phone_sealed = f.getColumn(8).getString();
    x.phone_masked = f.getColumn(9).getString();
    json notes = json::parse(f.getColumn(10).getString(), nullptr, false);
    if (notes.is_array())
      for (const auto& n : notes) {
        domain::FollowupNote note;
        note.at = stored_time(n.value("at", std::int64_t{0}));
        note.by = n.value("by", "");
        note.state = domain::followup_state_from_string(n.value("state", "")).value_or(domain::FollowupState::open);
        note.text = n.value("text", "");
        x.notes.push_back(std::move(note));
      }
    // A follow-up that is still open keeps its rating in the book, however old.
    s.followups.push_back(std::move(x));
  }
  s.last_rating = db_.execAndGet("SELECT coalesce(max(id), 0) FROM ratings").getInt64();
  s.last_followup = db_.execAndGet("SELECT coalesce(max(id), 0) FROM followups").getInt64();
  return s;
}

namespace {

// The figures' query grouped by `keys` (one or two columns): the keys, then
// offered, rated, the five levels, follow-ups and those on time.
std::string figures_query(const std::string& keys, int key_count) {
  // A follow-up is on time when the citizen was called back by its call-back
  // date (or found unreachable by then) and, once due, put right by its
  // rectification date.
  static constexpr const char* kOnTime =
      "CASE WHEN f.id IS NULL THEN 0 "
      "WHEN ((f.contacted_at > 0 AND date(f.contacted_at / 1000, 'unixepoch', 'localtime') <= f.callback_due) OR "
      "(f.state = 'unreachable' AND date(f.ended_at / 1000, 'unixepoch', 'localtime') <= f.callback_due)) AND "
      "(f.state IN ('open', 'contacted', 'unreachable') OR "
      "date((SELECT max(json_extract(n.value, '$.at')) FROM json_each(f.notes) n "
      "WHERE json_extract(n.value, '$.state') = 'rectified') / 1000, 'unixepoch', 'localtime') <= f.rectify_due) "
      "THEN 1 ELSE 0 END";
  std::string group = key_count == 2 ? "1, 2" : "1";
  return "SELECT " + keys +
         ", count(*), count(r.level), sum(r.level = 1), sum(r.level = 2), sum(r.level = 3), "
         "sum(r.level = 4), sum(r.level = 5), count(f.id), sum(" +
         kOnTime +
         ") FROM ratings r LEFT JOIN followups f ON f.id = r.followup "
         "WHERE r.day BETWEEN :from AND :to GROUP BY " +
         group + " ORDER BY " + group;
}

RatingRow figures_row(SQLite::Statement& q, int key_count) {
  RatingRow row;
  row.key = q.getColumn(key_count - 1).getString();
  row.offered = q.getColumn(key_count).getInt();
  row.rated = q.getColumn(key_count + 1).getInt();
  for (int l = 0; l < 5; ++l) row.levels[l] = q.getColumn(key_count + 2 + l).getInt();
  row.followups = q.getColumn(key_count + 7).getInt();
  row.followups_on_time = q.getColumn(key_count + 8).getInt();
  return row;
}

}  // namespace

std::vector<RatingRow> RatingTables::figures(const std::string& from, const std::string& to, const std::string& by) {
  std::string key = by == "clerk"     ? "r.clerk"
                    : by == "window"  ? "CAST(r.window AS TEXT)"
                    : by == "service" ? "r.service"
                    : by == "day"     ? "r.day"
                                      : "'total'";
  auto query = [&](const std::string& group) {
    std::vector<RatingRow> rows;
    SQLite::Statement q(db_, figures_query(group, 1));
    q.bind(":from", from);
    q.bind(":to", to);
    while (q.executeStep()) rows.push_back(figures_row(q, 1));
    return rows;
  };
  std::vector<RatingRow> out = query("'total'");
  if (out.empty()) out.push_back(RatingRow{"total"});
  if (key != "'total'")
    for (auto& r : query(key)) out.push_back(std::move(r));
  return out;
}

std::vector<std::pair<std::string, RatingRow>> RatingTables::figures_by_day_and_clerk(const std::string& from,
                                                                                      const std::string& to) {
  std::vector<std::pair<std::string, RatingRow>> out;
  SQLite::Statement q(db_, figures_query("r.day, r.clerk", 2));
  q.bind(":from", from);
  q.bind(":to", to);
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), figures_row(q, 2));
  return out;
}

std::vector<domain::Rating> RatingTables::list(const std::string& from, const std::string& to) {
  std::vector<domain::Rating> out;
  SQLite::Statement q(
      db_, std::string("SELECT ") + kRatingColumns + " FROM ratings WHERE day BETWEEN :from AND :to ORDER BY id");
  q.bind(":from", from);
  q.bind(":to", to);
  while (q.executeStep()) out.push_back(read_rating(q));
  return out;
}

}  // namespace hallq::server
