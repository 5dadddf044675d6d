#include "caller/caller_app.hpp"

#include <SDL.h>

#include <algorithm>

#include "core/config/alarm_text.hpp"
#include "core/ui/error_text.hpp"
#include "core/ui/terminal.hpp"
#include "core/ui/widgets.hpp"

namespace hallq::caller {

using protocol::WindowState;

namespace {
constexpr int kWaitingLimit = 50;          // rows asked for; more shows as "50+"
constexpr double kRefreshEvery = 0.5;      // s between list refreshes at most
constexpr double kOkMessageSeconds = 8.0;  // a success message then gives way to the key hints

}  // namespace

CallerApp::CallerApp(boost::asio::io_context& ctx, Options options)
    : options_(std::move(options)),
      tr_(config::Translations::load(options_.assets + "/i18n", options_.lang)),
      zh_(config::Translations::load(options_.assets + "/i18n", "zh")),
      mn_(config::Translations::load(options_.assets + "/i18n", "mn")) {
  // ratings: the hall's figures moved, so the clerk's own may have (the rating strip asks again).
  options_.client.topics = {protocol::Topic::calls, protocol::Topic::queues, protocol::Topic::windows,
                            protocol::Topic::ratings};
  client_ = std::make_unique<net::HallClient>(ctx, options_.client);
  if (options_.devices.printer != "none" || options_.devices.reader != "none")
    devices_ = std::make_unique<devices::Devices>(ctx, options_.devices);
  CardSource read_card = options_.read_card;
  if (!read_card && devices_ && options_.devices.reader != "none")
    read_card = [this](std::function<void(devices::CardResult)> done) { devices_->read_card(std::move(done)); };
  case_panel_ = std::make_unique<CasePanel>(CasePanelContext{
      *client_, state_, tr_, zh_, mn_, options_.lang, devices_.get(), std::move(read_card),
      [this](std::string text, bool error) { say(std::move(text), error); },
      [this](std::string_view op, protocol::Errc code) { refused(op, code); }, [this] { return training_; }});
  rating_panel_ = std::make_unique<RatingPanel>(*client_, tr_);
  client_->on_sync = [this](const protocol::HelloReply& hello, const protocol::HallInfo& hall,
                            const protocol::Snapshot& snap) {
    state_.reset(hall, snap);
    clock_.sync(snap.now);
    window_ = options_.window > 0 ? options_.window : hello.window.value_or(0);
    synced_ = true;
    training_ = hello.training;
    busy_ = false;
    lists_dirty_ = true;
    lists_loaded_ = false;
    lists_at_ = -1e9;
    current_wanted_.clear();
    rating_panel_->changed();
    if (message_lost_) message_.clear();  // the server answers again: "服务器无响应" is no longer true
  };
  client_->on_event = [this](const protocol::Event& e) {
    state_.apply(e);
    auto* w = std::get_if<protocol::WindowEvent>(&e);
    if (std::holds_alternative<protocol::QueueEvent>(e) || std::holds_alternative<protocol::CalledEvent>(e) ||
        (w && w->window.number == window_))
      lists_dirty_ = true;
    if (std::holds_alternative<protocol::RatingsEvent>(e) || std::holds_alternative<protocol::DayEvent>(e))
      rating_panel_->changed();
  };
  client_->start();
}

CallerApp::~CallerApp() = default;

ui::TrainingMark CallerApp::training_mark() const {
  if (!training_) return {};
  return {t("common.training"), ""};
}

bool CallerApp::live() const {
  if (!synced_ || client_->state() != net::HallClient::State::online || window_ <= 0) return false;
  // Complete once what the screen shows has arrived: the lists, and the
  // served ticket's details.
  const auto* w = state_.window(window_);
  if (!w || w->state == WindowState::closed) return w != nullptr;
  return lists_loaded_ && (!w->current || (current_ && current_->number == *w->current)) &&
         rating_panel_->answered(w->clerk.value_or(""));
}

std::string CallerApp::duration(std::int64_t s) const {
  return config::duration_text(tr_, s);
}

std::string CallerApp::service_name(const std::string& code) const {
  const auto* s = state_.hall().service(code);
  return s ? name(s->names) : code;
}

std::string CallerApp::window_name(int number) const {
  const auto* w = state_.hall().window(number);
  return w ? name(w->names) : t("caller.window", {{"n", std::to_string(number)}});
}

void CallerApp::say(std::string text, bool error) {
  message_ = std::move(text);
  message_error_ = error;
  message_lost_ = false;
  message_at_ = now_;
}

void CallerApp::refused(std::string_view op, protocol::Errc code) {
  say(ui::error_text(tr_, op, to_string(code)), true);
  message_lost_ = code == protocol::Errc::timeout || code == protocol::Errc::offline;
}

void CallerApp::follow_current(const protocol::WindowInfo& w) {
  if (!w.current) {
    current_.reset();
    return;
  }
  if ((current_ && current_->number == *w.current) || current_wanted_ == *w.current) return;
  current_wanted_ = *w.current;
  client_->request(protocol::StatusRequest{*w.current}, [this](const protocol::Result<protocol::TicketReply>& reply) {
    if (reply && reply->ticket.number == current_wanted_) current_ = reply->ticket;
    current_wanted_.clear();
  });
}

void CallerApp::refresh(double now) {
  if (!lists_dirty_ || lists_loading_ || now - lists_at_ < kRefreshEvery) return;
  lists_dirty_ = false;
  lists_loading_ = true;
  lists_at_ = now;
  client_->request(protocol::WaitingRequest{window_, kWaitingLimit},
                   [this](const protocol::Result<protocol::WaitingReply>& reply) {
                     lists_loading_ = false;
                     if (!reply) return;
                     lists_loaded_ = true;
                     waiting_ = reply->tickets;
                     waiting_more_ = static_cast<int>(waiting_.size()) >= kWaitingLimit;
                   });
  const auto* w = state_.window(window_);
  if (!w || !w->clerk) return;
  client_->request(protocol::StatsRequest{}, [this, clerk = *w->clerk](const protocol::Result<protocol::Stats>& reply) {
    if (!reply) return;
    served_today_ = 0;
    service_mean_s_ = 0;
    for (const auto& row : reply->clerks)
      if (row.key == clerk) {
        served_today_ = row.served;
        service_mean_s_ = row.service_mean_s;
      }
  });
}

// ---- frame ----------------------------------------------------------------

void CallerApp::frame(ui::Ui& ui, const ui::Input& input) {
  now_ = ui.now();
  if (!synced_ || client_->state() != net::HallClient::State::online) {
    if (auto hint = ui::version_mismatch_hint(*client_, tr_); !hint.empty())
      ui::draw_connection_lost(ui, t("common.version_mismatch"), "", hint, t("common.retrying_later"));
    else {
      ui::draw_connection_lost(ui, t("common.connection_lost"), "", t("caller.offline"), t("common.reconnecting"));
      draw_offline_current(ui);  // not for a server of another version: nothing it said is known
    }
    return;
  }
  const auto& th = ui.theme();
  if (window_ <= 0) {
    ui.clear(th.background);
    ui.text({0, 0, ui.width(), ui.height()}, t("caller.no_window"),
            {th.px(40), true, th.alarm, ui::HAlign::center, ui::VAlign::middle});
    return;
  }
  const auto* w = state_.window(window_);
  if (!w) {
    ui.clear(th.background);
    ui.text({0, 0, ui.width(), ui.height()}, t("caller.window", {{"n", std::to_string(window_)}}) + " ?",
            {th.px(60), true, th.alarm, ui::HAlign::center, ui::VAlign::middle});
    return;
  }
  // Before the login screen too: a clerk who logged out leaves no figures behind, and no error
  // of theirs for the next clerk to read.
  rating_panel_->follow(window_, w->clerk.value_or(""), now_);
  if (w->clerk.value_or("") != clerk_seen_) {
    clerk_seen_ = w->clerk.value_or("");
    if (message_error_ && !message_lost_) message_.clear();
  }
  if (w->state == WindowState::closed) {
    if (dialog_ != Dialog::pin) dialog_ = Dialog::clerks;
    current_.reset();
    draw_login(ui, input);
    return;
  }
  if (dialog_ == Dialog::clerks || dialog_ == Dialog::pin) {
    dialog_ = Dialog::none;
    entry_.clear();
  }
  follow_current(*w);
  refresh(now_);
  case_panel_->follow(window_, w->current);
  draw_main(ui, input, *w);
}

// ---- login ----------------------------------------------------------------

void CallerApp::draw_login(ui::Ui& ui, const ui::Input& input) {
  const auto& th = ui.theme();
  const int W = ui.width(), H = ui.height(), pad = th.px(24);
  ui.clear(th.background);
  ui.fill({0, 0, W, th.px(110)}, th.panel);
  ui.text({pad, 0, W / 2, th.px(110)}, window_name(window_),
          {th.px(52), true, th.text, ui::HAlign::left, ui::VAlign::middle});
  ui.text({W / 2, 0, W / 2 - pad, th.px(110)}, t("caller.title"),
          {th.px(36), false, th.dim, ui::HAlign::right, ui::VAlign::middle});
  ui::Rect body{pad, th.px(110) + pad, W - 2 * pad, H - th.px(110) - th.px(90) - 2 * pad};
  draw_footer(ui, {0, H - th.px(90), W, th.px(90)}, "caller.login_hint");

  if (dialog_ == Dialog::clerks) {
    ui.text({body.x, body.y, body.w, th.px(70)}, t("caller.choose_clerk"),
            {th.px(44), true, th.text, ui::HAlign::center, ui::VAlign::middle});
    const auto& clerks = state_.hall().clerks;
    int top = body.y + th.px(90);
    auto grid = ui::Grid::of({body.x, top, body.w, body.y + body.h - top}, static_cast<int>(clerks.size()), 4,
                             th.px(16), th.px(150));
    int px = std::min(th.px(44), grid.cell_h() * 40 / 100);
    for (std::size_t i = 0; i < clerks.size(); ++i) {
      const auto& c = clerks[i];
      if (ui::tile(ui, "clerk." + c.id, grid.cell(static_cast<int>(i)), c.name, c.id, {}, px)) {
        chosen_clerk_ = c.id;
        entry_.clear();
        dialog_ = Dialog::pin;
        message_.clear();
      }
    }
    return;
  }

  // PIN entry for the chosen clerk.
  const auto* clerk = state_.hall().clerk(chosen_clerk_);
  std::string who = clerk ? clerk->name : chosen_clerk_;
  ui.text({body.x, body.y, body.w, th.px(70)}, t("caller.pin", {{"name", who}}),
          {th.px(44), true, th.text, ui::HAlign::center, ui::VAlign::middle});
  int pw = std::min(body.w, th.px(620));
  ui::Rect field{body.x + (body.w - pw) / 2, body.y + th.px(84), pw, th.px(90)};
  ui::Rect pad_r{field.x, field.y + field.h + th.px(20), pw, body.y + body.h - field.y - field.h - th.px(20)};
  std::string clear = t("caller.clear"), ok = t("caller.ok");
  std::vector<std::string> keys = {"1", "2", "3", "4", "5", "6", "7", "8", "9", clear, "0", ok};
  auto key = ui::keypad(ui, "pin", pad_r, keys, 3, !busy_);
  ui::Rect back{body.x, body.y, th.px(200), th.px(70)};
  if (ui.button("back", back, t("caller.back"), "Esc") || input.key(SDLK_ESCAPE)) {
    dialog_ = Dialog::clerks;
    entry_.clear();
    return;
  }
  if (ui::code_entry(ui, field, entry_, {.max_len = 12, .secret = true}, th.px(48), key, {.clear = clear, .ok = ok},
                     !busy_)) {
    std::string pin = entry_;
    entry_.clear();
    act(protocol::LoginRequest{0, chosen_clerk_, pin}, [this, who](const protocol::WindowReply&) {
      dialog_ = Dialog::none;
      say(t("caller.done_login", {{"name", who}}), false);
    });
  }
}

// ---- main screen ----------------------------------------------------------

void CallerApp::draw_main(ui::Ui& ui, const ui::Input& input, const protocol::WindowInfo& w) {
  const auto& th = ui.theme();
  const int W = ui.width(), H = ui.height(), pad = th.px(18);
  ui.clear(th.background);

  // Top bar: the window, the clerk and the state; logout.
  const int top_h = th.px(110), foot_h = th.px(90);
  ui.fill({0, 0, W, top_h}, th.panel);
  ui.text({pad, 0, W * 40 / 100, top_h}, window_name(window_),
          {th.px(52), true, th.text, ui::HAlign::left, ui::VAlign::middle});
  std::string state = t("display." + std::string(to_string(w.state)));
  if (w.state == WindowState::paused) {
    state = t("caller.paused", {{"reason", config::pause_reason_text(tr_, w.reason.value_or(""))}});
  }
  std::uint32_t state_colour = w.state == WindowState::serving  ? th.good
                               : w.state == WindowState::paused ? th.warn
                                                                : th.button_hot;
  // The clerk, and under it the window's state.
  ui::bilingual(ui, {W * 40 / 100, th.px(8), W * 36 / 100, top_h - th.px(16)}, w.clerk_name.value_or(""), state,
                {.px = th.px(38),
                 .second_px = th.px(32),
                 .bold = true,
                 .argb = th.text,
                 .second_argb = state_colour,
                 .split = 50,
                 .second_bold = true});
  bool serving = w.current.has_value();
  ui::Rect logout{W - pad - th.px(220), th.px(18), th.px(220), top_h - th.px(36)};
  if (ui.button("logout", logout, t("caller.logout"), {}, !busy_ && !serving && dialog_ == Dialog::none))
    act(protocol::LogoutRequest{}, [this](const protocol::WindowReply&) { say(t("caller.done_logout"), false); });

  // The clerk's 好差评 of the day, a strip above the footer.
  const int ratings_h = th.px(140);
  ui::Rect body{pad, top_h + pad, W - 2 * pad, H - top_h - foot_h - ratings_h - 3 * pad};
  rating_panel_->draw(ui, {pad, body.y + body.h + pad, W - 2 * pad, ratings_h});
  int left_w = body.w * 62 / 100;
  ui::Rect current{body.x, body.y, left_w, body.h * 44 / 100};
  ui::Rect actions{body.x, current.y + current.h + pad, left_w, body.h - current.h - pad};
  ui::Rect queue{body.x + left_w + pad, body.y, body.w - left_w - pad, body.h};
  draw_current(ui, current, w);
  draw_actions(ui, actions, w);
  draw_queue(ui, queue);
  draw_footer(ui, {0, H - foot_h, W, foot_h}, "caller.keys");

  switch (dialog_) {
    case Dialog::transfer:
      draw_transfer(ui);
      break;
    case Dialog::pause:
      draw_pause(ui);
      break;
    case Dialog::call_number:
      draw_call_number(ui);
      break;
    case Dialog::case_panel:
      draw_case_panel(ui);
      break;
    default:
      shortcuts(input, w);
      break;
  }
  if (dialog_ != Dialog::none && input.key(SDLK_ESCAPE)) {
    dialog_ = Dialog::none;
    entry_.clear();
  }
  if (case_panel_open_ && dialog_ != Dialog::case_panel) case_panel_->close();
  case_panel_open_ = dialog_ == Dialog::case_panel;
}

bool CallerApp::can(Action a, const protocol::WindowInfo& w) const {
  if (busy_) return false;
  if (auto it = last_action_.find(a); it != last_action_.end() && now_ - it->second < options_.repeat_guard_s)
    return false;
  const bool serving = w.current.has_value(), paused = w.state == WindowState::paused;
  switch (a) {
    case Action::call:
      return !paused;
    case Action::recall:
    case Action::finish:
    case Action::no_show:
    case Action::transfer:
      return serving;
    case Action::pause:
      return !paused && !serving;
    case Action::resume:
      return paused;
    case Action::call_number:
      return !paused;
    case Action::case_panel: {
      // At a pickup window results go out with or without a ticket.
      const auto* hw = state_.hall().window(window_);
      return serving || (hw && hw->kind == protocol::WindowKind::pickup);
    }
  }
  return false;
}

void CallerApp::trigger(Action a) {
  last_action_[a] = now_;
  auto called = [this](const char* done_key) {
    return [this, done_key](const protocol::TicketReply& r) {
      current_ = r.ticket;
      say(t(done_key, {{"number", current_->number}}), false);
    };
  };
  auto ended = [this](const char* done_key) {
    return [this, done_key](const protocol::TicketReply& r) {
      say(t(done_key, {{"number", r.ticket.number}}), false);
      current_.reset();
    };
  };
  switch (a) {
    case Action::call:
      act(protocol::CallRequest{}, called("caller.done_call"));
      break;
    case Action::recall:
      act(protocol::RecallRequest{}, called("caller.done_recall"));
      break;
    case Action::finish:
      act(protocol::FinishRequest{}, ended("caller.done_finish"));
      break;
    case Action::no_show:
      act(protocol::NoShowRequest{}, ended("caller.done_no_show"));
      break;
    case Action::transfer:
      dialog_ = Dialog::transfer;
      break;
    case Action::pause:
      dialog_ = Dialog::pause;
      break;
    case Action::resume:
      act(protocol::ResumeRequest{}, [this](const protocol::WindowReply&) { say(t("caller.done_resume"), false); });
      break;
    case Action::call_number:
      entry_.clear();
      dialog_ = Dialog::call_number;
      break;
    case Action::case_panel:
      dialog_ = Dialog::case_panel;
      break;
  }
}

void CallerApp::draw_actions(ui::Ui& ui, ui::Rect r, const protocol::WindowInfo& w) {
  const auto& th = ui.theme();
  const bool modal = dialog_ != Dialog::none;
  int gap = th.px(14);
  int bw = (r.w - 2 * gap) / 3, bh = (r.h - 2 * gap) / 3;
  auto cell = [&](int col, int row, int span = 1) {
    return ui::Rect{r.x + col * (bw + gap), r.y + row * (bh + gap), bw * span + gap * (span - 1), bh};
  };
  struct Button {
    Action action;
    const char* id;
    const char* label;
    const char* key;
    ui::Rect at;
  };
  bool paused = w.state == WindowState::paused;
  const Button buttons[] = {
      {Action::call, "call_next", "caller.call_next", "Space", cell(0, 0, 2)},
      {Action::recall, "recall", "caller.recall", "R", cell(2, 0)},
      {Action::finish, "finish", "caller.finish", "F", cell(0, 1)},
      {Action::no_show, "no_show", "caller.no_show", "N", cell(1, 1)},
      {Action::transfer, "transfer", "caller.transfer", "T", cell(2, 1)},
      paused ? Button{Action::resume, "resume", "caller.resume", "P", cell(0, 2)}
             : Button{Action::pause, "pause", "caller.pause", "P", cell(0, 2)},
      {Action::call_number, "call_number", "caller.call_number", "C", cell(1, 2)},
      {Action::case_panel, "case", "caller_case.button", "K", cell(2, 2)},
  };
  for (const auto& b : buttons) {
    std::optional<std::uint32_t> colour;
    if (b.action == Action::call) colour = th.go;
    if (ui.button(b.id, b.at, t(b.label), b.key, !modal && can(b.action, w), colour)) trigger(b.action);
  }
}

void CallerApp::shortcuts(const ui::Input& input, const protocol::WindowInfo& w) {
  for (const auto& k : input.keys) {
    if (k.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) continue;
    std::optional<Action> a;
    switch (k.sym) {
      case SDLK_SPACE:
        a = Action::call;
        break;
      case SDLK_r:
        a = Action::recall;
        break;
      case SDLK_f:
        a = Action::finish;
        break;
      case SDLK_n:
        a = Action::no_show;
        break;
      case SDLK_t:
        a = Action::transfer;
        break;
      case SDLK_p:
        a = w.state == WindowState::paused ? Action::resume : Action::pause;
        break;
      case SDLK_c:
        a = Action::call_number;
        break;
      case SDLK_k:
        a = Action::case_panel;
        break;
      default:
        break;
    }
    if (a && can(*a, w)) {
      trigger(*a);
      return;  // one action per frame
    }
  }
}

void CallerApp::draw_footer(ui::Ui& ui, ui::Rect r, const char* hint_key) {
  const auto& th = ui.theme();
  bool show = !message_.empty() && (message_error_ || now_ - message_at_ < kOkMessageSeconds);
  if (busy_) {
    ui.fill(r, th.panel);
    ui.text(r.inset(th.px(10)), t("caller.busy"), {th.px(32), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  } else if (show) {
    ui.fill(r, message_error_ ? th.alarm : th.panel);
    ui.text(r.inset(th.px(10)), message_,
            {th.px(36), true, message_error_ ? th.text : th.good, ui::HAlign::center, ui::VAlign::middle});
  } else {
    ui.fill(r, th.panel);
    ui.text(r.inset(th.px(10)), t(hint_key), {th.px(26), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
  }
}

}  // namespace hallq::caller
