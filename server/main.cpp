// hallq-server: the hall's queue server. See README.md and docs/protocol.md.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "core/config/address_range.hpp"
#include "core/config/config.hpp"
#include "server/server.hpp"

namespace {

constexpr const char* kUsage =
    "usage: hallq-server --config FILE --db FILE [--listen HOST:PORT] [--web-listen HOST:PORT] [--time "
    "YYYY-MM-DDTHH:MM] [--accept-loss] [--training] [--assets DIR]\n"
    "       hallq-server --config FILE --db FILE [--training] --check\n"
    "       hallq-server --config FILE --db FILE [--training] --restore BACKUP\n"
    "       hallq-server --check-config FILE\n"
    "\n"
    "  --config FILE       hall configuration (TOML), e.g. assets/halls/demo.toml\n"
    "  --db FILE           SQLite database, created when missing\n"
    "  --listen HOST:PORT  overrides [server] listen; port 0 picks a free port\n"
    "  --web-listen HOST:PORT  overrides [web] listen (the citizens' pages and the console)\n"
    "  --time T            start the clock at local time T (demo and training halls)\n"
    "  --check             check the database (SQLite integrity_check), its high-water mark and\n"
    "                      the ID key, report, and exit: 0 all right, 3 the database needs\n"
    "                      restoring, 4 the key is missing or open to others, 5 (with or without\n"
    "                      --training) a training database for a production hall, or the reverse\n"
    "  --accept-loss       start although the database is behind its high-water mark (its newest\n"
    "                      commits were lost); numbering continues after the last number handed out\n"
    "  --restore BACKUP    put BACKUP (hallqctl backup, or a nightly one) in the database's place,\n"
    "                      after checking it is this hall's, whole (integrity_check) and fits the\n"
    "                      ID key; the server must be stopped; the database it replaces is kept\n"
    "                      beside it, and its .mark stays\n"
    "  --training          a training hall (培训; as [training] enabled = true): its database must\n"
    "                      not be the production one (refused otherwise), its ID key and mark lie\n"
    "                      beside it, no nightly backups, and every terminal shows it is training\n"
    "  --assets DIR        translations, fonts and web files (default: $HALLQ_ASSETS, else the\n"
    "                      installed ones)\n"
    "  --check-config FILE validate a configuration file and exit\n"
    "\n"
    "A refused start exits 3 (the database is missing, damaged or behind: restore it), 4 (the\n"
    "ID key is missing or readable by others) or 5 (a training database for a production hall,\n"
    "or the reverse); docs/security.md and docs/training.md say what to do. A start that fails\n"
    "otherwise exits 1 (the database in use by another hallq-server, a port in use, a TLS file\n"
    "unreadable), 2 for a usage or configuration error.\n";

int usage(const char* problem) {
  if (problem) std::fprintf(stderr, "hallq-server: %s\n", problem);
  std::fputs(kUsage, stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  hallq::server::Options options;
  bool check_only = false;
  std::string restore_from;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--config") {
      const char* v = value();
      if (!v) return usage("--config needs a file");
      options.config_path = v;
    } else if (arg == "--db") {
      const char* v = value();
      if (!v) return usage("--db needs a file");
      options.db_path = v;
    } else if (arg == "--web-listen") {
      const char* v = value();
      if (!v) return usage("--web-listen needs HOST:PORT");
      if (auto bad = hallq::config::listen_address_problem(v))
        return usage(("--web-listen \"" + std::string(v) + "\": " + *bad).c_str());
      options.web_listen = v;
    } else if (arg == "--listen") {
      const char* v = value();
      if (!v) return usage("--listen needs HOST:PORT");
      if (auto bad = hallq::config::listen_address_problem(v))
        return usage(("--listen \"" + std::string(v) + "\": " + *bad).c_str());
      options.listen = v;
    } else if (arg == "--time") {
      const char* v = value();
      auto t = v ? hallq::domain::parse_iso(v) : std::nullopt;
      if (!t) return usage("--time needs a local time like 2026-11-26T08:55");
      options.start_at = t;
    } else if (arg == "--check") {
      check_only = true;
    } else if (arg == "--restore") {
      const char* v = value();
      if (!v) return usage("--restore needs a backup file");
      restore_from = v;
    } else if (arg == "--accept-loss") {
      options.accept_loss = true;
    } else if (arg == "--assets") {
      const char* v = value();
      if (!v) return usage("--assets needs a directory");
      options.assets = v;
    } else if (arg == "--training") {
      options.training = true;
    } else if (arg == "--check-config") {
      const char* v = value();
      if (!v) return usage("--check-config needs a file");
      try {
        auto cfg = hallq::config::load_config(v);
        std::printf("%s: ok (%zu services, %zu windows, %zu clerks, %zu devices)\n", v, cfg.hall.services.size(),
                    cfg.hall.windows.size(), cfg.hall.clerks.size(), cfg.devices.size());
        // Allowed (a service set up before its window), but its citizens would never be called.
        for (const std::string& code : cfg.hall.services_without_window())
          std::fprintf(stderr,
                       "hallq-server: warning: %s: no window takes service %s: a ticket for it would wait and never "
                       "be called\n",
                       v, code.c_str());
        return 0;
      } catch (const hallq::config::ConfigError& e) {
        std::fprintf(stderr, "hallq-server: configuration error: %s\n", e.what());
        return 2;
      }
    } else {
      return usage(("unknown argument " + std::string(arg)).c_str());
    }
  }
  if (options.config_path.empty() || options.db_path.empty()) return usage("--config and --db are required");
  if (check_only) return hallq::server::check(options.config_path, options.db_path, options.training);
  if (!restore_from.empty())
    return hallq::server::restore(options.config_path, options.db_path, restore_from, options.training);
  return hallq::server::run(options);
}
