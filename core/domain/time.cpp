#include "core/domain/time.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace hallq::domain {
namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

std::chrono::year_month_day ymd(const LocalDate& d) {
  return std::chrono::year{d.year} / std::chrono::month{static_cast<unsigned>(d.month)} /
         std::chrono::day{static_cast<unsigned>(d.day)};
}

LocalDate from_ymd(std::chrono::year_month_day v) {
  return {static_cast<int>(v.year()), static_cast<int>(static_cast<unsigned>(v.month())),
          static_cast<int>(static_cast<unsigned>(v.day()))};
}

}  // namespace

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

OffsetClock::OffsetClock(TimePoint start) : offset_(start - SystemClock{}.now()) {}

TimePoint OffsetClock::now() const {
  return SystemClock{}.now() + offset_;
}

std::string LocalDate::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<LocalDate> LocalDate::parse(std::string_view s) {
  LocalDate d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!read_int(s, 0, 4, d.year) || !read_int(s, 5, 2, d.month) || !read_int(s, 8, 2, d.day)) return std::nullopt;
  if (!d.valid()) return std::nullopt;
  return d;
}

bool LocalDate::valid() const {
  return ymd(*this).ok();
}

LocalDate LocalDate::plus_days(int n) const {
  return from_ymd(std::chrono::year_month_day{std::chrono::sys_days{ymd(*this)} + std::chrono::days{n}});
}

int LocalDate::weekday() const {
  return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{ymd(*this)}}.c_encoding());
}

LocalTime to_local(TimePoint t) {
  std::time_t secs = static_cast<std::time_t>(std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count());
  std::tm tm{};
  localtime_r(&secs, &tm);
  LocalTime out;
  out.date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  out.minute = tm.tm_hour * 60 + tm.tm_min;
  out.second = tm.tm_sec;
  out.utc_offset_s = static_cast<int>(tm.tm_gmtoff);
  return out;
}

LocalTime to_local(TimePoint t, int utc_offset_s) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()) + std::chrono::seconds{utc_offset_s};
  auto days = std::chrono::floor<std::chrono::days>(secs);
  std::chrono::year_month_day d{std::chrono::sys_days{days}};
  auto in_day = (secs - days).count();
  LocalTime out;
  out.date = {static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
              static_cast<int>(static_cast<unsigned>(d.day()))};
  out.minute = static_cast<int>(in_day / 60);
  out.second = static_cast<int>(in_day % 60);
  out.utc_offset_s = utc_offset_s;
  return out;
}

TimePoint from_local(LocalDate d, int minute) {
  std::tm tm{};
  tm.tm_year = d.year - 1900;
  tm.tm_mon = d.month - 1;
  tm.tm_mday = d.day;
  tm.tm_hour = minute / 60;  // mktime normalises 24:00 to the next midnight
  tm.tm_min = minute % 60;
  tm.tm_isdst = -1;
  std::time_t secs = std::mktime(&tm);
  return TimePoint{std::chrono::seconds{secs}};
}

LocalDate hall_day(TimePoint t, int rollover_minute) {
  LocalTime lt = to_local(t);
  return lt.minute < rollover_minute ? lt.date.plus_days(-1) : lt.date;
}

std::string format_iso(TimePoint t) {
  LocalTime lt = to_local(t);
  int off = lt.utc_offset_s;
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d%c%02d:%02d", lt.date.str().c_str(), lt.minute / 60, lt.minute % 60,
                lt.second, sign, off / 3600, (off % 3600) / 60);
  return buf;
}

std::optional<TimePoint> parse_iso(std::string_view s) {
  if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  auto date = LocalDate::parse(s.substr(0, 10));
  int hh = 0, mm = 0, ss = 0;
  if (!date || !read_int(s, 11, 2, hh) || s[13] != ':' || !read_int(s, 14, 2, mm)) return std::nullopt;
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!read_int(s, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
  }
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  if (pos == s.size()) return from_local(*date, hh * 60 + mm) + std::chrono::seconds{ss};
  TimePoint utc = TimePoint{std::chrono::sys_days{ymd(*date)}} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
                  std::chrono::seconds{ss};
  if (s.substr(pos) == "Z") return utc;
  int oh = 0, om = 0;
  if (s.size() != pos + 6 || (s[pos] != '+' && s[pos] != '-') || !read_int(s, pos + 1, 2, oh) || s[pos + 3] != ':' ||
      !read_int(s, pos + 4, 2, om))
    return std::nullopt;
  auto offset = std::chrono::minutes{oh * 60 + om};
  return s[pos] == '+' ? utc - offset : utc + offset;
}

std::optional<int> iso_utc_offset(std::string_view s) {
  if (!parse_iso(s) || s.size() < 17) return std::nullopt;
  if (s.back() == 'Z') return 0;
  std::string_view off = s.substr(s.size() - 6);
  if (off[0] != '+' && off[0] != '-') return std::nullopt;
  int oh = 0, om = 0;
  if (!read_int(off, 1, 2, oh) || !read_int(off, 4, 2, om)) return std::nullopt;
  int secs = (oh * 60 + om) * 60;
  return off[0] == '+' ? secs : -secs;
}

std::optional<int> parse_hhmm(std::string_view s) {
  int hh = 0, mm = 0;
  if (s.size() != 5 || s[2] != ':' || !read_int(s, 0, 2, hh) || !read_int(s, 3, 2, mm)) return std::nullopt;
  if (mm > 59 || hh > 24 || (hh == 24 && mm != 0)) return std::nullopt;
  return hh * 60 + mm;
}

std::string format_hhmm(int minute) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

std::string format_hms(const LocalTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", t.minute / 60, t.minute % 60, t.second);
  return buf;
}

bool ServerClock::sync(std::string_view server_now) {
  auto t = parse_iso(server_now);
  auto off = iso_utc_offset(server_now);
  if (!t || !off) return false;
  offset_ = *t - std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
  utc_offset_s_ = *off;
  return true;
}

TimePoint ServerClock::now() const {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now()) + offset_;
}

std::int64_t to_unix_ms(TimePoint t) {
  return t.time_since_epoch().count();
}
TimePoint from_unix_ms(std::int64_t ms) {
  return TimePoint{Millis{ms}};
}

std::int64_t seconds_between(TimePoint from, TimePoint to) {
  return to > from ? std::chrono::floor<std::chrono::seconds>(to - from).count() : 0;
}

}  // namespace hallq::domain
