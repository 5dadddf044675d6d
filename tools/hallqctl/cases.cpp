#include "tools/hallqctl/cases.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/sheets/sheets.hpp"

namespace hallq::ctl {
namespace {

using nlohmann::json;

std::string opt(const std::optional<std::string>& s, const std::string& none = "-") {
  return s && !s->empty() ? *s : none;
}
std::string date_of(const std::string& iso) {
  return iso.substr(0, 10);
}

// The words of the papers: the "sheet" section of each language's file.
struct Words {
  json zh, mn, en;
  explicit Words(const std::string& assets) {
    auto load = [&](const char* lang) {
      std::ifstream in(assets + "/i18n/" + lang + ".json");
      if (!in) throw std::runtime_error(assets + "/i18n/" + lang + ".json: cannot read the translations");
      return json::parse(in).value("sheet", json::object());
    };
    zh = load("zh");
    mn = load("mn");
    en = load("en");
  }
  sheets::Text3 operator()(const char* key) const {
    return {zh.value(key, std::string()), mn.value(key, std::string()), en.value(key, std::string())};
  }
};

sheets::Text3 text3(const protocol::Names& n) {
  return {n.zh, n.mn, n.en};
}

std::string fill(std::string text, const std::string& key, const std::string& value) {
  const std::string mark = "{" + key + "}";
  if (auto pos = text.find(mark); pos != std::string::npos) text.replace(pos, mark.size(), value);
  return text;
}

sheets::Text3 service_of(const protocol::HallInfo& hall, const std::string& code) {
  const protocol::HallService* s = hall.service(code);
  return s ? text3(s->names) : sheets::Text3{code, "", code};
}

std::string applicant_of(const protocol::CaseInfo& c) {
  std::string who = opt(c.name_masked, "");
  if (c.id_masked) who += (who.empty() ? "" : " ") + *c.id_masked;
  if (c.company) who += (who.empty() ? "" : " ") + *c.company;
  return who.empty() ? "-" : who;
}

}  // namespace

std::string format_case(const protocol::CaseInfo& c) {
  std::ostringstream o;
  o << c.number << "  " << c.service << "  " << to_string(c.state);
  if (c.due) o << "  due " << *c.due;
  if (c.workdays_left) o << " (" << *c.workdays_left << " working days left)";
  if (c.overdue) o << "  OVERDUE";
  if (c.due_soon) o << "  due soon";
  if (c.department) o << "  → " << *c.department;
  o << "  " << applicant_of(c);
  return o.str();
}

std::string format_case_long(const protocol::CaseInfo& c) {
  std::ostringstream o;
  o << "case " << c.number << " (" << to_string(c.state) << ")\n"
    << "  service     " << c.service << (c.department ? "  decided by " + *c.department : "  decided at the window")
    << "\n"
    << "  applicant   " << applicant_of(c) << (c.company_code ? "  " + *c.company_code : "") << "\n"
    << "  received    " << c.received_at << " at window " << c.window << " by " << opt(c.clerk) << " (ticket "
    << opt(c.ticket) << " of " << opt(c.ticket_day) << ")\n";
  for (const auto& m : c.materials) o << "  material    [" << to_string(m.state) << "] " << m.names.zh << "\n";
  if (c.supplement_code) o << "  supplement  code " << *c.supplement_code << "\n";
  if (c.accepted_at) o << "  accepted    " << *c.accepted_at << "\n";
  if (c.due)
    o << "  due         " << *c.due
      << (c.workdays_left ? " (" + std::to_string(*c.workdays_left) + " working days left)" : "")
      << (c.overdue ? "  OVERDUE" : "") << "\n";
  if (c.handover) o << "  hand-over   " << *c.handover << "\n";
  if (c.result_note) o << "  result      " << *c.result_note << "\n";
  if (c.ready_at)
    o << "  ready       " << *c.ready_at << (c.phone_masked ? "  notice to " + *c.phone_masked : "") << "\n";
  if (c.pickup_ticket) o << "  pickup      ticket " << *c.pickup_ticket << "\n";
  if (c.picked_up_at)
    o << "  picked up   " << *c.picked_up_at << " at window " << c.pickup_window.value_or(0) << " by "
      << opt(c.pickup_clerk) << (c.agent_id_masked ? ", agent " + *c.agent_id_masked + ": " + opt(c.agent_reason) : "")
      << "\n";
  return o.str();
}

std::string format_handover(const protocol::HandoverInfo& h) {
  std::ostringstream o;
  o << h.number << "  " << h.department << "  " << to_string(h.state) << "  " << h.cases.size() << " cases, made "
    << h.created_at << " by " << h.created_by;
  if (h.received_by) o << ", received by " << *h.received_by << " " << opt(h.received_at);
  if (h.returned_at) o << ", returned " << *h.returned_at;
  return o.str();
}

std::string format_notification(const protocol::NotificationInfo& n) {
  std::ostringstream o;
  o << "#" << n.id << "  " << n.state << "  " << n.channel << " " << n.recipient_masked << "  " << n.case_number << "  "
    << n.text;
  if (n.error) o << "  (" << *n.error << ")";
  return o.str();
}

std::string handover_pdf(const protocol::HandoverInfo& h, const protocol::HallInfo& hall, const std::string& assets) {
  Words w(assets);
  sheets::HandoverLabels l;
  l.title = w("handover_title");
  l.sheet_number = w("sheet_number");
  l.department = w("department");
  l.created = w("created");
  l.count = w("count");
  l.case_number = w("case_number");
  l.service = w("service");
  l.applicant = w("applicant");
  l.accepted = w("accepted");
  l.due = w("due");
  l.materials = w("materials");
  l.handed_over_by = w("handed_over_by");
  l.received_by = w("received_by");
  l.returned = w("returned");
  l.date = w("date");
  l.page = w("page");
  sheets::HandoverSheet s;
  s.hall = text3(hall.names);
  s.number = h.number;
  s.department = {h.department, "", h.department};
  for (const auto& d : hall.departments)
    if (d.id == h.department) s.department = text3(d.names);
  s.created_at = h.created_at.substr(0, 16);
  s.created_by = h.created_by;
  for (const auto& c : h.cases) {
    sheets::HandoverRow r;
    r.case_number = c.number;
    r.service = service_of(hall, c.service);
    r.applicant = applicant_of(c);
    r.accepted = c.accepted_at ? date_of(*c.accepted_at) : "";
    r.due = c.due.value_or("");
    for (const auto& m : c.materials)
      if (m.state == protocol::MaterialState::original || m.state == protocol::MaterialState::copy)
        r.materials.push_back(m.names.zh + (m.state == protocol::MaterialState::copy ? " (复印件)" : " (原件)"));
    s.rows.push_back(std::move(r));
  }
  s.received_by = h.received_by.value_or("");
  s.received_at = h.received_at ? h.received_at->substr(0, 16) : "";
  s.returned_at = h.returned_at ? h.returned_at->substr(0, 16) : "";
  return sheets::handover_pdf(s, l);
}

std::string register_pdf(const std::string& day, const std::vector<protocol::CaseInfo>& picked_up,
                         const protocol::HallInfo& hall, const std::string& assets) {
  Words w(assets);
  sheets::RegisterLabels l;
  l.title = w("register_title");
  l.day = w("date");
  l.count = w("register_count");
  l.time = w("time");
  l.case_number = w("case_number");
  l.service = w("service");
  l.applicant = w("applicant");
  l.collected_by = w("collected_by");
  l.window = w("window");
  l.clerk = w("clerk");
  l.signature = w("signature");
  l.handled_by = w("handled_by");
  l.checked_by = w("checked_by");
  l.date = w("date");
  l.page = w("page");
  sheets::PickupRegister reg;
  reg.hall = text3(hall.names);
  reg.day = day;
  const std::string self = w("self").zh, agent = w("agent").zh;
  for (const auto& c : picked_up) {
    sheets::RegisterRow r;
    r.time = c.picked_up_at && c.picked_up_at->size() >= 16 ? c.picked_up_at->substr(11, 5) : "";
    r.case_number = c.number;
    r.service = service_of(hall, c.service);
    r.applicant = applicant_of(c);
    r.collected_by =
        c.agent_id_masked ? fill(fill(agent, "id", *c.agent_id_masked), "reason", opt(c.agent_reason, "")) : self;
    r.window = c.pickup_window ? std::to_string(*c.pickup_window) : "";
    r.clerk = opt(c.pickup_clerk, "");
    reg.rows.push_back(std::move(r));
  }
  return sheets::pickup_register_pdf(reg, l);
}

}  // namespace hallq::ctl
