// The server assembled in-process (as server.cpp does) on a real SQLite file and
// loopback, to reach what no client can: an operation whose handler throws.
#include "server/dispatcher.hpp"

#include <doctest/doctest.h>

#include <thread>

#include <boost/asio/io_context.hpp>

#include "core/domain/crypto.hpp"
#include "server/listener.hpp"
#include "server/store.hpp"
#include "server/store_thread.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq;

namespace {
// An operation only this test has.
struct ThrowRequest {
  static constexpr std::string_view kOp = "test_throw";
  using Reply = protocol::Empty;
};
}  // namespace

template <>
struct hallq::protocol::Wire<ThrowRequest> {
  static constexpr auto fields = std::tuple{};
};

TEST_CASE("a handler that throws answers internal, is logged and counted, and the server goes on") {
  test::TempDir dir;
  auto config = config::load_config(test::source_path("tests/data/hall.toml"));
  domain::SystemClock clock;
  domain::Engine engine(config.hall, clock, domain::IdHasher(std::vector<std::uint8_t>(32, 7)));
  boost::asio::io_context ctx(1);
  server::Dispatcher* dispatcher_ptr = nullptr;
  server::StoreThread store(
      std::make_unique<server::Store>(dir.path("hall.db"), 1000), ctx.get_executor(),
      [&](std::uint64_t upto, std::optional<server::CommitError> e) { dispatcher_ptr->committed(upto, std::move(e)); });
  domain::CaseBook cases(config.hall, clock);
  server::NoticeTexts notices;
  domain::RatingBook ratings(config.hall, clock);
  domain::Sealer sealer(std::vector<std::uint8_t>(32, 7));
  domain::VisitTokens tokens(std::vector<std::uint8_t>(32, 7));
  domain::HelpBook help(config.hall, clock);
  server::Dispatcher dispatcher(ctx.get_executor(), config, server::Books{engine, cases, ratings, sealer, tokens, help},
                                notices, nullptr, store);
  dispatcher_ptr = &dispatcher;
  dispatcher.ops().add<ThrowRequest>(server::kAnyRole, [](server::Call&, const ThrowRequest&) -> server::Answer {
    throw std::runtime_error("a bug in an operation");
  });
  server::Listener listener(ctx, dispatcher, config.settings);
  int port = listener.bind({"127.0.0.1", 0}).port();
  listener.start();
  std::thread loop([&] { ctx.run(); });

  {
    test::LineClient c(port);
    test::hello_admin(c);
    auto broken = c.request({{"op", "test_throw"}});
    CHECK(broken["ok"] == false);
    CHECK(broken["error"]["code"] == "internal");
    // The same connection, and the server, go on.
    auto take = c.request({{"op", "take"}, {"service", "A"}});
    CHECK(take["ok"] == true);
    test::LineClient other(port);
    test::hello_admin(other);
    CHECK(other.request({{"op", "status"}, {"number", take["ticket"]["number"]}})["ok"] == true);
  }
  boost::asio::post(ctx, [&] {
    CHECK(dispatcher.handler_failures() == 1);
    ctx.stop();
  });
  loop.join();
  store.join();
}
