#pragma once
// hallqctl and cases (docs/cases.md): the lines it prints for cases, sheets and
// notices, and the A4 papers (hand-over sheet, pickup register) it writes as PDF
// with every word from the translation files.

#include <string>

#include "core/protocol/messages.hpp"

namespace hallq::ctl {

std::string format_case(const protocol::CaseInfo& c);       // one line
std::string format_case_long(const protocol::CaseInfo& c);  // every field a person needs
std::string format_handover(const protocol::HandoverInfo& h);
std::string format_notification(const protocol::NotificationInfo& n);

// The PDFs; `assets` is the assets directory (its i18n/ gives the words).
// Throw std::runtime_error when the translations or the renderer fail.
std::string handover_pdf(const protocol::HandoverInfo& sheet, const protocol::HallInfo& hall,
                         const std::string& assets);
std::string register_pdf(const std::string& day, const std::vector<protocol::CaseInfo>& picked_up,
                         const protocol::HallInfo& hall, const std::string& assets);

}  // namespace hallq::ctl
