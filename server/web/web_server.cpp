#include "server/web/web_server.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/asio/use_awaitable.hpp>

namespace hallq::server::web {

namespace asio = boost::asio;

namespace {

constexpr auto kRefreshDelay = std::chrono::milliseconds(100);  // a burst of events is one refresh

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read this file (the web needs it)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Chart.js from Debian's libjs-chart.js (HALLQ_JS_ROOT in place of /usr/share/javascript, as
// HALLQ_FONT_ROOT is for the fonts).
std::string javascript_path(const char* sub) {
  const char* root = std::getenv("HALLQ_JS_ROOT");
  return std::string(root && *root ? root : "/usr/share/javascript") + sub;
}

std::string font_path(const char* sub) {
  const char* root = std::getenv("HALLQ_FONT_ROOT");  // as the screens do (core/ui/fonts.cpp)
  return std::string(root && *root ? root : "/usr/share/fonts") + sub;
}

config::DeviceConfig web_device(std::string id, protocol::Role role) {
  config::DeviceConfig d;
  d.id = std::move(id);
  d.role = role;
  return d;
}

}  // namespace

WebServer::WebServer(asio::io_context& ctx, const config::Config& config, Dispatcher& dispatcher, Books books,
                     Passwords& passwords, const std::string& assets_dir, const std::string& db_path,
                     std::shared_ptr<asio::ssl::context> tls)
    : ctx_(ctx),
      config_(config),
      // The citizens' pages rate by phone as a guide would on their behalf: rate_phone, nothing else.
      citizens_device_(web_device("web-citizens", protocol::Role::guide)),
      // The console reads the hall (snapshot, alarms) as a guide's monitor does; what
      // a person does there goes through their own session's terminal.
      console_device_(web_device("web-console", protocol::Role::guide)),
      words_(assets_dir),
      citizens_(ctx.get_executor(), dispatcher, citizens_device_),
      watcher_(ctx.get_executor(), dispatcher, citizens_device_),
      console_reader_(ctx.get_executor(), dispatcher, console_device_),
      citizen_pages_(ctx.get_executor(), config, books, words_, citizens_),
      staff_console_(ctx.get_executor(), config, dispatcher, passwords, words_, console_reader_, books.engine, db_path,
                     assets_dir),
      listener_(
          ctx, config.web, [this](const Request& r) { return handle(r); }, std::move(tls)),
      refresh_(ctx) {
  files_["/static/hallq.css"] = {"text/css; charset=utf-8", read_file(assets_dir + "/web/hallq.css")};
  files_["/static/visit.js"] = {"text/javascript; charset=utf-8", read_file(assets_dir + "/web/visit.js")};
  files_["/static/staff.js"] = {"text/javascript; charset=utf-8", read_file(assets_dir + "/web/staff.js")};
  files_["/static/appointments.js"] = {"text/javascript; charset=utf-8",
                                       read_file(assets_dir + "/web/appointments.js")};
  files_["/static/reports.js"] = {"text/javascript; charset=utf-8", read_file(assets_dir + "/web/reports.js")};
  // The reports' charts. Without the package the pages still work (tables, the heat map); say so once.
  try {
    files_["/static/chart.min.js"] = {"text/javascript; charset=utf-8",
                                      read_file(javascript_path("/chart.js/chart.min.js"))};
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-server: %s; the reports are drawn without charts (Debian: install libjs-chart.js)\n",
                 e.what());
  }
  files_["/fonts/NotoSansMongolian-Regular.ttf"] = {
      "font/ttf", read_file(font_path("/truetype/noto/NotoSansMongolian-Regular.ttf"))};
}

WebServer::~WebServer() {
  stop();
}

void WebServer::start() {
  watcher_.on_event([this](const nlohmann::json&) { changed(); });
  using protocol::Topic;
  watcher_.subscribe(
      {Topic::calls, Topic::tickets, Topic::queues, Topic::windows, Topic::cases, Topic::ratings, Topic::alarms});
  listener_.start();
}

void WebServer::stop() {
  listener_.stop();
  refresh_.cancel();
}

void WebServer::changed() {
  if (refresh_pending_) return;
  refresh_pending_ = true;
  refresh_.expires_after(kRefreshDelay);
  refresh_.async_wait([this](boost::system::error_code ec) {
    refresh_pending_ = false;
    if (ec) return;
    citizen_pages_.refresh();
    staff_console_.refresh();
  });
}

Response WebServer::file(const Request& r) const {
  std::string path;
  for (const auto& s : r.path) path += "/" + s;
  auto it = files_.find(path);
  if (it == files_.end()) return text(404, "not found\n");
  Response res;
  res.content_type = it->second.type;
  res.body = it->second.body;
  res.cache = true;
  return res;
}

Response WebServer::home(const Request& r) const {
  std::string lang = Words::choose(r.param("lang"), r.accept_language, "zh");
  const config::Translations& tr = words_.in(lang);
  Page p;
  p.lang = lang;
  p.training = training_banner(config_, words_.in(p.lang));
  p.title = name_in(config_.hall.names, lang);
  p.body = language_links(words_, "/", lang) + "<main><h1>" + escape(p.title) + "</h1><p>" +
           escape(tr.get("web.home.scan")) + "</p></main>";
  Response res;
  res.body = render(p);
  return res;
}

asio::awaitable<Response> WebServer::handle(const Request& r) {
  Response res = co_await route(r);
  if (res.status == 404 && res.content_type.starts_with("text/plain")) {
    res.content_type = Response{}.content_type;
    res.body = not_found_html(config_, words_, Words::choose(r.param("lang"), r.accept_language, "zh"));
  }
  co_return res;
}

asio::awaitable<Response> WebServer::route(const Request& r) {
  if (r.path.empty() || (r.path.size() == 1 && r.path[0].empty())) {
    if (r.method != "GET" && r.method != "HEAD") co_return not_allowed("GET, HEAD");
    co_return home(r);
  }
  const std::string& first = r.path[0];
  if (first == "v") co_return co_await citizen_pages_.handle(r);
  if (first == "staff") co_return co_await staff_console_.handle(r);
  if (first == "static" || first == "fonts") {
    if (r.method != "GET" && r.method != "HEAD") co_return not_allowed("GET, HEAD");
    co_return file(r);
  }
  co_return text(404, "not found\n");
}

}  // namespace hallq::server::web
