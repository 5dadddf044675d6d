#pragma once
// An ESC/POS printer over a usb::Transport (USB bulk, a serial port, a file).
//
// Status is queried between jobs only (printers react to DLE EOT even inside
// image data): before a job, to refuse it when the printer cannot print, and
// after it, to learn whether the paper ran out meanwhile. A job that cannot be
// printed says why; nothing is dropped silently.
//
// Thread affinity: blocking; one worker thread at a time.

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "drivers/printer/profile.hpp"
#include "drivers/printer/status.hpp"
#include "drivers/usb/transport.hpp"

namespace hallq::printer {

struct Timeouts {
  usb::Millis status{400};  // per DLE EOT answer
  usb::Millis write{3000};  // per chunk of a job
};

struct PrintOutcome {
  bool printed = false;                        // the whole job reached a printer able to print it
  PrinterState state = PrinterState::unknown;  // the printer's state when done (or why it refused)
  std::error_code error;                       // transport error, if any
  std::string reason;                          // English, for logs: "paper ran out while printing"
};

class Printer {
 public:
  // `control` (optional) is the USB device behind `transport`, for the
  // printer class's GET_PORT_STATUS when the model has no IN endpoint.
  Printer(std::unique_ptr<usb::Transport> transport, Profile profile, usb::UsbDevice* control = nullptr,
          Timeouts timeouts = {});

  // Asks DLE EOT 1..4, one at a time (or GET_PORT_STATUS). Errc::not_supported
  // when the printer cannot tell (a file, an OUT-only printer without the class request).
  std::error_code status(PrinterStatus& out);
  PrintOutcome print(std::span<const std::uint8_t> job);

  const Profile& profile() const { return profile_; }
  std::string describe() const { return transport_->describe(); }
  usb::Transport& transport() { return *transport_; }

 private:
  std::error_code ask(int n, std::uint8_t& answer);
  std::unique_ptr<usb::Transport> transport_;
  Profile profile_;
  usb::UsbDevice* control_;
  Timeouts timeouts_;
};

// A USB device that looks like a printer: an interface of class 7 (printer),
// or a known vendor-class model (hardware.md) with a bulk OUT endpoint.
struct PrinterCandidate {
  usb::DeviceInfo device;
  std::uint8_t interface = 0;
  std::string why;  // "printer class" or "known model"
};
std::vector<PrinterCandidate> find_printers(const std::vector<usb::DeviceInfo>& devices);

// Opens a candidate (claiming its interface, detaching usblp).
std::error_code open_printer(usb::UsbBus& bus, const PrinterCandidate& c, const Profile& profile,
                             std::unique_ptr<Printer>& out, Timeouts timeouts = {});

// A printer named the way terminals and tools name it: "usb" (the first USB
// printer), "usb:VID:PID", or "file:PATH" (the virtual printer: the job's
// bytes go to PATH). The bus stays open with a USB printer (its hot-plug
// generation tells when to open it again).
struct OpenedPrinter {
  std::unique_ptr<usb::UsbBus> bus;
  std::unique_ptr<Printer> printer;
  std::string file;  // the virtual printer's path
};
// Whether `spec` has one of those forms (for command lines).
bool valid_printer_spec(const std::string& spec);
// Opens it; on failure `printer` is empty and `error` says why in English
// ("no USB printer is plugged in"). Reuses `bus` when given.
OpenedPrinter open_printer_spec(const std::string& spec, const Profile& profile, std::string& error,
                                std::unique_ptr<usb::UsbBus> bus = nullptr, Timeouts timeouts = {});

}  // namespace hallq::printer
