#include "core/sim/model.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/config/toml_file.hpp"

namespace hallq::sim {

std::string_view to_string(ServiceTime::Kind k) {
  switch (k) {
    case ServiceTime::Kind::exponential:
      return "exponential";
    case ServiceTime::Kind::lognormal:
      return "lognormal";
    case ServiceTime::Kind::fixed:
      return "fixed";
    case ServiceTime::Kind::empirical:
      return "empirical";
  }
  return "?";
}

double ServiceModel::arrivals_on(int weekday) const {
  double sum = 0;
  for (double r : per_hour[weekday]) sum += r * kSlotMinutes / 60.0;
  return sum;
}

DayKind day_kind(const domain::HallConfig& hall, domain::LocalDate d) {
  const auto& extra = hall.extra_workdays;
  if (std::find(extra.begin(), extra.end(), d) != extra.end()) return DayKind::makeup;
  if (!hall.open_on(d)) return DayKind::ordinary;
  const auto& closed = hall.closed_dates;
  // Back over the closed days before it (a weekend, a holiday, both); a holiday among them makes it 节后.
  domain::LocalDate p = d.plus_days(-1);
  for (int back = 0; back < 31 && !hall.open_on(p); ++back, p = p.plus_days(-1))
    if (std::find(closed.begin(), closed.end(), p) != closed.end()) return DayKind::after_holiday;
  return DayKind::ordinary;
}

std::array<double, kSlots> arrivals_on_date(const ServiceModel& s, const ArrivalCalendar& calendar,
                                            const domain::HallConfig& hall, domain::LocalDate d) {
  DayKind kind = day_kind(hall, d);
  std::array<double, kSlots> out{};
  if (kind == DayKind::makeup) {
    int n = 0;
    for (int wd : hall.open_weekdays) {
      ++n;
      for (int slot = 0; slot < kSlots; ++slot)
        out[static_cast<std::size_t>(slot)] +=
            s.per_hour[static_cast<std::size_t>(wd % 7)][static_cast<std::size_t>(slot)];
    }
    for (double& r : out) r = n > 0 ? r / n : 0;
  } else {
    out = s.per_hour[static_cast<std::size_t>(d.weekday())];
  }
  double factor = calendar.month[static_cast<std::size_t>(std::clamp(d.month, 1, 12) - 1)];
  if (kind == DayKind::after_holiday) factor *= calendar.after_holiday;
  if (kind == DayKind::makeup) factor *= calendar.makeup_day;
  for (double& r : out) r *= factor;
  return out;
}

domain::HallConfig hall_played(const domain::HallConfig& hall, const Model& model) {
  domain::HallConfig out = hall;
  for (const auto& w : model.windows)
    for (auto& hw : out.windows)
      if (hw.number == w.window) hw.services = w.services;
  return out;
}

const ServiceModel* Model::service(std::string_view code) const {
  for (const auto& s : services)
    if (s.code == code) return &s;
  return nullptr;
}

namespace {

const char* const kWeekdayKeys[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// One table of the scenario: typed getters that name file, line and key in
// every error, and a check that no key was left unread (a typo).
class Table {
 public:
  Table(const toml::table& t, std::string where, const std::string& file)
      : t_(t), where_(std::move(where)), file_(file) {}

  [[noreturn]] void fail(std::string_view key, const std::string& msg) const {
    const toml::node* n = key.empty() ? nullptr : t_.get(key);
    auto line = n ? n->source().begin.line : t_.source().begin.line;
    throw ModelError(file_ + ":" + std::to_string(line) + ": " + where_ + (key.empty() || where_.empty() ? "" : ".") +
                     std::string(key) + ": " + msg);
  }
  const toml::node* get(std::string_view key) {
    used_.insert(std::string(key));
    return t_.get(key);
  }
  double number(std::string_view key, double fallback, double min, double max) {
    const toml::node* n = get(key);
    if (n == nullptr) return fallback;
    double v = 0;
    if (auto i = n->value<std::int64_t>(); i && n->is_integer()) {
      v = static_cast<double>(*i);
    } else if (auto d = n->value<double>()) {
      v = *d;
    } else {
      fail(key, "must be a number");
    }
    if (!(v >= min && v <= max)) fail(key, "must be between " + fmt(min) + " and " + fmt(max));  // nan too
    return v;
  }
  std::string str(std::string_view key, std::string fallback = {}) {
    const toml::node* n = get(key);
    if (n == nullptr) return fallback;
    auto s = n->value<std::string>();
    if (!s) fail(key, "must be a string");
    return *s;
  }
  bool boolean(std::string_view key, bool fallback) {
    const toml::node* n = get(key);
    if (n == nullptr) return fallback;
    auto b = n->value_exact<bool>();  // not the integer 1
    if (!b) fail(key, "must be true or false");
    return *b;
  }
  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    const toml::node* n = get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) fail(key, "must be a list of strings");
    for (const auto& e : *a) {
      auto s = e.value<std::string>();
      if (!s) fail(key, "must be a list of strings");
      out.push_back(*s);
    }
    return out;
  }
  std::vector<double> numbers(std::string_view key) {
    std::vector<double> out;
    const toml::node* n = get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) fail(key, "must be a list of numbers");
    for (const auto& e : *a) {
      auto d = e.value<double>();
      if (!d || !(*d >= 0 && *d <= 86'400)) fail(key, "must be a list of numbers from 0 to 86400");
      out.push_back(*d);
    }
    return out;
  }
  domain::Interval interval(std::string_view key, std::string_view text) const {
    auto dash = text.find('-');
    std::optional<int> from, to;
    if (dash != std::string_view::npos) {
      from = domain::parse_hhmm(text.substr(0, dash));
      to = domain::parse_hhmm(text.substr(dash + 1));
    }
    if (!from || !to || *from >= *to) fail(key, "\"" + std::string(text) + "\" is not a time range like 08:30-12:00");
    return {*from, *to};
  }
  int minute(std::string_view key, std::string_view text) const {
    auto m = domain::parse_hhmm(text);
    if (!m) fail(key, "\"" + std::string(text) + "\" is not a time like 08:30");
    return *m;
  }
  const toml::table& raw() const { return t_; }
  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }
  void done() const {
    for (const auto& [k, v] : t_)
      if (!used_.count(std::string(k.str()))) fail(k.str(), "unknown setting (misspelt?)");
  }
  // Before reading a table whose first check would read a misspelt key as missing (`windw = 1`: "no
  // window 0"): any key not among `known` is named as done() names it.
  void only(std::initializer_list<std::string_view> known) const {
    for (const auto& [k, v] : t_)
      if (std::find(known.begin(), known.end(), k.str()) == known.end()) fail(k.str(), "unknown setting (misspelt?)");
  }

