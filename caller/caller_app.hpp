#pragma once
// hallq-caller: the clerk's terminal for one window. A clerk logs in with a
// PIN, then calls, recalls, marks no-shows, finishes, transfers and pauses
// with big buttons or single keys, sees the ticket being served (number,
// service, how long it waited, priority or appointment, masked ID), what waits
// for the window, and their own day.
//
// During a visit the case panel (caller/case_panel.hpp) opens the
// application behind it, checks its materials, and prints the supplement
// notice or the acceptance receipt on the window's printer; at a pickup
// window it hands results out against the ID card on the window's reader.
// The rating strip (caller/rating_panel.hpp) shows the clerk's own 好差评 of
// the day: counts per level, never who rated.
//
// Nothing is done twice: while a request is out, the action buttons and keys
// are disabled, and the same action is ignored for 0.8 s after it was taken
// (a double tap must not call two citizens). Every refusal from
// the server is shown in plain words from the translations (errors.<op>.<code>,
// else errors.<code>: ui::error_text). Without the server the screen says so
// and offers nothing.
//
// Thread affinity: the UI thread (the io_context is polled by the frame loop).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "caller/case_panel.hpp"
#include "caller/rating_panel.hpp"
#include "core/config/i18n.hpp"
#include "core/domain/time.hpp"
#include "core/net/hall_client.hpp"
#include "core/protocol/hall_state.hpp"
#include "core/ui/app.hpp"
#include "drivers/devices/devices.hpp"

namespace hallq::caller {

struct Options {
  net::ClientOptions client;
  int window = 0;           // 0: the window this device is bound to (from the hello reply)
  std::string lang = "zh";  // zh, mn or en
  std::string assets;       // assets/ directory
  // The same action again this soon is a bounce or a double tap, not a
  // decision: a second "call next" would skip a citizen still walking up.
  double repeat_guard_s = 0.8;
  // The window's receipt printer and ID-card reader (none by default).
  devices::DeviceOptions devices{.printer = "none", .reader = "none"};
  // Reads an ID card instead of the reader (tests); none: the reader, if any.
  CardSource read_card;
};

enum class Dialog { none, clerks, pin, transfer, pause, call_number, case_panel };
enum class Action { call, recall, finish, no_show, transfer, pause, resume, call_number, case_panel };

class CallerApp final : public ui::Screen {
 public:
  CallerApp(boost::asio::io_context& ctx, Options options);
  ~CallerApp() override;
  void frame(ui::Ui& ui, const ui::Input& input) override;
  bool live() const override;
  ui::TrainingMark training_mark() const override;

  // For tests and the status line.
  int window() const { return window_; }
  Dialog dialog() const { return dialog_; }
  const std::string& entry() const { return entry_; }  // typed so far (a PIN, a number)
  bool busy() const { return busy_ || case_panel_->busy(); }
  const std::string& message() const { return message_; }
  bool message_is_error() const { return message_error_; }
  const std::optional<protocol::TicketInfo>& current() const { return current_; }
  const std::vector<protocol::TicketInfo>& waiting() const { return waiting_; }
  net::HallClient& client() { return *client_; }
  const protocol::HallState& state() const { return state_; }
  CasePanel& cases() { return *case_panel_; }
  RatingPanel& ratings() { return *rating_panel_; }

 private:
  void draw_login(ui::Ui& ui, const ui::Input& input);
  void draw_main(ui::Ui& ui, const ui::Input& input, const protocol::WindowInfo& w);
  void draw_actions(ui::Ui& ui, ui::Rect r, const protocol::WindowInfo& w);
  // The citizens' panels (ticket_panels.cpp): the ticket served, and who waits.
  void draw_current(ui::Ui& ui, ui::Rect r, const protocol::WindowInfo& w);
  // Without the server: the ticket being served when it went, over the connection-lost band.
  void draw_offline_current(ui::Ui& ui);
  void draw_queue(ui::Ui& ui, ui::Rect r);
  void draw_footer(ui::Ui& ui, ui::Rect r, const char* hint_key);  // the last outcome, else the hint
  void draw_transfer(ui::Ui& ui);
  void draw_pause(ui::Ui& ui);
  void draw_call_number(ui::Ui& ui);
  void draw_case_panel(ui::Ui& ui);
  // A modal panel with a title and a cancel button; returns its body.
  ui::Rect dialog_panel(ui::Ui& ui, const std::string& title, int w_percent, int h_percent);
  void shortcuts(const ui::Input& input, const protocol::WindowInfo& w);
  bool can(Action a, const protocol::WindowInfo& w) const;  // allowed now (and nothing is pending)
  void trigger(Action a);

