#pragma once
// Programmable fake USB devices for testing the real libusb code: a umockdev
// testbed with usbdevfs emulated by a Firmware object per device.
//
// The test binary runs with libumockdev-preload (tests/drivers/main re-execs
// itself), so libusb in this process — and in child processes, which inherit
// UMOCKDEV_DIR and LD_PRELOAD — sees these devices instead of real hardware.
//
// Thread affinity: firmware callbacks run on umockdev's handler thread, under
// the bus mutex; tests read device state through the accessors, which lock.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

typedef struct _UMockdevTestbed UMockdevTestbed;
typedef struct _UMockdevIoctlBase UMockdevIoctlBase;
typedef struct _UMockdevIoctlClient UMockdevIoctlClient;
typedef struct _UMockdevIoctlData UMockdevIoctlData;

namespace hallq::test {

using Bytes = std::vector<std::uint8_t>;
using Clock = std::chrono::steady_clock;

struct EndpointSpec {
  std::uint8_t address;  // bit 7 = IN
};

struct DeviceSpec {
  std::uint16_t vid = 0, pid = 0;
  std::uint8_t interface_class = 0xFF, subclass = 0, protocol = 0;
  std::vector<EndpointSpec> endpoints;  // all bulk, 64-byte packets
  std::string manufacturer, product;
  bool bound_to_usblp = false;  // a kernel driver owns the interface until detached
};

// What happens to the next OUT transfer.
enum class OutResult { accept, stall_forever, unplug };

class Firmware {
 public:
  virtual ~Firmware() = default;
  // Bulk OUT data on `ep`. Called with the bus locked.
  virtual OutResult on_out(std::uint8_t ep, const Bytes& data) = 0;
  // Class/vendor control IN request; nullopt = stall.
  virtual std::optional<Bytes> on_control_in(std::uint8_t request_type, std::uint8_t request, std::uint16_t value,
                                             std::uint16_t index) {
    (void)request_type, (void)request, (void)value, (void)index;
    return std::nullopt;
  }
  // Queues bytes for bulk IN on `ep`, available from `when`.
  void send(std::uint8_t ep, Bytes data, Clock::time_point when = Clock::time_point{}) {
    in_[ep].push_back({std::move(data), when});
  }
  struct Pending {
    Bytes data;
    Clock::time_point when;
  };
  std::map<std::uint8_t, std::deque<Pending>> in_;
};

class FakeBus {
 public:
  FakeBus();
  ~FakeBus();
  FakeBus(const FakeBus&) = delete;
  FakeBus& operator=(const FakeBus&) = delete;

  // Plugs a device in; returns its index.
  int plug(const DeviceSpec& spec, std::shared_ptr<Firmware> firmware);
  // Unplugs it: ioctls fail with ENODEV, the device leaves the bus.
  void unplug(int device);
  // Whether the kernel driver is (still) bound; how often the interface was claimed.
  bool driver_bound(int device);
  int claims(int device);
  // Runs fn(firmware) with the bus locked.
  void with(int device, const std::function<void(Firmware&)>& fn);

  std::string dir() const;

  struct Device;
  struct State;

 private:
  UMockdevTestbed* testbed_ = nullptr;
  std::unique_ptr<State> state_;
};

// Whether this process runs under libumockdev-preload.
bool under_umockdev();

}  // namespace hallq::test
