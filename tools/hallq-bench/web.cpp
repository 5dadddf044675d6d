// hallq-bench web: citizens' phones on server-sent events (docs/web.md), their
// memory in the server and what they cost a window's `call` (docs/performance.md,
// "Citizens' phones (SSE)").
//
// Three threads of the bench: this one is the kiosk and then the caller (blocking
// sockets, one request at a time, as terminals are); the phones are one epoll loop
// of their own, reading every stream as it comes and checking each event against
// the calls made.
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/protocol/messages.hpp"
#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {

namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// `name="VALUE"` in a page's status section: the first one.
std::string attribute(std::string_view html, std::string_view name) {
  std::string key = std::string(name) + "=\"";
  auto at = html.find(key);
  if (at == std::string_view::npos) return "";
  at += key.size();
  return std::string(html.substr(at, html.find('"', at) - at));
}

// One request and its reply on a wire connection; "" when the server did not answer.
std::string ask(int fd, std::string& buf, const std::string& line) {
  if (!send_all(fd, line)) return "";
  return read_line(fd, buf, std::chrono::seconds(30));
}

bool ok(const std::string& reply) {
  return reply.find("\"ok\":true") != std::string::npos;
}

struct Phone {
  int index = 0;  // its ticket's place among the phones' tickets: call `index` of the second phase calls it
  std::string number, token;
  int fd = -1;
  std::string buf;
  bool header = false, closed = false, final = false;
  int events = 0;  // status events, the first included
  int first_ahead = -1, reflected = 0;
  std::string state;
  bool called = false, done = false, wrong = false;
  std::string why;  // what was wrong, when it was
};

// The phones' loop: opens every stream, then reads whatever arrives until told to stop.
class Phones {
 public:
  Phones(int port, std::vector<Phone>& phones, int calls)
      : port_(port), phones_(phones), calls_(calls), call_at_(static_cast<std::size_t>(calls)) {}

  void start() {
    thread_ = std::thread([this] { run(); });
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // Call `i` of the second phase was answered at `at`.
  void called(int i, Clock::time_point at) { call_at_[static_cast<std::size_t>(i)] = at.time_since_epoch().count(); }
  std::atomic<int> opened{0}, at_final{0};
  std::atomic<bool> connect_failed{false};
  std::vector<double> drop_ms, turn_ms;  // read after stop()
  std::uint64_t events_after_first = 0;
  double cpu_s = 0;  // the loop's own CPU, all its life

 private:
  void run() {
    int ep = ::epoll_create1(EPOLL_CLOEXEC);
    for (auto& p : phones_) {
      p.fd = connect_from("127.0.0.1", port_, true);
      if (p.fd < 0) {
        connect_failed = true;
        break;
      }
      std::string get = "GET /v/" + p.token +
                        "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        "Accept-Language: zh-CN,zh;q=0.9\r\n\r\n";
      send_all(p.fd, get);
      ::fcntl(p.fd, F_SETFL, ::fcntl(p.fd, F_GETFL) | O_NONBLOCK);
      epoll_event e{};
      e.events = EPOLLIN | EPOLLRDHUP;
      e.data.u32 = static_cast<std::uint32_t>(p.index);
      ::epoll_ctl(ep, EPOLL_CTL_ADD, p.fd, &e);
    }
    std::vector<epoll_event> ready(256);
    char chunk[16384];
    while (!stop_) {
      int n = ::epoll_wait(ep, ready.data(), static_cast<int>(ready.size()), 50);
      auto now = Clock::now();
      for (int k = 0; k < n; ++k) {
        Phone& p = phones_[ready[static_cast<std::size_t>(k)].data.u32];
        for (;;) {
          ssize_t got = ::recv(p.fd, chunk, sizeof chunk, 0);
          if (got > 0) {
            p.buf.append(chunk, static_cast<std::size_t>(got));
            continue;
          }
          if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            p.closed = true;
            ::epoll_ctl(ep, EPOLL_CTL_DEL, p.fd, nullptr);
          }
          break;
        }
        read_events(p, now);
      }
    }
    for (auto& p : phones_)
      if (p.fd >= 0) ::close(p.fd);
    ::close(ep);
    rusage used{};
    ::getrusage(RUSAGE_THREAD, &used);
    cpu_s = static_cast<double>(used.ru_utime.tv_sec + used.ru_stime.tv_sec) +
            static_cast<double>(used.ru_utime.tv_usec + used.ru_stime.tv_usec) / 1e6;
  }

