#include "tools/hallqctl/commands.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/domain/crypto.hpp"
#include "core/net/sync_client.hpp"
#include "tools/hallqctl/format.hpp"

namespace hallq::ctl {
namespace {

using nlohmann::json;

constexpr const char* kUsage =
    R"(usage: hallqctl [--server HOST:PORT] [--token T] [--device ID] [--role R] [--json] COMMAND ...

tickets
  take SERVICE [--id ID_NUMBER] [--name NAME] [--priority CLASS] [--channel C]
  status NUMBER
  checkin CODE | checkin --id ID_NUMBER
  requeue NUMBER                    put a late no-show back in the queue (guide)
  cancel NUMBER [REASON]
windows (a clerk must log in first)
  login WINDOW CLERK [PIN]          PIN also from $HALLQ_PIN or standard input
  logout WINDOW
  call WINDOW [NUMBER]              call the next ticket, or a given number
  recall WINDOW
  no-show WINDOW
  finish WINDOW
  transfer WINDOW (--to-service CODE | --to-window N)
  pause WINDOW REASON...
  resume WINDOW
hall
  snapshot                          services, windows and recent calls
  waiting WINDOW                    what this window would call next
  watch [TOPIC...] [--count N]      stream events (calls tickets queues windows alarms)
  stats [DAY]
  alarms
  hall                              services, windows, clerks as configured
  import-appointments FILE [--day YYYY-MM-DD]
                                    FILE: JSON array or CSV "code,service,time[,id_number[,name]]"
  ping
offline
  hash-pin [PIN]                    print a pin_hash for the hall configuration

The connection comes from --server/--token/--device/--role or $HALLQ_SERVER,
$HALLQ_TOKEN, $HALLQ_DEVICE, $HALLQ_ROLE (defaults: 127.0.0.1:7700, device
"admin", role "admin"). Exit status: 0 done, 1 refused by the server, 2 usage
or connection error.
)";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string env_or(const char* name, std::string def) {
  const char* v = std::getenv(name);
  return v && *v ? v : def;
}

struct Args {
  std::vector<std::string> pos;
  std::map<std::string, std::string> flags;  // "--x" → value ("" for switches)
  bool has(const std::string& f) const { return flags.count(f) != 0; }
  std::string flag(const std::string& f, std::string def = {}) const {
    auto it = flags.find(f);
    return it == flags.end() ? def : it->second;
  }
};

const std::map<std::string, bool> kFlags = {  // flag → takes a value
    {"--server", true},     {"--token", true},     {"--device", true}, {"--role", true},     {"--json", false},
    {"--timeout", true},    {"--id", true},        {"--name", true},   {"--priority", true}, {"--channel", true},
    {"--to-service", true}, {"--to-window", true}, {"--day", true},    {"--count", true},    {"--help", false}};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s.size() > 2 && s.rfind("--", 0) == 0) {
      auto eq = s.find('=');
      std::string name = s.substr(0, eq);
      auto f = kFlags.find(name);
      if (f == kFlags.end()) throw UsageError("unknown option " + name);
      if (!f->second) {
        a.flags[name] = "";
      } else if (eq != std::string::npos) {
        a.flags[name] = s.substr(eq + 1);
      } else {
        if (i + 1 >= argc) throw UsageError(name + " needs a value");
        a.flags[name] = argv[++i];
      }
    } else {
      a.pos.push_back(s);
    }
  }
  return a;
}

int to_int(const std::string& s, const char* what) {
  try {
    std::size_t used = 0;
    int v = std::stoi(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(std::string(what) + " must be a number, not \"" + s + "\"");
}

std::vector<json> read_appointments(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  std::vector<json> out;
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_array()) throw UsageError(path + " is not a JSON array");
    for (auto& e : j) out.push_back(e);
    return out;
  }
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || (n == 1 && line.rfind("code", 0) == 0)) continue;
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (f.size() < 3) throw UsageError(path + ":" + std::to_string(n) + ": need code,service,time");
    json a = {{"code", f[0]}, {"service", f[1]}, {"time", f[2]}};
    if (f.size() > 3 && !f[3].empty()) a["id_number"] = f[3];
    if (f.size() > 4 && !f[4].empty()) a["name"] = f[4];
    out.push_back(a);
  }
  return out;
}

