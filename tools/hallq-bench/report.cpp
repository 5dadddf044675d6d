// hallq-bench report: a year of a busy hall written through the server's own
// engine, rating book and store, then the staff console's reports timed
// through the real server's web listener (docs/performance.md, "Reports").
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "core/config/config.hpp"
#include "core/domain/rating_book.hpp"
#include "server/store.hpp"
#include "server/web/reports.hpp"
#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {

namespace {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// The days of the history: `n` weekdays, the last of them yesterday or before.
std::vector<domain::LocalDate> weekdays_before(domain::LocalDate today, int n) {
  std::vector<domain::LocalDate> out;
  for (domain::LocalDate d = today.plus_days(-1); static_cast<int>(out.size()) < n; d = d.plus_days(-1))
    if (d.weekday() != 0 && d.weekday() != 6) out.push_back(d);
  std::reverse(out.begin(), out.end());
  return out;
}

// One request over a fresh connection; the reply.
http::response<http::string_body> http_call(int port, http::verb verb, const std::string& target,
                                            const std::string& cookie, const std::string& form = {}) {
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!cookie.empty()) req.set(http::field::cookie, cookie);
  if (verb == http::verb::post) {
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = form;
    req.prepare_payload();
  }
  http::write(socket, req);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256 * 1024 * 1024);
  http::read(socket, buffer, parser);
  return parser.release();
}

std::string cookie_value(const http::response<http::string_body>& res, const std::string& name) {
  for (const auto& f : res.base()) {
    if (f.name() != http::field::set_cookie) continue;
    std::string c(f.value());
    if (c.rfind(name + "=", 0) == 0) return c.substr(name.size() + 1, c.find(';') - name.size() - 1);
  }
  return "";
}

// A line of the wire protocol and its reply (a blocking client, enough for one set_password).
nlohmann::json ask(int fd, const nlohmann::json& request, std::string& buffer) {
  std::string line = request.dump() + "\n";
  if (::send(fd, line.data(), line.size(), 0) != static_cast<ssize_t>(line.size()))
    throw std::runtime_error("cannot send to the server");
  for (;;) {
    auto nl = buffer.find('\n');
    if (nl != std::string::npos) {
      auto reply = nlohmann::json::parse(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
      if (reply.value("id", -1) == request.value("id", -2)) return reply;
      continue;
    }
    char chunk[65536];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) throw std::runtime_error("the server closed the connection");
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

void set_password(int port, const std::string& user, const std::string& password) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("cannot connect");
  std::string buffer;
  auto hello = ask(fd,
                   {{"id", 1},
                    {"op", "hello"},
                    {"protocol", 1},
                    {"role", "admin"},
                    {"device", "admin"},
                    {"token", "bench-admin-token"}},
                   buffer);
  auto set = ask(fd, {{"id", 2}, {"op", "set_password"}, {"user", user}, {"password", password}}, buffer);
  ::close(fd);
  if (!hello.value("ok", false) || !set.value("ok", false)) throw std::runtime_error("set_password refused");
}

}  // namespace

std::string report_hall_toml(int windows) {
  return bench_hall_toml(windows) +
         "\n[[device]]\nid = \"admin\"\nrole = \"admin\"\ntoken = \"bench-admin-token\"\n\n"
         "[[user]]\nid = \"m1\"\nname = \"bench manager\"\nrole = \"manager\"\n";
}

