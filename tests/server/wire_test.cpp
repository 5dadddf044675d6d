// The wire contract, checked against the real hallq-server binary over loopback.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

std::string test_hall() {
  std::ifstream in(source_path("tests/data/hall.toml"));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The test hall with some [server] settings replaced.
std::string hall_with(const std::string& server_settings) {
  std::string text = test_hall();
  auto pos = text.find("idle_timeout_s = 60");
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, std::string("idle_timeout_s = 60").size(), server_settings);
}

struct Running {
  TempDir dir;
  ServerProcess server;
  explicit Running(const std::string& config_text = test_hall(), std::vector<std::string> args = {})
      : server(dir.write("hall.toml", config_text), dir.path("hall.db"), std::move(args)) {}
};

std::string local_hhmm() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[8];
  std::strftime(buf, sizeof buf, "%H:%M", &tm);
  return buf;
}

}  // namespace

TEST_CASE("nothing but hello before hello, and only configured credentials pass") {
  Running r;
  LineClient c(r.server.port());
  CHECK(code_of(c.request({{"op", "ping"}})) == "unauthorized");
  CHECK(code_of(c.request({{"op", "no_such_op"}})) == "unauthorized");
  CHECK(code_of(c.request({{"op", "hello"},
                           {"protocol", "1"},
                           {"role", "admin"},
                           {"device", "admin"},
                           {"token", "test-admin-token"}})) == "bad_request");
  CHECK(code_of(c.hello("admin", "admin", "wrong-token")) == "unauthorized");
  CHECK(code_of(c.hello("kiosk", "admin", "test-admin-token")) == "unauthorized");  // wrong role

  json ok = hello_admin(c);
  REQUIRE(ok["ok"] == true);
  CHECK(ok["server"]["name"] == "hallq-server");
  CHECK(ok["hall"]["names"]["zh"] == "测试大厅");
  CHECK(ok["day"].get<std::string>().size() == 10);
  CHECK(code_of(hello_admin(c)) == "invalid_state");
  CHECK(code_of(c.request({{"op", "ping"}})) == "ok");

  LineClient guesser(r.server.port());
  for (int i = 0; i < 3; ++i)
    CHECK(code_of(guesser.hello("admin", "admin", "guess-" + std::to_string(i))) == "unauthorized");
  CHECK(guesser.closed_by_server());
  CHECK(r.server.logged("too many failed hellos"));
}

TEST_CASE("hello settles on the newest protocol both sides speak, or says which side to upgrade") {
  Running r;
  auto hello = [&](json versions, const std::string& token = "test-display-token") {
    LineClient c(r.server.port());
    json req = {{"op", "hello"}, {"role", "display"}, {"device", "display-1"}, {"token", token}};
    req.update(versions);
    return c.request(req);
  };
  // A newer terminal that still speaks version 1 gets it.
  json newer =
      hello({{"protocol", 3}, {"protocol_min", 1}, {"client", {{"name", "hallq-display"}, {"version", "9.0"}}}});
  REQUIRE(code_of(newer) == "ok");
  CHECK(newer["protocol"] == 1);

  // One that speaks only version 2 (no protocol_min: only `protocol`): the server is the older side.
  json v2 = hello({{"protocol", 2}, {"client", {{"name", "hallq-display"}, {"version", "2.0.0"}}}});
  REQUIRE(code_of(v2) == "protocol_mismatch");
  CHECK(v2["error"]["protocols"] == json{{"min", 1}, {"max", 1}});
  std::string message = v2["error"]["message"];
  CHECK(message.find("hallq-display 2.0.0 speaks protocol 2") != std::string::npos);
  CHECK(message.find("upgrade the server") != std::string::npos);

  // One older than anything this server speaks: the terminal is.
  json v0 = hello({{"protocol", 0}});
  REQUIRE(code_of(v0) == "protocol_mismatch");
  CHECK(std::string(v0["error"]["message"]).find("upgrade the terminal") != std::string::npos);
  CHECK(r.server.logged("protocol_mismatch"));

  // Credentials come first: a stranger learns nothing about the server's versions.
  json stranger = hello({{"protocol", 2}}, "wrong-token");
  CHECK(code_of(stranger) == "unauthorized");
  CHECK_FALSE(stranger["error"].contains("protocols"));
}

