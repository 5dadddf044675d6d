#pragma once
// Staff passwords for the web's console (docs/web.md): set by an admin
// (`hallqctl passwd`, the set_password operation), kept in the database as
// PBKDF2 hashes (table credentials, kind "password"; the same hash as PINs),
// checked off the event loop like PINs (PBKDF2 is slow on purpose).
//
// Who may have one: the configuration's clerks and [[user]]s
// (config::Config::staff_user). A password set for someone later removed from
// the configuration stays in the database but no longer lets anyone in.
//
// Thread affinity: everything on the event loop; `done` runs there.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/config/config.hpp"
#include "server/store_thread.hpp"

namespace hallq::server {

class Passwords {
 public:
  static constexpr std::size_t kMinLength = 10;   // characters (UTF-8 code points)
  static constexpr std::size_t kMaxLength = 128;  // bytes: PBKDF2 takes any length, a form should not

  // `config` and `store` must outlive the book.
  Passwords(const config::Config& config, StoreThread& store, boost::asio::any_io_executor loop);
  ~Passwords();  // waits for hashing under way
  Passwords(const Passwords&) = delete;
  Passwords& operator=(const Passwords&) = delete;

  // The stored hashes (Store::load_credentials("password")).
  void loaded(const std::map<std::string, StoredCredential>& stored);
  // Why `password` will not do ("at least 10 characters"), or nothing.
  static std::optional<std::string> weakness(const std::string& password);
  // Hashes and keeps a new password for `user` (a staff user, checked by the caller);
  // `done(error)`: nothing when it is on disk.
  void set(const std::string& user, std::string password, std::function<void(std::optional<std::string>)> done);
  // Checks `password` for `user`: someone unknown, or without a password, costs
  // the same and fails. `done(ok)` on the loop.
  void check(const std::string& user, std::string password, std::function<void(bool ok)> done);
  bool has(const std::string& user) const { return hashes_.count(user) != 0; }

 private:
  const config::Config& config_;
  StoreThread& store_;
  boost::asio::any_io_executor loop_;
  boost::asio::thread_pool pool_{1};
  std::map<std::string, std::string> hashes_;  // user → hash
};

}  // namespace hallq::server
