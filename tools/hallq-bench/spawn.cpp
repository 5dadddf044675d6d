#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/hallq-bench/bench.hpp"

namespace hallq::bench {

double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = stat.rfind(')');  // the command may hold spaces; the fields follow its ')'
  if (close == std::string::npos) return 0;
  std::vector<std::string> fields;
  std::string field;
  for (char c : stat.substr(close + 2)) {
    if (c == ' ') {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  if (fields.size() < 13) return 0;  // fields[0] is the state, field 3 of the file
  return static_cast<double>(std::stoll(fields[11]) + std::stoll(fields[12])) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

void raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

Server Server::spawn(const std::string& config, const std::string& db, bool web, const std::string& exe_path,
                     const std::vector<std::string>& extra) {
  std::string exe = exe_path.empty()
                        ? (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "hallq-server").string()
                        : exe_path;
  std::string log = db + ".log";
  std::vector<std::string> args = {exe, "--config", config, "--db", db, "--listen", "127.0.0.1:0"};
  if (web) args.insert(args.end(), {"--web-listen", "127.0.0.1:0"});
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipefd[2];
  if (::pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(err, 2);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  std::string out;
  auto seen = [&] {
    return out.find("listening on 127.0.0.1:") != std::string::npos && out.back() == '\n' &&
           (!web || out.find("web listening on 127.0.0.1:") != std::string::npos);
  };
  while (out.empty() || !seen()) {
    pollfd p{pipefd[0], POLLIN, 0};
    if (::poll(&p, 1, 60000) <= 0) break;
    char buf[256];
    ssize_t n = ::read(pipefd[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(pipefd[0]);
  Server s;
  s.pid = pid;
  s.started_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  // "listening on HOST:PORT" (the wire) and, with the web, "web listening on HOST:PORT", each on a line.
  for (std::size_t at = out.find("listening on 127.0.0.1:"); at != std::string::npos;
       at = out.find("listening on 127.0.0.1:", at + 1)) {
    bool is_web = at >= 4 && out.compare(at - 4, 4, "web ") == 0;
    (is_web ? s.web_port : s.port) = std::stoi(out.substr(at + 23));
  }
  if (s.port == 0 || (web && s.web_port == 0)) {
    s.stop();
    throw std::runtime_error("hallq-server did not start; see " + log);
  }
  return s;
}

void Server::stop() {
  if (pid <= 0) return;
  ::kill(pid, SIGTERM);
  int status;
  ::waitpid(pid, &status, 0);
  pid = -1;
}

namespace {

std::int64_t status_kib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::stoll(line.substr(field.size()));
  return -1;
}

}  // namespace

std::int64_t Server::rss_kib() const {
  return status_kib(pid, "VmRSS:");
}

std::int64_t Server::hwm_kib() const {
  return status_kib(pid, "VmHWM:");
}

}  // namespace hallq::bench
