#include "server/dispatcher.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <boost/asio/post.hpp>

#include "core/domain/crypto.hpp"
#include "core/protocol/json_writer.hpp"
#include "server/log.hpp"
#include "server/views.hpp"

namespace hallq::server {

using nlohmann::json;
using protocol::Errc;
using protocol::Role;

namespace {

constexpr unsigned bit(Role r) {
  return 1u << static_cast<unsigned>(r);
}
constexpr unsigned kAnyRole = 31;
constexpr unsigned kTakers = bit(Role::kiosk) | bit(Role::guide) | bit(Role::admin);
constexpr unsigned kWindowOps = bit(Role::caller) | bit(Role::admin);
constexpr unsigned kGuides = bit(Role::guide) | bit(Role::admin);
constexpr unsigned kNotKiosk = kAnyRole & ~bit(Role::kiosk);
constexpr int kMaxFailedHellos = 3;
constexpr const char* kVersion = "0.1.0";

Errc wire_code(domain::Code c) {
  switch (c) {
    case domain::Code::bad_request:
      return Errc::bad_request;
    case domain::Code::not_found:
      return Errc::not_found;
    case domain::Code::unauthorized:
      return Errc::unauthorized;
    case domain::Code::forbidden:
      return Errc::forbidden;
    case domain::Code::invalid_state:
      return Errc::invalid_state;
    case domain::Code::queue_empty:
      return Errc::queue_empty;
    case domain::Code::quota_exhausted:
      return Errc::quota_exhausted;
    case domain::Code::outside_hours:
      return Errc::outside_hours;
    case domain::Code::limit_exceeded:
      return Errc::limit_exceeded;
  }
  return Errc::internal;
}

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

const std::pair<const char*, unsigned> kTopicNames[] = {
    {"calls", kCalls}, {"tickets", kTickets}, {"queues", kQueues}, {"windows", kWindows}, {"alarms", kAlarms}};

const char* const kChannels[] = {"kiosk", "guide", "admin", "online", "phone", "window"};

}  // namespace

Dispatcher::Dispatcher(boost::asio::any_io_executor loop, const config::Config& config, domain::Engine& engine,
                       StoreThread& store)
    : loop_(std::move(loop)), config_(config), engine_(engine), store_(store) {
  ops_ = {
      {"hello", {&Dispatcher::op_hello, kAnyRole}},
      {"ping", {&Dispatcher::op_ping, kAnyRole}},
      {"hall", {&Dispatcher::op_hall, kAnyRole}},
      {"take", {&Dispatcher::op_take, kTakers}},
      {"status", {&Dispatcher::op_status, kAnyRole}},
      {"checkin", {&Dispatcher::op_checkin, kTakers}},
      {"login", {&Dispatcher::op_login, kWindowOps}},
      {"logout", {&Dispatcher::op_logout, kWindowOps}},
      {"call", {&Dispatcher::op_call, kWindowOps}},
      {"call_number", {&Dispatcher::op_call_number, kWindowOps}},
      {"recall", {&Dispatcher::op_recall, kWindowOps}},
      {"no_show", {&Dispatcher::op_no_show, kWindowOps}},
      {"finish", {&Dispatcher::op_finish, kWindowOps}},
      {"transfer", {&Dispatcher::op_transfer, kWindowOps}},
      {"pause", {&Dispatcher::op_pause, kWindowOps}},
      {"resume", {&Dispatcher::op_resume, kWindowOps}},
      {"requeue", {&Dispatcher::op_requeue, kGuides}},
      {"cancel", {&Dispatcher::op_cancel, kGuides | bit(Role::kiosk)}},
      {"subscribe", {&Dispatcher::op_subscribe, kAnyRole}},
      {"snapshot", {&Dispatcher::op_snapshot, kAnyRole}},
      {"stats", {&Dispatcher::op_stats, kNotKiosk}},
      {"waiting", {&Dispatcher::op_waiting, kNotKiosk}},
      {"alarms", {&Dispatcher::op_alarms, kAnyRole}},
      {"device_status", {&Dispatcher::op_device_status, kAnyRole}},
      {"import_appointments", {&Dispatcher::op_import_appointments, bit(Role::admin)}},
  };
}

// ------------------------------------------------------------------ requests

void Dispatcher::handle(Peer& peer, std::string_view line) {
  ++peer.requests;
  auto parsed = protocol::parse_request(line);
  if (!parsed.request) {
    log_line(peer.name + ": bad_request: " + parsed.error.message);
    deliver(peer, protocol::reply_error(parsed.error.id, parsed.error.code, parsed.error.message));
    return;
  }
  const protocol::Request& req = *parsed.request;
  Request r{peer, req, protocol::Fields(req.body)};
  std::string reply;
  auto it = ops_.find(req.op);
  if (peer.device == nullptr && req.op != "hello") {
    reply = fail(r, Errc::unauthorized, "send hello with this device's credentials first");
  } else if (it == ops_.end()) {
    reply = fail(r, Errc::unknown_op, "unknown op \"" + req.op + "\"");
  } else if (peer.device && !(it->second.roles & bit(peer.device->role))) {
    reply = fail(r, Errc::forbidden, "a " + std::string(to_string(peer.device->role)) + " may not " + req.op);
  } else if (recovering_ && req.op != "hello" && req.op != "ping") {
    reply = fail(r, Errc::busy, "the server is recovering from a storage error; try again shortly");
  } else {
    reply = (this->*(it->second.handler))(r);
  }
  absorb_changes();
  std::optional<std::uint64_t> needed;
  if (status_needed_ != 0) needed = status_needed_ - 1;  // op_status: only this ticket's changes matter
  status_needed_ = 0;
  if (!reply.empty()) deliver(peer, std::move(reply), needed);
  if (peer.failed_hellos >= kMaxFailedHellos && peer.device == nullptr) {
    peer.close_reason = "too many failed hellos";
    close_after(peer, {});
  }
}

void Dispatcher::close_after(Peer& peer, std::string last) {
  auto c = peer.conn.lock();
  if (!c) return;
  c->stop_reading();
  if (!last.empty()) deliver(peer, std::move(last));
  if (watermark() <= durable_id_)
    c->close_after_flush();
  else
    parked_.push_back({watermark(), std::nullopt, c, 0, nullptr});
}

std::string Dispatcher::ok(Request& r, const json& fields) {
  return protocol::reply_ok(r.req.id, fields);
}

std::string Dispatcher::fail(Request& r, Errc code, std::string_view message) {
  if (code == Errc::bad_request || code == Errc::unauthorized || code == Errc::forbidden || code == Errc::internal ||
      code == Errc::unknown_op)
    log_line(r.peer.name + ": " + std::string(to_string(code)) + " (" + r.req.op + "): " + std::string(message));
  return protocol::reply_error(r.req.id, code, message);
}

std::string Dispatcher::fail(Request& r, const domain::Error& e) {
  return fail(r, wire_code(e.code), e.message);
}

std::string Dispatcher::ticket_reply(Request& r, const domain::Outcome<const domain::Ticket*>& o) {
  if (!o) return fail(r, o.error());
  return protocol::reply_ok_with(r.req.id, "ticket", ticket_view(engine_, *o.value()));
}

std::string Dispatcher::window_reply(Request& r, int window, const domain::Outcome<domain::Done>& o) {
  if (!o) return fail(r, o.error());
  return protocol::reply_ok_with(r.req.id, "window", window_view(engine_, *engine_.window_state(window)));
}

std::optional<int> Dispatcher::window_arg(Request& r, std::string& error_reply) {
  auto w = r.f.integer("window");
  if (r.f.error()) {
    error_reply = fail(r, Errc::bad_request, *r.f.error());
    return std::nullopt;
  }
  if (!w) {
    error_reply = fail(r, Errc::bad_request, "\"window\" is required");
    return std::nullopt;
  }
  if (*w < 1 || *w > 1000000) {
    error_reply = fail(r, Errc::not_found, "no window " + std::to_string(*w));
    return std::nullopt;
  }
  const config::DeviceConfig* d = r.peer.device;
  if (d && d->role == Role::caller && d->window != 0 && d->window != *w) {
    error_reply = fail(r, Errc::forbidden, "this caller belongs to window " + std::to_string(d->window));
    return std::nullopt;
  }
  return static_cast<int>(*w);
}

std::optional<std::string> Dispatcher::number_arg(Request& r, std::string& error_reply) {
  auto n = r.f.str("number");
  if (r.f.error()) {
    error_reply = fail(r, Errc::bad_request, *r.f.error());
    return std::nullopt;
  }
  if (!n || n->empty() || n->size() > 16) {
    error_reply = fail(r, Errc::bad_request, "\"number\" is required, e.g. \"A001\"");
    return std::nullopt;
  }
  return upper(*n);
}

std::string Dispatcher::op_hello(Request& r) {
  if (r.peer.device) return fail(r, Errc::invalid_state, "hello was already accepted on this connection");
  auto version = r.f.integer("protocol");
  auto role = r.f.str("role");
  auto device = r.f.str("device");
  auto token = r.f.str("token");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  if (!version || *version != protocol::kProtocolVersion)
    return fail(r, Errc::bad_request, "\"protocol\" must be 1 (the version this server speaks)");
  const config::DeviceConfig* d = device ? config_.device(*device) : nullptr;
  bool good = d && role && *role == to_string(d->role) && token &&
              domain::constant_time_equal({reinterpret_cast<const std::uint8_t*>(token->data()), token->size()},
                                          {reinterpret_cast<const std::uint8_t*>(d->token.data()), d->token.size()});
  if (!good) {
    ++r.peer.failed_hellos;
    return fail(r, Errc::unauthorized, "unknown device, wrong role or wrong token");
  }
  r.peer.device = d;
  r.peer.name = d->id + "@" + r.peer.name;
  if (auto it = devices_.find(d->id); it != devices_.end()) it->second.connected = true;
  json reply = {{"server", {{"name", "hallq-server"}, {"version", kVersion}}},
                {"hall", {{"id", config_.hall.id}, {"names", names_view(config_.hall.names)}}},
                {"day", engine_.day().str()},
                {"protocol", protocol::kProtocolVersion},
                {"role", to_string(d->role)},
                {"device", d->id}};
  if (d->window) reply["window"] = d->window;
  return ok(r, reply);
}

std::string Dispatcher::op_ping(Request& r) {
  return ok(r, {{"now", domain::format_iso(engine_.now())}});
}

std::string Dispatcher::op_hall(Request& r) {
  return ok(r, {{"hall", hall_view(config_.hall)}});
}

std::optional<std::string> Dispatcher::request_key(Request& r, std::string& out) {
  auto key = r.f.str("request_key");
  if (!key || key->empty()) return std::nullopt;
  if (key->size() > 64) return fail(r, Errc::bad_request, "\"request_key\" is at most 64 characters");
  out = r.peer.device->id + "/" + *key;  // one device cannot replay another's
  return std::nullopt;
}

std::string Dispatcher::op_take(Request& r) {
  auto service = r.f.str("service");
  auto id_number = r.f.str("id_number");
  auto name = r.f.str("name");
  auto priority = r.f.str("priority");
  auto channel = r.f.str("channel");
  std::string key;
  if (auto e = request_key(r, key)) return *e;
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  if (!service || service->empty()) return fail(r, Errc::bad_request, "\"service\" is required");
  domain::TakeArgs a;
  a.service = upper(*service);
  a.id_number = id_number.value_or("");
  a.name = name.value_or("").substr(0, 64);
  a.priority = priority.value_or("");
  a.channel = channel.value_or(std::string(to_string(r.peer.device->role)));
  a.request_key = std::move(key);
  if (std::find(std::begin(kChannels), std::end(kChannels), a.channel) == std::end(kChannels))
    return fail(r, Errc::bad_request, "\"channel\" must be kiosk, guide, admin, online, phone or window");
  return ticket_reply(r, engine_.take(a));
}

std::string Dispatcher::op_status(Request& r) {
  std::string err;
  auto number = number_arg(r, err);
  if (!number) return err;
  const domain::Ticket* t = engine_.find(*number);
  if (t == nullptr) return fail(r, Errc::not_found, "no ticket " + *number + " today");
  // Everything the reply names about this ticket is durable once its own newest
  // batch is; ahead/ewt are estimates and may count tickets still committing.
  auto b = ticket_batch_.find(t->number);
  status_needed_ = (b == ticket_batch_.end() ? durable_id_ : b->second) + 1;
  return protocol::reply_ok_with(r.req.id, "ticket", ticket_view(engine_, *t));
}

std::string Dispatcher::op_checkin(Request& r) {
  auto code = r.f.str("code");
  auto id_number = r.f.str("id_number");
  std::string key;
  if (auto e = request_key(r, key)) return *e;
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  if (code && !code->empty()) return ticket_reply(r, engine_.checkin_code(*code, key));
  if (id_number && !id_number->empty()) return ticket_reply(r, engine_.checkin_id(*id_number, key));
  return fail(r, Errc::bad_request, "give \"code\" or \"id_number\"");
}

std::string Dispatcher::op_login(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  auto clerk = r.f.str("clerk");
  auto pin = r.f.str("pin");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  if (!clerk || !pin) return fail(r, Errc::bad_request, "\"clerk\" and \"pin\" are required");
  auto o = engine_.login(*w, *clerk, *pin);
  if (!o) return fail(r, o.error());
  return window_reply(r, *w, o);
}

std::string Dispatcher::op_logout(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  return window_reply(r, *w, engine_.logout(*w));
}

std::string Dispatcher::op_call(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  return ticket_reply(r, engine_.call_next(*w));
}

std::string Dispatcher::op_call_number(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  auto number = number_arg(r, err);
  if (!number) return err;
  return ticket_reply(r, engine_.call_number(*w, *number));
}

std::string Dispatcher::op_recall(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  return ticket_reply(r, engine_.recall(*w));
}

std::string Dispatcher::op_no_show(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  return ticket_reply(r, engine_.no_show(*w));
}

std::string Dispatcher::op_finish(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  return ticket_reply(r, engine_.finish(*w));
}

std::string Dispatcher::op_transfer(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  auto to_service = r.f.str("to_service");
  auto to_window = r.f.integer("to_window");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  domain::TransferArgs a;
  a.window = *w;
  a.to_service = upper(to_service.value_or(""));
  a.to_window = static_cast<int>(std::clamp<std::int64_t>(to_window.value_or(0), -1, 1000000));
  if (a.to_window < 0) return fail(r, Errc::not_found, "no window " + std::to_string(*to_window));
  return ticket_reply(r, engine_.transfer(a));
}

std::string Dispatcher::op_pause(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  auto reason = r.f.str("reason");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  return window_reply(r, *w, engine_.pause(*w, reason.value_or("")));
}

std::string Dispatcher::op_resume(Request& r) {
  std::string err;
  auto w = window_arg(r, err);
  if (!w) return err;
  return window_reply(r, *w, engine_.resume(*w));
}

std::string Dispatcher::op_requeue(Request& r) {
  std::string err;
  auto number = number_arg(r, err);
  if (!number) return err;
  return ticket_reply(r, engine_.requeue(*number));
}

std::string Dispatcher::op_cancel(Request& r) {
  std::string err;
  // A kiosk may void only what it issued and could not deliver: by the key
  // of its own request.
  std::string key;
  if (auto e = request_key(r, key)) return *e;
  if (!key.empty()) {
    const domain::Ticket* t = engine_.find_request(key);
    if (t == nullptr) return fail(r, Errc::not_found, "no ticket was issued for this request_key today");
    return ticket_reply(r, engine_.cancel(t->number, "not_delivered"));
  }
  if (r.peer.device->role == Role::kiosk) return fail(r, Errc::forbidden, "a kiosk cancels by its request_key only");
  auto number = number_arg(r, err);
  if (!number) return err;
  auto reason = r.f.str("reason");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  return ticket_reply(r, engine_.cancel(*number, reason.value_or("cancelled by " + r.peer.device->id)));
}

std::string Dispatcher::op_subscribe(Request& r) {
  const json* topics = r.f.object_or_array("topics");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  unsigned mask = 0;
  if (topics == nullptr) {
    mask = kAllTopics;
  } else {
    if (!topics->is_array()) return fail(r, Errc::bad_request, "\"topics\" must be an array of names");
    for (const auto& t : *topics) {
      unsigned b = 0;
      for (const auto& [name, value] : kTopicNames)
        if (t.is_string() && t.get<std::string>() == name) b = value;
      if (b == 0)
        return fail(r, Errc::bad_request,
                    "unknown topic " + t.dump() + "; topics are calls, tickets, queues, windows, alarms");
      mask |= b;
    }
  }
  r.peer.topics = mask;
  topic_mask_ = 0;
  for (Peer* p : peers_) topic_mask_ |= p->topics;
  json names = json::array();
  for (const auto& [name, value] : kTopicNames)
    if (mask & value) names.push_back(name);
  return ok(r, {{"topics", names}, {"seq", seq_}});
}

std::string Dispatcher::op_snapshot(Request& r) {
  return ok(r, json(snapshot_view(engine_, seq_)));
}

std::string Dispatcher::op_stats(Request& r) {
  auto day_text = r.f.str("day");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  if (!day_text || *day_text == engine_.day().str()) return ok(r, json(stats_view(engine_.stats())));
  auto day = domain::LocalDate::parse(*day_text);
  if (!day) return fail(r, Errc::bad_request, "\"day\" must be a date like 2026-11-26");
  // A past day: read it on the store thread, reply when done.
  std::weak_ptr<net::LineConnection> to = r.peer.conn;
  std::int64_t id = r.req.id;
  const domain::HallConfig* hall = &config_.hall;
  store_.run(
      [day = *day, hall](Store& s) -> std::optional<domain::Stats> {
        try {
          return s.day_stats(day, *hall);
        } catch (const std::exception& e) {
          log_line(std::string("stats: ") + e.what());
          return std::nullopt;
        }
      },
      [this, to, id](std::optional<domain::Stats> stats) {
        auto c = to.lock();
        if (!c || c->user == nullptr) return;
        deliver(*static_cast<Peer*>(c->user),
                stats ? protocol::reply_ok(id, json(stats_view(*stats)))
                      : protocol::reply_error(id, Errc::internal, "could not read that day's statistics"));
      });
  return {};
}

std::string Dispatcher::op_waiting(Request& r) {
  auto w = r.f.integer("window");
  auto limit = r.f.integer("limit");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  if (!w) return fail(r, Errc::bad_request, "\"window\" is required");
  if (!engine_.config().window(static_cast<int>(*w)))
    return fail(r, Errc::not_found, "no window " + std::to_string(*w));
  auto max = static_cast<std::size_t>(std::clamp<std::int64_t>(limit.value_or(20), 1, 200));
  json list = json::array();
  for (const domain::Ticket* t : engine_.waiting_for(static_cast<int>(*w), max))
    list.push_back(ticket_view(engine_, *t));
  return ok(r, {{"window", *w}, {"tickets", list}});
}

std::string Dispatcher::op_alarms(Request& r) {
  json list = json::array();
  for (const auto& [k, a] : evaluate_alarms(engine_, devices_)) list.push_back(alarm_json(a, true));
  return ok(r, {{"alarms", list}});
}

std::string Dispatcher::op_device_status(Request& r) {
  auto printer = r.f.str("printer");
  auto reader = r.f.str("card_reader");
  auto detail = r.f.str("detail");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  if (printer && !printer_state_known(*printer))
    return fail(r, Errc::bad_request,
                "\"printer\" must be ready, paper_low, paper_out, cover_open, offline, error, absent or unknown");
  if (reader && !card_reader_state_known(*reader))
    return fail(r, Errc::bad_request, "\"card_reader\" must be ok, absent or error");
  DeviceHealth& h = devices_[r.peer.device->id];
  if (printer && *printer != h.printer)
    log_line(r.peer.name + ": printer " + (h.printer.empty() ? "" : h.printer + " -> ") + *printer);
  if (printer) h.printer = *printer;
  if (reader) h.card_reader = *reader;
  h.detail = detail.value_or("").substr(0, 200);
  h.connected = true;
  refresh_alarms();
  return ok(r);
}

std::string Dispatcher::op_import_appointments(Request& r) {
  auto day_text = r.f.str("day");
  const json* list = r.f.object_or_array("appointments");
  if (r.f.error()) return fail(r, Errc::bad_request, *r.f.error());
  auto day = day_text ? domain::LocalDate::parse(*day_text) : std::optional(engine_.day());
  if (!day) return fail(r, Errc::bad_request, "\"day\" must be a date like 2026-11-26");
  if (!list || !list->is_array()) return fail(r, Errc::bad_request, "\"appointments\" must be an array");
  if (list->size() > 10000) return fail(r, Errc::bad_request, "at most 10000 appointments per import");
  std::vector<domain::AppointmentArgs> args;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& a = (*list)[i];
    auto field = [&](const char* k) -> std::optional<std::string> {
      auto it = a.find(k);
      if (it == a.end() || it->is_null()) return std::string();
      if (!it->is_string()) return std::nullopt;
      return it->get<std::string>();
    };
    auto code = a.is_object() ? field("code") : std::nullopt;
    auto service = a.is_object() ? field("service") : std::nullopt;
    auto time = a.is_object() ? field("time") : std::nullopt;
    auto id = a.is_object() ? field("id_number") : std::nullopt;
    auto name = a.is_object() ? field("name") : std::nullopt;
    if (!code || !service || !time || !id || !name)
      return fail(r, Errc::bad_request,
                  "appointment " + std::to_string(i + 1) +
                      " must be {code, service, time, id_number?, name?} with string values");
    args.push_back({*code, upper(*service), *time, *id, name->substr(0, 64)});
  }
  auto o = engine_.import_appointments(*day, args);
  if (!o) return fail(r, o.error());
  return ok(r, {{"imported", o.value()}, {"day", day->str()}});
}

