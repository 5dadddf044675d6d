#pragma once
// Awaiting an Asio operation without exceptions: `co_await op(..., kAwait)`
// gives a tuple of the error code and the operation's results, so a closed
// socket or a timeout is a value to look at, not an exception to catch.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hallq::net {

inline constexpr auto kAwait = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace hallq::net
