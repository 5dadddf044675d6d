#pragma once
// Small wire types every part of the protocol uses.

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>

#include "core/protocol/schema.hpp"

namespace hallq::protocol {

// A text in the hall's three languages: Chinese, traditional Mongolian (Unicode,
// shaped by the terminal), English.
struct Names {
  std::string zh, mn, en;
  // The text in `lang` ("zh", "mn", "en"), falling back to Chinese.
  const std::string& in(std::string_view lang) const;
  bool operator==(const Names&) const = default;
};

template <>
struct Wire<Names> {
  static constexpr auto fields = std::tuple{opt("zh", &Names::zh), opt("mn", &Names::mn), opt("en", &Names::en)};
};

// A reply with no fields of its own: {"id":7,"ok":true}.
struct Empty {
  bool operator==(const Empty&) const = default;
};

template <>
struct Wire<Empty> {
  static constexpr auto fields = std::tuple{};
};

// An operation's name as a template argument: `WindowAction<"call", TicketReply>`.
template <std::size_t N>
struct OpName {
  char text[N]{};
  constexpr OpName(const char (&s)[N]) {  // NOLINT: implicit by design
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
  constexpr std::string_view view() const { return {text, N - 1}; }
};

// A request with no fields of its own: `ping`, `hall`, `snapshot`, `alarms`.
template <OpName Op, class R>
struct BareRequest {
  static constexpr std::string_view kOp = Op.view();
  using Reply = R;
};
template <OpName Op, class R>
struct Wire<BareRequest<Op, R>> {
  static constexpr auto fields = std::tuple{};
};

}  // namespace hallq::protocol
