#include "core/net/stream.hpp"

#include <stdexcept>

namespace hallq::net {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_tls_server_context(const std::string& cert_chain_file, const std::string& key_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_chain_file, ec);
  if (ec) throw std::runtime_error(cert_chain_file + ": cannot use it as a certificate chain (" + ec.message() + ")");
  ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error(key_file + ": cannot use it as the private key (" + ec.message() + ")");
  return ctx;
}

std::shared_ptr<ssl::context> make_tls_client_context(const std::string& ca_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  ctx->load_verify_file(ca_file, ec);
  if (ec) throw std::runtime_error(ca_file + ": cannot read it as a CA certificate file (" + ec.message() + ")");
  ctx->set_verify_mode(ssl::verify_peer);
  return ctx;
}

boost::asio::awaitable<boost::system::error_code> Stream::server_handshake() {
  auto* t = std::get_if<Tls>(&s_);
  if (!t) co_return boost::system::error_code{};
  auto [ec] = co_await t->async_handshake(ssl::stream_base::server, boost::asio::as_tuple(boost::asio::use_awaitable));
  co_return ec;
}

boost::asio::awaitable<boost::system::error_code> Stream::client_handshake(const std::string& host) {
  auto* t = std::get_if<Tls>(&s_);
  if (!t) co_return boost::system::error_code{};
  t->set_verify_callback(ssl::host_name_verification(host));
  // SNI, so a server with several names can pick its certificate.
  SSL_set_tlsext_host_name(t->native_handle(), host.c_str());
  auto [ec] = co_await t->async_handshake(ssl::stream_base::client, boost::asio::as_tuple(boost::asio::use_awaitable));
  co_return ec;
}

void Stream::close() {
  boost::system::error_code ignored;
  socket().shutdown(tcp::socket::shutdown_both, ignored);
  socket().close(ignored);
}

}  // namespace hallq::net
