#pragma once
// A connection's byte stream: plain TCP, or TLS over TCP (Asio SSL on OpenSSL).
// Everything above it (LineConnection, the clients) reads and writes the same
// way either way.
//
// Server side: make_tls_server_context() from the certificate chain and key
// (PEM). Client side: make_tls_client_context() trusting the CA file, with the
// server's name checked against its certificate (client_handshake).
//
// Thread affinity: one executor, as the socket's.

#include <memory>
#include <string>
#include <system_error>
#include <tuple>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace hallq::net {

// Throws std::runtime_error naming the file when a certificate or key cannot be read.
std::shared_ptr<boost::asio::ssl::context> make_tls_server_context(const std::string& cert_chain_file,
                                                                   const std::string& key_file);
std::shared_ptr<boost::asio::ssl::context> make_tls_client_context(const std::string& ca_file);

class Stream {
 public:
  using tcp = boost::asio::ip::tcp;
  using Tls = boost::asio::ssl::stream<tcp::socket>;

  explicit Stream(tcp::socket socket) : s_(std::move(socket)) {}
  // TLS over `socket`; `context` is kept alive by the stream.
  Stream(tcp::socket socket, std::shared_ptr<boost::asio::ssl::context> context)
      : context_(std::move(context)), s_(std::in_place_type<Tls>, std::move(socket), *context_) {}

  bool tls() const { return std::holds_alternative<Tls>(s_); }
  tcp::socket& socket() { return tls() ? std::get<Tls>(s_).next_layer() : std::get<tcp::socket>(s_); }
  const tcp::socket& socket() const { return tls() ? std::get<Tls>(s_).next_layer() : std::get<tcp::socket>(s_); }
  using executor_type = tcp::socket::executor_type;
  executor_type get_executor() { return socket().get_executor(); }

  // TLS handshakes (no-ops on plain TCP). The client checks the server's
  // certificate against `host`.
  boost::asio::awaitable<boost::system::error_code> server_handshake();
  boost::asio::awaitable<boost::system::error_code> client_handshake(const std::string& host);

  // Asio's AsyncReadStream and AsyncWriteStream: the stream works with
  // boost::asio::async_read_until, async_write and the rest.
  template <class Buffers, class Token>
  auto async_read_some(const Buffers& b, Token&& token) {
    if (auto* t = std::get_if<Tls>(&s_)) return t->async_read_some(b, std::forward<Token>(token));
    return std::get<tcp::socket>(s_).async_read_some(b, std::forward<Token>(token));
  }
  template <class Buffers, class Token>
  auto async_write_some(const Buffers& b, Token&& token) {
    if (auto* t = std::get_if<Tls>(&s_)) return t->async_write_some(b, std::forward<Token>(token));
    return std::get<tcp::socket>(s_).async_write_some(b, std::forward<Token>(token));
  }
  template <class Buffers>
  boost::asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> read_some(const Buffers& b) {
    return async_read_some(b, boost::asio::as_tuple(boost::asio::use_awaitable));
  }
  template <class Buffers>
  boost::asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> write(const Buffers& b) {
    return boost::asio::async_write(*this, b, boost::asio::as_tuple(boost::asio::use_awaitable));
  }

  // Closes the TCP connection (no TLS close_notify: the peer sees EOF).
  void close();

 private:
  std::shared_ptr<boost::asio::ssl::context> context_;
  std::variant<tcp::socket, Tls> s_;
};

}  // namespace hallq::net
