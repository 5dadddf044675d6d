// The wire contract three ways: docs/protocol.md against the typed messages
// (every example read strictly, every heading's field list compared with its
// type), and the real server's output against the same types (every event
// it emits, every reply of a working session).
#include <doctest/doctest.h>

// GCC 12 at -O2 warns that the default-made requests walked below (a tuple of
// every request type, copied into a fold) "may be used uninitialized" inside
// std::vector; they are value-initialized. A false positive of the optimizer
// (it came and went as the tuple grew), so silenced here only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "core/protocol/messages.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq;
using namespace hallq::protocol;
using namespace std::chrono_literals;
using test::LineClient;
using test::read_file;

namespace {

const ReadOptions kStrict{.reject_unknown_keys = true};

// Calls f(Req{}) for the request type whose op is `op`; false when there is none.
template <class F>
bool with_request(std::string_view op, F f) {
  bool found = false;
  std::apply(
      [&](auto... r) {
        (
            [&] {
              if (decltype(r)::kOp == op) {
                f(r);
                found = true;
              }
            }(),
            ...);
      },
      Requests{});
  return found;
}

// Reads a request line strictly as its type; the error, or "".
std::string check_request(const json& j) {
  std::string error = "no operation \"" + j.value("op", "") + "\"";
  with_request(j.value("op", ""), [&](auto r) {
    auto e = read_request(j, r, kStrict);
    error = e.value_or("");
  });
  return error;
}

// Reads a reply line strictly as the reply of `op`; the error, or "".
std::string check_reply(const std::string& op, const json& j) {
  if (!j.value("ok", false)) {
    if (!j.contains("error") || !j["error"].is_object()) return "an error reply needs \"error\"";
    const json& e = j["error"];
    if (!e["code"].is_string() || !enum_from_string<Errc>(e["code"].get<std::string>())) return "unknown error code";
    if (!e["message"].is_string()) return "an error needs a message";
    // protocol_mismatch alone also carries the server's versions, {min, max} (docs/protocol.md "Versions").
    const bool mismatch = e["code"] == "protocol_mismatch";
    if (mismatch && !(e.contains("protocols") && e["protocols"].is_object() && e["protocols"].size() == 2 &&
                      e["protocols"]["min"].is_number_integer() && e["protocols"]["max"].is_number_integer()))
      return "protocol_mismatch carries protocols{min, max}";
    if (e.size() != (mismatch ? 3u : 2u) || j.size() != 3)
      return "an error reply has exactly id, ok and error{code, message} (and protocols with protocol_mismatch)";
    return "";
  }
  std::string error = "no operation \"" + op + "\"";
  with_request(op, [&](auto r) {
    typename decltype(r)::Reply reply{};
    error = read_body(j, reply, {"id", "ok"}, kStrict).value_or("");
  });
  return error;
}

std::string check_event(const json& j) {
  std::string error;
  return parse_event(j, &error, kStrict) ? "" : error;
}

// "a, b?, c" → {name → required}
std::map<std::string, bool> field_list(const std::string& text) {
  std::map<std::string, bool> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item.empty()) continue;
    bool optional = item.back() == '?';
    if (optional) item.pop_back();
    out[item] = !optional;
  }
  return out;
}

template <class T>
std::map<std::string, bool> type_fields() {
  std::map<std::string, bool> out;
  for (auto name : field_names<T>()) out[std::string(name)] = field_required<T>(name);
  return out;
}

template <class T>
std::set<std::string> names_of() {
  std::set<std::string> out;
  for (auto n : field_names<T>()) out.insert(std::string(n));
  return out;
}

std::set<std::string> keys(const std::map<std::string, bool>& m) {
  std::set<std::string> out;
  for (const auto& [k, v] : m) out.insert(k);
  return out;
}

}  // namespace

TEST_CASE("docs/protocol.md: every operation's heading lists exactly its type's fields, and its reply's") {
  std::string doc = read_file(test::source_path("docs/protocol.md"));
  std::regex heading(R"(### `([a-z_]+) \{([^}]*)\}` → `\{([^}]*)\}`)");
  std::set<std::string> documented;
  for (std::sregex_iterator it(doc.begin(), doc.end(), heading), end; it != end; ++it) {
    std::string op = (*it)[1], fields = (*it)[2], reply = (*it)[3];
    CAPTURE(op);
    documented.insert(op);
    bool known = with_request(op, [&](auto r) {
      using Req = decltype(r);
      CHECK(field_list(fields) == type_fields<Req>());
      CHECK(keys(field_list(reply)) == names_of<typename Req::Reply>());
    });
    CHECK_MESSAGE(known, "the docs name an operation the protocol does not have");
  }
  std::vector<std::string> undocumented;
  std::apply(
      [&](auto... r) {
        ((documented.count(std::string(decltype(r)::kOp)) ? void() : void(undocumented.emplace_back(decltype(r)::kOp))),
         ...);
      },
      Requests{});
  CHECK(undocumented.empty());
}

