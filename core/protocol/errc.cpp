#include "core/protocol/errc.hpp"

#include <array>
#include <string>

namespace hallq::protocol {
namespace {

constexpr std::array<std::string_view, 14> kNames = {
    "",
    "bad_request",
    "unknown_op",
    "unauthorized",
    "forbidden",
    "not_found",
    "invalid_state",
    "queue_empty",
    "quota_exhausted",
    "outside_hours",
    "limit_exceeded",
    "too_large",
    "busy",
    "internal",
};

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "hallq.protocol"; }
  std::string message(int ev) const override {
    if (ev <= 0 || ev >= static_cast<int>(kNames.size())) return "unknown protocol error";
    return std::string(kNames[static_cast<std::size_t>(ev)]);
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), category()};
}

std::string_view to_string(Errc e) noexcept {
  auto i = static_cast<std::size_t>(e);
  return i < kNames.size() ? kNames[i] : std::string_view("internal");
}

std::optional<Errc> errc_from_string(std::string_view name) noexcept {
  for (std::size_t i = 1; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Errc>(i);
  return std::nullopt;
}

}  // namespace hallq::protocol
