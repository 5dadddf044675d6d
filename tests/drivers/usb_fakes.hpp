#pragma once
// Firmware for the fake USB devices: a printer-class ESC/POS printer and the
// split-pipe ID-card reader (0400:C35A).

#include <set>

#include "tests/drivers/fake_reader.hpp"
#include "tests/drivers/fake_usb.hpp"

namespace hallq::test {

inline DeviceSpec printer_spec() {
  DeviceSpec s;
  s.vid = 0x0416;
  s.pid = 0x5011;
  s.interface_class = 7;
  s.subclass = 1;
  s.protocol = 2;
  s.endpoints = {{0x01}, {0x82}};
  s.manufacturer = "Zjiang";
  s.product = "POS58 Printer";
  return s;
}

inline DeviceSpec reader_spec() {
  DeviceSpec s;
  s.vid = 0x0400;
  s.pid = 0xC35A;
  s.interface_class = 0xFF;
  s.endpoints = {{0x02}, {0x06}, {0x81}, {0x85}};
  s.manufacturer = "Routon";
  s.product = "ID Card Reader";
  return s;
}

// An ESC/POS printer that answers DLE EOT on its IN endpoint.
struct PrinterFirmware : Firmware {
  bool paper_low = false, paper_out = false, cover_open = false, offline = false;
  bool has_in = true;
  std::uint8_t in_ep = 0x82;
  std::size_t paper_runs_out_after = SIZE_MAX;  // job bytes, then the paper is gone
  std::size_t unplug_after = SIZE_MAX;          // job bytes, then the cable is pulled
  Bytes printed;
  int status_queries = 0;
  std::set<std::uint8_t> out_eps;

  std::uint8_t status_byte(int n) const {
    std::uint8_t b = 0x12;
    bool stopped = paper_out || cover_open;
    if (n == 1 && (offline || stopped)) b |= 0x08;
    if (n == 2 && cover_open) b |= 0x04;
    if (n == 2 && paper_out) b |= 0x20;
    if (n == 4 && paper_low) b |= 0x0C;
    if (n == 4 && paper_out) b |= 0x60;
    return b;
  }

  OutResult on_out(std::uint8_t ep, const Bytes& data) override {
    out_eps.insert(ep);
    if (data.size() == 3 && data[0] == 0x10 && data[1] == 0x04) {
      ++status_queries;
      if (has_in) send(in_ep, {status_byte(data[2])});
      return OutResult::accept;
    }
    if (printed.size() + data.size() > unplug_after) {
      printed.insert(printed.end(), data.begin(),
                     data.begin() + static_cast<std::ptrdiff_t>(unplug_after - printed.size()));
      return OutResult::unplug;
    }
    if (paper_out || cover_open) return OutResult::stall_forever;  // takes no more data
    if (printed.size() + data.size() > paper_runs_out_after) {
      printed.insert(printed.end(), data.begin(),
                     data.begin() + static_cast<std::ptrdiff_t>(paper_runs_out_after - printed.size()));
      paper_out = true;
      return OutResult::stall_forever;
    }
    printed.insert(printed.end(), data.begin(), data.end());
    return OutResult::accept;
  }

  std::optional<Bytes> on_control_in(std::uint8_t rt, std::uint8_t rq, std::uint16_t, std::uint16_t) override {
    if (rt == 0xA1 && rq == 0) {  // GET_DEVICE_ID
      std::string id = "MFG:Zjiang;MDL:POS58;CMD:ESC/POS;";
      Bytes b = {static_cast<std::uint8_t>((id.size() + 2) >> 8), static_cast<std::uint8_t>((id.size() + 2) & 0xFF)};
      b.insert(b.end(), id.begin(), id.end());
      return b;
    }
    if (rt == 0xA1 && rq == 1) {  // GET_PORT_STATUS
      std::uint8_t b = 0x18;
      if (paper_out) b = 0x20 | 0x10;
      if (offline || cover_open) b &= static_cast<std::uint8_t>(~0x10);
      return Bytes{b};
    }
    return std::nullopt;
  }
};

// The split-pipe reader: frame headers on OUT 0x02, bodies on OUT 0x06;
// answer headers on IN 0x81, bodies on IN 0x85.
struct SplitPipeReader : Firmware {
  ReaderFirmware fw;
  Bytes header;
  int headers = 0;
  OutResult on_out(std::uint8_t ep, const Bytes& data) override {
    if (ep == 0x02) {
      header = data;
      ++headers;
      return OutResult::accept;
    }
    Bytes frame = header;
    frame.insert(frame.end(), data.begin(), data.end());
    std::string reply = fw.handle(frame);
    auto when = Clock::now() + fw.delay;
    if (reply.size() >= 7) {
      send(0x81, Bytes(reply.begin(), reply.begin() + 7), when);
      send(0x85, Bytes(reply.begin() + 7, reply.end()), when);
    }
    return OutResult::accept;
  }
};

}  // namespace hallq::test
