#pragma once
// Errors of device I/O, as std::error_code in the "hallq.usb" category.
// libusb's codes map onto these in libusb_backend.cpp; serial ports use them too.

#include <string>
#include <system_error>

namespace hallq::usb {

enum class Errc {
  io = 1,     // transfer failed
  invalid,    // bad parameter
  access,     // permission denied (udev rules)
  no_device,  // the device was unplugged
  not_found,  // no such device or endpoint
  busy,       // another program (or kernel driver) holds the interface
  timeout,    // nothing within the timeout
  overflow,   // the device sent more than asked
  pipe,       // endpoint stalled / request not supported
  interrupted,
  no_memory,
  not_supported,  // the operation makes no sense for this device (e.g. reading from a file printer)
  other,
};

const std::error_category& category() noexcept;
std::error_code make_error_code(Errc e) noexcept;

}  // namespace hallq::usb

template <>
struct std::is_error_code_enum<hallq::usb::Errc> : std::true_type {};
