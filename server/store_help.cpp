#include "server/store_help.hpp"

#include <algorithm>
#include <map>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/domain/crypto.hpp"
#include "core/domain/stats.hpp"
#include "server/store.hpp"

namespace hallq::server {
namespace {

domain::LocalDate day_of(const std::string& s) {
  return domain::LocalDate::parse(s).value_or(domain::LocalDate{});
}

constexpr const char* kEntryColumns =
    "id, day, at, entered_by, topic, service, answer, followup, phone_sealed, phone_masked, done_at, done_by, "
    "request_key";

domain::HelpdeskEntry read_entry(SQLite::Statement& q) {
  domain::HelpdeskEntry e;
  e.id = q.getColumn(0).getInt64();
  e.day = day_of(q.getColumn(1).getString());
  e.at = stored_time(q.getColumn(2).getInt64());
  e.by = q.getColumn(3).getString();
  e.topic = q.getColumn(4).getString();
  e.service = q.getColumn(5).getString();
  e.answer = q.getColumn(6).getString();
  e.followup = q.getColumn(7).getInt() != 0;
  e.phone_sealed = q.getColumn(8).getString();
  e.phone_masked = q.getColumn(9).getString();
  e.done_at = time_or_none(q.getColumn(10).getInt64());
  e.done_by = q.getColumn(11).getString();
  e.request_key = q.getColumn(12).getString();
  return e;
}

}  // namespace

struct HelpTables::Statements {
  SQLite::Statement upsert_request, upsert_entry;
  explicit Statements(SQLite::Database& db)
      : upsert_request(db,
                       "INSERT OR REPLACE INTO help_requests(id, day, device, requested_at, taken_at, taken_by) "
                       "VALUES(:id, :day, :device, :requested_at, :taken_at, :taken_by)"),
        upsert_entry(db, std::string("INSERT OR REPLACE INTO helpdesk(") + kEntryColumns +
                             ") VALUES(:id, :day, :at, :entered_by, :topic, :service, :answer, :followup, "
                             ":phone_sealed, :phone_masked, :done_at, :done_by, :request_key)") {}
};

HelpTables::HelpTables(SQLite::Database& db) : db_(db), st_(std::make_unique<Statements>(db)) {}
HelpTables::~HelpTables() = default;

void HelpTables::write(const domain::Changes& ch) {
  for (const auto& r : ch.help_requests) {
    auto& q = st_->upsert_request;
    q.reset();
    q.bind(":id", r.id);
    q.bind(":day", r.day.str());
    q.bind(":device", r.device);
    q.bind(":requested_at", stored_ms(r.requested_at));
    q.bind(":taken_at", stored_ms(r.taken_at));
    q.bind(":taken_by", r.taken_by);
    q.exec();
  }
  for (const auto& e : ch.helpdesk) {
    auto& q = st_->upsert_entry;
    q.reset();
    q.bind(":id", e.id);
    q.bind(":day", e.day.str());
    q.bind(":at", stored_ms(e.at));
    q.bind(":entered_by", e.by);
    q.bind(":topic", e.topic);
    q.bind(":service", e.service);
    q.bind(":answer", e.answer);
    q.bind(":followup", e.followup ? 1 : 0);
    q.bind(":phone_sealed", e.phone_sealed);
    q.bind(":phone_masked", e.phone_masked);
    q.bind(":done_at", stored_ms(e.done_at));
    q.bind(":done_by", e.done_by);
    q.bind(":request_key", e.request_key);
    q.exec();
  }
}

HelpBookState HelpTables::load(const std::string& day) {
  HelpBookState s;
  SQLite::Statement r(db_,
                      "SELECT id, day, device, requested_at, taken_at, taken_by FROM help_requests "
                      "WHERE day = :day ORDER BY id");
  r.bind(":day", day);
  while (r.executeStep()) {
    domain::HelpRequest x;
    x.id = r.getColumn(0).getInt64();
    x.day = day_of(r.getColumn(1).getString());
    x.device = r.getColumn(2).getString();
    x.requested_at = stored_time(r.getColumn(3).getInt64());
    x.taken_at = time_or_none(r.getColumn(4).getInt64());
    x.taken_by = r.getColumn(5).getString();
    s.requests.push_back(std::move(x));
  }
  // Today's entries, and every follow-up still to do, however old.
  SQLite::Statement e(db_, std::string("SELECT ") + kEntryColumns +
                               " FROM helpdesk WHERE day = :day OR (followup != 0 AND done_at = 0) ORDER BY id");
  e.bind(":day", day);
  while (e.executeStep()) s.entries.push_back(read_entry(e));
  s.last_request = db_.execAndGet("SELECT coalesce(max(id), 0) FROM help_requests").getInt64();
  s.last_entry = db_.execAndGet("SELECT coalesce(max(id), 0) FROM helpdesk").getInt64();
  return s;
}

std::vector<domain::HelpdeskEntry> read_helpdesk(SQLite::Database& db, const std::string& day) {
  std::vector<domain::HelpdeskEntry> out;
  SQLite::Statement q(db, std::string("SELECT ") + kEntryColumns + " FROM helpdesk WHERE day = :day ORDER BY id DESC");
  q.bind(":day", day);
  while (q.executeStep()) {
    out.push_back(read_entry(q));
    domain::wipe_string(out.back().phone_sealed);  // nobody who asks for a list needs it
  }
  return out;
}

std::vector<HelpDayFigures> read_help_figures(SQLite::Database& db, const std::string& from, const std::string& to) {
  auto a = domain::LocalDate::parse(from), b = domain::LocalDate::parse(to);
  if (!a || !b) return {};
  std::map<std::string, HelpDayFigures> days;
  for (auto d = *a; d <= *b; d = d.plus_days(1)) days[d.str()].day = d.str();
  SQLite::Statement e(db,
                      "SELECT day, count(*), sum(followup != 0), sum(followup != 0 AND done_at != 0) FROM helpdesk "
                      "WHERE day BETWEEN :from AND :to GROUP BY day");
  e.bind(":from", from);
  e.bind(":to", to);
  while (e.executeStep()) {
    auto it = days.find(e.getColumn(0).getString());
    if (it == days.end()) continue;
    it->second.entries = e.getColumn(1).getInt();
    it->second.followups = e.getColumn(2).getInt();
    it->second.followups_done = e.getColumn(3).getInt();
  }
  std::map<std::string, std::vector<std::int64_t>> waits;
  SQLite::Statement r(db,
                      "SELECT day, requested_at, taken_at FROM help_requests WHERE day BETWEEN :from AND :to "
                      "ORDER BY day, id");
  r.bind(":from", from);
  r.bind(":to", to);
  while (r.executeStep()) {
    auto it = days.find(r.getColumn(0).getString());
    if (it == days.end()) continue;
    ++it->second.requests;
    std::int64_t requested = r.getColumn(1).getInt64(), taken = r.getColumn(2).getInt64();
    if (taken == 0) continue;
    ++it->second.taken;
    waits[it->first].push_back(std::max<std::int64_t>(0, (taken - requested) / 1000));
  }
  std::vector<HelpDayFigures> out;
  out.reserve(days.size());
  for (auto& [day, f] : days) {
    if (auto w = waits.find(day); w != waits.end()) f.take_median_s = domain::percentile(w->second, 50);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace hallq::server
