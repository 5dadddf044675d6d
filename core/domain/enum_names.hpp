#pragma once
// A domain enum's names, in its order: the one look-up from a name back to the
// value (the store and the wire read states by name).

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace hallq::domain {

// The value whose name is `s`; `first` is the value of names[0] (1 for levels numbered from 1).
template <class E, std::size_t N>
std::optional<E> from_names(const std::array<std::string_view, N>& names, std::string_view s, int first = 0) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(static_cast<int>(i) + first);
  return std::nullopt;
}

}  // namespace hallq::domain
