#include "tests/drivers/fake_usb.hpp"

#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <umockdev.h>
#include <algorithm>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace hallq::test {

namespace {

std::string hex(const Bytes& b) {
  std::string s;
  char buf[4];
  for (auto x : b) {
    std::snprintf(buf, sizeof buf, "%02x", x);
    s += buf;
  }
  return s;
}

Bytes descriptors(const DeviceSpec& d) {
  auto lo = [](unsigned v) { return static_cast<std::uint8_t>(v & 0xFF); };
  auto hi = [](unsigned v) { return static_cast<std::uint8_t>(v >> 8); };
  Bytes out = {0x12,
               0x01,
               0x00,
               0x02,
               0x00,
               0x00,
               0x00,
               0x40,
               lo(d.vid),
               hi(d.vid),
               lo(d.pid),
               hi(d.pid),
               0x00,
               0x01,
               static_cast<std::uint8_t>(d.manufacturer.empty() ? 0 : 1),
               static_cast<std::uint8_t>(d.product.empty() ? 0 : 2),
               0x00,
               0x01};
  unsigned total = 9 + 9 + 7 * static_cast<unsigned>(d.endpoints.size());
  Bytes cfg = {0x09,
               0x02,
               lo(total),
               hi(total),
               0x01,
               0x01,
               0x00,
               0xC0,
               0x32,
               0x09,
               0x04,
               0x00,
               0x00,
               static_cast<std::uint8_t>(d.endpoints.size()),
               d.interface_class,
               d.subclass,
               d.protocol,
               0x00};
  for (const auto& e : d.endpoints) {
    Bytes ep = {0x07, 0x05, e.address, 0x02, 0x40, 0x00, 0x00};
    cfg.insert(cfg.end(), ep.begin(), ep.end());
  }
  out.insert(out.end(), cfg.begin(), cfg.end());
  return out;
}

Bytes string_descriptor(const std::string& ascii) {
  Bytes b = {static_cast<std::uint8_t>(2 + 2 * ascii.size()), 0x03};
  for (char c : ascii) {
    b.push_back(static_cast<std::uint8_t>(c));
    b.push_back(0);
  }
  return b;
}

}  // namespace

struct Urb {
  UMockdevIoctlData* urb = nullptr;     // reference held
  UMockdevIoctlData* buffer = nullptr;  // reference held (may be null for empty buffers)
  std::uint8_t type = 0, endpoint = 0;
  int length = 0;
  int status = 0;
  int actual = 0;
  Bytes in_data;  // data to write into the buffer when reaped (at offset 8 for control)
  bool control = false;
  // The open file the URB was submitted on: as in the kernel, URBs are reaped
  // and discarded per open file (a second handle on the same device, e.g. for
  // reading string descriptors, must never get the first handle's URBs).
  const void* client = nullptr;
};

struct FakeBus::Device {
  int index = 0;
  DeviceSpec spec;
  std::shared_ptr<Firmware> fw;
  UMockdevIoctlBase* handler = nullptr;
  std::string sysfs, devnode;
  bool gone = false;
  bool bound = false;
  int claims = 0;
  std::deque<Urb> pending_in;  // bulk IN URBs waiting for data
  std::deque<Urb> stalled;     // OUT URBs that never complete (until discarded)
  std::deque<Urb> done;        // ready to reap
  State* state = nullptr;
};

struct FakeBus::State {
  std::mutex mu;
  std::vector<std::unique_ptr<Device>> devices;
};

