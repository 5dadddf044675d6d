// The libusb backend: the only file in hallq that includes <libusb.h>.
#include <libusb.h>

#include <algorithm>
#include <mutex>
#include <system_error>

#include "drivers/usb/errors.hpp"
#include "drivers/usb/transport.hpp"

namespace hallq::usb {
namespace {

std::error_code from_libusb(int rc) {
  switch (rc) {
    case LIBUSB_SUCCESS:
      return {};
    case LIBUSB_ERROR_IO:
      return Errc::io;
    case LIBUSB_ERROR_INVALID_PARAM:
      return Errc::invalid;
    case LIBUSB_ERROR_ACCESS:
      return Errc::access;
    case LIBUSB_ERROR_NO_DEVICE:
      return Errc::no_device;
    case LIBUSB_ERROR_NOT_FOUND:
      return Errc::not_found;
    case LIBUSB_ERROR_BUSY:
      return Errc::busy;
    case LIBUSB_ERROR_TIMEOUT:
      return Errc::timeout;
    case LIBUSB_ERROR_OVERFLOW:
      return Errc::overflow;
    case LIBUSB_ERROR_PIPE:
      return Errc::pipe;
    case LIBUSB_ERROR_INTERRUPTED:
      return Errc::interrupted;
    case LIBUSB_ERROR_NO_MEM:
      return Errc::no_memory;
    case LIBUSB_ERROR_NOT_SUPPORTED:
      return Errc::not_supported;
    default:
      return Errc::other;
  }
}

unsigned timeout_ms(Millis t) {
  return static_cast<unsigned>(std::max<Millis::rep>(1, t.count()));
}

DeviceInfo describe(libusb_device* dev) {
  DeviceInfo info;
  info.bus = libusb_get_bus_number(dev);
  info.address = libusb_get_device_address(dev);
  libusb_device_descriptor d{};
  if (libusb_get_device_descriptor(dev, &d) != 0) return info;
  info.vid = d.idVendor;
  info.pid = d.idProduct;
  info.device_class = d.bDeviceClass;
  libusb_config_descriptor* cfg = nullptr;
  if (libusb_get_active_config_descriptor(dev, &cfg) != 0 && libusb_get_config_descriptor(dev, 0, &cfg) != 0)
    return info;
  for (int i = 0; i < cfg->bNumInterfaces; ++i) {
    const libusb_interface& itf = cfg->interface[i];
    if (itf.num_altsetting < 1) continue;
    // The first alternate setting: what a claimed interface starts in.
    const libusb_interface_descriptor& alt = itf.altsetting[0];
    InterfaceInfo ii;
    ii.number = alt.bInterfaceNumber;
    ii.alt = alt.bAlternateSetting;
    ii.cls = alt.bInterfaceClass;
    ii.subclass = alt.bInterfaceSubClass;
    ii.protocol = alt.bInterfaceProtocol;
    for (int e = 0; e < alt.bNumEndpoints; ++e)
      ii.endpoints.push_back(
          {alt.endpoint[e].bEndpointAddress, alt.endpoint[e].bmAttributes, alt.endpoint[e].wMaxPacketSize});
    info.interfaces.push_back(std::move(ii));
  }
  libusb_free_config_descriptor(cfg);
  return info;
}

void read_strings(libusb_device* dev, DeviceInfo& info) {
  libusb_device_descriptor d{};
  if (libusb_get_device_descriptor(dev, &d) != 0) return;
  if (!d.iManufacturer && !d.iProduct && !d.iSerialNumber) return;
  libusb_device_handle* h = nullptr;
  if (libusb_open(dev, &h) != 0) return;
  auto get = [&](std::uint8_t index, std::string& out) {
    if (!index) return;
    unsigned char buf[128];
    int n = libusb_get_string_descriptor_ascii(h, index, buf, sizeof buf);
    if (n > 0) out.assign(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
  };
  get(d.iManufacturer, info.manufacturer);
  get(d.iProduct, info.product);
  get(d.iSerialNumber, info.serial);
  libusb_close(h);
}

// Owns the libusb context; opened devices share it, so they may outlive the bus.
struct Context {
  libusb_context* ctx = nullptr;
  Context() {
    int rc = libusb_init(&ctx);
    if (rc != 0) throw std::system_error(from_libusb(rc), "cannot start libusb");
  }
  ~Context() { libusb_exit(ctx); }
};

class LibusbDevice final : public UsbDevice {
 public:
  LibusbDevice(std::shared_ptr<Context> context, libusb_device_handle* h, DeviceInfo info, InterfaceInfo itf)
      : context_(std::move(context)), h_(h), info_(std::move(info)), itf_(std::move(itf)) {}
  ~LibusbDevice() override {
    libusb_release_interface(h_, itf_.number);  // re-attaches a detached kernel driver
    libusb_close(h_);
  }
  const DeviceInfo& info() const override { return info_; }
  const InterfaceInfo& interface() const override { return itf_; }

  std::error_code bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data, std::size_t& sent,
                             Millis timeout) override {
    int done = 0;
    int rc = libusb_bulk_transfer(h_, endpoint, const_cast<unsigned char*>(data.data()), static_cast<int>(data.size()),
                                  &done, timeout_ms(timeout));
    sent = static_cast<std::size_t>(done);
    return from_libusb(rc);
  }

  std::error_code bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> buf, std::size_t& got,
                            Millis timeout) override {
    int done = 0;
    int rc = libusb_bulk_transfer(h_, endpoint, buf.data(), static_cast<int>(buf.size()), &done, timeout_ms(timeout));
    got = static_cast<std::size_t>(done);
    if (rc == LIBUSB_ERROR_TIMEOUT && done > 0) return {};  // a short read is a read
    return from_libusb(rc);
  }

