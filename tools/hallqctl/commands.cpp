#include "tools/hallqctl/commands.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/config/paths.hpp"
#include "core/domain/crypto.hpp"
#include "core/net/sync_client.hpp"
#include "core/protocol/appointments_csv.hpp"
#include "core/protocol/messages.hpp"
#include "core/sheets/case_papers.hpp"
#include "tools/hallqctl/cases.hpp"
#include "tools/hallqctl/format.hpp"
#include "tools/hallqctl/ratings.hpp"
#include "tools/hallqctl/secrets.hpp"

namespace hallq::ctl {
namespace {

using nlohmann::json;

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
  staffing [--date D] [--share P] [--target-minutes N] [--language zh|mn|en]
                                    the fewest windows per hour (and which) that call P (0.9) of the
                                    citizens within N minutes, from the hall's history (guide, admin);
                                    the table in English unless --language says otherwise
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
against that CA. Exit status: 0 done, 1 refused by the server, 2 usage
or connection error (health: as above).
)";

// health's exit status when there is no verdict (no server, refused, a bad command line): monitoring's "unknown".
constexpr int kHealthUnknown = 3;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string default_server() {
  return "127.0.0.1:" + std::to_string(protocol::kDefaultPort);
}

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

int to_int(const std::string& s, const char* what) {
  try {
    std::size_t used = 0;
    int v = std::stoi(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(std::string(what) + " must be a number, not \"" + s + "\"");
}

std::vector<protocol::AppointmentEntry> read_appointments(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto read = protocol::read_appointments(ss.str());
  if (const std::string* error = std::get_if<std::string>(&read)) throw UsageError(path + ": " + *error);
  return std::get<std::vector<protocol::AppointmentEntry>>(std::move(read));
}

std::string read_pin(const Args& a, std::size_t index) {
  if (a.pos.size() > index) return a.pos[index];
  if (const char* p = std::getenv("HALLQ_PIN"); p && *p) return p;
  if (isatty(STDIN_FILENO)) std::cerr << "PIN: " << std::flush;
  std::string pin;
  std::getline(std::cin, pin);
  return pin;
}

int refused(const protocol::Failure& f, std::ostream& err) {
  err << "error: " << to_string(f.code) << ": " << f.message << "\n";
  return 1;
}

// ratings export: every visit of the period, asked for in pieces of at most 31
// days (rating_list's limit), written as they come — to FILE.part, renamed to
// FILE once complete, so a FILE is never half an export.
int export_ratings(net::SyncClient& client, std::chrono::milliseconds timeout, std::optional<std::string> from,
                   std::optional<std::string> to, ExportFormat format, const std::string& out_path,
                   const std::string& assets, std::ostream& out, std::ostream& err) {
  if (!from) {  // today: the hall day as the server counts it
    auto today = client.call(protocol::RatingFiguresRequest{}, timeout);
    if (!today) return refused(today.failure(), err);
    from = today->from;
  }
  auto hall = client.call(protocol::HallRequest{}, timeout);
  if (!hall) return refused(hall.failure(), err);
  ExportWords words = ExportWords::load(assets, hall->hall);
  std::ofstream file;
  const std::string part = out_path + ".part";
  if (!out_path.empty()) {
    file.open(part, std::ios::binary | std::ios::trunc);
    if (!file) throw UsageError("cannot write " + part);
  }
  std::ostream& to_stream = out_path.empty() ? out : file;
  auto fail = [&](int code) {
    if (!out_path.empty()) {
      file.close();
      std::remove(part.c_str());
    }
    return code;
  };
  if (format == ExportFormat::csv) to_stream << export_csv_header();
  int visits = 0, rated = 0;
  try {
    for (const auto& [first, last] : export_periods(*from, to.value_or(*from))) {
      auto list = client.call(protocol::RatingListRequest{first, last}, timeout);
      if (!list) return fail(refused(list.failure(), err));
      for (const auto& r : list->ratings) {
        to_stream << export_row(r, words, format);
        ++visits;
        rated += r.level ? 1 : 0;
      }
    }
  } catch (...) {  // the connection broke: no half file left behind
    fail(2);
    throw;
  }
  to_stream.flush();
  if (out_path.empty()) return 0;
  file.close();
  if (!file || std::rename(part.c_str(), out_path.c_str()) != 0) {
    err << "hallqctl: cannot write " << out_path << "\n";
    return fail(2);
  }
  out << "exported " << visits << " visits (" << rated << " rated) of " << *from << ".." << to.value_or(*from) << " to "
      << out_path << "\n";
  return 0;
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

    // Build the request before connecting, so usage errors need no server:
    // `action` sends it, prints the reply and returns the exit status.
    std::function<int(net::SyncClient&)> action;
    auto timeout = std::chrono::milliseconds(to_int(a.flag("--timeout", "10000"), "--timeout"));
    // Sends `req`; prints the raw reply with --json, else `show(reply)`; a
    // refusal prints its code and message and exits 1.
    auto send = [&](const auto& req, auto show) {
      action = [&, req, show](net::SyncClient& client) -> int {
        using Req = std::decay_t<decltype(req)>;
        json raw = client.request_object(req, timeout);
        if (as_json) out << raw.dump() << "\n";
        auto reply = protocol::read_reply<typename Req::Reply>(raw);
        if (!reply) {
          err << "error: " << to_string(reply.failure().code) << ": " << reply.failure().message << "\n";
          return 1;
        }
        if (!as_json) show(reply.value());
        return 0;
      };
    };
    auto show_ticket = [&](const protocol::TicketReply& r) { out << format_ticket(r.ticket) << "\n"; };
    auto show_window = [&](const protocol::WindowReply& r) { out << format_window(r.window) << "\n"; };
    auto window_arg = [&] { return to_int(a.pos[1], "window"); };
    if (cmd == "take") {
      need(1, "a service code");
      protocol::TakeRequest r;
      r.service = a.pos[1];
      if (a.has("--id")) r.id_number = a.flag("--id");
      if (a.has("--name")) r.name = a.flag("--name");
      if (a.has("--priority")) r.priority = a.flag("--priority");
      if (a.has("--language")) r.language = a.flag("--language");
      if (a.has("--channel")) {
        r.channel = protocol::enum_from_string<protocol::Channel>(a.flag("--channel"));
        if (!r.channel) throw UsageError("--channel must be one of " + protocol::enum_choices<protocol::Channel>());
      }
      send(r, show_ticket);
    } else if (cmd == "status") {
      need(1, "a ticket number");
      send(protocol::StatusRequest{a.pos[1]}, show_ticket);
    } else if (cmd == "requeue") {
      need(1, "a ticket number");
      send(protocol::RequeueRequest{a.pos[1]}, show_ticket);
    } else if (cmd == "cancel") {
      need(1, "a ticket number");
      protocol::CancelRequest r;
      r.number = a.pos[1];
      if (a.pos.size() > 2) r.reason = a.pos[2];
      send(r, show_ticket);
    } else if (cmd == "checkin") {
      protocol::CheckinRequest r;
      if (a.has("--id"))
        r.id_number = a.flag("--id");
      else if (a.pos.size() > 1)
        r.code = a.pos[1];
      else
        throw UsageError("checkin needs a code or --id");
      send(r, show_ticket);
    } else if (cmd == "login") {
      need(2, "a window and a clerk id");
      send(protocol::LoginRequest{window_arg(), a.pos[2], read_pin(a, 3)}, show_window);
    } else if (cmd == "logout") {
      need(1, "a window number");
      send(protocol::LogoutRequest{window_arg()}, show_window);
    } else if (cmd == "resume") {
      need(1, "a window number");
      send(protocol::ResumeRequest{window_arg()}, show_window);
    } else if (cmd == "call") {
      need(1, "a window number");
      auto show = [&](const protocol::TicketReply& r) { out << "calling " << format_ticket(r.ticket) << "\n"; };
      if (a.pos.size() > 2)
        send(protocol::CallNumberRequest{window_arg(), a.pos[2]}, show);
      else
        send(protocol::CallRequest{window_arg()}, show);
    } else if (cmd == "recall") {
      need(1, "a window number");
      send(protocol::RecallRequest{window_arg()}, show_ticket);
    } else if (cmd == "no-show") {
      need(1, "a window number");
      send(protocol::NoShowRequest{window_arg()}, show_ticket);
    } else if (cmd == "finish") {
      need(1, "a window number");
      send(protocol::FinishRequest{window_arg()}, show_ticket);
    } else if (cmd == "transfer") {
      need(1, "a window number");
      protocol::TransferRequest r;
      r.window = window_arg();
      if (a.has("--to-service")) r.to_service = a.flag("--to-service");
      if (a.has("--to-window")) r.to_window = to_int(a.flag("--to-window"), "--to-window");
      if (!a.has("--to-service") && !a.has("--to-window"))
        throw UsageError("transfer needs --to-service or --to-window");
      send(r, show_ticket);
    } else if (cmd == "pause") {
      need(2, "a window number and a reason");
      std::string reason;
      for (std::size_t i = 2; i < a.pos.size(); ++i) reason += (i > 2 ? " " : "") + a.pos[i];
      send(protocol::PauseRequest{window_arg(), reason}, show_window);
    } else if (cmd == "snapshot") {
      send(protocol::SnapshotRequest{}, [&](const protocol::Snapshot& r) { out << format_snapshot(r); });
    } else if (cmd == "waiting") {
      need(1, "a window number");
      send(protocol::WaitingRequest{window_arg(), std::nullopt}, [&](const protocol::WaitingReply& r) {
        if (r.tickets.empty()) out << "nobody is waiting for window " << r.window << "\n";
        // The window's own order; a ticket's "ahead" counts its service's queue, not this window's.
        int position = 0;
        for (const auto& t : r.tickets) out << pad(ordinal(++position), 6) << format_ticket(t, false) << "\n";
      });
    } else if (cmd == "stats") {
      protocol::StatsRequest r;
      if (a.pos.size() > 1) r.day = a.pos[1];
      action = [&, r](net::SyncClient& client) -> int {
        json raw = client.request_object(r, timeout);
        if (as_json) out << raw.dump() << "\n";
        auto stats = protocol::read_reply<protocol::Stats>(raw);
        if (!stats) return refused(stats.failure(), err);
        if (as_json) return 0;
        std::vector<int> windows;  // the hall's windows, so that those that called nobody show too
        if (auto hall = client.call(protocol::HallRequest{}, timeout))
          for (const auto& w : hall->hall.windows) windows.push_back(w.number);
        out << format_stats(stats.value(), windows);
        return 0;
      };
    } else if (cmd == "alarms") {
      send(protocol::AlarmsRequest{}, [&](const protocol::AlarmsReply& r) {
        if (r.alarms.empty()) out << "no alarms\n";
        for (const auto& al : r.alarms) out << format_alarm(al) << "\n";
      });
    } else if (cmd == "health") {
      action = [&](net::SyncClient& client) -> int {
        json raw = client.request_object(protocol::HealthRequest{}, timeout);
        if (as_json) out << raw.dump() << "\n";
        auto reply = protocol::read_reply<protocol::HealthReply>(raw);
        if (!reply) {
          err << "error: " << to_string(reply.failure().code) << ": " << reply.failure().message << "\n";
          return kHealthUnknown;
        }
        if (!as_json) out << format_health(reply.value());
        return static_cast<int>(reply->status);  // ok 0, warning 1, critical 2: as monitoring expects
      };
    } else if (cmd == "hall") {
      send(protocol::HallRequest{}, [&](const protocol::HallReply& r) { out << format_hall(r.hall); });
    } else if (cmd == "unlock") {
      need(1, "a clerk id or a device id");
      send(protocol::UnlockRequest{a.pos[1]}, [&](const protocol::Empty&) { out << "unlocked " << a.pos[1] << "\n"; });
    } else if (cmd == "passwd") {
      need(1, "a clerk id or a [[user]] id");
      auto password = read_new_password(a.pos[1]);
      if (!password) throw UsageError("the two passwords differ; nothing was changed");
      send(protocol::SetPasswordRequest{a.pos[1], std::move(*password)},
           [&](const protocol::Empty&) { out << "web password set for " << a.pos[1] << "\n"; });
    } else if (cmd == "backup") {
      protocol::BackupRequest r;
      if (a.pos.size() > 1) r.file = std::filesystem::absolute(a.pos[1]).lexically_normal().string();
      if (!a.has("--timeout")) timeout = std::chrono::minutes(10);  // a year's database takes a while
      send(r, [&](const protocol::BackupReply& rep) {
        out << "backup " << rep.file << ": " << rep.bytes << " bytes, schema " << rep.schema << ", " << rep.tickets
            << " tickets, taken " << rep.taken_at << " in " << rep.ms << " ms\n";
      });
    } else if (cmd == "staffing") {
      protocol::StaffingRequest r;
      if (a.has("--date")) r.date = a.flag("--date");
      if (a.has("--share")) {
        std::string v = a.flag("--share");
        char* end = nullptr;
        double share = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || *end != 0) throw UsageError("--share must be a share like 0.9");
        r.share = share;
      }
      if (a.has("--target-minutes")) r.target_minutes = to_int(a.flag("--target-minutes"), "--target-minutes");
      if (!a.has("--timeout")) timeout = std::chrono::minutes(5);  // a busy hall's day played many times
      std::string language = a.flag("--language", "en");
      if (language != "zh" && language != "mn" && language != "en") throw UsageError("--language must be zh, mn or en");
      auto words = std::make_shared<config::Translations>();  // the table's words (not needed for --json)
      if (!as_json)
        *words = config::Translations::load(config::find_assets(a.flag("--assets", "")) + "/i18n", language);
      send(r, [&, words](const protocol::StaffingReply& rep) { out << format_staffing(rep, *words); });
    } else if (cmd == "ping") {
      send(protocol::PingRequest{}, [&](const protocol::PingReply& r) { out << "pong " << r.now << "\n"; });
    } else if (cmd == "import-appointments") {
      need(1, "a file");
      protocol::ImportAppointmentsRequest r;
      r.appointments = read_appointments(a.pos[1]);
      if (a.has("--day")) r.day = a.flag("--day");
      send(r, [&](const protocol::ImportAppointmentsReply& rep) {
        out << "imported " << rep.imported << " appointments for " << rep.day << "\n";
      });
    } else if (cmd == "cases") {
      protocol::CasesRequest r;
      if (a.has("--state")) {
        r.state = protocol::enum_from_string<protocol::CaseState>(a.flag("--state"));
        if (!r.state) throw UsageError("--state must be one of " + protocol::enum_choices<protocol::CaseState>());
      }
      if (a.has("--department")) r.department = a.flag("--department");
      if (a.has("--ticket")) r.ticket = a.flag("--ticket");
      r.overdue = a.has("--overdue");
      r.due_soon = a.has("--due-soon");
      r.open = a.has("--open");
      send(r, [&](const protocol::CasesReply& rep) {
        if (rep.cases.empty()) out << "no cases\n";
        for (const auto& c : rep.cases) out << format_case(c) << "\n";
      });
    } else if (cmd == "case") {
      if (a.pos.size() < 3 || (a.pos[1] != "show" && a.pos[1] != "ready")) throw UsageError("case show|ready NUMBER");
      if (a.pos[1] == "show")
        send(protocol::CaseStatusRequest{a.pos[2]},
             [&](const protocol::CaseReply& rep) { out << format_case_long(rep.case_); });
      else
        send(protocol::CaseReadyRequest{std::nullopt, a.pos[2]},
             [&](const protocol::CaseReply& rep) { out << format_case(rep.case_) << "\n"; });
    } else if (cmd == "handovers") {
      protocol::HandoversRequest r;
      if (a.pos.size() > 1) r.department = a.pos[1];
      send(r, [&](const protocol::HandoversReply& rep) {
        if (rep.handovers.empty()) out << "no hand-over sheets\n";
        for (const auto& h : rep.handovers) out << format_handover(h) << "\n";
      });
    } else if (cmd == "handover") {
      need(2, "create|receive|return|show|print and a sheet or department");
      const std::string& what = a.pos[1];
      auto show_sheet = [&](const protocol::HandoverReply& rep) {
        out << format_handover(rep.handover) << "\n";
        for (const auto& c : rep.handover.cases) out << "  " << format_case(c) << "\n";
      };
      if (what == "create") {
        need(3, "a department and at least one case");
        send(protocol::HandoverCreateRequest{a.pos[2], {a.pos.begin() + 3, a.pos.end()}}, show_sheet);
      } else if (what == "receive") {
        need(3, "a sheet and the name of the person who receives it");
        send(protocol::HandoverReceiveRequest{a.pos[2], a.pos[3]}, show_sheet);
      } else if (what == "return") {
        need(3, "a sheet and at least one case");
        protocol::HandoverReturnRequest r;
        r.sheet = a.pos[2];
        for (std::size_t i = 3; i < a.pos.size(); ++i) {
          const std::string& arg = a.pos[i];
          auto eq = arg.find("=rejected");
          if (eq == std::string::npos) {
            r.results.push_back({arg, true, std::nullopt});
          } else {
            auto colon = arg.find(':', eq);
            if (colon == std::string::npos || colon + 1 >= arg.size())
              throw UsageError("a refusal needs its reasons: CASE=rejected:REASONS");
            r.results.push_back({arg.substr(0, eq), false, arg.substr(colon + 1)});
          }
        }
        send(r, show_sheet);
      } else if (what == "show") {
        send(protocol::HandoverShowRequest{a.pos[2]}, show_sheet);
      } else if (what == "print") {
        std::string sheet = a.pos[2];
        std::string assets = config::find_assets(a.flag("--assets", ""));
        action = [&, sheet, assets](net::SyncClient& client) -> int {
          auto shown = client.call(protocol::HandoverShowRequest{sheet}, timeout);
          auto hall = client.call(protocol::HallRequest{}, timeout);
          for (const auto* f : {shown ? nullptr : &shown.failure(), hall ? nullptr : &hall.failure()})
            if (f) {
              err << "error: " << to_string(f->code) << ": " << f->message << "\n";
              return 1;
            }
          out << sheets::handover_pdf(shown->handover, hall->hall, assets) << std::flush;
          return 0;
        };
      } else {
        throw UsageError("handover create|receive|return|show|print");
      }
    } else if (cmd == "register") {
      if (a.pos.size() < 2 || a.pos[1] != "print") throw UsageError("register print [DAY]");
      protocol::PickupRegisterRequest r;
      if (a.pos.size() > 2) r.day = a.pos[2];
      std::string assets = config::find_assets(a.flag("--assets", ""));
      action = [&, r, assets](net::SyncClient& client) -> int {
        auto reg = client.call(r, timeout);
        auto hall = client.call(protocol::HallRequest{}, timeout);
        auto ping = client.call(protocol::PingRequest{}, timeout);
        for (const auto* f : {reg ? nullptr : &reg.failure(), hall ? nullptr : &hall.failure()})
          if (f) {
            err << "error: " << to_string(f->code) << ": " << f->message << "\n";
            return 1;
          }
        std::string day = r.day.value_or(ping ? ping->now.substr(0, 10) : std::string());
        out << sheets::register_pdf(day, reg->cases, hall->hall, assets) << std::flush;
        return 0;
      };
    } else if (cmd == "notifications") {
      send(protocol::NotificationsRequest{}, [&](const protocol::NotificationsReply& rep) {
        if (rep.notifications.empty()) out << "no notifications\n";
        for (const auto& n : rep.notifications) out << format_notification(n) << "\n";
      });
    } else if (cmd == "ratings") {
      // The period: --day D, or --from D [--to D] (one day when only --from); default today.
      if (a.has("--day") && (a.has("--from") || a.has("--to"))) throw UsageError("give --day or --from/--to, not both");
      if (a.has("--to") && !a.has("--from")) throw UsageError("--to needs --from");
      std::optional<std::string> from, to;
      if (a.has("--day")) from = to = a.flag("--day");
      if (a.has("--from")) from = a.flag("--from");
      if (a.has("--to")) to = a.flag("--to");
      if (from && export_periods(*from, to.value_or(*from)).empty())
        throw UsageError("dates are like 2026-11-30, and --to is not before --from");
      if (a.pos.size() > 1 && a.pos[1] == "export") {
        if (as_json) throw UsageError("ratings export writes its own format: --format csv|jsonl");
        if (a.has("--by")) throw UsageError("ratings export writes every visit: --by is for the figures");
        std::string format = a.flag("--format", "csv");
        if (format != "csv" && format != "jsonl") throw UsageError("--format must be csv or jsonl");
        std::string assets = config::find_assets(a.flag("--assets", ""));
        action = [&, from, to, format, assets](net::SyncClient& client) {
          return export_ratings(client, timeout, from, to, format == "csv" ? ExportFormat::csv : ExportFormat::jsonl,
                                a.flag("--out"), assets, out, err);
        };
      } else {
        if (a.pos.size() > 1) throw UsageError("ratings [export] [--day D | --from D --to D] [--by B]");
        protocol::RatingFiguresRequest r{from, to, std::nullopt};
        if (a.has("--by")) {
          r.by = a.flag("--by");
          if (*r.by != "clerk" && *r.by != "service" && *r.by != "window" && *r.by != "day" && *r.by != "total")
            throw UsageError("--by must be clerk, service, window or day");
        }
        if (as_json) {
          send(r, [](const protocol::RatingFiguresReply&) {});
        } else {
          action = [&, r](net::SyncClient& client) -> int {
            auto figures = client.call(r, timeout);
            if (!figures) return refused(figures.failure(), err);
            auto hall = client.call(protocol::HallRequest{}, timeout);  // names for the keys, if it answers
            out << format_rating_figures(figures.value(), hall ? &hall->hall : nullptr);
            return 0;
          };
        }
      }
    } else if (cmd == "followups") {
      send(protocol::FollowupsRequest{a.has("--all")}, [&](const protocol::FollowupsReply& rep) {
        if (rep.followups.empty()) out << (a.has("--all") ? "no follow-ups\n" : "no follow-ups open\n");
        for (const auto& f : rep.followups) out << format_followup(f);
      });
    } else if (cmd == "followup") {
      need(3, "a follow-up id, a state and a note");
      protocol::FollowupUpdateRequest r;
      r.followup = to_int(a.pos[1], "the follow-up id");
      auto state = protocol::enum_from_string<protocol::FollowupState>(a.pos[2]);
      if (!state || *state == protocol::FollowupState::open)
        throw UsageError("the state is contacted, rectified, closed or unreachable");
      r.state = *state;
      for (std::size_t i = 3; i < a.pos.size(); ++i) r.note += (i > 3 ? " " : "") + a.pos[i];
      send(r, [&](const protocol::FollowupReply& rep) { out << format_followup(rep.followup); });
    } else if (cmd == "watch") {
      protocol::SubscribeRequest r;
      if (a.pos.size() > 1) {
        r.topics.emplace();
        for (std::size_t i = 1; i < a.pos.size(); ++i) {
          auto t = protocol::enum_from_string<protocol::Topic>(a.pos[i]);
          if (!t) throw UsageError("topics are " + protocol::enum_choices<protocol::Topic>());
          r.topics->push_back(*t);
        }
      }
      long limit = a.has("--count") ? to_int(a.flag("--count"), "--count") : -1;
      action = [&, r, limit](net::SyncClient& client) -> int {
        auto reply = client.call(r, timeout);
        if (!reply) {
          err << "error: " << to_string(reply.failure().code) << ": " << reply.failure().message << "\n";
          return 1;
        }
        if (!as_json) {
          out << "watching";
          for (auto t : reply->topics) out << " " << to_string(t);
          out << " (Ctrl-C to stop)\n" << std::flush;
        }
        for (long n = 0; limit < 0 || n < limit;) {
          auto ev = client.next_event(std::chrono::seconds(30));
          if (!ev) {
            (void)client.call(protocol::PingRequest{}, timeout);  // keep the connection alive
            continue;
          }
          if (as_json) {
            out << ev->dump() << "\n" << std::flush;
          } else if (auto m = protocol::parse_event(*ev)) {
            out << format_event(*m) << "\n" << std::flush;
          } else {
            out << ev->dump() << "\n" << std::flush;  // an event this hallqctl does not know
          }
          ++n;
        }
        return 0;
      };
    } else {
      throw UsageError("unknown command \"" + cmd + "\"");
    }

    auto server =
        net::parse_host_port(a.flag("--server", env_or("HALLQ_SERVER", default_server())), protocol::kDefaultPort);
    if (!server) throw UsageError("--server must be HOST:PORT");
    auto role = protocol::enum_from_string<protocol::Role>(a.flag("--role", env_or("HALLQ_ROLE", "admin")));
    if (!role) throw UsageError("--role must be one of " + protocol::enum_choices<protocol::Role>());
    std::string token = a.flag("--token", env_or("HALLQ_TOKEN", ""));
    if (token.empty()) throw UsageError("no token given (set HALLQ_TOKEN or --token)");
    net::SyncClient client;
    client.connect(*server, std::min(timeout, std::chrono::milliseconds(5000)),
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
