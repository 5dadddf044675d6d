#include "server/web/web_listener.hpp"

#include <chrono>
#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include "core/net/await.hpp"
#include "core/net/spawn.hpp"
#include "server/log.hpp"

namespace hallq::server::web {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace urls = boost::urls;
using tcp = asio::ip::tcp;
using net::kAwait;

namespace {

constexpr std::size_t kHeaderLimit = 8 * 1024;
constexpr std::size_t kStreamBacklog = 64 * 1024;  // an event stream's unsent bytes before it is dropped
constexpr auto kStreamKeepAlive = std::chrono::seconds(20);
// How long the server's own work on one request may keep its connection: the staffing advice's
// (hallqctl staffing waits as long).
constexpr auto kWorkLimit = std::chrono::seconds(300);

// Every response: no inline script or style, nothing from elsewhere, never in
// a frame, no referrer (a citizen's token is in the URL).
void secure(http::fields& f, bool tls) {
  f.set("Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
  f.set("X-Frame-Options", "DENY");
  f.set("X-Content-Type-Options", "nosniff");
  f.set("Referrer-Policy", "no-referrer");
  f.set("Cross-Origin-Opener-Policy", "same-origin");
  if (tls) f.set("Strict-Transport-Security", "max-age=31536000");
}

// The request as the pages see it; nothing when its target or body is not well formed.
std::optional<Request> read_request(const http::request<http::string_body>& req, const std::string& address, bool tls) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.remote = address;
  r.tls = tls;
  r.accept_language = std::string(req[http::field::accept_language]);
  const std::string target(req.target());  // terminated, as for parse_query below
  auto url = urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  // Boost 1.81's parse_query reads the last value past the end of its view up to
  // a byte that cannot be in a query (shown by "c=3" in "c=3x" read as "3x"):
  // it is given its own NUL-terminated copy, never a view into a larger buffer.
  urls::encoding_opts plus_is_space(true, false, false);
  auto each_param = [&](std::string_view view, auto&& put) {
    const std::string text(view);
    auto params = urls::parse_query(text);
    if (!params) return false;
    for (auto p : *params) put(p.key.decode(plus_is_space), p.has_value ? p.value.decode(plus_is_space) : "");
    return true;
  };
  for (auto segment : url->encoded_segments()) r.path.push_back(segment.decode());
  if (url->has_query() &&
      !each_param(url->encoded_query(), [&](std::string k, std::string v) { r.query[std::move(k)] = std::move(v); }))
    return std::nullopt;
  auto type = req[http::field::content_type];
  if (req.method() == http::verb::post && type.starts_with("application/x-www-form-urlencoded") &&
      !each_param(req.body(), [&](std::string k, std::string v) { r.form.emplace(std::move(k), std::move(v)); }))
    return std::nullopt;
  // Cookie: "a=b; c=d" (RFC 6265 §4.2.1).
  std::string_view cookies = req[http::field::cookie];
  while (!cookies.empty()) {
    auto end = cookies.find(';');
    std::string_view pair = cookies.substr(0, end);
    cookies = end == std::string_view::npos ? std::string_view() : cookies.substr(end + 1);
    while (pair.starts_with(' ')) pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos) r.cookies.emplace(pair.substr(0, eq), pair.substr(eq + 1));
  }
  return r;
}

http::response<http::string_body> to_http(Response&& r, unsigned version, bool keep_alive, bool tls) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "hallq");
  res.set(http::field::content_type, r.content_type);
  res.set(http::field::cache_control, r.cache ? "public, max-age=86400" : "no-store");
  for (auto& [name, value] : r.headers) res.insert(name, value);
  secure(res.base(), tls);
  res.keep_alive(keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  return res;
}

