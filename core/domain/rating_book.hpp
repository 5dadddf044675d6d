#pragma once
// The rating book (好差评): every visit offered for rating, the citizen's
// answer, and the follow-up a bad rating opens. Pure and deterministic like
// the queue engine and the case book: time from the Clock, no I/O; the
// server seals call-back phone numbers before they get here.
//
// A visit is offered when its ticket is finished at a window: a rating row
// with no level ("not rated") exists from that moment, and the pad bound to
// the window may fill it in once within RatingRules::pad_seconds. A phone
// rating (through the one-time token on the ticket) may fill in a visit not
// rated on the pad, within kPhoneDays. A bad rating (不满意, 非常不满意)
// needs a reason and opens a follow-up with call-back and rectification
// dates in working days.
//
// Thread affinity: not thread safe; one owner calls it (the server's event loop).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/changes.hpp"
#include "core/domain/hall.hpp"
#include "core/domain/outcome.hpp"
#include "core/domain/rating.hpp"
#include "core/domain/ticket.hpp"
#include "core/domain/time.hpp"

namespace hallq::domain {

struct RatingAnswer {
  RatingLevel level = RatingLevel::very_satisfied;
  std::vector<std::string> reasons;
  RatingChannel channel = RatingChannel::pad;
  std::string phone_sealed, phone_masked;  // call-back consent (bad ratings only)
};

// Today's figures for the monitor and the caller.
struct RatingToday {
  int offered = 0;              // visits finished today
  int rated = 0;                // of them, rated
  std::array<int, 5> levels{};  // by level, very_dissatisfied (1) first
  int open_followups = 0;       // in the whole book, not only today's
  int overdue_followups = 0;    // past their call-back or rectification date
  // Satisfaction rate (基本满意 and better, over rated), in per mille; -1 when nothing is rated.
  int satisfaction_permille() const;
};

class RatingBook {
 public:
  static constexpr int kPhoneDays = 7;  // a visit may be rated by phone this long after
  // The pad offers a visit for pad_seconds after its finish; a citizen who has
  // started (choosing reasons, typing a call-back number) keeps the page while
  // they touch it, and the rating is taken up to this many times pad_seconds
  // after the finish.
  static constexpr int kPadTouchedLimit = 4;

  // `config` and `clock` must outlive the book.
  RatingBook(const HallConfig& config, const Clock& clock);
  ~RatingBook();
  RatingBook(const RatingBook&) = delete;
  RatingBook& operator=(const RatingBook&) = delete;

  // Continues from persisted state: the recent ratings, every follow-up not
  // ended (and those ended recently), and the highest ids given so far.
  void restore(std::vector<Rating> ratings, std::vector<Followup> followups, std::int64_t last_rating,
               std::int64_t last_followup);

  // `ticket` was finished at its window: offered for rating (not rated yet).
  const Rating& offer(const Ticket& ticket, std::string case_number);
  // The visit the pad of `window` offers now (within pad_seconds of its finish), if any.
  const Rating* offered_at(int window) const;
  // The pad of `window` rates `ticket`: the window's newest finished visit, once,
  // within kPadTouchedLimit × pad_seconds of its finish.
  Outcome<const Rating*> rate_at_window(int window, std::string_view ticket, const RatingAnswer& answer);
  // A phone rating of the visit `ticket` on `day` (the server has checked the token).
  Outcome<const Rating*> rate_visit(LocalDate day, std::string_view ticket, const RatingAnswer& answer);

  // 回访 and 整改: the next state, with a note (required) by `by`.
  Outcome<const Followup*> update_followup(std::int64_t id, FollowupState to, std::string note, std::string by);

  const Rating* find(LocalDate day, std::string_view ticket) const;
  const Rating* find(std::int64_t id) const;
  const Followup* followup(std::int64_t id) const;
  std::vector<const Followup*> followups(bool open_only) const;  // oldest first
  // Whether a follow-up is past its call-back (not contacted yet) or rectification date.
  bool overdue(const Followup& f) const;
  // Bad ratings given since `since` (the alarms for guides).
  std::vector<const Rating*> bad_since(TimePoint since) const;
  // Today's figures: the hall's, or one window's or one clerk's (the clerk's own).
  RatingToday figures_today(int window = 0, std::string_view clerk = {}) const;
  LocalDate today() const;  // the hall day now

  // What changed since the last call.
  Changes take_changes();

  struct Impl;

 private:
  const HallConfig& config_;
  const Clock& clock_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hallq::domain
