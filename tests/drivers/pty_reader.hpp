#pragma once
// A serial ID-card reader without hardware: ReaderFirmware on the other end of
// a pseudo-terminal. Open `slave` as the reader's port (this process, or a
// program a test starts). Set the firmware's fields before the port is used:
// the answering thread reads them.

#include <doctest/doctest.h>

#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "tests/drivers/fake_reader.hpp"

namespace hallq::test {

struct PtyReader {
  int master = -1;
  std::string slave;
  ReaderFirmware fw;
  std::atomic<bool> stop{false};
  std::thread thread;
  PtyReader() {
    int s = -1;
    char name[256];
    REQUIRE(openpty(&master, &s, name, nullptr, nullptr) == 0);
    termios t{};
    tcgetattr(s, &t);
    cfmakeraw(&t);
    tcsetattr(s, TCSANOW, &t);
    ::close(s);
    slave = name;
    thread = std::thread([this] { run(); });
  }
  ~PtyReader() {
    stop = true;
    thread.join();
    ::close(master);
  }
  PtyReader(const PtyReader&) = delete;
  PtyReader& operator=(const PtyReader&) = delete;

  void run() {
    Bytes buf;
    while (!stop) {
      pollfd p{master, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      std::uint8_t chunk[256];
      ssize_t n = ::read(master, chunk, sizeof chunk);
      if (n <= 0) continue;
      buf.insert(buf.end(), chunk, chunk + n);
      while (buf.size() >= 7) {
        std::size_t len = (buf[5] << 8) | buf[6];
        if (buf.size() < 7 + len) break;
        Bytes frame(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(7 + len));
        buf.erase(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(7 + len));
        std::string reply = fw.handle(frame);
        if (fw.delay.count()) std::this_thread::sleep_for(fw.delay);
        for (std::size_t off = 0; off < reply.size();) {
          ssize_t w = ::write(master, reply.data() + off, reply.size() - off);
          if (w > 0) off += static_cast<std::size_t>(w);
        }
      }
    }
  }
};

}  // namespace hallq::test