// ------------------------------------------------------------------ durability gate

std::uint64_t Dispatcher::watermark() const {
  return last_id_;
}

void Dispatcher::deliver(Peer& peer, std::string line, std::optional<std::uint64_t> needed) {
  auto conn = peer.conn.lock();
  if (!conn) return;
  // The request id lets a failed commit turn this reply into an error reply.
  std::optional<std::int64_t> id;
  if (line.size() > 6 && line.compare(0, 6, "{\"id\":") == 0) {
    std::int64_t v = 0;
    auto r = std::from_chars(line.data() + 6, line.data() + line.size(), v);
    if (r.ec == std::errc{}) id = v;
  }
  auto shared = std::make_shared<const std::string>(std::move(line));
  std::uint64_t need = needed ? std::min(*needed, watermark()) : watermark();
  // Replies leave in request order: nothing overtakes a parked reply.
  if (need <= durable_id_ && peer.parked == 0) {
    send_now(conn, &peer, std::move(shared));
    return;
  }
  ++peer.parked;
  parked_.push_back({std::max(need, parked_.empty() ? need : parked_.back().needed), id, conn, 0, std::move(shared)});
}

void Dispatcher::send_now(const std::shared_ptr<net::LineConnection>& conn, Peer* peer, net::Line line) {
  if (!conn->open() || conn->closing()) return;
  if (conn->send(std::move(line))) return;
  // Its outbox is full: a client that does not read must not hold the server.
  log_line((peer ? peer->name : conn->peer()) + ": dropped, " + std::to_string(conn->queued_bytes()) + " bytes unread");
  if (peer) peer->close_reason = "too slow reading";
  // Closing re-enters disconnected(); do it outside any loop over peers_.
  boost::asio::post(loop_, [conn] { conn->close(); });
}

