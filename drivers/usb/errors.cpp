#include "drivers/usb/errors.hpp"

namespace hallq::usb {
namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "hallq.usb"; }
  std::string message(int ev) const override {
    switch (static_cast<Errc>(ev)) {
      case Errc::io:
        return "input/output error";
      case Errc::invalid:
        return "invalid parameter";
      case Errc::access:
        return "access denied (check the udev rules for this device)";
      case Errc::no_device:
        return "device unplugged";
      case Errc::not_found:
        return "device not found";
      case Errc::busy:
        return "device busy (claimed by another program)";
      case Errc::timeout:
        return "timed out";
      case Errc::overflow:
        return "the device sent more data than expected";
      case Errc::pipe:
        return "endpoint stalled";
      case Errc::interrupted:
        return "interrupted";
      case Errc::no_memory:
        return "out of memory";
      case Errc::not_supported:
        return "not supported by this device";
      case Errc::other:
        break;
    }
    return "device error";
  }
};
}  // namespace

const std::error_category& category() noexcept {
  static const Category c;
  return c;
}

std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), category()};
}

}  // namespace hallq::usb
