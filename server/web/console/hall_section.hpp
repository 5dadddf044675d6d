#pragma once
// The live hall (/staff): queues, windows, alarms in words and the devices' health, the same over
// server-sent events (/staff/events) whenever they change; a guide or admin
// issues a ticket for someone without a phone (POST /staff/take, idempotent by
// the form's key).

#include <list>
#include <memory>
#include <string>
#include <vector>

#include "core/protocol/admin.hpp"
#include "core/protocol/hall.hpp"
#include "core/protocol/tickets.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server::web {

class HallSection : public Section {
 public:
  explicit HallSection(const Console& console) : c_(console) {}
  ~HallSection() override;

  std::string_view name() const override { return ""; }
  std::string_view title_key() const override { return "web.staff.hall"; }
  bool allows(const config::StaffUser&) const override { return true; }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;
  void refresh() override;
  void ended(const std::string& token) override;

 private:
  struct Watch {
    std::weak_ptr<EventStream> stream;
    std::string token;  // the session it belongs to (ended with it)
    std::string lang;
    std::string last;  // what it was sent last
  };
  struct HallView {
    protocol::Snapshot snapshot;
    std::vector<protocol::Alarm> alarms;
    std::vector<protocol::DeviceInfo> devices;
  };

  boost::asio::awaitable<HallView> read_hall();
  std::string hall_html(const HallView& v, std::string_view lang) const;
  boost::asio::awaitable<Response> hall_page(const Request& r, Session& s, std::string notice);
  Response hall_response(const Request& r, Session& s, const HallView& v, std::string_view notice);
  boost::asio::awaitable<Response> take(const Request& r, Session& s);
  // The words after a take: the ticket issued, or the server's refusal.
  std::string issued(const Session& s, const protocol::Result<protocol::TicketReply>& reply) const;

  const Console& c_;
  std::list<Watch> watches_;
  bool refreshing_ = false, again_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace hallq::server::web
