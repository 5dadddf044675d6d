#pragma once
// Reading a card: find → select → read, with a timeout for the citizen to put
// the card down and retries for transient transfer errors.
//
// Two kinds of reader:
//  - the split-pipe USB reader 0400:C35A (Routon iDR200 class): a frame's
//    7-byte header goes to OUT 0x02 and its body to OUT 0x06; answers come
//    back the same way on IN 0x81 and 0x85;
//  - USB-serial readers (CDC-ACM or a USB-UART chip, 115200 8N1) that carry
//    whole frames on a byte stream; found by sending SAM status and getting 90.
//
// Thread affinity: blocking; one worker thread at a time.

#include <chrono>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "drivers/cardreader/card.hpp"
#include "drivers/cardreader/frame.hpp"
#include "drivers/usb/transport.hpp"

namespace hallq::cardreader {

using usb::Millis;

enum class Errc {
  no_card = 1,  // nobody put a card down in time
  bad_frame,    // the reader sent something that is not a frame (after retries)
  checksum,     // answers kept failing their checksum
  unreadable,   // the card's data could not be decoded
  read_failed,  // a card is on the reader but its chip would not give its data (status 41): damaged?
};
const std::error_category& category() noexcept;
std::error_code make_error_code(Errc e) noexcept;

// The reader answered with an error status of its own (bad command, unknown
// error, SAM self-test failed, …): an error code of status_category() that
// carries the SW3 byte (status_of; the value is 0x100 + SW3, never 0, which
// would read as success); its message names the status ("the reader refused:
// unknown error (0x24)").
const std::error_category& status_category() noexcept;
std::error_code status_error(std::uint8_t sw3) noexcept;
std::uint8_t status_of(const std::error_code& ec) noexcept;  // the SW3 of a status_error()

// Carries frames to and from a reader.
class FrameTransport {
 public:
  virtual ~FrameTransport() = default;
  virtual std::error_code send(std::span<const std::uint8_t> frame, Millis timeout) = 0;
  // One answer frame (parsed), or an error (usb::Errc::timeout, Errc::checksum, Errc::bad_frame).
  virtual std::error_code receive(Answer& out, Millis timeout) = 0;
  virtual std::string describe() const = 0;
};

// The split-pipe USB reader over an opened device.
class SplitPipe final : public FrameTransport {
 public:
  explicit SplitPipe(std::unique_ptr<usb::UsbDevice> device);
  std::error_code send(std::span<const std::uint8_t> frame, Millis timeout) override;
  std::error_code receive(Answer& out, Millis timeout) override;
  std::string describe() const override;

 private:
  std::unique_ptr<usb::UsbDevice> device_;
};

// Frames on a byte stream (serial readers). Resynchronises on the preamble.
class StreamFrames final : public FrameTransport {
 public:
  explicit StreamFrames(std::unique_ptr<usb::Transport> stream);
  std::error_code send(std::span<const std::uint8_t> frame, Millis timeout) override;
  std::error_code receive(Answer& out, Millis timeout) override;
  std::string describe() const override { return stream_->describe(); }

 private:
  std::unique_ptr<usb::Transport> stream_;
  std::vector<std::uint8_t> buf_;
};

struct ReadOptions {
  Millis wait_for_card{5000};  // how long to wait for a card to be put down
  Millis answer{1500};         // how long one answer may take
  Millis poll{150};            // between "find card" attempts
  int retries = 2;             // per command, on a bad frame or checksum
  // A card that is found but cannot be read (status 41) is tried this many
  // times in a row before read() gives up with Errc::read_failed, even past
  // wait_for_card: it is down, and a card still being put down may fail once.
  int read_attempts = 3;
};

class IdReader {
 public:
  explicit IdReader(std::unique_ptr<FrameTransport> transport) : t_(std::move(transport)) {}
  // The reader's security module answers 90; a status_error() when it
  // answers something else (a SAM fault: 60 self-test failed, 66 not
  // authorised), a transfer error when it does not answer.
  std::error_code sam_status(Millis timeout = Millis{1000});
  std::error_code sam_id(std::string& out, Millis timeout = Millis{1000});
  // Waits for a card and reads it. Errc::no_card when none came in time,
  // Errc::read_failed when one came but could not be read, a status_error()
  // when the reader refused, or a transfer error.
  std::error_code read(IdCard& out, const ReadOptions& options = {});
  std::string describe() const { return t_->describe(); }

 private:
  std::error_code exchange(Command c, Answer& a, const ReadOptions& o);
  std::unique_ptr<FrameTransport> t_;
};

// USB readers known by VID:PID on this bus (the split-pipe 0400:C35A).
std::vector<usb::DeviceInfo> find_usb_readers(const std::vector<usb::DeviceInfo>& devices);
std::error_code open_usb_reader(usb::UsbBus& bus, const usb::DeviceInfo& device, std::unique_ptr<IdReader>& out);
// The first serial port whose device answers SAM status with 90; failing
// that, the first whose device answers it with another status (a reader whose
// security module reports a fault is still a reader: its sam_status() says
// what is wrong). Null when no port answers like a reader.
std::unique_ptr<IdReader> find_serial_reader(const std::vector<std::string>& ports, Millis timeout = Millis{300});

// A reader named the way terminals and tools name it: "" (USB, then serial
// ports), "usb", "serial" (any serial port) or "serial:PATH". Null with
// `error` set (English) when there is none. A reader whose security module
// reports a fault is returned: ask its sam_status() before trusting it. USB
// readers use `bus`, opened there when empty; it must outlive the reader.
bool valid_reader_spec(const std::string& spec);
std::unique_ptr<IdReader> open_reader_spec(const std::string& spec, std::unique_ptr<usb::UsbBus>& bus,
                                           std::string& error);

}  // namespace hallq::cardreader

template <>
struct std::is_error_code_enum<hallq::cardreader::Errc> : std::true_type {};