// An event stream's queue: the session writes what the pages send.
class Stream final : public EventStream {
 public:
  explicit Stream(asio::any_io_executor ex) : wake_(ex) { wake_.expires_at(asio::steady_timer::time_point::max()); }
  bool send(std::string_view event, std::string_view data) override {
    if (closed_) return false;
    std::string block = "event: " + std::string(event) + "\n";
    // One "data:" line per line of the payload (the format's only rule).
    for (std::size_t at = 0; at <= data.size();) {
      auto end = data.find('\n', at);
      if (end == std::string_view::npos) end = data.size();
      block += "data: " + std::string(data.substr(at, end - at)) + "\n";
      at = end + 1;
    }
    block += "\n";
    queued_ += block.size();
    if (queued_ > kStreamBacklog) {  // a phone that stopped reading
      close();
      return false;
    }
    out_.push_back(std::move(block));
    wake_.cancel();
    return true;
  }
  bool open() const override { return !closed_; }
  void close() {
    closed_ = true;
    wake_.cancel();
  }
  std::deque<std::string> out_;
  std::size_t queued_ = 0;
  bool closed_ = false;
  asio::steady_timer wake_;
};

}  // namespace

Response redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

Response text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response not_allowed(std::string_view allow) {
  Response r = text(405, std::string(allow) + " only\n");
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

const std::string* Request::param(std::string_view name) const {
  if (auto it = query.find(std::string(name)); it != query.end()) return &it->second;
  if (auto it = form.find(std::string(name)); it != form.end()) return &it->second;
  return nullptr;
}

WebListener::WebListener(asio::io_context& ctx, const config::WebSettings& settings, Handler handler,
                         std::shared_ptr<asio::ssl::context> tls)
    : ctx_(ctx), settings_(settings), handler_(std::move(handler)), tls_(std::move(tls)), acceptor_(ctx) {}

WebListener::~WebListener() {
  stop();
}

tcp::endpoint WebListener::bind(const net::HostPort& where) {
  tcp::resolver resolver(ctx_);
  auto results = resolver.resolve(where.host, std::to_string(where.port));
  tcp::endpoint ep = results.begin()->endpoint();
  acceptor_.open(ep.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  boost::system::error_code ec;
  acceptor_.bind(ep, ec);
  if (ec) throw std::system_error(ec, "web: cannot listen on " + where.str());
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint();
}

void WebListener::start() {
  accepting_ = true;
  net::spawn(ctx_.get_executor(), accept_loop(), "web accept loop");
}

void WebListener::stop() {
  accepting_ = false;
  state_->stopped = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

asio::awaitable<void> WebListener::accept_loop() {
  asio::steady_timer backoff(ctx_);
  while (accepting_) {
    auto [ec, socket] = co_await acceptor_.async_accept(kAwait);
    if (!accepting_) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      backoff.expires_after(std::chrono::milliseconds(20));
      co_await backoff.async_wait(kAwait);
      continue;
    }
    boost::system::error_code aec;
    auto remote = socket.remote_endpoint(aec);
    std::string address = aec ? "?" : remote.address().to_string();
    auto known = state_->per_address.find(address);
    int from_there = known == state_->per_address.end() ? 0 : known->second;
    if (static_cast<int>(state_->open) >= settings_.max_connections ||
        from_there >= settings_.max_connections_per_address) {
      socket.close(aec);
      continue;
    }
    net::Stream stream = tls_ ? net::Stream(std::move(socket), tls_) : net::Stream(std::move(socket));
    net::spawn(ctx_.get_executor(), session(std::move(stream), std::move(address)), "web session");
  }
}

asio::awaitable<void> WebListener::session(net::Stream stream, std::string address) {
  auto state = state_;
  ++state->open;
  ++state->per_address[address];
  struct Leave {
    State& s;
    std::string& address;
    ~Leave() {
      --s.open;
      if (--s.per_address[address] <= 0) s.per_address.erase(address);
    }
  } leave{*state, address};
  // The deadline: when it passes, the socket is closed and whatever waits on it ends.
  asio::steady_timer deadline(ctx_);
  auto arm = [&](std::chrono::seconds in) {
    deadline.expires_after(in);
    deadline.async_wait([&stream](boost::system::error_code ec) {
      if (ec) return;  // re-armed or cancelled
      boost::system::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream.socket().close(ignored);
    });
  };
  arm(std::chrono::seconds(settings_.request_timeout_s));
  if (co_await stream.server_handshake()) co_return;

  boost::beast::flat_buffer buffer(kHeaderLimit);
  bool first = true;
  while (!state->stopped) {
    // A kept-alive connection may wait idle_timeout_s for its next request, then has request_timeout_s.
    if (!first) arm(std::chrono::seconds(settings_.idle_timeout_s + settings_.request_timeout_s));
    first = false;
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(settings_.max_body_bytes);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, kAwait);
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == asio::error::eof) break;
    if (ec) {
      int status = ec == http::error::body_limit ? 413 : ec == http::error::header_limit ? 431 : 400;
      if (ec != asio::error::bad_descriptor && ec != asio::error::connection_reset) {
        auto res = to_http(text(status, status == 413   ? "request body too large\n"
                                        : status == 431 ? "request header too large\n"
                                                        : "bad request\n"),
                           11, false, stream.tls());
        co_await http::async_write(stream, res, kAwait);
      }
      break;
    }
    auto req = parser.release();
    // request_timeout_s is for the client's slowness: while the server works on the answer (the
    // staffing advice takes up to a minute when first asked) the connection waits as hallqctl does.
    arm(std::max(std::chrono::seconds(settings_.request_timeout_s), kWorkLimit));
    bool keep_alive = req.keep_alive();
    Response response;
    if (auto r = read_request(req, address, stream.tls())) {
      try {
        response = co_await handler_(*r);
      } catch (const std::exception& e) {
        // Only the path's first part: a citizen's token is not for the log.
        log_line(LogLevel::error,
                 "web: " + r->method + " /" + (r->path.empty() ? "" : r->path.front()) + "…: " + e.what());
        response = text(500, "internal error\n");
      }
    } else {
      response = text(400, "bad request: the target or the form is not well formed\n");
    }
    if (response.stream && response.status == 200) {
      deadline.cancel();
      co_await serve_stream(stream, response);
      break;
    }
    arm(std::chrono::seconds(settings_.request_timeout_s));  // the client takes the answer in this
    auto res = to_http(std::move(response), req.version(), keep_alive, stream.tls());
    auto [wec, written] = co_await http::async_write(stream, res, kAwait);
    if (wec || !keep_alive) break;
  }
  deadline.cancel();
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.socket().close(ignored);
}

