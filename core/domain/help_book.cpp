#include "core/domain/help_book.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace hallq::domain {

namespace {
// Characters, not bytes: a Chinese question is as long as an English one (the text is UTF-8, checked by the parser).
std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
}  // namespace

struct HelpBook::Impl {
  std::map<std::int64_t, HelpRequest> requests;   // today's (older ones go at the day's turn)
  std::map<std::int64_t, HelpdeskEntry> entries;  // today's, and any with a follow-up to do
  std::int64_t last_request = 0, last_entry = 0;
  std::set<std::int64_t> touched_requests, touched_entries;
  Changes changes;
  LocalDate pruned_on;

  void event(std::string kind, TimePoint at, LocalDate day, std::int64_t id, std::string service, std::string by,
             std::string detail) {
    changes.events.push_back(
        {std::move(kind), at, day, std::to_string(id), 0, std::move(service), std::move(by), std::move(detail)});
  }
  void flush() {
    for (auto id : touched_requests)
      if (auto it = requests.find(id); it != requests.end()) changes.help_requests.push_back(it->second);
    for (auto id : touched_entries)
      if (auto it = entries.find(id); it != entries.end()) changes.helpdesk.push_back(it->second);
    touched_requests.clear();
    touched_entries.clear();
  }
  // Past days' calls, and past days' entries with nothing left to do, are the store's only.
  void prune(LocalDate today) {
    if (pruned_on == today) return;
    flush();  // what was touched goes to the store first
    pruned_on = today;
    std::erase_if(requests, [&](const auto& r) { return r.second.day < today; });
    std::erase_if(entries,
                  [&](const auto& e) { return e.second.day < today && (!e.second.followup || e.second.done_at); });
  }
};

HelpBook::HelpBook(const HallConfig& config, const Clock& clock)
    : config_(config), clock_(clock), impl_(std::make_unique<Impl>()) {}
HelpBook::~HelpBook() = default;

void HelpBook::restore(std::vector<HelpRequest> requests, std::vector<HelpdeskEntry> entries, std::int64_t last_request,
                       std::int64_t last_entry) {
  Impl fresh;
  fresh.last_request = last_request;
  fresh.last_entry = last_entry;
  for (auto& r : requests) fresh.requests[r.id] = std::move(r);
  for (auto& e : entries) fresh.entries[e.id] = std::move(e);
  *impl_ = std::move(fresh);
  impl_->prune(today());
}

LocalDate HelpBook::today() const {
  return hall_day(clock_.now(), config_.rollover_minute);
}

const HelpRequest& HelpBook::request(std::string_view device) {
  auto& m = *impl_;
  const LocalDate day = today();
  m.prune(day);
  for (auto& [id, r] : m.requests)
    if (r.day == day && r.open() && r.device == device) return r;
  HelpRequest r;
  r.id = ++m.last_request;
  r.day = day;
  r.device = std::string(device);
  r.requested_at = clock_.now();
  m.event("help_requested", r.requested_at, day, r.id, "", r.device, "");
  m.touched_requests.insert(r.id);
  return m.requests.emplace(r.id, std::move(r)).first->second;
}

Outcome<const HelpRequest*> HelpBook::take(std::int64_t id, std::string by) {
  auto& m = *impl_;
  const LocalDate day = today();
  m.prune(day);
  auto it = m.requests.find(id);
  if (it == m.requests.end() || it->second.day != day)
    return Error{Code::not_found, "no call for a guide " + std::to_string(id) + " today"};
  HelpRequest& r = it->second;
  if (!r.open())
    return Error{Code::invalid_state, "the call for a guide at " + r.device + " was already taken by " + r.taken_by +
                                          " at " + format_iso(*r.taken_at)};
  const TimePoint now = clock_.now();
  r.taken_at = now;
  r.taken_by = std::move(by);
  m.event("help_taken", now, day, r.id, "", r.taken_by, r.device);
  m.touched_requests.insert(r.id);
  return &r;
}

const HelpRequest* HelpBook::find_request(std::int64_t id) const {
  auto it = impl_->requests.find(id);
  return it == impl_->requests.end() ? nullptr : &it->second;
}

