#pragma once
// Test support: running the real binaries (hallq-server, hallqctl) as child
// processes, and temporary directories. POSIX only.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace hallq::test {

// The build tree's bin directory, wherever the build directory is (<build>/bin/name).
std::string bin(const std::string& name);
// The source tree (for assets/ and tests/data/).
std::string source_path(const std::string& relative);
// The test hall (tests/data/hall.toml) with `lines` added at the top of its [server] table.
std::string test_hall_with_server(const std::string& lines);

// A whole file's bytes; empty when it cannot be read.
std::string read_file(const std::string& path);
// Whether `part` occurs in `text` (what OCR or a program printed).
inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A fresh directory under the build tree, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path dir_;
};

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs a program to completion (stdin from `input`), with extra environment
// ("NAME=value"; "NAME=" empties it), in working directory `cwd` (empty: the
// test's own). After `timeout` it is killed (exit_code 128 + 9).
RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
              const std::string& input = {}, std::chrono::seconds timeout = std::chrono::seconds(30),
              const std::string& cwd = {});

// As run(), with `signal` sent to the program `after` it was started (or never, when it ended first):
// a person's Ctrl-C, systemd's stop.
RunResult run_interrupted(const std::vector<std::string>& argv, int signal, std::chrono::milliseconds after,
                          std::chrono::seconds timeout = std::chrono::seconds(30));

// How to start a server other than the build tree's, from another directory.
struct ServerLaunch {
  std::string program;  // empty: bin("hallq-server")
  std::string cwd;      // empty: the test's working directory
};

// A running hallq-server on 127.0.0.1 with a free port.
class ServerProcess {
 public:
  // Starts the server and waits for "listening on"; throws with its stderr on failure.
  ServerProcess(std::string config, std::string db, std::vector<std::string> extra_args = {}, ServerLaunch launch = {});
  ~ServerProcess();  // SIGTERM if still running; a failed check unless it exits 0 within 20 s
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // The web listener's, when extra_args had --web-listen 127.0.0.1:0.
  std::string web_address() const { return "127.0.0.1:" + std::to_string(web_port_); }
  int web_port() const { return web_port_; }
  pid_t pid() const { return pid_; }
  void kill9();                     // crash: SIGKILL and reap
  int terminate();                  // SIGTERM; returns the exit code
  std::string stderr_text() const;  // what it logged so far
  // Waits up to `wait` for `text` to appear in the log.
  bool logged(const std::string& text, std::chrono::milliseconds wait = std::chrono::milliseconds(3000)) const;
  // Starts again on the same config, database and port.
  void restart();

 private:
  void start(int port);
  std::string config_, db_;
  std::vector<std::string> extra_;
  ServerLaunch launch_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  int web_port_ = 0;
};

}  // namespace hallq::test
