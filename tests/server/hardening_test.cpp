// Hostile clients, guessed PINs and failing disks, from outside: the real
// hallq-server over loopback (or its start-up, refused), each case one of the
// breaks docs/security.md lists.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/domain/crypto.hpp"
#include "server/startup.hpp"
#include "tests/server/secured_hall.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

json hello(LineClient& c, const std::string& role, const std::string& device, const std::string& token) {
  return c.request({{"op", "hello"}, {"protocol", 1}, {"role", role}, {"device", device}, {"token", token}});
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

}  // namespace

// ------------------------------------------------------------------ connections

TEST_CASE("a connection that never says hello is closed after hello_timeout_s, even while it keeps talking") {
  SecuredHall h("hello_timeout_s = 2\n");
  ServerProcess server(h.config, h.db);
  LineClient c(server.port());
  auto t0 = std::chrono::steady_clock::now();
  bool closed = false;
  while (!closed && ms_since(t0) < 8000) {
    c.send_raw("\n");  // a bare newline a second: never idle, never hello
    closed = c.closed_by_server(1000ms);
  }
  CHECK(closed);
  CHECK(ms_since(t0) < 4500);
}

TEST_CASE("slowloris: a line trickling in a byte at a time is closed line_timeout_s after its first byte") {
  SecuredHall h("line_timeout_s = 2\n");
  ServerProcess server(h.config, h.db);
  LineClient c(server.port());
  hello_admin(c);
  // A ping with 42 bytes of padding, sent a byte at a time: it takes longer than line_timeout_s.
  std::string line = R"({"id":2,"op":"ping","padding":")" + std::string(42, '-') + R"("})";
  auto t0 = std::chrono::steady_clock::now();
  bool closed = false;
  for (char ch : line) {
    try {
      c.send_raw(std::string(1, ch));
    } catch (const std::exception&) {
      closed = true;
      break;
    }
    if (c.closed_by_server(250ms)) {
      closed = true;
      break;
    }
  }
  CHECK(closed);
  CHECK(ms_since(t0) < 5000);  // not the idle timeout (60 s), and not the line's end
  CHECK(server.logged("line not finished within 2 s"));
}

TEST_CASE("a flood of silent connections cannot lock a terminal out, and one address cannot take every slot") {
  SecuredHall h("max_unauthenticated = 20\nmax_connections_per_address = 60\nhello_timeout_s = 30\n");
  ServerProcess server(h.config, h.db);
  std::vector<std::unique_ptr<LineClient>> silent;
  for (int i = 0; i < 50; ++i) silent.push_back(std::make_unique<LineClient>(server.port()));
  std::this_thread::sleep_for(300ms);
  // The kiosk still gets in, at once.
  LineClient kiosk(server.port());
  auto t0 = std::chrono::steady_clock::now();
  CHECK(code_of(hello(kiosk, "kiosk", "kiosk-1", "test-kiosk-token")) == "ok");
  CHECK(code_of(kiosk.request({{"op", "take"}, {"service", "A"}})) == "ok");
  CHECK(ms_since(t0) < 1000);
  // The oldest silent ones made room.
  int closed = 0;
  for (auto& c : silent)
    if (c->closed_by_server(20ms)) ++closed;
  CHECK(closed >= 30);
  // Past the per-address limit a connection is refused outright.
  std::vector<std::unique_ptr<LineClient>> more;
  for (int i = 0; i < 70; ++i) more.push_back(std::make_unique<LineClient>(server.port()));
  int refused = 0;
  for (auto& c : more)
    if (c->closed_by_server(20ms)) ++refused;
  CHECK(refused >= 10);
}

