#pragma once
// What the simulator plays: how citizens arrive, how long they take, who sits
// at which window when. Read from a scenario file (load_scenario, the format
// in docs/simulation.md) or fitted from a hall's own history (history.hpp).
// Plain data; the hall itself (services, windows, skills, weights, hours)
// comes from the hall's configuration, unchanged.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/hall.hpp"
#include "core/domain/recent_days.hpp"
#include "core/domain/time.hpp"

namespace hallq::sim {

constexpr int kSlotMinutes = 15;
constexpr int kSlots = 24 * 60 / kSlotMinutes;  // 96 a day
// A scenario's arrivals per hour of one service, at most; and the citizens a simulated day may
// bring in all, calendar factors included (a model that expects more is refused, not played
// until the memory runs out).
constexpr double kMaxArrivalsPerHour = 10'000;
constexpr double kMaxArrivalsPerDay = 500'000;

// How long one visit at a window takes (first call to finish).
struct ServiceTime {
  enum class Kind { exponential, lognormal, fixed, empirical };
  Kind kind = Kind::lognormal;
  double mean_s = 600;
  double cv = 0.5;                // standard deviation ÷ mean (lognormal)
  std::vector<double> samples_s;  // empirical: drawn from uniformly
};
std::string_view to_string(ServiceTime::Kind k);

struct ServiceModel {
  std::string code;  // a service of the hall
  // Arrivals per hour, by weekday (0 = Sunday) and 15-minute slot of the day:
  // Poisson with that rate within the slot.
  std::array<std::array<double, kSlots>, 7> per_hour{};
  ServiceTime time;
  double no_show = 0;       // a called citizen does not come
  double transfer = 0;      // a finished visit goes on to `transfer_to`
  std::string transfer_to;  // a service code
  double patience_s = 0;    // > 0: a waiting citizen leaves after Exp(patience) (cancelled "left")
  int fitted_visits = 0;    // fitted from history: finished visits measured