asio::awaitable<void> WebListener::serve_stream(net::Stream& stream, const Response& head) {
  http::response<http::empty_body> res{http::status::ok, 11};
  res.set(http::field::server, "hallq");
  res.set(http::field::content_type, "text/event-stream; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.set("X-Accel-Buffering", "no");  // a reverse proxy must not hold events back
  secure(res.base(), stream.tls());
  res.keep_alive(false);  // the body ends when the connection does
  http::response_serializer<http::empty_body> sr{res};
  auto [hec, hn] = co_await http::async_write_header(stream, sr, kAwait);
  if (hec) co_return;

  auto events = std::make_shared<Stream>(ctx_.get_executor());
  auto state = state_;
  ++state->streams;
  struct Leave {
    State& state;
    Stream& s;
    ~Leave() {
      --state.streams;
      s.close();
    }
  } leave{*state, *events};
  head.stream(events);
  // A reader notices a closed connection by reading: EOF or an error ends the stream.
  auto watch = std::make_shared<std::array<char, 256>>();
  stream.async_read_some(asio::buffer(*watch),
                         [events, watch](boost::system::error_code, std::size_t) { events->close(); });
  while (events->open() && !state->stopped) {
    if (events->out_.empty()) {
      events->wake_.expires_after(kStreamKeepAlive);
      auto [wec] = co_await events->wake_.async_wait(kAwait);
      if (!events->open() || state->stopped) break;
      if (!wec && events->out_.empty()) events->out_.push_back(": keep-alive\n\n");  // the timer ran out
      if (events->out_.empty()) continue;
    }
    std::string block = std::move(events->out_.front());
    events->out_.pop_front();
    events->queued_ -= std::min(events->queued_, block.size());
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(block), kAwait);
    if (ec) break;
  }
}

}  // namespace hallq::server::web
