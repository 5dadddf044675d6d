#pragma once
// The help book: kiosks' calls for a guide (帮办) and the help desk's register
// (咨询登记). Pure and deterministic like the queue engine and the rating book:
// time from the Clock, no I/O; the server seals call-back numbers before they
// get here.
//
// A kiosk's call is open until a guide takes it; calling again while one is
// open is the same call. Calls belong to their hall day: yesterday's open call
// is no one's to take today. The register keeps today's entries and every
// entry whose follow-up is still to do (any day); older ones are in the store.
//
// Thread affinity: not thread safe; one owner calls it (the server's event loop).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/changes.hpp"
#include "core/domain/hall.hpp"
#include "core/domain/help.hpp"
#include "core/domain/outcome.hpp"
#include "core/domain/time.hpp"

namespace hallq::domain {

class HelpBook {
 public:
  // `config` and `clock` must outlive the book.
  HelpBook(const HallConfig& config, const Clock& clock);
  ~HelpBook();
  HelpBook(const HelpBook&) = delete;
  HelpBook& operator=(const HelpBook&) = delete;

  // Continues from persisted state: today's calls, the register's entries of
  // today and those with a follow-up still to do, and the highest ids so far.
  void restore(std::vector<HelpRequest> requests, std::vector<HelpdeskEntry> entries, std::int64_t last_request,
               std::int64_t last_entry);

  // `device` (a kiosk) calls for a guide: its open call, or a new one.
  const HelpRequest& request(std::string_view device);
  // `by` takes call `id`: invalid_state naming who has it when taken already,
  // not_found for no call of today with that id.
  Outcome<const HelpRequest*> take(std::int64_t id, std::string by);
  const HelpRequest* find_request(std::int64_t id) const;
  // Today's calls, oldest first (open ones only when `open_only`).
  std::vector<const HelpRequest*> requests(bool open_only = false) const;

  // A question answered: `e` with topic, service, answer, followup, phone and
  // request_key filled in; the book gives it its id, day, time and `by`. An
  // entry already made today by `by` under the same request_key is answered
  // again instead of a second one. bad_request for an empty or too long topic
  // or answer, a service the hall does not have, a call-back number without a
  // follow-up.
  Outcome<const HelpdeskEntry*> add(HelpdeskEntry e, std::string by);
  // The follow-up of entry `id` was done by `by` (the call-back number is
  // dropped): invalid_state when it needs none or is done already.
  Outcome<const HelpdeskEntry*> done(std::int64_t id, std::string by);
  const HelpdeskEntry* find_entry(std::int64_t id) const;
  // Today's entries, newest first.
  std::vector<const HelpdeskEntry*> entries_today() const;
  // Entries of earlier days whose follow-up is still to do, oldest first.
  std::vector<const HelpdeskEntry*> earlier_followups() const;

  LocalDate today() const;  // the hall day now

  // What changed since the last call (also lets go of what the store keeps:
  // past days' calls and finished entries).
  Changes take_changes();

  struct Impl;

 private:
  const HallConfig& config_;
  const Clock& clock_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hallq::domain
