#include "core/net/endpoint.hpp"

#include <doctest/doctest.h>

using hallq::net::parse_host_port;

TEST_CASE("HOST:PORT parsing for --listen and --server") {
  auto a = parse_host_port("127.0.0.1:7700", 1);
  REQUIRE(a);
  CHECK(a->host == "127.0.0.1");
  CHECK(a->port == 7700);
  CHECK(parse_host_port("hall-server", 7700)->port == 7700);
  CHECK(parse_host_port("0.0.0.0:0", 7700)->port == 0);
  auto v6 = parse_host_port("[::1]:9000", 1);
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->str() == "[::1]:9000");
  for (const char* bad : {"", ":7700", "host:", "host:70000", "host:12x", "::1:7700", "[::1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_host_port(bad, 7700));
  }
}
