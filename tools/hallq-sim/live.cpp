#include "tools/hallq-sim/live.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/config/i18n.hpp"
#include "core/net/sync_client.hpp"
#include "core/protocol/messages.hpp"
#include "core/sim/live.hpp"
#include "tools/hallq-sim/live_checks.hpp"
#include "tools/hallq-sim/live_report.hpp"

namespace hallq::simtool {

namespace {

using Clock = std::chrono::steady_clock;
using Ms = std::chrono::milliseconds;
namespace p = protocol;

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) {
  g_stop = true;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A citizen who came and was marked a no-show is still in the hall this long (simulated seconds):
// the session does not end on their no-show before the trainee could call them back.
constexpr double kCallBackSeconds = 120;
// ... and never less than this in real seconds, however fast the session runs.
constexpr double kCallBackRealSeconds = 3;

std::string minutes_text(double seconds) {
  char b[16];
  std::snprintf(b, sizeof b, "%.1f", seconds / 60.0);
  return b;
}

// The level's index in the report (0 very satisfied … 4 very dissatisfied).
int level_index(p::RatingLevel level) {
  return 4 - static_cast<int>(level);
}

// One citizen as the session goes.
struct Citizen {
  sim::PlannedCitizen plan;
  bool sent = false;
  std::string ticket, token;
  int visits = 0;  // calls ended, but for a no-show called back: the step the citizen is at (0: the first)
  bool in_call = false, finished = false;
  // Marked a no-show: gone as far as the session's end goes, but a trainee may call the ticket
  // back (a mistake put right), and then the citizen is followed again at the same step.
  bool no_show = false;
  Clock::time_point no_show_at;
  std::string clerk;
  int window = 0;
  double waited_s = 0;
  Clock::time_point called;
};

class Session {
 public:
  Session(const config::Config& config, const sim::Model& model, const LiveOptions& o)
      : config_(config), hall_(config.hall), model_(model), o_(o) {
    speed_ = o.speed > 0 ? o.speed : model.live.speed;
    std::string dir = o.assets + "/i18n";
    zh_ = config::Translations::load(dir, "zh");
    mn_ = config::Translations::load(dir, "mn");
    en_ = config::Translations::load(dir, "en");
    tr_ = o.language == "mn" ? &mn_ : o.language == "en" ? &en_ : &zh_;
    say_ = o.json ? stderr : stdout;
  }

  int run();

 private:
  // The session's virtual clock: minutes since midnight.
  std::int64_t virtual_ms() const { return static_cast<std::int64_t>(seconds_since(start_) * 1000.0 * speed_); }
  std::int64_t virtual_minute() const { return model_.live.from + virtual_ms() / 60'000; }
  void say(const std::string& line) {
    std::fprintf(say_, "%s %s\n", hhmm(virtual_minute()).c_str(), line.c_str());
    std::fflush(say_);
  }
  std::string service_name(const std::string& code) const {
    const auto* s = hall_.service(code);
    if (s == nullptr) return code;
    return code + " " + s->names.in(o_.language);
  }
  // A material as the hall names it in the console's language (the scenario may name it in any).
  std::string material_name(const std::string& service, const std::string& named) const {
    if (const auto* s = hall_.service(service))
      for (const auto& m : s->materials)
        if (m.zh == named || m.mn == named || m.en == named) return m.in(o_.language);
    return named;
  }
  std::string clerk_name(const std::string& clerk) const {
    auto it = names_.find(clerk);
    if (it != names_.end() && !it->second.empty()) return it->second;
    const auto* c = hall_.clerk(clerk);
    return c != nullptr ? c->name : clerk;
  }

  bool connect_kiosk();
  void send_arrivals();
  void incidents();
  void on_event(const nlohmann::json& line);
  void on_ticket(const p::TicketInfo& t);
  void on_window(const p::WindowInfo& w);
  void rate(Citizen& c);
  bool all_done() const;
  void ping();
  std::vector<std::pair<std::string, std::string>> accepted_incomplete();
  int finish(const std::string& day, bool lost);

  const config::Config& config_;
  const domain::HallConfig& hall_;
  const sim::Model& model_;
  const LiveOptions& o_;
  double speed_ = 1;
  config::Translations zh_, mn_, en_;
  const config::Translations* tr_ = nullptr;
  std::FILE* say_ = stdout;

  std::unique_ptr<net::SyncClient> kiosk_;  // a new one for each connection (a cut replaces it)
  net::SyncClient guide_;
  bool kiosk_up_ = false;
  Clock::time_point start_, last_ping_;
  std::vector<Citizen> citizens_;
  std::size_t next_ = 0;     // the next citizen to arrive
  std::string session_key_;  // the request keys' prefix: this session's
  bool kiosk_busy_ = false;  // the kiosk refused the last take as too fast
  int refused_ = 0;          // takes the hall refused (outside its hours, a quota, …)
  Clock::time_point retry_at_;
  std::map<std::string, std::size_t> by_ticket_;
  std::map<std::string, std::string> names_;                  // clerk id → name, from the windows
  std::vector<std::pair<std::size_t, bool>> incident_state_;  // incident index, ended
  std::optional<std::int64_t> cut_until_;                     // virtual ms: the kiosk's network is down
  struct OpenPause {
    std::string clerk;
    Clock::time_point since;
  };
  std::map<int, OpenPause> paused_;  // by window
  std::vector<sim::ObservedVisit> visits_;
  std::vector<sim::ObservedPause> pauses_;
  std::vector<sim::ObservedRating> ratings_;
};

bool Session::connect_kiosk() {
  try {
    kiosk_ = std::make_unique<net::SyncClient>();
    kiosk_->connect(o_.server, Ms{5000}, o_.tls_ca);
    kiosk_->hello(p::Role::kiosk, o_.kiosk, o_.kiosk_token);
    p::DeviceStatusRequest ready;
    ready.printer = p::PrinterState::ready;
    ready.card_reader = p::CardReaderState::ok;
    ready.detail = "hallq-sim";
    kiosk_->call(ready);
    kiosk_up_ = true;
  } catch (const net::ClientError& e) {
    std::fprintf(stderr, "hallq-sim: the kiosk %s: %s\n", o_.kiosk.c_str(), e.what());
    kiosk_up_ = false;
  }
  return kiosk_up_;
}

void Session::send_arrivals() {
  std::int64_t now = virtual_ms();
  bool cut = cut_until_ && now < *cut_until_;
  while (next_ < citizens_.size() && citizens_[next_].plan.at_ms <= now) {
    if (cut || !kiosk_up_) return;  // they wait at the kiosk until it is back; sent then, in order
    if (Clock::now() < retry_at_) return;
    Citizen& c = citizens_[next_];
    p::TakeRequest take;
    take.service = c.plan.service;
    take.language = c.plan.language;
    if (!c.plan.id_number.empty()) take.id_number = c.plan.id_number;  // made up: a training hall's key hashes it
    // The same key when a cut connection makes the take go again: never two tickets for one citizen.
    take.request_key = session_key_ + "-" + std::to_string(c.plan.seq);
    try {
      auto r = kiosk_->call(take);
      if (r.code() == p::Errc::rate_limited) {
        // The kiosk's pace limit ([server] kiosk_burst, kiosk_interval_s): the citizen waits at the
        // kiosk and tries again, as a person would, with the same key.
        if (!kiosk_busy_) say(tr_->get("sim.live.kiosk_busy"));
        kiosk_busy_ = true;
        retry_at_ = Clock::now() + std::chrono::seconds(1);
        return;
      }
      kiosk_busy_ = false;
      if (!r) {
        say(tr_->get("sim.live.refused",
                     {{"service", service_name(c.plan.service)},
                      {"error", std::string(p::to_string(r.failure().code)) + ": " + r.failure().message}}));
        c.sent = c.finished = true;
        ++refused_;
        ++next_;
        continue;
      }
      c.sent = true;
      c.ticket = r->ticket.number;
      c.token = r->ticket.token.value_or("");
      by_ticket_[c.ticket] = next_;
      std::string line =
          tr_->get("sim.live.arrives", {{"number", c.ticket}, {"service", service_name(c.plan.service)}});
      say(line);
      ++next_;
    } catch (const net::ClientError& e) {
      say(tr_->get("sim.live.kiosk_lost", {{"error", e.what()}}));
      kiosk_up_ = false;
      return;
    }
  }
}

void Session::incidents() {
  std::int64_t now = virtual_ms();
  for (std::size_t i = 0; i < model_.live.incidents.size(); ++i) {
    const sim::LiveIncident& inc = model_.live.incidents[i];
    std::int64_t at = static_cast<std::int64_t>(inc.at - model_.live.from) * 60'000;
    std::int64_t until = at + static_cast<std::int64_t>(inc.minutes) * 60'000;
    auto it = std::find_if(incident_state_.begin(), incident_state_.end(), [&](auto& s) { return s.first == i; });
    bool begun = it != incident_state_.end();
    if (!begun && now >= at) {
      incident_state_.push_back({i, false});
      if (inc.kind == sim::LiveIncident::Kind::printer_out) {
        say(tr_->get("sim.live.printer_out", {{"minutes", std::to_string(inc.minutes)}}));
        if (kiosk_up_) {
          p::DeviceStatusRequest out;
          out.printer = p::PrinterState::paper_out;
          out.detail = "hallq-sim: paper out (scenario)";
          try {
            kiosk_->call(out);
          } catch (const net::ClientError&) {
            kiosk_up_ = false;
          }
        }
      } else {
        say(tr_->get("sim.live.network_cut", {{"minutes", std::to_string(inc.minutes)}}));
        kiosk_->close();  // no bye: to the server the kiosk is gone, as when a cable is pulled
        kiosk_up_ = false;
        cut_until_ = until;
      }
    } else if (begun && !it->second && now >= until) {
      it->second = true;
      if (inc.kind == sim::LiveIncident::Kind::printer_out) {
        say(tr_->get("sim.live.printer_back"));
        p::DeviceStatusRequest back;
        back.printer = p::PrinterState::ready;
        back.detail = "hallq-sim: paper refilled";
        try {
          if (kiosk_up_) kiosk_->call(back);
        } catch (const net::ClientError&) {
          kiosk_up_ = false;
        }
      } else {
        cut_until_.reset();
        if (connect_kiosk()) say(tr_->get("sim.live.network_back"));
      }
    }
  }
  // A kiosk lost on its own (not a scenario's cut) comes back as soon as it can.
  if (!kiosk_up_ && !cut_until_ && next_ < citizens_.size()) connect_kiosk();
}

void Session::on_event(const nlohmann::json& line) {
  auto ev = p::parse_event(line);
  if (!ev) return;
  if (auto* t = std::get_if<p::TicketEvent>(&ev->event)) on_ticket(t->ticket);
  if (auto* w = std::get_if<p::WindowEvent>(&ev->event)) on_window(w->window);
}

void Session::on_ticket(const p::TicketInfo& t) {
  auto found = by_ticket_.find(t.number);
  if (found == by_ticket_.end()) return;  // not one of ours (a trainee's own, say)
  Citizen& c = citizens_[found->second];
  if (c.finished && !(c.no_show && t.state == p::TicketState::called)) return;
  if (c.finished) {  // called back after a no-show: the same step again (its first call, or after a transfer)
    c.finished = c.no_show = false;
    --c.visits;
  }
  if (!c.in_call && t.state == p::TicketState::called) {
    c.in_call = true;
    c.clerk = t.clerk.value_or("");
    c.window = t.window.value_or(0);
    c.waited_s = static_cast<double>(t.waited_s);
    c.called = Clock::now();
    const auto* w = hall_.window(c.window);
    std::string window = w != nullptr ? w->names.in(o_.language) : std::to_string(c.window);
    config::Translations::Args who = {{"number", c.ticket}, {"window", window}, {"clerk", clerk_name(c.clerk)}};
    bool first = c.visits == 0;
    if (c.plan.absent) {  // also where a trainee sent them on: they never came
      say(tr_->get("sim.live.absent", who));
      return;
    }
    // Real seconds the trainee has for the citizen: the virtual need ÷ the speed.
    double need = first ? c.plan.needs_s : std::max(30.0, c.plan.then_needs_s);
    std::string line = tr_->get("sim.live.comes", {{"number", c.ticket},
                                                   {"window", window},
                                                   {"clerk", clerk_name(c.clerk)},
                                                   {"minutes", minutes_text(need)},
                                                   {"real", minutes_text(need / speed_)}});
    if (first && !c.plan.then.empty()) line += tr_->get("sim.live.then", {{"service", service_name(c.plan.then)}});
    if (first && !c.plan.missing.empty())
      line += tr_->get("sim.live.missing", {{"material", material_name(c.plan.service, c.plan.missing)}});
    say(line);
    return;
  }
  if (!c.in_call) {
    if (t.state == p::TicketState::cancelled) c.finished = true;  // a guide cancelled it while it waited
    return;
  }
  if (t.state == p::TicketState::called) return;  // a recall
  sim::ObservedVisit v;
  v.citizen = c.plan.seq;
  v.ticket = c.ticket;
  v.visit = c.visits;
  v.clerk = c.clerk;
  v.clerk_name = clerk_name(c.clerk);
  v.window = c.window;
  v.handled_s = seconds_since(c.called);
  switch (t.state) {
    case p::TicketState::done:
      v.outcome = sim::ObservedVisit::Outcome::done;
      break;
    case p::TicketState::no_show:
      v.outcome = sim::ObservedVisit::Outcome::no_show;
      break;
    case p::TicketState::cancelled:
      c.finished = true;
      c.in_call = false;
      return;
    default:  // waiting again (or transferred): the visit was transferred
      v.outcome = sim::ObservedVisit::Outcome::transferred;
      if (!t.target_window) v.to_service = t.service;
      break;
  }
  visits_.push_back(v);
  ++c.visits;
  c.in_call = false;
  if (v.outcome == sim::ObservedVisit::Outcome::done) {
    c.finished = true;
    rate(c);
  }
  if (v.outcome == sim::ObservedVisit::Outcome::no_show) {
    c.finished = c.no_show = true;
    c.no_show_at = Clock::now();
  }
}

void Session::on_window(const p::WindowInfo& w) {
  if (w.clerk && w.clerk_name) names_[*w.clerk] = *w.clerk_name;
  auto open = paused_.find(w.number);
  bool paused = w.state == p::WindowState::paused;
  if (paused && open == paused_.end()) {
    paused_[w.number] = {w.clerk.value_or(""), Clock::now()};
  } else if (!paused && open != paused_.end()) {
    pauses_.push_back({open->second.clerk, clerk_name(open->second.clerk), seconds_since(open->second.since)});
    paused_.erase(open);
  }
}

void Session::rate(Citizen& c) {
  if (c.plan.absent) return;  // a citizen who never came rates nothing, whatever the window recorded
  std::string level = c.plan.scripted ? c.plan.rating
                      : c.plan.rating_draw >= 0
                          ? sim::drawn_rating(c.plan.rating_draw, c.waited_s * speed_,
                                              model_.target_s > 0 ? model_.target_s : hall_.alarms.wait_minutes * 60)
                          : std::string();
  if (level.empty() || c.token.empty()) return;
  p::RatePhoneRequest r;
  r.token = c.token;
  r.level = *p::enum_from_string<p::RatingLevel>(level);
  if (r.level == p::RatingLevel::dissatisfied || r.level == p::RatingLevel::very_dissatisfied) {
    const auto& reasons = hall_.ratings.reasons;
    bool waited = std::find(reasons.begin(), reasons.end(), "waited_too_long") != reasons.end();
    if (!reasons.empty()) r.reasons = {waited ? std::string("waited_too_long") : reasons.front()};
  }
  try {
    auto reply = guide_.call(r);
    if (!reply) {
      say(tr_->get("sim.live.rating_refused", {{"number", c.ticket}, {"error", reply.failure().message}}));
      return;
    }
    ratings_.push_back({c.clerk, level_index(r.level)});
    say(tr_->get("sim.live.rated", {{"number", c.ticket}, {"level", tr_->get("rating.levels." + level)}}));
  } catch (const net::ClientError& e) {
    say(tr_->get("sim.live.rating_refused", {{"number", c.ticket}, {"error", e.what()}}));
  }
}

bool Session::all_done() const {
  if (next_ < citizens_.size()) return false;
  const double call_back = std::max(kCallBackSeconds / speed_, kCallBackRealSeconds);
  return std::all_of(citizens_.begin(), citizens_.end(), [&](const Citizen& c) {
    // One wrongly marked a no-show may still be called back; one who never came is gone.
    return c.finished && !(c.no_show && !c.plan.absent && seconds_since(c.no_show_at) < call_back);
  });
}

void Session::ping() {
  if (seconds_since(last_ping_) < 10) return;
  last_ping_ = Clock::now();
  try {
    if (kiosk_up_) kiosk_->call(p::PingRequest{});
  } catch (const net::ClientError&) {
    kiosk_up_ = false;
  }
  guide_.call(p::PingRequest{});  // the guide's connection is the session's: losing it ends it (ClientError)
}

std::vector<std::pair<std::string, std::string>> Session::accepted_incomplete() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Citizen& c : citizens_) {
    if (c.plan.missing.empty() || c.ticket.empty()) continue;
    p::CasesRequest q;
    q.ticket = c.ticket;
    auto r = guide_.call(q);
    if (!r) continue;
    for (const auto& k : r->cases)
      if (k.state != p::CaseState::received && k.state != p::CaseState::supplement_requested &&
          k.state != p::CaseState::withdrawn)
        out.emplace_back(c.ticket, k.clerk.value_or(c.clerk));
  }
  return out;
}

int Session::run() {
  // Found wrong before anything is sent; made only once the session is accepted, so a refused run
  // leaves nothing behind.
  if (!o_.report_dir.empty() && !report_dir_possible(o_.report_dir)) {
    std::fprintf(stderr, "hallq-sim: --report %s: not a folder the reports can be written to\n", o_.report_dir.c_str());
    return 2;
  }
  p::HelloReply hello;
  try {
    guide_.connect(o_.server, Ms{5000}, o_.tls_ca);
    hello = guide_.hello(p::Role::guide, o_.guide, o_.guide_token);
  } catch (const net::ClientError& e) {
    std::fprintf(stderr, "hallq-sim: the guide %s at %s: %s\n", o_.guide.c_str(), o_.server.str().c_str(), e.what());
    return 3;
  }
  bool lost = false;  // the server went away mid-session: the report says what was done until then
  try {
    if (Refusal r = refuse_hello(hello, hall_.id, o_); r.status != 0) {
      std::fputs(r.message.c_str(), stderr);
      return r.status;
    }
    auto served = guide_.call(p::HallRequest{});
    if (!served) {
      std::fprintf(stderr, "hallq-sim: hall: %s\n", served.failure().message.c_str());
      return 3;
    }
    if (Refusal r = refuse_scenario(model_, served->hall, o_); r.status != 0) {
      std::fputs(r.message.c_str(), stderr);
      return r.status;
    }
    if (std::string why = make_report_dir(o_.report_dir); !why.empty()) {
      std::fprintf(stderr, "hallq-sim: --report %s: %s\n", o_.report_dir.c_str(), why.c_str());
      return 2;
    }
    p::SubscribeRequest sub;
    sub.topics = std::vector<p::Topic>{p::Topic::tickets, p::Topic::windows};
    if (auto r = guide_.call(sub); !r) {
      std::fprintf(stderr, "hallq-sim: subscribe: %s\n", r.failure().message.c_str());
      return 3;
    }
    // Windows already paused count from now: the session's own start (events say only what changes).
    if (auto snapshot = guide_.call(p::SnapshotRequest{}))
      for (const auto& w : snapshot->windows) on_window(w);
    if (!connect_kiosk()) return 3;
    auto day = domain::LocalDate::parse(hello.day);
    for (auto& planned : sim::plan_live(model_, hall_, day ? day->weekday() : 1)) {
      Citizen c;
      c.plan = std::move(planned);
      citizens_.push_back(std::move(c));
    }
    start_ = last_ping_ = Clock::now();
    session_key_ =
        "hallq-sim-" +
        std::to_string(std::chrono::duration_cast<Ms>(std::chrono::system_clock::now().time_since_epoch()).count());
    // Tickets of an earlier session still waiting are called before this one's citizens: say so.
    p::TicketsRequest waiting;
    waiting.state = p::TicketState::waiting;
    if (auto r = guide_.call(waiting); r && r->total > 0)
      say(tr_->get("sim.live.leftovers", {{"count", std::to_string(r->total)}}));
    say(tr_->get("sim.live.start", {{"count", std::to_string(citizens_.size())},
                                    {"from", hhmm(model_.live.from)},
                                    {"to", hhmm(model_.live.to)},
                                    {"speed", speed_text(speed_)}}));
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGHUP, on_stop_signal);  // the trainer's terminal closed: end as on Ctrl-C, with the report
    try {
      while (!g_stop && !all_done()) {
        if (o_.max_minutes > 0 && seconds_since(start_) > o_.max_minutes * 60) break;
        incidents();
        send_arrivals();
        while (auto ev = guide_.next_event(Ms{25})) on_event(*ev);
        ping();
      }
    } catch (const net::ClientError& e) {
      std::fprintf(stderr, "hallq-sim: the server %s went away: %s; the report covers what was done until then\n",
                   o_.server.str().c_str(), e.what());
      lost = true;
    }
    // Pauses still open when the session ends count up to now.
    for (auto& [window, open] : paused_)
      pauses_.push_back({open.clerk, clerk_name(open.clerk), seconds_since(open.since)});
    if (kiosk_up_) {
      try {
        kiosk_->call(p::ByeRequest{});  // shut down on purpose: no device_offline alarm left behind
      } catch (const net::ClientError&) {
      }
    }
    int status = finish(hello.day, lost);
    return lost && status == 0 ? 3 : status;
  } catch (const net::ClientError& e) {
    std::fprintf(stderr, "hallq-sim: %s: %s\n", o_.server.str().c_str(), e.what());
    return 3;
  }
}