ReportHistory write_report_history(const std::string& config_path, const std::string& db_path, int days, int per_day) {
  auto started = std::chrono::steady_clock::now();
  for (const char* suffix : {"", "-wal", "-shm", ".mark"}) std::filesystem::remove(db_path + suffix);
  auto config = config::load_config(config_path);
  server::Store store(db_path, 1000);
  domain::LocalDate today = domain::hall_day(domain::SystemClock{}.now(), config.hall.rollover_minute);
  auto dates = weekdays_before(today, days);
  domain::ManualClock clock(domain::from_local(dates.front(), 8 * 60));
  domain::Engine engine(config.hall, clock, domain::IdHasher({1, 2, 3}));
  domain::RatingBook ratings(config.hall, clock);
  const int windows = static_cast<int>(config.hall.windows.size());
  std::mt19937 random(20261130);
  std::vector<domain::Changes> batch;
  ReportHistory h;
  h.from = dates.front().str();
  h.to = dates.back().str();
  auto keep = [&] {
    batch.push_back(engine.take_changes());
    batch.push_back(ratings.take_changes());
  };
  auto flush = [&] {
    if (!batch.empty() && store.commit(batch, engine.day())) throw std::runtime_error("history commit failed");
    batch.clear();
  };
  const char* codes[] = {"A", "B", "C", "D"};
  constexpr int kOpen = 8 * 3600 + 30 * 60, kClose = 17 * 3600, kStep = 5;
  for (const auto& day : dates) {
    auto at = [&](int second) { return domain::from_local(day, 0) + std::chrono::seconds(second); };
    clock.set(at(kOpen - 600));
    engine.tick();
    for (int w = 1; w <= windows; ++w)
      if (!engine.login(w, "c" + std::to_string(w))) throw std::runtime_error("bench login failed");
    keep();
    // Arrivals spread over the opening hours; each window serves for 90–390 s (a busy hall: the
    // windows are busy most of the day), pauses for lunch one window in three.
    std::vector<int> busy_until(static_cast<std::size_t>(windows) + 1, -1);
    std::vector<bool> paused(static_cast<std::size_t>(windows) + 1, false);
    int next = 0, waiting = 0;
    for (int t = kOpen; t <= kClose + 3600; t += kStep) {
      clock.set(at(t));
      while (next < per_day && kOpen + static_cast<long>(next) * (kClose - kOpen) / per_day <= t) {
        domain::TakeArgs a;
        a.service = codes[random() % 4];
        if (engine.take(a)) {
          ++waiting;
          ++h.tickets;
        }
        ++next;
      }
      for (int w = 1; w <= windows; ++w) {
        auto wi = static_cast<std::size_t>(w);
        if (busy_until[wi] >= 0 && t >= busy_until[wi]) {
          bool no_show = random() % 25 == 0;
          auto done = no_show ? engine.no_show(w) : engine.finish(w);
          busy_until[wi] = -1;
          if (done && !no_show) {
            const domain::Rating& offered = ratings.offer(*done.value(), "");
            if (random() % 3 == 0) {
              domain::RatingAnswer answer;
              answer.level = static_cast<domain::RatingLevel>(3 + random() % 3);
              (void)ratings.rate_at_window(w, offered.ticket, answer);
            }
          }
        }
        const bool lunch = w % 3 == 0 && t >= 12 * 3600 && t < 13 * 3600;
        if (busy_until[wi] < 0 && lunch != paused[wi]) {
          paused[wi] = lunch;
          (void)(lunch ? engine.pause(w, "lunch") : engine.resume(w));
        }
        if (busy_until[wi] < 0 && !paused[wi] && waiting > 0 && t < kClose + 3600 - 600) {
          if (engine.call_next(w)) {
            --waiting;
            busy_until[wi] = t + 90 + static_cast<int>(random() % 300);
          }
        }
      }
      keep();
      if (batch.size() >= 400) flush();
    }
    for (int w = 1; w <= windows; ++w) (void)engine.logout(w);
    keep();
    flush();
  }
  // Today opens empty, so that the server starts on a new day.
  clock.set(domain::from_local(today, 8 * 60));
  engine.tick();
  keep();
  flush();
  h.events = store.event_count();
  h.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return h;
}

