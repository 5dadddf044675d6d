#include "drivers/usb/transport.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "drivers/usb/errors.hpp"

namespace hallq::usb {

std::string DeviceInfo::id() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x:%04x", vid, pid);
  return buf;
}

std::string DeviceInfo::where() const {
  return "bus " + std::to_string(bus) + " addr " + std::to_string(address);
}

BulkTransport::BulkTransport(std::unique_ptr<UsbDevice> device) : device_(std::move(device)) {
  for (const auto& e : device_->interface().endpoints) {
    if (!e.bulk()) continue;
    if (e.in() && !in_) in_ = e.address;
    if (!e.in() && !out_) out_ = e.address;
  }
}

std::error_code BulkTransport::write(std::span<const std::uint8_t> data, Millis timeout) {
  if (!out_) return Errc::not_supported;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!data.empty()) {
    auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Errc::timeout;
    std::size_t sent = 0;
    std::error_code ec = device_->bulk_write(out_, data, sent, left);
    data = data.subspan(std::min(sent, data.size()));
    if (ec && !(ec == Errc::timeout && sent > 0)) return ec;
  }
  return {};
}

std::error_code BulkTransport::read(std::span<std::uint8_t> buf, std::size_t& got, Millis timeout) {
  got = 0;
  if (!in_) return Errc::not_supported;
  if (pending_.empty()) {
    // Bulk IN must ask for whole packets, or a device sending a full packet overflows.
    std::uint8_t packet[512];
    std::size_t n = 0;
    std::error_code ec = device_->bulk_read(in_, packet, n, timeout);
    if (ec) return ec;
    if (n == 0) return Errc::timeout;
    pending_.assign(packet, packet + n);
  }
  got = std::min(pending_.size(), buf.size());
  std::copy(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(got), buf.begin());
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(got));
  return {};
}

std::string BulkTransport::describe() const {
  const auto& i = device_->info();
  return "usb " + i.id() + " " + i.where() + (i.product.empty() ? "" : " (" + i.product + ")");
}

FileTransport::FileTransport(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + path_);
}

FileTransport::~FileTransport() {
  if (fd_ >= 0) ::close(fd_);
}

std::error_code FileTransport::write(std::span<const std::uint8_t> data, Millis) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return {errno, std::generic_category()};
    }
    data = data.subspan(static_cast<std::size_t>(n));
  }
  return {};
}

std::error_code FileTransport::read(std::span<std::uint8_t>, std::size_t& got, Millis) {
  got = 0;
  return Errc::not_supported;
}

}  // namespace hallq::usb
