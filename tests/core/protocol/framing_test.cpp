#include "core/protocol/framing.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

using hallq::protocol::LineFramer;

namespace {
// Feeds `bytes` in chunks of `chunk` and collects what the framer yields.
struct Fed {
  std::vector<std::string> lines;
  bool too_large = false;
};
Fed feed(LineFramer& f, const std::string& bytes, std::size_t chunk) {
  Fed out;
  std::size_t off = 0;
  while (off < bytes.size() && !out.too_large) {
    auto space = f.prepare();
    std::size_t n = std::min({chunk, space.size(), bytes.size() - off});
    std::memcpy(space.data(), bytes.data() + off, n);
    f.commit(n);
    off += n;
    std::string_view line;
    for (;;) {
      auto r = f.next(line);
      if (r == LineFramer::Result::line)
        out.lines.emplace_back(line);
      else {
        out.too_large = r == LineFramer::Result::too_large;
        break;
      }
    }
  }
  return out;
}
}  // namespace

TEST_CASE("framer splits lines however the bytes arrive") {
  const std::string input = "{\"id\":1}\n{\"id\":2}\r\n\n{\"id\":3}\n";
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 4096u}) {
    CAPTURE(chunk);
    LineFramer f;
    auto got = feed(f, input, chunk);
    CHECK_FALSE(got.too_large);
    CHECK(got.lines == std::vector<std::string>{"{\"id\":1}", "{\"id\":2}", "", "{\"id\":3}"});
    CHECK_FALSE(f.partial());
  }
}

TEST_CASE("a line of exactly the limit (including its newline) passes — one byte more does not") {
  const std::size_t limit = 65536;
  std::string fits(limit - 1, 'x');
  LineFramer ok(limit);
  auto a = feed(ok, fits + "\n" + "next\n", 5000);
  CHECK_FALSE(a.too_large);
  REQUIRE(a.lines.size() == 2);
  CHECK(a.lines[0].size() == limit - 1);
  CHECK(a.lines[1] == "next");

  LineFramer over(limit);
  auto b = feed(over, std::string(limit, 'x') + "\n", 5000);
  CHECK(b.too_large);
  CHECK(b.lines.empty());
}

TEST_CASE("an endless line without a newline is refused once it passes the limit") {
  LineFramer f(1000);
  auto got = feed(f, std::string(5000, 'y'), 100);
  CHECK(got.too_large);
  // Sticky: the stream cannot be re-synchronised.
  std::string_view line;
  CHECK(f.next(line) == LineFramer::Result::too_large);
}

TEST_CASE("the framer keeps a partial line and reports it") {
  LineFramer f;
  auto got = feed(f, "{\"id\":1}\n{\"op\":", 64);
  CHECK(got.lines.size() == 1);
  CHECK(f.partial());
  got = feed(f, "\"ping\"}\n", 64);
  REQUIRE(got.lines.size() == 1);
  CHECK(got.lines[0] == "{\"op\":\"ping\"}");
  CHECK_FALSE(f.partial());
}
