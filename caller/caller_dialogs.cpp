// The caller's dialogs over the main screen: transfer to a service or a window, the pause's reason,
// calling a number typed on the keypad, and the frame the case panel opens in (caller_app.hpp).
#include "caller/caller_app.hpp"

#include "core/ui/widgets.hpp"

namespace hallq::caller {

ui::Rect CallerApp::dialog_panel(ui::Ui& ui, const std::string& title, int w_percent, int h_percent) {
  const auto& th = ui.theme();
  const int W = ui.width(), H = ui.height();
  ui.fill({0, 0, W, H}, 0xC0000000);
  ui::Rect p{W * (100 - w_percent) / 200, H * (100 - h_percent) / 200, W * w_percent / 100, H * h_percent / 100};
  ui.fill(p, th.panel);
  ui.outline(p, th.accent, th.px(3));
  ui.text({p.x + th.px(20), p.y, p.w - th.px(280), th.px(86)}, title,
          {th.px(40), true, th.text, ui::HAlign::left, ui::VAlign::middle});
  if (ui.button("cancel", {p.x + p.w - th.px(240), p.y + th.px(14), th.px(220), th.px(64)}, t("caller.cancel"),
                "Esc")) {
    dialog_ = Dialog::none;
    entry_.clear();
  }
  return {p.x + th.px(20), p.y + th.px(96), p.w - th.px(40), p.h - th.px(116)};
}

void CallerApp::draw_transfer(ui::Ui& ui) {
  const auto& th = ui.theme();
  std::string number = current_ ? current_->number : "";
  ui::Rect body = dialog_panel(ui, t("caller.transfer_title", {{"number", number}}), 90, 86);
  if (dialog_ != Dialog::transfer) return;
  const auto& hall = state_.hall();
  auto grid = [&](int top, int count, int rows_h, auto&& each) {
    auto cells = ui::Grid::of({body.x, top, body.w, rows_h}, count, 4, th.px(12), th.px(84));
    for (int i = 0; i < count; ++i) each(i, cells.cell(i));
  };
  int half = (body.h - th.px(100)) / 2;
  ui.text({body.x, body.y, body.w, th.px(44)}, t("caller.to_service"),
          {th.px(30), true, th.dim, ui::HAlign::left, ui::VAlign::middle});
  grid(body.y + th.px(48), static_cast<int>(hall.services.size()), half, [&](int i, ui::Rect r) {
    const auto& s = hall.services[static_cast<std::size_t>(i)];
    bool own = current_ && current_->service == s.code;  // the server refuses its own service
    if (ui.button("transfer.service." + s.code, r, s.code + " " + name(s.names), {}, !busy_ && !own)) {
      std::string to = name(s.names);
      protocol::TransferRequest req;
      req.to_service = s.code;
      act(req, [this, to](const protocol::TicketReply& rep) {
        say(t("caller.done_transfer", {{"number", rep.ticket.number}, {"to", to}}), false);
        current_.reset();
      });
      dialog_ = Dialog::none;
    }
  });
  int wy = body.y + th.px(52) + half;
  ui.text({body.x, wy, body.w, th.px(44)}, t("caller.to_window"),
          {th.px(30), true, th.dim, ui::HAlign::left, ui::VAlign::middle});
  std::vector<const protocol::HallWindow*> others;
  for (const auto& w : hall.windows)
    if (w.number != window_) others.push_back(&w);
  grid(wy + th.px(48), static_cast<int>(others.size()), half, [&](int i, ui::Rect r) {
    const auto* w = others[static_cast<std::size_t>(i)];
    // A window nobody is at now takes the citizen only when it opens: said under its name.
    const auto* now = state_.window(w->number);
    std::string state = now && now->state == protocol::WindowState::closed ? t("display.closed") : "";
    if (ui.button("transfer.window." + std::to_string(w->number), r, name(w->names), state, !busy_)) {
      std::string to = name(w->names);
      protocol::TransferRequest req;
      req.to_window = w->number;
      act(req, [this, to](const protocol::TicketReply& rep) {
        say(t("caller.done_transfer", {{"number", rep.ticket.number}, {"to", to}}), false);
        current_.reset();
      });
      dialog_ = Dialog::none;
    }
  });
}

void CallerApp::draw_pause(ui::Ui& ui) {
  const auto& th = ui.theme();
  ui::Rect body = dialog_panel(ui, t("caller.choose_reason"), 70, 70);
  if (dialog_ != Dialog::pause) return;
  static const char* kReasons[] = {"lunch", "meeting", "break", "training", "other"};
  auto grid = ui::Grid::of(body, 5, 2, th.px(14), th.px(110));
  for (int i = 0; i < 5; ++i) {
    std::string key = kReasons[i];
    if (ui.button(std::string("pause.") + key, grid.cell(i), t("common.pause_reasons." + key), {}, !busy_)) {
      // The reason goes as its key: each screen shows it in its own languages.
      act(protocol::PauseRequest{0, key}, [this](const protocol::WindowReply&) { say(t("caller.done_pause"), false); });
      dialog_ = Dialog::none;
    }
  }
}

void CallerApp::draw_call_number(ui::Ui& ui) {
  const auto& th = ui.theme();
  ui::Rect body = dialog_panel(ui, t("caller.enter_number"), 70, 86);
  if (dialog_ != Dialog::call_number) return;
  ui::Rect field{body.x, body.y, body.w, th.px(100)};
  // Letters of the services this window serves, then digits.
  std::vector<std::string> letters;
  if (const auto* w = state_.hall().window(window_))
    for (const auto& [code, weight] : w->services) letters.push_back(code);
  if (letters.empty())
    for (const auto& s : state_.hall().services) letters.push_back(s.code);
  std::vector<std::string> keys = letters;
  while (keys.size() % 4 != 0) keys.push_back("");
  for (const char* d : {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}) keys.push_back(d);
  std::string clear = t("caller.clear"), ok = t("caller.ok");
  keys.push_back(clear);
  keys.push_back(ok);
  ui::Rect pad_r{body.x, field.y + field.h + th.px(16), body.w, body.y + body.h - field.y - field.h - th.px(16)};
  auto key = ui::keypad(ui, "number", pad_r, keys, 4, !busy_);  // blank keys pad the letters' row
  if (ui::code_entry(ui, field, entry_, {.max_len = 8, .letters = true}, th.px(70), key, {.clear = clear, .ok = ok},
                     !busy_)) {
    protocol::CallNumberRequest req{0, entry_};
    std::string number = entry_;
    entry_.clear();
    dialog_ = Dialog::none;
    act(
        req,
        [this](const protocol::TicketReply& r) {
          current_ = r.ticket;
          say(t("caller.done_call", {{"number", current_->number}}), false);
        },
        [this, number](protocol::Errc code) {
          if (code != protocol::Errc::invalid_state) return false;
          explain_uncallable(number);
          return true;
        });
  }
}

void CallerApp::explain_uncallable(const std::string& number) {
  // The general words first; the reason once the ticket's state is in.
  refused(protocol::CallNumberRequest::kOp, protocol::Errc::invalid_state);
  client_->request(protocol::StatusRequest{number}, [this](const protocol::Result<protocol::TicketReply>& reply) {
    if (!reply) return;
    const protocol::TicketInfo& tk = reply->ticket;
    std::string why;
    if (tk.state == protocol::TicketState::waiting && tk.target_window && *tk.target_window != window_)
      why = t("caller.number_for_window", {{"number", tk.number}, {"window", window_name(*tk.target_window)}});
    else if (tk.state == protocol::TicketState::waiting)
      why = t("caller.number_not_here", {{"number", tk.number}, {"service", service_name(tk.service)}});
    else if (tk.state == protocol::TicketState::called && tk.window)
      why = t("caller.number_elsewhere", {{"number", tk.number}, {"window", window_name(*tk.window)}});
    else
      why = t("caller.number_ended",
              {{"number", tk.number}, {"state", t("ticket.states." + std::string(to_string(tk.state)))}});
    say(why, true);
  });
}

void CallerApp::draw_case_panel(ui::Ui& ui) {
  ui::Rect body = dialog_panel(ui, case_panel_->title(), 90, 90);
  if (dialog_ != Dialog::case_panel) return;
  case_panel_->draw(ui, body);
}

}  // namespace hallq::caller