  double arrivals_on(int weekday) const;  // expected per day
};

// A clerk at a window from `from` to `to` (minutes since local midnight), away during `breaks` (the
// window is paused; a citizen being served is finished first). The hall's own rota type; a
// scenario's shifts have no weekdays (every simulated day plays them).
using Shift = domain::Shift;

// A window's skills for a "what if" (a C-skilled clerk moved to window 5): the services it takes,
// with their weights, instead of the hall's for the whole simulated day.
struct WindowSkills {
  int window = 0;
  std::vector<std::pair<std::string, int>> services;  // service code → weight (≥ 1)
};

// Appointments booked for each simulated day: one per slot time listed.
struct AppointmentPlan {
  std::string service;
  std::vector<int> slots;  // minutes since local midnight
  double show = 1.0;       // share that come and check in
  int early_minutes = 15;  // they check in up to this long before the slot
};

// How one date's arrivals differ from its weekday's (staffing advice for a date, docs/simulation.md):
// by month; on the first open day after a holiday of the hall's calendar (节后: [hall] closed_dates);
// on a make-up working day (调休: [hall] extra_workdays, a weekday the hall is otherwise closed on,
// whose arrivals are the open weekdays' average). A scenario's [calendar], or fitted from history.
struct ArrivalCalendar {
  std::array<double, 12> month{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};  // × the weekday's, January first
  double after_holiday = 1;
  double makeup_day = 1;
  // Fitted: the recorded days each factor was measured on (none: left at 1).
  std::array<int, 12> month_days{};
  int after_holiday_days = 0, makeup_days = 0;
};

enum class DayKind { ordinary, after_holiday, makeup };
// A make-up working day, the first open day after one or more closed dates (holidays; ordinary
// weekends are not), or an ordinary day.
DayKind day_kind(const domain::HallConfig& hall, domain::LocalDate d);

// A training session played against a live training hall (hallq-sim --live,
// docs/training.md): the citizens a scenario scripts one by one, and what goes
// wrong meanwhile. Times are the session's virtual clock, minutes since midnight.
struct LiveCitizen {
  int at = 0;
  std::string service;
  bool absent = false;          // takes a ticket and is gone when called: the clerk should mark a no-show
  std::string then;             // needs this service next: the clerk should transfer there
  std::string missing;          // comes without this material: the clerk should ask for it (补正), not accept
  double minutes = 0;           // how long the citizen needs at the window; 0: drawn from the service's time
  std::string language = "zh";  // the citizen's language at the kiosk
  std::string rating;           // the level the citizen gives (docs/ratings.md); empty: drawn; "none": does not rate
};

struct LiveIncident {
  enum class Kind { printer_out, network_cut };
  Kind kind = Kind::printer_out;
  int at = 0;       // minutes since midnight, virtual
  int minutes = 5;  // how long, virtual
};
std::string_view to_string(LiveIncident::Kind k);

struct LiveSession {
  int from = 9 * 60, to = 10 * 60;  // the session's virtual hours
  double speed = 1;                 // virtual minutes per real minute
  bool arrivals = true;             // besides the scripted citizens, arrivals drawn from [[service]] rates
  double rating_share = 0.6;        // the share of drawn citizens who rate their visit
  std::vector<LiveCitizen> citizens;
  std::vector<LiveIncident> incidents;
};

// A recorded day replayed (hallq-sim --from-db --replay-day, docs/simulation.md): its citizens as
// they came and each visit as it went, played through the engine with the day's own staffing or
// another ("what if": one more window at 10:00, a clerk of other skills at window 5).
struct RecordedVisit {
  enum class End : std::uint8_t {
    done,         // served (or ended at the window otherwise): took_ms at the window
    no_show,      // called and not there: took_ms the clerk waited
    transferred,  // served, then sent to the next visit's service (or its window)
    left,         // gave up waiting after waited_ms, never called
    unserved,     // still waiting when the day ended
    moved         // sent by a guide to the next visit's service after waited_ms, never called here
  };
  std::string service;
  int window = 0;  // > 0: waited for this window only (a transfer to a window)
  End end = End::unserved;
  std::int64_t waited_ms = -1;  // enqueued → called (or → left, → moved); -1: unserved
  std::int64_t took_ms = -1;    // called → ended; -1: never called
  // A no-show put back in the queue (Engine::requeue): the citizen came back this long after it,
  // and the next visit is the one that followed. -1: never came back.
  std::int64_t back_after_ms = -1;
  // After it, the moment its clerk took before calling the next citizen, who was already waiting
  // (not across a pause, login or logout): the replay keeps the window that much longer.
  std::int64_t gap_ms = 0;
};
struct RecordedCitizen {
  std::int64_t at_ms = 0;             // issued, ms after the day's midnight
  std::string priority;               // as issued (an appointment's check-in: the appointments' class)
  std::vector<RecordedVisit> visits;  // the first: the service the ticket was taken for
};
struct RecordedDay {
  domain::LocalDate day;
  std::vector<RecordedCitizen> citizens;  // in issue order
  // The windows as they were staffed: each login to its logout (or the hall's closing), the
  // pauses within as breaks; clerks not named.
  std::vector<Shift> shifts;
};

struct Model {
  std::vector<ServiceModel> services;
  std::vector<Shift> shifts;          // empty: every window staffed through the hall's hours
  std::vector<WindowSkills> windows;  // [[window]]: skills played instead of the hall's
  std::vector<AppointmentPlan> appointments;
  domain::LocalDate start{2026, 1, 5};  // first day; closed days are skipped
  bool start_given = false;             // a scenario's [sim] start (hallq-sim --from-db: else fitted)
  int days = 1;                         // open days simulated
  std::uint64_t seed = 1;
  int target_s = 0;                   // "within target"; 0: the hall's [alarms] wait_minutes
  int no_show_wait_s = 60;            // a clerk waits this long for a called citizen
  bool serve_out = true;              // clerks whose shift ends at closing serve everyone holding a ticket
  domain::Interval measure{0, 1440};  // only visits that start waiting within this count
  int fitted_days = 0;                // > 0: fitted from that many recorded days
  // Fitted from a database a server is still on: the day it is on, left out (not over yet).
  std::optional<domain::LocalDate> day_in_progress;
  // The hall's recent days before `start`, measured (hallq-sim --from-db: its last
  // RecentDays::kDays days with tickets): the engine starts the first simulated day from them, as a
  // server that starts does (Engine::remember_day). Empty: it starts as a new hall's.
  std::vector<std::pair<domain::LocalDate, domain::RecentDays::Measures>> recent_days;
  ArrivalCalendar calendar;
  bool calendar_given = false;  // a scenario's [calendar] (hallq-sim --from-db: else fitted)
  // The tables the file had ("[[service]]", "[[shift]]", "[sim]", …, by name): hallq-sim says which of a
  // --shifts file's it does not play (only its shifts and windows are).
  std::vector<std::string> tables;
  // Set: every simulated day gets this date's arrivals (one date played many times: staffing advice).
  std::optional<domain::LocalDate> arrivals_date;
  // Each visit's no-show, service time and transfer, and each citizen's patience, drawn from a stream
  // keyed by the day, the ticket and the visit instead of one stream in call order: two staffings
  // played with the same seed then meet the same citizens needing the same (staffing advice).
  bool keyed_draws = false;
  // > 0: each ticket's wait is also estimated by the oracle (EstimateErrors::oracle): the median of
  // its wait over this many replicas of the day played on from the moment of take, the future drawn
  // afresh. Slow (a replica of the engine per run per ticket): a measurement, not a hall's estimate.
  int oracle_runs = 0;
  // Off: no ticket is told a wait at take, and no estimate is measured (Result's estimate errors
  // stay empty). The waits are the same (nothing in the hall depends on what a citizen is told);
  // staffing advice, which counts only waits, plays its days twice as fast.
  bool estimates = true;
  LiveSession live;  // [live], [[citizen]], [[incident]]: read only by hallq-sim --live
  // Set: the simulation is this one recorded day, its citizens and their visits instead of drawn
  // arrivals, appointments, service times, no-shows, transfers and patience (the model's services
  // give only what the day cannot: a visit never called that day, or one that left and is now
  // called); `shifts` are played as for any day (the recorded ones unless replaced).
  std::shared_ptr<const RecordedDay> replay;

  const ServiceModel* service(std::string_view code) const;
};

// A service's arrivals per hour in each slot of date `d`: its weekday's (a make-up day: the average of
// the hall's open weekdays) × the calendar's factors for the month and the kind of day.
// The hall as the model plays it: its windows' skills replaced by the model's [[window]] entries.
domain::HallConfig hall_played(const domain::HallConfig& hall, const Model& model);

std::array<double, kSlots> arrivals_on_date(const ServiceModel& s, const ArrivalCalendar& calendar,
                                            const domain::HallConfig& hall, domain::LocalDate d);

class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads a scenario file over `hall` (which names the services and windows it
// may use). Throws ModelError naming the file and the field.
Model load_scenario(const std::string& path, const domain::HallConfig& hall);
Model parse_scenario(std::string_view text, const std::string& path, const domain::HallConfig& hall);

}  // namespace hallq::sim