 private:
  static std::string fmt(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
  }
  const toml::table& t_;
  std::string where_;
  const std::string& file_;
  std::set<std::string> used_;
};

template <typename Fn>
void each_table(Table& parent, std::string_view key, Fn fn) {
  const toml::node* n = parent.get(key);
  if (n == nullptr) return;
  const toml::array* a = n->as_array();
  if (a == nullptr) parent.fail(key, "must be a list of tables ([[" + std::string(key) + "]])");
  for (std::size_t i = 0; i < a->size(); ++i) {
    std::string where = std::string(key) + "[" + std::to_string(i + 1) + "]";
    const toml::table* t = (*a)[i].as_table();
    if (t == nullptr) parent.fail(key, where + " must be a table");
    Table tt(*t, where, parent.file());
    fn(tt);
    tt.done();
  }
}

// "08:30-10:00" = 40 → 40 an hour over those slots (pro rata where a slot is partly covered).
void read_arrivals(Table& t, std::string_view key, std::array<double, kSlots>& out) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return;
  const toml::table* rates = n->as_table();
  if (rates == nullptr) t.fail(key, "must be a table of time ranges and arrivals per hour: { \"08:30-12:00\" = 40 }");
  out.fill(0);
  std::vector<std::pair<domain::Interval, std::string>> seen;
  for (const auto& [range, value] : *rates) {
    auto rate = value.value<double>();
    if (!rate || !(*rate >= 0 && *rate <= kMaxArrivalsPerHour))
      t.fail(key, "\"" + std::string(range.str()) + "\" must be a number of arrivals per hour from 0 to " +
                      std::to_string(static_cast<int>(kMaxArrivalsPerHour)));
    domain::Interval iv = t.interval(key, range.str());
    // Overlapping ranges would add up, which no one writing them means (is "09:30-10:30" = 20
    // the rate there, or 20 more?): refused, as shifts that overlap are.
    for (const auto& [other, name] : seen)
      if (other.from < iv.to && iv.from < other.to)
        t.fail(key, "\"" + std::string(range.str()) + "\" overlaps \"" + name + "\" (give each time of day one rate)");
    seen.emplace_back(iv, std::string(range.str()));
    for (int s = 0; s < kSlots; ++s) {
      int lo = std::max(iv.from, s * kSlotMinutes), hi = std::min(iv.to, (s + 1) * kSlotMinutes);
      if (hi > lo) out[s] += *rate * (hi - lo) / kSlotMinutes;
    }
  }
}

}  // namespace

