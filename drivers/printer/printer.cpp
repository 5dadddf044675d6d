#include "drivers/printer/printer.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "drivers/printer/escpos.hpp"
#include "drivers/usb/errors.hpp"

namespace hallq::printer {

using usb::Errc;

Printer::Printer(std::unique_ptr<usb::Transport> transport, Profile profile, usb::UsbDevice* control, Timeouts timeouts)
    : transport_(std::move(transport)), profile_(std::move(profile)), control_(control), timeouts_(timeouts) {}

std::error_code Printer::ask(int n, std::uint8_t& answer) {
  auto req = status_request(n);
  if (auto ec = transport_->write(req, timeouts_.status)) return ec;
  // Skip stray bytes (automatic status back blocks, late answers) until a status byte.
  auto deadline = std::chrono::steady_clock::now() + timeouts_.status;
  for (;;) {
    auto left = std::chrono::duration_cast<usb::Millis>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Errc::timeout;
    std::uint8_t b = 0;
    std::size_t got = 0;
    if (auto ec = transport_->read({&b, 1}, got, left)) return ec;
    if (got == 1 && is_status_byte(b)) {
      answer = b;
      return {};
    }
  }
}

std::error_code Printer::status(PrinterStatus& out) {
  out = PrinterStatus{};
  if (transport_->can_read()) {
    for (int n = 1; n <= 4; ++n) {
      std::uint8_t b = 0;
      if (auto ec = ask(n, b)) return ec;
      apply_status(out, n, b);
    }
    return {};
  }
  if (control_) {
    // Printer class GET_PORT_STATUS: bmRequestType A1 (class, interface, IN), request 1.
    std::uint8_t b = 0;
    std::size_t got = 0;
    if (auto ec = control_->control(0xA1, 1, 0, static_cast<std::uint16_t>(control_->interface().number << 8), {&b, 1},
                                    got, timeouts_.status))
      return ec;
    if (got != 1) return Errc::io;
    out = from_port_status(b);
    return {};
  }
  return Errc::not_supported;
}

PrintOutcome Printer::print(std::span<const std::uint8_t> job) {
  PrintOutcome r;
  PrinterStatus before;
  std::error_code sec = status(before);
  if (sec == Errc::no_device) {
    r.error = sec;
    r.state = PrinterState::offline;
    r.reason = "printer unplugged";
    return r;
  }
  if (!sec) {
    r.state = before.state();
    if (r.state == PrinterState::paper_out || r.state == PrinterState::cover_open || r.state == PrinterState::offline ||
        r.state == PrinterState::error) {
      r.reason = "printer cannot print: " + before.describe();
      return r;
    }
  }
  // Send in chunks so a stalled printer is noticed within one chunk's timeout.
  constexpr std::size_t kChunk = 4096;
  for (std::size_t off = 0; off < job.size(); off += kChunk) {
    auto part = job.subspan(off, std::min(kChunk, job.size() - off));
    if (std::error_code ec = transport_->write(part, timeouts_.write)) {
      r.error = ec;
      if (ec == Errc::no_device) {
        r.state = PrinterState::offline;
        r.reason = "printer unplugged while printing";
        return r;
      }
      PrinterStatus now;
      if (!status(now)) {
        r.state = now.state();
        r.reason = now.paper_out ? "paper ran out while printing" : "printer stopped while printing: " + now.describe();
      } else {
        r.state = PrinterState::offline;
        r.reason = "printer stopped accepting data (" + ec.message() + ")";
      }
      return r;
    }
  }
  PrinterStatus after;
  std::error_code aec = status(after);
  if (aec == Errc::no_device) {
    r.error = aec;
    r.state = PrinterState::offline;
    r.reason = "printer unplugged after the job was sent";
    return r;
  }
  if (!aec) {
    r.state = after.state();
    if (after.paper_out || after.cover_open) {
      r.reason = "the job was sent but the printer reports: " + after.describe();
      return r;
    }
  }
  r.printed = true;
  if (r.state == PrinterState::paper_low) r.reason = "paper low";
  return r;
}

namespace {
struct KnownModel {
  std::uint16_t vid, pid;
};
// Seen in halls and shops (hardware.md). Printer-class models are found by class anyway.
constexpr KnownModel kKnown[] = {{0x0416, 0x5011}, {0x1FC9, 0x2016}, {0x0471, 0x0055}, {0x6868, 0x0500},
                                 {0x04B8, 0x0202}, {0x04B8, 0x0E03}, {0x04B8, 0x0E31}, {0x0FE6, 0x811E}};

bool has_bulk_out(const usb::InterfaceInfo& i) {
  return std::any_of(i.endpoints.begin(), i.endpoints.end(),
                     [](const usb::Endpoint& e) { return e.bulk() && !e.in(); });
}
}  // namespace

std::vector<PrinterCandidate> find_printers(const std::vector<usb::DeviceInfo>& devices) {
  std::vector<PrinterCandidate> out;
  for (const auto& d : devices) {
    bool known = std::any_of(std::begin(kKnown), std::end(kKnown),
                             [&](const KnownModel& k) { return k.vid == d.vid && k.pid == d.pid; });
    for (const auto& i : d.interfaces) {
      if (i.cls == 7 && has_bulk_out(i)) {
        out.push_back({d, i.number, "printer class"});
        break;
      }
      if (known && has_bulk_out(i)) {
        out.push_back({d, i.number, "known model"});
        break;
      }
    }
  }
  return out;
}

std::error_code open_printer(usb::UsbBus& bus, const PrinterCandidate& c, const Profile& profile,
                             std::unique_ptr<Printer>& out, Timeouts timeouts) {
  std::unique_ptr<usb::UsbDevice> dev;
  if (auto ec = bus.open(c.device, c.interface, dev)) return ec;
  auto transport = std::make_unique<usb::BulkTransport>(std::move(dev));
  usb::UsbDevice* control = c.why == "printer class" ? &transport->device() : nullptr;
  out = std::make_unique<Printer>(std::move(transport), profile, control, timeouts);
  return {};
}

bool valid_printer_spec(const std::string& spec) {
  unsigned vid = 0, pid = 0;
  if (spec == "usb") return true;
  if (spec.rfind("file:", 0) == 0) return spec.size() > 5;
  return spec.rfind("usb:", 0) == 0 && std::sscanf(spec.c_str() + 4, "%x:%x", &vid, &pid) == 2;
}

OpenedPrinter open_printer_spec(const std::string& spec, const Profile& profile, std::string& error,
                                std::unique_ptr<usb::UsbBus> bus, Timeouts timeouts) {
  OpenedPrinter p;
  if (!valid_printer_spec(spec)) {
    error = "the printer must be usb, usb:VID:PID (hexadecimal, e.g. usb:0416:5011) or file:PATH";
    return p;
  }
  if (spec.rfind("file:", 0) == 0) {
    p.file = spec.substr(5);
    // Messages name the path and the reason, never the library's wording ("filesystem error: …").
    std::error_code ec;
    auto parent = std::filesystem::path(p.file).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      error = "cannot create the folder " + parent.string() + " for the virtual printer's file " + p.file + ": " +
              ec.message();
      return p;
    }
    try {
      p.printer = std::make_unique<Printer>(std::make_unique<usb::FileTransport>(p.file), profile, nullptr, timeouts);
    } catch (const std::system_error& e) {
      error = "cannot create the virtual printer's file " + p.file + ": " + e.code().message();
    }
    return p;
  }
  unsigned vid = 0, pid = 0;
  bool want_id = spec != "usb";
  if (want_id) std::sscanf(spec.c_str() + 4, "%x:%x", &vid, &pid);
  try {
    p.bus = bus ? std::move(bus) : usb::open_usb_bus();
  } catch (const std::exception& e) {
    error = std::string("cannot use USB: ") + e.what();
    return p;
  }
  for (const auto& c : find_printers(p.bus->list())) {
    if (want_id && (c.device.vid != vid || c.device.pid != pid)) continue;
    if (auto ec = open_printer(*p.bus, c, profile, p.printer, timeouts))
      error = "cannot open the printer " + c.device.id() + " at " + c.device.where() + ": " + ec.message();
    return p;
  }
  error = want_id ? "no printer " + spec.substr(4) + " is plugged in" : "no USB printer is plugged in";
  return p;
}

}  // namespace hallq::printer
