#include "server/service_manager.hpp"

#include <systemd/sd-daemon.h>

#include <cstdint>

namespace hallq::server {

namespace {

// STATUS= is one line: newlines from a caller would start a new assignment.
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

void notify(const std::string& message) {
  // 0: keep $NOTIFY_SOCKET, so the watchdog pings and STOPPING=1 reach systemd
  // too. Returns 0 when the variable is unset: nothing to do.
  sd_notify(0, message.c_str());
}

}  // namespace

ServiceManager::ServiceManager(boost::asio::any_io_executor executor) : timer_(std::move(executor)) {
  std::uint64_t usec = 0;
  // > 0 only when $WATCHDOG_USEC is set and $WATCHDOG_PID (if set) is this process.
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) watchdog_ = std::chrono::microseconds(usec);
}

ServiceManager::~ServiceManager() = default;

void ServiceManager::ready(const std::string& status) {
  notify("READY=1\nSTATUS=" + one_line(status));
  if (watchdog_.count() > 0) ping();
}

void ServiceManager::status(const std::string& status) {
  notify("STATUS=" + one_line(status));
}

void ServiceManager::stopping(const std::string& status) {
  stopping_ = true;
  timer_.cancel();
  notify("STOPPING=1\nSTATUS=" + one_line(status));
}

// Half the interval, as sd_watchdog_enabled(3) advises: one late ping is not a kill.
void ServiceManager::ping() {
  if (stopping_) return;
  notify("WATCHDOG=1");
  timer_.expires_after(watchdog_ / 2);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) ping();
  });
}

}  // namespace hallq::server
