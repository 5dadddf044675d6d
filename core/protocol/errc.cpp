#include "core/protocol/errc.hpp"

#include <string>

namespace hallq::protocol {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "hallq.protocol"; }
  std::string message(int ev) const override {
    auto name = to_string(static_cast<Errc>(ev));
    return name == "?" ? std::string("unknown protocol error") : std::string(name);
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

}  // namespace hallq::protocol
