#pragma once
// Enums on the wire are their snake_case names. An enum takes part by
// specialising EnumNames with the names in the order of its values:
//
//   template <> struct EnumNames<Role> {
//     static constexpr std::array<std::string_view, 5> names{"kiosk", "caller", "display", "guide", "admin"};
//   };
//
// (`static constexpr int first = 1;` when the first value is not 0.) Then
// to_string(e), enum_from_string<E>(s) and enum_choices<E>() work for it, and
// the wire types' reader and writer (schema.hpp) take it as a value.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace hallq::protocol {

// Specialise with the wire names in the order of the enum's values, starting at
// `first` (0 unless the enum says otherwise):
//   template <> struct EnumNames<Role> { static constexpr std::array names{...}; };
template <class E>
struct EnumNames;

template <class E>
concept WireEnum = std::is_enum_v<E> && requires {
  EnumNames<E>::names;
};

template <WireEnum E>
constexpr int enum_first() {
  if constexpr (requires { EnumNames<E>::first; })
    return EnumNames<E>::first;
  else
    return 0;
}

template <WireEnum E>
constexpr std::string_view to_string(E e) noexcept {
  const auto& names = EnumNames<E>::names;
  auto i = static_cast<long long>(e) - enum_first<E>();
  return i >= 0 && i < static_cast<long long>(names.size()) ? std::string_view(names[static_cast<std::size_t>(i)])
                                                            : std::string_view("?");
}

template <WireEnum E>
constexpr std::optional<E> enum_from_string(std::string_view s) noexcept {
  const auto& names = EnumNames<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (std::string_view(names[i]) == s) return static_cast<E>(static_cast<int>(i) + enum_first<E>());
  return std::nullopt;
}

// "a, b or c": for error messages and docs.
template <WireEnum E>
std::string enum_choices() {
  std::string out;
  const auto& names = EnumNames<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace hallq::protocol
