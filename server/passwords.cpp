#include "server/passwords.hpp"

#include <boost/asio/post.hpp>

#include "core/domain/crypto.hpp"
#include "server/log.hpp"

namespace hallq::server {

namespace {
// What someone without a password is checked against, so the answer takes as long.
const std::string& unknown_user_hash() {
  static const std::string h = domain::hash_pin("not a password");
  return h;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

Passwords::Passwords(const config::Config& config, StoreThread& store, boost::asio::any_io_executor loop)
    : config_(config), store_(store), loop_(std::move(loop)) {}

Passwords::~Passwords() {
  pool_.join();
}

void Passwords::loaded(const std::map<std::string, StoredCredential>& stored) {
  for (const auto& [user, c] : stored)
    if (domain::is_pin_hash(c.hash)) hashes_[user] = c.hash;
}

std::optional<std::string> Passwords::weakness(const std::string& password) {
  if (code_points(password) < kMinLength)
    return "a password needs at least " + std::to_string(kMinLength) + " characters";
  if (password.size() > kMaxLength) return "a password may have at most " + std::to_string(kMaxLength) + " bytes";
  for (unsigned char c : password)
    if (c < 0x20 || c == 0x7F) return "a password may not contain control characters";
  return std::nullopt;
}

void Passwords::set(const std::string& user, std::string password,
                    std::function<void(std::optional<std::string>)> done) {
  boost::asio::post(pool_, [this, user, password = std::move(password), done = std::move(done)]() mutable {
    std::string hash = domain::hash_pin(password);
    domain::wipe_string(password);
    boost::asio::post(loop_, [this, user, hash, done = std::move(done)] {
      store_.run(
          [user, hash](Store& s) -> std::optional<std::string> {
            try {
              s.save_credential("password", user, StoredCredential{"", hash});
              return std::nullopt;
            } catch (const std::exception& e) {
              return std::string("the password could not be stored: ") + e.what();
            }
          },
          [this, user, hash, done](std::optional<std::string> error) {
            if (!error) {
              hashes_[user] = hash;
              log_line("staff user " + user + ": password set");
            }
            done(error);
          });
    });
  });
}

void Passwords::check(const std::string& user, std::string password, std::function<void(bool ok)> done) {
  auto it = hashes_.find(user);
  bool known = it != hashes_.end() && config_.staff_user(user).has_value();
  std::string hash = known ? it->second : unknown_user_hash();
  boost::asio::post(pool_, [this, known, hash, password = std::move(password), done = std::move(done)]() mutable {
    bool ok = domain::verify_pin(password, hash) && known;
    domain::wipe_string(password);
    boost::asio::post(loop_, [ok, done = std::move(done)] { done(ok); });
  });
}

}  // namespace hallq::server