void Dispatcher::broadcast(unsigned topic, std::string_view event, const json& body) {
  if (!(topic_mask_ & topic)) return;
  auto line = std::make_shared<const std::string>(protocol::event_line(event, ++seq_, body));
  std::uint64_t need = watermark();
  if (need > durable_id_) {
    parked_.push_back({need, std::nullopt, {}, topic, std::move(line)});
    return;
  }
  for (Peer* p : peers_)
    if (p->topics & topic)
      if (auto c = p->conn.lock()) send_now(c, p, line);
}

void Dispatcher::absorb_changes() {
  domain::Changes c = engine_.take_changes();
  if (c.empty()) return;
  std::uint64_t id = ++last_id_;
  if (c.closed_day) ticket_batch_.clear();
  for (const auto& t : c.tickets)
    if (t.day == engine_.day()) ticket_batch_[t.number] = id;
  publish(c);
  store_.submit(id, std::move(c), engine_.day());
  if (topic_mask_ & kAlarms) refresh_alarms();
}

void Dispatcher::committed(std::uint64_t upto, std::optional<CommitError> error) {
  if (recovering_) return;  // a late report from before the failure
  if (!error) {
    durable_id_ = upto;
    release();
  } else {
    bool busy = error->kind == CommitError::Kind::busy;
    log_line("storage: commit failed (" + error->message + "); " + std::to_string(parked_.size()) +
             " waiting replies turned into errors, reloading the durable state");
    std::string message = busy ? "the database is locked by another program; nothing was saved, try again"
                               : "storage failed (" + error->message + "); nothing was saved";
    Errc code = busy ? Errc::busy : Errc::internal;
    for (auto& p : parked_) {
      auto c = p.to.lock();
      if (!c || p.topic != 0 || c->user == nullptr) continue;  // events are dropped
      if (!p.line) {
        c->close_after_flush();
        continue;
      }
      auto* peer = static_cast<Peer*>(c->user);
      peer->parked = 0;
      send_now(c, peer, std::make_shared<const std::string>(protocol::reply_error(p.id, code, message)));
    }
    parked_.clear();
    ticket_batch_.clear();   // everything in memory is about to be the durable state
    durable_id_ = last_id_;  // nothing is waiting any more
    alarms_.clear();         // subscribers may have missed alarm changes; re-push after reload
    recovering_ = true;
    reload();
  }
  if (drained_ && durable_id_ == last_id_ && parked_.empty()) {
    auto done = std::move(drained_);
    drained_ = nullptr;
    done();
  }
}

