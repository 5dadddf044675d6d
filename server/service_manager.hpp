#pragma once
// What hallq-server tells the service manager (systemd's sd_notify protocol,
// through libsystemd): READY=1 once the listener accepts, STATUS= lines,
// WATCHDOG=1 while the event loop turns, STOPPING=1 when it shuts down.
// The packaged unit (cmake/debian/hallq-server.service) is Type=notify with
// WatchdogSec=, so systemd starts what depends on the server only when it
// answers, and restarts a server whose event loop has stalled.
//
// Not under systemd ($NOTIFY_SOCKET unset) every call is a no-op: the server
// runs the same from a shell or a test.
//
// Thread affinity: the event loop `executor` belongs to; construct, call and
// destroy it there. Never throws; a failed send is ignored (the service
// manager has gone, and the server goes on).

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

namespace hallq::server {

class ServiceManager {
 public:
  explicit ServiceManager(boost::asio::any_io_executor executor);
  ~ServiceManager();
  ServiceManager(const ServiceManager&) = delete;
  ServiceManager& operator=(const ServiceManager&) = delete;

  // READY=1 with STATUS=`status`. Call once the listener accepts connections.
  // If the service manager asked for a watchdog ($WATCHDOG_USEC, for this
  // process), starts sending WATCHDOG=1 every half of that interval from the
  // event loop: a loop that stops turning stops the pings.
  void ready(const std::string& status);
  // STATUS=`status`: what `systemctl status hallq-server` shows.
  void status(const std::string& status);
  // STOPPING=1 with STATUS=`status`, and no more watchdog pings.
  void stopping(const std::string& status);

  // The watchdog interval asked for; zero when none (or not under systemd).
  std::chrono::microseconds watchdog_interval() const { return watchdog_; }

 private:
  void ping();

  boost::asio::steady_timer timer_;
  std::chrono::microseconds watchdog_{0};
  bool stopping_ = false;
};

}  // namespace hallq::server
