#pragma once
// hallqctl and cases (docs/cases.md): the lines it prints for cases, sheets and
// notices. The A4 papers (hand-over sheet, pickup register) are core/sheets/case_papers.

#include <string>

#include "core/protocol/messages.hpp"

namespace hallq::ctl {

std::string format_case(const protocol::CaseInfo& c);       // one line
std::string format_case_long(const protocol::CaseInfo& c);  // every field a person needs
std::string format_handover(const protocol::HandoverInfo& h);
std::string format_notification(const protocol::NotificationInfo& n);

}  // namespace hallq::ctl
