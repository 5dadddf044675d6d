#include "tests/support/http_client.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace hallq::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

void set_timeout(tcp::socket& s, std::chrono::milliseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(t.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

tcp::socket connect(asio::io_context& io, const std::string& address) {
  auto colon = address.rfind(':');
  tcp::resolver resolver(io);
  tcp::socket s(io);
  asio::connect(s, resolver.resolve(address.substr(0, colon), address.substr(colon + 1)));
  set_timeout(s, std::chrono::seconds(10));
  return s;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

HttpReply read_reply(tcp::socket& s) {
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(s, buffer, res);
  HttpReply out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name = lower(std::string(f.name_string()));
    if (name == "set-cookie") out.set_cookies.emplace_back(f.value());
    out.headers[name] = std::string(f.value());
  }
  out.body = std::move(res.body());
  return out;
}

HttpReply request(const std::string& address, http::verb verb, const std::string& target, const std::string& body,
                  const std::map<std::string, std::string>& extra) {
  asio::io_context io;
  auto s = connect(io, address);
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, address);
  for (const auto& [k, v] : extra) req.set(k, v);
  if (verb == http::verb::post) {
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = body;
  }
  req.keep_alive(false);
  req.prepare_payload();
  http::write(s, req);
  return read_reply(s);
}

}  // namespace

std::string HttpReply::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

HttpReply http_get(const std::string& address, const std::string& target,
                   const std::map<std::string, std::string>& extra) {
  return request(address, http::verb::get, target, "", extra);
}

HttpReply http_post_form(const std::string& address, const std::string& target, const std::string& form,
                         const std::map<std::string, std::string>& extra) {
  return request(address, http::verb::post, target, form, extra);
}

HttpReply http_raw(const std::string& address, const std::string& raw) {
  asio::io_context io;
  auto s = connect(io, address);
  asio::write(s, asio::buffer(raw));
  return read_reply(s);
}

struct EventReader::Impl {
  asio::io_context io;
  tcp::socket socket{io};
  std::string pending;  // bytes read after the header, not yet an event
};

EventReader::EventReader(const std::string& address, const std::string& target,
                         const std::map<std::string, std::string>& extra)
    : impl_(std::make_unique<Impl>()) {
  impl_->socket = connect(impl_->io, address);
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, address);
  req.set(http::field::accept, "text/event-stream");
  for (const auto& [name, value] : extra) req.set(name, value);
  http::write(impl_->socket, req);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // the body is the stream: read it here, not by the parser
  http::read_header(impl_->socket, buffer, parser);
  status_ = static_cast<int>(parser.get().result_int());
  auto data = buffer.data();
  impl_->pending.assign(static_cast<const char*>(data.data()), data.size());
}

EventReader::~EventReader() = default;

std::optional<std::string> EventReader::next(std::chrono::milliseconds wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    // One event: lines up to an empty line; its data lines joined by newlines.
    auto end = impl_->pending.find("\n\n");
    while (end != std::string::npos) {
      std::string block = impl_->pending.substr(0, end);
      impl_->pending.erase(0, end + 2);
      std::string data;
      bool any = false;
      for (std::size_t at = 0; at <= block.size();) {
        auto nl = block.find('\n', at);
        if (nl == std::string::npos) nl = block.size();
        std::string line = block.substr(at, nl - at);
        if (line.rfind("data: ", 0) == 0) {
          data += (any ? "\n" : "") + line.substr(6);
          any = true;
        }
        at = nl + 1;
      }
      if (any) return data;  // a comment (": keep-alive") is not an event
      end = impl_->pending.find("\n\n");
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    set_timeout(impl_->socket, left);
    char buf[4096];
    boost::system::error_code ec;
    std::size_t n = impl_->socket.read_some(asio::buffer(buf), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) return std::nullopt;
    impl_->pending.append(buf, n);
  }
}

}  // namespace hallq::test
