#include "core/domain/case_book.hpp"

#include <algorithm>
#include <cstdio>

#include "core/domain/calendar.hpp"
#include "core/domain/credit_code.hpp"

namespace hallq::domain {
namespace {

// Ended cases stay in the book this many days (the day's register, recent
// look-ups); older ones are in the store only.
constexpr int kKeepEndedDays = 31;
constexpr std::size_t kKeepNotifications = 500;

std::string compact(LocalDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

// The day and sequence of "F-20261130-0012" / "L-20261130-01"; nothing if it is not one.
std::optional<std::pair<std::string, int>> day_and_seq(std::string_view number) {
  auto a = number.find('-');
  auto b = number.rfind('-');
  if (a == std::string_view::npos || b == a) return std::nullopt;
  std::string day(number.substr(a + 1, b - a - 1));
  int seq = 0;
  for (char ch : number.substr(b + 1)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    seq = seq * 10 + (ch - '0');
  }
  return std::make_pair(day, seq);
}

Error not_found(std::string what) {
  return {Code::not_found, std::move(what)};
}
Error bad_state(const Case& c, std::string_view want) {
  return {Code::invalid_state,
          "case " + c.number + " is " + std::string(to_string(c.state)) + "; this needs it " + std::string(want)};
}

// Acceptance and a decision at the window need every material seen.
std::optional<Error> incomplete(const Case& c) {
  for (const auto& x : c.materials)
    if (x.state == MaterialState::pending || x.state == MaterialState::missing)
      return Error{Code::invalid_state, "case " + c.number + ": material \"" + x.name.zh + "\" is " +
                                            std::string(to_string(x.state)) + "; every material must be received"};
  return std::nullopt;
}

}  // namespace

struct CaseBook::Impl {
  std::map<std::string, Case, std::less<>> cases;
  std::map<std::string, Handover, std::less<>> sheets;
  std::vector<Notification> notes;  // recent and pending, by id
  std::int64_t last_note = 0;
  std::map<std::string, int> case_seq, sheet_seq;              // "20261130" → highest sequence
  std::map<std::string, std::string, std::less<>> by_request;  // a case_open's request_key → its case
  Changes changes;
  std::vector<std::string> dirty_cases, dirty_sheets;
  std::optional<LocalDate> pruned_on;