namespace {

void release(Urb& u) {
  if (u.buffer) umockdev_ioctl_data_unref(u.buffer);
  if (u.urb) umockdev_ioctl_data_unref(u.urb);
  u.buffer = u.urb = nullptr;
}

// Moves firmware data into waiting IN URBs.
void feed_in(FakeBus::Device& d) {
  auto now = Clock::now();
  for (auto it = d.pending_in.begin(); it != d.pending_in.end();) {
    auto& q = d.fw->in_[it->endpoint];
    if (q.empty() || q.front().when > now) {
      ++it;
      continue;
    }
    Bytes& data = q.front().data;
    std::size_t n = std::min<std::size_t>(data.size(), static_cast<std::size_t>(it->length));
    it->in_data.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
    it->actual = static_cast<int>(n);
    it->status = 0;
    data.erase(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
    if (data.empty()) q.pop_front();
    d.done.push_back(*it);
    it = d.pending_in.erase(it);
  }
}

gboolean handle_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer user) {
  auto& d = *static_cast<FakeBus::Device*>(user);
  std::lock_guard lock(d.state->mu);
  gulong request = umockdev_ioctl_client_get_request(client);
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  auto fail = [&](int err) {
    umockdev_ioctl_client_complete(client, -1, err);
    return TRUE;
  };
  auto ok = [&] {
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  };

  if (d.gone) return fail(ENODEV);

  switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
      UMockdevIoctlData* caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), nullptr);
      guint32 v = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
      std::memcpy(caps->data, &v, sizeof v);
      umockdev_ioctl_data_unref(caps);
      return ok();
    }
    case USBDEVFS_CLAIMINTERFACE:
      if (d.bound) return fail(EBUSY);
      ++d.claims;
      return ok();
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
    case USBDEVFS_RESETEP:
    case USBDEVFS_SETINTERFACE:
      return ok();
    case USBDEVFS_CONNECTINFO:
      return ok();
    case USBDEVFS_GETDRIVER: {
      if (!d.bound) return fail(ENODATA);
      UMockdevIoctlData* gd = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_getdriver), nullptr);
      auto* g = reinterpret_cast<usbdevfs_getdriver*>(gd->data);
      std::snprintf(g->driver, sizeof g->driver, "usblp");
      umockdev_ioctl_data_unref(gd);
      return ok();
    }
    case USBDEVFS_DISCONNECT_CLAIM:
      d.bound = false;
      ++d.claims;
      return ok();
    case USBDEVFS_IOCTL: {
      UMockdevIoctlData* io = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_ioctl), nullptr);
      int code = reinterpret_cast<usbdevfs_ioctl*>(io->data)->ioctl_code;
      umockdev_ioctl_data_unref(io);
      if (code == static_cast<int>(USBDEVFS_DISCONNECT))
        d.bound = false;
      else if (code == static_cast<int>(USBDEVFS_CONNECT))
        d.bound = d.spec.bound_to_usblp;
      return ok();
    }
    case USBDEVFS_SUBMITURB: {
      Urb u;
      u.client = client;
      u.urb = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
      auto* urb = reinterpret_cast<usbdevfs_urb*>(u.urb->data);
      u.type = urb->type;
      u.endpoint = urb->endpoint;
      u.length = urb->buffer_length;
      if (u.length > 0)
        u.buffer =
            umockdev_ioctl_data_resolve(u.urb, offsetof(usbdevfs_urb, buffer), static_cast<gsize>(u.length), nullptr);
      const auto* buf = u.buffer ? static_cast<const std::uint8_t*>(static_cast<void*>(u.buffer->data)) : nullptr;
      if (u.type == USBDEVFS_URB_TYPE_CONTROL) {
        u.control = true;
        std::uint8_t rt = buf[0], rq = buf[1];
        std::uint16_t value = static_cast<std::uint16_t>(buf[2] | (buf[3] << 8));
        std::uint16_t index = static_cast<std::uint16_t>(buf[4] | (buf[5] << 8));
        std::uint16_t wlen = static_cast<std::uint16_t>(buf[6] | (buf[7] << 8));
        std::optional<Bytes> reply;
        if (rt == 0x80 && rq == 6 && (value >> 8) == 3) {  // GET_DESCRIPTOR(string)
          int idx = value & 0xFF;
          if (idx == 0)
            reply = Bytes{0x04, 0x03, 0x09, 0x04};
          else if (idx == 1 && !d.spec.manufacturer.empty())
            reply = string_descriptor(d.spec.manufacturer);
          else if (idx == 2 && !d.spec.product.empty())
            reply = string_descriptor(d.spec.product);
        } else if (rt & 0x80) {
          reply = d.fw->on_control_in(rt, rq, value, index);
        } else {
          reply = Bytes{};  // OUT control requests are accepted
        }
        if (!reply) {
          u.status = -EPIPE;
        } else {
          u.in_data = *reply;
          if (u.in_data.size() > wlen) u.in_data.resize(wlen);
          u.actual = static_cast<int>(u.in_data.size());
        }
        d.done.push_back(u);
        return ok();
      }
      if (u.endpoint & 0x80) {  // bulk IN: waits for firmware data
        d.pending_in.push_back(u);
        feed_in(d);
        return ok();
      }
      Bytes data(buf, buf + u.length);
      switch (d.fw->on_out(u.endpoint, data)) {
        case OutResult::accept:
          u.actual = u.length;
          d.done.push_back(u);
          feed_in(d);
          return ok();
        case OutResult::stall_forever:
          d.stalled.push_back(u);
          return ok();
        case OutResult::unplug:
          release(u);
          d.gone = true;
          return fail(ENODEV);
      }
      return ok();
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
      feed_in(d);
      auto mine = std::find_if(d.done.begin(), d.done.end(), [&](const Urb& x) { return x.client == client; });
      if (mine == d.done.end()) return fail(EAGAIN);
      Urb u = *mine;
      d.done.erase(mine);
      // Write status, length and data back into the client's URB.
      int status = u.status, actual = u.actual;
      umockdev_ioctl_data_update(u.urb, offsetof(usbdevfs_urb, status), reinterpret_cast<guint8*>(&status),
                                 sizeof status);
      umockdev_ioctl_data_update(u.urb, offsetof(usbdevfs_urb, actual_length), reinterpret_cast<guint8*>(&actual),
                                 sizeof actual);
      if (!u.in_data.empty() && u.buffer)
        umockdev_ioctl_data_update(u.buffer, u.control ? 8 : 0, u.in_data.data(), static_cast<gint>(u.in_data.size()));
      UMockdevIoctlData* where = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), nullptr);
      umockdev_ioctl_data_set_ptr(where, 0, u.urb);
      umockdev_ioctl_data_unref(where);
      release(u);
      return ok();
    }
    case USBDEVFS_DISCARDURB: {
      gulong addr = *reinterpret_cast<gulong*>(arg->data);
      for (auto* list : {&d.pending_in, &d.stalled}) {
        for (auto it = list->begin(); it != list->end(); ++it) {
          if (it->client != client || it->urb->client_addr != addr) continue;
          Urb u = *it;
          list->erase(it);
          u.status = -ENOENT;
          u.actual = 0;
          d.done.push_back(u);
          return ok();
        }
      }
      return fail(EINVAL);
    }
    default:
      return FALSE;  // umockdev's defaults
  }
}

}  // namespace

