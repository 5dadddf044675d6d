#include "server/server.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pthread.h>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/config/config.hpp"
#include "core/config/paths.hpp"
#include "core/domain/case_book.hpp"
#include "core/domain/crypto.hpp"
#include "core/domain/engine.hpp"
#include "core/domain/help_book.hpp"
#include "core/domain/rating_book.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/spawn.hpp"
#include "core/net/stream.hpp"
#include "core/protocol/envelope.hpp"
#include "server/backup.hpp"
#include "server/db_lock.hpp"
#include "server/dispatcher.hpp"
#include "server/listener.hpp"
#include "server/log.hpp"
#include "server/service_manager.hpp"
#include "server/startup.hpp"
#include "server/store.hpp"
#include "server/store_thread.hpp"
#include "server/web/web_server.hpp"

namespace hallq::server {
namespace asio = boost::asio;

namespace {

void raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

}  // namespace

int run(const Options& options) {
  // SIGINT and SIGTERM wait (blocked, in this thread and every thread started from it) until the
  // signal set below catches them: one that comes while the server starts — opening, checking or
  // upgrading the database — then stops it cleanly once it has started, never by the default
  // action halfway through.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  config::Config config;
  try {
    config = config::load_config(options.config_path);
  } catch (const config::ConfigError& e) {
    std::fprintf(stderr, "hallq-server: configuration error: %s\n", e.what());
    return 2;
  }
  // A training hall keeps no nightly backups: its days are exercises, and its files must never
  // take the production hall's place in the backup folder.
  config.training = config.training || options.training;
  if (config.training) config.backup.at_minute = -1;
  std::string listen_text = options.listen.empty() ? config.settings.listen : options.listen;
  auto listen = net::parse_host_port(listen_text, protocol::kDefaultPort);
  if (!listen) {
    std::fprintf(stderr, "hallq-server: %s: listen address \"%s\" is not HOST:PORT\n",
                 options.listen.empty() ? config.path.c_str() : "--listen", listen_text.c_str());
    return 2;
  }

  // What the configuration depends on outside itself: the machine's time zone, the translations.
  for (const auto& problem : {time_zone_problem(), rating_words_problem(config, options.assets)})
    if (problem) {
      std::fprintf(stderr, "hallq-server: configuration error: %s\n", problem->c_str());
      return 2;
    }
  set_log_level(log_level_from(config.settings.log_level).value_or(LogLevel::info));
  // Opening a busy day's database takes a moment: the log shows when the start began.
  log_line(LogLevel::notice,
           "starting: " + config.path + ", database " + options.db_path + (config.training ? " (training hall)" : ""));
  std::signal(SIGPIPE, SIG_IGN);
  net::set_failure_log([](std::string_view line) { log_line(LogLevel::error, line); });
  raise_fd_limit();
  std::unique_ptr<NoticeGateway> gateway;
  try {
    // A training hall's pickup notices stay in its own outbox: the configured gateway is the
    // production hall's, and its citizens must never hear of a training case.
    if (!config.training) gateway = make_gateway(config.settings.notice_gateway);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-server: configuration error: %s\n", e.what());
    return 2;
  }
  int lock_fd = -1;
  OpenedState opened;
  std::shared_ptr<asio::ssl::context> tls;
  try {
    lock_fd = lock_database(options.db_path);
    opened = open_state(config, store_paths(config, options.db_path), options.accept_loss);
    if (!config.settings.tls_cert_file.empty())
      tls = net::make_tls_server_context(config.settings.tls_cert_file, config.settings.tls_key_file);
  } catch (const StartupRefusal& e) {
    std::fprintf(stderr, "hallq-server: refusing to start: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-server: %s\n", e.what());
    return kExitStartup;
  }
  for (const auto& note : opened.notes) log_line(note);
  // The TLS key proves the server to every terminal and browser; anyone who can read it can pose as
  // the hall. A group (ssl-cert) may need it; the world never does.
  if (struct stat st{}; !config.settings.tls_key_file.empty() &&
                        ::stat(config.settings.tls_key_file.c_str(), &st) == 0 && (st.st_mode & S_IROTH) != 0)
    log_line(LogLevel::warning, config.settings.tls_key_file +
                                    ": the TLS private key is readable by every user of this machine (chmod o-r " +
                                    config.settings.tls_key_file + ")");
  auto credentials = opened.store->load_credentials("pin");
  auto passwords = opened.store->load_credentials("password");
  // Pickup notices are worded from the translation files, like everything a person reads.
  NoticeTexts notices;
  try {
    notices = NoticeTexts(config::find_assets(options.assets));
  } catch (const config::PathError& e) {
    log_line(LogLevel::warning, std::string("cases: pickup notices cannot be worded: ") + e.what());
  }
  if (!notices.error().empty())
    log_line(LogLevel::warning, "cases: pickup notices cannot be worded: " + notices.error());
  opened.store->keep_mark(opened.mark.get(), opened.mark_now);
  // Closed days' figures for reports, made by the store thread when it is idle (docs/web.md, "Reports").
  opened.store->keep_figures(config.hall.rollover_minute);

  std::unique_ptr<domain::Clock> clock;
  if (options.start_at)
    clock = std::make_unique<domain::OffsetClock>(*options.start_at);
  else
    clock = std::make_unique<domain::SystemClock>();
  const BackupStamp stamp{config.hall.id, key_fingerprint(opened.key), {}};
  const domain::Sealer sealer(opened.key);
  const domain::VisitTokens tokens(opened.key);
  domain::Engine engine(config.hall, *clock, domain::IdHasher(std::move(opened.key)));
  if (opened.state) engine.restore(std::move(*opened.state));
  // The recent days the wait estimate starts each day from (docs/architecture.md, "Estimated wait").
  for (auto& [day, measures] : opened.store->recent_days(engine.day(), domain::RecentDays::kDays))
    engine.remember_day(day, std::move(measures));
  if (!opened.skip.empty() && opened.mark_now.day == engine.day().str()) engine.skip_numbers(opened.skip);
  domain::CaseBook cases(config.hall, *clock);
  {
    CaseBookState s = opened.store->load_cases(clock->now() - kCaseMemory);
    cases.restore(std::move(s.cases), std::move(s.sheets), std::move(s.notifications), s.last_notification);
  }
  domain::RatingBook ratings(config.hall, *clock);
  {
    RatingBookState s =
        opened.store->ratings().load(ratings.today().plus_days(-domain::RatingBook::kPhoneDays - 1).str(),
                                     domain::to_unix_ms(clock->now() - kCaseMemory));
    ratings.restore(std::move(s.ratings), std::move(s.followups), s.last_rating, s.last_followup);
  }
  domain::HelpBook help(config.hall, *clock);
  {
    HelpBookState s = opened.store->help().load(help.today().str());
    help.restore(std::move(s.requests), std::move(s.entries), s.last_request, s.last_entry);
  }

  asio::io_context ctx(1);
  Dispatcher* dispatcher_ptr = nullptr;  // set below, before any commit can report
  StoreThread store_thread(
      std::move(opened.store), ctx.get_executor(),
      [&](std::uint64_t upto, std::optional<CommitError> error) { dispatcher_ptr->committed(upto, std::move(error)); });
  StaffingAdvisor staffing(ctx.get_executor(), config, options.db_path);  // outlives the dispatcher
  Dispatcher dispatcher(ctx.get_executor(), config, Books{engine, cases, ratings, sealer, tokens, help}, notices,
                        std::move(gateway), store_thread);
  dispatcher_ptr = &dispatcher;
  Backups backups(ctx.get_executor(), options.db_path, stamp, backup_dir(config, options.db_path), config.backup);
  dispatcher.use_backups(backups);
  HealthWatch health(config.settings, options.db_path);
  dispatcher.use_health(health);
  dispatcher.use_staffing(staffing);
  dispatcher.pin_checker().loaded(credentials);
  dispatcher.passwords().loaded(passwords);
  Listener listener(ctx, dispatcher, config.settings, tls);
  asio::ip::tcp::endpoint bound;
  try {
    bound = listener.bind(*listen);
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "hallq-server: %s\n", e.what());  // what() ends with the reason
    return 1;
  }
  // The web ([web] listen, or --web-listen): the citizens' pages and the console.
  std::unique_ptr<web::WebServer> web_server;
  std::string web_text = options.web_listen.empty() ? config.web.listen : options.web_listen;
  asio::ip::tcp::endpoint web_bound;
  if (!web_text.empty()) {
    auto where = net::parse_host_port(web_text, config.web.tls ? 443 : 80);
    if (!where) {
      std::fprintf(stderr, "hallq-server: %s: web listen address \"%s\" is not HOST:PORT\n",
                   options.web_listen.empty() ? config.path.c_str() : "--web-listen", web_text.c_str());
      return 2;
    }
    try {
      web_server = std::make_unique<web::WebServer>(
          ctx, config, dispatcher, Books{engine, cases, ratings, sealer, tokens, help}, dispatcher.passwords(),
          config::find_assets(options.assets), options.db_path, config.web.tls ? tls : nullptr);
      web_bound = web_server->bind(*where);
    } catch (const std::system_error& e) {
      std::fprintf(stderr, "hallq-server: %s\n", e.what());  // what() ends with the reason
      return 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "hallq-server: web: %s\n", e.what());
      return kExitStartup;
    }
  }
  // SIGINT and SIGTERM are caught from before the port is announced (one that came while starting
  // is delivered now): the set keeps a signal that comes before the handler below is attached.
  asio::signal_set signals(ctx, SIGINT, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  // A day that ended while we were down is closed (and recorded) right away.
  dispatcher.tick();
  listener.start();
  net::HostPort shown{bound.address().to_string(), bound.port()};
  std::printf("listening on %s\n", shown.str().c_str());
  if (web_server) {
    web_server->start();
    net::HostPort web_shown{web_bound.address().to_string(), web_bound.port()};
    std::printf("web listening on %s\n", web_shown.str().c_str());
    log_line(LogLevel::notice, "web listening on " + web_shown.str() + (config.web.tls ? " with TLS" : ""));
  }
  std::fflush(stdout);
  log_line(LogLevel::notice, "listening on " + shown.str() + (tls ? " with TLS" : "") + " (" +
                                 (config.training ? "TRAINING hall " : "hall ") + config.hall.id + ", day " +
                                 engine.day().str() + ", " + std::to_string(engine.ticket_count()) +
                                 " tickets restored, " + std::to_string(engine.recent_days().days()) +
                                 " recent day(s) for the wait estimate)");
  for (const std::string& code : config.hall.services_without_window())  // allowed, as --check-config says
    log_line(LogLevel::warning, "no window takes service " + code + ": a ticket for it waits and is never called");
  ServiceManager service(ctx.get_executor());  // systemd: READY=1 now that the port answers, then the watchdog
  service.ready("listening on " + shown.str() + (config.training ? ", training hall " : ", hall ") + config.hall.id);

  asio::steady_timer grace(ctx);
  std::chrono::steady_clock::time_point deadline;
  // Polls until every connection has flushed and closed, or 3 s have passed.
  std::function<void()> wait_for_connections = [&] {
    if (listener.connections() == 0 || std::chrono::steady_clock::now() > deadline) {
      ctx.stop();
      return;
    }
    grace.expires_after(std::chrono::milliseconds(20));
    grace.async_wait([&](boost::system::error_code) { wait_for_connections(); });
  };
  signals.async_wait([&](boost::system::error_code ec, int signo) {
    if (ec) return;
    log_line(LogLevel::notice, std::string("shutting down on ") + (signo == SIGINT ? "SIGINT" : "SIGTERM"));
    service.stopping("shutting down");
    listener.stop_accepting();
    listener.stop_reading_all();
    if (web_server) web_server->stop();
    // Everything already received is committed and answered before we close.
    dispatcher.drain([&] {
      listener.close_all_after_flush();
      deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
      wait_for_connections();
    });
  });

  ctx.run();
  store_thread.join();
  dispatcher.refusals().flush_all();  // what the last window held back
  log_line(LogLevel::notice, "stopped");
  ::close(lock_fd);
  return 0;
}

