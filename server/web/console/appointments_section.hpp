#pragma once
// Appointments (/staff/appointments): a day's imported appointments (the
// `appointments` op) — the day's slots (how many booked and checked in at each
// time) and the list, personal data masked; a guide or admin checks a citizen
// in (`checkin`: the ticket's number in the notice); an admin imports the
// booking system's CSV for a day (`import_appointments`: new codes added, known ones updated, all or nothing; the
// file is read in the browser into the form, or pasted: no multipart upload).
//
//   GET  /staff/appointments?day=YYYY-MM-DD
//   POST /staff/appointments/checkin   day, code
//   POST /staff/appointments/import    day, csv

#include <string>

#include "core/protocol/appointments.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server::web {

class AppointmentsSection : public Section {
 public:
  explicit AppointmentsSection(const Console& console) : c_(console) {}

  std::string_view name() const override { return "appointments"; }
  std::string_view title_key() const override { return "web.staff.appointments.title"; }
  bool allows(const config::StaffUser& u) const override { return may_report(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

 private:
  boost::asio::awaitable<Response> act(const Request& r, Session& s, std::string action);
  Response page(const Request& r, Session& s, const std::string& day,
                const protocol::Result<protocol::AppointmentsReply>& list, std::string_view notice) const;

  const Console& c_;
};

}  // namespace hallq::server::web
