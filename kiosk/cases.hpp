#pragma once
// The kiosk's case pages (办件), the parts that need no screen: a typed case
// number made whole, which of a person's cases can be collected, and the date
// a case's state is about. Pure: values in, values out.
//
// A case number is "F-20261130-0012": the hall's prefix letters, the hall day
// it was received, its sequence that day (core/domain/case_book.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/cases.hpp"

namespace hallq::kiosk {

// "F-20261130-0012", "F202611300012", "f 20261130 12" → "F-20261130-0012";
// nullopt when it cannot be a case number (letters, then eight digits of a
// date, then a sequence of one to six digits; dashes and spaces anywhere).
std::optional<std::string> normalize_case_number(std::string_view typed);

// What the kiosk keeps of a case: what it shows, masked, nothing more (no
// phone, company, clerk or agent; of the materials only those missing while a
// supplement is asked for).
protocol::CaseInfo shown_case(const protocol::CaseInfo& c);

// The cases that can be collected now.
std::vector<protocol::CaseInfo> ready_cases(const std::vector<protocol::CaseInfo>& cases);

// The date that goes with the case's state, for the words: which words
// (a kiosk_case key: "due", "ready_on", "picked_on" or "no_due", empty when
// no date goes with the state) and the date "2026-12-09".
struct CaseDate {
  std::string key;
  std::string date;
};
CaseDate case_date(const protocol::CaseInfo& c);

}  // namespace hallq::kiosk
