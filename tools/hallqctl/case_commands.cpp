// hallqctl and cases (docs/cases.md): cases, case show|ready, handovers, handover
// create|receive|return|show|print, register print, notifications.
#include <unistd.h>

#include <iostream>
#include <string>

#include "core/config/paths.hpp"
#include "core/sheets/case_papers.hpp"
#include "tools/hallqctl/cases.hpp"
#include "tools/hallqctl/command.hpp"

namespace hallq::ctl {
namespace {

// A PDF written to a terminal is a screenful of bytes: asked for with the output not redirected, it
// says how, before connecting.
void refuse_terminal(const Context& c, const char* example) {
  if (&c.out == &std::cout && isatty(STDOUT_FILENO))
    throw UsageError(std::string("the PDF goes to standard output: send it to a file (") + example + ")");
}

// The first of two answers' refusals, printed; 0 when both answered.
int first_refusal(const Context& c, std::initializer_list<const protocol::Failure*> failures) {
  for (const auto* f : failures)
    if (f) return c.refused(*f);
  return 0;
}

Action handover(Context& c) {
  c.need(2, "create|receive|return|show|print and a sheet or department");
  const std::string& what = c.a.pos[1];
  auto show_sheet = [&c](const protocol::HandoverReply& rep) {
    c.out << format_handover(rep.handover) << "\n";
    for (const auto& x : rep.handover.cases) c.out << "  " << format_case(x) << "\n";
  };
  if (what == "create") {
    c.need(3, "a department and at least one case");
    return c.send(protocol::HandoverCreateRequest{c.a.pos[2], {c.a.pos.begin() + 3, c.a.pos.end()}}, show_sheet);
  }
  if (what == "receive") {
    c.need(3, "a sheet and the name of the person who receives it");
    return c.send(protocol::HandoverReceiveRequest{c.a.pos[2], c.a.pos[3]}, show_sheet);
  }
  if (what == "return") {
    c.need(3, "a sheet and at least one case");
    protocol::HandoverReturnRequest r;
    r.sheet = c.a.pos[2];
    for (std::size_t i = 3; i < c.a.pos.size(); ++i) {
      const std::string& arg = c.a.pos[i];
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
    return c.send(r, show_sheet);
  }
  if (what == "show") return c.send(protocol::HandoverShowRequest{c.a.pos[2]}, show_sheet);
  if (what == "print") {
    refuse_terminal(c, "hallqctl handover print SHEET > sheet.pdf");
    std::string sheet = c.a.pos[2];
    std::string assets = config::find_assets(c.a.flag("--assets", ""));
    return [&c, sheet, assets](net::SyncClient& client) -> int {
      auto shown = client.call(protocol::HandoverShowRequest{sheet}, c.timeout);
      auto hall = client.call(protocol::HallRequest{}, c.timeout);
      if (int refused = first_refusal(c, {shown ? nullptr : &shown.failure(), hall ? nullptr : &hall.failure()}))
        return refused;
      c.out << sheets::handover_pdf(shown->handover, hall->hall, assets) << std::flush;
      return 0;
    };
  }
  throw UsageError("handover create|receive|return|show|print");
}

}  // namespace

void add_case_commands(Commands& into) {
  into["cases"] = [](Context& c) {
    protocol::CasesRequest r;
    if (c.a.has("--state")) {
      r.state = protocol::enum_from_string<protocol::CaseState>(c.a.flag("--state"));
      if (!r.state) throw UsageError("--state must be one of " + protocol::enum_choices<protocol::CaseState>());
    }
    if (c.a.has("--department")) r.department = c.a.flag("--department");
    if (c.a.has("--ticket")) r.ticket = c.a.flag("--ticket");
    r.overdue = c.a.has("--overdue");
    r.due_soon = c.a.has("--due-soon");
    r.open = c.a.has("--open");
    return c.send(r, [&c](const protocol::CasesReply& rep) {
      if (rep.cases.empty()) c.out << "no cases\n";
      for (const auto& x : rep.cases) c.out << format_case(x) << "\n";
    });
  };
  into["case"] = [](Context& c) {
    if (c.a.pos.size() < 3 || (c.a.pos[1] != "show" && c.a.pos[1] != "ready"))
      throw UsageError("case show|ready NUMBER");
    if (c.a.pos[1] == "show")
      return c.send(protocol::CaseStatusRequest{c.a.pos[2]},
                    [&c](const protocol::CaseReply& rep) { c.out << format_case_long(rep.case_); });
    return c.send(protocol::CaseReadyRequest{std::nullopt, c.a.pos[2]},
                  [&c](const protocol::CaseReply& rep) { c.out << format_case(rep.case_) << "\n"; });
  };
  into["handovers"] = [](Context& c) {
    protocol::HandoversRequest r;
    if (c.a.pos.size() > 1) r.department = c.a.pos[1];
    return c.send(r, [&c](const protocol::HandoversReply& rep) {
      if (rep.handovers.empty()) c.out << "no hand-over sheets\n";
      for (const auto& h : rep.handovers) c.out << format_handover(h) << "\n";
    });
  };
  into["handover"] = handover;
  into["register"] = [](Context& c) -> Action {
    if (c.a.pos.size() < 2 || c.a.pos[1] != "print") throw UsageError("register print [DAY]");
    protocol::PickupRegisterRequest r;
    if (c.a.pos.size() > 2) r.day = c.a.pos[2];
    refuse_terminal(c, "hallqctl register print [DAY] > register.pdf");
    std::string assets = config::find_assets(c.a.flag("--assets", ""));
    return [&c, r, assets](net::SyncClient& client) -> int {
      auto reg = client.call(r, c.timeout);
      auto hall = client.call(protocol::HallRequest{}, c.timeout);
      auto ping = client.call(protocol::PingRequest{}, c.timeout);
      if (int refused = first_refusal(c, {reg ? nullptr : &reg.failure(), hall ? nullptr : &hall.failure()}))
        return refused;
      std::string day = r.day.value_or(ping ? ping->now.substr(0, 10) : std::string());
      c.out << sheets::register_pdf(day, reg->cases, hall->hall, assets) << std::flush;
      return 0;
    };
  };
  into["notifications"] = [](Context& c) {
    return c.send(protocol::NotificationsRequest{}, [&c](const protocol::NotificationsReply& rep) {
      if (rep.notifications.empty()) c.out << "no notifications\n";
      for (const auto& n : rep.notifications) c.out << format_notification(n) << "\n";
    });
  };
}

}  // namespace hallq::ctl
