#include "drivers/usb/udev_rule.hpp"

#include <algorithm>
#include <cstdio>

namespace hallq::usb {

namespace {

std::optional<std::uint16_t> hex4(std::string_view s) {
  if (s.size() != 4) return std::nullopt;
  std::uint16_t v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return std::nullopt;
    v = static_cast<std::uint16_t>(v * 16 + d);
  }
  return v;
}

std::string lower_hex(std::uint16_t v) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "%04x", v);
  return buf;
}

}  // namespace

std::optional<UsbId> parse_usb_id(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto vid = hex4(text.substr(0, colon));
  auto pid = hex4(text.substr(colon + 1));
  if (!vid || !pid) return std::nullopt;
  return UsbId{*vid, *pid};
}

std::string udev_rule(const std::vector<UsbId>& ids, const std::string& group, const std::string& source) {
  std::string access = "MODE=\"0660\", GROUP=\"" + group + "\"";
  std::string out = "# hallq: the terminals' user (group " + group +
                    ") may open the ticket printer and the ID-card reader.\n"
                    "# Made by `hallq-devices udev-rule` from " +
                    source +
                    ";\n"
                    "# after changing the devices there, run it again (docs/operations.md, \"Devices\").\n";
  std::vector<UsbId> seen;
  for (const UsbId& id : ids) {
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
    seen.push_back(id);
    std::string match = "ATTR{idVendor}==\"" + lower_hex(id.vid) + "\", ATTR{idProduct}==\"" + lower_hex(id.pid) + "\"";
    out += "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", " + match + ", " + access + "\n";
    // A USB-serial card reader: the tty's parent USB device carries the ids.
    out += "SUBSYSTEM==\"tty\", ATTRS{idVendor}==\"" + lower_hex(id.vid) + "\", ATTRS{idProduct}==\"" +
           lower_hex(id.pid) + "\", " + access + "\n";
  }
  if (seen.empty()) out += "# (no [[device]] lists usb = [\"VID:PID\", ...]: only printer-class devices below)\n";
  out += "# Any USB printer (interface class 07), as the kiosk finds them by class.\n";
  out += "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", ENV{ID_USB_INTERFACES}==\"*:07????:*\", " + access + "\n";
  return out;
}

}  // namespace hallq::usb