TEST_CASE("each role may do only its own operations — a caller only for its window, after login") {
  Running r;
  LineClient kiosk(r.server.port()), display(r.server.port()), caller(r.server.port()), guide(r.server.port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token")["ok"] == true);
  REQUIRE(display.hello("display", "display-1", "test-display-token")["ok"] == true);
  REQUIRE(caller.hello("caller", "caller-1", "test-caller-1-token")["ok"] == true);
  REQUIRE(guide.hello("guide", "guide-1", "test-guide-token")["ok"] == true);

  CHECK(code_of(kiosk.request({{"op", "take"}, {"service", "A"}})) == "ok");
  CHECK(code_of(kiosk.request({{"op", "call"}, {"window", 1}})) == "forbidden");
  CHECK(code_of(kiosk.request({{"op", "stats"}})) == "forbidden");
  CHECK(code_of(display.request({{"op", "take"}, {"service", "A"}})) == "forbidden");
  CHECK(code_of(display.request({{"op", "snapshot"}})) == "ok");
  CHECK(code_of(caller.request({{"op", "take"}, {"service", "A"}})) == "forbidden");
  CHECK(code_of(guide.request({{"op", "import_appointments"}, {"appointments", json::array()}})) == "forbidden");
  CHECK(code_of(guide.request({{"op", "take"}, {"service", "A"}})) == "ok");

  CHECK(code_of(caller.request({{"op", "call"}, {"window", 1}})) == "forbidden");  // nobody logged in
  CHECK(code_of(caller.request({{"op", "login"}, {"window", 2}, {"clerk", "c2"}, {"pin", "2222"}})) == "forbidden");
  CHECK(code_of(caller.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "9999"}})) == "unauthorized");
  json login = caller.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}});
  REQUIRE(code_of(login) == "ok");
  CHECK(login["window"]["state"] == "idle");
  CHECK(login["window"]["clerk_name"] == "王丽");
  json call = caller.request({{"op", "call"}, {"window", 1}});
  REQUIRE(code_of(call) == "ok");
  CHECK(call["ticket"]["number"] == "A001");
  CHECK(code_of(caller.request({{"op", "call"}, {"window", 2}})) == "forbidden");
}

TEST_CASE("malformed lines get bad_request with a null id — the connection stays usable") {
  Running r;
  LineClient c(r.server.port());
  hello_admin(c);
  for (const std::string bad : {"garbage", "[1,2,3]", "\"str\"", "{\"op\":\"ping\"}", "{\"id\":\"7\",\"op\":\"ping\"}",
                                "{\"id\":1,\"op\":\"pi\xff\xfe\"}", "", "{\"id\":1,", "null"}) {
    CAPTURE(bad);
    c.send_raw(bad + "\n");
    auto line = c.read_line();
    REQUIRE(line);
    json j = json::parse(*line);
    CHECK(j["ok"] == false);
    CHECK(j["id"].is_null());
    CHECK(j["error"]["code"] == "bad_request");
  }
  json missing_op = c.request({{"nothing", 1}});
  CHECK(missing_op["id"].is_number_integer());  // the id was readable, so it is echoed
  CHECK(code_of(missing_op) == "bad_request");
  json unknown = c.request({{"op", "launch_rockets"}});
  CHECK(code_of(unknown) == "unknown_op");
  CHECK(unknown["id"].is_number_integer());
  CHECK(code_of(c.request({{"op", "take"}, {"service", 5}})) == "bad_request");
  CHECK(code_of(c.request({{"op", "take"}})) == "bad_request");
  CHECK(code_of(c.request({{"op", "call"}, {"window", "one"}})) == "bad_request");
  CHECK(code_of(c.request({{"op", "status"}, {"number", "Z999"}})) == "not_found");
  CHECK(code_of(c.request({{"op", "subscribe"}, {"topics", {"gossip"}}})) == "bad_request");
  CHECK(code_of(c.request({{"op", "ping"}})) == "ok");
}

TEST_CASE("a line over 64 KiB gets too_large and the connection closes — 64 KiB exactly is fine") {
  Running r;
  LineClient c(r.server.port());
  hello_admin(c);
  // Exactly 65,536 bytes with the newline: accepted.
  std::string head = R"({"id":5,"op":"ping","pad":")";
  std::string tail = "\"}";
  std::string pad(65536 - 1 - head.size() - tail.size(), 'p');
  c.send_raw(head + pad + tail + "\n");
  auto ok = c.read_line();
  REQUIRE(ok);
  CHECK(json::parse(*ok)["ok"] == true);

  c.send_raw(head + pad + "q" + tail + "\n");
  auto line = c.read_line();
  REQUIRE(line);
  json j = json::parse(*line);
  CHECK(j["id"].is_null());
  CHECK(j["error"]["code"] == "too_large");
  CHECK(c.closed_by_server());

  LineClient endless(r.server.port());
  endless.send_raw(std::string(200000, '{'));
  auto refused = endless.read_line();
  REQUIRE(refused);
  CHECK(json::parse(*refused)["error"]["code"] == "too_large");
  CHECK(endless.closed_by_server());
}

