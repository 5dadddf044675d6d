#pragma once
// A small HTTP/1.1 client for the web's tests (Boost.Beast, blocking, every
// read bounded by a timeout): one request per connection, and a reader of
// server-sent events.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hallq::test {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case (the last of a repeated one)
  std::vector<std::string> set_cookies;        // every Set-Cookie, in order
  std::string body;
  std::string header(const std::string& name) const;  // "" when absent
};

// `address` is "127.0.0.1:PORT". `extra` headers are added as given ("Accept-Language": "mn").
HttpReply http_get(const std::string& address, const std::string& target,
                   const std::map<std::string, std::string>& extra = {});
HttpReply http_post_form(const std::string& address, const std::string& target, const std::string& form,
                         const std::map<std::string, std::string>& extra = {});
// Sends `raw` bytes as they are and returns the reply (for malformed requests).
HttpReply http_raw(const std::string& address, const std::string& raw);

// A text/event-stream opened with GET; events read one at a time.
class EventReader {
 public:
  EventReader(const std::string& address, const std::string& target,
              const std::map<std::string, std::string>& extra = {});
  ~EventReader();
  int status() const { return status_; }
  // The next event's data, or nothing within `wait`.
  std::optional<std::string> next(std::chrono::milliseconds wait = std::chrono::milliseconds(5000));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int status_ = 0;
};

}  // namespace hallq::test
