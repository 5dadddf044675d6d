#pragma once
// The two papers a window prints for a case, laid out with the generic
// receipt (drivers/printer/receipt.hpp): the one-time supplement notice
// (补正材料一次性告知书: what is missing, the supplement code large, the
// service, the case number, the date) and the acceptance receipt (受理回执:
// the case number, the service, the promised date, the pickup window, a QR
// code to follow the case). Chinese as text, Mongolian as rasters drawn with
// the UI's fonts; every word from assets/i18n.
//
// Thread affinity: the UI thread (the fonts are the UI's).

#include <string>

#include "core/config/i18n.hpp"
#include "core/protocol/cases.hpp"
#include "core/protocol/hall.hpp"
#include "core/ui/fonts.hpp"
#include "drivers/printer/receipt.hpp"

namespace hallq::caller {

// The languages on paper: Chinese text, Mongolian rasters.
struct PaperWords {
  const config::Translations& zh;
  const config::Translations& mn;
};

// `day`: the hall day the paper is given, "2026-11-26". `training`: a training
// hall's paper (docs/training.md), which says so first, above every field:
// 培训用纸 · 不是真实办件 (caller_case.training), and in Mongolian.
printer::Receipt supplement_notice(const protocol::CaseInfo& c, const protocol::HallInfo& hall, const PaperWords& words,
                                   ui::FontSet& fonts, const printer::Profile& profile, const std::string& day,
                                   bool training = false);

printer::Receipt acceptance_receipt(const protocol::CaseInfo& c, const protocol::HallInfo& hall,
                                    const PaperWords& words, ui::FontSet& fonts, const printer::Profile& profile,
                                    const std::string& day, bool training = false);

// What the receipt's QR code holds: the citizen's page of the visit the case
// came from (protocol::status_link with the token the server's reply carries),
// or the case number itself when the hall has no status_url.
std::string case_link(const protocol::HallInfo& hall, const protocol::CaseInfo& c);

// The hall's pickup window (the first of kind pickup), or 0.
int pickup_window(const protocol::HallInfo& hall);

}  // namespace hallq::caller
