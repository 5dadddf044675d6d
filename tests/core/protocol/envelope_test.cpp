#include "core/protocol/envelope.hpp"

#include <doctest/doctest.h>

#include "core/protocol/messages.hpp"

using namespace hallq::protocol;

TEST_CASE("requests need a JSON object with an integer id and a string op") {
  auto good = parse_request(R"({"id":7,"op":"take","service":"A"})");
  REQUIRE(std::holds_alternative<Request>(good));
  const auto& r = std::get<Request>(good);
  CHECK(r.id == 7);
  CHECK(r.op == "take");
  TakeRequest take;
  CHECK_FALSE(read_request(r.body, take));
  CHECK(take.service == "A");

  struct Bad {
    const char* line;
    bool id_known;
  };
  for (Bad b :
       {Bad{"", false}, Bad{"not json", false}, Bad{"[1,2]", false}, Bad{"42", false}, Bad{R"({"op":"ping"})", false},
        Bad{R"({"id":"7","op":"ping"})", false}, Bad{R"({"id":1.5,"op":"ping"})", false}, Bad{R"({"id":3})", true},
        Bad{R"({"id":3,"op":5})", true}, Bad{"{\"id\":1,\"op\":\"p\xff\"}", false}}) {
    CAPTURE(b.line);
    auto p = parse_request(b.line);
    REQUIRE(std::holds_alternative<RequestError>(p));
    const auto& e = std::get<RequestError>(p);
    CHECK(e.code == Errc::bad_request);
    CHECK(e.id.has_value() == b.id_known);
    CHECK_FALSE(e.message.empty());
  }
}

TEST_CASE("request ids stay within what a JSON client keeps exactly (2^53 - 1)") {
  CHECK(std::holds_alternative<Request>(parse_request(R"({"id":9007199254740991,"op":"ping"})")));
  CHECK(std::holds_alternative<Request>(parse_request(R"({"id":-9007199254740991,"op":"ping"})")));
  for (const char* line : {R"({"id":9007199254740992,"op":"ping"})", R"({"id":18446744073709551615,"op":"ping"})",
                           R"({"id":-9007199254740992,"op":"ping"})"}) {
    CAPTURE(line);
    auto p = parse_request(line);
    REQUIRE(std::holds_alternative<RequestError>(p));
    CHECK_FALSE(std::get<RequestError>(p).id);  // it could not be echoed faithfully
    CHECK(std::get<RequestError>(p).message.find("2^53") != std::string::npos);
  }
}

TEST_CASE("replies, errors and events are single lines in the contract's shape") {
  TicketReply t;
  t.ticket.number = "A001";
  t.ticket.service = "A";
  std::string ok = reply_line(7, t);
  CHECK(ok.back() == '\n');
  CHECK(ok.find('\n') == ok.size() - 1);
  auto j = json::parse(ok);
  CHECK(j["id"] == 7);
  CHECK(j["ok"] == true);
  CHECK(j["ticket"]["number"] == "A001");
  CHECK(j["ticket"]["window"].is_null());  // optional fields are written as null

  auto e = json::parse(error_line(std::nullopt, Errc::bad_request, "not valid JSON"));
  CHECK(e["id"].is_null());
  CHECK(e["ok"] == false);
  CHECK(e["error"]["code"] == "bad_request");
  CHECK(e["error"]["message"] == "not valid JSON");

  CalledEvent called;
  called.call.number = "A001";
  called.call.window = 3;
  auto ev = json::parse(event_line(12, called));
  CHECK(ev["event"] == "called");
  CHECK(ev["seq"] == 12);
  CHECK(ev["window"] == 3);  // the call's fields, at the event's own level
  CHECK_FALSE(ev.contains("id"));

  CHECK(json::parse(request_line(5, StatusRequest{"A001"})) == json{{"id", 5}, {"op", "status"}, {"number", "A001"}});
  CHECK(json::parse(reply_line(2, Empty{})) == json{{"id", 2}, {"ok", true}});
}

TEST_CASE("a client reads a reply as its type, or as the failure the server gave") {
  auto ok = read_reply<TicketReply>(
      json::parse(R"({"id":1,"ok":true,"ticket":{"number":"A001","service":"A","state":"called","window":4}})"));
  REQUIRE(ok);
  CHECK(ok->ticket.state == TicketState::called);
  CHECK(ok->ticket.window == 4);

  auto refused = read_reply<TicketReply>(
      json::parse(R"({"id":1,"ok":false,"error":{"code":"queue_empty","message":"nobody is waiting"}})"));
  REQUIRE_FALSE(refused);
  CHECK(refused.code() == Errc::queue_empty);
  CHECK(refused.failure().message == "nobody is waiting");

  auto newer = read_reply<TicketReply>(json::parse(R"({"id":1,"ok":false,"error":{"code":"a_future_code"}})"));
  CHECK(newer.code() == Errc::internal);

  auto misfit = read_reply<TicketReply>(json::parse(R"({"id":1,"ok":true,"ticket":{"number":3}})"));
  REQUIRE_FALSE(misfit);
  CHECK(misfit.code() == Errc::bad_request);
  CHECK(misfit.failure().message.find("ticket.number") != std::string::npos);
}

TEST_CASE("every error code has its snake_case wire name and round-trips") {
  const char* names[] = {"bad_request",       "unknown_op",     "unauthorized", "forbidden",
                         "not_found",         "invalid_state",  "queue_empty",  "quota_exhausted",
                         "outside_hours",     "limit_exceeded", "too_large",    "busy",
                         "internal",          "locked",         "rate_limited", "identity_mismatch",
                         "protocol_mismatch", "offline",        "timeout"};
  int i = 1;
  for (const char* n : names) {
    auto code = static_cast<Errc>(i++);
    CHECK(to_string(code) == n);
    CHECK(enum_from_string<Errc>(n) == code);
    std::error_code ec = code;
    CHECK(ec.category().name() == std::string("hallq.protocol"));
    CHECK(ec.message() == n);
  }
  CHECK_FALSE(enum_from_string<Errc>("no_such_code"));
}

TEST_CASE("two sides settle on the newest protocol version both speak") {
  CHECK(negotiate({1, 1}, {1, 1}) == 1);
  CHECK(negotiate({1, 3}, {2, 5}) == 3);
  CHECK(negotiate({2, 5}, {1, 3}) == 3);
  CHECK(negotiate({1, 1}, {2, 2}) == std::nullopt);
  CHECK(negotiate({3, 4}, {1, 2}) == std::nullopt);

  // The refusal carries the server's range; a client reads it back.
  std::string line = error_line(7, Errc::protocol_mismatch, "upgrade the server", ProtocolRange{1, 1});
  CHECK(line == R"({"id":7,"ok":false,"error":{"code":"protocol_mismatch","message":"upgrade the server",)"
                R"("protocols":{"min":1,"max":1}}})"
                "\n");
  auto f = reply_failure(json::parse(line));
  REQUIRE(f);
  CHECK(f->code == Errc::protocol_mismatch);
  CHECK(f->protocols == ProtocolRange{1, 1});
  CHECK_FALSE(reply_failure(json::parse(error_line(7, Errc::busy, "later")))->protocols);
}

TEST_CASE("roles have their wire names") {
  CHECK(enum_from_string<Role>("kiosk") == Role::kiosk);
  CHECK(enum_from_string<Role>("admin") == Role::admin);
  CHECK_FALSE(enum_from_string<Role>("root"));
  CHECK(to_string(Role::caller) == "caller");
}