  void read_events(Phone& p, Clock::time_point now) {
    if (!p.header) {
      auto end = p.buf.find("\r\n\r\n");
      if (end == std::string::npos) return;
      if (p.buf.rfind("HTTP/1.1 200", 0) != 0) fail(p, "answered " + p.buf.substr(0, p.buf.find('\r')));
      p.header = true;
      p.buf.erase(0, end + 4);
    }
    for (auto end = p.buf.find("\n\n"); end != std::string::npos; end = p.buf.find("\n\n")) {
      std::string_view block(p.buf.data(), end);
      std::string name, data;
      for (std::size_t at = 0; at < block.size();) {
        auto nl = block.find('\n', at);
        std::string_view line = block.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
        if (line.starts_with("event: ")) name = line.substr(7);
        if (line.starts_with("data: ")) data += line.substr(6);
        at = nl == std::string_view::npos ? block.size() : nl + 1;
      }
      if (name == "status") status(p, data, now);
      p.buf.erase(0, end + 2);
    }
  }

  void status(Phone& p, const std::string& html, Clock::time_point now) {
    ++p.events;
    if (p.events == 1) ++opened;
    if (p.events > 1) ++events_after_first;
    std::string state = attribute(html, "data-state");
    p.state = state;
    if (state == "waiting") {
      std::string shown = attribute(html, "data-ahead");
      if (shown.empty() || shown.find_first_not_of("0123456789") != std::string::npos) {
        fail(p, "waiting without people ahead");
        return;
      }
      int ahead = std::stoi(shown);
      if (p.first_ahead < 0) {
        p.first_ahead = ahead;
        if (ahead != p.index)
          fail(p, "first event: " + std::to_string(ahead) + " ahead, not " + std::to_string(p.index));
      }
      int reflected = p.first_ahead - ahead;  // calls this event shows
      if (reflected < p.reflected) fail(p, "people ahead rose to " + std::to_string(ahead));
      if (reflected > p.reflected && reflected <= calls_) {
        auto at = call_at_[static_cast<std::size_t>(reflected - 1)].load();
        if (at != 0) drop_ms.push_back(ms_between(Clock::time_point(Clock::duration(at)), now));
      }
      p.reflected = std::max(p.reflected, reflected);
      if (p.index >= calls_ && p.reflected == calls_) reached_final(p);
    } else if (state == "called") {
      if (p.first_ahead < 0) fail(p, "called before the calls began");
      if (attribute(html, "data-window") != "1") fail(p, "called to window " + attribute(html, "data-window"));
      if (!p.called && p.index < calls_) {
        auto at = call_at_[static_cast<std::size_t>(p.index)].load();
        if (at != 0) turn_ms.push_back(ms_between(Clock::time_point(Clock::duration(at)), now));
      }
      p.called = true;
    } else if (state == "done") {
      if (!p.called) fail(p, "done without having seen its call");
      p.done = true;
      reached_final(p);
    } else {
      fail(p, "state " + state);
    }
  }

  void reached_final(Phone& p) {
    if (p.final) return;
    p.final = true;
    ++at_final;
  }
  void fail(Phone& p, std::string why) {
    if (!p.wrong) p.why = p.number + ": " + why;
    p.wrong = true;
  }

  int port_;
  std::vector<Phone>& phones_;
  int calls_;
  std::vector<std::atomic<Clock::rep>> call_at_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The caller's `call`s, each `gaps[i]` ms after the previous one was answered (as a clerk presses "next"
// a while after the screen showed the last call), then a `finish`.
WebResult::Calls call_phase(pid_t server, int fd, std::string& buf, std::int64_t& id, const std::vector<int>& gaps,
                            Phones* phones) {
  WebResult::Calls out;
  double cpu0 = cpu_seconds(server);
  auto start = Clock::now();
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(gaps[i]));
    auto t0 = Clock::now();
    std::string reply = ask(fd, buf, protocol::request_line(++id, protocol::CallRequest{1}));
    auto t1 = Clock::now();
    if (!ok(reply)) throw std::runtime_error("call refused: " + reply);
    if (phones) phones->called(static_cast<int>(i), t1);
    out.ms.push_back(ms_between(t0, t1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(gaps.front()));
  if (!ok(ask(fd, buf, protocol::request_line(++id, protocol::FinishRequest{1}))))
    throw std::runtime_error("finish refused");
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out.server_cpu_s = cpu_seconds(server) - cpu0;
  return out;
}

}  // namespace