KeptFigures keep_report_figures(const std::string& config_path, const std::string& db_path, bool cold) {
  auto config = config::load_config(config_path);
  KeptFigures k;
  auto started = std::chrono::steady_clock::now();
  {
    server::Store store(db_path, 1000);
    if (!cold) {
      store.keep_figures(config.hall.rollover_minute);
      while (store.figures_wanted())
        if (store.make_figures()) ++k.days;
    }
  }
  if (cold) {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
    k.days = db.exec("DELETE FROM day_figures");
  }
  k.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return k;
}

ReportCheck check_report_figures(const std::string& config_path, const std::string& db_path, const std::string& from,
                                 const std::string& to) {
  auto config = config::load_config(config_path);
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  ReportCheck c;
  for (auto period :
       {server::web::Period::hour, server::web::Period::day, server::web::Period::week, server::web::Period::month}) {
    server::web::Reports::Ask ask;
    ask.from = *domain::LocalDate::parse(from);
    ask.to = *domain::LocalDate::parse(to);
    ask.period = period;
    ask.now = domain::SystemClock{}.now();
    db.exec("BEGIN");
    auto t0 = std::chrono::steady_clock::now();
    auto kept = server::web::compute_report(db, ask, config);
    auto t1 = std::chrono::steady_clock::now();
    auto rows = server::web::compute_report_from_rows(db, ask, config);
    auto t2 = std::chrono::steady_clock::now();
    db.exec("COMMIT");
    if (period == server::web::Period::day) {
      c.kept_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
      c.rows_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
      c.kept_days = kept.kept_days;
    }
    auto a = server::web::report_tables(kept, config), b = server::web::report_tables(rows, config);
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (c.same && server::web::table_csv(a[i]) != server::web::table_csv(b[i])) {
        c.same = false;
        c.differs = std::string(server::web::to_string(period)) + ": " + a[i].name;
      }
    if (a.size() != b.size()) c.same = false;
  }
  return c;
}

ReportTimes time_reports(int web_port, int wire_port, const std::string& from, const std::string& to, int repeat) {
  set_password(wire_port, "m1", "bench-manager-password");
  auto form = http_call(web_port, http::verb::get, "/staff/login", "");
  std::string login_token = cookie_value(form, "hallq_login");
  std::string body = form.body();
  std::string marker = "name=\"csrf\" value=\"";
  auto at = body.find(marker) + marker.size();
  std::string csrf = body.substr(at, body.find('"', at) - at);
  auto logged = http_call(web_port, http::verb::post, "/staff/login", "hallq_login=" + login_token,
                          "csrf=" + csrf + "&user=m1&password=bench-manager-password");
  std::string session = cookie_value(logged, "hallq_staff");
  if (session.empty()) throw std::runtime_error("could not log in to the staff console");
  ReportTimes out;
  const std::string range = "from=" + from + "&to=" + to;
  for (const std::string& target :
       {"/staff/reports?" + range + "&period=day", "/staff/reports?" + range + "&period=hour",
        "/staff/reports?" + range + "&period=month", "/staff/reports.csv?" + range + "&by=service",
        "/staff/reports.csv?" + range + "&period=day&by=period", "/staff/reports.csv?" + range + "&by=use",
        "/staff/reports.xlsx?" + range, "/staff/reports.pdf?month=" + to.substr(0, 7)}) {
    ReportTimes::Row row;
    row.target = target;
    for (int i = 0; i < repeat; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      auto res = http_call(web_port, http::verb::get, target, "hallq_staff=" + session);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (res.result_int() != 200)
        throw std::runtime_error(target + " answered " + std::to_string(res.result_int()) + ": " + res.body());
      row.ms.push_back(ms);
      row.bytes = res.body().size();
    }
    std::sort(row.ms.begin(), row.ms.end());
    std::printf("  %8.0f %8.0f %8.0f   %9zu B  %s\n", row.ms.front(), row.ms[row.ms.size() / 2], row.ms.back(),
                row.bytes, row.target.c_str());
    std::fflush(stdout);
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace hallq::bench
