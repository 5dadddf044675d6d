#include "core/config/config.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "core/config/address_range.hpp"
#include "core/config/toml_file.hpp"
#include "core/domain/crypto.hpp"

namespace hallq::config {
namespace {

using domain::Interval;
using domain::Names;

void read_hall(Reader& top, Config& cfg) {
  const toml::table* t = top.table("hall", true);
  Reader r(*t, "hall", top.file());
  auto& h = cfg.hall;
  h.id = r.req_str("id");
  // It names the hall's backups and its recorded days: a file name's part, never a path.
  if (h.id.size() > 64 || h.id.front() == '.' ||
      std::ranges::any_of(h.id, [](char c) { return c == '/' || c == '\\' || static_cast<unsigned char>(c) <= ' '; }))
    r.fail("id", nullptr,
           "must be at most 64 bytes, without '/', '\\', spaces or control characters, not starting with '.'");
  h.names = r.names("names");
  if (r.node("open_days")) {
    h.open_weekdays.clear();
    for (const auto& d : r.strings("open_days")) {
      int wd = weekday_of(d);
      if (wd < 0) r.fail("open_days", t->get("open_days"), "\"" + d + "\" is not one of sun mon tue wed thu fri sat");
      if (std::ranges::find(h.open_weekdays, wd) != h.open_weekdays.end())
        r.fail("open_days", t->get("open_days"), d + " is listed twice");
      h.open_weekdays.push_back(wd);
    }
    if (h.open_weekdays.empty())
      r.fail("open_days", t->get("open_days"), "a hall is open on at least one weekday (\"mon\" … \"sun\")");
  }
  for (const auto& d : r.strings("closed_dates")) {
    auto date = domain::LocalDate::parse(d);
    if (!date) r.fail("closed_dates", t->get("closed_dates"), "\"" + d + "\" is not a date like 2026-10-01");
    h.closed_dates.push_back(*date);
  }
  for (const auto& d : r.strings("extra_workdays")) {
    auto date = domain::LocalDate::parse(d);
    if (!date) r.fail("extra_workdays", t->get("extra_workdays"), "\"" + d + "\" is not a date like 2026-10-10");
    if (std::find(h.closed_dates.begin(), h.closed_dates.end(), *date) != h.closed_dates.end())
      r.fail("extra_workdays", t->get("extra_workdays"), d + " is also in closed_dates");
    h.extra_workdays.push_back(*date);
  }
  h.hours = r.intervals("hours");
  h.rollover_minute = r.minute("rollover", 0);
  // The day turns at the rollover, cancelling what is still waiting: never while tickets are issued.
  for (const auto& iv : h.hours)
    if (iv.from < h.rollover_minute && h.rollover_minute < iv.to)
      r.fail("rollover", nullptr,
             "falls inside the hall's hours " + domain::format_hhmm(iv.from) + "-" + domain::format_hhmm(iv.to) +
                 ": the day would end while citizens wait (a time outside them, e.g. \"03:00\")");
  r.done();
}

void read_rules(Reader& top, Config& cfg) {
  if (const toml::table* t = top.table("alarms", false)) {
    Reader r(*t, "alarms", top.file());
    cfg.hall.alarms.queue_length = static_cast<int>(r.integer("queue_length", 10, 1, 100000));
    cfg.hall.alarms.wait_minutes = static_cast<int>(r.integer("wait_minutes", 15, 1, 1440));
    cfg.hall.alarms.paused_minutes = static_cast<int>(r.integer("paused_minutes", 20, 1, 1440));
    cfg.hall.alarms.understaffed = r.boolean("understaffed", true);
    r.done();
  }
  if (const toml::table* t = top.table("appointments", false)) {
    Reader r(*t, "appointments", top.file());
    cfg.hall.appointments.checkin_before_min = static_cast<int>(r.integer("checkin_before_min", 30, 0, 720));
    cfg.hall.appointments.checkin_after_min = static_cast<int>(r.integer("checkin_after_min", 15, 0, 720));
    cfg.hall.appointments.priority = r.str("priority");
    if (cfg.hall.appointments.priority == "normal") cfg.hall.appointments.priority.clear();  // the built-in class
    r.done();
  }
  if (const toml::table* t = top.table("display", false)) {
    Reader r(*t, "display", top.file());
    auto& d = cfg.hall.display;
    if (r.node("notice")) d.notice = r.names("notice");
    if (r.node("announce_languages")) {
      d.announce_languages = r.strings("announce_languages");
      for (const auto& l : d.announce_languages)
        if (l != "zh" && l != "mn" && l != "en")
          r.fail("announce_languages", t->get("announce_languages"), "\"" + l + "\" is not zh, mn or en");
      for (std::size_t i = 0; i < d.announce_languages.size(); ++i)
        if (std::find(d.announce_languages.begin(), d.announce_languages.begin() + static_cast<std::ptrdiff_t>(i),
                      d.announce_languages[i]) != d.announce_languages.begin() + static_cast<std::ptrdiff_t>(i))
          r.fail("announce_languages", t->get("announce_languages"),
                 "\"" + d.announce_languages[i] + "\" is listed twice (announce_repeat says how often)");
    }
    d.announce_repeat = static_cast<int>(r.integer("announce_repeat", d.announce_repeat, 0, 5));
    d.blink_seconds = static_cast<int>(r.integer("blink_seconds", d.blink_seconds, 0, 60));
    d.status_url = r.str("status_url");
    if (!d.status_url.empty() && (!(d.status_url.starts_with("https://") || d.status_url.starts_with("http://")) ||
                                  d.status_url.find_first_of("{}?# ") != std::string::npos))
      r.fail("status_url", t->get("status_url"),
             "must be the citizens' pages' public base URL, e.g. \"https://zwfw.example.gov.cn/hallq\" (QR codes "
             "link it + \"/v/\" + the visit's token)");
    const std::size_t host_at = d.status_url.find("://") + 3;     // an http(s) URL, checked above
    while (d.status_url.ends_with('/')) d.status_url.pop_back();  // links add "/v/…"
    if (!d.status_url.empty() &&
        (host_at >= d.status_url.size() || d.status_url[host_at] == '/' || d.status_url[host_at] == ':'))
      r.fail("status_url", t->get("status_url"), "names no host, e.g. \"https://zwfw.example.gov.cn/hallq\"");
    r.done();
  }
  if (const toml::table* t = top.table("server", false)) {
    Reader r(*t, "server", top.file());
    auto& s = cfg.settings;
    s.listen = r.str("listen", s.listen);
    if (auto bad = listen_address_problem(s.listen))
      r.fail("listen", t->get("listen"), "\"" + s.listen + "\": " + *bad);
    auto int_setting = [&](const char* key, int& v, int lo, int hi) {
      v = static_cast<int>(r.integer(key, v, lo, hi));
    };
    int_setting("idle_timeout_s", s.idle_timeout_s, 5, 86400);
    int_setting("line_timeout_s", s.line_timeout_s, 1, 3600);
    int_setting("hello_timeout_s", s.hello_timeout_s, 1, 600);
    s.max_outbox_bytes = static_cast<std::size_t>(r.integer("max_outbox_kib", 4096, 64, 1 << 20)) * 1024;
    s.max_outbox_unauthenticated =
        static_cast<std::size_t>(r.integer("max_outbox_unauthenticated_kib", 16, 4, 1 << 10)) * 1024;
    s.max_total_outbox_bytes = static_cast<std::size_t>(r.integer("max_total_outbox_mib", 64, 1, 1 << 14)) << 20;
    int_setting("max_connections", s.max_connections, 1, 1000000);
    int_setting("max_connections_per_address", s.max_connections_per_address, 1, 1000000);
    int_setting("max_unauthenticated", s.max_unauthenticated, 1, 1000000);
    int_setting("max_sessions_per_device", s.max_sessions_per_device, 1, 1000000);
    int_setting("max_requests_before_hello", s.max_requests_before_hello, 1, 1000);
    int_setting("busy_timeout_ms", s.busy_timeout_ms, 0, 60000);
    int_setting("alarm_interval_s", s.alarm_interval_s, 1, 3600);
    int_setting("log_burst", s.log_burst, 0, 1000);
    int_setting("log_window_s", s.log_window_s, 1, 3600);
    s.log_level = r.str("log_level", s.log_level);
    if (s.log_level != "error" && s.log_level != "warning" && s.log_level != "notice" && s.log_level != "info" &&
        s.log_level != "debug")
      r.fail("log_level", t->get("log_level"), "must be error, warning, notice, info or debug");
    int_setting("disk_warn_mib", s.disk_warn_mib, 0, 1 << 30);
    int_setting("disk_critical_mib", s.disk_critical_mib, 0, 1 << 30);
    int_setting("commit_warn_ms", s.commit_warn_ms, 1, 600000);
    if (s.disk_critical_mib > s.disk_warn_mib && !t->get("disk_critical_mib"))  // blame what was written
      r.fail("disk_warn_mib", t->get("disk_warn_mib"),
             "must not be below disk_critical_mib (its default, " + std::to_string(s.disk_critical_mib) +
                 ": set disk_critical_mib too)");
    if (s.disk_critical_mib > s.disk_warn_mib)
      r.fail("disk_critical_mib", t->get("disk_critical_mib"),
             "must not be above disk_warn_mib (" + std::to_string(s.disk_warn_mib) + ")");
    int_setting("pin_failures", s.pin_failures, 1, 100);
    int_setting("pin_delay_s", s.pin_delay_s, 0, 3600);
    int_setting("pin_lockout_after", s.pin_lockout_after, 1, 1000);
    int_setting("pin_lockout_minutes", s.pin_lockout_minutes, 1, 100000);
    int_setting("kiosk_burst", s.kiosk_burst, 1, 1000);
    int_setting("kiosk_interval_s", s.kiosk_interval_s, 0, 3600);
    if (s.pin_lockout_after < s.pin_failures && !t->get("pin_lockout_after"))  // blame what was written
      r.fail("pin_failures", nullptr,
             "must not be above pin_lockout_after (its default, " + std::to_string(s.pin_lockout_after) +
                 ": set pin_lockout_after too)");
    if (s.pin_lockout_after < s.pin_failures)
      r.fail("pin_lockout_after", nullptr, "must be at least pin_failures (" + std::to_string(s.pin_failures) + ")");
    r.done();
  }
  if (const toml::table* t = top.table("web", false)) {
    Reader r(*t, "web", top.file());
    auto& w = cfg.web;
    w.listen = r.str("listen");
    if (auto bad = w.listen.empty() ? std::nullopt : listen_address_problem(w.listen))
      r.fail("listen", t->get("listen"), "\"" + w.listen + "\": " + *bad);
    w.tls = r.boolean("tls", w.tls);
    w.max_connections = static_cast<int>(r.integer("max_connections", w.max_connections, 1, 1000000));
    w.max_connections_per_address =
        static_cast<int>(r.integer("max_connections_per_address", w.max_connections_per_address, 1, 1000000));
    w.request_timeout_s = static_cast<int>(r.integer("request_timeout_s", w.request_timeout_s, 1, 600));
    w.idle_timeout_s = static_cast<int>(r.integer("idle_timeout_s", w.idle_timeout_s, 1, 3600));
    w.max_body_bytes = static_cast<std::size_t>(r.integer("max_body_kib", 1024, 1, 64 << 10)) * 1024;
    if (r.node("staff_addresses")) {
      w.staff_addresses = r.strings("staff_addresses");
      for (const auto& a : w.staff_addresses)
        if (!address_range(a))
          r.fail("staff_addresses", nullptr,
                 "\"" + a + "\" is not an address or a network (\"10.1.0.0/16\", \"127.0.0.1\", \"fd00::/8\")");
    }
    r.done();
  }
  if (const toml::table* t = top.table("security", false)) {
    Reader r(*t, "security", top.file());
    auto path = [&](const char* key) {
      if (const toml::node* n = t->get(key); n && n->is_string() && n->value_or(std::string()).empty())
        r.fail(key, n, "is empty; leave it out for the default");
      return r.str(key);
    };
    cfg.settings.id_key_file = path("id_key_file");
    cfg.settings.mark_file = path("mark_file");
    cfg.settings.tls_cert_file = r.str("tls_cert_file");
    cfg.settings.tls_key_file = r.str("tls_key_file");
    if (cfg.settings.tls_cert_file.empty() != cfg.settings.tls_key_file.empty())
      r.fail(cfg.settings.tls_cert_file.empty() ? "tls_key_file" : "tls_cert_file", nullptr,
             "TLS needs both tls_cert_file and tls_key_file");
    r.done();
  }
  if (const toml::table* t = top.table("backup", false)) {
    Reader r(*t, "backup", top.file());
    if (const toml::node* n = t->get("dir"); n && n->is_string() && n->value_or(std::string()).empty())
      r.fail("dir", n, "is empty; leave it out for the default (beside the database)");
    cfg.backup.dir = r.str("dir");
    cfg.backup.keep = static_cast<int>(r.integer("keep", cfg.backup.keep, 1, 3650));
    std::string at = r.str("at", "02:30");
    if (at == "off") {
      cfg.backup.at_minute = -1;
    } else {
      auto m = domain::parse_hhmm(at);
      if (!m || *m >= 1440)  // "24:00" is no time of a day: no backup was ever taken
        r.fail("at", nullptr, "must be a local time like \"02:30\", or \"off\" for no nightly backup");
      cfg.backup.at_minute = *m;
    }
    r.done();
  }
  if (const toml::table* t = top.table("training", false)) {
    Reader r(*t, "training", top.file());
    cfg.training = r.boolean("enabled", false);
    r.done();
  }
  if (cfg.web.tls && cfg.settings.tls_cert_file.empty())
    top.fail("web", nullptr, "tls = true needs [security] tls_cert_file and tls_key_file");
}

void read_entities(Reader& top, Config& cfg) {
  auto& h = cfg.hall;
  const std::regex code_re("[A-Z]{1,3}");
  const std::regex login_re("[A-Za-z0-9_.-]{1,32}");  // users' log-in names
  std::set<std::string> seen;

  each_table(top, "category", [&](Reader& r) {
    domain::Category c;
    c.id = r.req_str("id");
    if (!seen.insert("category:" + c.id).second) r.fail("id", nullptr, "\"" + c.id + "\" is used twice");
    c.names = r.names("names");
    h.categories.push_back(std::move(c));
  });

  each_table(top, "priority", [&](Reader& r) {
    domain::PriorityClass p;
    p.id = r.req_str("id");
    if (p.id == "normal") r.fail("id", nullptr, "\"normal\" is built in");
    if (!seen.insert("priority:" + p.id).second) r.fail("id", nullptr, "\"" + p.id + "\" is used twice");
    p.names = r.names("names");
    p.rank = static_cast<int>(r.integer("rank", 1, 1, 1000));
    p.min_age = static_cast<int>(r.integer("min_age", 0, 0, 150));
    h.priorities.push_back(std::move(p));
  });

  each_table(top, "service", [&](Reader& r) {
    domain::Service s;
    s.code = r.req_str("code");
    if (!std::regex_match(s.code, code_re)) r.fail("code", nullptr, "must be 1-3 capital letters (the ticket prefix)");
    if (!seen.insert("service:" + s.code).second) r.fail("code", nullptr, "\"" + s.code + "\" is used twice");
    s.names = r.names("names");
    s.category = r.strings("category");
    for (const auto& c : s.category)
      if (!seen.count("category:" + c)) r.fail("category", nullptr, "no [[category]] with id \"" + c + "\"");
    s.quota = static_cast<int>(r.integer("quota", 0, 0, 1000000));
    s.per_person = static_cast<int>(r.integer("per_person", 0, 0, 1000));
    s.hours = r.intervals("hours");
    s.extended_hours = r.intervals("extended_hours");
    for (const char* key : {"hours", "extended_hours"})
      for (const auto& iv : std::string_view(key) == "hours" ? s.hours : s.extended_hours)
        if (iv.from < h.rollover_minute && h.rollover_minute < iv.to)
          r.fail(key, nullptr,
                 domain::format_hhmm(iv.from) + "-" + domain::format_hhmm(iv.to) + " holds the hall's rollover (" +
                     domain::format_hhmm(h.rollover_minute) + "): the day would end while citizens wait");
    for (const auto& e : s.extended_hours)
      for (const auto& o : s.hours.empty() ? h.hours : s.hours)
        if (o.from < e.to && e.from < o.to)
          r.fail("extended_hours", nullptr,
                 domain::format_hhmm(e.from) + "-" + domain::format_hhmm(e.to) + " overlaps the service's hours " +
                     domain::format_hhmm(o.from) + "-" + domain::format_hhmm(o.to) +
                     " (extended hours are extra issuing intervals)");
    s.real_name = r.boolean("real_name", false);
    s.minutes = static_cast<int>(r.integer("minutes", 10, 1, 600));
    s.digits = static_cast<int>(r.integer("digits", 3, 2, 6));
    s.limit_days = static_cast<int>(r.integer("limit_days", 0, 0, 3650));
    if (const toml::array* a = r.array("materials"))
      for (std::size_t i = 0; i < a->size(); ++i) {
        const toml::node& n = (*a)[i];
        std::string path = r.field("materials") + "[" + std::to_string(i + 1) + "]";
        if (!n.is_table()) r.fail("materials", &n, "each material must be { zh = …, mn = …, en = … }");
        Reader m(*n.as_table(), path, top.file());
        domain::Names names;
        names.zh = m.req_str("zh");
        names.mn = m.req_str("mn");
        names.en = m.str("en");
        m.done();
        s.materials.push_back(std::move(names));
      }
    h.services.push_back(std::move(s));
  });
  if (h.services.empty()) top.fail("service", nullptr, "at least one [[service]] is required");

  each_table(top, "window", [&](Reader& r) {
    domain::Window w;
    if (!r.node("number")) r.fail("number", nullptr, "is required: the number citizens see, 1 to 9999");
    w.number = static_cast<int>(r.integer("number", 0, 1, 9999));
    if (!seen.insert("window:" + std::to_string(w.number)).second)
      r.fail("number", nullptr, std::to_string(w.number) + " is used twice");
    w.names = r.names("names");
    std::string kind = r.str("kind", "comprehensive");
    auto k = domain::window_kind_from_string(kind);
    if (!k) r.fail("kind", nullptr, "\"" + kind + "\" is not comprehensive, specialised, pickup or consult");
    w.kind = *k;
    const toml::node* sn = r.node("services");
    if (!sn) r.fail("services", nullptr, "is required: { A = 3, B = 1 } or [\"A\", \"B\"]");
    auto add = [&](const std::string& code, std::int64_t weight, const toml::node* at) {
      if (!h.service(code)) r.fail("services", at, "no [[service]] with code \"" + code + "\"");
      if (weight < 1 || weight > 100) r.fail("services", at, "weight of " + code + " must be 1-100");
      if (w.weight_of(code)) r.fail("services", at, code + " is listed twice");
      w.services.emplace_back(code, static_cast<int>(weight));
    };
    if (const toml::table* st = sn->as_table()) {
      for (const auto& [code, weight] : *st) {
        auto v = weight.value_exact<std::int64_t>();
        if (!v) r.fail("services", &weight, "weights must be integers");
        add(std::string(code.str()), *v, &weight);
      }
    } else if (const toml::array* sa = sn->as_array()) {
      for (const auto& e : *sa) {
        auto v = e.value<std::string>();
        if (!v) r.fail("services", &e, "must list service codes");
        add(*v, 1, &e);
      }
    } else {
      r.fail("services", sn, "must be { A = 3, B = 1 } or [\"A\", \"B\"]");
    }
    if (w.services.empty()) r.fail("services", sn, "a window must serve at least one service");
    h.windows.push_back(std::move(w));
  });
  if (h.windows.empty()) top.fail("window", nullptr, "at least one [[window]] is required");

  each_table(top, "clerk", [&](Reader& r) {
    domain::Clerk c;
    c.id = r.req_str("id");
    if (c.id.size() > 32 ||  // a clerk logs in to the web console by it too, which takes 32 bytes
        std::ranges::any_of(c.id, [](char ch) { return static_cast<unsigned char>(ch) <= ' '; }))
      r.fail("id", nullptr, "must be at most 32 bytes (\"王芳\" is 6), without spaces or control characters");
    if (!seen.insert("clerk:" + c.id).second) r.fail("id", nullptr, "\"" + c.id + "\" is used twice");
    c.name = r.req_str("name");
    if (r.node("pin")) r.fail("pin", nullptr, "store PINs hashed: pin_hash = the output of `hallqctl hash-pin`");
    c.pin_hash = r.req_str("pin_hash");
    if (!domain::is_pin_hash(c.pin_hash)) r.fail("pin_hash", nullptr, "is not a PIN hash from `hallqctl hash-pin`");
    h.clerks.push_back(std::move(c));
  });

  each_table(top, "user", [&](Reader& r) {
    StaffUser u;
    u.id = r.req_str("id");
    if (!std::regex_match(u.id, login_re)) r.fail("id", nullptr, "must be 1 to 32 letters, digits, '-', '_' or '.'");
    if (seen.count("clerk:" + u.id) || !seen.insert("user:" + u.id).second)
      r.fail("id", nullptr, "\"" + u.id + "\" is used twice (users and clerks share one set of log-in names)");
    u.name = r.req_str("name");
    std::string role = r.req_str("role");
    if (role == "guide")
      u.role = StaffRole::guide;
    else if (role == "manager")
      u.role = StaffRole::manager;
    else if (role == "admin")
      u.role = StaffRole::admin;
    else
      r.fail("role", nullptr, "\"" + role + "\" is not guide, manager or admin (clerks are [[clerk]])");
    if (r.node("password")) r.fail("password", nullptr, "passwords are not kept here: set one with `hallqctl passwd`");
    cfg.users.push_back(std::move(u));
  });

  each_table(top, "device", [&](Reader& r) {
    DeviceConfig d;
    d.id = r.req_str("id");
    if (!seen.insert("device:" + d.id).second) r.fail("id", nullptr, "\"" + d.id + "\" is used twice");
    std::string role = r.req_str("role");
    auto parsed = protocol::enum_from_string<protocol::Role>(role);
    if (!parsed) r.fail("role", nullptr, "\"" + role + "\" is not kiosk, caller, display, guide, admin or department");
    if (*parsed == protocol::Role::department)
      r.fail("role", nullptr, "a department's desk is given by token in its [[department]]");
    d.role = *parsed;
    d.token = r.req_str("token");
    if (d.token.size() < 8) r.fail("token", nullptr, "must be at least 8 characters");
    if (!seen.insert("token:" + d.token).second) r.fail("token", nullptr, "is the same as another device's");
    d.window = static_cast<int>(r.integer("window", 0, 0, 9999));
    if (d.window && !h.window(d.window)) r.fail("window", nullptr, "no [[window]] number " + std::to_string(d.window));
    if (d.window && d.role != protocol::Role::caller && d.role != protocol::Role::display)
      r.fail("window", nullptr,
             "only a caller or a display is bound to a window; a " + role + " serves the whole hall");
    d.usb = r.strings("usb");
    for (const auto& id : d.usb)
      if (id.size() != 9 || id[4] != ':' || !std::all_of(id.begin(), id.end(), [](char c) {
            return c == ':' || std::isxdigit(static_cast<unsigned char>(c));
          }))
        r.fail("usb", nullptr, "\"" + id + "\" is not VID:PID in hexadecimal, like \"0416:5011\"");
    cfg.devices.push_back(std::move(d));
  });
  if (cfg.devices.empty()) top.fail("device", nullptr, "at least one [[device]] is required");

  // Departments decide cases; each may have a desk that connects with its own token (role department).
  each_table(top, "department", [&](Reader& r) {
    domain::Department d;
    d.id = r.req_str("id");
    if (!seen.insert("department:" + d.id).second) r.fail("id", nullptr, "\"" + d.id + "\" is used twice");
    if (!seen.insert("device:" + d.id).second)
      r.fail("id", nullptr, "\"" + d.id + "\" is also a [[device]] id; the department's desk connects as it");
    d.names = r.names("names");
    d.services = r.strings("services");
    for (const auto& code : d.services) {
      auto* svc = const_cast<domain::Service*>(h.service(code));
      if (!svc) r.fail("services", nullptr, "no [[service]] with code \"" + code + "\"");
      if (!svc->department.empty())
        r.fail("services", nullptr, code + " is already decided by department \"" + svc->department + "\"");
      svc->department = d.id;
    }
    std::string token = r.str("token");
    if (!token.empty()) {
      if (token.size() < 8) r.fail("token", nullptr, "must be at least 8 characters");
      if (!seen.insert("token:" + token).second) r.fail("token", nullptr, "is the same as another device's");
      DeviceConfig dev;
      dev.id = d.id;
      dev.role = protocol::Role::department;
      dev.token = token;
      dev.department = d.id;
      cfg.devices.push_back(std::move(dev));
    }
    h.departments.push_back(std::move(d));
  });

  if (const toml::table* t = top.table("cases", false)) {
    Reader r(*t, "cases", top.file());
    auto& c = h.cases;
    c.number_prefix = r.str("number_prefix", c.number_prefix);
    if (!std::regex_match(c.number_prefix, code_re)) r.fail("number_prefix", nullptr, "must be 1-3 capital letters");
    c.due_soon_days = static_cast<int>(r.integer("due_soon_days", c.due_soon_days, 0, 365));
    c.supplement_priority = r.str("supplement_priority");
    if (c.supplement_priority == "normal") c.supplement_priority.clear();  // the built-in class
    if (!c.supplement_priority.empty() && !h.priority(c.supplement_priority))
      r.fail("supplement_priority", nullptr, "no [[priority]] with id \"" + c.supplement_priority + "\"");
    c.pickup_service = r.str("pickup_service");
    if (!c.pickup_service.empty() && !h.service(c.pickup_service))
      r.fail("pickup_service", nullptr, "no [[service]] with code \"" + c.pickup_service + "\"");
    c.code_digits = static_cast<int>(r.integer("code_digits", c.code_digits, 6, 12));
    cfg.settings.notice_gateway = r.str("notify");
    if (r.node("notify") && (cfg.settings.notice_gateway.rfind("file:", 0) != 0 ||
                             cfg.settings.notice_gateway.size() <= 5))  // "" too: leave it out for none
      r.fail("notify", nullptr, "must be \"file:PATH\" (or left out: notices wait in the outbox)");
    r.done();
  }

  if (const toml::table* t = top.table("ratings", false)) {
    Reader r(*t, "ratings", top.file());
    auto& g = h.ratings;
    g.pad_seconds = static_cast<int>(r.integer("pad_seconds", g.pad_seconds, 5, 600));
    if (r.array("reasons")) {
      g.reasons = r.strings("reasons");
      static const std::regex id_re("[a-z][a-z0-9_]{0,31}");
      std::set<std::string> ids;
      for (const auto& id : g.reasons)
        if (std::regex_match(id, id_re) && !ids.insert(id).second)
          r.fail("reasons", nullptr, "\"" + id + "\" is listed twice");
        else if (!std::regex_match(id, id_re))
          r.fail("reasons", nullptr,
                 "\"" + id + "\" must be a new lower-case id (words come from rating.reasons." + id +
                     " in the translation files)");
      if (g.reasons.empty()) r.fail("reasons", nullptr, "a bad rating needs at least one reason to choose");
    }
    g.callback_workdays = static_cast<int>(r.integer("callback_workdays", g.callback_workdays, 0, 60));
    g.rectify_workdays = static_cast<int>(r.integer("rectify_workdays", g.rectify_workdays, 1, 365));
    g.alarm_minutes = static_cast<int>(r.integer("alarm_minutes", g.alarm_minutes, 0, 1440));
    r.done();
  }

  const auto& ap = h.appointments.priority;
  if (!ap.empty() && !h.priority(ap))
    top.fail("appointments.priority", nullptr, "no [[priority]] with id \"" + ap + "\"");
}

// [[shift]]: the hall's rota of an ordinary week (排班). The wait estimate plays it (the windows'
// breaks, openings and closings); the windows and clerks it names must exist.
void read_rota(Reader& top, Config& cfg) {
  auto& h = cfg.hall;
  each_table(top, "shift", [&](Reader& r) {
    domain::Shift s;
    if (!r.node("window")) r.fail("window", nullptr, "is required: a [[window]] number");
    s.window = static_cast<int>(r.integer("window", 0, 1, 9999));
    if (!h.window(s.window)) r.fail("window", nullptr, "no [[window]] number " + std::to_string(s.window));
    s.clerk = r.str("clerk");
    if (!s.clerk.empty() && !h.clerk(s.clerk)) r.fail("clerk", nullptr, "no [[clerk]] with id \"" + s.clerk + "\"");
    if (!r.node("from")) r.fail("from", nullptr, "is required: a time like \"08:30\"");
    if (!r.node("to")) r.fail("to", nullptr, "is required: a time like \"17:30\"");
    s.from = r.minute("from", 0);
    s.to = r.str("to") == "24:00" ? 1440 : r.minute("to", 0);  // a shift may run to midnight
    if (s.to <= s.from) r.fail("to", nullptr, "must be after from");
    s.breaks = r.intervals("breaks");
    int on_break = 0;  // the breaks do not overlap (Reader::intervals): their lengths add up
    for (const auto& b : s.breaks) {
      if (b.from < s.from || b.to > s.to) r.fail("breaks", nullptr, "a break must fall within the shift");
      on_break += b.to - b.from;
    }
    if (!s.breaks.empty() && on_break == s.to - s.from)
      r.fail("breaks", nullptr, "the breaks cover the whole shift and leave no shift");
    const bool has_days = r.node("days") != nullptr;
    for (const auto& d : r.strings("days")) {
      int wd = weekday_of(d);
      if (wd < 0) r.fail("days", nullptr, "\"" + d + "\" is not one of sun mon tue wed thu fri sat");
      // A make-up working day (调休) takes the earliest open weekday's rota: a closed weekday's never applies.
      if (std::ranges::find(h.open_weekdays, wd) == h.open_weekdays.end())
        r.fail("days", nullptr, "the hall is not open on " + d + " ([hall] open_days)");
      if (std::ranges::find(s.weekdays, wd) != s.weekdays.end()) r.fail("days", nullptr, d + " is listed twice");
      s.weekdays.push_back(wd);
    }
    if (has_days && s.weekdays.empty())
      r.fail("days", nullptr, "is empty; leave it out for every day the hall is open");
    for (const auto& other : h.rota) {
      bool same_day = false;
      for (int wd : h.open_weekdays) same_day = same_day || (s.on(wd) && other.on(wd));
      bool overlap = same_day && other.from < s.to && s.from < other.to;
      if (overlap && other.window == s.window)
        r.fail("from", nullptr, "overlaps another shift at window " + std::to_string(s.window));
      if (overlap && !s.clerk.empty() && other.clerk == s.clerk)
        r.fail("clerk", nullptr,
               "clerk " + s.clerk + " is already at window " + std::to_string(other.window) + " then");
    }
    h.rota.push_back(std::move(s));
  });
}

}  // namespace

std::string_view to_string(StaffRole r) {
  switch (r) {
    case StaffRole::clerk:
      return "clerk";
    case StaffRole::guide:
      return "guide";
    case StaffRole::manager:
      return "manager";
    case StaffRole::admin:
      return "admin";
  }
  return "?";
}

std::optional<StaffUser> Config::staff_user(std::string_view id) const {
  for (const auto& u : users)
    if (u.id == id) return u;
  if (const domain::Clerk* c = hall.clerk(id)) return StaffUser{c->id, c->name, StaffRole::clerk};
  return std::nullopt;
}

const DeviceConfig* Config::device(std::string_view id) const {
  for (const auto& d : devices)
    if (d.id == id) return &d;
  return nullptr;
}

Config parse_config(std::string_view text, const std::string& path) {
  toml::table root = parse_toml(text, path);
  Config cfg;
  cfg.path = path;
  try {
    Reader top(root, "", cfg.path);
    read_hall(top, cfg);
    read_rules(top, cfg);
    read_entities(top, cfg);
    read_rota(top, cfg);
    top.done();
  } catch (const ConfigError& e) {
    throw ConfigError(unhide(e.what()));  // keys keep their stand-ins
  }
  return cfg;
}

Config load_config(const std::string& path) {
  return parse_config(read_toml_file(path), path);
}

}  // namespace hallq::config