TEST_CASE("a thousand garbage lines, then a valid request that still works") {
  Running r;
  LineClient c(r.server.port());
  hello_admin(c);
  std::string flood;
  for (int i = 0; i < 1000; ++i) flood += "\x01garbage " + std::to_string(i) + " }{\n";
  c.send_raw(flood);
  int bad = 0;
  while (bad < 1000) {
    auto line = c.read_line();
    REQUIRE(line);
    CHECK(json::parse(*line)["error"]["code"] == "bad_request");
    ++bad;
  }
  json t = c.request({{"op", "take"}, {"service", "A"}});
  REQUIRE(code_of(t) == "ok");
  CHECK(t["ticket"]["number"] == "A001");
}

TEST_CASE("a service round over the wire, watched by a subscriber") {
  Running r;
  LineClient display(r.server.port()), kiosk(r.server.port()), caller(r.server.port());
  display.hello("display", "display-1", "test-display-token");
  json sub = display.request({{"op", "subscribe"}, {"topics", {"calls", "queues", "windows", "tickets"}}});
  REQUIRE(code_of(sub) == "ok");
  kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token");
  caller.hello("caller", "caller-1", "test-caller-1-token");

  json t1 = kiosk.request({{"op", "take"}, {"service", "A"}});
  REQUIRE(code_of(t1) == "ok");
  const json& ticket = t1["ticket"];
  CHECK(ticket["number"] == "A001");
  CHECK(ticket["state"] == "waiting");
  CHECK(ticket["ahead"] == 0);
  CHECK(ticket["window"].is_null());
  CHECK(ticket["priority"] == "normal");
  CHECK(ticket["channel"] == "kiosk");
  CHECK(ticket["issued_at"].get<std::string>().find("+08:00") != std::string::npos);
  json t2 = kiosk.request({{"op", "take"}, {"service", "A"}});
  CHECK(t2["ticket"]["ahead"] == 1);
  CHECK(t2["ticket"]["ewt_s"].get<int>() > 0);

  caller.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}});
  json call = caller.request({{"op", "call"}, {"window", 1}});
  REQUIRE(code_of(call) == "ok");
  CHECK(call["ticket"]["state"] == "called");
  CHECK(call["ticket"]["window"] == 1);
  CHECK(code_of(caller.request({{"op", "recall"}, {"window", 1}})) == "ok");

  // The display saw the tickets, the queue, the window and both calls, in seq order.
  std::vector<json> called;
  std::uint64_t last_seq = 0;
  bool saw_queue = false, saw_window = false, saw_ticket = false;
  while (called.size() < 2) {
    auto e = display.next_event(3s);
    REQUIRE(e);
    CHECK((*e)["seq"].get<std::uint64_t>() > last_seq);
    last_seq = (*e)["seq"];
    std::string name = (*e)["event"];
    if (name == "called") called.push_back(*e);
    if (name == "queue" && (*e)["service"] == "A") saw_queue = true;
    if (name == "window" && (*e)["number"] == 1) saw_window = true;
    if (name == "ticket" && (*e)["ticket"]["number"] == "A002") saw_ticket = true;
  }
  CHECK(saw_queue);
  CHECK(saw_window);
  CHECK(saw_ticket);
  CHECK(called[0]["number"] == "A001");
  CHECK(called[0]["window"] == 1);
  CHECK(called[0]["window_names"]["zh"] == "1号窗口");
  CHECK(called[0]["recall"] == false);
  CHECK(called[1]["recall"] == true);

  json snap = display.request({{"op", "snapshot"}});
  REQUIRE(code_of(snap) == "ok");
  CHECK(snap["seq"].get<std::uint64_t>() >= last_seq);
  CHECK(snap["services"][0]["code"] == "A");
  CHECK(snap["services"][0]["waiting"] == 1);
  CHECK(snap["windows"][0]["state"] == "serving");
  CHECK(snap["windows"][0]["current"] == "A001");
  CHECK(snap["recent_calls"][0]["number"] == "A001");

  CHECK(code_of(caller.request({{"op", "finish"}, {"window", 1}})) == "ok");
  json stats = display.request({{"op", "stats"}});
  CHECK(stats["total"]["served"] == 1);
  CHECK(stats["services"][0]["issued"] == 2);
  json past = display.request({{"op", "stats"}, {"day", "2020-01-01"}});
  REQUIRE(code_of(past) == "ok");
  CHECK(past["total"]["issued"] == 0);
}