std::vector<const HelpRequest*> HelpBook::requests(bool open_only) const {
  std::vector<const HelpRequest*> out;
  const LocalDate day = today();
  for (const auto& [id, r] : impl_->requests)
    if (r.day == day && (!open_only || r.open())) out.push_back(&r);
  return out;
}

Outcome<const HelpdeskEntry*> HelpBook::add(HelpdeskEntry e, std::string by) {
  auto& m = *impl_;
  const LocalDate day = today();
  m.prune(day);
  if (!e.request_key.empty())
    for (const auto& [id, old] : m.entries)
      if (old.day == day && old.by == by && old.request_key == e.request_key) return &old;
  if (e.topic.empty()) return Error{Code::bad_request, "\"topic\" is required: what was asked"};
  if (characters(e.topic) > HelpdeskEntry::kMaxTopic)
    return Error{Code::bad_request,
                 "\"topic\" is longer than " + std::to_string(HelpdeskEntry::kMaxTopic) + " characters"};
  if (e.answer.empty()) return Error{Code::bad_request, "\"answer\" is required: what the citizen was told"};
  if (characters(e.answer) > HelpdeskEntry::kMaxAnswer)
    return Error{Code::bad_request,
                 "\"answer\" is longer than " + std::to_string(HelpdeskEntry::kMaxAnswer) + " characters"};
  if (!e.service.empty() && config_.service(e.service) == nullptr)
    return Error{Code::bad_request, "the hall has no service \"" + e.service + "\""};
  if (!e.phone_sealed.empty() && !e.followup)
    return Error{Code::bad_request, "a call-back number goes with a follow-up only"};
  e.id = ++m.last_entry;
  e.day = day;
  e.at = clock_.now();
  e.by = std::move(by);
  e.done_at.reset();
  e.done_by.clear();
  m.event("helpdesk_added", e.at, day, e.id, e.service, e.by, e.followup ? "followup" : "");
  m.touched_entries.insert(e.id);
  return &m.entries.emplace(e.id, std::move(e)).first->second;
}

Outcome<const HelpdeskEntry*> HelpBook::done(std::int64_t id, std::string by) {
  auto& m = *impl_;
  m.prune(today());
  auto it = m.entries.find(id);
  if (it == m.entries.end())
    return Error{Code::not_found, "no help-desk entry " + std::to_string(id) + " to follow up"};
  HelpdeskEntry& e = it->second;
  if (!e.followup) return Error{Code::invalid_state, "help-desk entry " + std::to_string(id) + " needs no follow-up"};
  if (e.done_at)
    return Error{Code::invalid_state, "the follow-up of help-desk entry " + std::to_string(id) + " was done by " +
                                          e.done_by + " at " + format_iso(*e.done_at)};
  const TimePoint now = clock_.now();
  e.done_at = now;
  e.done_by = std::move(by);
  e.phone_sealed.clear();  // the number was for this call-back only
  e.phone_masked.clear();
  m.event("helpdesk_done", now, today(), e.id, e.service, e.done_by, "");
  m.touched_entries.insert(e.id);
  return &e;
}

const HelpdeskEntry* HelpBook::find_entry(std::int64_t id) const {
  auto it = impl_->entries.find(id);
  return it == impl_->entries.end() ? nullptr : &it->second;
}

std::vector<const HelpdeskEntry*> HelpBook::entries_today() const {
  std::vector<const HelpdeskEntry*> out;
  const LocalDate day = today();
  for (auto it = impl_->entries.rbegin(); it != impl_->entries.rend(); ++it)
    if (it->second.day == day) out.push_back(&it->second);
  return out;
}

std::vector<const HelpdeskEntry*> HelpBook::earlier_followups() const {
  std::vector<const HelpdeskEntry*> out;
  const LocalDate day = today();
  for (const auto& [id, e] : impl_->entries)
    if (e.day < day && e.followup && !e.done_at) out.push_back(&e);
  return out;
}

Changes HelpBook::take_changes() {
  auto& m = *impl_;
  m.flush();
  Changes out = std::exchange(m.changes, {});
  m.prune(today());
  return out;
}

}  // namespace hallq::domain
