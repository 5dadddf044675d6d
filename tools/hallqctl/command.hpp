#pragma once
// What one hallqctl command is: it reads its arguments before any connection (a mistake in them
// needs no server) and says what to do once connected. commands.cpp parses the command line,
// finds the command among the parts' tables, connects and runs it; each part is a file:
// queue_commands (tickets and windows), hall_commands (the hall, its alarms, health, backups,
// staffing, events), case_commands (cases, hand-over sheets, the pickup register, notices) and
// rating_commands (好差评 figures, the export, follow-ups).

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/net/sync_client.hpp"
#include "core/protocol/messages.hpp"

namespace hallq::ctl {

// A mistake on the command line: printed with "hallqctl: ", exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// health's exit status when there is no verdict (no server, refused, a bad command line): monitoring's "unknown".
constexpr int kHealthUnknown = 3;

struct Args {
  std::vector<std::string> pos;              // the command and its words
  std::map<std::string, std::string> flags;  // "--x" → value ("" for switches)
  bool has(const std::string& f) const { return flags.count(f) != 0; }
  std::string flag(const std::string& f, std::string def = {}) const {
    auto it = flags.find(f);
    return it == flags.end() ? def : it->second;
  }
};

// `s` as a whole number, else a usage error naming `what`.
int to_int(const std::string& s, const char* what);
// The PIN: the word at `index`, else $HALLQ_PIN, else a line of standard input (asked for on a terminal).
std::string read_pin(const Args& a, std::size_t index);

// What the command does once connected; its exit status.
using Action = std::function<int(net::SyncClient&)>;

// A command's arguments and where it answers. It outlives every Action made from it.
struct Context {
  const Args& a;
  std::ostream& out;
  std::ostream& err;
  bool as_json = false;
  std::chrono::milliseconds timeout;  // a command may lengthen it before it returns its Action

  // At least `n` words after the command, else a usage error: "<command> needs <what>".
  void need(std::size_t n, const char* what) const;
  // A refusal: its code and message; exit status 1.
  int refused(const protocol::Failure& f) const;
  // Sends `req`; prints the raw reply with --json, else `show(reply)`; a refusal is refused().
  template <typename Req, typename Show>
  Action send(Req req, Show show) {
    return [this, req = std::move(req), show = std::move(show)](net::SyncClient& client) -> int {
      auto raw = client.request_object(req, timeout);
      if (as_json) out << raw.dump() << "\n";
      auto reply = protocol::read_reply<typename Req::Reply>(raw);
      if (!reply) return refused(reply.failure());
      if (!as_json) show(reply.value());
      return 0;
    };
  }
};

// Reads the command's arguments (a UsageError for a mistake) and returns what to do.
using Command = Action (*)(Context&);
using Commands = std::map<std::string, Command, std::less<>>;

void add_queue_commands(Commands& into);
void add_hall_commands(Commands& into);
void add_case_commands(Commands& into);
void add_rating_commands(Commands& into);

}  // namespace hallq::ctl