  std::error_code control(std::uint8_t request_type, std::uint8_t request, std::uint16_t value, std::uint16_t index,
                          std::span<std::uint8_t> data, std::size_t& got, Millis timeout) override {
    int rc = libusb_control_transfer(h_, request_type, request, value, index, data.data(),
                                     static_cast<std::uint16_t>(data.size()), timeout_ms(timeout));
    got = rc > 0 ? static_cast<std::size_t>(rc) : 0;
    return rc < 0 ? from_libusb(rc) : std::error_code{};
  }

 private:
  std::shared_ptr<Context> context_;  // destroyed after the handle is closed
  libusb_device_handle* h_;
  DeviceInfo info_;
  InterfaceInfo itf_;
};

class LibusbBus final : public UsbBus {
 public:
  LibusbBus() : context_(std::make_shared<Context>()), ctx_(context_->ctx) {
    if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
      int rc = libusb_hotplug_register_callback(
          ctx_,
          static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
          static_cast<libusb_hotplug_flag>(0), LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
          LIBUSB_HOTPLUG_MATCH_ANY, &LibusbBus::on_hotplug, this, &hotplug_);
      hotplug_ok_ = rc == 0;
    }
  }
  ~LibusbBus() override {
    if (hotplug_ok_) libusb_hotplug_deregister_callback(ctx_, hotplug_);
  }

  std::vector<DeviceInfo> list() override {
    std::lock_guard lock(mu_);
    return enumerate(true);
  }

  std::error_code open(const DeviceInfo& want, std::uint8_t interface, std::unique_ptr<UsbDevice>& out) override {
    std::lock_guard lock(mu_);
    libusb_device** devs = nullptr;
    ssize_t n = libusb_get_device_list(ctx_, &devs);
    if (n < 0) return from_libusb(static_cast<int>(n));
    std::error_code result = Errc::not_found;
    for (ssize_t i = 0; i < n; ++i) {
      libusb_device* d = devs[i];
      if (libusb_get_bus_number(d) != want.bus || libusb_get_device_address(d) != want.address) continue;
      DeviceInfo info = describe(d);
      if (info.vid != want.vid || info.pid != want.pid) break;  // another device took the address
      auto itf = std::find_if(info.interfaces.begin(), info.interfaces.end(),
                              [&](const InterfaceInfo& x) { return x.number == interface; });
      if (itf == info.interfaces.end()) break;
      libusb_device_handle* h = nullptr;
      int rc = libusb_open(d, &h);
      if (rc != 0) {
        result = from_libusb(rc);
        break;
      }
      // usblp and friends own printer-class interfaces: detach them for the
      // claim (libusb re-attaches on release). Never set the configuration of
      // a configured device.
      if (libusb_set_auto_detach_kernel_driver(h, 1) == LIBUSB_ERROR_NOT_SUPPORTED &&
          libusb_kernel_driver_active(h, interface) == 1)
        libusb_detach_kernel_driver(h, interface);
      rc = libusb_claim_interface(h, interface);
      if (rc != 0) {
        libusb_close(h);
        result = from_libusb(rc);
        break;
      }
      InterfaceInfo chosen = *itf;
      out = std::make_unique<LibusbDevice>(context_, h, std::move(info), std::move(chosen));
      result = {};
      break;
    }
    libusb_free_device_list(devs, 1);
    return result;
  }

  std::uint64_t generation() override {
    std::lock_guard lock(mu_);
    if (hotplug_ok_) {
      timeval zero{0, 0};
      libusb_handle_events_timeout_completed(ctx_, &zero, nullptr);
    }
    // Polling as well: cheap, and it also covers platforms without hot-plug.
    auto now = std::chrono::steady_clock::now();
    if (now - polled_ >= std::chrono::milliseconds(900)) {
      polled_ = now;
      std::vector<std::uint64_t> print;
      for (const auto& d : enumerate(false))
        print.push_back((std::uint64_t{d.bus} << 40) | (std::uint64_t{d.address} << 32) | (std::uint64_t{d.vid} << 16) |
                        d.pid);
      std::sort(print.begin(), print.end());
      if (print != fingerprint_) {
        fingerprint_ = std::move(print);
        ++generation_;
      }
    }
    return generation_;
  }

 private:
  static int LIBUSB_CALL on_hotplug(libusb_context*, libusb_device*, libusb_hotplug_event, void* self) {
    ++static_cast<LibusbBus*>(self)->generation_;
    return 0;
  }

  std::vector<DeviceInfo> enumerate(bool with_strings) {
    std::vector<DeviceInfo> out;
    libusb_device** devs = nullptr;
    ssize_t n = libusb_get_device_list(ctx_, &devs);
    for (ssize_t i = 0; i < n; ++i) {
      DeviceInfo info = describe(devs[i]);
      if (with_strings) read_strings(devs[i], info);
      out.push_back(std::move(info));
    }
    if (n >= 0) libusb_free_device_list(devs, 1);
    return out;
  }

  std::shared_ptr<Context> context_;
  libusb_context* ctx_ = nullptr;
  libusb_hotplug_callback_handle hotplug_{};
  bool hotplug_ok_ = false;
  std::mutex mu_;
  std::uint64_t generation_ = 0;
  std::vector<std::uint64_t> fingerprint_;
  std::chrono::steady_clock::time_point polled_{};
};

}  // namespace

std::unique_ptr<UsbBus> open_usb_bus() {
  return std::make_unique<LibusbBus>();
}

}  // namespace hallq::usb