bool under_umockdev() {
  const char* p = std::getenv("LD_PRELOAD");
  return p && std::strstr(p, "libumockdev-preload");
}

FakeBus::FakeBus() : state_(std::make_unique<State>()) {
  if (!under_umockdev()) throw std::runtime_error("FakeBus needs libumockdev-preload (run the test binary normally)");
  testbed_ = umockdev_testbed_new();
}

FakeBus::~FakeBus() {
  std::lock_guard lock(state_->mu);
  for (auto& d : state_->devices) {
    for (auto* list : {&d->pending_in, &d->stalled, &d->done})
      for (auto& u : *list) release(u);
    if (d->handler) g_object_unref(d->handler);
  }
  g_object_unref(testbed_);
}

std::string FakeBus::dir() const {
  gchar* root = umockdev_testbed_get_root_dir(testbed_);
  std::string s = root;
  g_free(root);
  return s;
}

int FakeBus::plug(const DeviceSpec& spec, std::shared_ptr<Firmware> firmware) {
  auto d = std::make_unique<Device>();
  d->index = static_cast<int>(state_->devices.size());
  d->spec = spec;
  d->fw = std::move(firmware);
  d->bound = spec.bound_to_usblp;
  d->state = state_.get();
  int devnum = 2 + d->index;
  char node[64], sys[64];
  std::snprintf(node, sizeof node, "/dev/bus/usb/001/%03d", devnum);
  std::snprintf(sys, sizeof sys, "/devices/usb1/1-%d", d->index + 1);
  d->devnode = node;
  d->sysfs = sys;
  d->handler = umockdev_ioctl_base_new();
  g_signal_connect(d->handler, "handle-ioctl", G_CALLBACK(handle_ioctl), d.get());
  // Attach first, so the device can be opened the moment it appears.
  if (!umockdev_testbed_attach_ioctl(testbed_, node, d->handler, nullptr))
    throw std::runtime_error(std::string("cannot attach an ioctl handler to ") + node);
  char vid[8], pid[8];
  std::snprintf(vid, sizeof vid, "%04x", spec.vid);
  std::snprintf(pid, sizeof pid, "%04x", spec.pid);
  std::string desc = std::string("P: ") + sys + "\nN: " + (node + 5) + "\nE: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\n" +
                     "E: DRIVER=usb\nE: BUSNUM=001\nE: DEVNUM=" + std::string(node + 17) + "\nE: DEVNAME=" + node +
                     "\nA: busnum=1\\n\nA: devnum=" + std::to_string(devnum) + "\\n\nA: bConfigurationValue=1\\n\n" +
                     "A: speed=480\\n\nA: idVendor=" + vid + "\\n\nA: idProduct=" + pid +
                     "\\n\nH: descriptors=" + hex(descriptors(spec)) + "\n";
  GError* error = nullptr;
  if (!umockdev_testbed_add_from_string(testbed_, desc.c_str(), &error)) {
    std::string msg = error ? error->message : "?";
    if (error) g_error_free(error);
    throw std::runtime_error("cannot add a fake device: " + msg);
  }
  std::lock_guard lock(state_->mu);
  state_->devices.push_back(std::move(d));
  return static_cast<int>(state_->devices.size()) - 1;
}

void FakeBus::unplug(int device) {
  std::string sysfs;
  {
    std::lock_guard lock(state_->mu);
    Device& d = *state_->devices.at(static_cast<std::size_t>(device));
    d.gone = true;
    sysfs = "/sys" + d.sysfs;
  }
  umockdev_testbed_uevent(testbed_, sysfs.c_str(), "remove");
  umockdev_testbed_remove_device(testbed_, sysfs.c_str());
}

bool FakeBus::driver_bound(int device) {
  std::lock_guard lock(state_->mu);
  return state_->devices.at(static_cast<std::size_t>(device))->bound;
}

int FakeBus::claims(int device) {
  std::lock_guard lock(state_->mu);
  return state_->devices.at(static_cast<std::size_t>(device))->claims;
}

void FakeBus::with(int device, const std::function<void(Firmware&)>& fn) {
  std::lock_guard lock(state_->mu);
  fn(*state_->devices.at(static_cast<std::size_t>(device))->fw);
}

}  // namespace hallq::test