TEST_CASE("quota, per-person limits, hours and appointments over the wire") {
  Running r;
  LineClient c(r.server.port());
  hello_admin(c);
  for (int i = 1; i <= 5; ++i) CHECK(code_of(c.request({{"op", "take"}, {"service", "B"}})) == "ok");
  CHECK(code_of(c.request({{"op", "take"}, {"service", "B"}})) == "quota_exhausted");
  CHECK(code_of(c.request({{"op", "take"}, {"service", "R"}})) == "bad_request");
  CHECK(code_of(c.request({{"op", "take"}, {"service", "R"}, {"id_number", "150502199001011233"}})) == "bad_request");
  json real = c.request({{"op", "take"}, {"service", "R"}, {"id_number", "150502199001011232"}, {"name", "王小明"}});
  REQUIRE(code_of(real) == "ok");
  CHECK(real["ticket"]["id_masked"] == "150502********1232");
  CHECK(real.dump().find("150502199001011232") == std::string::npos);
  CHECK(code_of(c.request({{"op", "take"}, {"service", "R"}, {"id_number", "150502199001011232"}})) ==
        "limit_exceeded");

  json imp = c.request({{"op", "import_appointments"},
                        {"appointments", {{{"code", "AP-1"}, {"service", "A"}, {"time", local_hhmm()}}}}});
  REQUIRE(code_of(imp) == "ok");
  CHECK(imp["imported"] == 1);
  json in = c.request({{"op", "checkin"}, {"code", "AP-1"}});
  REQUIRE(code_of(in) == "ok");
  CHECK(in["ticket"]["priority"] == "appointment");
  CHECK(in["ticket"]["appointment"] == "AP-1");
  CHECK(code_of(c.request({{"op", "checkin"}, {"code", "AP-1"}})) == "invalid_state");
  CHECK(code_of(c.request({{"op", "checkin"}, {"code", "AP-2"}})) == "not_found");
  // Exactly one of code and id_number (an outside probe, 2026-12-04: with both, another person's ID
  // card rode on the code and was dropped without a word).
  CHECK(code_of(c.request({{"op", "checkin"}, {"code", "AP-2"}, {"id_number", "150502199001011232"}})) ==
        "bad_request");
  CHECK(code_of(c.request({{"op", "checkin"}})) == "bad_request");

  // A real hall's hours: the demo hall on a Saturday morning.
  TempDir dir;
  ServerProcess demo(source_path("assets/halls/demo.toml"), dir.path("demo.db"), {"--time", "2026-11-28T10:00"});
  LineClient d(demo.port());
  REQUIRE(d.hello("admin", "admin", "demo-admin-token")["ok"] == true);
  json closed = d.request({{"op", "take"}, {"service", "A"}});
  CHECK(code_of(closed) == "outside_hours");
  CHECK(closed["error"]["message"].get<std::string>().find("08:30-12:00") != std::string::npos);
}

TEST_CASE("a client that stops reading is dropped, and nobody else waits for it") {
  Running r(hall_with("idle_timeout_s = 60\nmax_outbox_kib = 64"));
  LineClient hog(r.server.port()), good(r.server.port());
  hello_admin(hog);
  hello_admin(good);
  hog.request({{"op", "subscribe"}});
  // Ask for far more than the outbox and the kernel's buffers hold, never reading.
  std::string flood;
  for (int i = 0; i < 200; ++i) flood += "{\"id\":" + std::to_string(100 + i) + ",\"op\":\"hall\"}\n";
  bool dropped = false;
  for (int round = 0; round < 200 && !dropped; ++round) {
    try {
      hog.send_raw(flood);
    } catch (const std::exception&) {
      dropped = true;  // the server closed it
    }
    auto start = std::chrono::steady_clock::now();
    json t = good.request({{"op", "take"}, {"service", "A"}});
    CHECK(code_of(t) == "ok");
    CHECK(std::chrono::steady_clock::now() - start < 1s);
    dropped = dropped || r.server.logged("bytes unread", 0ms);
  }
  CHECK(dropped);
  CHECK(hog.closed_by_server(10s));
  CHECK(code_of(good.request({{"op", "ping"}})) == "ok");
}

