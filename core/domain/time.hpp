#pragma once
// Time for the domain: a Clock seam (tests use ManualClock) and local-calendar
// helpers. "Local" is the process's time zone (TZ): issuing hours, hall days
// and the rollover follow it, as the hall's wall clocks do.

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace hallq::domain {

using Millis = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Millis>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// Starts at a chosen instant and runs at real speed (demo and training halls).
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(TimePoint start);
  TimePoint now() const override;

 private:
  Millis offset_;
};

// Time moves only when told to. Not thread safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint t) : now_(t) {}
  TimePoint now() const override { return now_; }
  void set(TimePoint t) { now_ = t; }
  void advance(Millis d) { now_ += d; }

 private:
  TimePoint now_;
};

struct LocalDate {
  int year = 1970, month = 1, day = 1;
  auto operator<=>(const LocalDate&) const = default;
  std::string str() const;  // YYYY-MM-DD
  static std::optional<LocalDate> parse(std::string_view s);
  LocalDate plus_days(int n) const;
  int weekday() const;  // 0 = Sunday … 6 = Saturday
  bool valid() const;
};

struct LocalTime {
  LocalDate date;
  int minute = 0;  // minutes since local midnight
  int second = 0;  // seconds within the minute
  int utc_offset_s = 0;
};

LocalTime to_local(TimePoint t);
// The wall clock at a fixed offset from UTC: what a terminal shows for the
// hall's time, whatever time zone the terminal itself is set to.
LocalTime to_local(TimePoint t, int utc_offset_s);
// The instant a local wall-clock time occurs (minute may be 1440 = next midnight).
TimePoint from_local(LocalDate d, int minute);

// The hall day of an instant: a new day begins at `rollover_minute` local time.
LocalDate hall_day(TimePoint t, int rollover_minute);

// "2026-11-26T09:15:02+08:00"
std::string format_iso(TimePoint t);
// Accepts "YYYY-MM-DDTHH:MM[:SS]" (local time) with an optional "Z" or "+HH:MM".
std::optional<TimePoint> parse_iso(std::string_view s);
// The "+08:00" of such a string in seconds (0 for "Z"); nothing without an offset.
std::optional<int> iso_utc_offset(std::string_view s);

// "08:30" → 510; "24:00" → 1440.
std::optional<int> parse_hhmm(std::string_view s);
std::string format_hhmm(int minute);
// "09:15:02"
std::string format_hms(const LocalTime& t);

// A terminal's view of the server's clock: the hall's time and time zone as
// the server last said ("now" in a snapshot), running on from there. A demo
// hall's clock may be hours off the terminal's, and in another zone.
class ServerClock final : public Clock {
 public:
  // `server_now` is the server's ISO time with its offset; false if unreadable.
  bool sync(std::string_view server_now);
  TimePoint now() const override;
  LocalTime local() const { return to_local(now(), utc_offset_s_); }
  int utc_offset_s() const { return utc_offset_s_; }

 private:
  Millis offset_{0};
  int utc_offset_s_ = 0;
};

std::int64_t to_unix_ms(TimePoint t);
TimePoint from_unix_ms(std::int64_t ms);
std::int64_t seconds_between(TimePoint from, TimePoint to);  // floor, never negative

}  // namespace hallq::domain
