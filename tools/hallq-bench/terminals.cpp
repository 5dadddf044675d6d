// hallq-bench terminals: the terminals' memory and first live frame on the
// demo hall (docs/performance.md, "Screens").
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/config/paths.hpp"
#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {
namespace {

struct Sample {
  bool ok = false;
  double first_ms = 0, draw_p50 = 0, draw_p99 = 0;
  double peak_mib = 0;  // the most it was resident (ru_maxrss)
  std::string out;      // what it printed
};

double number_after(const std::string& s, const std::string& label) {
  auto at = s.find(label);
  return at == std::string::npos ? -1 : std::atof(s.c_str() + at + label.size());
}

// Starts `args` under SDL's dummy drivers, its output (standard output and error) into `out`.
pid_t start_terminal(const std::vector<std::string>& args, int out) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out, 1);
    ::dup2(out, 2);
    // Ahead of whatever else runs here (builds on a shared machine), when allowed: the figures are
    // the terminal's, not the neighbours'. A terminal in a hall has its box to itself.
    ::setpriority(PRIO_PROCESS, 0, -15);
    ::setenv("SDL_VIDEODRIVER", "dummy", 1);
    ::setenv("SDL_AUDIODRIVER", "dummy", 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

// Runs `args` until it ends; its output, --measure figures and peak memory.
Sample run_once(const std::vector<std::string>& args) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = start_terminal(args, pipefd[1]);
  ::close(pipefd[1]);
  Sample s;
  char buf[4096];
  for (ssize_t n; (n = ::read(pipefd[0], buf, sizeof buf)) > 0;) s.out.append(buf, static_cast<std::size_t>(n));
  ::close(pipefd[0]);
  int status = 0;
  rusage ru{};
  ::wait4(pid, &status, 0, &ru);
  s.peak_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
  s.first_ms = number_after(s.out, "first live frame ");
  s.draw_p50 = number_after(s.out, "draw p50 ");
  s.draw_p99 = number_after(s.out, ", p99 ");
  s.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && s.first_ms >= 0;
  return s;
}

// The share of one CPU `args` uses while it shows the hall and nothing happens: started as
// run_once starts it (at its own frame pace, no --measure), measured over `seconds` from
// `settle` seconds after its start, then stopped with SIGTERM. -1 if it ended by itself.
double idle_cpu(const std::vector<std::string>& args, int settle, int seconds) {
  int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  pid_t pid = start_terminal(args, null);
  ::close(null);
  ::sleep(static_cast<unsigned>(settle));
  double from = cpu_seconds(pid);
  ::sleep(static_cast<unsigned>(seconds));
  double to = cpu_seconds(pid);
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) == pid) return -1;  // it ended: nothing was measured
  ::kill(pid, SIGTERM);
  ::waitpid(pid, &status, 0);
  return 100.0 * (to - from) / seconds;
}

// The machine's load (1, 5 and 15 minutes): the times mean little on a busy machine.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double largest(const std::vector<double>& v) {
  return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

// A busy moment of the demo hall: every window staffed, tickets in every
// queue, a call at each window (the board's newest call and the ones before it).
void busy_morning(const std::string& bin, int port) {
  std::string env = "HALLQ_SERVER=127.0.0.1:" + std::to_string(port) + " HALLQ_TOKEN=demo-admin-token ";
  auto ctl = [&](const std::string& args) {
    std::string cmd = env + bin + "/hallqctl " + args + " >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
  };
  for (int w = 1; w <= 8; ++w)
    if (!ctl("login " + std::to_string(w) + " c0" + std::to_string(w) + " 100" + std::to_string(w)))
      throw std::runtime_error("hallqctl login " + std::to_string(w) + " failed (is hallqctl in " + bin + "?)");
  for (const char* svc : {"A", "A", "A", "A", "B", "B", "B", "C", "C", "C", "D", "D", "D", "E", "E", "E", "G", "G"})
    ctl(std::string("take ") + svc);
  ctl("take F --id 150502199001011232 --name 包巴特尔");
  ctl("take H --id 11010519491231002X --name 王秀英");
  for (int w = 1; w <= 8; ++w) ctl("call " + std::to_string(w));
}

}  // namespace

