#include "core/net/spawn.hpp"

#include <atomic>
#include <cstdio>
#include <exception>

namespace hallq::net {
namespace {
std::atomic<std::uint64_t> g_failed{0};
std::function<void(std::string_view)>& sink() {
  static std::function<void(std::string_view)> s;
  return s;
}
}  // namespace

void set_failure_log(std::function<void(std::string_view)> log) {
  sink() = std::move(log);
}

std::uint64_t failed_coroutines() {
  return g_failed.load();
}

void detail::report_failure(std::string_view what, std::exception_ptr e) {
  ++g_failed;
  std::string why = "unknown exception";
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    why = ex.what();
  } catch (...) {
  }
  std::string line = std::string(what) + " ended by an exception: " + why;
  if (sink())
    sink()(line);
  else
    std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace hallq::net