TEST_CASE("a stolen display token opens a few sessions, not hundreds, a closed one makes room, and admin has no cap") {
  SecuredHall h("max_sessions_per_device = 3\n");
  ServerProcess server(h.config, h.db);
  std::vector<std::unique_ptr<LineClient>> displays;
  for (int i = 0; i < 3; ++i) {
    displays.push_back(std::make_unique<LineClient>(server.port()));
    REQUIRE(code_of(hello(*displays.back(), "display", "display-1", "test-display-token")) == "ok");
  }
  LineClient fourth(server.port());
  json refused = hello(fourth, "display", "display-1", "test-display-token");
  CHECK(code_of(refused) == "busy");
  CHECK(refused["error"]["message"].get<std::string>().find("max_sessions_per_device") != std::string::npos);
  // Other devices are not affected, and an admin opens as many as it likes.
  LineClient kiosk(server.port());
  CHECK(code_of(hello(kiosk, "kiosk", "kiosk-1", "test-kiosk-token")) == "ok");
  std::vector<std::unique_ptr<LineClient>> admins;
  for (int i = 0; i < 5; ++i) {
    admins.push_back(std::make_unique<LineClient>(server.port()));
    CHECK(code_of(hello(*admins.back(), "admin", "admin", "test-admin-token")) == "ok");
  }
  // One display goes away: the next hello (a terminal reconnecting) gets in.
  displays.pop_back();
  bool in = false;
  for (int i = 0; i < 50 && !in; ++i) {
    LineClient again(server.port());
    in = code_of(hello(again, "display", "display-1", "test-display-token")) == "ok";
    if (!in) std::this_thread::sleep_for(20ms);
  }
  CHECK(in);
}

TEST_CASE("requests before hello are answered a few times, then the connection is closed") {
  SecuredHall h;
  ServerProcess server(h.config, h.db);
  LineClient c(server.port());
  std::string burst;
  for (int i = 1; i <= 30; ++i)
    burst += R"({"id":)" + std::to_string(i) +
             R"(,"op":"hall"})"
             "\n";
  c.send_raw(burst);
  int answers = 0;
  while (auto line = c.read_line(2000ms)) {
    CHECK(json::parse(*line)["error"]["code"] == "unauthorized");
    ++answers;
  }
  CHECK(answers == 8);  // max_requests_before_hello
  CHECK(c.closed_by_server(2000ms));
}

TEST_CASE("readers that do not read are dropped before the server grows, and a reader that reads goes on") {
  SecuredHall h("max_outbox_kib = 512\nmax_total_outbox_mib = 1\n");
  ServerProcess server(h.config, h.db);
  long rss_before = rss_kib(server.pid());
  std::vector<std::unique_ptr<LineClient>> sleepers;
  for (int i = 0; i < 6; ++i) {
    auto c = std::make_unique<LineClient>(server.port(), 4096);
    CHECK(code_of(hello(*c, "display", "display-1", "test-display-token")) == "ok");
    CHECK(code_of(c->request({{"op", "subscribe"}})) == "ok");
    sleepers.push_back(std::move(c));
  }
  LineClient reader(server.port());
  hello(reader, "display", "display-1", "test-display-token");
  reader.request({{"op", "subscribe"}, {"topics", {"tickets"}}});
  LineClient admin(server.port());
  hello_admin(admin);
  // Thousands of events, pipelined a hundred at a time; the sleepers read
  // none of them, the reader reads all the while.
  std::atomic<bool> done{false};
  std::atomic<int> events{0};
  std::thread reading([&] {
    while (!done)
      if (reader.next_event(50ms)) ++events;
    while (reader.next_event(1000ms)) ++events;
  });
  for (int round = 0; round < 80; ++round) {
    std::string batch;
    for (int i = 0; i < 100; ++i)
      batch += R"({"id":)" + std::to_string(round * 100 + i) +
               R"(,"op":"take","service":"A"})"
               "\n";
    admin.send_raw(batch);
    for (int i = 0; i < 100; ++i)
      if (!admin.read_line(10000ms)) {
        done = true;
        reading.join();
        FAIL("the admin's reply ", i, " of round ", round, " is missing; the server said:\n", server.stderr_text());
      }
  }
  done = true;
  reading.join();
  CHECK(events == 8000);  // one ticket event per take, all of them
  int dropped = 0;
  for (auto& c : sleepers)
    if (c->closed_by_server(2000ms)) ++dropped;
  CHECK(dropped >= 1);
  CHECK(server.logged("too slow reading") == (dropped > 0));
  long rss_after = rss_kib(server.pid());
  CAPTURE(rss_before);
  CAPTURE(rss_after);
  CHECK(rss_after - rss_before < 40 * 1024);  // 8000 tickets and a 1 MiB budget, not 6 × 512 KiB
}