  // Sends a window request for this window; shows a refusal; `done` gets a
  // successful reply.
  // `on_refused`, when given, may word a refusal itself (returns true when it has).
  template <protocol::WindowRequest Req>
  void act(Req request, std::function<void(const typename Req::Reply&)> done = {},
           std::function<bool(protocol::Errc)> on_refused = {});
  void explain_uncallable(const std::string& number);  // why call_number refused it, once known
  void follow_current(const protocol::WindowInfo& w);  // fetch the served ticket's details
  void refresh(double now);                            // waiting list and the clerk's day
  void say(std::string text, bool error);
  // A request of `op` failed with `code`: its words in the footer. A server that did not answer
  // (offline, timeout) is said so until it answers again.
  void refused(std::string_view op, protocol::Errc code);

  std::string t(std::string_view key, config::Translations::Args args = {}) const { return tr_.get(key, args); }
  std::string name(const protocol::Names& n) const { return n.in(options_.lang); }
  std::string duration(std::int64_t seconds) const;
  std::string service_name(const std::string& code) const;
  std::string window_name(int number) const;

  Options options_;
  config::Translations tr_;
  config::Translations zh_, mn_;  // the languages of the window's papers
  protocol::HallState state_;
  domain::ServerClock clock_;
  std::unique_ptr<net::HallClient> client_;
  bool synced_ = false;
  bool training_ = false;  // the server is a training hall's (hello)
  int window_ = 0;

  Dialog dialog_ = Dialog::none;
  std::string clerk_seen_;                // the window's clerk in the last frame
  bool case_panel_open_ = false;          // was open last frame (closing it forgets the person)
  std::string chosen_clerk_;              // login: who is typing a PIN
  std::string entry_;                     // what is being typed (PIN, number)
  bool busy_ = false;                     // a request is out: no second action
  std::map<Action, double> last_action_;  // when each action was last taken (repeat guard)
  std::string message_;
  bool message_error_ = false;
  bool message_lost_ = false;  // the message is that the server did not answer: gone once it does
  double message_at_ = 0;
  double now_ = 0;

  std::optional<protocol::TicketInfo> current_;
  std::string current_wanted_;  // number whose details are being fetched
  std::vector<protocol::TicketInfo> waiting_;
  bool waiting_more_ = false;  // more than we asked for
  bool lists_dirty_ = true, lists_loading_ = false, lists_loaded_ = false;
  double lists_at_ = -1e9;
  int served_today_ = 0;
  std::int64_t service_mean_s_ = 0;

  std::unique_ptr<devices::Devices> devices_;  // when a printer or reader is configured
  std::unique_ptr<CasePanel> case_panel_;
  std::unique_ptr<RatingPanel> rating_panel_;
};

// Defined here, not in caller_app.cpp: the screen's parts in their own files (caller_dialogs.cpp) act too.
template <protocol::WindowRequest Req>
void CallerApp::act(Req request, std::function<void(const typename Req::Reply&)> done,
                    std::function<bool(protocol::Errc)> on_refused) {
  if (busy_) return;
  busy_ = true;
  request.window = window_;
  client_->request(request, [this, done = std::move(done),
                             on_refused = std::move(on_refused)](const protocol::Result<typename Req::Reply>& reply) {
    busy_ = false;
    lists_dirty_ = true;
    if (!reply) {
      if (!on_refused || !on_refused(reply.failure().code)) refused(Req::kOp, reply.failure().code);
      return;
    }
    if (done) done(reply.value());
  });
}

}  // namespace hallq::caller