// The configuration for a command that works on the stored state; nothing (reported) when it cannot be read.
std::optional<config::Config> config_for(const std::string& config_path, bool training) {
  try {
    config::Config config = config::load_config(config_path);
    config.training = config.training || training;
    return config;
  } catch (const config::ConfigError& e) {
    std::fprintf(stderr, "hallq-server: configuration error: %s\n", e.what());
    return std::nullopt;
  }
}

int check(const std::string& config_path, const std::string& db_path, bool training) {
  auto config = config_for(config_path, training);
  if (!config) return 2;
  int lock_fd = -1;
  try {
    lock_fd = lock_database(db_path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-server: %s (stop it first, or check a backup copy)\n", e.what());
    return kExitStartup;
  }
  int status = check_state(*config, store_paths(*config, db_path), stdout);
  ::close(lock_fd);
  return status;
}

int restore(const std::string& config_path, const std::string& db_path, const std::string& file, bool training) {
  auto config = config_for(config_path, training);
  if (!config) return 2;
  int lock_fd = -1;
  try {
    lock_fd = lock_database(db_path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-server: %s: stop it first\n", e.what());
    return kExitStartup;
  }
  int status = restore_backup(*config, store_paths(*config, db_path), file, stderr);
  ::close(lock_fd);
  return status;
}

}  // namespace hallq::server
