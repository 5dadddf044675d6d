#include "core/sheets/case_papers.hpp"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/sheets/sheets.hpp"

namespace hallq::sheets {
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
  Text3 operator()(const char* key) const {
    return {zh.value(key, std::string()), mn.value(key, std::string()), en.value(key, std::string())};
  }
};

Text3 text3(const protocol::Names& n) {
  return {n.zh, n.mn, n.en};
}

std::string fill(std::string text, const std::string& key, const std::string& value) {
  const std::string mark = "{" + key + "}";
  if (auto pos = text.find(mark); pos != std::string::npos) text.replace(pos, mark.size(), value);
  return text;
}

Text3 service_of(const protocol::HallInfo& hall, const std::string& code) {
  const protocol::HallService* s = hall.service(code);
  return s ? text3(s->names) : Text3{code, "", code};
}

}  // namespace

std::string applicant_of(const protocol::CaseInfo& c) {
  std::string who = opt(c.name_masked, "");
  if (c.id_masked) who += (who.empty() ? "" : " ") + *c.id_masked;
  if (c.company) who += (who.empty() ? "" : " ") + *c.company;
  return who.empty() ? "-" : who;
}

std::string handover_pdf(const protocol::HandoverInfo& h, const protocol::HallInfo& hall, const std::string& assets) {
  Words w(assets);
  HandoverLabels l;
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
  HandoverSheet s;
  if (hall.training) s.mark = w("training");
  s.hall = text3(hall.names);
  s.number = h.number;
  s.department = {h.department, "", h.department};
  for (const auto& d : hall.departments)
    if (d.id == h.department) s.department = text3(d.names);
  s.created_at = h.created_at.substr(0, 16);
  s.created_by = h.created_by;
  for (const auto& c : h.cases) {
    HandoverRow r;
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
  RegisterLabels l;
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
  PickupRegister reg;
  if (hall.training) reg.mark = w("training");
  reg.hall = text3(hall.names);
  reg.day = day;
  const std::string self = w("self").zh, agent = w("agent").zh;
  for (const auto& c : picked_up) {
    RegisterRow r;
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

}  // namespace hallq::sheets