// ------------------------------------------------------------------ the log

TEST_CASE("a client cannot forge a log line, and a flood of refusals costs a few lines") {
  SecuredHall h("log_burst = 3\nlog_window_s = 60\n");
  ServerProcess server(h.config, h.db);
  {
    LineClient c(server.port());
    c.send_raw("{\"id\":1,\"op\":\"x\\n2026-11-30T00:00:00+08:00 FORGED admin logged in\\u0000\"}\n");
    c.read_line();
  }
  auto size_before = server.stderr_text().size();
  for (int i = 0; i < 40; ++i) {
    LineClient c(server.port());
    std::string burst;
    for (int k = 1; k <= 8; ++k)
      burst += R"({"id":)" + std::to_string(k) +
               R"(,"op":"ping"})"
               "\n";
    c.send_raw(burst);
    while (c.read_line(500ms)) {
    }
  }
  std::this_thread::sleep_for(300ms);
  std::string log = server.stderr_text();
  std::istringstream lines(log);
  std::string line;
  bool forged = false;
  while (std::getline(lines, line)) forged = forged || line.rfind("2026-11-30T00:00:00+08:00 FORGED", 0) == 0;
  CHECK_FALSE(forged);
  CHECK(log.find("\\u000a2026-11-30T00:00:00+08:00 FORGED") != std::string::npos);  // there, escaped
  CHECK(log.find('\0') == std::string::npos);
  CAPTURE(log.substr(size_before));
  CHECK(log.size() - size_before < 3000);  // 320 refusals and 40 connections: a handful of lines
}

// ------------------------------------------------------------------ PINs

