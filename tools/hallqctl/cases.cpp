#include "tools/hallqctl/cases.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/sheets/case_papers.hpp"

namespace hallq::ctl {
namespace {

using nlohmann::json;

std::string opt(const std::optional<std::string>& s, const std::string& none = "-") {
  return s && !s->empty() ? *s : none;
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
  o << "  " << sheets::applicant_of(c);
  return o.str();
}

std::string format_case_long(const protocol::CaseInfo& c) {
  std::ostringstream o;
  o << "case " << c.number << " (" << to_string(c.state) << ")\n"
    << "  service     " << c.service << (c.department ? "  decided by " + *c.department : "  decided at the window")
    << "\n"
    << "  applicant   " << sheets::applicant_of(c) << (c.company_code ? "  " + *c.company_code : "") << "\n"
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

}  // namespace hallq::ctl
