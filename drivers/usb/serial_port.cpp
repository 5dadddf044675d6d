#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <system_error>

#include "drivers/usb/errors.hpp"
#include "drivers/usb/transport.hpp"

namespace hallq::usb {
namespace {

speed_t speed_of(int baud) {
  switch (baud) {
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 230400:
      return B230400;
    default:
      return B115200;
  }
}

class SerialPort final : public Transport {
 public:
  SerialPort(std::string path, int baud) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + path_);
    termios t{};
    if (::tcgetattr(fd_, &t) == 0) {  // a pty or a pipe in tests may refuse: raw bytes still flow
      ::cfmakeraw(&t);
      t.c_cflag |= CLOCAL | CREAD;
      t.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS);
      t.c_cflag = (t.c_cflag & ~static_cast<tcflag_t>(CSIZE)) | CS8;
      ::cfsetispeed(&t, speed_of(baud));
      ::cfsetospeed(&t, speed_of(baud));
      ::tcsetattr(fd_, TCSANOW, &t);
      ::tcflush(fd_, TCIOFLUSH);
    }
  }
  ~SerialPort() override { ::close(fd_); }

  std::error_code write(std::span<const std::uint8_t> data, Millis timeout) override {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n > 0) {
        data = data.subspan(static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EINTR)
        return errno == EIO || errno == ENXIO ? Errc::no_device : Errc::io;
      if (auto ec = wait(POLLOUT, deadline)) return ec;
    }
    return {};
  }

  std::error_code read(std::span<std::uint8_t> buf, std::size_t& got, Millis timeout) override {
    got = 0;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      ssize_t n = ::read(fd_, buf.data(), buf.size());
      if (n > 0) {
        got = static_cast<std::size_t>(n);
        return {};
      }
      if (n == 0) return Errc::no_device;  // hang-up: the adapter was unplugged
      if (errno != EAGAIN && errno != EINTR) return errno == EIO || errno == ENXIO ? Errc::no_device : Errc::io;
      if (auto ec = wait(POLLIN, deadline)) return ec;
    }
  }

  bool can_read() const override { return true; }
  std::string describe() const override { return path_; }

 private:
  std::error_code wait(short events, std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return Errc::timeout;
    pollfd p{fd_, events, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r == 0) return Errc::timeout;
    if (r < 0 && errno != EINTR) return Errc::io;
    if (p.revents & (POLLERR | POLLNVAL)) return Errc::no_device;
    return {};
  }

  std::string path_;
  int fd_ = -1;
};

}  // namespace

std::unique_ptr<Transport> open_serial(const std::string& path, int baud) {
  return std::make_unique<SerialPort>(path, baud);
}

std::vector<std::string> serial_ports() {
  std::vector<std::string> out;
  if (DIR* d = ::opendir("/dev")) {
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n.rfind("ttyUSB", 0) == 0 || n.rfind("ttyACM", 0) == 0) out.push_back("/dev/" + n);
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hallq::usb
