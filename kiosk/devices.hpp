#pragma once
// The kiosk's printer and ID-card reader: the shared terminal devices
// (drivers/devices/devices.hpp), under the names the kiosk uses.

#include "drivers/devices/devices.hpp"

namespace hallq::kiosk {

using devices::CardResult;
using devices::DeviceOptions;
using devices::Devices;
using devices::Health;
using devices::PrintResult;
using devices::wipe;

}  // namespace hallq::kiosk
