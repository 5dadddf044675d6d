// checkin, import_appointments, appointments.
#include "core/protocol/utf8.hpp"
#include "server/ops.hpp"

namespace hallq::server {

using protocol::Errc;
using protocol::Role;

namespace {
constexpr std::size_t kMaxImport = 10000;
}  // namespace

void AppointmentOps::register_ops(OpTable& t) {
  t.add<protocol::CheckinRequest>(kTakers, [this](Call& c, const auto& r) { return checkin(c, r); });
  t.add<protocol::ImportAppointmentsRequest>(role_bit(Role::admin),
                                             [this](Call& c, const auto& r) { return import(c, r); });
  t.add<protocol::AppointmentsRequest>(role_bit(Role::guide) | role_bit(Role::admin),
                                       [this](Call& c, const auto& r) { return list(c, r); });
}

Answer AppointmentOps::checkin(Call& c, const protocol::CheckinRequest& r) {
  domain::Issuer by{.request_key = {}, .device = c.device().id, .language = r.language.value_or("")};
  if (auto e = scoped_key(c, r.request_key, by.request_key)) return *e;
  if (auto e = check_issue_rate(c, hall_, by.request_key)) return *e;
  auto& engine = hall_.engine;
  const bool by_code = r.code && !r.code->empty(), by_id = r.id_number && !r.id_number->empty();
  if (by_code && by_id)  // an ID card that is not the appointment's must not ride on its code
    return c.fail(Errc::bad_request, "give \"code\" or \"id_number\", not both");
  if (by_code) {
    // A repeat of a check-in already done gets its ticket, whichever kind it was.
    if (const domain::Ticket* t = engine.find_request(by.request_key)) return issued_answer(c, hall_, t);
    auto o = engine.checkin_code(*r.code, by);
    // Not an appointment: perhaps the code of a supplement notice (补正), which
    // brings its applicant back with the configured priority.
    if (!o && o.error().code == domain::Code::not_found)
      if (auto back = supplement_checkin(c, hall_, *r.code, by)) return *back;
    return issued_answer(c, hall_, o);
  }
  if (by_id) return issued_answer(c, hall_, engine.checkin_id(*r.id_number, by));
  return c.fail(Errc::bad_request, "give \"code\" or \"id_number\"");
}

Answer AppointmentOps::import(Call& c, const protocol::ImportAppointmentsRequest& r) {
  auto& engine = hall_.engine;
  auto day = r.day ? domain::LocalDate::parse(*r.day) : std::optional(engine.day());
  if (!day) return c.fail(Errc::bad_request, "\"day\" must be a date like 2026-11-26");
  if (r.appointments.size() > kMaxImport)
    return c.fail(Errc::bad_request, "at most " + std::to_string(kMaxImport) + " appointments per import");
  std::vector<domain::AppointmentArgs> args;
  args.reserve(r.appointments.size());
  for (const auto& a : r.appointments)
    args.push_back({a.code, upper(a.service), a.time, a.id_number.value_or(""),
                    std::string(protocol::utf8_prefix(a.name.value_or(""), 64))});
  auto o = engine.import_appointments(*day, args);
  if (!o) return c.fail(o.error());
  return c.reply(protocol::ImportAppointmentsReply{o.value(), day->str()});
}

Answer AppointmentOps::list(Call& c, const protocol::AppointmentsRequest& r) {
  auto day = r.day ? domain::LocalDate::parse(*r.day) : std::optional(hall_.engine.day());
  if (!day) return c.fail(Errc::bad_request, "\"day\" must be a date like 2026-11-26");
  protocol::AppointmentsReply reply;
  reply.day = day->str();
  auto opt = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); };
  for (const domain::Appointment* a : hall_.engine.appointments(*day)) {
    reply.appointments.push_back({a->code, a->service, domain::format_hhmm(a->slot_minute), opt(a->id_masked),
                                  opt(a->name_masked), opt(a->ticket)});
  }
  return c.reply(std::move(reply));
}

}  // namespace hallq::server
