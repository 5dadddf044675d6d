#pragma once
// Device I/O seams. Protocol code (ESC/POS, GA 467) talks to these, never to
// libusb or termios directly, so tests and the virtual printer can stand in.
//
// Thread affinity: every call blocks up to its timeout. Use them from a
// device worker thread, never from an event loop. An object is used by one
// thread at a time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace hallq::usb {

using Millis = std::chrono::milliseconds;

// A byte stream: a printer's bulk endpoints, a serial port, a file.
class Transport {
 public:
  virtual ~Transport() = default;
  // Writes all of `data` or fails (partial writes are retried within the timeout).
  virtual std::error_code write(std::span<const std::uint8_t> data, Millis timeout) = 0;
  // Reads at least one byte (up to buf.size()); `got` is set. Errc::timeout when nothing came.
  virtual std::error_code read(std::span<std::uint8_t> buf, std::size_t& got, Millis timeout) = 0;
  // Whether read() can ever return data (a printer with an OUT endpoint only cannot).
  virtual bool can_read() const = 0;
  // "usb 0416:5011 bus 1 addr 3", "/dev/ttyUSB0", "file out/t.bin"
  virtual std::string describe() const = 0;
};

struct Endpoint {
  std::uint8_t address = 0;     // bit 7 set = IN
  std::uint8_t attributes = 0;  // transfer type in bits 0-1 (2 = bulk, 3 = interrupt)
  std::uint16_t max_packet = 0;
  bool in() const { return (address & 0x80) != 0; }
  bool bulk() const { return (attributes & 3) == 2; }
};

struct InterfaceInfo {
  std::uint8_t number = 0;
  std::uint8_t alt = 0;
  std::uint8_t cls = 0, subclass = 0, protocol = 0;
  std::vector<Endpoint> endpoints;
};

struct DeviceInfo {
  std::uint16_t vid = 0, pid = 0;
  std::uint8_t bus = 0, address = 0;
  std::uint8_t device_class = 0;
  std::vector<InterfaceInfo> interfaces;      // of the active configuration
  std::string manufacturer, product, serial;  // when the device answers string requests
  std::string id() const;                     // "0416:5011"
  std::string where() const;                  // "bus 1 addr 3"
};

// An opened device with one claimed interface (kernel drivers such as usblp
// are detached automatically and re-attached on close).
class UsbDevice {
 public:
  virtual ~UsbDevice() = default;
  virtual const DeviceInfo& info() const = 0;
  virtual const InterfaceInfo& interface() const = 0;
  virtual std::error_code bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data, std::size_t& sent,
                                     Millis timeout) = 0;
  virtual std::error_code bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> buf, std::size_t& got,
                                    Millis timeout) = 0;
  // Control transfer; direction from bit 7 of request_type. `got` is the data stage length.
  virtual std::error_code control(std::uint8_t request_type, std::uint8_t request, std::uint16_t value,
                                  std::uint16_t index, std::span<std::uint8_t> data, std::size_t& got,
                                  Millis timeout) = 0;
};

// Finds and opens USB devices. One per program; thread safe. Devices opened
// through it keep what they need alive and may outlive it.
class UsbBus {
 public:
  virtual ~UsbBus() = default;
  // What is plugged in now (with string descriptors where readable).
  virtual std::vector<DeviceInfo> list() = 0;
  // Opens the device at bus/address and claims `interface`.
  virtual std::error_code open(const DeviceInfo& device, std::uint8_t interface, std::unique_ptr<UsbDevice>& out) = 0;
  // Increases whenever a device arrives or leaves (hot-plug where libusb has
  // it; otherwise the bus is polled about once a second).
  virtual std::uint64_t generation() = 0;
};

// The libusb implementation. Throws std::system_error if libusb cannot start.
std::unique_ptr<UsbBus> open_usb_bus();

// A byte stream over a device's bulk endpoints (the first bulk OUT and, when
// present, the first bulk IN of the claimed interface).
class BulkTransport final : public Transport {
 public:
  explicit BulkTransport(std::unique_ptr<UsbDevice> device);
  std::error_code write(std::span<const std::uint8_t> data, Millis timeout) override;
  std::error_code read(std::span<std::uint8_t> buf, std::size_t& got, Millis timeout) override;
  bool can_read() const override { return in_ != 0; }
  std::string describe() const override;
  UsbDevice& device() { return *device_; }

 private:
  std::unique_ptr<UsbDevice> device_;
  std::uint8_t out_ = 0, in_ = 0;
  std::vector<std::uint8_t> pending_;  // read from the device, not yet returned
};

// Writes everything to a file; reads nothing. The virtual printer.
class FileTransport final : public Transport {
 public:
  // Truncates `path`. Throws std::system_error when it cannot be created.
  explicit FileTransport(std::string path);
  ~FileTransport() override;
  std::error_code write(std::span<const std::uint8_t> data, Millis timeout) override;
  std::error_code read(std::span<std::uint8_t> buf, std::size_t& got, Millis timeout) override;
  bool can_read() const override { return false; }
  std::string describe() const override { return "file " + path_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

// A serial port (USB-serial card readers): raw 8N1 at the given speed.
// Throws std::system_error naming the port when it cannot be opened.
std::unique_ptr<Transport> open_serial(const std::string& path, int baud = 115200);
// /dev/ttyUSB* and /dev/ttyACM* that exist now.
std::vector<std::string> serial_ports();

}  // namespace hallq::usb
