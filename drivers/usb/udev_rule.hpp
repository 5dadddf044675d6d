#pragma once
// The udev rule that lets a terminal's user open its USB printer and card
// reader without root (libusb opens /dev/bus/usb/BBB/DDD; a USB-serial reader
// is a /dev/ttyUSB* or /dev/ttyACM*). hallq-devices udev-rule prints it from
// the hall configuration's [[device]] usb lists; the hallq-terminals package
// installs it as /etc/udev/rules.d/70-hallq-devices.rules (docs/operations.md).
//
// Pure: text in, text out; safe from any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::usb {

struct UsbId {
  std::uint16_t vid = 0;
  std::uint16_t pid = 0;
  bool operator==(const UsbId&) const = default;
};

// "0416:5011" (hexadecimal, either case) → the id; nullopt when it is not VID:PID.
std::optional<UsbId> parse_usb_id(std::string_view text);

// The rule file: for each id (duplicates once), the USB device node and any
// tty it carries, group `group`, mode 0660; then every USB printer-class
// interface (class 07), whatever its maker. `source` names where the ids came
// from, for the file's comment. sysfs spells ids in lowercase hex, and udev
// compares case-sensitively: the rule does too.
std::string udev_rule(const std::vector<UsbId>& ids, const std::string& group, const std::string& source);

}  // namespace hallq::usb
