#pragma once
// Printer status: the answers to DLE EOT 1..4, automatic status back (ASB)
// and the USB printer class's GET_PORT_STATUS, folded into one state.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/protocol/admin.hpp"

namespace hallq::printer {

// The states are the wire protocol's (device_status), defined once there; a
// driver never reports `absent` (the caller knows when it found no printer).
using PrinterState = protocol::PrinterState;
using protocol::to_string;

struct PrinterStatus {
  bool known = false;  // at least one valid answer was applied
  bool offline = false;
  bool cover_open = false;
  bool paper_out = false;
  bool paper_low = false;
  bool cutter_error = false;
  bool unrecoverable = false;
  bool recoverable = false;  // e.g. head too hot: clears by itself
  bool feed_button = false;

  // Cover and paper first (a printer with its cover open also reports offline),
  // then errors, offline, paper low.
  PrinterState state() const;
  std::string describe() const;  // "paper out, offline"
};

// Applies the answer to DLE EOT n; false (and nothing applied) if `answer`
// is not a status byte (fixed bits: bit 1 and 4 set, bit 0 and 7 clear).
bool apply_status(PrinterStatus& s, int n, std::uint8_t answer);
// Whether `b` could be an answer to DLE EOT.
bool is_status_byte(std::uint8_t b);
// Applies a 4-byte automatic status back block; false if it is not one.
bool apply_asb(PrinterStatus& s, std::span<const std::uint8_t> block);
// USB printer class GET_PORT_STATUS: bit 3 not-error, bit 4 selected, bit 5 paper empty.
PrinterStatus from_port_status(std::uint8_t port_status);

}  // namespace hallq::printer
