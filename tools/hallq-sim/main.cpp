// hallq-sim: plays days of a hall through its real queue engine in virtual
// time and prints the waits, queues and windows' busy shares, or advises how
// many windows to open each hour of a day (docs/simulation.md), or feeds a
// training hall simulated citizens (--live, docs/training.md). Exit 0 done
// (advice: met), 1 advice not met even with every window, 2 usage or input
// error (--live: also a hall not --config's), 3 (--live) the server unreachable
// or the devices refused, 5 (--live) not a training hall.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/config/config.hpp"
#include "core/config/i18n.hpp"
#include "core/config/paths.hpp"
#include "core/net/endpoint.hpp"
#include "core/sim/history.hpp"
#include "core/sim/model.hpp"
#include "core/sim/report.hpp"
#include "core/sim/simulator.hpp"
#include "core/sim/staffing.hpp"
#include "server/db_lock.hpp"
#include "server/store.hpp"
#include "server/store_tickets.hpp"
#include "tools/hallq-sim/live.hpp"

namespace {

constexpr const char* kUsage =
    "usage: hallq-sim --config HALL.toml [--scenario S.toml] [--from-db HALL.db] [--days N]\n"
    "                 [--sim-days N] [--seed N] [--json] [--language L] [--assets DIR] [--oracle N]\n"
    "                 [--staffing [--date D] [--share P] [--target-minutes N] [--replications N]\n"
    "                  [--shifts-out FILE]] [--shifts FILE]\n"
    "                 [--from-db HALL.db --replay-day D [--shifts FILE] [--shifts-out FILE]]\n"
    "\n"
    "  --config    the hall's configuration (services, windows, skills, weights, hours)\n"
    "  --scenario  arrivals, service times, shifts, breaks, no-shows, transfers,\n"
    "              appointments (format: docs/simulation.md)\n"
    "  --from-db   fit arrivals and service times from the hall's database (read only)\n"
    "              and print the fitted model, and the waits the recorded days told\n"
    "              citizens against those that followed; a --scenario adds its shifts\n"
    "              and settings, and its [[service]] entries replace the fitted ones\n"
    "  --days N    with --scenario alone: days simulated; with --from-db: recorded\n"
    "              days fitted (default 20); 1 to 3660\n"
    "  --sim-days N  with --from-db: days simulated (default 1; 1 to 3660)\n"
    "  --seed N    the random seed (default: the scenario's, else 1)\n"
    "  --json      the result as JSON (the fitted model then goes to stderr)\n"
    "  --oracle N  also measure the best any wait estimate at take could do: the median\n"
    "              wait over N replicas of the rest of the day at each take (slow: about\n"
    "              N × 0.1-0.3 ms a ticket; docs/simulation.md, \"Wait estimates\")\n"
    "  --language L  the words of the table, the staffing advice and the fitted model\n"
    "              (and of --live's console): zh (default), mn or en; --json is the\n"
    "              same in each\n"
    "  --assets DIR  the translations (default: $HALLQ_ASSETS, else the installed ones)\n"
    "  --staffing  advise the fewest windows per hour (and which) that meet the target\n"
    "              on --date (default: the model's first day), from the model's arrivals\n"
    "  --share P   the share to call within the target each hour (default 0.9)\n"
    "  --target-minutes N  the target, 1 to 1440 (default: the scenario's, else [alarms]\n"
    "              wait_minutes)\n"
    "  --replications N    days played per plan (default 20; 1 to 1000)\n"
    "  --shifts-out FILE   also write the advice as [[shift]] entries (to replay it)\n"
    "  --shifts FILE       play these [[shift]] entries instead of the scenario's (a\n"
    "              --shifts-out file); with --staffing: no search, these shifts played\n"
    "              as the advice is (the advice replayed, or changed by hand: \"what if\");\n"
    "              its [[window]] entries, if any, replace windows' skills (a clerk moved)\n"
    "  --replay-day D  with --from-db: replay recorded day D, its citizens as they came\n"
    "              and each visit as it went, with the windows as staffed that day (or\n"
    "              --shifts: \"what if\"), beside the waits it recorded; --shifts-out\n"
    "              writes the windows played, to change and replay\n"
    "\n"
    "       hallq-sim --live HOST:PORT --config HALL.toml --scenario S.toml [--speed X]\n"
    "                 [--report DIR] [--json] [--max-minutes N] [--seed N] [--kiosk ID]\n"
    "                 [--guide ID] [--language L] [--assets DIR] [--tls-ca FILE]\n"
    "\n"
    "  --live      a training session (docs/training.md): the scenario's citizens take\n"
    "              tickets at the training hall at HOST:PORT as a kiosk would, the\n"
    "              trainees serve them with the real caller; each visit is judged and a\n"
    "              report printed per trainee. Refused unless the hall is a training hall,\n"
    "              and the hall of --config (its id, the scenario's services and materials).\n"
    "  --kiosk ID  the kiosk the citizens use (default kiosk-1); its token in\n"
    "              $HALLQ_KIOSK_TOKEN or --kiosk-token\n"
    "  --guide ID  the guide device that watches and rates (default guide-1); its token\n"
    "              in $HALLQ_GUIDE_TOKEN or --guide-token\n"
    "  --speed X   virtual minutes per real minute, 0.1 to 3600 (default: the scenario's\n"
    "              [live] speed)\n"
    "  --report DIR  write each trainee's report as DIR/training-<clerk>.pdf (DIR made\n"
    "              when the session starts)\n"
    "  --max-minutes N  end after N real minutes even with citizens still waiting\n"
    "              (else when every citizen has left, or on Ctrl-C)\n"
    "  --tls-ca FILE the server's CA certificate: connect over TLS\n";

bool parse_int(std::string_view s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path, scenario_path, db_path;
  long long days = -1, sim_days = -1, seed = -1, oracle = 0;
  bool json = false, staffing = false;
  std::string date_text, shifts_out, shifts_path, replay_text;
  double share = 0.9;
  long long target_minutes = 0, replications = 20;
  std::string language = "zh", assets;  // the words people read (the table, the model, --live)
  std::string live_server;
  hallq::simtool::LiveOptions live;
  if (const char* t = std::getenv("HALLQ_KIOSK_TOKEN")) live.kiosk_token = t;
  if (const char* t = std::getenv("HALLQ_GUIDE_TOKEN")) live.guide_token = t;
  std::set<std::string_view> given;  // an option said twice is a mistake, not "the last one wins"
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.starts_with("--") && !given.insert(a).second) {
      std::fprintf(stderr, "hallq-sim: %s is given twice: say it once\n", argv[i]);
      return 2;
    }
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "hallq-sim: %s needs a value\n%s", argv[i], kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&](long long& out, long long least, long long most) {
      std::string_view v = value();
      if (!parse_int(v, out) || out < least || out > most) {
        std::fprintf(stderr, "hallq-sim: %s %.*s: a whole number from %lld to %lld is needed\n", argv[i - 1],
                     static_cast<int>(v.size()), v.data(), least, most);
        std::exit(2);
      }
    };
    if (a == "--config") {
      config_path = value();
    } else if (a == "--scenario") {
      scenario_path = value();
    } else if (a == "--from-db") {
      db_path = value();
    } else if (a == "--days") {
      number(days, 1, 3660);  // as a scenario's [sim] days: ten years
    } else if (a == "--sim-days") {
      number(sim_days, 1, 3660);
    } else if (a == "--oracle") {
      number(oracle, 1, 1000);
    } else if (a == "--seed") {
      number(seed, 0, std::numeric_limits<long long>::max());
    } else if (a == "--json") {
      json = true;
    } else if (a == "--staffing") {
      staffing = true;
    } else if (a == "--date") {
      date_text = value();
      if (date_text.empty()) {  // not "the scenario's first day", as no --date at all is
        std::fprintf(stderr, "hallq-sim: --date: not a date (YYYY-MM-DD)\n");
        return 2;
      }
    } else if (a == "--share") {
      std::string v(value());
      char* end = nullptr;
      share = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end != 0 || !(share > 0 && share < 1)) {
        std::fprintf(stderr, "hallq-sim: --share %s: a share above 0 and below 1, e.g. 0.9 (no plan can promise all)\n",
                     v.c_str());
        return 2;
      }
    } else if (a == "--target-minutes" || a == "--replications") {
      if (a == "--replications")
        number(replications, 1, 1000);
      else
        number(target_minutes, 1, 1440);
    } else if (a == "--shifts-out") {
      shifts_out = value();
    } else if (a == "--shifts") {
      shifts_path = value();
    } else if (a == "--replay-day") {
      replay_text = value();
      if (replay_text.empty()) {  // not "no replay", as no --replay-day at all is
        std::fprintf(stderr, "hallq-sim: --replay-day: not a date (YYYY-MM-DD)\n");
        return 2;
      }
    } else if (a == "--live") {
      live_server = value();
    } else if (a == "--kiosk") {
      live.kiosk = value();
    } else if (a == "--kiosk-token") {
      live.kiosk_token = value();
    } else if (a == "--guide") {
      live.guide = value();
    } else if (a == "--guide-token") {
      live.guide_token = value();
    } else if (a == "--report") {
      live.report_dir = value();
    } else if (a == "--assets") {
      assets = value();
    } else if (a == "--tls-ca") {
      live.tls_ca = value();
    } else if (a == "--language") {
      language = value();
      if (language != "zh" && language != "mn" && language != "en") {
        std::fprintf(stderr, "hallq-sim: --language %s: zh, mn or en\n", language.c_str());
        return 2;
      }
    } else if (a == "--speed" || a == "--max-minutes") {
      std::string v(value());
      char* end = nullptr;
      double x = std::strtod(v.c_str(), &end);
      double lo = a == "--speed" ? 0.1 : 0.01;
      if (end == v.c_str() || *end != 0 || !(x >= lo && x <= 3600)) {
        std::fprintf(stderr, "hallq-sim: %s %s: a number from %g to 3600\n", argv[i - 1], v.c_str(), lo);
        return 2;
      }
      (a == "--speed" ? live.speed : live.max_minutes) = x;
    } else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "hallq-sim: unknown argument %s\n%s", argv[i], kUsage);
      return 2;
    }
  }
  if (!replay_text.empty() && (db_path.empty() || staffing || !live_server.empty() || oracle > 0 || sim_days > 0)) {
    std::fprintf(stderr,
                 "hallq-sim: --replay-day replays a day of --from-db's database (not with --staffing, --live, "
                 "--oracle or --sim-days)\n");
    return 2;
  }
  if (sim_days > 0 && db_path.empty()) {  // a scenario's days are --days; this was silently ignored
    std::fprintf(stderr, "hallq-sim: --sim-days goes with --from-db (a scenario's days are --days)\n");
    return 2;
  }
  if (!staffing && (!date_text.empty() || (!shifts_out.empty() && replay_text.empty()) || share != 0.9 ||
                    target_minutes != 0 || replications != 20)) {
    std::fprintf(stderr,
                 "hallq-sim: --date, --share, --target-minutes, --replications and --shifts-out go with "
                 "--staffing (--shifts-out also with --replay-day)\n");
    return 2;
  }
  if (oracle > 0 && (staffing || !live_server.empty())) {
    std::fprintf(stderr,
                 "hallq-sim: --oracle measures a simulation's wait estimates (not with --staffing or --live)\n");
    return 2;
  }
  if (!live_server.empty() && (config_path.empty() || scenario_path.empty())) {
    std::fprintf(stderr, "hallq-sim: --live needs the hall's --config and a --scenario with the session's citizens\n");
    return 2;
  }
  if (config_path.empty() || (scenario_path.empty() && db_path.empty())) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (!live_server.empty()) {
    auto server = hallq::net::parse_host_port(live_server, 7700);
    if (!server) {
      std::fprintf(stderr, "hallq-sim: --live %s: not HOST:PORT\n", live_server.c_str());
      return 2;
    }
    if (scenario_path.empty() || staffing || !db_path.empty()) {
      std::fprintf(stderr, "hallq-sim: --live plays a --scenario (not --from-db, not --staffing)\n");
      return 2;
    }
    if (live.kiosk_token.empty() || live.guide_token.empty()) {
      std::fprintf(stderr,
                   "hallq-sim: --live needs the kiosk's and the guide's tokens (set HALLQ_KIOSK_TOKEN and "
                   "HALLQ_GUIDE_TOKEN, or --kiosk-token and --guide-token)\n");
      return 2;
    }
    live.server = *server;
    live.json = json;
    live.config = config_path;
    live.scenario = scenario_path;
  }
  try {
    hallq::config::Config cfg = hallq::config::load_config(config_path);
    const hallq::domain::HallConfig& hall = cfg.hall;
    // The words of the table, the staffing advice and the fitted model, in --language; --json
    // does without them, and --live loads its own.
    hallq::config::Translations words;
    if (live_server.empty() && (!db_path.empty() || !json))
      words = hallq::config::Translations::load(hallq::config::find_assets(assets) + "/i18n", language);
    // A plan file that cannot be written is said before the search or the replay, not after what
    // they print. Opened to append, it is not emptied: a file given to --shifts too, or a run that then
    // fails, leaves it as it was (one made for the check is removed again).
    if (!shifts_out.empty()) {
      bool existed = std::filesystem::exists(shifts_out);
      bool writable = static_cast<bool>(std::ofstream(shifts_out, std::ios::app));
      int why = errno;
      if (!existed && writable) std::filesystem::remove(shifts_out);
      if (!writable) {
        std::fprintf(stderr, "hallq-sim: --shifts-out %s: cannot write there (%s)\n", shifts_out.c_str(),
                     std::strerror(why));
        return 2;
      }
    }
    // The plan written (--shifts-out) once the run has printed; false, said, when it cannot be.
    auto write_plan = [&](const std::string& text) {
      std::ofstream plan_file(shifts_out);
      plan_file << text;
      if (plan_file.flush()) return true;
      std::fprintf(stderr, "hallq-sim: cannot write %s\n", shifts_out.c_str());
      return false;
    };
    hallq::sim::Model model;
    if (!scenario_path.empty()) model = hallq::sim::load_scenario(scenario_path, hall);
    // --shifts: its [[shift]] (and [[window]]) entries played in place of the scenario's, or of the
    // day's as staffed (which the replay below then leaves alone): applied first, so that the model
    // described is the plan's.
    if (!shifts_path.empty()) {
      hallq::sim::Model plan = hallq::sim::load_scenario(shifts_path, hall);
      if (plan.shifts.empty()) {  // not "every window all day", as a scenario without shifts is
        std::fprintf(stderr, "hallq-sim: --shifts %s: no [[shift]] in it: a plan opens at least one window\n",
                     shifts_path.c_str());
        return 2;
      }
      model.shifts = plan.shifts;
      if (!plan.windows.empty()) model.windows = plan.windows;  // a "what if" of skills
      std::vector<std::string> ignored;  // said, not refused: a scenario given as the plan plays its shifts
      for (const std::string& t : plan.tables)
        if (t != "[[shift]]" && t != "[[window]]") ignored.push_back(t);
      if (!ignored.empty()) {
        std::string list;  // "[sim]", "[[service]] and [sim]", "[[service]], [calendar] and [sim]"
        for (std::size_t i = 0; i < ignored.size(); ++i)
          list += (i == 0 ? "" : i + 1 == ignored.size() ? " and " : ", ") + ignored[i];
        bool one = ignored.size() == 1;
        std::fprintf(stderr,
                     "hallq-sim: --shifts %s: only its [[shift]] and [[window]] entries are played, not its %s %s "
                     "(give %s with --scenario)\n",
                     shifts_path.c_str(), list.c_str(), one ? "table" : "tables", one ? "it" : "them");
      }
    }
    std::optional<hallq::sim::RecordedEstimates> recorded;  // what the recorded days told citizens
    if (!db_path.empty()) {
      // A day the server is still on is not over: left out (docs/simulation.md, "Fitted from history").
      std::optional<hallq::domain::LocalDate> in_progress;
      if (hallq::server::database_in_use(db_path)) try {
          in_progress = hallq::server::read_current_day(*hallq::sim::open_history(db_path));
        } catch (const SQLite::Exception&) {
          // not a store's database: fit_history says what it is
        }
      if (in_progress && replay_text == in_progress->str()) {  // its windows are still open, its citizens waiting
        std::fprintf(stderr,
                     "hallq-sim: --replay-day %s: the server has not closed that day yet; replay it once the hall "
                     "has moved on to the next day\n",
                     replay_text.c_str());
        return 2;
      }
      hallq::sim::Model fitted =
          hallq::sim::fit_history(db_path, hall, days > 0 ? static_cast<int>(days) : 20, in_progress);
      // The same days as fitted, even if the server starts a new day between the two reads; never the
      // day a running server is on.
      const hallq::domain::LocalDate whole_before = in_progress ? std::min(*in_progress, fitted.start) : fitted.start;
      recorded = hallq::sim::recorded_estimates(db_path, hall, fitted.fitted_days, whole_before);
      // The scenario's own services win over the fitted ones.
      for (auto& s : fitted.services)
        if (model.service(s.code) == nullptr) model.services.push_back(std::move(s));
      model.fitted_days = fitted.fitted_days;
      model.day_in_progress = in_progress;
      // A scenario's own start and [calendar] win too; else the first open day after the recorded ones, and
      // the factors fitted from them (holidays, make-up days, months).
      if (!model.start_given) model.start = fitted.start;
      if (!model.calendar_given) model.calendar = fitted.calendar;
      // The first day simulated: the replayed one, the advice's date, or the model's first open day.
      hallq::domain::LocalDate first = model.start;
      std::optional<hallq::domain::LocalDate> replay_day;
      if (!replay_text.empty()) {
        replay_day = hallq::domain::LocalDate::parse(replay_text);
        if (!replay_day || !replay_day->valid()) {
          std::fprintf(stderr, "hallq-sim: --replay-day %s: not a date (YYYY-MM-DD)\n", replay_text.c_str());
          return 2;
        }
        first = *replay_day;
      } else if (auto d = hallq::domain::LocalDate::parse(date_text); staffing && d && d->valid()) {
        first = *d;
      }
      for (int i = 0; i < 400 && !replay_day && !hall.open_on(first); ++i) first = first.plus_days(1);
      try {
        std::unique_ptr<SQLite::Database> db = hallq::sim::open_history(db_path);
        // The hall's recent days before it: its server starts each day's wait estimate from them
        // (docs/architecture.md, "Estimated wait"), and so does the simulated hall. The store reads
        // only a database of its own schema: one the server has not opened since an upgrade gives none.
        const int schema = db->execAndGet("PRAGMA user_version").getInt();
        if (schema == hallq::server::Store::kSchemaVersion)
          model.recent_days = hallq::server::read_recent_days(*db, in_progress ? std::min(first, whole_before) : first,
                                                              hallq::domain::RecentDays::kDays);
        if (replay_day && schema != hallq::server::Store::kSchemaVersion)
          throw hallq::sim::ModelError(db_path + ": schema version " + std::to_string(schema) + ", not this hallq's " +
                                       std::to_string(hallq::server::Store::kSchemaVersion) +
                                       ": start hallq-server on it once to bring it up to date, then replay");
        if (replay_day) {
          model.replay = std::make_shared<hallq::sim::RecordedDay>(
              hallq::sim::recorded_day(*db, hall, *replay_day, hallq::server::read_tickets(*db, replay_day->str())));
          model.start = *replay_day;
          if (shifts_path.empty()) {
            if (model.replay->shifts.empty())
              throw hallq::sim::ModelError("no window was logged in on " + replay_day->str() +
                                           " (its audit log has no login): give the windows with --shifts");
            model.shifts = model.replay->shifts;
          }
        }
      } catch (const SQLite::Exception& e) {
        throw hallq::sim::ModelError(db_path + ": " + e.what());
      } catch (const hallq::server::StoreError& e) {
        throw hallq::sim::ModelError(db_path + ": " + e.what());
      }
      model.days = sim_days > 0 ? static_cast<int>(sim_days) : (scenario_path.empty() ? 1 : model.days);
      std::string described =
          hallq::sim::describe_model(model, hall, words) + "\n" + hallq::sim::format_recorded_text(*recorded, words);
      std::fputs(described.c_str(), json ? stderr : stdout);
      if (!json) std::fputs("\n", stdout);
    } else if (days > 0) {
      model.days = static_cast<int>(days);
    }
    if (seed >= 0) model.seed = static_cast<std::uint64_t>(seed);
    model.oracle_runs = static_cast<int>(oracle);
    if (!live_server.empty()) {
      live.assets = hallq::config::find_assets(assets);  // throws, naming where it looked
      live.language = language;
      return hallq::simtool::run_live(cfg, model, live);
    }
    if (staffing) {
      hallq::domain::LocalDate date = model.start;  // without --date: the model's first open day
      for (int i = 0; i < 400 && date_text.empty() && !hall.open_on(date); ++i) date = date.plus_days(1);
      if (!date_text.empty()) {
        auto d = hallq::domain::LocalDate::parse(date_text);
        if (!d || !d->valid()) {
          std::fprintf(stderr, "hallq-sim: --date %s: not a date (YYYY-MM-DD)\n", date_text.c_str());
          return 2;
        }
        date = *d;
      }
      hallq::sim::StaffingGoal goal;
      goal.share = share;
      goal.target_s = static_cast<int>(target_minutes) * 60;
      goal.replications = static_cast<int>(replications);
      hallq::sim::StaffingAdvice advice = shifts_path.empty()
                                              ? hallq::sim::advise_staffing(hall, model, date, goal)
                                              : hallq::sim::replay_staffing(hall, model, date, model.shifts, goal);
      std::string out =
          json ? hallq::sim::format_staffing_json(advice) : hallq::sim::format_staffing_text(advice, words);
      std::fputs(out.c_str(), stdout);
      if (!shifts_out.empty() && !write_plan(hallq::sim::format_staffing_shifts(advice, model.windows))) return 2;
      return advice.met ? 0 : 1;
    }
    hallq::sim::Result r = hallq::sim::simulate(hall, model);
    if (model.replay) {
      hallq::sim::ReplayReport replay{model.replay.get(), hallq::sim::recorded_waits(*model.replay, hall, r.target_s),
                                      shifts_path};
      std::string out = json ? hallq::sim::format_json(r, recorded ? &*recorded : nullptr, &replay)
                             : hallq::sim::format_replay_text(replay, r, hall, words) + "\n" +
                                   hallq::sim::format_text(r, hall, words);
      std::fputs(out.c_str(), stdout);
      if (!shifts_out.empty() &&  // the windows played, to change and replay ("what if")
          !write_plan(
              hallq::sim::format_shifts(model.shifts,
                                        "hallq-sim: the windows of " + model.replay->day.str() +
                                            (shifts_path.empty() ? ", as staffed that day" : ", as in " + shifts_path),
                                        model.windows)))
        return 2;
      return 0;
    }
    std::string out =
        json ? hallq::sim::format_json(r, recorded ? &*recorded : nullptr) : hallq::sim::format_text(r, hall, words);
    std::fputs(out.c_str(), stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-sim: %s\n", e.what());
    return 2;
  }
}
