#include "drivers/printer/status.hpp"

namespace hallq::printer {

PrinterState PrinterStatus::state() const {
  if (!known) return PrinterState::unknown;
  if (cover_open) return PrinterState::cover_open;
  if (paper_out) return PrinterState::paper_out;
  if (cutter_error || unrecoverable || recoverable) return PrinterState::error;
  if (offline) return PrinterState::offline;
  if (paper_low) return PrinterState::paper_low;
  return PrinterState::ready;
}

std::string PrinterStatus::describe() const {
  if (!known) return "unknown";
  std::string out;
  auto add = [&](bool on, const char* what) {
    if (on) out += (out.empty() ? "" : ", ") + std::string(what);
  };
  add(cover_open, "cover open");
  add(paper_out, "paper out");
  add(paper_low, "paper low");
  add(cutter_error, "cutter error");
  add(unrecoverable, "unrecoverable error");
  add(recoverable, "recoverable error");
  add(offline, "offline");
  add(feed_button, "feed button pressed");
  return out.empty() ? "ready" : out;
}

bool is_status_byte(std::uint8_t b) {
  return (b & 0x93) == 0x12;
}

bool apply_status(PrinterStatus& s, int n, std::uint8_t b) {
  if (!is_status_byte(b)) return false;
  switch (n) {
    case 1:
      s.offline = b & 0x08;
      break;
    case 2:
      s.cover_open = b & 0x04;
      s.feed_button = b & 0x08;
      s.paper_out = s.paper_out || (b & 0x20);
      s.recoverable = s.recoverable || (b & 0x40);
      break;
    case 3:
      s.cutter_error = b & 0x08;
      s.unrecoverable = b & 0x20;
      s.recoverable = s.recoverable || (b & 0x40);
      break;
    case 4:
      s.paper_low = (b & 0x0C) != 0;
      s.paper_out = s.paper_out || (b & 0x60) != 0;
      break;
    default:
      return false;
  }
  s.known = true;
  return true;
}

bool apply_asb(PrinterStatus& s, std::span<const std::uint8_t> block) {
  if (block.size() != 4) return false;
  // Fixed bits (Epson): byte 1 is 0xx1xx00, bytes 2-4 are 0xx0xxxx.
  if ((block[0] & 0x93) != 0x10) return false;
  for (int i = 1; i < 4; ++i)
    if ((block[static_cast<std::size_t>(i)] & 0x90) != 0) return false;
  s.offline = block[0] & 0x08;
  s.cover_open = block[0] & 0x20;
  s.feed_button = block[0] & 0x40;
  s.cutter_error = block[1] & 0x08;
  s.unrecoverable = block[1] & 0x20;
  s.recoverable = block[1] & 0x40;
  s.paper_low = (block[2] & 0x03) != 0;
  s.paper_out = (block[2] & 0x0C) != 0;
  s.known = true;
  return true;
}

PrinterStatus from_port_status(std::uint8_t p) {
  PrinterStatus s;
  s.known = true;
  s.paper_out = p & 0x20;
  s.offline = !(p & 0x10);
  s.recoverable = !(p & 0x08) && !s.paper_out;  // "error" without a known cause
  return s;
}

}  // namespace hallq::printer
