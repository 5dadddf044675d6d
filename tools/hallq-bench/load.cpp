// Load and idle-connection clients for hallq-bench.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/net/await.hpp"
#include "core/protocol/messages.hpp"
#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {
namespace asio = boost::asio;
using asio::ip::tcp;
using net::kAwait;
using Clock = std::chrono::steady_clock;

namespace {

// A paced client waits on its own timer (set to "never") until the shared pacer
// cancels it: one pacing tick for everybody instead of a timer syscall per request.
struct Waiter {
  Clock::time_point due;
  asio::steady_timer* wake = nullptr;  // set while the client waits
};

struct Shared {
  Clock::time_point start, measure_from, stop_at;
  Clock::duration interval{};  // per client, when paced
  std::vector<Waiter> waiters;
  std::vector<double> latencies_ms;
  std::vector<double> lag_ms;   // paced: how late requests went out (the generator's own delay)
  std::vector<double> sent_ms;  // paced: from the actual send to the reply
  LoadResult result;
  int running = 0;
};

// Whether a reply line says ok. The server's envelope writer puts "ok" right
// after the id (core/protocol/envelope.hpp), so no parse is needed for the
// replies whose fields the bench does not use: the bench must not be the
// bottleneck.
bool reply_ok(const std::string& line) {
  auto comma = line.find(',');
  return comma != std::string::npos && line.compare(comma, 10, ",\"ok\":true") == 0;
}

asio::awaitable<void> client(tcp::endpoint ep, int index, int windows, Shared& sh) {
  tcp::socket s(co_await asio::this_coro::executor);
  std::string buf, line;
  auto [cec] = co_await s.async_connect(ep, kAwait);
  if (cec) throw std::runtime_error("connect: " + cec.message());
  s.set_option(tcp::no_delay(true));
  std::int64_t id = 0;
  auto request = [&](const std::string& msg) -> asio::awaitable<bool> {
    auto [wec, wn] = co_await asio::async_write(s, asio::buffer(msg), kAwait);
    if (wec) co_return false;
    auto [rec, n] = co_await asio::async_read_until(s, asio::dynamic_buffer(buf), '\n', kAwait);
    if (rec) co_return false;
    line.assign(buf, 0, n);
    buf.erase(0, n);
    co_return true;
  };
  const bool caller = index % 4 == 0;
  const int window = caller ? (index / 4) % windows + 1 : 0;
  const char* codes[] = {"A", "B", "C", "D"};
  protocol::HelloRequest hello;
  hello.role = caller ? protocol::Role::caller : protocol::Role::kiosk;
  hello.device = caller ? "caller" : "kiosk";
  hello.token = caller ? "bench-caller-token" : "bench-kiosk-token";
  co_await request(protocol::request_line(++id, hello));
  if (caller) {
    // The request's line made before the co_await: GCC 12 destroys a temporary kept across one twice.
    std::string login =
        protocol::request_line(++id, protocol::LoginRequest{window, "c" + std::to_string(window), "1234"});
    co_await request(login);
  }
  std::string last_number;
  asio::steady_timer pace(s.get_executor());
  // Paced clients start spread over one interval, then keep their own schedule.
  Clock::time_point due = sh.start + sh.interval * index / std::max(1, static_cast<int>(sh.waiters.size()));
  for (std::uint64_t step = 0;; ++step) {
    if (sh.interval.count() > 0) {
      due += sh.interval;
      if (due > Clock::now()) {
        sh.waiters[static_cast<std::size_t>(index)] = {due, &pace};
        pace.expires_at(Clock::time_point::max());
        co_await pace.async_wait(kAwait);  // cancelled by the pacer
        sh.waiters[static_cast<std::size_t>(index)].wake = nullptr;
      }
    }
    auto now = Clock::now();
    if (now >= sh.stop_at) break;
    int op;
    std::string body;
    if (caller) {
      op = step % 2 == 0 ? 2 : 3;
      body = op == 2 ? protocol::request_line(++id, protocol::CallRequest{window})
                     : protocol::request_line(++id, protocol::FinishRequest{window});
    } else if (step % 2 == 0 || last_number.empty()) {
      op = 0;
      protocol::TakeRequest take;
      take.service = codes[(index + step) % 4];
      body = protocol::request_line(++id, take);
    } else {
      op = 1;
      body = protocol::request_line(++id, protocol::StatusRequest{last_number});
    }
    auto t0 = sh.interval.count() > 0 ? due : Clock::now();
    auto sent = Clock::now();
    if (!co_await request(body)) break;
    auto t1 = Clock::now();
    bool ok = reply_ok(line);
    if (op == 0 && ok) {
      auto ticket = protocol::read_reply<protocol::TicketReply>(protocol::json::parse(line, nullptr, false));
      if (ticket) last_number = ticket->ticket.number;
    }
    if (t0 >= sh.measure_from && t1 <= sh.stop_at) {
      sh.latencies_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      if (sh.interval.count() > 0) {
        sh.lag_ms.push_back(std::chrono::duration<double, std::milli>(sent - t0).count());
        sh.sent_ms.push_back(std::chrono::duration<double, std::milli>(t1 - sent).count());
      }
      ++sh.result.replies;
      ++sh.result.by_op[op];
      if (!ok)
        ++sh.result.refused;
      else if (op != 1)
        ++sh.result.writes_ok;
    }
  }
  --sh.running;
}

// Wakes every paced client whose time has come, every half millisecond.
asio::awaitable<void> pacer(Shared& sh) {
  asio::steady_timer tick(co_await asio::this_coro::executor);
  auto next = Clock::now();
  while (sh.running > 0) {
    next += std::chrono::microseconds(500);
    tick.expires_at(next);
    co_await tick.async_wait(kAwait);
    auto now = Clock::now();
    for (auto& w : sh.waiters)
      if (w.wake && w.due <= now) {
        w.wake->cancel();
        w.wake = nullptr;
      }
  }
}

}  // namespace

