#include "server/pin_checker.hpp"

#include <boost/asio/post.hpp>

#include "core/domain/crypto.hpp"
#include "server/log.hpp"

namespace hallq::server {

namespace {
// What an unknown clerk is checked against, so the answer takes as long.
const std::string& unknown_clerk_hash() {
  static const std::string h = domain::hash_pin("not a pin");
  return h;
}
}  // namespace

PinChecker::PinChecker(const config::Config& config, StoreThread& store, boost::asio::any_io_executor loop)
    : config_(config), store_(store), loop_(std::move(loop)) {
  for (const auto& c : config_.hall.clerks) effective_[c.id] = c.pin_hash;
}

PinChecker::~PinChecker() {
  pool_.join();
}

void PinChecker::loaded(const std::map<std::string, StoredCredential>& stored) {
  for (const auto& c : config_.hall.clerks) {
    auto it = stored.find(c.id);
    if (it != stored.end() && it->second.source_hash == c.pin_hash) effective_[c.id] = it->second.hash;
  }
}

std::string PinChecker::hash_of(const std::string& clerk) const {
  auto it = effective_.find(clerk);
  return it == effective_.end() ? std::string() : it->second;
}

void PinChecker::check(const std::string& clerk, std::string pin, std::function<void(bool ok)> done) {
  auto it = effective_.find(clerk);
  bool known = it != effective_.end();
  std::string hash = known ? it->second : unknown_clerk_hash();
  boost::asio::post(pool_, [this, clerk, known, hash, pin = std::move(pin), done = std::move(done)]() mutable {
    bool ok = domain::verify_pin(pin, hash) && known;
    std::string stronger;
    if (ok && domain::pin_needs_rehash(hash)) stronger = domain::hash_pin(pin);
    domain::wipe_string(pin);
    boost::asio::post(loop_, [this, clerk, ok, stronger, done = std::move(done)] {
      if (!stronger.empty()) {
        const domain::Clerk* c = config_.hall.clerk(clerk);
        if (c && effective_[clerk] != stronger) {
          effective_[clerk] = stronger;
          ++upgraded_;
          StoredCredential cred{c->pin_hash, stronger};
          store_.run(
              [clerk, cred](Store& s) {
                try {
                  s.save_credential("pin", clerk, cred);
                  return true;
                } catch (const std::exception& e) {
                  log_line(LogLevel::error, std::string("storage: could not keep the upgraded PIN hash: ") + e.what());
                  return false;
                }
              },
              [clerk](bool saved) {
                if (saved) log_line("clerk " + clerk + ": PIN hash upgraded to today's cost");
              });
        }
      }
      done(ok);
    });
  });
}

}  // namespace hallq::server
