#pragma once
// The caller's case panel (办件): the application behind the visit being
// served, in a dialog of the caller's screen.
//
// At a receiving window, for the ticket being served: opens its case
// (case_open) or shows the one it has (cases {ticket}); the service's
// materials as buttons that cycle 原件 → 复印件 → 缺 (case_materials, the
// server's list is what is shown); 补正 (case_supplement, then the one-time
// supplement notice on the window's printer), 受理 (case_accept, then the
// acceptance receipt 受理回执), 即办 (case_decide).
//
// At a pickup window: the person's ID card on the window's reader (or a typed
// case number) finds their cases (case_lookup, case_status); the cases to be
// picked up with the ticket being served show by themselves (cases
// {ticket}). "发放" hands a ready case out against the card's ID number
// (case_pickup); a refusal such as identity_mismatch is shown in words. The
// raw ID number is kept while the same person is at the window (one person
// may collect several cases) and wiped when the dialog closes, another card
// is read or another ticket is served; the screen shows masks only.
//
// Agent pickup (代领): when the card is refused as not the applicant's, or the
// clerk taps "代领", the panel asks why this person collects for the applicant
// (caller_case.agent_reasons: 委托代领, 家属代领, …) and hands the case out
// with agent=true against the card read, which the server records as the
// agent's (masked) with the reason, in Chinese words whatever the screen's
// language (the pickup register prints it as given).
//
// Thread affinity: the UI thread, like CallerApp, which owns it.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/i18n.hpp"
#include "core/net/hall_client.hpp"
#include "core/protocol/cases.hpp"
#include "core/protocol/hall_state.hpp"
#include "core/ui/ui.hpp"
#include "drivers/devices/devices.hpp"

namespace hallq::caller {

// Reads an ID card and calls back on the UI thread (the window's reader, or a
// test's card).
using CardSource = std::function<void(std::function<void(devices::CardResult)>)>;

struct CasePanelContext {
  net::HallClient& client;
  const protocol::HallState& state;
  const config::Translations& tr;  // the screen's language
  const config::Translations& zh;  // the paper's languages (and the words a case records)
  const config::Translations& mn;
  std::string lang;
  devices::Devices* devices = nullptr;  // the receipt printer (and reader); none: nothing is printed
  CardSource read_card;                 // none: no reader
  std::function<void(std::string text, bool error)> say;
  std::function<void(std::string_view op, protocol::Errc code)> refused;  // a request failed: its words
  std::function<bool()> training;  // the server is a training hall's: its papers say so; none: never
};

class CasePanel {
 public:
  explicit CasePanel(CasePanelContext context);
  ~CasePanel();
  CasePanel(const CasePanel&) = delete;
  CasePanel& operator=(const CasePanel&) = delete;

  // Every frame, before draw: the window and the ticket it serves (empty:
  // none). A new ticket fetches its cases.
  void follow(int window, const std::optional<std::string>& ticket);
  // The dialog's body this frame.
  void draw(ui::Ui& ui, ui::Rect body);
  // The dialog is closed: forget the person (the raw ID number is wiped).
  void close();
  // The dialog's title.
  std::string title() const;

  bool busy() const { return busy_ || loading_ || reading_; }
  bool pickup() const;  // this is a pickup window

  // For tests and the status line.
  const std::optional<protocol::CaseInfo>& current_case() const { return case_; }
  const std::vector<protocol::CaseInfo>& found() const { return found_; }
  const std::string& last_paper() const { return last_paper_; }  // the virtual printer's last file
  const std::string& print_note() const { return print_note_; }
  bool has_card() const { return id_number_.has_value(); }
  const std::optional<std::string>& agent_for() const { return agent_for_; }  // the case an agent is to collect

 private:
  void draw_window(ui::Ui& ui, ui::Rect body);
  void draw_pickup(ui::Ui& ui, ui::Rect body);
  // Why an agent collects case k, in place of the list.
  void draw_agent(ui::Ui& ui, ui::Rect r, const protocol::CaseInfo& k);
  void load();  // the served ticket's cases
  // Sends a request unless one is out; a refusal is said in words, then given
  // to `refused`.
  template <protocol::WireRequest Req>
  void send(const Req& request, std::function<void(const typename Req::Reply&)> done,
            std::function<void(protocol::Errc)> refused = {});
  void cycle(std::size_t material);
  void print(const protocol::CaseInfo& c, bool notice);
  void read_card();
  // case_pickup against the card read: the applicant's, or with a reason (a
  // key of caller_case.agent_reasons) an agent's.
  void hand_out(const std::string& number, std::optional<std::string_view> agent_reason = std::nullopt);
  void forget_person();
  std::string t(std::string_view key, config::Translations::Args args = {}) const { return c_.tr.get(key, args); }
  std::string service_name(const std::string& code) const;

  CasePanelContext c_;
  ui::FontSet* fonts_ = nullptr;
  int window_ = 0;
  std::optional<std::string> ticket_;  // the ticket followed
  std::string open_key_;               // its case_open's request_key: asked again, the server gives the same case
  bool loading_ = false, busy_ = false, reading_ = false;
  // A case_open the server did not answer (timeout, offline) may have opened the case all the same:
  // until a look at the visit's cases answers, the panel asks again every 2 s and offers no second
  // open. (A second open would carry the same request_key and get the same case; the look shows the
  // clerk what the server has as soon as it answers.)
  bool unsure_ = false;
  std::chrono::steady_clock::time_point unsure_asked_{};
  std::optional<protocol::CaseInfo> case_;
  // Pickup: the person whose card was read, and the cases found.
  std::optional<std::string> id_number_;
  std::string id_masked_, name_masked_;
  std::vector<protocol::CaseInfo> found_;
  // The case to hand to an agent, while the reason is being chosen.
  std::optional<std::string> agent_for_;
  std::string entry_;  // a typed case number
  std::string last_paper_, print_note_;
};

}  // namespace hallq::caller
