#pragma once
// hallq_case_papers: the papers of cases (docs/cases.md) from the wire's objects — the hand-over sheet
// that goes with case files to a department (流转单) and a day's pickup register (出件登记) as A4 PDF
// (hallq_sheets draws them), every word from the translation files' "sheet" section. Used by hallqctl
// and the staff console alike, so a sheet printed from either is the same paper.
//
// Thread safety: no shared state; may run on any thread (as hallq_sheets). Rendering takes tens of
// milliseconds: the server calls these off its event loop.

#include <string>
#include <vector>

#include "core/protocol/cases.hpp"
#include "core/protocol/hall.hpp"

namespace hallq::sheets {

// `assets` is the assets directory (its i18n/ gives the words). Throw std::runtime_error when the
// translations cannot be read or the renderer fails.
std::string handover_pdf(const protocol::HandoverInfo& sheet, const protocol::HallInfo& hall,
                         const std::string& assets);
std::string register_pdf(const std::string& day, const std::vector<protocol::CaseInfo>& picked_up,
                         const protocol::HallInfo& hall, const std::string& assets);

// Who a case is for, masked as the wire gives it: name, ID, company ("-" when none).
std::string applicant_of(const protocol::CaseInfo& c);

}  // namespace hallq::sheets