namespace {
Model read_scenario(std::string_view text, const std::string& path, const domain::HallConfig& hall) {
  toml::table top;
  try {
    top = config::parse_toml(text, path);  // past toml++'s bug with "。" and "·", as the hall's file
  } catch (const config::ConfigError& e) {
    throw ModelError(e.what());
  }
  Model m;
  for (const auto& [key, node] : top)
    m.tables.push_back(node.is_array() ? "[[" + std::string(key.str()) + "]]" : "[" + std::string(key.str()) + "]");
  Table root(top, "", path);
  if (const toml::node* n = root.get("sim")) {
    if (!n->is_table()) root.fail("sim", "must be a table");
    Table t(*n->as_table(), "sim", path);
    std::string start = t.str("start", m.start.str());
    auto d = domain::LocalDate::parse(start);
    if (!d || !d->valid()) t.fail("start", "\"" + start + "\" is not a date like 2026-12-07");
    m.start = *d;
    m.start_given = t.raw().contains("start");
    m.days = static_cast<int>(t.number("days", m.days, 1, 3660));
    m.seed = static_cast<std::uint64_t>(t.number("seed", static_cast<double>(m.seed), 0, 9e15));
    m.target_s = static_cast<int>(t.number("target_minutes", 0, 0, 1440) * 60);
    m.no_show_wait_s = static_cast<int>(t.number("no_show_wait_s", m.no_show_wait_s, 0, 3600));
    m.serve_out = t.boolean("serve_out", m.serve_out);
    if (const toml::node* mn = t.get("measure")) {
      auto s = mn->value<std::string>();
      if (!s) t.fail("measure", "must be a time range like 01:00-23:00");
      m.measure = t.interval("measure", *s);
    }
    t.done();
  }
  if (const toml::node* n = root.get("calendar")) {
    if (!n->is_table()) root.fail("calendar", "must be a table");
    Table t(*n->as_table(), "calendar", path);
    m.calendar_given = true;
    if (const toml::node* mn = t.get("months")) {
      const toml::table* months = mn->as_table();
      if (months == nullptr) t.fail("months", "must be a table of months and factors: { \"12\" = 1.2 }");
      for (const auto& [key, value] : *months) {
        int month = 0;
        auto [ptr, ec] = std::from_chars(key.str().data(), key.str().data() + key.str().size(), month);
        auto factor = value.value<double>();
        if (ec != std::errc{} || ptr != key.str().data() + key.str().size() || month < 1 || month > 12)
          t.fail("months", "\"" + std::string(key.str()) + "\" is not a month (1 to 12)");
        if (!factor || !(*factor >= 0 && *factor <= 100))
          t.fail("months", "month " + std::to_string(month) + " needs a factor between 0 and 100");
        m.calendar.month[static_cast<std::size_t>(month - 1)] = *factor;
      }
    }
    m.calendar.after_holiday = t.number("after_holiday", 1, 0, 100);
    m.calendar.makeup_day = t.number("makeup_day", 1, 0, 100);
    t.done();
  }
  each_table(root, "service", [&](Table& t) {
    ServiceModel s;
    s.code = t.str("code");
    if (hall.service(s.code) == nullptr) t.fail("code", "the hall has no service \"" + s.code + "\"");
    if (m.service(s.code) != nullptr) t.fail("code", "service " + s.code + " appears twice");
    std::string kind = t.str("time", "lognormal");
    if (kind == "exponential") {
      s.time.kind = ServiceTime::Kind::exponential;
    } else if (kind == "lognormal") {
      s.time.kind = ServiceTime::Kind::lognormal;
    } else if (kind == "fixed") {
      s.time.kind = ServiceTime::Kind::fixed;
    } else if (kind == "empirical") {
      s.time.kind = ServiceTime::Kind::empirical;
    } else {
      t.fail("time", "must be exponential, lognormal, fixed or empirical");
    }
    double configured = hall.service(s.code)->minutes;
    s.time.mean_s = t.number("mean_minutes", configured, 0.01, 1440) * 60;
    s.time.cv = t.number("cv", s.time.cv, 0, 10);
    s.time.samples_s = t.numbers("samples_s");
    if (t.raw().contains("samples_s") && s.time.kind != ServiceTime::Kind::empirical)
      t.fail("samples_s", "is for time = \"empirical\" only (this service's time is " + kind + ")");
    if (t.raw().contains("cv") && s.time.kind != ServiceTime::Kind::lognormal)
      t.fail("cv", "is for time = \"lognormal\" only (this service's time is " + kind + ")");
    if (s.time.kind == ServiceTime::Kind::empirical) {
      if (s.time.samples_s.empty()) t.fail("samples_s", "an empirical service time needs samples (seconds)");
      double sum = 0;
      for (double v : s.time.samples_s) sum += v;
      s.time.mean_s = sum / static_cast<double>(s.time.samples_s.size());
    }
    s.no_show = t.number("no_show", 0, 0, 1);
    s.transfer = t.number("transfer", 0, 0, 1);
    s.transfer_to = t.str("transfer_to");
    if (s.transfer > 0 && hall.service(s.transfer_to) == nullptr)
      t.fail("transfer_to", "a transfer needs a service of the hall to go to");
    if (s.transfer > 0 && s.transfer_to == s.code)
      t.fail("transfer_to", "must be another service (the hall refuses a transfer to a ticket's own service)");
    s.patience_s = t.number("patience_minutes", 0, 0, 1440) * 60;
    std::array<double, kSlots> all{};
    read_arrivals(t, "arrivals", all);
    for (int wd = 0; wd < 7; ++wd) {
      s.per_hour[wd] = all;
      read_arrivals(t, std::string("arrivals_") + kWeekdayKeys[wd], s.per_hour[wd]);
    }
    m.services.push_back(std::move(s));
  });
  each_table(root, "shift", [&](Table& t) {
    t.only({"window", "clerk", "from", "to", "breaks"});
    Shift s;
    s.window = static_cast<int>(t.number("window", 0, 1, 1e6));
    if (hall.window(s.window) == nullptr) t.fail("window", "the hall has no window " + std::to_string(s.window));
    s.clerk = t.str("clerk");
    if (!s.clerk.empty() && hall.clerk(s.clerk) == nullptr)
      t.fail("clerk", "the hall has no clerk \"" + s.clerk + "\"");
    // As the hall's [[shift]]: both ends given ("24:00" for midnight), breaks within, not the whole of it.
    if (t.get("from") == nullptr) t.fail("from", "is required: a time like \"08:30\"");
    if (t.get("to") == nullptr) t.fail("to", "is required: a time like \"17:30\" (\"24:00\" for midnight)");
    s.from = t.minute("from", t.str("from"));
    s.to = t.minute("to", t.str("to"));
    if (s.to <= s.from) t.fail("to", "must be after from");
    if (s.to <= hall.opening_minute() || s.from >= hall.closing_minute())
      t.fail("from", "the shift " + domain::format_hhmm(s.from) + "-" + domain::format_hhmm(s.to) +
                         " is outside the hall's hours (" + domain::format_hhmm(hall.opening_minute()) + "-" +
                         domain::format_hhmm(hall.closing_minute()) + "): nobody could be served in it");
    int on_break = 0;
    for (const auto& b : t.strings("breaks")) {
      s.breaks.push_back(t.interval("breaks", b));
      if (s.breaks.back().from < s.from || s.breaks.back().to > s.to)
        t.fail("breaks", "\"" + b + "\": a break must fall within the shift");
      for (std::size_t i = 0; i + 1 < s.breaks.size(); ++i)
        if (s.breaks[i].from < s.breaks.back().to && s.breaks.back().from < s.breaks[i].to)
          t.fail("breaks", "\"" + b + "\": overlaps another break of the shift");
      on_break += s.breaks.back().to - s.breaks.back().from;
    }
    if (!s.breaks.empty() && on_break == s.to - s.from)
      t.fail("breaks", "the breaks cover the whole shift and leave no shift");
    for (const auto& other : m.shifts) {
      bool overlap = other.from < s.to && s.from < other.to;
      if (overlap && other.window == s.window)
        t.fail("from", "overlaps another shift at window " + std::to_string(s.window));
      if (overlap && !s.clerk.empty() && other.clerk == s.clerk)
        t.fail("clerk", "clerk " + s.clerk + " is already at window " + std::to_string(other.window) + " then");
    }
    m.shifts.push_back(std::move(s));
  });
  each_table(root, "window", [&](Table& t) {
    t.only({"number", "services"});
    WindowSkills w;
    w.window = static_cast<int>(t.number("number", 0, 1, 1e6));
    if (hall.window(w.window) == nullptr) t.fail("number", "the hall has no window " + std::to_string(w.window));
    for (const auto& other : m.windows)
      if (other.window == w.window) t.fail("number", "window " + std::to_string(w.window) + " appears twice");
    const toml::node* n = t.get("services");
    auto add = [&](const std::string& code, int weight) {
      if (hall.service(code) == nullptr) t.fail("services", "the hall has no service \"" + code + "\"");
      w.services.emplace_back(code, weight);
    };
    if (n != nullptr && n->is_array()) {
      for (const auto& code : t.strings("services")) add(code, 1);
    } else if (n != nullptr && n->is_table()) {
      for (const auto& [code, weight] : *n->as_table()) {
        auto v = weight.value_exact<int64_t>();
        if (!v || *v < 1 || *v > 100) t.fail("services", std::string(code.str()) + " needs a weight from 1 to 100");
        add(std::string(code.str()), static_cast<int>(*v));
      }
    } else {
      t.fail("services", "must be a list of services or a table of services and weights: { C = 1, A = 2 }");
    }
    if (w.services.empty()) t.fail("services", "a window takes at least one service");
    m.windows.push_back(std::move(w));
  });
  each_table(root, "appointments", [&](Table& t) {
    AppointmentPlan p;
    p.service = t.str("service");
    if (hall.service(p.service) == nullptr) t.fail("service", "the hall has no service \"" + p.service + "\"");
    for (const auto& s : t.strings("times")) p.slots.push_back(t.minute("times", s));
    p.show = t.number("show", 1, 0, 1);
    p.early_minutes = static_cast<int>(t.number("early_minutes", p.early_minutes, 0, 600));
    m.appointments.push_back(std::move(p));
  });
  if (const toml::node* n = root.get("live")) {
    if (!n->is_table()) root.fail("live", "must be a table");
    Table t(*n->as_table(), "live", path);
    m.live.from = t.minute("from", t.str("from", "09:00"));
    m.live.to = t.minute("to", t.str("to", "10:00"));
    if (m.live.to <= m.live.from) t.fail("to", "must be after from");
    m.live.speed = t.number("speed", m.live.speed, 0.1, 3600);
    m.live.arrivals = t.boolean("arrivals", m.live.arrivals);
    m.live.rating_share = t.number("rating_share", m.live.rating_share, 0, 1);
    t.done();
  }
  static const std::set<std::string, std::less<>> levels = {
      "very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied", "none"};
  each_table(root, "citizen", [&](Table& t) {
    LiveCitizen c;
    if (t.get("at") == nullptr) t.fail("at", "required: when the citizen arrives, a time like 09:05");
    c.at = t.minute("at", t.str("at"));
    if (c.at < m.live.from || c.at >= m.live.to) t.fail("at", "must be within the session's hours ([live] from, to)");
    c.service = t.str("service");
    if (hall.service(c.service) == nullptr) t.fail("service", "the hall has no service \"" + c.service + "\"");
    c.absent = t.boolean("absent", false);
    c.then = t.str("then");
    if (!c.then.empty() && hall.service(c.then) == nullptr)
      t.fail("then", "the hall has no service \"" + c.then + "\"");
    if (c.then == c.service && !c.then.empty()) t.fail("then", "must be another service than the first");
    c.missing = t.str("missing");
    if (!c.missing.empty()) {
      // One of the service's materials, as the hall names it (in any of its languages): the trainee
      // marks that one missing on the case, and the console names it in the trainer's language.
      const auto& materials = hall.service(c.service)->materials;
      if (materials.empty())
        t.fail("missing", "service " + c.service + " lists no materials (its `materials` in the hall's configuration)");
      bool listed = false;
      std::string names;
      for (const auto& material : materials) {
        listed = listed || material.zh == c.missing || material.mn == c.missing || material.en == c.missing;
        names += (names.empty() ? "" : ", ") + material.zh;
      }
      if (!listed) t.fail("missing", "\"" + c.missing + "\" is not a material of service " + c.service + ": " + names);
    }
    c.minutes = t.number("minutes", 0, 0, 600);
    c.language = t.str("language", c.language);
    if (c.language != "zh" && c.language != "mn" && c.language != "en") t.fail("language", "must be zh, mn or en");
    c.rating = t.str("rating");
    if (!c.rating.empty() && levels.count(c.rating) == 0)
      t.fail("rating", "must be a level of docs/ratings.md (very_satisfied … very_dissatisfied) or \"none\"");
    if (c.absent && (!c.then.empty() || !c.missing.empty()))
      t.fail("absent", "a citizen who is gone when called needs nothing else (then, missing)");
    m.live.citizens.push_back(std::move(c));
  });
  each_table(root, "incident", [&](Table& t) {
    LiveIncident i;
    std::string kind = t.str("kind");
    if (kind == "printer_out") {
      i.kind = LiveIncident::Kind::printer_out;
    } else if (kind == "network_cut") {
      i.kind = LiveIncident::Kind::network_cut;
    } else {
      t.fail("kind", "must be printer_out or network_cut");
    }
    if (t.get("at") == nullptr) t.fail("at", "required: when it happens, a time like 09:10");
    i.at = t.minute("at", t.str("at"));
    if (i.at < m.live.from || i.at >= m.live.to) t.fail("at", "must be within the session's hours ([live] from, to)");
    i.minutes = static_cast<int>(t.number("minutes", i.minutes, 1, 600));
    m.live.incidents.push_back(i);
  });
  root.done();
  return m;
}
}  // namespace

std::string_view to_string(LiveIncident::Kind k) {
  return k == LiveIncident::Kind::printer_out ? "printer_out" : "network_cut";
}

Model parse_scenario(std::string_view text, const std::string& path, const domain::HallConfig& hall) {
  try {
    return read_scenario(text, path, hall);
  } catch (const ModelError& e) {
    throw ModelError(config::unhide(e.what()));  // a key or value quoted keeps its stand-ins until here
  }
}

Model load_scenario(const std::string& path, const domain::HallConfig& hall) {
  std::string text;
  try {
    text = config::read_toml_file(path);  // a scenario, or a plan (--shifts)
  } catch (const config::ConfigError& e) {
    throw ModelError(e.what());
  }
  return parse_scenario(text, path, hall);
}

}  // namespace hallq::sim
