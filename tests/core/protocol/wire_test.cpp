#include "core/protocol/wire.hpp"

#include <doctest/doctest.h>

#include "core/protocol/errc.hpp"
#include "core/protocol/views.hpp"

using namespace hallq::protocol;

TEST_CASE("requests need a JSON object with an integer id and a string op") {
  auto good = parse_request(R"({"id":7,"op":"take","service":"A"})");
  REQUIRE(good.request);
  CHECK(good.request->id == 7);
  CHECK(good.request->op == "take");
  CHECK(good.request->body["service"] == "A");

  struct Bad {
    const char* line;
    bool id_known;
  };
  for (Bad b :
       {Bad{"", false}, Bad{"not json", false}, Bad{"[1,2]", false}, Bad{"42", false}, Bad{R"({"op":"ping"})", false},
        Bad{R"({"id":"7","op":"ping"})", false}, Bad{R"({"id":1.5,"op":"ping"})", false}, Bad{R"({"id":3})", true},
        Bad{R"({"id":3,"op":5})", true}, Bad{"{\"id\":1,\"op\":\"p\xff\"}", false}}) {
    CAPTURE(b.line);
    auto r = parse_request(b.line);
    CHECK_FALSE(r.request);
    CHECK(r.error.code == Errc::bad_request);
    CHECK(r.error.id.has_value() == b.id_known);
    CHECK_FALSE(r.error.message.empty());
  }
}

TEST_CASE("replies and events are single lines in the contract's shape") {
  std::string ok = reply_ok(7, {{"ticket", {{"number", "A001"}}}});
  CHECK(ok.back() == '\n');
  CHECK(ok.find('\n') == ok.size() - 1);
  auto j = json::parse(ok);
  CHECK(j["id"] == 7);
  CHECK(j["ok"] == true);
  CHECK(j["ticket"]["number"] == "A001");

  auto e = json::parse(reply_error(std::nullopt, Errc::bad_request, "not valid JSON"));
  CHECK(e["id"].is_null());
  CHECK(e["ok"] == false);
  CHECK(e["error"]["code"] == "bad_request");
  CHECK(e["error"]["message"] == "not valid JSON");

  auto ev = json::parse(event_line("called", 12, {{"number", "A001"}, {"window", 3}}));
  CHECK(ev["event"] == "called");
  CHECK(ev["seq"] == 12);
  CHECK(ev["window"] == 3);
  CHECK_FALSE(ev.contains("id"));
}

TEST_CASE("a reply's fields cannot overwrite the envelope, so every reply stays matchable to its request") {
  // The hall description has its own "id"; spliced in, it would replace the request id.
  CHECK_THROWS_AS(reply_ok(2, {{"id", "test-hall"}}), std::logic_error);
  CHECK_THROWS_AS(reply_ok(2, {{"ok", false}}), std::logic_error);
  CHECK_THROWS_AS(event_line("called", 3, {{"seq", 4}}), std::logic_error);
  CHECK(json::parse(reply_ok(2, {{"hall", {{"id", "test-hall"}}}}))["id"] == 2);
}

TEST_CASE("every error code has its snake_case wire name and round-trips") {
  const char* names[] = {"bad_request",   "unknown_op",  "unauthorized",    "forbidden",     "not_found",
                         "invalid_state", "queue_empty", "quota_exhausted", "outside_hours", "limit_exceeded",
                         "too_large",     "busy",        "internal"};
  int i = 1;
  for (const char* n : names) {
    auto code = static_cast<Errc>(i++);
    CHECK(to_string(code) == n);
    CHECK(errc_from_string(n) == code);
    std::error_code ec = code;
    CHECK(ec.category().name() == std::string("hallq.protocol"));
    CHECK(ec.message() == n);
  }
  CHECK_FALSE(errc_from_string("no_such_code"));
}

TEST_CASE("field helpers tell a missing field from a wrongly typed one") {
  json body = {{"window", 3}, {"number", "A001"}, {"reason", 5}, {"flag", true}};
  Fields f(body);
  CHECK(f.integer("window") == 3);
  CHECK(f.str("number") == "A001");
  CHECK_FALSE(f.str("missing"));
  CHECK_FALSE(f.error());
  CHECK_FALSE(f.str("reason"));
  REQUIRE(f.error());
  CHECK(f.error()->find("reason") != std::string::npos);
}

TEST_CASE("wire views decode what the server encodes, and tolerate missing fields") {
  TicketInfo t;
  t.number = "A001";
  t.service = "A";
  t.issued_at = "2026-11-26T09:00:00+08:00";
  t.ahead = 3;
  t.ewt_s = 420;
  t.id_masked = "150502********1234";
  json j = t;
  CHECK(j["window"].is_null());
  CHECK(j["priority"] == "normal");
  CHECK(j.get<TicketInfo>() == t);

  auto sparse = json::parse(R"({"number":"B002","state":"called","window":4})").get<TicketInfo>();
  CHECK(sparse.number == "B002");
  CHECK(sparse.window == 4);
  CHECK(sparse.ahead == 0);
  CHECK_FALSE(sparse.id_masked);

  Names n{"中文", "ᠮᠣᠩᠭᠣᠯ", ""};
  CHECK(n.in("mn") == "ᠮᠣᠩᠭᠣᠯ");
  CHECK(n.in("en") == "中文");  // falls back to Chinese
}

TEST_CASE("roles have their wire names") {
  CHECK(role_from_string("kiosk") == Role::kiosk);
  CHECK(role_from_string("admin") == Role::admin);
  CHECK_FALSE(role_from_string("root"));
  CHECK(to_string(Role::caller) == "caller");
}

#include "core/protocol/json_writer.hpp"

TEST_CASE("the direct JSON writer prints what the nlohmann mapping prints") {
  TicketInfo t;
  t.number = "A001";
  t.service = "A";
  t.issued_at = "2026-11-26T09:00:00+08:00";
  SUBCASE("optional fields absent") {}
  SUBCASE("every field set, with text that needs escaping") {
    t.state = "called";
    t.ahead = 3;
    t.ewt_s = 420;
    t.window = 5;
    t.target_window = 2;
    t.called_at = "2026-11-26T09:05:00+08:00";
    t.finished_at = "x";
    t.recalls = 2;
    t.waited_s = -1;
    t.clerk = "c\"1\\\n\t\x01";
    t.id_masked = "150502********1234";
    t.name_masked = "包**尔";
    t.appointment = "预约-ᠮᠣᠩᠭᠣᠯ-😀";
    t.reason = std::string("bad \xff\xfe utf8 \xe4\xb8");
  }
  std::string direct = reply_ok_with(9, "ticket", t);
  std::string reference = reply_ok(9, {{"ticket", t}});
  CHECK(json::parse(direct) == json::parse(reference));
  CHECK(direct == reference);  // byte for byte, key order included

  WindowInfo w;
  w.number = 3;
  w.names = {"3号窗口", "3 ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣ", "Window 3"};
  w.kind = "comprehensive";
  w.state = "paused";
  w.clerk = "c1";
  w.reason = "午休";
  CHECK(reply_ok_with(4, "window", w) == reply_ok(4, {{"window", w}}));
}
