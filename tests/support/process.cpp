#include "tests/support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace hallq::test {
namespace fs = std::filesystem;

// Built by appending: GCC 12 under -O2 with precompiled headers reports a
// false -Warray-bounds on std::string(literal) + "/" + name.
std::string bin(const std::string& name) {
  std::string path = HALLQ_BIN_DIR;
  path += '/';
  path += name;
  return path;
}
std::string source_path(const std::string& relative) {
  std::string path = HALLQ_SOURCE_DIR;
  path += '/';
  path += relative;
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string test_hall_with_server(const std::string& lines) {
  std::string text = read_file(source_path("tests/data/hall.toml"));
  auto pos = text.find("[server]\n");
  REQUIRE(pos != std::string::npos);
  return text.insert(pos + 9, lines);
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  dir_ = fs::path(HALLQ_TEST_TMP) / ("t" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(dir_);
  fs::create_directories(dir_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  std::ofstream(path(name), std::ios::binary) << content;
  return path(name);
}

namespace {
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, int in_fd, int out_fd,
            int err_fd, const std::string& cwd = {}) {
  // The child starts with the default signal actions and no signal blocked, and a signal sent to it
  // before it has become the program (run_interrupted) ends it, never the test's handlers in a copy
  // of the test.
  sigset_t all, before;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &before);
  pid_t pid = ::fork();
  if (pid != 0) ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);
    sigset_t none;
    ::sigemptyset(&none);
    ::pthread_sigmask(SIG_SETMASK, &none, nullptr);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    if (in_fd >= 0) ::dup2(in_fd, 0);
    if (out_fd >= 0) ::dup2(out_fd, 1);
    if (err_fd >= 0) ::dup2(err_fd, 2);
    for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());  // a bare name (tesseract, convert) is looked up in $PATH
    ::_exit(127);
  }
  return pid;
}

struct Interrupt {
  int signal = 0;  // 0: none
  std::chrono::milliseconds after{0};
};

RunResult run_until(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& input,
                    std::chrono::seconds timeout, const std::string& cwd, Interrupt interrupt) {
  TempDir tmp;
  std::string in = tmp.write("stdin", input);
  int in_fd = ::open(in.c_str(), O_RDONLY);
  int out_fd = ::open(tmp.path("stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err_fd = ::open(tmp.path("stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = spawn(argv, env, in_fd, out_fd, err_fd, cwd);
  ::close(in_fd);
  ::close(out_fd);
  ::close(err_fd);
  RunResult r;
  int status = 0;
  auto started = std::chrono::steady_clock::now();
  auto deadline = started + timeout;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (interrupt.signal != 0 && std::chrono::steady_clock::now() >= started + interrupt.after) {
      ::kill(pid, interrupt.signal);
      interrupt.signal = 0;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream o(tmp.path("stdout")), e(tmp.path("stderr"));
  std::stringstream so, se;
  so << o.rdbuf();
  se << e.rdbuf();
  r.out = so.str();
  r.err = se.str();
  return r;
}
}  // namespace

RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& input,
              std::chrono::seconds timeout, const std::string& cwd) {
  return run_until(argv, env, input, timeout, cwd, {});
}

RunResult run_interrupted(const std::vector<std::string>& argv, int signal, std::chrono::milliseconds after,
                          std::chrono::seconds timeout) {
  return run_until(argv, {}, {}, timeout, {}, {signal, after});
}

ServerProcess::ServerProcess(std::string config, std::string db, std::vector<std::string> extra_args,
                             ServerLaunch launch)
    : config_(std::move(config)),
      db_(std::move(db)),
      extra_(std::move(extra_args)),
      launch_(std::move(launch)),
      log_path_(db_ + ".stderr") {
  start(0);
}

ServerProcess::~ServerProcess() {
  if (pid_ <= 0) return;
  // A server a test leaves running is stopped the way an operator stops it, and must stop cleanly:
  // SIGTERM, exit code 0 within the deadline. This also lets the sanitizer build's leak check run
  // in the server (it runs at a normal exit, never after SIGKILL) and fail the test that found it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  ::kill(pid_, SIGTERM);
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill9();
      const std::string what = "hallq-server did not stop within 20 s of SIGTERM; its log:\n" + stderr_text();
      FAIL_CHECK(what);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string what = "hallq-server did not exit cleanly on SIGTERM (status " +
                             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) +
                             "); its log:\n" + stderr_text();
    FAIL_CHECK(what);
  }
}

void ServerProcess::start(int port) {
  int pipefd[2];
  if (::pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
  int err_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  std::string program = launch_.program.empty() ? bin("hallq-server") : launch_.program;
  std::vector<std::string> argv = {
      program, "--config", config_, "--db", db_, "--listen", "127.0.0.1:" + std::to_string(port)};
  argv.insert(argv.end(), extra_.begin(), extra_.end());
  pid_ = spawn(argv, {}, -1, pipefd[1], err_fd, launch_.cwd);
  ::close(pipefd[1]);
  ::close(err_fd);
  // Wait for "listening on 127.0.0.1:PORT" (and "web listening on …" when the web was asked for).
  bool web = std::find(extra_.begin(), extra_.end(), "--web-listen") != extra_.end();
  std::size_t lines = web ? 2 : 1;
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n')) < lines) {
    pollfd p{pipefd[0], POLLIN, 0};
    if (std::chrono::steady_clock::now() > deadline || ::poll(&p, 1, 100) < 0) break;
    if (p.revents & (POLLIN | POLLHUP)) {
      char buf[256];
      ssize_t n = ::read(pipefd[0], buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(pipefd[0]);
  auto pos = out.find("listening on 127.0.0.1:");
  if (pos == std::string::npos) {
    kill9();
    throw std::runtime_error("hallq-server did not start: " + stderr_text());
  }
  port_ = std::stoi(out.substr(pos + 23));
  if (web) {
    auto at = out.find("web listening on 127.0.0.1:");
    if (at == std::string::npos) {
      kill9();
      throw std::runtime_error("hallq-server did not start its web listener: " + stderr_text());
    }
    web_port_ = std::stoi(out.substr(at + 27));
  }
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::restart() {
  if (pid_ > 0) kill9();
  start(port_);
}

bool ServerProcess::logged(const std::string& text, std::chrono::milliseconds wait) const {
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (stderr_text().find(text) != std::string::npos) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string ServerProcess::stderr_text() const {
  return read_file(log_path_);
}

}  // namespace hallq::test
