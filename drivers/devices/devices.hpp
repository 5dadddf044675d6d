#pragma once
// A terminal's devices — the ticket or receipt printer and the ID-card
// reader, the kiosk's or a window's — on a worker thread of their own: driver
// calls block (a card read waits for the citizen, a stalled printer for its
// timeout) and the screen must not.
//
// Every request completes on the UI's io_context with its result. Health
// (printer state, reader present) is checked every few seconds while idle
// and after every job, and reported through on_health; a printer or reader
// that goes away is opened again when it comes back, without a restart.
//
// Thread affinity: construct, call and destroy on the UI thread; callbacks
// run there (posted to the io_context given).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/protocol/admin.hpp"
#include "drivers/cardreader/reader.hpp"
#include "drivers/printer/printer.hpp"

namespace hallq::devices {

struct DeviceOptions {
  std::string printer = "usb";  // usb | usb:VID:PID | file:PATH (virtual) | none
  std::string reader;           // "" (USB, then serial) | usb | serial | serial:PATH | none
  printer::Profile profile = printer::Profile::paper_80();
  std::chrono::milliseconds health_every{5000};
  std::chrono::milliseconds card_wait{30000};  // how long a citizen has to put the card down
  cardreader::ReadOptions read{std::chrono::milliseconds{400}, std::chrono::milliseconds{1500},
                               std::chrono::milliseconds{120}, 2};
};

struct Health {
  // What the printer said, or absent (not found / not configured).
  protocol::PrinterState printer = protocol::PrinterState::unknown;  // until the first probe
  std::string printer_detail;                                        // English, for logs and the guides' alarm
  protocol::CardReaderState reader = protocol::CardReaderState::absent;
  bool virtual_printer = false;  // file: the job goes to a file (demo, tests)
  // A ticket can be printed now (paper low still prints; a printer that does
  // not say is tried: the job's outcome tells).
  bool can_print() const { return protocol::can_print(printer); }
  bool operator==(const Health&) const = default;
};

struct PrintResult {
  bool printed = false;
  protocol::PrinterState state = protocol::PrinterState::unknown;  // the printer's state afterwards
  std::string reason;                                              // English: why it was not printed
  std::string file;                                                // the virtual printer's file
};

struct CardResult {
  std::error_code error;                   // cardreader::Errc or a transfer error
  std::optional<cardreader::IdCard> card;  // on success
  bool cancelled = false;
};

// Overwrites personal data before it is freed, so it does not linger in memory.
void wipe(std::string& s);
void wipe(cardreader::IdCard& card);

class Devices {
 public:
  Devices(boost::asio::io_context& ui, DeviceOptions options);
  ~Devices();
  Devices(const Devices&) = delete;
  Devices& operator=(const Devices&) = delete;

  // The health last seen (UI thread copy).
  const Health& health() const { return health_; }
  // Called on the UI thread after every check (periodic, or after a job).
  std::function<void(const Health&)> on_health;

  void check(std::function<void(const Health&)> done = {});
  // Prints a job. The virtual printer writes it to its file — with a
  // directory (file:out/tickets/), to <dir>/<label>.bin, one file per job.
  void print(std::vector<std::uint8_t> job, std::string label, std::function<void(const PrintResult&)> done);
  // Waits for a card (options.card_wait) and reads it.
  void read_card(std::function<void(CardResult)> done);
  // Stops waiting for a card (the citizen went back or the screen timed out).
  void cancel_read() { cancel_read_ = true; }

  const DeviceOptions& options() const { return options_; }

 private:
  using Task = std::function<void()>;
  void run();                              // the worker thread
  void post(Task task);                    // to the worker
  void deliver(std::function<void()> fn);  // to the UI thread
  Health probe();                          // worker: open what is missing, ask the printer
  void publish(const Health& h);           // worker → UI

  boost::asio::io_context& ui_;
  DeviceOptions options_;
  Health health_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  // Worker state.
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task> tasks_;
  bool stop_ = false;
  std::atomic<bool> cancel_read_{false};
  std::unique_ptr<usb::UsbBus> bus_;
  std::uint64_t bus_generation_ = 0;
  std::unique_ptr<printer::Printer> printer_;
  std::string printer_error_;
  std::unique_ptr<cardreader::IdReader> reader_;
  protocol::CardReaderState reader_state_ = protocol::CardReaderState::absent;
};

}  // namespace hallq::devices
