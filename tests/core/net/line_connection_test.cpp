#include "core/net/line_connection.hpp"

#include <doctest/doctest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;
using hallq::net::LineConnection;

namespace {
// Collects what a connection reports; echoes each line back.
struct Recorder : hallq::net::LineHandler {
  std::vector<std::string> lines;
  bool too_large = false;
  bool closed = false;
  void on_line(LineConnection& c, std::string_view line) override {
    lines.emplace_back(line);
    c.send(std::make_shared<const std::string>("echo:" + std::string(line) + "\n"));
  }
  void on_too_large(LineConnection& c) override {
    too_large = true;
    c.close_after_flush();
  }
  void on_closed(LineConnection&, std::error_code) override { closed = true; }
};

struct Pair {
  asio::io_context ctx;
  tcp::acceptor acceptor{ctx, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  tcp::socket client{ctx};
  std::shared_ptr<LineConnection> server;
  Recorder rec;
  explicit Pair(std::size_t max_line = 64, std::size_t max_outbox = 1024) {
    client.connect(acceptor.local_endpoint());
    server = std::make_shared<LineConnection>(acceptor.accept(), max_line, max_outbox);
    server->start(rec);
  }
  void run_for(int ms) {
    ctx.restart();
    ctx.run_for(std::chrono::milliseconds(ms));
  }
};
}  // namespace

TEST_CASE("a connection delivers lines to its handler and writes replies in order") {
  Pair p;
  asio::write(p.client, asio::buffer(std::string("one\ntwo\nthr")));
  p.run_for(50);
  asio::write(p.client, asio::buffer(std::string("ee\n")));
  p.run_for(50);
  CHECK(p.rec.lines == std::vector<std::string>{"one", "two", "three"});
  std::string got(29, '\0');
  asio::read(p.client, asio::buffer(got));
  CHECK(got == "echo:one\necho:two\necho:three\n");
}

TEST_CASE("an over-long line is reported once and reading stops") {
  Pair p(64);
  asio::write(p.client, asio::buffer(std::string(100, 'x') + "\nafter\n"));
  p.run_for(50);
  CHECK(p.rec.too_large);
  CHECK(p.rec.lines.empty());
  CHECK(p.rec.closed);
}

TEST_CASE("the outbox is bounded: send refuses once the limit is queued") {
  Pair p(64, 1000);
  auto line = std::make_shared<const std::string>(std::string(300, 'z') + "\n");
  int accepted = 0;
  for (int i = 0; i < 10; ++i) accepted += p.server->send(line) ? 1 : 0;
  CHECK(accepted == 3);  // 3 × 301 bytes fit in 1000
  CHECK(p.server->queued_bytes() == 903);
  p.run_for(50);  // the writer drains it
  CHECK(p.server->queued_bytes() == 0);
  CHECK(p.server->send(line));
}

TEST_CASE("close_after_flush writes what is queued, then closes") {
  Pair p;
  p.server->send(std::make_shared<const std::string>("bye\n"));
  p.server->close_after_flush();
  CHECK_FALSE(p.server->send(std::make_shared<const std::string>("late\n")));
  p.run_for(50);
  CHECK(p.rec.closed);
  std::string got;
  boost::system::error_code ec;
  asio::read(p.client, asio::dynamic_buffer(got), ec);
  CHECK(got == "bye\n");
  CHECK(ec == asio::error::eof);
}

#include "core/net/spawn.hpp"

TEST_CASE("a handler that throws ends only its own connection, and the failure is logged and counted") {
  struct Thrower : Recorder {
    void on_line(LineConnection& c, std::string_view line) override {
      if (line == "boom") throw std::runtime_error("a bug in a handler");
      Recorder::on_line(c, line);
    }
  };
  std::vector<std::string> logged;
  hallq::net::set_failure_log([&](std::string_view l) { logged.emplace_back(l); });
  auto before = hallq::net::failed_coroutines();

  Pair bad, good;
  Thrower thrower;
  // Re-home the first pair's connection onto the throwing handler.
  bad.server->close();
  bad.client.close();
  bad.client = tcp::socket(bad.ctx);
  bad.client.connect(bad.acceptor.local_endpoint());
  bad.server = std::make_shared<LineConnection>(bad.acceptor.accept(), 64, 1024);
  bad.server->start(thrower);
  asio::write(bad.client, asio::buffer(std::string("boom\n")));
  bad.run_for(50);
  CHECK(thrower.closed);  // its handler heard that it closed
  CHECK_FALSE(bad.server->open());
  CHECK(hallq::net::failed_coroutines() == before + 1);
  REQUIRE(logged.size() == 1);
  CHECK(logged[0].find("a bug in a handler") != std::string::npos);
  CHECK(logged[0].find("the reader of 127.0.0.1") == 0);

  asio::write(good.client, asio::buffer(std::string("still here\n")));
  good.run_for(50);
  CHECK(good.rec.lines == std::vector<std::string>{"still here"});
  hallq::net::set_failure_log(nullptr);
}