TEST_CASE("docs/protocol.md: every JSON example reads as its type, with no field the type does not have") {
  std::string doc = read_file(test::source_path("docs/protocol.md"));
  std::istringstream lines(doc);
  std::string line, block;  // block: the info string of the fenced block we are in ("" outside)
  bool in_block = false;
  std::string last_op;
  std::int64_t last_id = 0;
  int requests = 0, replies = 0, events = 0, objects = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) {
      in_block = !in_block;
      block = in_block ? line.substr(3) : "";
      last_op.clear();
      continue;
    }
    if (!in_block || (block.rfind("json", 0) != 0 && block != "text")) continue;
    std::string text = line;
    if (block == "text") {  // the session: "→ request" / "← reply"
      if (text.rfind("→ ", 0) == 0 || text.rfind("← ", 0) == 0)
        text = text.substr(text.find(' ') + 1);
      else
        continue;
    }
    CAPTURE(text);
    json j = json::parse(text, nullptr, false);
    REQUIRE_MESSAGE(j.is_object(), "not a JSON object");
    if (block == "json ticket") {
      TicketInfo t;
      CHECK(read_json(j, t, kStrict).value_or("") == "");
      ++objects;
    } else if (block == "json window") {
      WindowInfo w;
      CHECK(read_json(j, w, kStrict).value_or("") == "");
      ++objects;
    } else if (j.contains("op")) {
      CHECK(check_request(j) == "");
      last_op = j["op"];
      last_id = j.value("id", std::int64_t{0});
      ++requests;
    } else if (j.contains("ok")) {
      REQUIRE_MESSAGE(!last_op.empty(), "a reply example must follow its request");
      CHECK(j.value("id", std::int64_t{-1}) == last_id);
      CHECK(check_reply(last_op, j) == "");
      ++replies;
    } else {
      CHECK(check_event(j) == "");
      ++events;
    }
  }
  CHECK(requests >= 15);
  CHECK(replies == requests);  // every request shown is answered
  CHECK(events >= 4);
  CHECK(objects == 2);
}

TEST_CASE("the real server: every reply reads as its type and every event it emits through the client's parser") {
  test::TempDir dir;
  // The clock starts eight seconds before midnight, so the hall day rolls over during the test.
  test::ServerProcess server(test::source_path("tests/data/hall.toml"), dir.path("hall.db"),
                             {"--time", "2026-11-26T23:59:52"});
  LineClient watcher(server.port()), admin(server.port()), kiosk(server.port());
  // Sends a typed request through the plain client and reads its reply strictly as the reply type.
  auto call = [](LineClient& c, const auto& req) {
    using Req = std::decay_t<decltype(req)>;
    json body = to_dom(req);
    body["op"] = Req::kOp;
    json reply = c.request(body);
    CAPTURE(reply.dump());
    CHECK(check_reply(std::string(Req::kOp), reply) == "");
    return read_reply<typename Req::Reply>(reply);
  };
  HelloRequest hello{.protocol = kProtocolVersion, .role = Role::admin, .device = "admin", .token = "test-admin-token"};
  REQUIRE(call(watcher, hello));
  REQUIRE(call(admin, hello));
  REQUIRE(call(kiosk, HelloRequest{.role = Role::kiosk, .device = "kiosk-1", .token = "test-kiosk-token"}));
  REQUIRE(call(watcher, SubscribeRequest{}));

  REQUIRE(call(admin, HallRequest{}));
  REQUIRE(call(admin, SnapshotRequest{}));
  REQUIRE(call(admin, PingRequest{}));
  TakeRequest take;
  take.service = "A";
  take.request_key = "conformance-1";
  auto t1 = call(kiosk, take);
  REQUIRE(t1);
  CHECK(t1->ticket.issued_by == "kiosk-1");  // issued_by, end to end
  CHECK(t1->ticket.channel == Channel::kiosk);
  REQUIRE(call(kiosk, StatusRequest{t1->ticket.number}));
  REQUIRE(call(admin, LoginRequest{1, "c1", "1111"}));
  REQUIRE(call(admin, CallRequest{1}));
  REQUIRE(call(admin, RecallRequest{1}));
  REQUIRE(call(admin, WaitingRequest{1, 5}));
  REQUIRE(call(admin, FinishRequest{1}));
  CHECK(call(admin, CallRequest{1}).code() == Errc::queue_empty);
  REQUIRE(call(admin, StatsRequest{}));
  REQUIRE(call(kiosk, DeviceStatusRequest{PrinterState::paper_out, CardReaderState::ok, "paper end"}));
  REQUIRE(call(admin, AlarmsRequest{}));
  REQUIRE(call(kiosk, DeviceStatusRequest{PrinterState::ready, CardReaderState::ok, std::nullopt}));

  // Everything pushed to the watcher, up to and including the new day.
  std::set<std::string> seen;
  std::uint64_t last_seq = 0;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       !seen.count("day") && std::chrono::steady_clock::now() < deadline;) {
    auto e = watcher.next_event(1s);
    if (!e) continue;
    CAPTURE(e->dump());
    std::string error;
    auto parsed = parse_event(*e, &error, kStrict);
    REQUIRE_MESSAGE(parsed, error);
    CHECK(parsed->seq == last_seq + 1);  // no gaps
    last_seq = parsed->seq;
    seen.insert(e->value("event", ""));
  }
  for (const char* kind : {"called", "ticket", "queue", "window", "alarm", "day"}) {
    CAPTURE(kind);
    CHECK(seen.count(kind));
  }
}

TEST_CASE("request ids a JSON client cannot hold exactly are refused, not wrapped") {
  test::TempDir dir;
  test::ServerProcess server(test::source_path("tests/data/hall.toml"), dir.path("hall.db"));
  LineClient c(server.port());
  c.send_raw(R"({"id":18446744073709551615,"op":"ping"})"
             "\n");
  auto line = c.read_line();
  REQUIRE(line);
  json reply = json::parse(*line);
  CHECK(reply["id"].is_null());
  CHECK(reply["error"]["code"] == "bad_request");
  c.send_raw(R"({"id":9007199254740991,"op":"ping"})"
             "\n");
  reply = json::parse(*c.read_line());
  CHECK(reply["id"] == 9007199254740991);  // the largest exact one comes back as it went
}