void Dispatcher::release() {
  while (!parked_.empty() && parked_.front().needed <= durable_id_) {
    Parked p = std::move(parked_.front());
    parked_.pop_front();
    if (p.topic != 0) {
      for (Peer* peer : peers_)
        if (peer->topics & p.topic)
          if (auto c = peer->conn.lock()) send_now(c, peer, p.line);
      continue;
    }
    auto c = p.to.lock();
    if (!c || c->user == nullptr) continue;
    if (!p.line) {
      c->close_after_flush();
      continue;
    }
    auto* peer = static_cast<Peer*>(c->user);
    if (peer->parked > 0) --peer->parked;
    send_now(c, peer, std::move(p.line));
  }
}

void Dispatcher::reload() {
  reloading_ = true;
  store_.run(
      [](Store& s) -> std::optional<std::optional<domain::DayState>> {
        try {
          return s.load_current();
        } catch (const std::exception& e) {
          log_line(std::string("storage: reload failed: ") + e.what());
          return std::nullopt;
        }
      },
      [this](std::optional<std::optional<domain::DayState>> state) {
        reloading_ = false;
        if (!state) return;  // tick() tries again
        if (*state) {
          engine_.restore(std::move(**state));
        } else {
          domain::DayState empty;
          empty.day = engine_.day();
          engine_.restore(std::move(empty));
        }
        (void)engine_.take_changes();
        recovering_ = false;
        store_.resume();
        log_line("storage: recovered; serving from the durable state");
        refresh_alarms();
      });
}