std::string read_pin(const Args& a, std::size_t index) {
  if (a.pos.size() > index) return a.pos[index];
  if (const char* p = std::getenv("HALLQ_PIN"); p && *p) return p;
  if (isatty(STDIN_FILENO)) std::cerr << "PIN: " << std::flush;
  std::string pin;
  std::getline(std::cin, pin);
  return pin;
}

}  // namespace

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  Args a;
  try {
    a = parse(argc, argv);
    if (a.has("--help") || a.pos.empty() || a.pos[0] == "help") {
      (a.pos.empty() && !a.has("--help") ? err : out) << kUsage;
      return a.pos.empty() && !a.has("--help") ? 2 : 0;
    }
  } catch (const UsageError& e) {
    err << "hallqctl: " << e.what() << "\n" << kUsage;
    return 2;
  }
  const std::string cmd = a.pos[0];
  const bool as_json = a.has("--json");
  auto need = [&](std::size_t n, const char* what) {
    if (a.pos.size() < n + 1) throw UsageError(cmd + " needs " + what);
  };

  try {
    if (cmd == "hash-pin") {
      std::string pin = read_pin(a, 1);
      if (pin.size() < 4) throw UsageError("a PIN needs at least 4 characters");
      out << domain::hash_pin(pin) << "\n";
      return 0;
    }

    // Build the request before connecting, so usage errors need no server.
    json req;
    std::function<void(const json&)> show;  // readable output of a successful reply
    auto show_ticket = [&](const json& r) { out << format_ticket(r["ticket"]) << "\n"; };
    auto show_window = [&](const json& r) { out << format_window(r["window"]) << "\n"; };
    if (cmd == "take") {
      need(1, "a service code");
      req = {{"op", "take"}, {"service", a.pos[1]}};
      if (a.has("--id")) req["id_number"] = a.flag("--id");
      if (a.has("--name")) req["name"] = a.flag("--name");
      if (a.has("--priority")) req["priority"] = a.flag("--priority");
      if (a.has("--channel")) req["channel"] = a.flag("--channel");
      show = show_ticket;
    } else if (cmd == "status" || cmd == "requeue") {
      need(1, "a ticket number");
      req = {{"op", cmd}, {"number", a.pos[1]}};
      show = show_ticket;
    } else if (cmd == "cancel") {
      need(1, "a ticket number");
      req = {{"op", "cancel"}, {"number", a.pos[1]}};
      if (a.pos.size() > 2) req["reason"] = a.pos[2];
      show = show_ticket;
    } else if (cmd == "checkin") {
      req = {{"op", "checkin"}};
      if (a.has("--id"))
        req["id_number"] = a.flag("--id");
      else if (a.pos.size() > 1)
        req["code"] = a.pos[1];
      else
        throw UsageError("checkin needs a code or --id");
      show = show_ticket;
    } else if (cmd == "login") {
      need(2, "a window and a clerk id");
      req = {{"op", "login"}, {"window", to_int(a.pos[1], "window")}, {"clerk", a.pos[2]}, {"pin", read_pin(a, 3)}};
      show = show_window;
    } else if (cmd == "logout" || cmd == "resume") {
      need(1, "a window number");
      req = {{"op", cmd}, {"window", to_int(a.pos[1], "window")}};
      show = show_window;
    } else if (cmd == "call") {
      need(1, "a window number");
      req = {{"op", a.pos.size() > 2 ? "call_number" : "call"}, {"window", to_int(a.pos[1], "window")}};
      if (a.pos.size() > 2) req["number"] = a.pos[2];
      show = [&](const json& r) { out << "calling " << format_ticket(r["ticket"]) << "\n"; };
    } else if (cmd == "recall" || cmd == "no-show" || cmd == "finish") {
      need(1, "a window number");
      req = {{"op", cmd == "no-show" ? "no_show" : cmd}, {"window", to_int(a.pos[1], "window")}};
      show = show_ticket;
    } else if (cmd == "transfer") {
      need(1, "a window number");
      req = {{"op", "transfer"}, {"window", to_int(a.pos[1], "window")}};
      if (a.has("--to-service")) req["to_service"] = a.flag("--to-service");
      if (a.has("--to-window")) req["to_window"] = to_int(a.flag("--to-window"), "--to-window");
      if (!a.has("--to-service") && !a.has("--to-window"))
        throw UsageError("transfer needs --to-service or --to-window");
      show = show_ticket;
    } else if (cmd == "pause") {
      need(2, "a window number and a reason");
      std::string reason;
      for (std::size_t i = 2; i < a.pos.size(); ++i) reason += (i > 2 ? " " : "") + a.pos[i];
      req = {{"op", "pause"}, {"window", to_int(a.pos[1], "window")}, {"reason", reason}};
      show = show_window;
    } else if (cmd == "snapshot") {
      req = {{"op", "snapshot"}};
      show = [&](const json& r) { out << format_snapshot(r); };
    } else if (cmd == "waiting") {
      need(1, "a window number");
      req = {{"op", "waiting"}, {"window", to_int(a.pos[1], "window")}};
      show = [&](const json& r) {
        if (r["tickets"].empty()) out << "nobody is waiting for window " << a.pos[1] << "\n";
        for (const auto& t : r["tickets"]) out << format_ticket(t) << "\n";
      };
    } else if (cmd == "stats") {
      req = {{"op", "stats"}};
      if (a.pos.size() > 1) req["day"] = a.pos[1];
      show = [&](const json& r) { out << format_stats(r); };
    } else if (cmd == "alarms") {
      req = {{"op", "alarms"}};
      show = [&](const json& r) {
        if (r["alarms"].empty()) out << "no alarms\n";
        for (const auto& al : r["alarms"]) out << al.value("kind", "") << ": " << al.value("message", "") << "\n";
      };
    } else if (cmd == "hall") {
      req = {{"op", "hall"}};
      show = [&](const json& r) { out << format_hall(r.value("hall", json::object())); };
    } else if (cmd == "ping") {
      req = {{"op", "ping"}};
      show = [&](const json& r) { out << "pong " << r.value("now", "") << "\n"; };
    } else if (cmd == "import-appointments") {
      need(1, "a file");
      req = {{"op", "import_appointments"}, {"appointments", read_appointments(a.pos[1])}};
      if (a.has("--day")) req["day"] = a.flag("--day");
      show = [&](const json& r) {
        out << "imported " << r.value("imported", 0) << " appointments for " << r.value("day", "") << "\n";
      };
    } else if (cmd == "watch") {
      json topics = json::array();
      for (std::size_t i = 1; i < a.pos.size(); ++i) topics.push_back(a.pos[i]);
      req = {{"op", "subscribe"}};
      if (!topics.empty()) req["topics"] = topics;
    } else {
      throw UsageError("unknown command \"" + cmd + "\"");
    }

    auto server = net::parse_host_port(a.flag("--server", env_or("HALLQ_SERVER", "127.0.0.1:7700")), 7700);
    if (!server) throw UsageError("--server must be HOST:PORT");
    auto timeout = std::chrono::milliseconds(to_int(a.flag("--timeout", "10000"), "--timeout"));
    net::SyncClient client;
    client.connect(*server, std::min(timeout, std::chrono::milliseconds(5000)));
    client.hello(a.flag("--role", env_or("HALLQ_ROLE", "admin")), a.flag("--device", env_or("HALLQ_DEVICE", "admin")),
                 a.flag("--token", env_or("HALLQ_TOKEN", "")));
    json reply = client.request(req, timeout);
    if (!reply.value("ok", false)) {
      if (as_json) out << reply.dump() << "\n";
      const json& e = reply.contains("error") ? reply["error"] : json::object();
      err << "error: " << e.value("code", "?") << ": " << e.value("message", "") << "\n";
      return 1;
    }
    if (cmd == "watch") {
      long limit = a.has("--count") ? to_int(a.flag("--count"), "--count") : -1;
      if (!as_json) out << "watching " << reply["topics"].dump() << " (Ctrl-C to stop)\n" << std::flush;
      for (long n = 0; limit < 0 || n < limit;) {
        auto ev = client.next_event(std::chrono::seconds(30));
        if (!ev) {
          client.request({{"op", "ping"}}, timeout);  // keep the connection alive
          continue;
        }
        out << (as_json ? ev->dump() : format_event(*ev)) << "\n" << std::flush;
        ++n;
      }
      return 0;
    }
    if (as_json)
      out << reply.dump() << "\n";
    else if (show)
      show(reply);
    return 0;
  } catch (const UsageError& e) {
    err << "hallqctl: " << e.what() << "\n";
    return 2;
  } catch (const net::ClientError& e) {
    err << "hallqctl: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace hallq::ctl