  Case& touch(Case& c, TimePoint now) {
    c.updated_at = now;
    dirty_cases.push_back(c.number);
    return c;
  }
  Handover& touch(Handover& h) {
    dirty_sheets.push_back(h.number);
    return h;
  }
  void event(const char* kind, TimePoint now, LocalDate day, const Case& c, const Actor& by, std::string detail) {
    changes.events.push_back({kind, now, day, c.number, by.window, c.service, by.who, std::move(detail)});
  }
  void flush() {
    std::sort(dirty_cases.begin(), dirty_cases.end());
    dirty_cases.erase(std::unique(dirty_cases.begin(), dirty_cases.end()), dirty_cases.end());
    for (const auto& n : dirty_cases)
      if (auto it = cases.find(n); it != cases.end()) changes.cases.push_back(it->second);
    dirty_cases.clear();
    std::sort(dirty_sheets.begin(), dirty_sheets.end());
    dirty_sheets.erase(std::unique(dirty_sheets.begin(), dirty_sheets.end()), dirty_sheets.end());
    for (const auto& n : dirty_sheets)
      if (auto it = sheets.find(n); it != sheets.end()) changes.handovers.push_back(it->second);
    dirty_sheets.clear();
  }
  Case* find(std::string_view number) {
    auto it = cases.find(number);
    return it == cases.end() ? nullptr : &it->second;
  }
  void note_number(const std::string& number, std::map<std::string, int>& seqs) {
    if (auto ds = day_and_seq(number)) seqs[ds->first] = std::max(seqs[ds->first], ds->second);
  }
};

CaseBook::CaseBook(const HallConfig& config, const Clock& clock)
    : config_(config), clock_(clock), impl_(std::make_unique<Impl>()) {}
CaseBook::~CaseBook() = default;

LocalDate CaseBook::today() const {
  return hall_day(clock_.now(), config_.rollover_minute);
}

void CaseBook::restore(std::vector<Case> cases, std::vector<Handover> sheets, std::vector<Notification> notifications,
                       std::int64_t last_notification) {
  auto& m = *impl_;
  m.cases.clear();
  m.sheets.clear();
  m.case_seq.clear();
  m.sheet_seq.clear();
  m.by_request.clear();
  for (auto& c : cases) {
    m.note_number(c.number, m.case_seq);
    if (!c.request_key.empty()) m.by_request[c.request_key] = c.number;
    std::string n = c.number;
    m.cases.emplace(std::move(n), std::move(c));
  }
  for (auto& h : sheets) {
    m.note_number(h.number, m.sheet_seq);
    std::string n = h.number;
    m.sheets.emplace(std::move(n), std::move(h));
  }
  m.notes = std::move(notifications);
  m.last_note = last_notification;
  for (const auto& n : m.notes) m.last_note = std::max(m.last_note, n.id);
}

// ------------------------------------------------------------------ the window

Outcome<const Case*> CaseBook::open(const Ticket& ticket, const OpenCaseArgs& args, const Actor& by) {
  auto& m = *impl_;
  const std::string service = args.service.empty() ? ticket.current().service : args.service;
  const Service* svc = config_.service(service);
  if (!svc) return not_found("no service " + service);
  if (const Case* again = find_request(args.request_key)) {
    if (again->ticket_day != ticket.day || again->ticket != ticket.number || again->service != service)
      return Error{Code::bad_request, "request_key was already used for case " + again->number};
    return again;
  }
  if (!args.phone.empty() && !valid_phone(args.phone))
    return Error{Code::bad_request, "phone must be a mobile number of 11 digits starting with 1"};
  if (!known_language(args.language)) return Error{Code::bad_request, "language must be zh, mn or en"};
  if (!args.company_code.empty() && !valid_credit_code(args.company_code))
    return Error{Code::bad_request, "company_code is not a valid unified social credit code (GB 32100)"};
  const TimePoint now = clock_.now();
  const LocalDate day = today();
  const std::string d = compact(day);
  char number[64];
  std::snprintf(number, sizeof number, "%s-%s-%04d", config_.cases.number_prefix.c_str(), d.c_str(), ++m.case_seq[d]);
  Case c;
  c.number = number;
  c.service = service;
  c.department = svc->department;
  c.id_hash = ticket.id_hash;
  c.id_masked = ticket.id_masked;
  c.name_masked = ticket.name_masked;
  c.company = args.company;
  c.company_code = normalize_credit_code(args.company_code);
  c.phone = args.phone;
  c.language = args.language;
  c.ticket_day = ticket.day;
  c.ticket = ticket.number;
  c.window = by.window;
  c.clerk = by.who;
  for (const auto& name : svc->materials) c.materials.push_back({name, MaterialState::pending});
  c.state = CaseState::received;
  c.received_at = now;
  c.request_key = args.request_key;
  if (!c.request_key.empty()) m.by_request[c.request_key] = c.number;
  auto [it, inserted] = m.cases.emplace(c.number, std::move(c));
  (void)inserted;
  m.touch(it->second, now);
  m.event("case_received", now, day, it->second, by, "ticket " + ticket.number);
  return &it->second;
}

Outcome<const Case*> CaseBook::set_materials(std::string_view number, const std::vector<MaterialState>& states,
                                             const Actor& by) {
  auto& m = *impl_;
  Case* found = m.find(number);
  if (!found) return not_found("no case " + std::string(number));
  Case& c = *found;
  if (c.state != CaseState::received && c.state != CaseState::supplement_requested)
    return bad_state(c, "received or waiting for a supplement");
  if (states.size() != c.materials.size())
    return Error{Code::bad_request, "materials: the service asks for " + std::to_string(c.materials.size()) +
                                        " materials, " + std::to_string(states.size()) + " states given"};
  std::string detail;
  for (std::size_t i = 0; i < states.size(); ++i) {
    c.materials[i].state = states[i];
    detail += (i ? "," : "") + std::string(to_string(states[i]));
  }
  const TimePoint now = clock_.now();
  m.touch(c, now);
  m.event("case_materials", now, today(), c, by, detail);
  return &c;
}

Outcome<const Case*> CaseBook::request_supplement(std::string_view number, std::string code, const Actor& by) {
  auto& m = *impl_;
  Case* found = m.find(number);
  if (!found) return not_found("no case " + std::string(number));
  Case& c = *found;
  if (c.state != CaseState::received) return bad_state(c, "received");
  bool missing = std::any_of(c.materials.begin(), c.materials.end(),
                             [](const CaseMaterial& x) { return x.state == MaterialState::missing; });
  if (!missing) return Error{Code::invalid_state, "case " + c.number + ": no material is marked missing"};
  if (code.empty() || find_by_code(code)) return Error{Code::invalid_state, "the supplement code is not unique"};
  c.state = CaseState::supplement_requested;
  c.supplement_code = std::move(code);
  ++c.supplements;
  const TimePoint now = clock_.now();
  m.touch(c, now);
  std::string missing_list;
  for (std::size_t i = 0; i < c.materials.size(); ++i)
    if (c.materials[i].state == MaterialState::missing)
      missing_list += (missing_list.empty() ? "" : ",") + std::to_string(i + 1);
  m.event("case_supplement", now, today(), c, by, "missing " + missing_list);
  return &c;
}

const Case* CaseBook::find_by_code(std::string_view code) const {
  if (code.empty()) return nullptr;
  for (const auto& [n, c] : impl_->cases)
    if (c.state == CaseState::supplement_requested && c.supplement_code == code) return &c;
  return nullptr;
}

Outcome<const Case*> CaseBook::supplement_returned(std::string_view code, const Ticket& ticket, const Actor& by) {
  auto& m = *impl_;
  const Case* found = find_by_code(code);
  if (!found) return not_found("no case waits for a supplement with this code");
  Case& c = *m.find(found->number);
  c.state = CaseState::received;
  c.supplement_code.clear();
  c.ticket_day = ticket.day;
  c.ticket = ticket.number;
  // What was missing is to be looked at again.
  for (auto& x : c.materials)
    if (x.state == MaterialState::missing) x.state = MaterialState::pending;
  const TimePoint now = clock_.now();
  m.touch(c, now);
  m.event("case_received", now, today(), c, by, "back with the supplement, ticket " + ticket.number);
  return &c;
}

Outcome<const Case*> CaseBook::accept(std::string_view number, const Actor& by) {
  auto& m = *impl_;
  Case* found = m.find(number);
  if (!found) return not_found("no case " + std::string(number));
  Case& c = *found;
  if (c.state != CaseState::received) return bad_state(c, "received");
  if (auto e = incomplete(c)) return *e;
  const Service* svc = config_.service(c.service);
  const TimePoint now = clock_.now();
  const LocalDate day = today();
  c.state = CaseState::accepted;
  c.accepted_at = now;
  if (svc && svc->limit_days > 0) c.due = add_workdays(config_, day, svc->limit_days);
  m.touch(c, now);
  m.event("case_accepted", now, day, c, by, c.due ? "due " + c.due->str() : std::string("no time limit"));
  return &c;
}

Outcome<const Case*> CaseBook::decide_at_window(std::string_view number, const Actor& by) {
  auto& m = *impl_;
  Case* found = m.find(number);
  if (!found) return not_found("no case " + std::string(number));
  Case& c = *found;
  if (c.state != CaseState::received && c.state != CaseState::accepted) return bad_state(c, "received or accepted");
  if (auto e = incomplete(c)) return *e;
  const TimePoint now = clock_.now();
  if (c.accepted_at == TimePoint{}) c.accepted_at = now;
  c.state = CaseState::decided_at_window;
  c.phone.clear();
  m.touch(c, now);
  m.event("case_decided_at_window", now, today(), c, by, {});
  return &c;
}

Outcome<const Case*> CaseBook::withdraw(std::string_view number, std::string_view reason, const Actor& by) {
  auto& m = *impl_;
  Case* found = m.find(number);
  if (!found) return not_found("no case " + std::string(number));
  Case& c = *found;
  if (ended(c.state)) return bad_state(c, "open");
  if (reason.empty()) return Error{Code::bad_request, "a withdrawal needs a reason"};
  const TimePoint now = clock_.now();
  c.state = CaseState::withdrawn;
  c.supplement_code.clear();
  c.phone.clear();
  c.result_note = std::string(reason);
  m.touch(c, now);
  m.event("case_withdrawn", now, today(), c, by, std::string(reason));
  return &c;
}

// ------------------------------------------------------------------ hand-over

Outcome<const Handover*> CaseBook::create_handover(std::string_view department, const std::vector<std::string>& list,
                                                   const Actor& by) {
  auto& m = *impl_;
  if (!config_.department(department)) return not_found("no department " + std::string(department));
  if (list.empty()) return Error{Code::bad_request, "a hand-over sheet needs at least one case"};
  std::vector<Case*> chosen;
  for (const auto& n : list) {
    Case* found = m.find(n);
    if (!found) return not_found("no case " + n);
    Case& c = *found;
    if (c.state != CaseState::accepted) return bad_state(c, "accepted");
    if (c.department != department)
      return Error{Code::invalid_state, "case " + c.number + " is decided by " +
                                            (c.department.empty() ? std::string("the window") : c.department) +
                                            ", not " + std::string(department)};
    if (std::find(chosen.begin(), chosen.end(), &c) != chosen.end())
      return Error{Code::bad_request, "case " + c.number + " is named twice"};
    chosen.push_back(&c);
  }
  const TimePoint now = clock_.now();
  const LocalDate day = today();
  const std::string d = compact(day);
  char number[64];
  std::snprintf(number, sizeof number, "L-%s-%02d", d.c_str(), ++m.sheet_seq[d]);
  Handover h;
  h.number = number;
  h.department = std::string(department);
  h.created_at = now;
  h.created_by = by.who;
  for (Case* c : chosen) {
    h.cases.push_back(c->number);
    c->state = CaseState::handed_over;
    c->handover = h.number;
    m.touch(*c, now);
    m.event("case_handed_over", now, day, *c, by, h.number + " to " + h.department);
  }
  auto [it, inserted] = m.sheets.emplace(h.number, std::move(h));
  (void)inserted;
  m.touch(it->second);
  return &it->second;
}

Outcome<const Handover*> CaseBook::receive_handover(std::string_view sheet, std::string_view person,
                                                    std::string_view department, const Actor& by) {
  auto& m = *impl_;
  auto it = m.sheets.find(sheet);
  if (it == m.sheets.end() || (!department.empty() && it->second.department != department))
    return not_found("no hand-over sheet " + std::string(sheet) + (department.empty() ? "" : " for this department"));
  Handover& h = it->second;
  if (h.state != HandoverState::created)
    return Error{Code::invalid_state, "sheet " + h.number + " was already received by " + h.received_by};
  if (person.empty()) return Error{Code::bad_request, "the person who receives the sheet must be named"};
  const TimePoint now = clock_.now();
  h.state = HandoverState::received;
  h.received_at = now;
  h.received_by = std::string(person);
  m.touch(h);
  m.changes.events.push_back(
      {"handover_received", now, today(), h.number, by.window, h.department, by.who, std::string(person)});
  return &h;
}

Outcome<const Handover*> CaseBook::return_handover(std::string_view sheet, const std::vector<ReturnResult>& results,
                                                   std::string_view department, const Actor& by) {
  auto& m = *impl_;
  auto it = m.sheets.find(sheet);
  if (it == m.sheets.end() || (!department.empty() && it->second.department != department))
    return not_found("no hand-over sheet " + std::string(sheet) + (department.empty() ? "" : " for this department"));
  Handover& h = it->second;
  if (h.state != HandoverState::received)
    return Error{Code::invalid_state, "sheet " + h.number + " is " + std::string(to_string(h.state)) +
                                          "; results come back on a received sheet"};
  if (results.empty()) return Error{Code::bad_request, "no results given"};
  // Check everything before changing anything.
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ReturnResult& r = results[i];
    if (std::find(h.cases.begin(), h.cases.end(), r.case_number) == h.cases.end())
      return not_found("case " + r.case_number + " is not on sheet " + h.number);
    for (std::size_t j = 0; j < i; ++j)  // one decision a case: two would leave the last, both in the record
      if (results[j].case_number == r.case_number)
        return Error{Code::bad_request, "case " + r.case_number + " is named twice"};
    const Case& c = *m.find(r.case_number);
    if (c.state != CaseState::handed_over) return bad_state(c, "handed over");
    if (!r.approved && r.note.empty())
      return Error{Code::bad_request, "case " + r.case_number + ": a refusal needs its reasons in note"};
  }
  const TimePoint now = clock_.now();
  const LocalDate day = today();
  for (const auto& r : results) {
    Case& c = *m.find(r.case_number);
    c.state = r.approved ? CaseState::returned_approved : CaseState::returned_rejected;
    c.returned_at = now;
    c.result_note = r.note;
    m.touch(c, now);
    m.event("case_returned", now, day, c, by, std::string(r.approved ? "approved" : "rejected") + " on " + h.number);
  }
  bool all = std::all_of(h.cases.begin(), h.cases.end(), [&](const std::string& n) {
    const Case* c = m.find(n);
    return !c || c->state != CaseState::handed_over;
  });
  if (all) {
    h.state = HandoverState::returned;
    h.returned_at = now;
    h.returned_by = by.who;
  }
  m.touch(h);
  return &h;
}

// ------------------------------------------------------------------ pickup

Outcome<const Case*> CaseBook::mark_ready(std::string_view number, std::string notice_text, const Actor& by) {
  auto& m = *impl_;
  Case* found = m.find(number);
  if (!found) return not_found("no case " + std::string(number));
  Case& c = *found;
  if (c.state != CaseState::returned_approved && c.state != CaseState::returned_rejected)
    return bad_state(c, "returned by its department");
  const TimePoint now = clock_.now();
  c.state = CaseState::ready_for_pickup;
  c.ready_at = now;
  m.touch(c, now);
  std::string detail = "ready";
  if (!c.phone.empty()) {
    Notification n;
    n.id = ++m.last_note;
    n.case_number = c.number;
    n.recipient_masked = mask_phone(c.phone);
    n.language = c.language;
    n.text = std::move(notice_text);
    n.created_at = now;
    m.notes.push_back(n);
    m.changes.notifications.push_back(n);
    detail += ", notice " + std::to_string(n.id) + " to " + n.recipient_masked;
  }
  m.event("case_ready", now, today(), c, by, detail);
  return &c;
}

int CaseBook::link_pickup_ticket(std::string_view id_hash, const Ticket& ticket) {
  auto& m = *impl_;
  if (id_hash.empty()) return 0;
  const TimePoint now = clock_.now();
  int n = 0;
  for (auto& [number, c] : m.cases) {
    if (c.state != CaseState::ready_for_pickup || c.id_hash != id_hash) continue;
    c.pickup_ticket = ticket.day.str() + "/" + ticket.number;
    m.touch(c, now);
    m.event("case_pickup_ticket", now, today(), c, Actor{ticket.issued_by, 0}, ticket.number);
    ++n;
  }
  return n;
}

Outcome<const Case*> CaseBook::pick_up(std::string_view number, std::string_view presented_hash,
                                       const std::optional<Agent>& agent, const Actor& by) {
  auto& m = *impl_;
  Case* found = m.find(number);
  if (!found) return not_found("no case " + std::string(number));
  Case& c = *found;
  if (c.state != CaseState::ready_for_pickup) return bad_state(c, "ready for pickup");
  PickupRecord rec;
  if (agent) {
    if (agent->reason.empty()) return Error{Code::bad_request, "an agent's pickup needs a reason"};
    if (agent->id_hash.empty()) return Error{Code::bad_request, "an agent's pickup needs the agent's ID number"};
    rec.agent = true;
    rec.agent_id_masked = agent->id_masked;
    rec.reason = agent->reason;
  } else if (c.id_hash.empty() || presented_hash != c.id_hash) {
    return Error{Code::identity_mismatch,
                 "case " + c.number + ": the ID number shown is not the applicant's; an agent must be recorded as one"};
  }
  const TimePoint now = clock_.now();
  rec.at = now;
  rec.window = by.window;
  rec.clerk = by.who;
  c.pickup = rec;
  c.state = CaseState::picked_up;
  c.phone.clear();
  m.touch(c, now);
  m.event("case_picked_up", now, today(), c, by,
          rec.agent ? "by agent " + rec.agent_id_masked + ": " + rec.reason : std::string("by the applicant"));
  return &c;
}

void CaseBook::notification_sent(std::int64_t id, bool ok, std::string error) {
  auto& m = *impl_;
  for (auto& n : m.notes) {
    if (n.id != id) continue;
    n.state = ok ? "sent" : "failed";
    n.sent_at = clock_.now();
    n.error = std::move(error);
    m.changes.notifications.push_back(n);
    m.changes.events.push_back(
        {ok ? "notice_sent" : "notice_failed", n.sent_at, today(), n.case_number, 0, {}, "gateway", n.error});
  }
  // Keep the pending ones and the newest others.
  if (m.notes.size() > kKeepNotifications) {
    auto drop = m.notes.size() - kKeepNotifications;
    for (auto it = m.notes.begin(); it != m.notes.end() && drop > 0;) {
      if (it->state != "pending") {
        it = m.notes.erase(it);
        --drop;
      } else {
        ++it;
      }
    }
  }
}

// ------------------------------------------------------------------ queries

const Case* CaseBook::find(std::string_view number) const {
  auto it = impl_->cases.find(number);
  return it == impl_->cases.end() ? nullptr : &it->second;
}

const Case* CaseBook::find_request(std::string_view request_key) const {
  if (request_key.empty()) return nullptr;
  auto key = impl_->by_request.find(request_key);
  if (key == impl_->by_request.end()) return nullptr;
  auto opened = day_and_seq(key->second);  // a case's number names the day it was opened
  return opened && opened->first == compact(today()) ? find(key->second) : nullptr;
}

const Handover* CaseBook::find_sheet(std::string_view number) const {
  auto it = impl_->sheets.find(number);
  return it == impl_->sheets.end() ? nullptr : &it->second;
}

DueStatus CaseBook::due_status(const Case& c) const {
  DueStatus s;
  if (!c.due || ended(c.state) || c.state == CaseState::ready_for_pickup) return s;
  // A result back in the hall is no longer chased; one still at the department is.
  if (c.state == CaseState::returned_approved || c.state == CaseState::returned_rejected) return s;
  s.workdays_left = workdays_left(config_, today(), *c.due);
  s.overdue = today() > *c.due;
  s.due_soon = !s.overdue && s.workdays_left <= config_.cases.due_soon_days;
  return s;
}

std::vector<const Case*> CaseBook::list(const CaseFilter& f) const {
  std::vector<const Case*> out;
  for (const auto& [n, c] : impl_->cases) {
    if (f.state && c.state != *f.state) continue;
    if (!f.department.empty() && c.department != f.department) continue;
    if (f.open_only && ended(c.state)) continue;
    if (f.overdue || f.due_soon) {
      DueStatus s = due_status(c);
      if (f.overdue && !s.overdue) continue;
      if (f.due_soon && !s.overdue && !s.due_soon) continue;
    }
    out.push_back(&c);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Case* a, const Case* b) { return a->received_at < b->received_at; });
  return out;
}