void terminals_bench(const std::string& dir, const std::string& bin_dir, int repeat) {
  namespace fs = std::filesystem;
  std::string bin = bin_dir.empty() ? fs::read_symlink("/proc/self/exe").parent_path().string() : bin_dir;
  std::string config = config::find_assets() + "/halls/demo.toml";
  std::string db = dir + "/terminals.db";
  for (const char* s : {"", "-wal", "-shm", ".mark"}) fs::remove(db + s);
  // A Monday morning in opening hours, whatever the time here.
  Server server = Server::spawn(config, db, false, bin + "/hallq-server", {"--time", "2026-11-30T09:30"});
  try {
    busy_morning(bin, server.port);
    std::string at = "127.0.0.1:" + std::to_string(server.port);
    struct Terminal {
      const char* name;
      std::vector<std::string> args;
    };
    const std::vector<Terminal> terminals = {
        {"hall board 1920x1080",
         {bin + "/hallq-display", "--mode", "hall", "--device", "display-hall", "--token", "demo-display-token",
          "--size", "1920x1080"}},
        {"hall board 1080x1920",
         {bin + "/hallq-display", "--mode", "hall", "--device", "display-hall", "--token", "demo-display-token",
          "--size", "1080x1920"}},
        {"guide monitor 1920x1080",
         {bin + "/hallq-display", "--mode", "monitor", "--device", "guide-1", "--token", "demo-guide-token", "--role",
          "guide", "--size", "1920x1080"}},
        {"window screen 1920x1080",
         {bin + "/hallq-display", "--mode", "window", "--window", "1", "--device", "display-window-1", "--token",
          "demo-display-window-1-token", "--size", "1920x1080"}},
        {"caller 1280x800",
         {bin + "/hallq-caller", "--device", "caller-3", "--token", "demo-caller-3-token", "--printer", "none",
          "--reader", "none", "--size", "1280x800"}},
        {"kiosk 1080x1920",
         {bin + "/hallq-kiosk", "--device", "kiosk-1", "--token", "demo-kiosk-1-token", "--printer", "none", "--reader",
          "none", "--size", "1080x1920"}},
    };
    std::printf("terminals: the demo hall (8 windows staffed, 8 calls, 20 waiting), %d runs each,\n", repeat);
    std::printf("           SDL_VIDEODRIVER=dummy, software renderer, --measure 100; programs from %s\n", bin.c_str());
    std::printf("           at nice -15 when allowed (root); load average %s at the start\n", load_average().c_str());
    std::printf("  %-26s %21s %21s %12s\n", "", "first live frame (ms)", "peak resident (MiB)", "draw p50");
    std::printf("  %-26s %10s %10s %10s %10s %12s\n", "terminal", "median", "max", "median", "max", "(ms)");
    for (const auto& t : terminals) {
      std::vector<double> first, peak, draw;
      std::string failed;
      for (int i = 0; i < repeat; ++i) {
        auto args = t.args;
        args.insert(args.begin() + 1, {"--server", at});
        args.insert(args.end(), {"--measure", "100"});
        Sample s = run_once(args);
        if (!s.ok) {
          failed = s.out.empty() ? "nothing (is " + args.front() + " there?)" : s.out;
          continue;
        }
        first.push_back(s.first_ms);
        peak.push_back(s.peak_mib);
        draw.push_back(s.draw_p50);
      }
      std::printf("  %-26s %10.1f %10.1f %10.1f %10.1f %12.2f\n", t.name, median(first), largest(first), median(peak),
                  largest(peak), median(draw));
      if (!failed.empty())
        std::printf("    %zu runs failed; the last said: %s\n", repeat - first.size(), failed.c_str());
      std::fflush(stdout);
    }
    // Idle: a terminal draws only what changed since its last frame (core/ui/draw_list.hpp).
    const int settle = 6, seconds = 20;
    std::printf("  idle, %d s from %d s after the start, once each: CPU (%% of one core)\n", seconds, settle);
    for (const auto& t : terminals) {
      auto args = t.args;
      args.insert(args.begin() + 1, {"--server", at});
      double cpu = idle_cpu(args, settle, seconds);
      if (cpu < 0)
        std::printf("  %-26s ended before %d s: see the runs above\n", t.name, settle + seconds);
      else
        std::printf("  %-26s %10.1f\n", t.name, cpu);
      std::fflush(stdout);
    }
    std::printf("  load average %s at the end\n", load_average().c_str());
  } catch (...) {
    server.stop();
    throw;
  }
  server.stop();
}

}  // namespace hallq::bench
