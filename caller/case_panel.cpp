#include "caller/case_panel.hpp"

#include <algorithm>
#include <array>

#include "caller/receipts.hpp"
#include "core/domain/id_number.hpp"
#include "core/domain/ticket.hpp"
#include "core/ui/widgets.hpp"
#include "drivers/printer/preview.hpp"

namespace hallq::caller {

using protocol::CaseState;
using protocol::MaterialState;

namespace {

// Why someone collects for the applicant (代领): keys of caller_case.agent_reasons.
constexpr std::array<std::string_view, 4> kAgentReasons = {"entrusted", "family", "guardian", "company_staff"};

bool all_checked(const protocol::CaseInfo& c) {
  return std::none_of(c.materials.begin(), c.materials.end(), [](const protocol::MaterialInfo& m) {
    return m.state == MaterialState::pending || m.state == MaterialState::missing;
  });
}

bool any_missing(const protocol::CaseInfo& c) {
  return std::any_of(c.materials.begin(), c.materials.end(),
                     [](const protocol::MaterialInfo& m) { return m.state == MaterialState::missing; });
}

// 原件 → 复印件 → 缺 → 原件 (a material not yet looked at starts at 原件).
MaterialState next(MaterialState s) {
  switch (s) {
    case MaterialState::original:
      return MaterialState::copy;
    case MaterialState::copy:
      return MaterialState::missing;
    default:
      return MaterialState::original;
  }
}

}  // namespace

CasePanel::CasePanel(CasePanelContext context) : c_(std::move(context)) {}

CasePanel::~CasePanel() {
  forget_person();
}

bool CasePanel::pickup() const {
  const auto* w = c_.state.hall().window(window_);
  return w && w->kind == protocol::WindowKind::pickup;
}

std::string CasePanel::title() const {
  if (pickup()) return t("caller_case.pickup_title");
  return t("caller_case.title", {{"ticket", ticket_.value_or("")}});
}

std::string CasePanel::service_name(const std::string& code) const {
  const auto* s = c_.state.hall().service(code);
  return s ? s->names.in(c_.lang) : code;
}

void CasePanel::follow(int window, const std::optional<std::string>& ticket) {
  window_ = window;
  if (ticket == ticket_) return;
  ticket_ = ticket;
  open_key_ = net::new_request_key();
  forget_person();  // another citizen: the last one's card must not hand anything out
  case_.reset();
  unsure_ = false;
  print_note_.clear();
  if (!pickup()) found_.clear();
  if (ticket_) load();
}

void CasePanel::load() {
  loading_ = true;
  protocol::CasesRequest req;
  req.ticket = *ticket_;
  c_.client.request(req, [this, ticket = *ticket_](const protocol::Result<protocol::CasesReply>& reply) {
    loading_ = false;
    if (ticket_ != ticket || !reply) return;
    unsure_ = false;  // the server answered: what it has is what there is
    if (pickup()) {
      if (!id_number_) found_ = reply->cases;  // a card read since is the person at the window
      return;
    }
    // The visit's latest case that came in at a window (not one it collects).
    case_.reset();
    for (const auto& k : reply->cases)
      if (k.ticket == ticket) case_ = k;
  });
}

template <protocol::WireRequest Req>
void CasePanel::send(const Req& request, std::function<void(const typename Req::Reply&)> done,
                     std::function<void(protocol::Errc)> refused) {
  if (busy_) return;
  busy_ = true;
  c_.client.request(request, [this, done = std::move(done),
                              refused = std::move(refused)](const protocol::Result<typename Req::Reply>& reply) {
    busy_ = false;
    if (!reply) {
      c_.refused(Req::kOp, reply.failure().code);
      if (refused) refused(reply.failure().code);
      return;
    }
    done(reply.value());
  });
}

void CasePanel::cycle(std::size_t i) {
  if (!case_ || i >= case_->materials.size()) return;
  protocol::CaseMaterialsRequest req;
  req.window = window_;
  req.number = case_->number;
  for (const auto& m : case_->materials) req.materials.push_back(m.state);
  req.materials[i] = next(req.materials[i]);
  send(req, [this](const protocol::CaseReply& r) { case_ = r.case_; });
}

void CasePanel::print(const protocol::CaseInfo& k, bool notice) {
  if (!c_.devices || c_.devices->options().printer == "none" || !fonts_) {
    print_note_ = t("caller_case.no_printer");
    return;
  }
  const auto& profile = c_.devices->options().profile;
  PaperWords words{c_.zh, c_.mn};
  const std::string& day = c_.state.snapshot().day;
  bool training = c_.training && c_.training();
  auto receipt = notice ? supplement_notice(k, c_.state.hall(), words, *fonts_, profile, day, training)
                        : acceptance_receipt(k, c_.state.hall(), words, *fonts_, profile, day, training);
  auto job = printer::layout_receipt(receipt, profile);
  std::string label = std::string(notice ? "notice-" : "receipt-") + k.number;
  print_note_.clear();
  c_.devices->print(job, label, [this, job, width = profile.width_dots](const devices::PrintResult& r) {
    if (!r.printed) {
      print_note_ = t("caller_case.print_failed");
      c_.say(print_note_, true);
      return;
    }
    print_note_ = t("caller_case.printed");
    if (!r.file.empty()) {
      // The virtual printer: a picture of the paper next to its bytes.
      if (fonts_) printer::write_preview(job, width, printer::preview_path(r.file), *fonts_);
      last_paper_ = r.file;
    }
  });
}

void CasePanel::forget_person() {
  if (id_number_) devices::wipe(*id_number_);
  id_number_.reset();
  id_masked_.clear();
  name_masked_.clear();
  agent_for_.reset();  // the agent was the person whose card it was
}

void CasePanel::close() {
  forget_person();
  entry_.clear();
  if (pickup() && !ticket_) found_.clear();
}

void CasePanel::read_card() {
  if (!c_.read_card || reading_) return;
  reading_ = true;
  forget_person();
  c_.read_card([this](devices::CardResult r) {
    reading_ = false;
    if (r.cancelled) return;
    if (!r.card || r.error) {
      c_.say(t("caller_case.card_failed"), true);
      return;
    }
    id_number_ = r.card->number;
    id_masked_ = domain::mask_id_number(r.card->number);
    name_masked_ = domain::mask_name(r.card->name);
    devices::wipe(*r.card);
    send(protocol::CaseLookupRequest{*id_number_}, [this](const protocol::CasesReply& reply) { found_ = reply.cases; });
  });
}

void CasePanel::hand_out(const std::string& number, std::optional<std::string_view> agent_reason) {
  if (!id_number_) return;
  protocol::CasePickupRequest req;
  req.window = window_;
  req.number = number;
  req.id_number = *id_number_;
  std::string reason_shown;
  if (agent_reason) {
    const std::string key = "caller_case.agent_reasons." + std::string(*agent_reason);
    req.agent = true;
    // Recorded in Chinese whatever this screen's language: the case keeps the
    // text as given, and the day's pickup register prints it on a Chinese line.
    req.reason = c_.zh.get(key);
    reason_shown = t(key);
  }
  const bool agent = req.agent;
  send(
      req,
      [this, reason_shown](const protocol::CaseReply& r) {
        for (auto& f : found_)
          if (f.number == r.case_.number) f = r.case_;
        agent_for_.reset();
        if (r.case_.agent_id_masked)
          c_.say(t("caller_case.done_pickup_agent",
                   {{"number", r.case_.number}, {"id", *r.case_.agent_id_masked}, {"reason", reason_shown}}),
                 false);
        else
          c_.say(t("caller_case.done_pickup", {{"number", r.case_.number}}), false);
      },
      [this, number, agent](protocol::Errc code) {
        // Not the applicant's card: it may be someone collecting for them.
        if (!agent && code == protocol::Errc::identity_mismatch) agent_for_ = number;
      });
  devices::wipe(req.id_number);
}

void CasePanel::draw(ui::Ui& ui, ui::Rect body) {
  fonts_ = &ui.fonts();
  if (pickup())
    draw_pickup(ui, body);
  else
    draw_window(ui, body);
}

void CasePanel::draw_window(ui::Ui& ui, ui::Rect body) {
  const auto& th = ui.theme();
  const int line_h = th.px(52), gap = th.px(12);
  if (unsure_ && !loading_ && std::chrono::steady_clock::now() - unsure_asked_ >= std::chrono::seconds(2)) {
    unsure_asked_ = std::chrono::steady_clock::now();
    load();
  }
  if ((loading_ || unsure_) && !case_) {
    ui.text(body, t(unsure_ ? "caller_case.checking" : "caller_case.loading"),
            {th.px(34), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
    return;
  }
  if (!case_) {
    ui.text({body.x, body.y, body.w, body.h / 3}, t("caller_case.no_case", {{"ticket", ticket_.value_or("")}}),
            {th.px(36), false, th.dim, ui::HAlign::center, ui::VAlign::middle});
    ui::Rect b{body.x + body.w / 4, body.y + body.h / 3, body.w / 2, th.px(110)};
    if (ui.button("case.open", b, t("caller_case.open"), {}, !busy_ && ticket_.has_value(), th.go)) {
      protocol::CaseOpenRequest req;
      req.window = window_;
      req.request_key = open_key_;
      send(
          req,
          [this](const protocol::CaseReply& r) {
            case_ = r.case_;
            c_.say(t("caller_case.done_open", {{"number", case_->number}}), false);
          },
          [this](protocol::Errc code) {
            if (code != protocol::Errc::timeout && code != protocol::Errc::offline) return;
            unsure_ = true;
            unsure_asked_ = std::chrono::steady_clock::now();
          });
    }
    return;
  }
  const auto& k = *case_;
  // The case: number, state, promised date.
  std::string head = t("caller_case.case_line", {{"number", k.number}}) + "    " +
                     t("caller_case.state", {{"state", t("case.states." + std::string(to_string(k.state)))}});
  if (k.due) head += "    " + t("caller_case.due", {{"date", *k.due}});
  ui.text({body.x, body.y, body.w, line_h}, head, {th.px(32), true, th.text, ui::HAlign::left, ui::VAlign::middle});
  int y = body.y + line_h + gap;
  const bool editable = k.state == CaseState::received || k.state == CaseState::supplement_requested;

  // The materials: tap to cycle.
  ui.text({body.x, y, body.w, th.px(40)},
          k.materials.empty() ? t("caller_case.no_materials") : t("caller_case.materials"),
          {th.px(28), false, th.dim, ui::HAlign::left, ui::VAlign::middle});
  y += th.px(44);
  const int actions_h = th.px(100), note_h = th.px(44);
  ui::Rect list{body.x, y, body.w, body.y + body.h - y - actions_h - note_h - 2 * gap};
  auto grid = ui::Grid::of(list, static_cast<int>(k.materials.size()), 2, gap, th.px(96));
  for (std::size_t i = 0; i < k.materials.size(); ++i) {
    const auto& m = k.materials[i];
    std::optional<std::uint32_t> colour;
    if (m.state == MaterialState::missing) colour = 0xFFB3261E;
    if (m.state == MaterialState::original || m.state == MaterialState::copy) colour = th.go;
    std::string label = m.names.in(c_.lang) + " · " + t("case.materials." + std::string(to_string(m.state)));
    if (ui.button("case.material." + std::to_string(i), grid.cell(static_cast<int>(i)), label, {}, editable && !busy_,
                  colour))
      cycle(i);
  }

  // What the print did.
  ui.text({body.x, body.y + body.h - actions_h - note_h - gap, body.w, note_h}, print_note_,
          {th.px(28), false, th.dim, ui::HAlign::left, ui::VAlign::middle});

  // The decisions.
  ui::Rect row{body.x, body.y + body.h - actions_h, body.w, actions_h};
  int bw = (row.w - 2 * gap) / 3;
  auto cell = [&](int i) { return ui::Rect{row.x + i * (bw + gap), row.y, bw, row.h}; };
  const bool received = k.state == CaseState::received;
  if (ui.button("case.supplement", cell(0), t("caller_case.supplement"), {}, !busy_ && received && any_missing(k),
                0xFFB3261E))
    send(protocol::CaseSupplementRequest{window_, k.number}, [this](const protocol::CaseReply& r) {
      case_ = r.case_;
      c_.say(t("caller_case.done_supplement", {{"code", case_->supplement_code.value_or("")}}), false);
      print(*case_, true);
    });
  if (ui.button("case.accept", cell(1), t("caller_case.accept"), {}, !busy_ && received && all_checked(k), th.go))
    send(protocol::CaseAcceptRequest{window_, k.number}, [this](const protocol::CaseReply& r) {
      case_ = r.case_;
      c_.say(case_->due ? t("caller_case.done_accept", {{"number", case_->number}, {"due", *case_->due}})
                        : t("caller_case.done_accept_nodue", {{"number", case_->number}}),
             false);
      print(*case_, false);
    });
  bool decidable = (received || k.state == CaseState::accepted) && all_checked(k);
  if (ui.button("case.decide", cell(2), t("caller_case.decide"), {}, !busy_ && decidable))
    send(protocol::CaseDecideRequest{window_, k.number}, [this](const protocol::CaseReply& r) {
      case_ = r.case_;
      c_.say(t("caller_case.done_decide", {{"number", case_->number}}), false);
    });
}

void CasePanel::draw_pickup(ui::Ui& ui, ui::Rect body) {
  const auto& th = ui.theme();
  const int row_h = th.px(84), gap = th.px(12);
  // The person: read their card, or type a case number.
  int bw = body.w * 30 / 100;
  ui::Rect card{body.x, body.y, bw, row_h};
  if (ui.button("case.read_card", card, reading_ ? t("caller_case.reading_card") : t("caller_case.read_card"), {},
                c_.read_card && !reading_ && !busy_))
    read_card();
  std::string who = id_number_ ? t("caller_case.card_person", {{"name", name_masked_}, {"id", id_masked_}})
                               : t("caller_case.need_card");
  ui.text({card.x + card.w + gap, body.y, body.w - card.w - gap, row_h}, who,
          {th.px(30), id_number_.has_value(), id_number_ ? th.text : th.dim, ui::HAlign::left, ui::VAlign::middle});

  int y = body.y + row_h + gap;
  ui.text({body.x, y, bw, row_h}, t("caller_case.case_number"),
          {th.px(28), false, th.dim, ui::HAlign::left, ui::VAlign::middle});
  ui::Rect field{body.x + bw + gap, y, body.w - 2 * bw - 2 * gap, row_h};
  ui::Rect find{field.x + field.w + gap, y, bw, row_h};
  bool submit = ui::code_entry(ui, field, entry_, {.max_len = 24, .letters = true, .also = "-"}, th.px(40),
                               std::nullopt, {}, !busy_);
  if ((ui.button("case.find", find, t("caller_case.find"), {}, !busy_ && !entry_.empty()) || submit) &&
      !entry_.empty()) {
    std::string number = entry_;
    send(protocol::CaseStatusRequest{number}, [this](const protocol::CaseReply& r) { found_ = {r.case_}; });
  }

  // An agent collects: their reason, instead of the list.
  y += row_h + gap;
  if (agent_for_) {
    auto k = std::find_if(found_.begin(), found_.end(), [&](const protocol::CaseInfo& f) {
      return f.number == *agent_for_ && f.state == CaseState::ready_for_pickup;
    });
    if (k != found_.end() && id_number_) {
      draw_agent(ui, {body.x, y, body.w, body.y + body.h - y}, *k);
      return;
    }
    agent_for_.reset();
  }

  // The cases.
  ui.text({body.x, y, body.w, th.px(44)}, found_.empty() ? t("caller_case.none_ready") : t("caller_case.ready_cases"),
          {th.px(30), true, th.dim, ui::HAlign::left, ui::VAlign::middle});
  y += th.px(48);
  const int line_h = th.px(76);
  for (std::size_t i = 0; i < found_.size() && y + line_h <= body.y + body.h; ++i, y += line_h + th.px(6)) {
    const auto& k = found_[i];
    ui.fill({body.x, y, body.w, line_h}, i % 2 ? th.panel : th.panel_alt);
    std::string text = k.number + "  " + service_name(k.service) + "  " +
                       t("case.states." + std::string(to_string(k.state))) + "  " + k.name_masked.value_or("");
    // 代领 and 发放 side by side at the row's end.
    const int button_w = bw * 3 / 4;
    ui.text({body.x + th.px(10), y, body.w - 2 * button_w - gap - th.px(20), line_h}, text,
            {th.px(28), false, th.text, ui::HAlign::left, ui::VAlign::middle});
    const bool can_hand_out = k.state == CaseState::ready_for_pickup && id_number_ && !busy_;
    if (ui.button("case.agent." + k.number, {body.x + body.w - 2 * button_w - gap, y, button_w, line_h},
                  t("caller_case.agent"), {}, can_hand_out))
      agent_for_ = k.number;
    if (ui.button("case.hand_out." + k.number, {body.x + body.w - button_w, y, button_w, line_h},
                  t("caller_case.hand_out"), {}, can_hand_out, th.go))
      hand_out(k.number);
  }
}

void CasePanel::draw_agent(ui::Ui& ui, ui::Rect r, const protocol::CaseInfo& k) {
  const auto& th = ui.theme();
  const int line_h = th.px(48), gap = th.px(12), button_h = th.px(84);
  std::string head = t("caller_case.agent_title", {{"number", k.number}}) + "  " + service_name(k.service) + "  " +
                     k.name_masked.value_or("");
  ui.text({r.x, r.y, r.w, line_h}, head, {th.px(32), true, th.text, ui::HAlign::left, ui::VAlign::middle});
  ui.text({r.x, r.y + line_h, r.w, line_h}, t("caller_case.agent_who", {{"name", name_masked_}, {"id", id_masked_}}),
          {th.px(30), false, th.text, ui::HAlign::left, ui::VAlign::middle});
  ui.text({r.x, r.y + 2 * line_h, r.w, line_h}, t("caller_case.agent_hint"),
          {th.px(28), false, th.dim, ui::HAlign::left, ui::VAlign::middle});
  const int top = r.y + 3 * line_h + gap;
  ui::Rect back{r.x + r.w * 70 / 100, r.y + r.h - button_h, r.w * 30 / 100, button_h};
  auto grid =
      ui::Grid::of({r.x, top, r.w, back.y - gap - top}, static_cast<int>(kAgentReasons.size()), 2, gap, th.px(96));
  for (std::size_t i = 0; i < kAgentReasons.size(); ++i) {
    const std::string key(kAgentReasons[i]);
    if (ui.button("case.agent_reason." + key, grid.cell(static_cast<int>(i)), t("caller_case.agent_reasons." + key), {},
                  !busy_, th.go))
      hand_out(k.number, key);
  }
  if (ui.button("case.agent_back", back, t("caller_case.agent_back"), {}, !busy_)) agent_for_.reset();
}

}  // namespace hallq::caller
