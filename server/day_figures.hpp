#pragma once
// A hall day's figures in a form that adds up across days, and how a closed
// day's are kept in the store for reports (table `day_figures`, schema 9;
// docs/web.md, "Reports"): per service, window, clerk, hour of issue and in
// all, the counts and every wait and service time (domain::StatsParts); the
// day's 好差评 counts by clerk; each window's open, busy and paused time; per
// service, the waits told at issue against those that followed (ToldParts). A
// report over a year adds up 250 of these instead of reading 750,000 tickets,
// and its figures are exactly those computed from the rows: counts and times
// are sums, and the means and percentiles are taken over all the samples.
//
// Who writes: the store thread (Store::make_figures; the store is the only
// writer of the database), for days that are closed (in `days`, before
// meta.day), after the day's close and for older days that have none.
// Store::commit deletes a day's figures in the transaction that writes any
// row they were made from — a ticket, a rating or its follow-up, a window's
// log-in, log-out or pause, the day's close — and the store makes them again.
// (A row changed by hand, outside the store, needs its day's figures deleted
// by hand too.) A reader takes a day's kept figures only
// when the day is closed and they were made on the same basis (figures_basis:
// the format, the rollover and the time zone's day boundaries); every other
// day (today, a day not yet made again) it computes from the rows with
// figures_from_rows, the same code the store uses.
//
// Pure functions of a connection and their arguments; any thread.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/stats.hpp"
#include "core/domain/ticket.hpp"
#include "core/domain/time.hpp"
#include "server/store_ratings.hpp"

namespace SQLite {
class Database;
}

namespace hallq::server {

// [from, to) in unix ms.
using Span = std::pair<std::int64_t, std::int64_t>;
// The length of the union of intervals.
std::int64_t covered(std::vector<Span> spans);

// A window's time on one day, in milliseconds (rounded to seconds only over a
// whole report, so that days add up exactly).
struct WindowMs {
  std::int64_t open = 0;    // logged in and not paused, or serving
  std::int64_t busy = 0;    // serving: from a call to the visit's end
  std::int64_t paused = 0;  // logged in and paused
};

// What tickets were told at issue (domain::ToldWait) against the wait that followed, from the issue to
// the first call: sums in milliseconds, so that days add up exactly. Only a ticket called in the queue
// it was issued to (its first visit) is in it: one never called, or sent on before its call, had no
// wait for what it was told. One issued before the hall kept what it told counts in `untold` only.
struct ToldParts {
  std::int64_t told = 0, untold = 0;
  std::int64_t wait_ms = 0;
  std::int64_t system_abs_ms = 0, system_sum_ms = 0;  // |told − wait| and told − wait
  std::int64_t naive_abs_ms = 0, naive_sum_ms = 0;    // the same for the naive baseline
  std::int64_t within = 0;                            // waits within the range told
  std::int64_t shown = 0;                             // tickets told a range (domain::wait_range_shown)
  void add_ticket(const domain::Ticket& t);
  void add(const ToldParts& o);
  bool operator==(const ToldParts&) const = default;
};

struct DayFigures {
  domain::StatsTable stats;                  // the day's tickets, as compute_stats adds them
  std::map<int, domain::StatsParts> hours;   // by the local hour a ticket was issued: it and its visits
  std::map<std::string, RatingRow> ratings;  // 好差评 by clerk (RatingTables' rows, key = clerk)
  std::map<int, WindowMs> use;               // by window
  std::map<std::string, ToldParts> told;     // by the service a ticket was issued for
};

// The windows' spans of a day: open and paused from their log-in, log-out and
// pause events, serving from the visits. Every span lies within its hall day.
struct WindowTimes {
  std::map<int, std::vector<Span>> open, paused, serving;
};

// The local hour of the day at which instants of a hall day fall; one time-zone
// conversion a day (a day that is not 24 hours long converts each instant).
class LocalHours {
 public:
  int operator()(const domain::LocalDate& day, domain::TimePoint at);

 private:
  domain::LocalDate day_{0, 0, 0};
  std::int64_t midnight_ = 0;
  bool plain_ = false;
};

// The windows' log-in, log-out, pause and day-close events of the days
// from..to replayed into open and paused spans, by day. A day's spans end at
// the day's end, or at `now_ms` for a day still going on.
void window_sessions(SQLite::Database& db, const domain::LocalDate& from, const domain::LocalDate& to,
                     std::int64_t now_ms, int rollover_minute, std::map<domain::LocalDate, WindowTimes>& out);
// A ticket's visits at windows as serving spans: from the call to the visit's
// end, or to `now_ms` for one not ended; at most to the end of its hall day.
void serving_spans(const domain::Ticket& t, std::int64_t day_end_ms, std::int64_t now_ms, WindowTimes& into);

// Every day's figures of the days from..to from the rows (the tickets, the
// 好差评 by day and clerk in one query, the windows' events); days with none of
// those are left out. `now_ms` ends what is still going on (today).
std::map<domain::LocalDate, DayFigures> figures_from_rows(SQLite::Database& db, const domain::LocalDate& from,
                                                          const domain::LocalDate& to, int rollover_minute,
                                                          std::int64_t now_ms);

// What a day's figures depend on besides its rows: the format, the rollover
// minute, and the day's boundaries and midnights in this process's time zone.
std::string figures_basis(const domain::LocalDate& day, int rollover_minute);

// The blob kept in `day_figures`: a version byte, then varints (samples sorted
// and delta-coded). decode throws StoreError for one it cannot read.
std::string encode_figures(const DayFigures& f);
DayFigures decode_figures(const void* data, std::size_t size);

// The kept figures of the days from..to that a report may use instead of the
// rows: closed days (before meta.day) whose basis is figures_basis(day,
// rollover_minute) and whose blob reads; the other days are left out.
std::map<domain::LocalDate, DayFigures> kept_figures(SQLite::Database& db, const domain::LocalDate& from,
                                                     const domain::LocalDate& to, int rollover_minute);

}  // namespace hallq::server