int Session::finish(const std::string& day, bool lost) {
  std::vector<sim::PlannedCitizen> plan;
  for (const Citizen& c : citizens_) plan.push_back(c.plan);
  std::vector<std::pair<std::string, std::string>> accepted;
  if (!lost) {
    try {
      accepted = accepted_incomplete();
    } catch (const net::ClientError& e) {
      std::fprintf(stderr, "hallq-sim: the cases could not be read (%s): accepted_incomplete not judged\n", e.what());
    }
  }
  auto trainees = sim::judge_live(plan, visits_, pauses_, ratings_, accepted);
  int waiting = 0, not_issued = 0;
  for (const Citizen& c : citizens_) {
    waiting += c.sent && !c.finished;
    not_issued += !c.sent;
  }
  say(tr_->get("sim.live.end", {{"count", std::to_string(citizens_.size())},
                                {"left", std::to_string(waiting)},
                                {"unsent", std::to_string(not_issued)},
                                {"refused", std::to_string(refused_)}}));
  SessionFacts facts;
  facts.day = day;
  facts.scenario = std::filesystem::path(o_.scenario).filename().string();
  facts.from = model_.live.from;
  facts.to = model_.live.to;
  facts.speed = speed_;
  facts.citizens = static_cast<int>(citizens_.size());
  facts.waiting = waiting;
  facts.not_issued = not_issued;
  facts.refused = refused_;
  for (const auto& r : trainees) {
    // With --json on standard error, as every console line: standard output is the JSON alone.
    std::fprintf(say_, "%s\n", trainee_line(r, *tr_).c_str());
    for (const auto& m : r.mistakes)
      std::fprintf(say_, "  %s %s\n", m.ticket.c_str(),
                   tr_->get("training_report.mistake." + std::string(sim::to_string(m.kind))).c_str());
    if (!o_.report_dir.empty()) {
      std::string file = o_.report_dir + "/training-" + r.clerk + ".pdf";
      std::ofstream f(file, std::ios::binary);
      f << trainee_pdf(r, facts, hall_, {zh_, mn_, en_});
      if (!f.flush()) {
        std::fprintf(stderr, "hallq-sim: cannot write %s\n", file.c_str());
        return 2;
      }
      std::fprintf(o_.json ? stderr : stdout, "  %s\n", file.c_str());
    }
  }
  if (trainees.empty()) say(tr_->get("sim.live.no_trainee"));
  if (o_.json) std::printf("%s\n", live_report_json(facts, trainees).dump().c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace

int run_live(const config::Config& config, const sim::Model& model, const LiveOptions& options) {
  Session session(config, model, options);
  return session.run();
}

}  // namespace hallq::simtool
