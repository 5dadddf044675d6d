#pragma once
// Follow-ups of bad ratings (/staff/followups): every 不满意 / 非常不满意
// opens a follow-up (docs/ratings.md) — call the citizen back by the
// call-back date, put it right by the rectification date, close it. The list
// (the `followups` op: not ended, or all), each with the rating (visit, window,
// clerk, level, reasons), the dates, overdue marked, the call-back number
// masked and the notes so far; a guide or admin records the next step with
// what was said or done (`followup_update`). Managers may look.
//
//   GET  /staff/followups?all=1
//   POST /staff/followups/update   followup, state, note

#include <string>

#include "core/protocol/ratings.hpp"
#include "server/web/console/console.hpp"

namespace hallq::server::web {

class FollowupsSection : public Section {
 public:
  explicit FollowupsSection(const Console& console) : c_(console) {}

  std::string_view name() const override { return "followups"; }
  std::string_view title_key() const override { return "web.staff.followups.title"; }
  bool allows(const config::StaffUser& u) const override { return may_report(u); }
  boost::asio::awaitable<Response> handle(const Request& r, Session& s) override;

 private:
  // What a guide typed into a follow-up's form that was refused: shown again in that form.
  struct Typed {
    std::int64_t followup = 0;
    std::string state, note;
  };
  Response page(const Request& r, Session& s, bool all, const protocol::Result<protocol::FollowupsReply>& found,
                std::string_view notice, const Typed& typed) const;
  std::string item(const Session& s, std::string_view lang, const protocol::FollowupInfo& f, bool all,
                   const Typed& typed) const;

  const Console& c_;
};

}  // namespace hallq::server::web
