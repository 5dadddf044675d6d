#pragma once
// Starting a coroutine that runs on its own (a connection's reader, a server's
// accept loop): if it ends in an exception, the exception is logged with what
// the coroutine was and counted, instead of ending it silently. Use this, not
// boost::asio::detached, for every coroutine nobody awaits.
//
// Thread-safe: the count is atomic; the log sink is set once at start-up.

#include <concepts>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>

namespace hallq::net {

// Where failures are reported (default: a line on stderr). Set before any spawn.
void set_failure_log(std::function<void(std::string_view)> log);
// Coroutines that ended in an exception since the process started.
std::uint64_t failed_coroutines();

namespace detail {
void report_failure(std::string_view what, std::exception_ptr e);
}

inline void spawn(const boost::asio::any_io_executor& ex, boost::asio::awaitable<void> coroutine, std::string what) {
  boost::asio::co_spawn(ex, std::move(coroutine), [what = std::move(what)](std::exception_ptr e) {
    if (e) detail::report_failure(what, e);
  });
}

// The same, for a coroutine made by a function (so it can capture a shared owner).
template <class F>
requires std::invocable<F&>
void spawn(const boost::asio::any_io_executor& ex, F make, std::string what) {
  boost::asio::co_spawn(ex, std::move(make), [what = std::move(what)](std::exception_ptr e) {
    if (e) detail::report_failure(what, e);
  });
}

}  // namespace hallq::net