WebResult run_web(const Server& server, int phone_count, int calls) {
  WebResult r;
  r.phones = phone_count;
  r.calls = calls = std::min(calls, phone_count);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  r.rss_idle_kib = server.rss_kib();

  // The kiosk: `calls` tickets the first phase calls, then one per phone (service B, window 1's).
  std::vector<Phone> phones(static_cast<std::size_t>(phone_count));
  {
    int kiosk = connect_from("127.0.0.1", server.port, true);
    std::string buf;
    if (kiosk < 0 || !ok(ask(kiosk, buf, hello_line(1, protocol::Role::kiosk, "kiosk"))))
      throw std::runtime_error("the kiosk could not say hello");
    std::int64_t id = 1;
    for (int i = 0; i < calls + phone_count; ++i) {
      protocol::TakeRequest take;
      take.service = "B";
      take.language = i % 10 == 0 ? "mn" : i % 10 == 1 ? "en" : "zh";  // the phones' pages in all three
      std::string reply = ask(kiosk, buf, protocol::request_line(++id, take));
      auto ticket = protocol::read_reply<protocol::TicketReply>(protocol::json::parse(reply, nullptr, false));
      if (!ticket || !ticket->ticket.token) throw std::runtime_error("take refused: " + reply);
      if (i >= calls) {
        Phone& p = phones[static_cast<std::size_t>(i - calls)];
        p.index = i - calls;
        p.number = ticket->ticket.number;
        p.token = *ticket->ticket.token;
      }
    }
    ::close(kiosk);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  r.rss_tickets_kib = server.rss_kib();

  // The caller at window 1, and the schedule both phases keep.
  int caller = connect_from("127.0.0.1", server.port, true);
  std::string buf;
  std::int64_t id = 0;
  if (caller < 0 || !ok(ask(caller, buf, hello_line(++id, protocol::Role::caller, "caller"))) ||
      !ok(ask(caller, buf, protocol::request_line(++id, protocol::LoginRequest{1, "c1", "1234"}))))
    throw std::runtime_error("the caller could not log in at window 1");
  std::mt19937 random(13);
  std::uniform_int_distribution<int> gap(110, 310);
  std::vector<int> gaps;
  for (int i = 0; i < calls; ++i) gaps.push_back(gap(random));

  r.without = call_phase(server.pid, caller, buf, id, gaps, nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  // The phones.
  Phones loop(server.web_port, phones, calls);
  auto t0 = Clock::now();
  loop.start();
  while (loop.opened < phone_count && !loop.connect_failed && Clock::now() - t0 < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  r.open_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.opened = loop.opened;
  std::this_thread::sleep_for(std::chrono::seconds(1));
  r.rss_streams_kib = server.rss_kib();

  if (r.opened == phone_count) {
    r.with = call_phase(server.pid, caller, buf, id, gaps, &loop);
    auto t1 = Clock::now();
    while (loop.at_final < phone_count && Clock::now() - t1 < std::chrono::seconds(10))
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // anything late or extra
  }
  r.rss_after_kib = server.rss_kib();
  r.hwm_kib = server.hwm_kib();
  loop.stop();
  ::close(caller);

  r.events = loop.events_after_first;
  r.phones_cpu_s = loop.cpu_s;
  r.drop_ms = std::move(loop.drop_ms);
  r.turn_ms = std::move(loop.turn_ms);
  const bool measured = r.opened == phone_count;  // else only the streams that did not open are told
  for (auto& p : phones) {
    auto wrong = [&p](const std::string& why) {
      if (!p.wrong) p.why = p.number + ": " + why;
      p.wrong = true;
    };
    if (p.events == 0) wrong("no first event");
    if (p.closed) wrong("closed by the server");
    if (p.index < calls) {
      ++r.called;
      if (p.called && p.done)
        ++r.called_seen;
      else if (measured)
        wrong("did not see its call and its end");
    } else {
      ++r.waiting;
      r.per_phone.push_back(p.events - 1);
      if (p.reflected == calls)
        ++r.waiting_right;
      else if (measured)
        wrong("saw " + std::to_string(p.reflected) + " of the " + std::to_string(calls) + " calls");
    }
    if (p.wrong) {
      ++r.failed;
      if (r.problems.size() < 5) r.problems.push_back(p.why);
    }
  }
  std::sort(r.per_phone.begin(), r.per_phone.end());
  return r;
}

}  // namespace hallq::bench
