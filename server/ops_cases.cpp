// Cases (docs/cases.md): case_open … case_pickup at the window, the hand-over
// sheets between the hall and its departments, and the look-ups.
#include <algorithm>

#include "core/domain/crypto.hpp"
#include "core/domain/id_number.hpp"
#include "server/ops.hpp"
#include "server/views.hpp"

namespace hallq::server {

using protocol::Errc;
using protocol::Role;

namespace {

constexpr unsigned kWindow = role_bit(Role::caller) | role_bit(Role::guide) | role_bit(Role::admin);
constexpr unsigned kCounter = role_bit(Role::caller) | role_bit(Role::admin);  // a clerk at a window
constexpr unsigned kDesk = kGuides | role_bit(Role::department);
constexpr unsigned kLookers = kWindow | role_bit(Role::kiosk) | role_bit(Role::department);
constexpr std::size_t kMaxList = 500;
constexpr std::size_t kMaxText = 200;   // a reason, a refusal's note, a company's name (bytes)
constexpr std::size_t kMaxPerson = 64;  // who received a sheet

domain::CaseState to_domain(protocol::CaseState s) {
  return domain::case_state_from_string(protocol::to_string(s)).value_or(domain::CaseState::received);
}

// The random supplement code: `digits` decimal digits from the CSPRNG (a few
// bits of bias from the modulo do not matter for a one-time queue priority).
std::string make_code(int digits) {
  auto bytes = domain::random_bytes(static_cast<std::size_t>(digits));
  std::string code;
  for (auto b : bytes) code.push_back(static_cast<char>('0' + b % 10));
  return code;
}

}  // namespace

protocol::CaseInfo case_view(const domain::CaseBook& book, const domain::Case& c, bool show_code) {
  protocol::CaseInfo v;
  auto text = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
  auto when = [](domain::TimePoint t) {
    return t == domain::TimePoint{} ? std::nullopt : std::optional<std::string>(domain::format_iso(t));
  };
  v.number = c.number;
  v.service = c.service;
  v.department = text(c.department);
  v.state = wire_enum(c.state, protocol::CaseState::received);
  v.id_masked = text(c.id_masked);
  v.name_masked = text(c.name_masked);
  v.company = text(c.company);
  v.company_code = text(c.company_code);
  if (!c.phone.empty()) v.phone_masked = domain::mask_phone(c.phone);
  v.language = c.language;
  v.ticket = text(c.ticket);
  if (!c.ticket.empty()) v.ticket_day = c.ticket_day.str();
  v.window = c.window;
  v.clerk = text(c.clerk);
  for (const auto& m : c.materials)
    v.materials.push_back({names_view(m.name), wire_enum(m.state, protocol::MaterialState::pending)});
  if (show_code) v.supplement_code = text(c.supplement_code);
  v.supplements = c.supplements;
  v.received_at = domain::format_iso(c.received_at);
  v.accepted_at = when(c.accepted_at);
  if (c.due) {
    v.due = c.due->str();
    auto s = book.due_status(c);
    if (!domain::ended(c.state) && c.state != domain::CaseState::ready_for_pickup &&
        c.state != domain::CaseState::returned_approved && c.state != domain::CaseState::returned_rejected)
      v.workdays_left = s.workdays_left;
    v.due_soon = s.due_soon;
    v.overdue = s.overdue;
  }
  v.handover = text(c.handover);
  v.result_note = text(c.result_note);
  v.ready_at = when(c.ready_at);
  v.pickup_ticket = text(c.pickup_ticket);
  if (c.pickup) {
    v.picked_up_at = domain::format_iso(c.pickup->at);
    v.pickup_window = c.pickup->window;
    v.pickup_clerk = text(c.pickup->clerk);
    if (c.pickup->agent) {
      v.agent_id_masked = text(c.pickup->agent_id_masked);
      v.agent_reason = text(c.pickup->reason);
    }
  }
  v.updated_at = domain::format_iso(c.updated_at);
  return v;
}

namespace {

protocol::HandoverInfo handover_view(const domain::CaseBook& book, const domain::Handover& h) {
  protocol::HandoverInfo v;
  auto when = [](domain::TimePoint t) {
    return t == domain::TimePoint{} ? std::nullopt : std::optional<std::string>(domain::format_iso(t));
  };
  v.number = h.number;
  v.department = h.department;
  v.state = wire_enum(h.state, protocol::HandoverState::created);
  for (const auto& n : h.cases)
    if (const domain::Case* c = book.find(n)) v.cases.push_back(case_view(book, *c, false));
  v.created_at = domain::format_iso(h.created_at);
  v.created_by = h.created_by;
  v.received_at = when(h.received_at);
  if (!h.received_by.empty()) v.received_by = h.received_by;
  v.returned_at = when(h.returned_at);
  if (!h.returned_by.empty()) v.returned_by = h.returned_by;
  return v;
}

protocol::NotificationInfo notification_view(const domain::Notification& n) {
  protocol::NotificationInfo v;
  v.id = n.id;
  v.case_number = n.case_number;
  v.channel = n.channel;
  v.recipient_masked = n.recipient_masked;
  v.language = n.language;
  v.text = n.text;
  v.state = n.state;
  v.created_at = domain::format_iso(n.created_at);
  if (n.sent_at != domain::TimePoint{}) v.sent_at = domain::format_iso(n.sent_at);
  if (!n.error.empty()) v.error = n.error;
  return v;
}

}  // namespace

void CaseOps::register_ops(OpTable& t) {
  using namespace protocol;
  t.add<CaseOpenRequest>(kCounter, [this](Call& c, const auto& r) { return open(c, r); });
  t.add<CaseMaterialsRequest>(kCounter, [this](Call& c, const CaseMaterialsRequest& r) {
    domain::Actor by;
    if (auto e = at_window(c, r.window, true, by)) return *e;
    std::vector<domain::MaterialState> states;
    for (auto s : r.materials)
      states.push_back(
          domain::material_state_from_string(protocol::to_string(s)).value_or(domain::MaterialState::pending));
    return answer(c, hall_.cases.set_materials(upper(r.number), states, by));
  });
  t.add<CaseSupplementRequest>(kCounter, [this](Call& c, const CaseSupplementRequest& r) {
    domain::Actor by;
    if (auto e = at_window(c, r.window, true, by)) return *e;
    std::string code = make_code(hall_.config.hall.cases.code_digits);
    while (hall_.cases.find_by_code(code)) code = make_code(hall_.config.hall.cases.code_digits);
    return answer(c, hall_.cases.request_supplement(upper(r.number), code, by));
  });
  t.add<CaseAcceptRequest>(kCounter, [this](Call& c, const CaseAcceptRequest& r) {
    domain::Actor by;
    if (auto e = at_window(c, r.window, true, by)) return *e;
    return answer(c, hall_.cases.accept(upper(r.number), by));
  });
  t.add<CaseDecideRequest>(kCounter, [this](Call& c, const CaseDecideRequest& r) {
    domain::Actor by;
    if (auto e = at_window(c, r.window, true, by)) return *e;
    return answer(c, hall_.cases.decide_at_window(upper(r.number), by));
  });
  t.add<CaseWithdrawRequest>(kWindow, [this](Call& c, const CaseWithdrawRequest& r) {
    domain::Actor by;
    if (auto e = at_window(c, r.window.value_or(0), c.role() == Role::caller, by)) return *e;
    std::string reason = r.reason;
    if (auto e = check_text(c, "reason", reason, kMaxText)) return *e;
    return answer(c, hall_.cases.withdraw(upper(r.number), reason, by));
  });
  t.add<CaseReadyRequest>(kWindow, [this](Call& c, const CaseReadyRequest& r) {
    domain::Actor by;
    if (auto e = at_window(c, r.window.value_or(0), c.role() == Role::caller, by)) return *e;
    const std::string number = upper(r.number);
    const domain::Case* found = hall_.cases.find(number);
    std::string text;
    if (found && !found->phone.empty()) {
      text = hall_.notices.ready(hall_.config.hall, *found);
      if (text.empty())
        log_line(LogLevel::warning, "cases: the pickup notice for " + found->number + " cannot be worded (" +
                                        hall_.notices.error() + "); it is not sent");
    }
    return answer(c, hall_.cases.mark_ready(number, std::move(text), by));
  });
  t.add<CasePickupRequest>(kCounter, [this](Call& c, const CasePickupRequest& r) { return pickup(c, r); });
  t.add<CaseStatusRequest>(kLookers, [this](Call& c, const CaseStatusRequest& r) { return status(c, r); });
  t.add<CaseLookupRequest>(kLookers & ~role_bit(Role::department), [this](Call& c, const CaseLookupRequest& r) {
    std::string hash = hall_.engine.hash_id(r.id_number);
    if (hash.empty()) return c.fail(Errc::bad_request, "id_number is not a valid resident ID number (GB 11643)");
    protocol::CasesReply reply;
    for (const auto* k : hall_.cases.of_person(hash)) reply.cases.push_back(case_view(hall_.cases, *k, false));
    return c.reply(reply);
  });
  t.add<CasesRequest>(kWindow | role_bit(Role::department),
                      [this](Call& c, const CasesRequest& r) { return list(c, r); });
  t.add<PickupRegisterRequest>(kWindow, [this](Call& c, const PickupRegisterRequest& r) {
    auto day = r.day ? domain::LocalDate::parse(*r.day) : std::optional(hall_.cases.today());
    if (!day) return c.fail(Errc::bad_request, "\"day\" must be a date like 2026-11-30");
    protocol::CasesReply reply;
    for (const auto* k : hall_.cases.picked_up_on(*day)) reply.cases.push_back(case_view(hall_.cases, *k, false));
    return c.reply(reply);
  });
  t.add<NotificationsRequest>(kGuides, [this](Call& c, const NotificationsRequest&) {
    protocol::NotificationsReply reply;
    for (const auto& n : hall_.cases.notifications()) reply.notifications.push_back(notification_view(n));
    return c.reply(reply);
  });
  t.add<HandoverCreateRequest>(kWindow, [this](Call& c, const HandoverCreateRequest& r) {
    domain::Actor by{c.device().id, 0};
    if (r.cases.size() > kMaxList) return c.fail(Errc::bad_request, "at most 500 cases on a sheet");
    std::vector<std::string> numbers;
    for (const auto& n : r.cases) numbers.push_back(upper(n));
    return answer(c, hall_.cases.create_handover(r.department, numbers, by));
  });
  t.add<HandoverReceiveRequest>(kDesk, [this](Call& c, const HandoverReceiveRequest& r) {
    domain::Actor by{c.device().id, 0};
    std::string person = r.person;
    if (auto e = check_text(c, "person", person, kMaxPerson)) return *e;
    return answer(c, hall_.cases.receive_handover(r.sheet, person, own_department(c), by));
  });
  t.add<HandoverReturnRequest>(kDesk, [this](Call& c, const HandoverReturnRequest& r) {
    domain::Actor by{c.device().id, 0};
    std::vector<domain::ReturnResult> results;
    for (const auto& x : r.results) {
      std::string note = x.note.value_or("");
      if (auto e = check_text(c, "note", note, kMaxText)) return *e;
      results.push_back({upper(x.case_number), x.approved, note});
    }
    return answer(c, hall_.cases.return_handover(r.sheet, results, own_department(c), by));
  });
  t.add<HandoverShowRequest>(kWindow | role_bit(Role::department), [this](Call& c, const HandoverShowRequest& r) {
    const domain::Handover* h = hall_.cases.find_sheet(r.sheet);
    std::string dept = own_department(c);
    if (!h || (!dept.empty() && h->department != dept)) return c.fail(Errc::not_found, "no hand-over sheet " + r.sheet);
    return c.reply(protocol::HandoverReply{handover_view(hall_.cases, *h)});
  });
  t.add<HandoversRequest>(kWindow | role_bit(Role::department), [this](Call& c, const HandoversRequest& r) {
    std::string dept = own_department(c);
    if (dept.empty()) dept = r.department.value_or("");
    protocol::HandoversReply reply;
    for (const auto* h : hall_.cases.sheets(dept)) {
      reply.handovers.push_back(handover_view(hall_.cases, *h));
      if (reply.handovers.size() >= kMaxList) break;
    }
    return c.reply(reply);
  });
}

std::string CaseOps::own_department(const Call& c) const {
  return c.role() == Role::department ? c.device().department : std::string();
}

std::optional<Answer> CaseOps::at_window(Call& c, int window, bool required, domain::Actor& by) {
  by = {c.device().id, 0};
  if (window == 0 && !required) return std::nullopt;
  if (window == 0)  // a caller acts at its window, and says which
    return c.fail(Errc::bad_request, "\"window\" is required: the window the clerk acts at");
  const domain::WindowState* w = hall_.engine.window_state(window);
  if (!w) return c.fail(Errc::not_found, "no window " + std::to_string(window));
  const config::DeviceConfig& d = c.device();
  if (d.role == Role::caller && d.window != 0 && d.window != window)
    return c.fail(Errc::forbidden, "this caller belongs to window " + std::to_string(d.window));
  if (d.role == Role::caller || d.role == Role::admin) {
    if (w->clerk.empty()) return c.fail(Errc::forbidden, "no clerk is logged in at window " + std::to_string(window));
    by.who = w->clerk;
  }
  by.window = window;
  return std::nullopt;
}

Answer CaseOps::answer(Call& c, const domain::Outcome<const domain::Case*>& o) {
  if (!o) return c.fail(o.error());
  const domain::Case& k = *o.value();
  protocol::CaseInfo info = case_view(hall_.cases, k, c.role() != Role::kiosk);
  // The window prints the visit's token on the receipt. Nobody else gets it: it lets its holder rate
  // the visit (rate_phone), and a guide may rate by phone.
  const bool window = c.role() == Role::caller || c.role() == Role::admin;
  if (window && info.ticket && info.ticket_day) info.token = hall_.tokens.make(*info.ticket_day, *info.ticket);
  return c.reply(protocol::CaseReply{std::move(info)});
}

Answer CaseOps::answer(Call& c, const domain::Outcome<const domain::Handover*>& o) {
  if (!o) return c.fail(o.error());
  return c.reply(protocol::HandoverReply{handover_view(hall_.cases, *o.value())});
}

Answer CaseOps::open(Call& c, const protocol::CaseOpenRequest& r) {
  domain::Actor by;
  if (auto e = at_window(c, r.window, true, by)) return *e;
  const domain::WindowState* w = hall_.engine.window_state(r.window);
  const domain::Ticket* t = w->current.empty() ? nullptr : hall_.engine.find(w->current);
  domain::OpenCaseArgs args;
  if (auto e = scoped_key(c, r.request_key, args.request_key)) return *e;
  if (!t) {
    // A repeat whose first answer was lost while the visit ended meanwhile: the case it opened.
    if (const domain::Case* again = hall_.cases.find_request(args.request_key)) return answer(c, again);
    return c.fail(Errc::invalid_state, "no ticket is being served at window " + std::to_string(r.window));
  }
  args.service = upper(r.service.value_or(""));
  args.phone = r.phone.value_or("");
  args.language = r.language.value_or("zh");
  args.company = r.company.value_or("");
  if (auto e = check_text(c, "company", args.company, kMaxText)) return *e;
  args.company_code = r.company_code.value_or("");
  return answer(c, hall_.cases.open(*t, args, by));
}

Answer CaseOps::pickup(Call& c, const protocol::CasePickupRequest& r) {
  domain::Actor by;
  if (auto e = at_window(c, r.window, true, by)) return *e;
  std::string hash = hall_.engine.hash_id(r.id_number);
  if (hash.empty()) return c.fail(Errc::bad_request, "id_number is not a valid resident ID number (GB 11643)");
  std::string reason = r.reason.value_or("");
  if (auto e = check_text(c, "reason", reason, kMaxText)) return *e;
  std::optional<domain::Agent> agent;
  if (r.agent) agent = domain::Agent{hash, domain::mask_id_number(domain::normalize_id_number(r.id_number)), reason};
  return answer(c, hall_.cases.pick_up(upper(r.number), hash, agent, by));
}

Answer CaseOps::status(Call& c, const protocol::CaseStatusRequest& r) {
  std::string number = upper(r.number);
  const domain::Case* k = hall_.cases.find(number);
  std::string dept = own_department(c);
  if (k && (dept.empty() || k->department == dept))
    return c.reply(protocol::CaseReply{case_view(hall_.cases, *k, c.role() != Role::kiosk)});
  if (k || number.size() > 32) return c.fail(Errc::not_found, "no case " + number);
  // Ended long ago: only the store has it. The reply comes when it has looked.
  c.peer.awaiting = true;
  hall_.store.run(
      [number](Store& s) -> std::optional<domain::Case> {
        try {
          return s.find_case(number);
        } catch (const std::exception&) {
          return std::nullopt;
        }
      },
      [this, peer = c.peer.id, id = c.id, number, dept,
       kiosk = c.role() == Role::kiosk](std::optional<domain::Case> found) {
        std::string line;
        if (found && (dept.empty() || found->department == dept))
          line = protocol::reply_line(id, protocol::CaseReply{case_view(hall_.cases, *found, !kiosk)});
        else
          line = protocol::error_line(id, Errc::not_found, "no case " + number);
        hall_.reply_later(peer, id, std::move(line));
      });
  return {};
}

Answer CaseOps::list(Call& c, const protocol::CasesRequest& r) {
  domain::CaseFilter f;
  if (r.state) f.state = to_domain(*r.state);
  f.department = own_department(c);
  if (f.department.empty()) f.department = r.department.value_or("");
  f.overdue = r.overdue;
  f.due_soon = r.due_soon;
  f.open_only = r.open;
  std::vector<const domain::Case*> found;
  if (r.ticket) {
    std::string number = upper(*r.ticket);
    for (const auto* k : hall_.cases.of_ticket(hall_.engine.day(), number))
      if (f.department.empty() || k->department == f.department) found.push_back(k);
  } else {
    found = hall_.cases.list(f);
  }
  protocol::CasesReply reply;
  for (const auto* k : found) {
    reply.cases.push_back(case_view(hall_.cases, *k, c.role() != Role::kiosk));
    if (reply.cases.size() >= kMaxList) break;
  }
  return c.reply(reply);
}

std::optional<Answer> supplement_checkin(Call& c, Hall& hall, const std::string& code, const domain::Issuer& by) {
  const domain::Case* k = hall.cases.find_by_code(code);
  if (!k) return std::nullopt;
  domain::TakeArgs args;
  args.service = k->service;
  args.priority = hall.config.hall.cases.supplement_priority;
  args.channel = std::string(protocol::to_string(c.role() == Role::kiosk   ? protocol::Channel::kiosk
                                                 : c.role() == Role::guide ? protocol::Channel::guide
                                                                           : protocol::Channel::admin));
  args.by = by;
  args.known_id_hash = k->id_hash;
  args.known_id_masked = k->id_masked;
  args.known_name_masked = k->name_masked;
  auto o = hall.engine.take(args);
  if (!o) return c.fail(o.error());
  auto back = hall.cases.supplement_returned(code, *o.value(), domain::Actor{c.device().id, 0});
  if (!back) return c.fail(back.error());
  return issued_answer(c, hall, o);
}

const domain::Ticket* held_pickup_ticket(const Hall& hall, const domain::TakeArgs& take) {
  const std::string& pickup = hall.config.hall.cases.pickup_service;
  if (pickup.empty() || take.service != pickup || take.id_number.empty()) return nullptr;
  const std::string hash = hall.engine.hash_id(take.id_number);
  if (hash.empty()) return nullptr;
  const domain::Ticket* held = nullptr;
  const std::string today = hall.engine.day().str() + "/";
  for (const domain::Case* k : hall.cases.of_person(hash)) {
    if (k->state != domain::CaseState::ready_for_pickup) continue;
    // A ready case not yet on a waiting ticket of today: a new ticket is what links it.
    if (!k->pickup_ticket.starts_with(today)) return nullptr;
    const domain::Ticket* t = hall.engine.find(std::string_view(k->pickup_ticket).substr(today.size()));
    if (!t || (t->state() != domain::TicketState::waiting && t->state() != domain::TicketState::called) ||
        (held && held != t))
      return nullptr;
    held = t;
  }
  return held;
}

void link_pickup_ticket(Hall& hall, const domain::Ticket& t) {
  if (hall.config.hall.cases.pickup_service.empty() || t.origin != hall.config.hall.cases.pickup_service) return;
  hall.cases.link_pickup_ticket(t.id_hash, t);
}

}  // namespace hallq::server