void Dispatcher::drain(std::function<void()> done) {
  if (durable_id_ == last_id_ && parked_.empty()) {
    done();
    return;
  }
  drained_ = std::move(done);
}

// ------------------------------------------------------------------ events

void Dispatcher::publish(const domain::Changes& c) {
  if (c.closed_day) broadcast(kAllTopics, "day", {{"day", engine_.day().str()}, {"closed", c.closed_day->str()}});
  if (topic_mask_ & kCalls)
    for (const auto& call : c.calls) {
      protocol::CallInfo i = call_view(engine_, call);
      broadcast(kCalls, "called",
                {{"number", i.number},
                 {"service", i.service},
                 {"window", i.window},
                 {"window_names", i.window_names},
                 {"recall", i.recall},
                 {"at", i.at}});
    }
  if (topic_mask_ & kTickets)
    for (const auto& t : c.tickets)
      if (t.day == engine_.day()) broadcast(kTickets, "ticket", {{"ticket", ticket_view(engine_, t)}});
  if (topic_mask_ & kQueues && !c.services.empty())
    for (const auto& l : engine_.loads())
      if (std::find(c.services.begin(), c.services.end(), l.service->code) != c.services.end()) {
        protocol::ServiceInfo i = service_view(l);
        broadcast(kQueues, "queue",
                  {{"service", i.code},
                   {"waiting", i.waiting},
                   {"ewt_s", i.ewt_s},
                   {"longest_wait_s", i.longest_wait_s},
                   {"issued", i.issued},
                   {"open", i.open}});
      }
  if (topic_mask_ & kWindows)
    for (const auto& w : c.windows) {
      json body = window_view(engine_, w);
      broadcast(kWindows, "window", body);
    }
}

