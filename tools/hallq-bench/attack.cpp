// hallq-bench attack: the probes of docs/security.md at once, against the
// shipped limits, while a legitimate kiosk is timed.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/protocol/messages.hpp"
#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {

using Clock = std::chrono::steady_clock;

int connect_from(const char* source, int port, bool blocking) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (blocking ? 0 : SOCK_NONBLOCK), 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
    ::close(fd);
    return -1;
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one line within `timeout`; empty on timeout or close.
std::string read_line(int fd, std::string& buf, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    auto nl = buf.find('\n');
    if (nl != std::string::npos) {
      std::string line = buf.substr(0, nl);
      buf.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return {};
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return {};
    char tmp[8192];
    ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return {};
    buf.append(tmp, static_cast<std::size_t>(n));
  }
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// The hello line of a bench device (bench_hall_toml's devices and tokens).
std::string hello_line(std::int64_t id, protocol::Role role, const std::string& device) {
  protocol::HelloRequest hello;
  hello.role = role;
  hello.device = device;
  hello.token = "bench-" + device + "-token";
  return protocol::request_line(id, hello);
}

namespace {

enum class Kind { silent, slowloris, non_reader };

struct Attacker {
  Kind kind;
  std::string source;
  int fd = -1;
  Clock::time_point next{};
  bool greeted = false;
};

}  // namespace

AttackResult run_attack(const Server& server, const std::string& log_path, int connections, double seconds) {
  AttackResult r;
  r.rss_before_kib = server.rss_kib();
  const int port = server.port;
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> reconnects{0};

  // The attackers, spread over 20 source addresses, one poll loop.
  std::thread attack([&] {
    std::vector<Attacker> all;
    for (int i = 0; i < connections; ++i)
      all.push_back({static_cast<Kind>(i % 3), "127.0.0." + std::to_string(2 + i % 20)});
    const std::string greet =
        hello_line(1, protocol::Role::display, "display") + protocol::request_line(2, protocol::SubscribeRequest{});
    char sink[65536];
    while (!stop) {
      auto now = Clock::now();
      for (auto& a : all) {
        if (a.fd < 0) {
          if (now < a.next) continue;  // closed a moment ago: back in a second, as an attack tool would
          a.fd = connect_from(a.source.c_str(), port, false);
          a.greeted = false;
          a.next = now + std::chrono::milliseconds(100);
          if (a.fd >= 0) ++reconnects;
          continue;
        }
        bool closed = false;
        if (a.kind != Kind::non_reader) {  // reads (and so notices a close)
          ssize_t n = ::recv(a.fd, sink, sizeof sink, MSG_DONTWAIT);
          closed =
              n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINPROGRESS && errno != ENOTCONN);
        }
        if (!closed && now >= a.next) {
          a.next = now + std::chrono::seconds(1);
          std::string bytes = a.kind == Kind::silent ? "\n" : a.kind == Kind::slowloris ? "{" : "";
          if (a.kind == Kind::non_reader && !a.greeted) {
            bytes = greet;
            a.greeted = true;
          }
          if (!bytes.empty() && ::send(a.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
              errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOTCONN)
            closed = true;
          if (a.kind == Kind::non_reader && a.greeted) {  // has the server dropped it? (peek at the error)
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(a.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) closed = true;
          }
        }
        if (closed) {
          ::close(a.fd);
          a.fd = -1;
          a.next = now + std::chrono::seconds(1);
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto& a : all)
      if (a.fd >= 0) ::close(a.fd);
  });

  // Events for the non-readers: a kiosk issuing 100 tickets a second.
  std::thread events([&] {
    int fd = connect_from("127.0.0.1", port, true);
    std::string buf;
    send_all(fd, hello_line(1, protocol::Role::kiosk, "kiosk"));
    read_line(fd, buf, std::chrono::seconds(5));
    std::int64_t id = 1;
    while (!stop) {
      protocol::TakeRequest take;
      take.service = id % 2 ? "A" : "B";
      if (!send_all(fd, protocol::request_line(++id, take))) break;
      read_line(fd, buf, std::chrono::seconds(5));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::close(fd);
  });

  // A PIN guesser at a caller: every PIN but the right one ("1234"), for clerk c1,
  // as fast as the server answers.
  std::atomic<int> pin_checked{0}, pin_refused{0};
  std::thread guesser([&] {
    int fd = connect_from("127.0.0.21", port, true);
    std::string buf;
    send_all(fd, hello_line(1, protocol::Role::caller, "caller"));
    read_line(fd, buf, std::chrono::seconds(5));
    std::int64_t id = 1;
    for (int pin = 0; !stop && pin < 10000; ++pin) {
      if (pin == 1234) continue;
      char digits[8];
      std::snprintf(digits, sizeof digits, "%04d", pin);
      if (!send_all(fd, protocol::request_line(++id, protocol::LoginRequest{1, "c1", digits}))) break;
      std::string reply = read_line(fd, buf, std::chrono::seconds(10));
      if (reply.find("\"unauthorized\"") != std::string::npos)
        ++pin_checked;
      else
        ++pin_refused;
    }
    ::close(fd);
  });

  // Let the attack build up, then time the legitimate kiosk.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::error_code ec;
  auto log_before = static_cast<std::int64_t>(std::filesystem::file_size(log_path, ec));
  std::vector<double> hello_ms, take_ms;
  auto t0 = Clock::now();
  auto end = t0 + std::chrono::duration<double>(seconds);
  r.rss_max_kib = server.rss_kib();
  std::int64_t id = 0;
  while (Clock::now() < end) {
    auto a = Clock::now();
    int fd = connect_from("127.0.0.1", port, true);
    std::string buf;
    bool ok = fd >= 0;
    if (ok) {
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      ok = send_all(fd, hello_line(++id, protocol::Role::kiosk, "kiosk")) &&
           read_line(fd, buf, std::chrono::seconds(10)).find("\"ok\":true") != std::string::npos;
    }
    auto b = Clock::now();
    if (ok) {
      protocol::TakeRequest take;
      take.service = "C";
      ok = send_all(fd, protocol::request_line(++id, take)) &&
           read_line(fd, buf, std::chrono::seconds(10)).find("\"ok\":true") != std::string::npos;
    }
    auto c = Clock::now();
    if (fd >= 0) ::close(fd);
    ++r.samples;
    if (!ok) {
      ++r.failures;
    } else {
      hello_ms.push_back(std::chrono::duration<double, std::milli>(b - a).count());
      take_ms.push_back(std::chrono::duration<double, std::milli>(c - b).count());
    }
    r.rss_max_kib = std::max(r.rss_max_kib, server.rss_kib());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.log_bytes = static_cast<std::int64_t>(std::filesystem::file_size(log_path, ec)) - log_before;
  stop = true;
  attack.join();
  events.join();
  guesser.join();
  r.pins_checked = pin_checked;
  r.pins_refused = pin_refused;
  r.reconnects = reconnects;
  r.hello_p50_ms = percentile(hello_ms, 0.50);
  r.hello_p99_ms = percentile(hello_ms, 0.99);
  r.take_p50_ms = percentile(take_ms, 0.50);
  r.take_p99_ms = percentile(take_ms, 0.99);
  for (double v : hello_ms) r.max_ms = std::max(r.max_ms, v);
  for (double v : take_ms) r.max_ms = std::max(r.max_ms, v);
  return r;
}

}  // namespace hallq::bench