TEST_CASE("wrong PINs: a wait, then a lock with an alarm, ended by an admin") {
  SecuredHall h("pin_failures = 2\npin_delay_s = 1\npin_lockout_after = 3\npin_lockout_minutes = 1\n");
  ServerProcess server(h.config, h.db);
  LineClient caller(server.port()), admin(server.port());
  hello(caller, "caller", "caller-1", "test-caller-1-token");
  hello_admin(admin);
  auto login = [&](const char* pin) {
    return code_of(caller.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", pin}}));
  };
  CHECK(login("0000") == "unauthorized");
  CHECK(login("0001") == "unauthorized");
  CHECK(login("0002") == "locked");  // must wait a second now
  std::this_thread::sleep_for(1100ms);
  CHECK(login("739153") == "unauthorized");  // the third: locked for a minute
  CHECK(login("1111") == "locked");          // even the right PIN
  auto alarms = admin.request({{"op", "alarms"}})["alarms"];
  int locks = 0;
  for (const auto& a : alarms)
    if (a["kind"] == "pin_locked") ++locks;
  CHECK(locks == 2);  // the clerk and the device
  CHECK(code_of(admin.request({{"op", "unlock"}, {"who", "c1"}})) == "ok");
  CHECK(code_of(admin.request({{"op", "unlock"}, {"who", "caller-1"}})) == "ok");
  json nothing = admin.request({{"op", "unlock"}, {"who", "c1"}});
  CHECK(code_of(nothing) == "not_found");
  CHECK(nothing["error"]["message"] == "no lock or wrong PINs recorded for c1");
  // Someone the hall does not know is said to be so, not "no lock" (a typo would look like success).
  json nobody = admin.request({{"op", "unlock"}, {"who", "c99"}});
  CHECK(code_of(nobody) == "not_found");
  CHECK(nobody["error"]["message"] == "no clerk, user or device \"c99\"");
  CHECK(login("1111") == "ok");
  CHECK(server.logged("wrong PIN for clerk c1"));
  CHECK(server.stderr_text().find("739153") == std::string::npos);  // no PIN in the log
}

TEST_CASE("PINs are checked off the event loop: others are answered while a costly PIN is verified") {
  std::string strong = hallq::domain::hash_pin("2222");  // today's cost, ~0.2 s a check
  SecuredHall h("pin_failures = 100\npin_lockout_after = 1000\n", "", "pbkdf2-sha256$1000$32e2ae66", "XX");
  // Replace c2's hash with the strong one.
  std::string text = read_file(h.config);
  auto at = text.find("XX");
  auto end = text.find('"', at);
  text.replace(at, end - at, strong);
  std::ofstream(h.config) << text;
  ServerProcess server(h.config, h.db);
  std::atomic<bool> stop{false};
  std::thread logins([&] {
    LineClient c(server.port());
    hello_admin(c);
    while (!stop) c.request({{"op", "login"}, {"window", 2}, {"clerk", "c2"}, {"pin", "9999"}}, 10000ms);
  });
  LineClient pinger(server.port());
  hello(pinger, "display", "display-1", "test-display-token");
  std::this_thread::sleep_for(300ms);
  std::vector<double> ms;
  for (int i = 0; i < 40; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    pinger.request({{"op", "ping"}});
    ms.push_back(ms_since(t0));
    std::this_thread::sleep_for(20ms);
  }
  stop = true;
  logins.join();
  std::sort(ms.begin(), ms.end());
  MESSAGE("ping while PINs are checked: p50 " << ms[ms.size() / 2] << " ms, max " << ms.back() << " ms");
  CHECK(ms[ms.size() / 2] < 50);  // PBKDF2 on the loop would put most pings behind a 0.2 s check
}

TEST_CASE("a weak PIN hash is upgraded to today's cost at a good login, and kept across restarts") {
  SecuredHall h;
  {
    ServerProcess server(h.config, h.db);
    LineClient c(server.port());
    hello(c, "caller", "caller-1", "test-caller-1-token");
    CHECK(code_of(c.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}})) == "ok");
    CHECK(server.logged("clerk c1: PIN hash upgraded", 5000ms));
    server.terminate();
  }
  {
    SQLite::Database db(h.db, SQLite::OPEN_READONLY);
    std::string hash = db.execAndGet("SELECT hash FROM credentials WHERE kind='pin' AND id='c1'").getString();
    CHECK(hash.rfind("pbkdf2-sha256$600000$", 0) == 0);
  }
  ServerProcess again(h.config, h.db);
  LineClient c(again.port());
  hello(c, "caller", "caller-1", "test-caller-1-token");
  CHECK(code_of(c.request({{"op", "logout"}, {"window", 1}})) == "ok");
  CHECK(code_of(c.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1111"}}, 10000ms)) == "ok");
  CHECK(code_of(c.request({{"op", "logout"}, {"window", 1}})) == "ok");
  CHECK(code_of(c.request({{"op", "login"}, {"window", 1}, {"clerk", "c1"}, {"pin", "1112"}}, 10000ms)) ==
        "unauthorized");
}

// ------------------------------------------------------------------ what a kiosk may claim

TEST_CASE("a kiosk cannot jump the queue or choose its channel, and issues at a person's pace") {
  SecuredHall h("kiosk_burst = 4\nkiosk_interval_s = 60\n");
  ServerProcess server(h.config, h.db);
  LineClient kiosk(server.port()), guide(server.port());
  hello(kiosk, "kiosk", "kiosk-1", "test-kiosk-token");
  hello(guide, "guide", "guide-1", "test-guide-token");
  CHECK(code_of(kiosk.request({{"op", "take"}, {"service", "A"}, {"priority", "elderly"}})) == "forbidden");
  CHECK(code_of(kiosk.request({{"op", "take"}, {"service", "A"}, {"channel", "admin"}})) == "forbidden");
  auto first = kiosk.request({{"op", "take"}, {"service", "A"}, {"request_key", "k1"}});
  REQUIRE(code_of(first) == "ok");
  CHECK(first["ticket"]["priority"] == "normal");
  CHECK(first["ticket"]["channel"] == "kiosk");
  for (const char* key : {"k2", "k3", "k4"})
    CHECK(code_of(kiosk.request({{"op", "take"}, {"service", "A"}, {"request_key", key}})) == "ok");
  CHECK(code_of(kiosk.request({{"op", "take"}, {"service", "A"}, {"request_key", "k5"}})) == "rate_limited");
  // Asking again for a ticket already issued is not a new ticket.
  auto again = kiosk.request({{"op", "take"}, {"service", "A"}, {"request_key", "k1"}});
  CHECK(code_of(again) == "ok");
  CHECK(again["ticket"]["number"] == first["ticket"]["number"]);
  bool alarm = false;
  auto alarms = guide.request({{"op", "alarms"}});
  for (const auto& a : alarms["alarms"]) alarm = alarm || (a["kind"] == "issue_rate" && a["device"] == "kiosk-1");
  CHECK_MESSAGE(alarm, alarms.dump());
  // A guide may issue with a priority, for someone who needs it.
  auto helped = guide.request({{"op", "take"}, {"service", "A"}, {"priority", "elderly"}});
  CHECK(helped["ticket"]["priority"] == "elderly");
  CHECK(helped["ticket"]["channel"] == "guide");
}

// ------------------------------------------------------------------ TLS

TEST_CASE("TLS: hallqctl talks to a TLS server with the right CA, and not without it") {
  TempDir certs;
  auto openssl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "openssl");
    auto r = run(args, {}, {}, 30s);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  };
  // A hall CA, and the server's certificate for 127.0.0.1 signed by it.
  openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=hall CA", "-keyout",
           certs.path("ca.key"), "-out", certs.path("ca.pem")});
  openssl({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", certs.path("server.key"),
           "-out", certs.path("server.csr")});
  std::string ext = certs.write("ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl({"x509", "-req", "-in", certs.path("server.csr"), "-CA", certs.path("ca.pem"), "-CAkey", certs.path("ca.key"),
           "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", certs.path("server.pem")});
  openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=another CA", "-keyout",
           certs.path("other.key"), "-out", certs.path("other.pem")});

  SecuredHall h("", "tls_cert_file = \"" + certs.path("server.pem") + "\"\ntls_key_file = \"" +
                        certs.path("server.key") + "\"\n");
  ServerProcess server(h.config, h.db);
  CHECK(server.logged("with TLS"));
  std::vector<std::string> env = {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=test-admin-token"};
  auto ok = run({bin("hallqctl"), "--tls-ca", certs.path("ca.pem"), "ping"}, env);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("pong") != std::string::npos);
  auto plain = run({bin("hallqctl"), "--timeout", "2000", "ping"}, env);
  CHECK(plain.exit_code == 2);
  auto wrong = run({bin("hallqctl"), "--tls-ca", certs.path("other.pem"), "ping"}, env);
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("TLS") != std::string::npos);
  // A terminal too: the hall board's first live frame comes over TLS.
  std::vector<std::string> display = {
      bin("hallq-display"), "--server",   server.address(), "--device", "display-1",    "--token",
      "test-display-token", "--no-voice", "--size",         "640x360",  "--screenshot", certs.path("board.png")};
  display.insert(display.end(), {"--tls-ca", certs.path("ca.pem")});
  auto board = run(display, {"SDL_VIDEODRIVER=dummy"}, {}, 60s);
  INFO(board.err);
  CHECK(board.exit_code == 0);
  CHECK(fs::file_size(certs.path("board.png")) > 1000);
}

TEST_CASE("a TLS private key every user may read is logged as a warning at start") {
  TempDir certs;
  auto r = run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-keyout", certs.path("server.key"), "-out", certs.path("server.pem")},
               {}, {}, 30s);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  SecuredHall h("", "tls_cert_file = \"" + certs.path("server.pem") + "\"\ntls_key_file = \"" +
                        certs.path("server.key") + "\"\n");
  {
    ::chmod(certs.path("server.key").c_str(), 0640);  // a group (ssl-cert) may read it
    ServerProcess server(h.config, h.db);
    CHECK(server.logged("with TLS"));
    CHECK_FALSE(server.logged("readable by every user"));
  }
  ::chmod(certs.path("server.key").c_str(), 0644);
  ServerProcess server(h.config, h.db);
  CHECK(server.logged("the TLS private key is readable by every user of this machine (chmod o-r"));
}
