#pragma once
// The unified social credit code of a company or organisation (统一社会信用代码,
// GB 32100-2015): 18 characters from 0-9 and the capitals without I, O, Z, S, V;
// the last is a check character (weights 3^i mod 31, check = 31 − sum mod 31).

#include <string>
#include <string_view>

namespace hallq::domain {

// The check character for the first 17 characters, or '\0' if one is not in the code's alphabet.
char credit_code_check_char(std::string_view first17);

// 18 characters of the alphabet (lower case accepted) with the right check character.
bool valid_credit_code(std::string_view code);

// Upper case, as kept and shown.
std::string normalize_credit_code(std::string_view code);

}  // namespace hallq::domain