std::vector<const Case*> CaseBook::of_person(std::string_view id_hash) const {
  std::vector<const Case*> out;
  if (id_hash.empty()) return out;
  for (const auto& [n, c] : impl_->cases)
    if (c.id_hash == id_hash && !ended(c.state)) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(),
                   [](const Case* a, const Case* b) { return a->received_at < b->received_at; });
  return out;
}

std::vector<const Case*> CaseBook::of_ticket(LocalDate day, std::string_view ticket) const {
  std::vector<const Case*> out;
  const std::string ref = day.str() + "/" + std::string(ticket);
  for (const auto& [n, c] : impl_->cases)
    if ((c.ticket_day == day && c.ticket == ticket) || c.pickup_ticket == ref) out.push_back(&c);
  return out;
}

std::vector<const Case*> CaseBook::picked_up_on(LocalDate day) const {
  std::vector<const Case*> out;
  for (const auto& [n, c] : impl_->cases)
    if (c.state == CaseState::picked_up && c.pickup && hall_day(c.pickup->at, config_.rollover_minute) == day)
      out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](const Case* a, const Case* b) { return a->pickup->at < b->pickup->at; });
  return out;
}

std::vector<const Handover*> CaseBook::sheets(std::string_view department) const {
  std::vector<const Handover*> out;
  for (const auto& [n, h] : impl_->sheets)
    if (department.empty() || h.department == department) out.push_back(&h);
  std::stable_sort(out.begin(), out.end(),
                   [](const Handover* a, const Handover* b) { return a->created_at > b->created_at; });
  return out;
}