LoadResult run_load(int port, int clients, int windows, double warmup_s, double seconds, double rate) {
  asio::io_context ctx(1);
  Shared sh;
  auto start = Clock::now() + std::chrono::milliseconds(200);  // connect and log in first
  sh.start = start;
  if (rate > 0)
    sh.interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(clients / rate));
  sh.measure_from = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup_s));
  sh.stop_at = sh.measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  sh.latencies_ms.reserve(4'000'000);
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  sh.running = clients;
  sh.waiters.resize(static_cast<std::size_t>(clients));
  if (rate > 0) asio::co_spawn(ctx, pacer(sh), asio::detached);
  for (int i = 0; i < clients; ++i) {
    asio::co_spawn(ctx, client(ep, i, windows, sh), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
  ctx.run();
  sh.result.seconds = seconds;
  if (!sh.lag_ms.empty()) {
    std::sort(sh.lag_ms.begin(), sh.lag_ms.end());
    sh.result.lag_p50_ms = sh.lag_ms[sh.lag_ms.size() / 2];
    sh.result.lag_p99_ms = sh.lag_ms[sh.lag_ms.size() * 99 / 100];
    std::sort(sh.sent_ms.begin(), sh.sent_ms.end());
    sh.result.sent_p50_ms = sh.sent_ms[sh.sent_ms.size() / 2];
    sh.result.sent_p99_ms = sh.sent_ms[sh.sent_ms.size() * 99 / 100];
  }
  auto& l = sh.latencies_ms;
  std::sort(l.begin(), l.end());
  if (!l.empty()) {
    sh.result.p50_ms = l[l.size() / 2];
    sh.result.p99_ms = l[std::min(l.size() - 1, l.size() * 99 / 100)];
    sh.result.max_ms = l.back();
  }
  return sh.result;
}

IdleConnections::~IdleConnections() {
  for (int fd : fds) ::close(fd);
}

IdleConnections open_idle(int port, int n) {
  IdleConnections out;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  protocol::HelloRequest hello_req;
  hello_req.role = protocol::Role::display;
  hello_req.device = "display";
  hello_req.token = "bench-display-token";
  const std::string hello = protocol::request_line(1, hello_req);
  for (int i = 0; i < n; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket() failed after " + std::to_string(i) + " connections");
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("connect failed after " + std::to_string(i) + " connections");
    out.fds.push_back(fd);
    if (::send(fd, hello.data(), hello.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(hello.size()))
      throw std::runtime_error("send failed");
  }
  // Read every hello reply: the server has accepted and answered all of them.
  for (int fd : out.fds) {
    char buf[1024];
    std::string got;
    while (got.find('\n') == std::string::npos) {
      ssize_t r = ::recv(fd, buf, sizeof buf, 0);
      if (r <= 0) throw std::runtime_error("a connection closed before its hello reply");
      got.append(buf, static_cast<std::size_t>(r));
    }
    if (!reply_ok(got)) throw std::runtime_error("hello refused: " + got);
  }
  return out;
}

}  // namespace hallq::bench