TEST_CASE("a terminal that says bye before it goes is not offline, and one that just goes is") {
  Running r;
  LineClient admin(r.server.port());
  hello_admin(admin);
  auto offline = [&] {
    json reply = admin.request({{"op", "alarms"}});  // the reply outlives the loop
    for (const auto& a : reply["alarms"])
      if (a["kind"] == "device_offline" && a["device"] == "kiosk-1") return true;
    return false;
  };
  auto sessions = [&] {
    json reply = admin.request({{"op", "devices"}});  // the reply outlives the loop
    for (const auto& d : reply["devices"])
      if (d["id"] == "kiosk-1") return d["sessions"].get<int>();
    return -1;
  };
  auto until = [](const auto& done) {
    for (int i = 0; i < 50 && !done(); ++i) std::this_thread::sleep_for(100ms);
    return done();
  };
  for (bool bye : {true, false}) {
    CAPTURE(bye);
    {
      LineClient kiosk(r.server.port());
      REQUIRE(code_of(kiosk.hello("kiosk", "kiosk-1", "test-kiosk-token")) == "ok");
      CHECK(code_of(kiosk.request({{"op", "device_status"}, {"printer", "ready"}, {"card_reader", "ok"}})) == "ok");
      REQUIRE(sessions() == 1);
      if (bye) CHECK(code_of(kiosk.request({{"op", "bye"}})) == "ok");
    }  // the connection closes
    REQUIRE(until([&] { return sessions() == 0; }));
    if (bye)
      CHECK_FALSE(offline());  // shut down on purpose
    else
      CHECK(until(offline));  // crashed, unplugged, lost its network: guides must know
  }
}

TEST_CASE("deadlines: an idle connection and an unfinished line are closed") {
  Running r(hall_with("idle_timeout_s = 5\nline_timeout_s = 1"));
  LineClient idle(r.server.port()), slow(r.server.port()), busy(r.server.port());
  hello_admin(idle);
  hello_admin(busy);
  slow.send_raw("{\"id\":1,\"op\":");  // and nothing more
  CHECK(slow.closed_by_server(4s));
  for (int i = 0; i < 4; ++i) {  // stays alive by talking
    std::this_thread::sleep_for(2s);
    CHECK(code_of(busy.request({{"op", "ping"}})) == "ok");
  }
  CHECK(idle.closed_by_server(4s));
  CHECK(code_of(busy.request({{"op", "ping"}})) == "ok");
  CHECK(r.server.logged("idle for 5 s"));
  CHECK(r.server.logged("line not finished within 1 s"));
}

TEST_CASE("start-up failures say what is wrong and where") {
  TempDir dir;
  std::string bad = dir.write("bad.toml", test_hall() + "\n[[service]]\ncode = \"Q\"\nnames = { zh = \"乙\" }\n");
  auto run_bad = run({bin("hallq-server"), "--config", bad, "--db", dir.path("x.db")});
  CHECK(run_bad.exit_code == 2);
  CHECK(run_bad.err.find("bad.toml:") != std::string::npos);
  CHECK(run_bad.err.find("service[4].names.mn: is required") != std::string::npos);

  auto usage = run({bin("hallq-server"), "--config", bad});
  CHECK(usage.exit_code == 2);
  CHECK(usage.err.find("usage:") != std::string::npos);

  std::string good = dir.write("hall.toml", test_hall());
  ServerProcess first(good, dir.path("shared.db"));
  auto second = run({bin("hallq-server"), "--config", good, "--db", dir.path("shared.db"), "--listen", "127.0.0.1:0"});
  CHECK(second.exit_code == 1);
  CHECK(second.err.find("another hallq-server is using this database") != std::string::npos);
  // A --db in a folder nobody made names the folder, not a lock file.
  auto nowhere =
      run({bin("hallq-server"), "--config", good, "--db", dir.path("nodir/sub/hall.db"), "--listen", "127.0.0.1:0"});
  CHECK(nowhere.exit_code == 1);
  CHECK_MESSAGE(nowhere.err.find("the folder " + dir.path("nodir/sub") + " does not exist") != std::string::npos,
                nowhere.err);
  // --check on a database whose server never issued a ticket says so, not "day , 0 tickets".
  {
    ServerProcess once(good, dir.path("fresh.db"));
    CHECK(once.terminate() == 0);
  }
  auto fresh = run({bin("hallq-server"), "--config", good, "--db", dir.path("fresh.db"), "--check"});
  CHECK(fresh.exit_code == 0);
  CHECK_MESSAGE(fresh.out.find("no day yet") != std::string::npos, fresh.out);
  CHECK(fresh.out.find("day ,") == std::string::npos);

  auto check = run({bin("hallq-server"), "--check-config", source_path("assets/halls/demo.toml")});
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("8 services, 8 windows") != std::string::npos);
}