std::vector<Notification> CaseBook::outbox(std::size_t max) const {
  std::vector<Notification> out;
  for (const auto& n : impl_->notes)
    if (n.state == "pending" && out.size() < max) out.push_back(n);
  return out;
}

const std::vector<Notification>& CaseBook::notifications() const {
  return impl_->notes;
}

CaseCounts CaseBook::counts() const {
  CaseCounts k;
  for (const auto& [n, c] : impl_->cases) {
    if (ended(c.state)) continue;
    ++k.open;
    if (c.state == CaseState::ready_for_pickup) ++k.ready;
    if (c.state == CaseState::handed_over) ++k.handed_over;
    DueStatus s = due_status(c);
    if (s.overdue) ++k.overdue;
    if (s.due_soon) ++k.due_soon;
  }
  return k;
}

Changes CaseBook::take_changes() {
  auto& m = *impl_;
  m.flush();
  // Cases ended long ago leave the book once a day (the store keeps them).
  const LocalDate day = today();
  if (m.pruned_on != day) {
    m.pruned_on = day;
    const LocalDate cutoff = day.plus_days(-kKeepEndedDays);
    for (auto it = m.cases.begin(); it != m.cases.end();) {
      bool old = ended(it->second.state) && hall_day(it->second.updated_at, config_.rollover_minute) < cutoff;
      if (auto k = m.by_request.find(it->second.request_key); old && k != m.by_request.end() && k->second == it->first)
        m.by_request.erase(k);
      it = old ? m.cases.erase(it) : std::next(it);
    }
    for (auto it = m.sheets.begin(); it != m.sheets.end();) {
      bool old = it->second.state == HandoverState::returned &&
                 hall_day(it->second.returned_at, config_.rollover_minute) < cutoff;
      it = old ? m.sheets.erase(it) : std::next(it);
    }
  }
  Changes out = std::move(m.changes);
  m.changes = Changes{};
  return out;
}

}  // namespace hallq::domain
