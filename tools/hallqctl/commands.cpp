#include "tools/hallqctl/commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "core/domain/crypto.hpp"
#include "tools/hallqctl/command.hpp"

namespace hallq::ctl {
namespace {

constexpr const char* kUsage =
    R"(usage: hallqctl [--server HOST:PORT] [--token T] [--device ID] [--role R] [--tls-ca FILE] [--json] COMMAND ...

tickets
  take SERVICE [--id ID_NUMBER] [--name NAME] [--priority CLASS] [--channel C] [--language zh|mn|en]
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
  health                            the server's own state, for monitoring: disk, commits, devices,
                                    alarms (guide, admin). Exit status 0 ok, 1 warning, 2 critical,
                                    3 unknown (no answer)
  hall                              services, windows, clerks as configured
  import-appointments FILE [--day YYYY-MM-DD]
                                    FILE: JSON array or CSV "code,service,time[,id_number[,name]]"
  unlock CLERK|DEVICE               end a PIN lock (admin)
  passwd USER                       set a clerk's or [[user]]'s password for the web console (admin;
                                    typed twice without echo, or one line of standard input)
  ping
  backup [FILE]                     a copy of the database while the hall runs (admin): FILE on the
                                    server's machine (made absolute here), or the server's backup folder
  staffing [--date D] [--share P] [--target-minutes N] [--language zh|mn|en] [--json]
                                    the fewest windows per hour (and which) that call P (0.9) of the
                                    citizens within N minutes, from the hall's history (guide, admin);
                                    the table in English unless --language says otherwise; --json:
                                    the server's reply (docs/protocol.md, staffing)
cases (docs/cases.md)
  cases [--state S] [--department D] [--overdue] [--due-soon] [--open] [--ticket NUMBER]
  case show NUMBER
  case ready NUMBER                 the result is back in the hall: the applicant is told to collect it
  handovers [DEPARTMENT]
  handover create DEPARTMENT CASE...
  handover receive SHEET PERSON     the named person at the department signs for it
  handover return SHEET CASE[=rejected:REASONS]...
  handover show SHEET
  handover print SHEET > sheet.pdf  the A4 hand-over sheet (流转单)
  register print [DAY] > reg.pdf    the day's pickup register (出件登记)
  notifications                     the outbox of notices to applicants
ratings (好差评, docs/ratings.md; guides and admins)
  ratings [--day D | --from D [--to D]] [--by clerk|service|window|day]
                                    the figures (default today, the total only)
  ratings export [--day D | --from D [--to D]] [--format csv|jsonl] [--out FILE]
                                    every visit, rated or not, for the provincial platform
  followups [--all]                 follow-ups of bad ratings not ended (every one kept, with --all)
  followup ID STATE NOTE...         the next step: contacted, rectified, closed or unreachable
offline
  hash-pin [PIN]                    print a pin_hash for the hall configuration

The connection comes from --server/--token/--device/--role or $HALLQ_SERVER,
$HALLQ_TOKEN, $HALLQ_DEVICE, $HALLQ_ROLE (defaults: 127.0.0.1:7700, device
"admin", role "admin"; a token has no default). With --tls-ca FILE (or
$HALLQ_TLS_CA) the connection is TLS, the server's certificate checked
against that CA. The papers and exports (handover print, register print,
ratings export, staffing) take their words and fonts from the installed
assets, or from --assets DIR (or $HALLQ_ASSETS). Exit status: 0 done,
1 refused by the server, 2 usage or connection error (health: as above,
a bad command line included).
)";

std::string default_server() {
  return "127.0.0.1:" + std::to_string(protocol::kDefaultPort);
}

std::string env_or(const char* name, std::string def) {
  const char* v = std::getenv(name);
  return v && *v ? v : def;
}

const std::map<std::string, bool> kFlags = {  // flag → takes a value
    {"--server", true},  {"--token", true},      {"--device", true},
    {"--role", true},    {"--json", false},      {"--timeout", true},
    {"--id", true},      {"--name", true},       {"--priority", true},
    {"--channel", true}, {"--to-service", true}, {"--to-window", true},
    {"--day", true},     {"--count", true},      {"--help", false},
    {"--tls-ca", true},  {"--state", true},      {"--department", true},
    {"--ticket", true},  {"--overdue", false},   {"--due-soon", false},
    {"--open", false},   {"--assets", true},     {"--from", true},
    {"--to", true},      {"--by", true},         {"--format", true},
    {"--out", true},     {"--all", false},       {"--language", true},
    {"--date", true},    {"--share", true},      {"--target-minutes", true}};

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

// Every command that talks to the server, by name.
const Commands& commands() {
  static const Commands all = [] {
    Commands c;
    add_queue_commands(c);
    add_hall_commands(c);
    add_case_commands(c);
    add_rating_commands(c);
    return c;
  }();
  return all;
}

}  // namespace

