#pragma once
// The citizens' pages, for the phone that scanned a ticket's or receipt's QR
// code: public, no login, phone-sized, in Chinese, Mongolian or English.
//
//   GET  /v/TOKEN          the visit: the ticket's number, service, people
//                          ahead, estimated wait, state ("it's your turn:
//                          window 3"), its cases with their state and promised
//                          date, and a link to rate the visit once it is done
//   GET  /v/TOKEN/events   the same status as server-sent events, pushed when a
//                          change is durable (the page works without them)
//   GET  /v/TOKEN/rate     the one-time rating form (five levels, reasons,
//   POST /v/TOKEN/rate     call-back consent); POST rates through rate_phone
//
// A visit is reached only through its token (domain::VisitTokens: day, number
// and a MAC under the hall's key), never by its number; anything else is 404.

#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/config/config.hpp"
#include "core/domain/time.hpp"
#include "core/protocol/messages.hpp"
#include "server/dispatcher.hpp"
#include "server/web/html.hpp"
#include "server/web/http.hpp"
#include "server/web/local_peer.hpp"

namespace hallq::domain {
struct Case;
}

namespace hallq::server::web {

// One visit as its page shows it: today's ticket from the engine, its cases
// from the case book, its rating from the rating book (the wire's views).
struct Visit {
  std::string token;
  domain::LocalDate day;
  std::string number;
  std::string language;                        // the citizen's choice at the kiosk (today's tickets)
  std::optional<protocol::TicketInfo> ticket;  // when the visit is today's
  std::vector<protocol::CaseInfo> cases;
  bool rateable = false;  // finished, not rated yet, within the phone's days
  bool rated = false;
};

class CitizenPages {
 public:
  // Everything given must outlive the pages; `peer` asks rate_phone; `loop` is the event loop's.
  CitizenPages(boost::asio::any_io_executor loop, const config::Config& config, Books books, const Words& words,
               LocalPeer& peer);

  // A request under /v/ (Request::path[0] == "v").
  boost::asio::awaitable<Response> handle(const Request& r);
  // Something durable changed: each open stream gets its visit's status when it differs from the last sent.
  // The streams are gone through kSlice at a time, each slice a handler of its own on the loop, so
  // that a terminal's request waits for one slice, not for a thousand phones (docs/performance.md,
  // "Citizens' phones"). A refresh asked for during a pass makes another pass after it.
  void refresh();
  std::size_t streams() const { return watches_.size(); }
  static constexpr int kSlice = 8;

 private:
  // The cases of each visit ("2026-11-30/A012" → case numbers): one pass over the
  // case book serves every open stream of a refresh, however many there are.
  using CaseIndex = std::unordered_map<std::string, std::vector<std::string>>;
  CaseIndex case_index() const;
  // What a token names, its MAC checked: the stream keeps it, so a refresh does not check it again.
  struct Key {
    std::string token;
    domain::LocalDate day;
    std::string number;
  };
  std::optional<Key> key(std::string_view token) const;
  // `cases`: an index made for this refresh; none: the case book is asked.
  std::optional<Visit> visit(const Key& key, const CaseIndex* cases = nullptr) const;
  void refresh_slice();
  std::string status_html(const Visit& v, std::string_view lang) const;
  Response visit_page(const Visit& v, std::string_view lang) const;
  // The form; `sent` (a refused form's request): what the citizen chose and typed, shown again.
  Response rate_form(const Visit& v, std::string_view lang, std::string_view error,
                     const Request* sent = nullptr) const;
  // A visit already rated: said so, no form (`status` 409 for a form sent to it).
  Response rated_page(const Visit& v, std::string_view lang, int status) const;
  boost::asio::awaitable<Response> rate(const Visit& v, const Request& r, std::string lang);
  Response not_found(std::string_view lang) const;
  const domain::Names* service_names(std::string_view code) const;

  struct Watch {
    std::weak_ptr<EventStream> stream;
    Key key;
    std::string lang, last;
  };
  boost::asio::any_io_executor loop_;
  const config::Config& config_;
  Books books_;
  const Words& words_;
  LocalPeer& peer_;
  std::list<Watch> watches_;  // new streams at the end; only a refresh pass removes one
  // The pass under way: the next stream, the pass's case index, and whether another pass was asked for.
  bool refreshing_ = false, again_ = false;
  std::list<Watch>::iterator next_;
  CaseIndex pass_cases_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // gone with the pages: a posted slice then does nothing
};

}  // namespace hallq::server::web
