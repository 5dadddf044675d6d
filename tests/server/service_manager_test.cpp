// What systemd hears from hallq-server (server/service_manager.hpp): the real
// binary with $NOTIFY_SOCKET pointing at a datagram socket the test binds, as
// systemd's own is, and the messages read the way systemd reads them.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

// The service manager's end: an AF_UNIX datagram socket at `path`.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof addr.sun_path);
    path.copy(addr.sun_path, path.size());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~NotifySocket() { ::close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // The next message, or "" when none comes within `wait`.
  std::string next(std::chrono::milliseconds wait) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return {};
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }

 private:
  int fd_ = -1;
};

// The server's environment for one test: set while it starts (it inherits it), then put back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

}  // namespace

TEST_CASE("under systemd the server says READY once its port answers, and STOPPING when it stops") {
  TempDir dir;
  NotifySocket systemd(dir.path("notify"));
  ScopedEnv socket_env("NOTIFY_SOCKET", dir.path("notify"));
  ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"));

  std::string ready = systemd.next(10s);
  INFO("first message: " << ready);
  // The first thing systemd hears is READY=1, naming the port; a client connecting then is answered.
  REQUIRE(has(ready, "READY=1"));
  CHECK(has(ready, "STATUS=listening on 127.0.0.1:" + std::to_string(server.port()) + ","));
  LineClient client(server.port());
  CHECK(hello_admin(client).value("ok", false));
  // No watchdog was asked for: no pings.
  CHECK(systemd.next(500ms).empty());

  CHECK(server.terminate() == 0);
  std::string stopping = systemd.next(5s);
  CHECK(has(stopping, "STOPPING=1"));
}

TEST_CASE("with WatchdogSec the server pings the watchdog every half interval while it runs") {
  TempDir dir;
  NotifySocket systemd(dir.path("notify"));
  ScopedEnv socket_env("NOTIFY_SOCKET", dir.path("notify"));
  ScopedEnv watchdog_env("WATCHDOG_USEC", "200000");  // 0.2 s: a ping every 0.1 s
  ServerProcess server(source_path("tests/data/hall.toml"), dir.path("hall.db"));

  REQUIRE(has(systemd.next(10s), "READY=1"));
  int pings = 0;
  auto until = std::chrono::steady_clock::now() + 1s;
  while (std::chrono::steady_clock::now() < until) {
    std::string m = systemd.next(300ms);
    REQUIRE_MESSAGE(!m.empty(), "no watchdog ping for 0.3 s (the interval is 0.2 s)");
    if (m == "WATCHDOG=1") ++pings;
  }
  CHECK(pings >= 5);
  CHECK(server.terminate() == 0);
}
