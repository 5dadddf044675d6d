#pragma once
// The web's requests and responses as the pages see them: parsed and checked
// by the listener (server/web/web_listener.cpp, the one place Boost.Beast is
// used), so a page is a plain function of a request that a test can call.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

namespace hallq::server::web {

struct Request {
  std::string method;                            // "GET", "POST", …
  std::string target;                            // as sent, e.g. "/v/20261130-A012-…?lang=mn"
  std::vector<std::string> path;                 // the path's segments, percent-decoded: {"v", "20261130-A012-…"}
  std::map<std::string, std::string> query;      // the query's parameters, decoded (the last of a repeated name)
  std::multimap<std::string, std::string> form;  // an application/x-www-form-urlencoded body, decoded
  std::map<std::string, std::string> cookies;
  std::string accept_language;
  std::string remote;  // the peer's address
  bool tls = false;

  const std::string* param(std::string_view name) const;  // the query's, else the form's first
};

// A stream of server-sent events (text/event-stream) the listener keeps open.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Queues one event; false once the stream is closed (the phone went away).
  virtual bool send(std::string_view event, std::string_view data) = 0;
  virtual bool open() const = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides the security headers every response has
  bool cache = false;                                        // static files may be cached; pages never are
  // For an event stream: called once the stream is open, with the stream (headers sent, no body).
  std::function<void(std::shared_ptr<EventStream>)> stream;
};

Response redirect(std::string location, int status = 303);
Response text(int status, std::string body);
// 405 with the Allow header (RFC 9110): the methods the resource answers, "GET, HEAD" or "POST".
Response not_allowed(std::string_view allow);

// A handler answers a request, perhaps after asking the dispatcher (LocalPeer).
using Handler = std::function<boost::asio::awaitable<Response>(const Request&)>;

}  // namespace hallq::server::web