void Dispatcher::refresh_alarms() {
  AlarmSet now = evaluate_alarms(engine_, devices_);
  for (const auto& [k, a] : now) {
    auto it = alarms_.find(k);
    if (it == alarms_.end() || !(it->second == a)) {
      if (it == alarms_.end()) log_line("alarm: " + a.message);
      broadcast(kAlarms, "alarm", alarm_json(a, true));
    }
  }
  for (const auto& [k, a] : alarms_)
    if (!now.count(k)) broadcast(kAlarms, "alarm", alarm_json(a, false));
  alarms_ = std::move(now);
}

// ------------------------------------------------------------------ lifecycle

void Dispatcher::connected(Peer& peer) {
  peers_.push_back(&peer);
}

void Dispatcher::disconnected(Peer& peer) {
  std::erase(peers_, &peer);
  topic_mask_ = 0;
  for (Peer* p : peers_) topic_mask_ |= p->topics;
  if (peer.device) {
    auto it = devices_.find(peer.device->id);
    bool still = std::any_of(peers_.begin(), peers_.end(), [&](Peer* p) { return p->device == peer.device; });
    if (it != devices_.end() && !still) {
      it->second.connected = false;
      refresh_alarms();
    }
  }
}

void Dispatcher::tick() {
  if (recovering_) {
    if (!reloading_) reload();
    return;
  }
  engine_.tick();
  absorb_changes();
  if (++ticks_ % config_.settings.alarm_interval_s == 0) refresh_alarms();
}

}  // namespace hallq::server
