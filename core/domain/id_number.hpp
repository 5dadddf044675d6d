#pragma once
// Resident ID numbers (GB 11643-1999): 17 digits and a check digit (ISO 7064
// MOD 11-2, 10 written 'X'). Raw numbers never leave the component that reads
// them: the engine keeps only IdHasher(number) and mask_id_number(number).

#include <optional>
#include <string>
#include <string_view>

#include "core/domain/time.hpp"

namespace hallq::domain {

// The check character for the first 17 digits, or '\0' if they are not 17 digits.
char id_check_char(std::string_view first17);

// 18 characters, digits with a valid check character ('x' accepted), a real birth date.
bool valid_id_number(std::string_view id);

// Upper-cases a trailing 'x'; use before hashing so both spellings hash alike.
std::string normalize_id_number(std::string_view id);

// "150502********1234": region code and last four shown, birth date hidden.
// Shorter or odd inputs are masked entirely except their last four characters.
std::string mask_id_number(std::string_view id);

std::optional<LocalDate> id_birth_date(std::string_view id);
// Whole years between birth and day.
int age_on(LocalDate birth, LocalDate day);

}  // namespace hallq::domain
