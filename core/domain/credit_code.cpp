#include "core/domain/credit_code.hpp"

#include <array>

namespace hallq::domain {
namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31 characters
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int value_of(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}
}  // namespace

char credit_code_check_char(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    int v = value_of(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  int check = 31 - sum % 31;
  return kAlphabet[static_cast<std::size_t>(check == 31 ? 0 : check)];
}

bool valid_credit_code(std::string_view code) {
  if (code.size() != 18) return false;
  char expected = credit_code_check_char(code.substr(0, 17));
  int last = value_of(code[17]);
  return expected != '\0' && last >= 0 && kAlphabet[static_cast<std::size_t>(last)] == expected;
}

std::string normalize_credit_code(std::string_view code) {
  std::string s(code);
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace hallq::domain
