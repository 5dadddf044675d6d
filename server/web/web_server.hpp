#pragma once
// The web side of hallq-server ([web] listen; docs/web.md): one listener on
// the server's event loop serving the citizens' pages (citizen_pages.hpp), the
// staff console (staff_console.hpp) and the static files they use (style,
// scripts, the Mongolian font). What the web
// does it asks the dispatcher, as an in-process terminal (local_peer.hpp); what
// it shows live comes from the same durable events the terminals get.
//
// Thread affinity: the event loop only.

#include <map>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/config/config.hpp"
#include "core/net/endpoint.hpp"
#include "server/dispatcher.hpp"
#include "server/passwords.hpp"
#include "server/web/citizen_pages.hpp"
#include "server/web/console/staff_console.hpp"
#include "server/web/html.hpp"
#include "server/web/local_peer.hpp"
#include "server/web/web_listener.hpp"

namespace hallq::server::web {

class WebServer {
 public:
  // Reads the translations and the static files from `assets_dir` (throws
  // std::runtime_error naming a missing file). `tls` (may be null): HTTPS.
  WebServer(boost::asio::io_context& ctx, const config::Config& config, Dispatcher& dispatcher, Books books,
            Passwords& passwords, const std::string& assets_dir, const std::string& db_path,
            std::shared_ptr<boost::asio::ssl::context> tls);
  ~WebServer();

  boost::asio::ip::tcp::endpoint bind(const net::HostPort& where) { return listener_.bind(where); }
  void start();
  void stop();
  std::size_t connections() const { return listener_.connections(); }

 private:
  struct File {
    std::string type, body;
  };
  // route()'s answer; a bare 404 (an address nobody serves) becomes the page in the reader's language.
  boost::asio::awaitable<Response> handle(const Request& r);
  boost::asio::awaitable<Response> route(const Request& r);
  Response file(const Request& r) const;
  Response home(const Request& r) const;
  void changed();  // an event arrived: refresh the streams soon, once for a burst

  boost::asio::io_context& ctx_;
  const config::Config& config_;
  config::DeviceConfig citizens_device_;
  config::DeviceConfig console_device_;
  Words words_;
  std::map<std::string, File> files_;  // "/static/hallq.css" → its type and bytes
  LocalPeer citizens_;                 // rate_phone for the citizens' rating page
  LocalPeer watcher_;                  // the events the live pages follow
  LocalPeer console_reader_;           // the hall as the staff console shows it
  CitizenPages citizen_pages_;
  StaffConsole staff_console_;
  WebListener listener_;
  boost::asio::steady_timer refresh_;
  bool refresh_pending_ = false;
};

}  // namespace hallq::server::web