int to_int(const std::string& s, const char* what) {
  try {
    std::size_t used = 0;
    int v = std::stoi(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(std::string(what) + " must be a number, not \"" + s + "\"");
}

std::string read_pin(const Args& a, std::size_t index) {
  if (a.pos.size() > index) return a.pos[index];
  if (const char* p = std::getenv("HALLQ_PIN"); p && *p) return p;
  if (isatty(STDIN_FILENO)) std::cerr << "PIN: " << std::flush;
  std::string pin;
  std::getline(std::cin, pin);
  return pin;
}

void Context::need(std::size_t n, const char* what) const {
  if (a.pos.size() < n + 1) throw UsageError(a.pos[0] + " needs " + what);
}

int Context::refused(const protocol::Failure& f) const {
  err << "error: " << to_string(f.code) << ": " << f.message << "\n";
  return 1;
}

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
    // A monitoring check whose command line is wrong knows nothing: unknown, not critical.
    bool health = std::any_of(argv + 1, argv + argc, [](const char* x) { return std::string_view(x) == "health"; });
    return health ? kHealthUnknown : 2;
  }
  const std::string cmd = a.pos[0];
  try {
    if (cmd == "hash-pin") {  // offline
      std::string pin = read_pin(a, 1);
      if (pin.size() < 4) throw UsageError("a PIN needs at least 4 characters");
      out << domain::hash_pin(pin) << "\n";
      return 0;
    }
    Context context{a, out, err, a.has("--json"),
                    std::chrono::milliseconds(to_int(a.flag("--timeout", "10000"), "--timeout"))};
    auto command = commands().find(cmd);
    if (command == commands().end()) throw UsageError("unknown command \"" + cmd + "\"");
    // The request is made before connecting, so that a usage error needs no server.
    Action action = command->second(context);

    auto server =
        net::parse_host_port(a.flag("--server", env_or("HALLQ_SERVER", default_server())), protocol::kDefaultPort);
    if (!server) throw UsageError("--server must be HOST:PORT");
    auto role = protocol::enum_from_string<protocol::Role>(a.flag("--role", env_or("HALLQ_ROLE", "admin")));
    if (!role) throw UsageError("--role must be one of " + protocol::enum_choices<protocol::Role>());
    std::string token = a.flag("--token", env_or("HALLQ_TOKEN", ""));
    if (token.empty()) throw UsageError("no token given (set HALLQ_TOKEN or --token)");
    net::SyncClient client;
    client.connect(*server, std::min(context.timeout, std::chrono::milliseconds(5000)),
                   a.flag("--tls-ca", env_or("HALLQ_TLS_CA", "")));
    client.hello(*role, a.flag("--device", env_or("HALLQ_DEVICE", "admin")), token);
    return action(client);
  } catch (const UsageError& e) {
    err << "hallqctl: " << e.what() << "\n";
    return cmd == "health" ? kHealthUnknown : 2;
  } catch (const net::ClientError& e) {
    err << "hallqctl: " << e.what() << "\n";
    return cmd == "health" ? kHealthUnknown : 2;
  } catch (const std::runtime_error& e) {  // no assets for a paper, a renderer failure
    err << "hallqctl: " << e.what() << "\n";
    return cmd == "health" ? kHealthUnknown : 2;
  }
}

}  // namespace hallq::ctl
