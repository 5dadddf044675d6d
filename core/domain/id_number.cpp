#include "core/domain/id_number.hpp"

#include <array>

namespace hallq::domain {
namespace {
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheck[] = "10X98765432";  // index: weighted sum mod 11
bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

char id_check_char(std::string_view first17) {
  if (first17.size() != 17 || !all_digits(first17)) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

std::string normalize_id_number(std::string_view id) {
  std::string s(id);
  if (!s.empty() && s.back() == 'x') s.back() = 'X';
  return s;
}

bool valid_id_number(std::string_view id) {
  if (id.size() != 18) return false;
  std::string n = normalize_id_number(id);
  if (id_check_char(std::string_view(n).substr(0, 17)) != n[17]) return false;
  return id_birth_date(n).has_value();
}

std::string mask_id_number(std::string_view id) {
  if (id.size() == 18) return std::string(id.substr(0, 6)) + "********" + std::string(id.substr(14));
  std::string out(id.size() > 4 ? id.size() - 4 : 0, '*');
  out += id.substr(id.size() > 4 ? id.size() - 4 : 0);
  return out;
}

std::optional<LocalDate> id_birth_date(std::string_view id) {
  if (id.size() < 14 || !all_digits(id.substr(6, 8))) return std::nullopt;
  auto d = LocalDate::parse(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                            std::string(id.substr(12, 2)));
  if (!d || d->year < 1870) return std::nullopt;
  return d;
}

int age_on(LocalDate birth, LocalDate day) {
  int age = day.year - birth.year;
  if (day.month < birth.month || (day.month == birth.month && day.day < birth.day)) --age;
  return age < 0 ? 0 : age;
}

}  // namespace hallq::domain
