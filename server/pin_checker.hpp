#pragma once
// Checking clerks' PINs off the event loop. PBKDF2 is slow on purpose (about
// 0.2 s at today's cost on a small server), so it runs on a worker thread of
// its own and the loop goes on serving everyone else meanwhile.
//
// A clerk's PIN hash comes from the hall configuration, or — once the clerk
// has logged in with a hash weaker than today's cost — from the database,
// where the stronger hash made from the good PIN is kept (table credentials,
// with the configuration hash it replaces: a PIN changed in the configuration
// wins again).
//
// Thread affinity: check() and loaded() on the event loop; `done` runs there.

#include <functional>
#include <map>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/config/config.hpp"
#include "server/store_thread.hpp"

namespace hallq::server {

class PinChecker {
 public:
  // `config` and `store` must outlive the checker.
  PinChecker(const config::Config& config, StoreThread& store, boost::asio::any_io_executor loop);
  ~PinChecker();  // waits for checks under way
  PinChecker(const PinChecker&) = delete;
  PinChecker& operator=(const PinChecker&) = delete;

  // Stored hashes from the database (clerk → {configuration hash, hash}).
  void loaded(const std::map<std::string, StoredCredential>& stored);
  // Checks `pin` for `clerk` (an unknown clerk costs the same and fails);
  // `done(ok)` runs on the loop. After a good PIN whose hash is weaker than
  // today's cost, a new hash is made and kept.
  void check(const std::string& clerk, std::string pin, std::function<void(bool ok)> done);
  // The hash in force for a clerk (tests).
  std::string hash_of(const std::string& clerk) const;
  std::size_t upgraded() const { return upgraded_; }

 private:
  const config::Config& config_;
  StoreThread& store_;
  boost::asio::any_io_executor loop_;
  boost::asio::thread_pool pool_{1};
  std::map<std::string, std::string> effective_;  // clerk → hash in force
  std::size_t upgraded_ = 0;
};

}  // namespace hallq::server
