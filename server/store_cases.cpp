#include "server/store_cases.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "server/store.hpp"

namespace hallq::server {
namespace {

using nlohmann::json;

std::string materials_json(const std::vector<domain::CaseMaterial>& list) {
  json a = json::array();
  for (const auto& m : list)
    a.push_back({{"zh", m.name.zh}, {"mn", m.name.mn}, {"en", m.name.en}, {"state", domain::to_string(m.state)}});
  return a.dump();
}

std::vector<domain::CaseMaterial> materials_of(const std::string& text, const std::string& number) {
  std::vector<domain::CaseMaterial> out;
  json a = json::parse(text, nullptr, false);
  if (!a.is_array()) throw StoreError("case " + number + ": materials are not a JSON array");
  for (const auto& m : a) {
    domain::CaseMaterial x;
    x.name = {m.value("zh", ""), m.value("mn", ""), m.value("en", "")};
    auto st = domain::material_state_from_string(m.value("state", ""));
    if (!st) throw StoreError("case " + number + ": a material has an unknown state");
    x.state = *st;
    out.push_back(std::move(x));
  }
  return out;
}

constexpr const char* kCaseColumns =
    "number, service, department, state, id_hash, id_masked, name_masked, company, company_code, phone, "
    "language, ticket_day, ticket, window, clerk, materials, supplement_code, supplements, received_at, "
    "accepted_at, returned_at, ready_at, updated_at, due, handover, result_note, pickup_ticket, pickup, request_key";

domain::Case read_case(SQLite::Statement& q) {
  domain::Case c;
  int i = 0;
  auto text = [&] { return q.getColumn(i++).getString(); };
  auto integer = [&] { return q.getColumn(i++).getInt64(); };
  c.number = text();
  c.service = text();
  c.department = text();
  std::string state = text();
  auto st = domain::case_state_from_string(state);
  if (!st) throw StoreError("case " + c.number + " has unknown state " + state);
  c.state = *st;
  c.id_hash = text();
  c.id_masked = text();
  c.name_masked = text();
  c.company = text();
  c.company_code = text();
  c.phone = text();
  c.language = text();
  c.ticket_day = domain::LocalDate::parse(text()).value_or(domain::LocalDate{});
  c.ticket = text();
  c.window = static_cast<int>(integer());
  c.clerk = text();
  c.materials = materials_of(text(), c.number);
  c.supplement_code = text();
  c.supplements = static_cast<int>(integer());
  c.received_at = stored_time(integer());
  c.accepted_at = stored_time(integer());
  c.returned_at = stored_time(integer());
  c.ready_at = stored_time(integer());
  c.updated_at = stored_time(integer());
  std::string due = text();
  if (!due.empty()) c.due = domain::LocalDate::parse(due);
  c.handover = text();
  c.result_note = text();
  c.pickup_ticket = text();
  SQLite::Column pickup = q.getColumn(i++);
  if (!pickup.isNull()) {
    json p = json::parse(pickup.getString(), nullptr, false);
    if (!p.is_object()) throw StoreError("case " + c.number + ": pickup record is not a JSON object");
    domain::PickupRecord r;
    r.at = stored_time(p.value("at", std::int64_t{0}));
    r.window = p.value("window", 0);
    r.clerk = p.value("clerk", "");
    r.agent = p.value("agent", false);
    r.agent_id_masked = p.value("agent_id_masked", "");
    r.reason = p.value("reason", "");
    c.pickup = r;
  }
  c.request_key = text();
  return c;
}

std::vector<std::string> strings_of(const std::string& text) {
  json a = json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (a.is_array())
    for (const auto& s : a)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

}  // namespace

struct CaseTables::Statements {
  SQLite::Statement upsert_case, upsert_sheet, upsert_note;
  explicit Statements(SQLite::Database& db)
      : upsert_case(
            db, std::string("INSERT OR REPLACE INTO cases(") + kCaseColumns +
                    ") VALUES(:number, :service, :department, :state, :id_hash, :id_masked, :name_masked, "
                    ":company, :company_code, :phone, :language, :ticket_day, :ticket, :window, :clerk, "
                    ":materials, :supplement_code, :supplements, :received_at, :accepted_at, :returned_at, "
                    ":ready_at, :updated_at, :due, :handover, :result_note, :pickup_ticket, :pickup, :request_key)"),
        upsert_sheet(db,
                     "INSERT OR REPLACE INTO handovers(number, department, state, cases, created_at, created_by, "
                     "received_at, received_by, returned_at, returned_by) VALUES(:number, :department, :state, "
                     ":cases, :created_at, :created_by, :received_at, :received_by, :returned_at, :returned_by)"),
        upsert_note(db,
                    "INSERT OR REPLACE INTO notifications(id, case_number, channel, recipient, language, text, "
                    "created_at, state, sent_at, error) VALUES(:id, :case_number, :channel, :recipient, :language, "
                    ":text, :created_at, :state, :sent_at, :error)") {}
};

CaseTables::CaseTables(SQLite::Database& db) : db_(db), st_(std::make_unique<Statements>(db)) {}
CaseTables::~CaseTables() = default;

void CaseTables::write(const domain::Changes& ch) {
  for (const auto& c : ch.cases) {
    auto& q = st_->upsert_case;
    q.reset();
    q.bind(":number", c.number);
    q.bind(":service", c.service);
    q.bind(":department", c.department);
    q.bind(":state", std::string(domain::to_string(c.state)));
    q.bind(":id_hash", c.id_hash);
    q.bind(":id_masked", c.id_masked);
    q.bind(":name_masked", c.name_masked);
    q.bind(":company", c.company);
    q.bind(":company_code", c.company_code);
    q.bind(":phone", c.phone);
    q.bind(":language", c.language);
    q.bind(":ticket_day", c.ticket_day.str());
    q.bind(":ticket", c.ticket);
    q.bind(":window", c.window);
    q.bind(":clerk", c.clerk);
    q.bind(":materials", materials_json(c.materials));
    q.bind(":supplement_code", c.supplement_code);
    q.bind(":supplements", c.supplements);
    q.bind(":received_at", stored_ms(c.received_at));
    q.bind(":accepted_at", stored_ms(c.accepted_at));
    q.bind(":returned_at", stored_ms(c.returned_at));
    q.bind(":ready_at", stored_ms(c.ready_at));
    q.bind(":updated_at", stored_ms(c.updated_at));
    q.bind(":due", c.due ? c.due->str() : std::string());
    q.bind(":handover", c.handover);
    q.bind(":result_note", c.result_note);
    q.bind(":pickup_ticket", c.pickup_ticket);
    if (c.pickup) {
      json p = {{"at", stored_ms(c.pickup->at)},
                {"window", c.pickup->window},
                {"clerk", c.pickup->clerk},
                {"agent", c.pickup->agent},
                {"agent_id_masked", c.pickup->agent_id_masked},
                {"reason", c.pickup->reason}};
      q.bind(":pickup", p.dump());
    } else {
      q.bind(":pickup");
    }
    q.bind(":request_key", c.request_key);
    q.exec();
  }
  for (const auto& h : ch.handovers) {
    auto& q = st_->upsert_sheet;
    q.reset();
    q.bind(":number", h.number);
    q.bind(":department", h.department);
    q.bind(":state", std::string(domain::to_string(h.state)));
    q.bind(":cases", json(h.cases).dump());
    q.bind(":created_at", stored_ms(h.created_at));
    q.bind(":created_by", h.created_by);
    q.bind(":received_at", stored_ms(h.received_at));
    q.bind(":received_by", h.received_by);
    q.bind(":returned_at", stored_ms(h.returned_at));
    q.bind(":returned_by", h.returned_by);
    q.exec();
  }
  for (const auto& n : ch.notifications) {
    auto& q = st_->upsert_note;
    q.reset();
    q.bind(":id", n.id);
    q.bind(":case_number", n.case_number);
    q.bind(":channel", n.channel);
    q.bind(":recipient", n.recipient_masked);
    q.bind(":language", n.language);
    q.bind(":text", n.text);
    q.bind(":created_at", stored_ms(n.created_at));
    q.bind(":state", n.state);
    q.bind(":sent_at", stored_ms(n.sent_at));
    q.bind(":error", n.error);
    q.exec();
  }
}

CaseBookState CaseTables::load(std::int64_t since_unix_ms) {
  CaseBookState s;
  SQLite::Statement q(db_, std::string("SELECT ") + kCaseColumns +
                               " FROM cases WHERE state NOT IN ('picked_up', 'decided_at_window', 'withdrawn') "
                               "OR updated_at >= :since");
  q.bind(":since", since_unix_ms);
  while (q.executeStep()) s.cases.push_back(read_case(q));
  SQLite::Statement h(db_,
                      "SELECT number, department, state, cases, created_at, created_by, received_at, received_by, "
                      "returned_at, returned_by FROM handovers WHERE state != 'returned' OR returned_at >= :since");
  h.bind(":since", since_unix_ms);
  while (h.executeStep()) {
    domain::Handover x;
    x.number = h.getColumn(0).getString();
    x.department = h.getColumn(1).getString();
    auto st = domain::handover_state_from_string(h.getColumn(2).getString());
    if (!st) throw StoreError("hand-over sheet " + x.number + " has an unknown state");
    x.state = *st;
    x.cases = strings_of(h.getColumn(3).getString());
    x.created_at = stored_time(h.getColumn(4).getInt64());
    x.created_by = h.getColumn(5).getString();
    x.received_at = stored_time(h.getColumn(6).getInt64());
    x.received_by = h.getColumn(7).getString();
    x.returned_at = stored_time(h.getColumn(8).getInt64());
    x.returned_by = h.getColumn(9).getString();
    s.sheets.push_back(std::move(x));
  }
  SQLite::Statement n(db_,
                      "SELECT id, case_number, channel, recipient, language, text, created_at, state, sent_at, error "
                      "FROM (SELECT * FROM notifications WHERE state = 'pending' OR id > "
                      "(SELECT coalesce(max(id), 0) - 500 FROM notifications)) ORDER BY id");
  while (n.executeStep()) {
    domain::Notification x;
    x.id = n.getColumn(0).getInt64();
    x.case_number = n.getColumn(1).getString();
    x.channel = n.getColumn(2).getString();
    x.recipient_masked = n.getColumn(3).getString();
    x.language = n.getColumn(4).getString();
    x.text = n.getColumn(5).getString();
    x.created_at = stored_time(n.getColumn(6).getInt64());
    x.state = n.getColumn(7).getString();
    x.sent_at = stored_time(n.getColumn(8).getInt64());
    x.error = n.getColumn(9).getString();
    s.notifications.push_back(std::move(x));
  }
  s.last_notification = db_.execAndGet("SELECT coalesce(max(id), 0) FROM notifications").getInt64();
  return s;
}

std::optional<domain::Case> CaseTables::find(const std::string& number) {
  SQLite::Statement q(db_, std::string("SELECT ") + kCaseColumns + " FROM cases WHERE number = :number");
  q.bind(":number", number);
  if (!q.executeStep()) return std::nullopt;
  return read_case(q);
}

bool CaseTables::has_id_hashes() {
  return db_.execAndGet("SELECT EXISTS(SELECT 1 FROM cases WHERE id_hash != '')").getInt() != 0;
}

}  // namespace hallq::server
